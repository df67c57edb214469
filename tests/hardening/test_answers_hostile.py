"""Hostile answers files, round 3 (issue 19: F2, F7, F10, F11, F15): one clear line, in bounded time."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hardening_support import Run, environment, one_error, script

from advisor.engine.answers_file import AnswersFileError, read_answers

HEAD = 'version: "3.1"\nrole: developer\n'
REST = "critical_infrastructure: false\naup_concerns: []\ndistributes: true\ntrains_other_model: false\n"
ANSWERS = {
    "format": 2,
    "version": "3.1",
    "role": "developer",
    "access": "own_copy",
    "mau": 5000000,
    "critical_infrastructure": False,
    "aup_concerns": [],
    "distributes": False,
    "trains_other_model": False,
}


def _answers(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- F2: aliases


def _alias_bomb() -> str:
    lines = ['version: "3.1"', 'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 11)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    path = _answers(tmp_path, _alias_bomb())
    assert path.stat().st_size < 1000
    started = time.monotonic()
    result = subprocess.run([script(), "assess", str(path)], capture_output=True, env=environment(), timeout=60)
    assert time.monotonic() - started < 20
    one_error(result, f"{path}:3: ", "an alias (*a0)")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (HEAD + "mau: &m 5\naup_concerns: []\nother: *m\n", 5),
        (HEAD + "a: &list [x]\nb:\n  - *list\n", 5),
        ("{version: &v '3.1', role: *v}\n", 1),
        (HEAD + "<<: *undefined\n", 3),
    ],
    ids=["value", "list-item", "flow", "undefined"],
)
def test_aliases_are_refused_with_their_line(tmp_path: Path, run: Run, text: str, line: int) -> None:
    path = _answers(tmp_path, text)
    one_error(run("assess", path), f"{path}:{line}: ", "an alias (*")


def test_an_anchor_alone_is_harmless(tmp_path: Path) -> None:
    """An anchor with no alias (and a `*` inside text) is plain YAML: nothing is refused."""
    data, _ = read_answers(str(_answers(tmp_path, HEAD + "mau: &m 5\nreport_details: {title: '*Draft* *m'}\n")))
    assert data["mau"] == 5 and data["report_details"] == {"title": "*Draft* *m"}


def test_a_node_graph_is_walked_once_per_node() -> None:
    """A graph with shared nodes (as aliases make) is not walked as a tree: 10**20 paths, 21 nodes."""
    code = (
        "import yaml\n"
        "from advisor.engine.answers_file import _too_deep_line\n"
        "node = yaml.ScalarNode('tag:yaml.org,2002:str', 'x')\n"
        "for _ in range(20):\n"
        "    node = yaml.SequenceNode('tag:yaml.org,2002:seq', [node] * 10)\n"
        "print(_too_deep_line(node))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30, check=False)
    assert result.stdout.strip() == b"None", result.stderr


# ---------------------------------------------------------------- F7: many keys


def test_fifty_thousand_keys_are_quick(tmp_path: Path) -> None:
    keys = "".join(f"k{index}: {index}\n" for index in range(50_000))
    path = _answers(tmp_path, HEAD + keys)
    assert path.stat().st_size < 1024 * 1024
    started = time.monotonic()
    from advisor.cli.main import main

    assert main(["assess", str(path)]) == 2
    assert time.monotonic() - started < 5


# ---------------------------------------------------------------- F10: digit groups


@pytest.mark.parametrize("value", ["7_0_0", "1_0", "70_00", "7000_000", "1__000", "700_000_", "7_000_00"])
def test_underscores_only_between_groups_of_three_digits(tmp_path: Path, run: Run, value: str) -> None:
    path = _answers(tmp_path, HEAD + f"mau: {value}\n" + REST)
    one_error(run("assess", path), f"{path}:3: mau: ", value, "groups of three")


@pytest.mark.parametrize("value", ["7_000", "700_000_000", "-1_000", "0", "1000"])
def test_digit_groups_of_three_are_read(tmp_path: Path, value: str) -> None:
    data, _ = read_answers(str(_answers(tmp_path, HEAD + f"mau: {value}\n")))
    assert data["mau"] == int(value.replace("_", ""))


# ---------------------------------------------------------------- F11: format is a whole number


@pytest.mark.parametrize("value", ["2.0", "1.0", "2e0", "!!float 2"])
def test_format_must_be_a_whole_number(tmp_path: Path, run: Run, value: str) -> None:
    path = _answers(tmp_path, f"format: {value}\n" + HEAD + "access: own_copy\nmau: 5\n" + REST)
    one_error(run("assess", path), f"{path}:1: format: ")


def test_format_as_a_float_is_refused_by_the_python_api() -> None:
    from advisor import assess
    from advisor.engine import AnswersError

    with pytest.raises(AnswersError) as refused:
        assess({**ANSWERS, "format": 2.0})
    assert refused.value.key == "format"


# ---------------------------------------------------------------- F15: JSON read as JSON


def test_json_with_an_emoji_escape_is_read(tmp_path: Path, run: Run) -> None:
    answers = {**ANSWERS, "report_details": {"product": "Acme \U0001f600 Assistant"}}
    text = json.dumps(answers, indent=2)
    assert "\\ud83d\\ude00" in text  # Python's default: a surrogate pair escape
    path = _answers(tmp_path, text, "answers.json")
    data, _ = read_answers(str(path))
    assert data == answers
    result = run("assess", path, "--json")
    assert result.returncode == 0, result.stderr
    report = run("report", path, "-o", "r.md")
    assert report.returncode == 0, report.stderr
    assert "Acme \U0001f600 Assistant" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_json_is_read_as_json(tmp_path: Path) -> None:
    """What JSON means, not what YAML 1.1 would make of it; numbers keep the answers-file rules."""
    text = '{"version": 3.10, "mau": 5e6, "title": "a\\/b\\u00e9", "n": null, "t": true, "list": [1, -0, 2.5]}'
    data, lines = read_answers(str(_answers(tmp_path, text, "a.json")))
    assert data == {"version": "3.10", "mau": 5e6, "title": "a/bé", "n": None, "t": True, "list": [1, 0, 2.5]}
    assert lines.key_lines["title"] == 1


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('{"version": "3.1",\n "role": "developer",\n "mau": 5,\n "mau": 6}\n', 4, "lines 3 and 4"),
        ('{"version": "3.1",\n "role": "developer",\n "mau": 0750}\n', 3, "plain decimal"),
        ('{"version": "3.1",\n "role": "developer"\n "mau": 5}\n', 3, "not valid"),
        ('{"version": "3.1",\n "product": "\\ud83d"}\n', 2, "surrogate"),
        ('{"version": "3.1",\n "role": "developer",\n "mau": ' + "9" * 200 + "}\n", 3, "far too long"),
        ('{"version": "3.1",\n "role": "developer",\n "mau": 5}\n{"more": 1}\n', 4, "not valid"),
        ('{"version": "3.1",\n "deep": ' + "[" * 60 + "]" * 60 + "}\n", 2, "nested more than 50"),
        ('{"version": "3.1",\n "multimodel": true}\n', 2, "unknown key"),
    ],
    ids=["duplicate", "octal", "missing-comma", "lone-surrogate", "long-number", "two-objects", "deep", "unknown"],
)
def test_json_errors_name_the_line(tmp_path: Path, run: Run, text: str, line: int, fragment: str) -> None:
    path = _answers(tmp_path, text, "answers.json")
    one_error(run("assess", path), f"{path}:{line}: ", fragment)


def test_a_yaml_flow_mapping_is_still_yaml(tmp_path: Path) -> None:
    """A file starting with `{` that is YAML, not JSON (unquoted keys), is read as YAML."""
    data, _ = read_answers(str(_answers(tmp_path, "{version: '3.1', role: end_user, }\n")))
    assert data == {"version": "3.1", "role": "end_user"}


def test_json_nested_beyond_the_stack_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(AnswersFileError, match="nested more than"):
        read_answers(str(_answers(tmp_path, '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "a.json")))


def test_the_yaml_reading_of_a_json_file_is_unchanged(tmp_path: Path) -> None:
    text = json.dumps(ANSWERS)
    data, _ = read_answers(str(_answers(tmp_path, text, "a.json")))
    assert data == yaml.safe_load(text)
