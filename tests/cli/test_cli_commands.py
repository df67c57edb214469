"""`llama-advisor questions`, `validate`, `notice`, and the top-level options."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from advisor import __version__

Runner = Callable[..., Any]  # the cli / run_main fixtures (tests/cli/conftest.py)
Writer = Callable[..., Path]

QUESTIONS_YAML = Path(__file__).resolve().parents[2] / "resources" / "knowledge" / "questions.yaml"
NOTICE_2 = (
    "Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta Platforms, Inc. All Rights Reserved."
)
NOTICE_31 = (
    "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)


def _question_ids() -> list[str]:
    """The ids straight from the YAML, without the advisor's loader."""
    data = yaml.safe_load(QUESTIONS_YAML.read_text(encoding="utf-8"))
    ids = [q["id"] for q in data["questions"]]
    assert "version" in ids and "aup_concerns" in ids
    return ids


# ---------------------------------------------------------------- questions


def test_questions_lists_every_key_in_order(cli: Runner) -> None:
    result = cli("questions")
    assert result.returncode == 0, result.stderr
    headings = re.findall(r"^([a-z0-9_]+) \((?:choice|bool|int|multi)\): ", result.stdout, re.MULTILINE)
    assert headings == _question_ids()


def test_questions_text_bullets_are_one_per_choice(run_main: Runner) -> None:
    """A wrapped choice label must not start a line with its own bullet (it would read as another choice)."""
    out = run_main("questions").stdout
    bullets = [line for line in out.splitlines() if line.lstrip().startswith("- ")]
    assert bullets
    for line in bullets:
        assert re.match(r'^      - ("[^"]+"|[a-z_]+): ', line), line
    assert '- "developer": ' in out and '- "end_user": ' in out


def test_questions_json_lists_every_question(cli: Runner) -> None:
    result = cli("questions", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [q["id"] for q in data["questions"]] == _question_ids()
    for question in data["questions"]:
        assert question["type"] in {"choice", "bool", "int", "multi"}
        assert question["prompt"] and question["why"]
    by_id = {q["id"]: q for q in data["questions"]}
    assert [c["value"] for c in by_id["version"]["choices"]] == ["1", "2", "3", "3.1", "3.2", "3.3", "4"]
    assert by_id["mau"]["minimum"] == 0
    aup_ids = {c["value"] for c in by_id["aup_concerns"]["choices"]}
    assert "spam" in aup_ids and "critical_infrastructure" not in aup_ids
    assert re.fullmatch(r"[0-9a-f]{64}", data["ruleset"]["sha256"])


def test_questions_text_prints_each_question_help(run_main: Runner) -> None:
    """Issue 8 §7: `questions` (text) prints each question's help, as the interview shows it."""
    out = " ".join(run_main("questions").stdout.split())
    data = yaml.safe_load(QUESTIONS_YAML.read_text(encoding="utf-8"))
    with_help = [q for q in data["questions"] if q.get("help")]
    assert {q["id"] for q in with_help} >= {"mau", "eu", "access", "ships_copies", "other_model_kind"}
    for question in with_help:
        opening = " ".join(question["help"].split())[:40]
        if "{" not in opening:
            assert f"How to answer: {opening}" in out, question["id"]
    assert out.count("How to answer: ") == len(with_help)


def test_questions_text_says_how_to_start_a_file(run_main: Runner) -> None:
    """The format to start a file with is today's (3): a file that says 2 cannot hold a lineage."""
    out = run_main("questions").stdout
    assert 'Start a file with "format: 3"; a file without it is read as a v0.1.0 file.' in out


def test_questions_json_offers_the_mau_bands_and_the_new_keys(run_main: Runner) -> None:
    data = json.loads(run_main("questions", "--json").stdout)
    by_id = {q["id"]: q for q in data["questions"]}
    assert [c["value"] for c in by_id["mau"]["choices"]] == ["far_below_threshold", "far_above_threshold"]
    assert [c["value"] for c in by_id["other_model_kind"]["choices"]] == [
        "same_llama",
        "merged_llama",
        "other_llama",
        "other_llm",
        "other_ai",
    ]
    assert [c["value"] for c in by_id["takes"]["choices"]][:3] == ["weights", "code_or_tokenizer", "outputs"]
    format_3 = ("shares_llama1_weights", "takes", "weights_fetched_on_first_run", "adapter_only", "own_terms")
    assert set(format_3) <= set(by_id)
    assert by_id["separate_license_from_meta"]["relevant_when"] == {"answer": "role", "eq": "developer"}
    assert [c["value"] for c in by_id["access"]["choices"]] == ["own_copy", "hosted_api"]
    assert "other_model_is_llama_derivative" not in by_id
    assert by_id["ships_copies"]["relevant_when"] == {"answer": "distributes", "eq": True}


# ---------------------------------------------------------------- validate


def test_validate_says_every_citation_was_found(cli: Runner) -> None:
    result = cli("validate")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "every citation found" in result.stdout
    assert f"{len(_question_ids())} questions" in result.stdout


# ---------------------------------------------------------------- notice


def test_notice_llama_2_uses_c_in_parentheses(cli: Runner, write: Writer, answers: Mapping[str, str]) -> None:
    result = cli("notice", str(write(answers["llama2"])))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == NOTICE_2
    assert "©" not in result.stdout


def test_notice_llama_31_uses_copyright_sign(cli: Runner, write: Writer, answers: Mapping[str, str]) -> None:
    result = cli("notice", str(write(answers["permitted"])))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == NOTICE_31
    assert "(c)" not in result.stdout


def test_notice_lines_are_verbatim_from_the_agreements() -> None:
    licences = Path(__file__).resolve().parents[2] / "resources" / "licenses"
    llama2 = " ".join((licences / "llama2-LICENSE.txt").read_text(encoding="utf-8").split())
    llama31 = (licences / "llama3_1-LICENSE.txt").read_text(encoding="utf-8")
    assert f'"{NOTICE_2}"' in llama2
    assert f"“{NOTICE_31}”" in llama31


def test_notice_when_nothing_is_distributed_still_prints_with_a_note(
    run_main: Runner, write: Writer, answers: Mapping[str, str]
) -> None:
    body = answers["permitted"].replace("distributes: true", "distributes: false")
    result = run_main("notice", str(write(body)))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == NOTICE_31
    assert "do not trigger the Notice duty" in result.stderr


def test_notice_for_a_hosted_service_says_no_copy_is_distributed(run_main: Runner, write: Writer) -> None:
    """§1.b.iii: the Notice goes "in all copies of the Llama Materials that you distribute"."""
    body = 'format: 2\nversion: "3.1"\nrole: developer\naccess: own_copy\nmau: 5\n'
    body += "critical_infrastructure: false\naup_concerns: []\ndistributes: true\nships_copies: false\n"
    body += "trains_other_model: false\n"
    result = run_main("notice", str(write(body)))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == NOTICE_31
    assert "do not trigger the Notice duty" in result.stderr


def test_notice_llama_1_exits_2_with_a_clear_message(
    cli: Runner, write: Writer, answers: Mapping[str, str], expect_invalid: Callable[..., str]
) -> None:
    expect_invalid(cli("notice", str(write(answers["llama1"]))), "Llama 1", "no Meta-published Notice")


def test_notice_reads_stdin(cli: Runner, answers: Mapping[str, str]) -> None:
    result = cli("notice", "-", stdin=answers["llama2"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == NOTICE_2


# ---------------------------------------------------------------- top level


def test_version_option(cli: Runner) -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"llama-advisor {__version__}"


def test_unknown_command_is_a_usage_error(cli: Runner) -> None:
    result = cli("asses", "x.yaml")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr


def test_assess_without_file_is_a_usage_error(cli: Runner) -> None:
    result = cli("assess")
    assert result.returncode == 2
    assert "FILE" in result.stderr
    assert "Traceback" not in result.stderr
