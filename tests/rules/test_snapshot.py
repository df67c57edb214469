"""The packaged snapshot of the parsed knowledge base: used only for the files it came from."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from advisor.rules import KnowledgeError, load_knowledge_base, loader
from advisor.rules.snapshot import SNAPSHOT_NAME, SnapshotError, encode_snapshot
from advisor.rules.validated import VALIDATED_NAME
from advisor.rules.write_snapshot import write_snapshot


@pytest.fixture()
def yaml_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time the loader parses YAML instead of taking the snapshot."""
    calls: list[str] = []
    parse = loader.parse_sources

    def recording(folder: Path, texts: dict[str, str]) -> dict:
        calls.append(str(folder))
        return parse(folder, texts)

    monkeypatch.setattr(loader, "parse_sources", recording)
    return calls


def fresh_load(root: Path):
    loader._load.cache_clear()
    return load_knowledge_base(root)


def write_parsed_only(root: Path) -> Path:
    """Write the snapshots, then drop the validated one: the load reads parsed.json."""
    target = write_snapshot(root)
    (root / "knowledge" / VALIDATED_NAME).unlink()
    return target


def test_a_snapshot_gives_the_same_knowledge_base_without_parsing_yaml(
    resources_copy: Path, yaml_parses: list[str]
) -> None:
    from_yaml = fresh_load(resources_copy)
    assert len(yaml_parses) == 1
    target = write_snapshot(resources_copy)
    assert target == resources_copy / "knowledge" / SNAPSHOT_NAME
    from_snapshot = fresh_load(resources_copy)
    assert len(yaml_parses) == 2, "writing the snapshot parses the YAML once"
    assert from_snapshot == from_yaml and from_snapshot.sha256 == from_yaml.sha256
    fresh_load(resources_copy)
    assert len(yaml_parses) == 2, "a load with a current snapshot parsed YAML"


def test_an_edited_yaml_file_is_read_again(resources_copy: Path, yaml_parses: list[str]) -> None:
    write_snapshot(resources_copy)  # both snapshots are stale after the edit
    rules = resources_copy / "knowledge" / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert 'ruleset_version: "' in text
    rules.write_text(text.replace('ruleset_version: "', 'ruleset_version: "9999.', 1), encoding="utf-8")
    calls = len(yaml_parses)
    kb = fresh_load(resources_copy)
    assert len(yaml_parses) == calls + 1
    assert kb.ruleset_version.startswith("9999."), "the stale snapshot's ruleset was used"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"\x00not json",
        lambda data: b"[]",
        lambda data: json.dumps({**json.loads(data), "format": 99}).encode(),
        lambda data: json.dumps({**json.loads(data), "sha256": "0" * 64}).encode(),
        lambda data: json.dumps({**json.loads(data), "files": {"rules.yaml": {}}}).encode(),
        lambda data: b"\xff\xfe" + data,
    ],
    ids=["garbage", "not-a-mapping", "other-format", "other-digest", "missing-files", "not-utf8"],
)
def test_a_damaged_or_foreign_snapshot_is_ignored(resources_copy: Path, yaml_parses: list[str], damage) -> None:
    expected = fresh_load(resources_copy)
    target = write_parsed_only(resources_copy)
    target.write_bytes(damage(target.read_bytes()))
    calls = len(yaml_parses)
    assert fresh_load(resources_copy) == expected
    assert len(yaml_parses) == calls + 1


def test_parsed_json_is_validated_like_the_yaml(resources_copy: Path) -> None:
    """Even with the right digest, what parsed.json says is checked: only validated.marshal is taken as it is."""
    target = write_parsed_only(resources_copy)
    data = json.loads(target.read_bytes())
    data["files"]["rules.yaml"]["rules"][0]["verdict"] = "maybe"
    target.write_text(json.dumps(data), encoding="utf-8")
    loader._load.cache_clear()
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_base(resources_copy)
    assert caught.value.file.endswith("rules.yaml") and "maybe" in caught.value.message


def test_an_invalid_knowledge_base_gets_no_snapshot(resources_copy: Path) -> None:
    rules = resources_copy / "knowledge" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("verdict: prohibited", "verdict: maybe", 1))
    with pytest.raises(SnapshotError, match=r"rules\.yaml:\d+: "):
        write_snapshot(resources_copy)
    assert sorted(p.name for p in (resources_copy / "knowledge").iterdir()) == [  # neither snapshot
        "aup.yaml",
        "documents.yaml",
        "questions.yaml",
        "rules.yaml",
        "versions.yaml",
        "wording.yaml",
    ]


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ({"limits": {1: "one"}}, "rules.yaml/limits"),
        ({"items": [1, (2, 3)]}, "rules.yaml/items/1"),
    ],
)
def test_data_json_would_change_is_refused(value: dict, where: str) -> None:
    with pytest.raises(SnapshotError, match=f"^{where}: "):
        encode_snapshot("0" * 64, {"rules.yaml": value})


def test_a_value_json_cannot_hold_is_refused() -> None:
    with pytest.raises(SnapshotError, match=r"cannot be written as JSON.*date"):
        encode_snapshot("0" * 64, {"rules.yaml": {"released": datetime.date(2024, 7, 23)}})


def test_the_checkout_ships_no_snapshot() -> None:
    """Only builds write it (setup.py); a checkout always reads its own YAML."""
    root = Path(__file__).resolve().parents[2]
    ignored = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    for name in (SNAPSHOT_NAME, VALIDATED_NAME):
        assert f"resources/knowledge/{name}" in ignored
        assert not (root / "resources" / "knowledge" / name).exists(), (
            f"remove resources/knowledge/{name}: prebuild is for a build's copy of resources/"
        )
