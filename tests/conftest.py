"""Shared test set-up: Qt runs offscreen, and the shipped knowledge base is loaded once."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from advisor.model import KnowledgeBase  # noqa: E402
from advisor.rules import load_knowledge_base  # noqa: E402


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()
