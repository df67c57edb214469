"""`llama-advisor assess FILE...` and `--from-list`: one JSON line or table row a file, bad files on their own lines."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from advisor.resources import resource_path

Runner = Callable[..., Any]  # the cli / run_main fixtures (tests/cli/conftest.py)
Writer = Callable[..., Path]


def lines(stdout: str) -> list[dict[str, Any]]:
    """Each line of JSON Lines output, parsed; every line must be one whole JSON object."""
    assert stdout.endswith("\n")
    found = [json.loads(line) for line in stdout.splitlines()]
    assert all(isinstance(item, dict) for item in found)
    return found


@pytest.fixture
def three(write: Writer, answers: Mapping[str, str]) -> list[str]:
    """A permitted, a license_required and a prohibited answers file."""
    return [
        str(write(answers[verdict], f"{verdict}.yaml")) for verdict in ("permitted", "license_required", "prohibited")
    ]


def test_several_files_give_one_json_line_each_in_order(run_main: Runner, three: list[str]) -> None:
    result = run_main("assess", *three, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    found = lines(result.stdout)
    assert [item["path"] for item in found] == three
    assert [item["verdict"] for item in found] == ["permitted", "license_required", "prohibited"]
    assert list(found[0])[:2] == ["path", "version"], "the path comes first"


def test_each_line_is_the_single_file_assessment_plus_its_path(run_main: Runner, three: list[str]) -> None:
    found = lines(run_main("assess", *three, "--json").stdout)
    for path, item in zip(three, found, strict=True):
        single = run_main("assess", path, "--json")
        assert {"path": path, **json.loads(single.stdout)} == item


def test_a_single_file_keeps_todays_output(run_main: Runner, three: list[str]) -> None:
    """One FILE (without --from-list) is the public contract: indented JSON, or the report."""
    from advisor.engine.answers_file import read_answers
    from advisor.engine.assessing import assess
    from advisor.rules import load_knowledge_base

    data, _ = read_answers(three[0])
    expected = json.dumps(assess(load_knowledge_base(), data).to_dict(), ensure_ascii=False, indent=2) + "\n"
    assert run_main("assess", three[0], "--json").stdout == expected
    text = run_main("assess", three[0]).stdout
    assert text.startswith("Llama 3.1: PERMITTED") and "FILE" not in text.splitlines()[0]


def test_files_after_an_option_are_files_too(run_main: Runner, three: list[str]) -> None:
    found = lines(run_main("assess", three[0], "--json", three[1], "--fail-on", "prohibited", three[2]).stdout)
    assert [item["path"] for item in found] == three


def test_the_list_names_one_file_a_line(run_main: Runner, write: Writer, three: list[str]) -> None:
    listing = write(f"{three[0]}\r\n\n{three[1]}\n   \n{three[2]}", "list.txt")  # CRLF, blank lines, no final newline
    found = lines(run_main("assess", "--from-list", str(listing), "--json").stdout)
    assert [item["path"] for item in found] == three


def test_files_come_before_the_list(run_main: Runner, write: Writer, three: list[str]) -> None:
    listing = write(f"{three[2]}\n", "list.txt")
    found = lines(run_main("assess", three[0], "--from-list", str(listing), three[1], "--json").stdout)
    assert [item["path"] for item in found] == [three[0], three[1], three[2]]


def test_a_list_of_one_file_still_gives_a_line(run_main: Runner, write: Writer, three: list[str]) -> None:
    found = lines(run_main("assess", "--from-list", str(write(three[0] + "\n", "list.txt")), "--json").stdout)
    assert len(found) == 1 and found[0]["path"] == three[0]


def test_the_list_read_from_stdin(cli: Runner, three: list[str]) -> None:
    result = cli("assess", "--json", "--from-list", "-", stdin="\n".join(three) + "\n")
    assert result.returncode == 0, result.stderr
    assert [item["verdict"] for item in lines(result.stdout)] == ["permitted", "license_required", "prohibited"]


def test_stdin_holds_the_list_so_a_dash_entry_is_its_own_error(cli: Runner, three: list[str]) -> None:
    result = cli("assess", "--json", "--from-list", "-", stdin=f"{three[0]}\n-\n")
    assert result.returncode == 2
    found = lines(result.stdout)
    assert found[0]["verdict"] == "permitted"
    assert found[1] == {"path": "-", "error": found[1]["error"]}
    assert found[1]["error"].startswith("<stdin>: standard input was read already")


def test_stdin_as_one_of_several_files_is_read_once(cli: Runner, three: list[str], answers: Mapping[str, str]) -> None:
    result = cli("assess", "-", three[0], "-", "--json", stdin=answers["prohibited"])
    assert result.returncode == 2
    found = lines(result.stdout)
    assert [item.get("verdict") for item in found] == ["prohibited", "permitted", None]
    assert found[0]["path"] == "-" and "read already" in found[2]["error"]


# ---------------------------------------------------------------- bad files


@pytest.fixture
def bad(write: Writer, tmp_path: Path) -> dict[str, str]:
    """Answers files that are bad input, each in its own way (name -> path)."""
    return {
        "missing": str(tmp_path / "nowhere.yaml"),
        "syntax": str(write("version: [\n", "syntax.yaml")),
        "invalid": str(write('version: "3.1"\nrole: developer\nmau: lots\n', "invalid.yaml")),
        "binary": str(write(b"\x00\x01\x02", "binary.yaml")),
        "folder": str(tmp_path),
    }


def test_a_bad_file_is_its_own_line_and_never_ends_the_run(
    run_main: Runner, three: list[str], bad: dict[str, str]
) -> None:
    paths = [three[0], *bad.values(), three[2]]
    result = run_main("assess", *paths, "--json")
    assert result.returncode == 2
    found = lines(result.stdout)
    assert [item["path"] for item in found] == paths, "every file has its line, in order"
    assert found[0]["verdict"] == "permitted" and found[-1]["verdict"] == "prohibited"
    errors = found[1:-1]
    for item in errors:
        assert set(item) == {"path", "error"}
        assert item["error"] and "\n" not in item["error"]
    by_kind = dict(zip(bad, (item["error"] for item in errors), strict=True))
    assert by_kind["missing"].endswith("nowhere.yaml: no such file")
    assert "syntax.yaml:2: not valid YAML or JSON" in by_kind["syntax"]
    assert "invalid.yaml" in by_kind["invalid"] and "mau" in by_kind["invalid"]
    assert "binary data" in by_kind["binary"]
    assert "is a folder" in by_kind["folder"]
    assert result.stderr == "llama-advisor: 5 of 7 answers files are bad input (see their lines)\n"


def test_the_error_is_the_line_a_single_run_gives(run_main: Runner, bad: dict[str, str]) -> None:
    found = lines(run_main("assess", *bad.values(), "--json").stdout)
    for path, item in zip(bad.values(), found, strict=True):
        single = run_main("assess", path)
        assert single.returncode == 2
        assert single.stderr == f"llama-advisor: {item['error']}\n"


def test_an_unreadable_list_is_one_line_and_exit_2(
    run_main: Runner, tmp_path: Path, expect_invalid: Callable[..., str]
) -> None:
    expect_invalid(run_main("assess", "--from-list", str(tmp_path / "none.txt")), "none.txt: no such file")
    expect_invalid(run_main("assess", "--from-list", str(tmp_path)), "is a folder")


def test_no_file_at_all_is_a_usage_error(run_main: Runner, expect_invalid: Callable[..., str]) -> None:
    expect_invalid(run_main("assess", "--json"), "FILE", "--from-list")


# ---------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    ("gate", "kinds", "code"),
    [
        (None, ["permitted", "prohibited"], 0),
        (None, ["permitted", "bad"], 2),
        ("license_required", ["permitted", "license_required"], 3),
        ("prohibited", ["permitted", "license_required"], 0),
        ("prohibited", ["license_required", "prohibited"], 3),
        ("prohibited", ["permitted", "bad"], 2),
        ("license_required", ["bad", "license_required", "permitted"], 3),  # a tripped gate wins over bad input
    ],
)
def test_the_exit_code_is_the_worst_outcome(
    cli: Runner, write: Writer, answers: Mapping[str, str], gate: str | None, kinds: list[str], code: int
) -> None:
    paths = [str(write(answers[kind] if kind != "bad" else "version: [\n", f"{n}-{kind}.yaml")) for n, kind in
             enumerate(kinds)]  # fmt: skip
    result = cli("assess", *paths, "--json", *(("--fail-on", gate) if gate else ()))
    assert result.returncode == code, result.stderr
    assert len(lines(result.stdout)) == len(paths)
    assert ("gate tripped" in result.stderr) == (code == 3)
    assert ("bad input" in result.stderr) == ("bad" in kinds)


def test_the_gate_line_counts_the_files_that_trip_it(run_main: Runner, three: list[str]) -> None:
    result = run_main("assess", *three, "--fail-on", "license_required", "--json")
    assert result.returncode == 3
    assert result.stderr == "llama-advisor: gate tripped: 2 of 3 answers files are license_required or prohibited\n"


# ---------------------------------------------------------------- the table


def test_text_mode_is_a_table_with_a_row_a_file(run_main: Runner, three: list[str], bad: dict[str, str]) -> None:
    result = run_main("assess", *three, bad["missing"], bad["syntax"])
    assert result.returncode == 2
    rows = result.stdout.splitlines()
    assert rows[0].split() == ["FILE", "VERSION", "VERDICT", "CERTAINTY"]
    assert [row.split()[1:] for row in rows[1:4]] == [
        ["3.1", "permitted", "settled"],
        ["3.1", "license_required", "settled"],
        ["3.1", "prohibited", "settled"],
    ]
    assert rows[4].split()[1:] == ["error:", "no", "such", "file"]
    assert rows[5].split("  error: ")[1].startswith("line 2: not valid YAML or JSON")
    assert rows[6] == "5 answers files: 1 permitted, 1 license_required, 1 prohibited, 2 bad input"
    width = rows[0].index("VERSION")
    assert all(row[:width].rstrip() in (*three, bad["missing"], bad["syntax"]) for row in rows[1:6])


def test_table_names_are_escaped(run_main: Runner, write: Writer, answers: Mapping[str, str]) -> None:
    odd = str(write(answers["permitted"], "new\nline\x1b.yaml"))
    result = run_main("assess", odd, odd)
    assert "new\\nline\\x1b.yaml" in result.stdout
    assert "\x1b" not in result.stdout and len(result.stdout.splitlines()) == 4


# ---------------------------------------------------------------- the JSON Lines contract


def line_schema() -> jsonschema.protocols.Validator:
    schemas = {
        name: json.loads(resource_path("schemas", name).read_text(encoding="utf-8"))
        for name in ("assessment.schema.json", "assessment-line.schema.json")
    }
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    validator = jsonschema.Draft202012Validator(schemas["assessment-line.schema.json"], registry=registry)
    validator.check_schema(validator.schema)
    return validator


def test_every_line_matches_the_line_schema(run_main: Runner, three: list[str], bad: dict[str, str]) -> None:
    validator = line_schema()
    found = lines(run_main("assess", *three, *bad.values(), "--json").stdout)
    for item in found:
        validator.validate(item)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"path": "x.yaml", "error": "two\nlines"})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**found[0], "error": "both"})


def test_the_line_schema_has_every_assessment_field() -> None:
    assessment = json.loads(resource_path("schemas", "assessment.schema.json").read_text(encoding="utf-8"))
    assessed = line_schema().schema["oneOf"][0]
    assert list(assessed["properties"]) == ["path", *assessment["properties"]]
    assert assessed["required"] == ["path", *assessment["required"]]


def test_a_name_that_is_not_utf8_keeps_its_bytes(cli: Runner, tmp_path: Path, answers: Mapping[str, str]) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.yaml"
    with open(name, "w", encoding="utf-8") as stream:
        stream.write(answers["permitted"])
    good = tmp_path / "good.yaml"
    good.write_text(answers["prohibited"], encoding="utf-8")
    result = cli("assess", os.fsdecode(name), str(good), "--json")
    assert result.returncode == 0, result.stderr
    found = lines(result.stdout)
    assert os.fsencode(found[0]["path"]) == name
    assert found[0]["verdict"] == "permitted" and found[1]["verdict"] == "prohibited"


def test_the_fast_line_writer_gives_json_dumps_exactly(kb: Any) -> None:
    """JsonLines keeps the JSON of repeated records; its lines are json.dumps's, byte for byte."""
    import random

    from advisor.cli.many import JsonLines
    from advisor.engine import next_question
    from advisor.engine.combinations import DEFAULT_MAU_VALUES, answer_domain
    from advisor.engine.many import Outcome, assess_each

    # 300 complete answer sets, each a random walk through the interview: all_answer_combinations
    # has millions (format 3), too many to list for a sample.
    rng = random.Random(19)
    sample = []
    for _ in range(300):
        answers: dict[str, Any] = {}
        while (question := next_question(kb, answers)) is not None:
            answers[question.id] = rng.choice(answer_domain(kb, question, answers, DEFAULT_MAU_VALUES))
        sample.append(answers)
    assert len({json.dumps(answers, sort_keys=True) for answers in sample}) > 250  # varied, not one path
    outcomes = [outcome._replace(path=f"{n}.yaml") for n, outcome in enumerate(assess_each(kb, sample))]
    assert all(outcome.assessment is not None for outcome in outcomes)  # every walk ends in a complete set
    outcomes += [Outcome("x.yaml", error="x.yaml:3: a problem"), Outcome("caf\udce9.yaml", outcomes[0].assessment)]
    writer = JsonLines()
    for outcome in [*outcomes, *outcomes]:  # the second time from what it kept
        made = writer(outcome)
        ensure_ascii = "\udce9" in (outcome.path or "")
        assert made == json.dumps(outcome.to_dict(), ensure_ascii=ensure_ascii, separators=(",", ":")) + "\n"


@pytest.mark.parametrize("unbuffered", [True, False], ids=["PYTHONUNBUFFERED", "buffered"])
def test_ctrl_c_leaves_only_whole_lines(
    script: str, write: Writer, answers: Mapping[str, str], tmp_path: Path, unbuffered: bool
) -> None:
    import signal
    import subprocess

    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    if unbuffered:  # an unbuffered stdout takes part of a write when a signal comes
        env["PYTHONUNBUFFERED"] = "1"
    path = str(write(answers["permitted"]))
    listing = write((path + "\n") * 4000, "list.txt")
    process = subprocess.Popen(
        [script, "assess", "--json", "--from-list", str(listing)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
        bufsize=0,  # unbuffered: communicate() then reads every byte after the first
    )
    assert process.stdout is not None
    first = process.stdout.read(1)  # the run has started writing
    process.send_signal(signal.SIGINT)
    rest, errors = process.communicate(timeout=60)
    assert process.returncode == 130, errors
    assert errors.decode().endswith("llama-advisor: interrupted\n")
    out = (first + rest).decode("utf-8")
    assert 0 < len(lines(out)) < 4000, "interrupted part way, every line whole"
