"""What the wizard's first page shows, read without loading the whole knowledge base.

The first page is painted before the knowledge base is loaded (start-up is measured), yet
its sentences are wording.yaml's and its list of versions is versions.yaml's. A build
keeps both in the validated knowledge base it writes (knowledge/validated.marshal, read
with the interpreter's own marshal: no module to import, no record to build), then in the
parsed snapshot (knowledge/parsed.json); either is taken only while it is for these very
YAML files. Otherwise just those two files are parsed. Whatever is wrong with them is
left to the full load, which names the file and line.
"""

from __future__ import annotations

import marshal  # built in
from types import MappingProxyType

from advisor import __version__
from advisor.resources import resources_dir
from advisor.rules.snapshot import KNOWLEDGE_FILES, sources_digest

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only, and no NamedTuple to build: start-up is measured
    from collections.abc import Mapping
    from pathlib import Path
    from typing import Any

VALIDATED_NAME = "validated.marshal"  # advisor.rules.validated.VALIDATED_NAME (that module loads the model)
VALIDATED_MAGIC = "llama-advisor validated knowledge base"  # advisor.rules.validated.MAGIC
VALIDATED_FORMAT = 1  # advisor.rules.validated.FORMAT


class FirstPage:
    """The wording (wording.yaml, as KnowledgeBase.wording) and the versions' names, in versions.yaml's order."""

    __slots__ = ("versions", "wording")

    def __init__(self, wording: Mapping[str, str], versions: tuple[str, ...]) -> None:
        self.wording = wording
        self.versions = versions


def first_page(root: Path | None = None) -> FirstPage:
    """The wording and the versions' names, from below root (default: the shipped resources)."""
    folder = (root or resources_dir()) / "knowledge"
    try:
        sources = [(name, (folder / name).read_bytes()) for name in KNOWLEDGE_FILES]
        digest = sources_digest(sources)
        return _from_validated(folder, digest) or _from_parsed(folder, digest, dict(sources))
    except (OSError, ValueError, LookupError, TypeError, AttributeError):
        pass
    from advisor.rules.loader import load_knowledge_base

    kb = load_knowledge_base(root)  # raises KnowledgeError (file:line) for what is wrong
    return FirstPage(kb.wording, tuple(facts.name for facts in kb.versions.values()))


def _from_validated(folder: Path, digest: str) -> FirstPage | None:
    """From the build's validated knowledge base, while it is for exactly these files and this advisor.

    Its header is (magic, format, advisor version, each record's name and fields, digest),
    then the knowledge base as (record index, *fields); the fields are found by their
    names in the header, and anything unexpected sends the caller to the next source.
    """
    try:
        data = marshal.loads((folder / VALIDATED_NAME).read_bytes())  # noqa: S302 - the build's own file
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if type(data) is not tuple or len(data) != 6 or data[:3] != (VALIDATED_MAGIC, VALIDATED_FORMAT, __version__):
        return None
    if data[4] != digest:
        return None
    try:
        fields = dict(data[3])
        kb, kb_fields = data[5], fields["KnowledgeBase"]
        wording, facts = kb[1 + kb_fields.index("wording")], kb[1 + kb_fields.index("versions")]
        name = 1 + fields["VersionFacts"].index("name")
        names = tuple(entry[name] for entry in facts.values())
    except (TypeError, ValueError, LookupError, AttributeError):
        return None
    if type(wording) is not dict or not all(type(text) is str for text in (*wording.values(), *names)):
        return None
    return FirstPage(MappingProxyType(wording), names)


def _from_parsed(folder: Path, digest: str, sources: dict[str, bytes]) -> FirstPage:
    """From the parsed snapshot while it is current, else from versions.yaml and wording.yaml themselves."""
    from advisor.rules.snapshot import read_snapshot
    from advisor.rules.structure import StructureError
    from advisor.rules.wording import load_wording

    parsed: Mapping[str, Any] | None = read_snapshot(folder, digest, KNOWLEDGE_FILES)
    if parsed is None:
        from advisor.rules.yamlsource import YamlSyntaxError, parse_yaml

        try:
            parsed = {name: parse_yaml(sources[name].decode("utf-8")) for name in ("versions.yaml", "wording.yaml")}
        except YamlSyntaxError as exc:
            raise ValueError(str(exc)) from None
    versions = tuple(str(entry["name"]) for entry in parsed["versions.yaml"]["versions"].values())
    try:
        return FirstPage(load_wording(parsed["wording.yaml"]), versions)
    except StructureError as exc:
        raise ValueError(exc.message) from None
