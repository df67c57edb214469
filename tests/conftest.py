"""Shared test set-up: Qt runs offscreen, and the shipped knowledge base is loaded once."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from advisor.model import KnowledgeBase
from advisor.rules import load_knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()
