"""The parsed-YAML cache: keyed by the text's sha256, outside the source tree, never trusted blindly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.rules import parse_cache, yamlsource

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("LLAMA_ADVISOR_NO_CACHE", raising=False)
    return tmp_path / "llama-advisor" / "yaml"


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("parsed again")

    monkeypatch.setattr(yaml, "load", refused)


def test_unchanged_text_is_not_parsed_again(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: [1, 2]\nwhen: 2024-07-23\n"
    first = yamlsource.parse_yaml(text)
    _no_parsing(monkeypatch)
    assert yamlsource.parse_yaml(text) == first
    with pytest.raises(AssertionError, match="parsed again"):
        yamlsource.parse_yaml(text + "b: 3\n")  # a changed text is a different entry


def test_the_cache_lives_in_the_user_cache_folder(cache_home: Path) -> None:
    yamlsource.parse_yaml("x: 1\n")
    assert len(list(cache_home.glob("*.pickle"))) == 1
    assert not any((ROOT / "advisor").rglob("*.pickle")) and not any((ROOT / "resources").rglob("*.pickle"))


def test_a_folder_others_may_write_to_is_not_trusted(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    yamlsource.parse_yaml("x: 1\n")
    cache_home.chmod(0o777)
    _no_parsing(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        yamlsource.parse_yaml("x: 1\n")


def test_a_damaged_entry_is_parsed_again(cache_home: Path) -> None:
    yamlsource.parse_yaml("x: 1\n")
    [entry] = cache_home.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert yamlsource.parse_yaml("x: 1\n") == {"x": 1}


def test_errors_are_not_cached_and_duplicates_are_refused(cache_home: Path) -> None:
    with pytest.raises(yamlsource.YamlValueError, match="lines 1 and 2"):
        yamlsource.parse_yaml("x: 1\nx: 2\n")
    assert not list(cache_home.glob("*.pickle"))


def test_the_cache_can_be_turned_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLAMA_ADVISOR_NO_CACHE", "1")
    yamlsource.parse_yaml("x: 1\n")
    assert parse_cache.cached("x: 1\n") is None and not cache_home.exists()
