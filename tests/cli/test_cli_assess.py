"""`llama-advisor assess`: exit codes per verdict, the JSON contract, stdin, --fail-on and unused answers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

Runner = Callable[..., Any]  # the cli / run_main fixtures (tests/cli/conftest.py)
Writer = Callable[..., Path]

END_USER_31 = """\
version: "3.1"
role: end_user
critical_infrastructure: false
aup_concerns: []
trains_other_model: false
"""
HEADLINES = {
    "permitted": "Llama 3.1: PERMITTED",
    "license_required": "Llama 3.1: LICENSE REQUIRED",
    "prohibited": "Llama 3.1: PROHIBITED",
}


def _json(stdout: str) -> dict[str, Any]:
    data = json.loads(stdout)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("verdict", ["permitted", "license_required", "prohibited"])
def test_every_verdict_exits_0_from_the_real_script(
    cli: Runner, write: Writer, answers: Mapping[str, str], verdict: str
) -> None:
    result = cli("assess", str(write(answers[verdict])))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[0].startswith(HEADLINES[verdict])
    assert "not legal advice" in result.stdout


@pytest.mark.parametrize("verdict", ["permitted", "license_required", "prohibited"])
def test_json_verdict(run_main: Runner, write: Writer, answers: Mapping[str, str], verdict: str) -> None:
    result = run_main("assess", str(write(answers[verdict])), "--json")
    assert result.returncode == 0, result.stderr
    assert _json(result.stdout)["verdict"] == verdict


def test_json_contract(cli: Runner, write: Writer, answers: Mapping[str, str]) -> None:
    result = cli("assess", str(write(answers["permitted"])), "--json")
    assert result.returncode == 0, result.stderr
    data = _json(result.stdout)
    assert {"verdict", "obligations", "attribution", "reasons", "ruleset"} <= set(data)
    assert [o["id"] for o in data["obligations"]] == ["license_copy", "built_with", "notice", "acceptable_use"]
    for obligation in data["obligations"]:
        assert obligation["text"]
        assert {"document", "section", "quote"} <= set(obligation["source"])
    assert data["attribution"] == {
        "built_with": "Built with Llama",
        "notice": "Llama 3.1 is licensed under the Llama 3.1 Community License, "
        "Copyright © Meta Platforms, Inc. All Rights Reserved.",
        "name_prefix": None,
        "notices": [
            "Llama 3.1 is licensed under the Llama 3.1 Community License, "
            "Copyright © Meta Platforms, Inc. All Rights Reserved."
        ],
    }
    assert data["reasons"], "a verdict needs at least one reason"
    for reason in data["reasons"]:
        assert reason["rule"] and reason["text"]
        assert reason["source"]["quote"].strip()
    assert re.fullmatch(r"[0-9a-f]{64}", data["ruleset"]["sha256"])
    assert data["ruleset"]["version"]


def test_json_is_utf8_not_escaped(run_main: Runner, write: Writer, answers: Mapping[str, str]) -> None:
    result = run_main("assess", str(write(answers["permitted"])), "--json")
    assert "Copyright © Meta" in result.stdout


def test_license_required_above_700_million_only(run_main: Runner, write: Writer, answers: Mapping[str, str]) -> None:
    at = run_main("assess", str(write(answers["permitted"].replace("mau: 5", "mau: 700000000"))), "--json")
    over = run_main("assess", str(write(answers["license_required"], "over.yaml")), "--json")
    assert (_json(at.stdout)["verdict"], _json(over.stdout)["verdict"]) == ("permitted", "license_required")


def test_json_answers_file_is_accepted(run_main: Runner, write: Writer) -> None:
    data = {
        "version": "3.1",
        "role": "developer",
        "mau": 5,
        "critical_infrastructure": False,
        "aup_concerns": [],
        "distributes": True,
        "trains_other_model": False,
    }
    result = run_main("assess", str(write(json.dumps(data), "answers.json")), "--json")
    assert result.returncode == 0, result.stderr
    assert _json(result.stdout)["verdict"] == "permitted"


# ---------------------------------------------------------------- stdin


def test_dash_reads_stdin(cli: Runner, answers: Mapping[str, str]) -> None:
    result = cli("assess", "-", "--json", stdin=answers["license_required"])
    assert result.returncode == 0, result.stderr
    assert _json(result.stdout)["verdict"] == "license_required"


def test_dash_reads_stdin_with_a_byte_order_mark(cli: Runner, answers: Mapping[str, str]) -> None:
    result = cli("assess", "-", "--json", stdin=b"\xef\xbb\xbf" + answers["prohibited"].encode())
    assert result.returncode == 0, result.stderr
    assert _json(result.stdout)["verdict"] == "prohibited"


def test_empty_stdin(cli: Runner, expect_invalid: Callable[..., str]) -> None:
    expect_invalid(cli("assess", "-", stdin=""), "<stdin>: ", "empty")


# ---------------------------------------------------------------- --fail-on


@pytest.mark.parametrize(
    ("gate", "verdict", "code"),
    [
        ("license_required", "permitted", 0),
        ("license_required", "license_required", 3),
        ("license_required", "prohibited", 3),
        ("prohibited", "permitted", 0),
        ("prohibited", "license_required", 0),
        ("prohibited", "prohibited", 3),
    ],
)
def test_fail_on_gate(
    cli: Runner, write: Writer, answers: Mapping[str, str], gate: str, verdict: str, code: int
) -> None:
    result = cli("assess", str(write(answers[verdict])), "--fail-on", gate, "--json")
    assert result.returncode == code, result.stderr
    assert _json(result.stdout)["verdict"] == verdict  # the report is printed either way
    assert "Traceback" not in result.stderr
    if code == 3:
        assert result.stderr.strip() == f"llama-advisor: gate tripped: verdict is {verdict}"
    else:
        assert result.stderr == ""


def test_fail_on_rejects_unknown_level(cli: Runner, write: Writer, answers: Mapping[str, str]) -> None:
    result = cli("assess", str(write(answers["permitted"])), "--fail-on", "permitted")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_input_beats_the_gate(cli: Runner, write: Writer, expect_invalid: Callable[..., str]) -> None:
    path = write('version: "3.1"\nrole: developer\nmau: -1\n')
    expect_invalid(cli("assess", str(path), "--fail-on", "license_required"), f"{path}:3: mau: ")


# ---------------------------------------------------------------- unused answers and loose typing


@pytest.mark.parametrize(
    ("body", "unused"),
    [
        ('version: "1"\nweights_from_meta: true\ncommercial: false\neu: true\n', "eu"),
        (END_USER_31 + "mau: 800000000\n", "mau"),
    ],
    ids=["eu-for-llama-1", "mau-for-end-user"],
)
def test_unused_answers_are_listed_not_rejected(run_main: Runner, write: Writer, body: str, unused: str) -> None:
    path = write(body)
    data = _json(run_main("assess", str(path), "--json").stdout)
    assert data["verdict"] == "permitted"
    assert unused in data["unused_answers"]
    text = run_main("assess", str(path))
    assert text.returncode == 0
    from advisor.rules import load_knowledge_base

    kb = load_knowledge_base()
    after = " ".join(text.stdout.split()).split(kb.wording["answers.unused"], 1)
    assert len(after) == 2 and f"- {kb.question(unused).label}." in after[1]


def test_end_user_mau_over_threshold_does_not_require_a_licence(run_main: Runner, write: Writer) -> None:
    body = END_USER_31 + "mau: 800000000\n"
    assert _json(run_main("assess", str(write(body)), "--json").stdout)["verdict"] == "permitted"


def test_nothing_unused_when_every_answer_matters(run_main: Runner, write: Writer, answers: Mapping[str, str]) -> None:
    result = run_main("assess", str(write(answers["permitted"])))
    assert "not needed for this case" not in result.stdout
    assert _json(run_main("assess", str(write(answers["permitted"])), "--json").stdout)["unused_answers"] == []


@pytest.mark.parametrize(("written", "version"), [("3.1", "3.1"), ("3.3", "3.3"), ("2", "2")])
def test_version_written_as_a_yaml_number(
    run_main: Runner, write: Writer, answers: Mapping[str, str], written: str, version: str
) -> None:
    body = answers["permitted"].replace('version: "3.1"', f"version: {written}")
    assert f"version: {written}\n" in body
    result = run_main("assess", str(write(body)), "--json")
    assert result.returncode == 0, result.stderr
    assert _json(result.stdout)["version"] == version


def test_unquoted_yes_no_are_booleans(run_main: Runner, write: Writer, answers: Mapping[str, str]) -> None:
    body = answers["permitted"].replace("distributes: true", "distributes: yes")
    result = run_main("assess", str(write(body)), "--json")
    assert result.returncode == 0, result.stderr
    assert _json(result.stdout)["answers"]["distributes"] is True


def test_file_path_with_spaces_and_unicode(run_main: Runner, tmp_path: Path, answers: Mapping[str, str]) -> None:
    folder = tmp_path / "réponses d'équipe"
    folder.mkdir()
    path = folder / "llama 3.1.yaml"
    path.write_text(answers["permitted"], encoding="utf-8")
    assert run_main("assess", str(path)).returncode == 0


# ---------------------------------------------------------------- contract additions (issue 8)

FORMAT_2_HOSTED = """\
format: 2
version: "3.1"
role: developer
access: hosted_api
mau: far_below_threshold
critical_infrastructure: false
aup_concerns: []
distributes: true
ships_copies: false
trains_other_model: false
"""


def test_json_keeps_every_v0_1_field_and_adds_the_new_ones(
    cli: Runner, write: Writer, answers: Mapping[str, str]
) -> None:
    data = _json(cli("assess", str(write(answers["permitted"])), "--json").stdout)
    v0_1 = {"version", "version_name", "verdict", "obligations", "attribution", "reasons", "notes", "answers"}
    v0_1 |= {"unused_answers", "ruleset"}
    added = {"certainty", "if_licensed", "next_steps", "terms", "assumed_answers", "mapped_answers"}
    added |= {"answers_format", "licenses", "lineage", "other_parents"}
    assert set(data) == v0_1 | added
    assert data["certainty"] == "settled"
    assert (data["if_licensed"], data["next_steps"], data["mapped_answers"]) == ([], [], [])
    # A file without `format` is a v0.1.0 file: the new questions take the values v0.1.0 implied.
    assert data["answers_format"] == 1
    assert data["assumed_answers"] == {"access": "own_copy", "ships_copies": True}
    assert data["licenses"] == {
        "hub": "llama3.1",
        "scancode": "llama-3.1-license-2024",
        "title": "Llama 3.1 Community License Agreement",
    }
    assert [t["id"] for t in data["terms"]] == [
        "indemnity",
        "litigation_termination",
        "termination",
        "trademarks",
        "trade_compliance",
        "governing_law",
    ]
    for term in data["terms"]:
        assert term["title"] and term["text"] and term["source"]["quote"].strip()
    assert all(note["unsettled"] is False for note in data["notes"])


def test_v0_1_file_says_what_it_assumed(run_main: Runner, write: Writer, answers: Mapping[str, str]) -> None:
    text = run_main("assess", str(write(answers["permitted"]))).stdout
    text = " ".join(text.split())
    assert "has no “format” key, so it was read as a v0.1.0 file" in text
    assert "so access: own_copy was assumed" in text
    assert "so ships_copies: true was assumed" in text


def test_format_2_file_assumes_nothing(run_main: Runner, write: Writer) -> None:
    result = run_main("assess", str(write(FORMAT_2_HOSTED)), "--json")
    assert result.returncode == 0, result.stderr
    data = _json(result.stdout)
    assert (data["answers_format"], data["assumed_answers"], data["mapped_answers"]) == (2, {}, [])
    assert data["verdict"] == "permitted"
    # A hosted service hands out no copy: no Notice; the agreement "or a link to it" (Meta's FAQ).
    assert [o["id"] for o in data["obligations"]] == ["license_copy", "built_with", "acceptable_use"]
    assert data["attribution"]["notice"] is None
    assert "or a link to it" in data["obligations"][0]["text"]
    assert "read as a v0.1.0 file" not in run_main("assess", str(write(FORMAT_2_HOSTED))).stdout


def test_license_required_lists_duties_only_as_if_licensed(
    cli: Runner, write: Writer, answers: Mapping[str, str]
) -> None:
    data = _json(cli("assess", str(write(answers["license_required"])), "--json").stdout)
    assert data["verdict"] == "license_required"
    assert [o["id"] for o in data["obligations"]] == ["acceptable_use"]
    assert [o["id"] for o in data["if_licensed"]] == ["license_copy", "built_with", "notice"]
    assert data["attribution"] == {"built_with": None, "notice": None, "name_prefix": None, "notices": []}
    assert [step["id"] for step in data["next_steps"]] == ["request_license"]
    assert "llamamodels@meta.com" in data["next_steps"][0]["text"]
    assert data["assumed_answers"]["separate_license_from_meta"] is False


def test_unsettled_result_is_said_plainly(run_main: Runner, write: Writer) -> None:
    body = FORMAT_2_HOSTED.replace('"3.1"', '"2"').replace("access: hosted_api", "access: own_copy")
    data = _json(run_main("assess", str(write(body)), "--json").stdout)
    assert (data["verdict"], data["certainty"]) == ("permitted", "unsettled")
    assert any(note["unsettled"] for note in data["notes"])
    text = run_main("assess", str(write(body))).stdout
    assert "UNSETTLED. The texts do not settle this answer." in " ".join(text.split())
