"""Check that every quote in the knowledge base stands verbatim in the document it cites."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from advisor.model import KnowledgeBase, Source
from advisor.resources import resources_dir

_WHITESPACE = re.compile(r"\s+")


def normalise_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def all_citations(kb: KnowledgeBase) -> Iterator[tuple[str, Source]]:
    """Every (where, source) pair in the knowledge base."""
    for version in kb.versions.values():
        for name, source in version.clauses.items():
            yield f"versions.yaml: {version.id} clause {name}", source
    for category in kb.aup_categories.values():
        for version_id, source in category.texts.items():
            yield f"aup.yaml: {category.id} for {version_id}", source
            for line in category.lead_ins.get(version_id, ()):
                yield f"aup.yaml: {category.id} lead-in for {version_id}", source._replace(quote=line)
    for question in kb.questions:
        if question.source.source is not None:
            yield f"questions.yaml: {question.id}", question.source.source
    for rule in kb.rules:
        if rule.source.source is not None:
            yield f"rules.yaml: {rule.id}", rule.source.source


def missing_citations(kb: KnowledgeBase, root: Path | None = None) -> list[str]:
    """Descriptions of quotes that cannot be found in their document (empty = all found)."""
    folder = root or resources_dir()
    texts: dict[str, str] = {}
    problems: list[str] = []
    for where, source in all_citations(kb):
        if source.document not in texts:
            path = folder / kb.documents[source.document].file
            texts[source.document] = normalise_whitespace(path.read_text(encoding="utf-8"))
        if normalise_whitespace(source.quote) not in texts[source.document]:
            problems.append(f"{where}: quote not found in {source.document}: {source.quote[:80]!r}")
    return problems
