"""The build's validated knowledge base (knowledge/validated.marshal): taken as it is only for its own YAML and code."""

from __future__ import annotations

import marshal
from collections.abc import Callable
from pathlib import Path

import pytest

import advisor
from advisor.model import KnowledgeBase
from advisor.rules import KnowledgeError, load_knowledge_base, loader, validated
from advisor.rules.validated import VALIDATED_NAME, ValidatedError, encode_knowledge, read_validated
from advisor.rules.write_snapshot import write_snapshot


@pytest.fixture()
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time the loader validates (builds the knowledge base from parsed files)."""
    calls: list[str] = []
    build = loader.build_knowledge_base

    def recording(root: str, *args: object) -> KnowledgeBase:
        calls.append(root)
        return build(root, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "build_knowledge_base", recording)
    return calls


def fresh_load(root: Path, revalidate: bool = False) -> KnowledgeBase:
    loader._load.cache_clear()
    return load_knowledge_base(root, revalidate=revalidate)


def test_the_validated_snapshot_is_the_same_knowledge_base_without_validating_again(
    resources_copy: Path, validations: list[str]
) -> None:
    from_yaml = fresh_load(resources_copy)
    write_snapshot(resources_copy)
    assert len(validations) == 2, "writing the snapshots validates once"
    from_snapshot = fresh_load(resources_copy)
    assert len(validations) == 2, "a load with a current validated snapshot validated again"
    assert from_snapshot == from_yaml
    assert from_snapshot.sha256 == from_yaml.sha256
    assert type(from_snapshot.versions) is type(from_yaml.versions)  # read-only mappings stay read-only
    assert [type(rule.when) for rule in from_snapshot.rules] == [type(rule.when) for rule in from_yaml.rules]


def test_revalidate_and_the_validate_command_read_the_files(
    resources_copy: Path, validations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_snapshot(resources_copy)
    calls = len(validations)
    assert fresh_load(resources_copy, revalidate=True) == fresh_load(resources_copy)
    assert len(validations) == calls + 1
    asked: list[bool] = []
    monkeypatch.setattr(loader, "load_knowledge_base", lambda revalidate=False: asked.append(revalidate))
    from advisor.cli import shared

    shared.knowledge(revalidate=True)
    assert asked == [True]


def test_an_edited_yaml_file_is_validated_again(resources_copy: Path, validations: list[str]) -> None:
    write_snapshot(resources_copy)
    rules = resources_copy / "knowledge" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("verdict: prohibited", "verdict: maybe", 1))
    with pytest.raises(KnowledgeError, match="maybe"):
        fresh_load(resources_copy)


def _header(data: bytes) -> tuple:
    loaded = marshal.loads(data)
    assert isinstance(loaded, tuple)
    return loaded


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"\x00garbage",
        lambda data: data[: len(data) // 2],
        lambda data: marshal.dumps(["not", "a", "tuple"]),
        lambda data: marshal.dumps((*_header(data)[:4], "0" * 64, _header(data)[5])),
        lambda data: marshal.dumps(("another file", *_header(data)[1:])),
        lambda data: marshal.dumps((*_header(data)[:5], ["not a knowledge base"])),
        lambda data: marshal.dumps((*_header(data)[:5], (0, (lambda: 0).__code__))),
        lambda data: marshal.dumps((*_header(data)[:5], (99,))),
        lambda data: marshal.dumps((*_header(data)[:5], (0, {1: "a"}, {"a": {1, 2}}))),
    ],
    ids=["garbage", "truncated", "not-a-tuple", "other-digest", "other-magic", "not-a-kb", "code", "tag", "a-set"],
)
def test_a_damaged_or_foreign_validated_snapshot_is_ignored(
    resources_copy: Path, validations: list[str], damage: Callable[[bytes], bytes]
) -> None:
    expected = fresh_load(resources_copy)
    write_snapshot(resources_copy)
    target = resources_copy / "knowledge" / VALIDATED_NAME
    target.write_bytes(damage(target.read_bytes()))
    calls = len(validations)
    assert fresh_load(resources_copy) == expected
    assert len(validations) == calls + 1


def test_another_advisor_version_or_record_layout_is_not_read(
    resources_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_snapshot(resources_copy)
    digest = loader.read_sources(resources_copy / "knowledge")[1]
    assert read_validated(str(resources_copy), digest) is not None
    monkeypatch.setattr(advisor, "__version__", "99.0")
    assert read_validated(str(resources_copy), digest) is None
    monkeypatch.undo()
    monkeypatch.setattr(validated, "layout", lambda: (("KnowledgeBase", ("other",)),))
    assert read_validated(str(resources_copy), digest) is None


def test_a_missing_cited_document_is_named_even_with_a_validated_snapshot(resources_copy: Path) -> None:
    write_snapshot(resources_copy)
    kb = fresh_load(resources_copy)
    document = next(iter(kb.documents.values()))
    (resources_copy / document.file).unlink()
    with pytest.raises(KnowledgeError, match=f"document file {document.file} is not in resources/"):
        fresh_load(resources_copy)


def test_a_value_the_file_cannot_keep_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(ValidatedError, match="dict"):
        encode_knowledge(kb._replace(wording={"a": "b"}), "0" * 64)
