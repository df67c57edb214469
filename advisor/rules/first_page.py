"""What the wizard's first page shows, read without loading the whole knowledge base.

The first page is painted before the knowledge base is loaded (start-up is measured), yet
its sentences are wording.yaml's and its list of versions is versions.yaml's. A build
reads both from the parsed snapshot (knowledge/parsed.json) while it is current; otherwise
just those two files are parsed. Whatever is wrong with them is left to the full load,
which names the file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from advisor.resources import resources_dir
from advisor.rules.snapshot import KNOWLEDGE_FILES, read_snapshot, sources_digest
from advisor.rules.structure import StructureError
from advisor.rules.wording import load_wording


class FirstPage(NamedTuple):
    wording: Mapping[str, str]  # wording.yaml, as KnowledgeBase.wording
    versions: tuple[str, ...]  # the versions' names, in versions.yaml's order


def first_page(root: Path | None = None) -> FirstPage:
    """The wording and the versions' names, from below root (default: the shipped resources)."""
    folder = (root or resources_dir()) / "knowledge"
    try:
        parsed = _parsed(folder)
        versions = tuple(str(entry["name"]) for entry in parsed["versions.yaml"]["versions"].values())
        return FirstPage(load_wording(parsed["wording.yaml"]), versions)
    except (OSError, ValueError, LookupError, TypeError, AttributeError, StructureError):
        from advisor.rules.loader import load_knowledge_base

        kb = load_knowledge_base(root)  # raises KnowledgeError (file:line) for what is wrong
        return FirstPage(kb.wording, tuple(facts.name for facts in kb.versions.values()))


def _parsed(folder: Path) -> Mapping[str, Any]:
    sources = [(name, (folder / name).read_bytes()) for name in KNOWLEDGE_FILES]
    snapshot = read_snapshot(folder, sources_digest(sources), KNOWLEDGE_FILES)
    if snapshot is not None:
        return snapshot
    from advisor.rules.yamlsource import YamlSyntaxError, parse_yaml

    data = dict(sources)
    try:
        return {name: parse_yaml(data[name].decode("utf-8")) for name in ("versions.yaml", "wording.yaml")}
    except YamlSyntaxError as exc:
        raise ValueError(str(exc)) from None
