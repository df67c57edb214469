"""Shared fixtures for the engine tests: the shipped knowledge base, loaded once."""

from __future__ import annotations

import pytest

from advisor.model import KnowledgeBase
from advisor.rules import load_knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The knowledge base shipped under resources/."""
    return load_knowledge_base()
