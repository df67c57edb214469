"""Loading and validating the YAML knowledge base (questions, facts, rules).

The loader is imported on first use, so a light module of this package (the first page's
reader, advisor.rules.first_page) can be imported without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.rules.loader import KnowledgeError, load_knowledge_base

__all__ = ["KnowledgeError", "load_knowledge_base"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from advisor.rules import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
