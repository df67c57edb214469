"""Check that every quote in the knowledge base stands verbatim in the document it cites."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from advisor.model import KnowledgeBase, Source
from advisor.resources import resources_dir
from advisor.rules.structure import YamlPath

_WHITESPACE = re.compile(r"\s+")


def normalise_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def all_citations(kb: KnowledgeBase) -> Iterator[tuple[str, Source]]:
    """Every (where, source) pair in the knowledge base."""
    for file, _path, where, source in _located_citations(kb):
        yield f"{file}: {where}", source


def _located_citations(kb: KnowledgeBase) -> Iterator[tuple[str, YamlPath, str, Source]]:
    """Every citation with its knowledge file and the YAML path of its quote there."""
    for version in kb.versions.values():
        for name, source in version.clauses.items():
            path: YamlPath = ("versions", version.id, "clauses", name, "quote")
            yield "versions.yaml", path, f"{version.id} clause {name}", source
    for index, category in enumerate(kb.aup_categories.values()):
        for version_id, source in category.texts.items():
            item: YamlPath = ("categories", index, "texts", version_id)
            yield "aup.yaml", (*item, "quote"), f"{category.id} for {version_id}", source
            for number, line in enumerate(category.lead_ins.get(version_id, ())):
                where = f"{category.id} lead-in for {version_id}"
                yield "aup.yaml", (*item, "lead_in", number), where, source._replace(quote=line)
    for index, question in enumerate(kb.questions):
        if question.source.source is not None:
            yield "questions.yaml", ("questions", index, "source", "quote"), question.id, question.source.source
    for index, rule in enumerate(kb.rules):
        if rule.source.source is not None:
            yield "rules.yaml", ("rules", index, "source", "quote"), rule.id, rule.source.source


def missing_citations(kb: KnowledgeBase, root: Path | None = None) -> list[str]:
    """Quotes that cannot be found in their document, each as ``file:line: what`` (empty = all found)."""
    folder = root or resources_dir()
    texts: dict[str, str] = {}
    problems: list[str] = []
    for file, path, where, source in _located_citations(kb):
        if source.document not in texts:
            document = folder / kb.documents[source.document].file
            texts[source.document] = normalise_whitespace(document.read_text(encoding="utf-8"))
        if normalise_whitespace(source.quote) not in texts[source.document]:
            knowledge_file = folder / "knowledge" / file
            line = _line_in(knowledge_file, path)
            problems.append(
                f"{knowledge_file}{f':{line}' if line else ''}: {where}: quote not found in {source.document}:"
                f" {source.quote[:80]!r}"
            )
    return problems


def _line_in(file: Path, path: YamlPath) -> int | None:
    from advisor.rules.yamlsource import line_of  # PyYAML only when a quote is missing

    try:
        return line_of(file.read_text(encoding="utf-8"), path)
    except (OSError, UnicodeDecodeError):
        return None
