"""`llama-advisor interview` driven through standard input, as over SSH or in a script."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from answers_support import DEVELOPER_31

Runner = Callable[..., Any]  # the cli / run_main fixtures (tests/cli/conftest.py)
Check = Callable[..., str]

# Replies in question order for Llama 3.1, developer: version, role, access (own copy), mau,
# critical infrastructure, other AUP concerns, distributes, ships copies, trains another model.
# Over 700 million, whether Meta granted a separate license is asked after mau.
PERMITTED = ["3.1", "1", "1", "5", "no", "none", "yes", "yes", "no"]
LICENSE_REQUIRED = ["3.1", "1", "1", "800M", "no", "no", "none", "yes", "yes", "no"]
PROHIBITED = ["3.1", "1", "1", "5", "yes", "none", "yes", "yes", "no"]
EXPECTED_ANSWERS = {"format": 3, **DEVELOPER_31}  # what PERMITTED saves


HEADLINES = {
    "permitted": "Llama 3.1: PERMITTED",
    "license_required": "Llama 3.1: LICENSE REQUIRED",
    "prohibited": "Llama 3.1: PROHIBITED",
}


def _typed(replies: list[str]) -> str:
    return "".join(reply + "\n" for reply in replies)


@pytest.mark.parametrize(
    ("replies", "verdict"),
    [(PERMITTED, "permitted"), (LICENSE_REQUIRED, "license_required"), (PROHIBITED, "prohibited")],
)
def test_interview_prints_the_verdict(cli: Runner, replies: list[str], verdict: str) -> None:
    result = cli("interview", stdin=_typed(replies))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Which Llama version does your use involve?" in result.stdout
    assert f"\n{HEADLINES[verdict]}" in result.stdout
    assert "not legal advice" in result.stdout


def test_interview_asks_only_relevant_questions(cli: Runner) -> None:
    result = cli("interview", stdin=_typed(PERMITTED))
    assert "monthly active users" in result.stdout
    assert "Is the use commercial" not in result.stdout  # Llama 1 only
    assert "domiciled in the EU" not in result.stdout  # multimodal developers only
    assert "Which model have you created, trained" not in result.stdout  # trains_other_model is no
    assert "expressly granted you a license" not in result.stdout  # mau is not over 700 million
    assert "Do the model files leave your control?" in result.stdout  # distributes is yes
    assert "How do you reach the model?" in result.stdout  # every developer


def test_interview_reasks_after_an_invalid_reply(cli: Runner) -> None:
    replies = ["3.1", "9", "1", "1", "lots", "5", "maybe", "no", "none", "yes", "yes", "no"]
    result = cli("interview", stdin=_typed(replies))
    assert result.returncode == 0, result.stderr
    assert "choose one of: 1, 2" in result.stdout
    assert '"lots" is not a number' in result.stdout
    assert "Understood: 5\n" in result.stdout
    assert "answer yes or no" in result.stdout
    assert "\nLlama 3.1: PERMITTED" in result.stdout


def test_question_mark_explains_with_the_clause(cli: Runner) -> None:
    result = cli("interview", stdin=_typed(["3.1", "1", "1", "?", *PERMITTED[3:]]))
    assert result.returncode == 0, result.stderr
    assert "Why we ask: If that number was greater than 700 million" in result.stdout
    assert "Llama 3.1 Community License Agreement, §2:" in result.stdout


def test_interview_json_output(cli: Runner) -> None:
    result = cli("interview", "--json", stdin=_typed(LICENSE_REQUIRED))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout[result.stdout.index("\n{") :])
    assert report["verdict"] == "license_required"
    assert report["answers"]["mau"] == 800_000_000
    assert report["answers"]["separate_license_from_meta"] is False
    assert "Understood: 800,000,000\n" in result.stdout
    assert report["certainty"] == "settled"
    assert [step["id"] for step in report["next_steps"]] == ["request_license"]


def test_mau_question_names_the_month_and_offers_the_bands(cli: Runner) -> None:
    """§2 counts users "in the preceding calendar month" before the release date (3.1: July 23, 2024)."""
    result = cli("interview", stdin=_typed(["3.1", "1", "1", "a", "no", "none", "no", "no"]))
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "have in June 2024?" in text
    assert "That is the calendar month before the Llama 3.1 release date." in text
    assert "Far below 700 million" in result.stdout and "Far above 700 million" in result.stdout
    assert "Understood" not in result.stdout  # a band is not a number to echo
    assert "\nLlama 3.1: PERMITTED" in result.stdout


def test_mau_band_far_above_asks_for_a_separate_license(cli: Runner, tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    replies = ["4", "1", "2", "no", "no", "b", "yes", "no", "none", "no", "no"]
    result = cli("interview", "-o", str(saved), stdin=_typed(replies))
    assert result.returncode == 0, result.stderr
    assert "Has Meta expressly granted you a license for Llama 4" in " ".join(result.stdout.split())
    answers = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert answers["mau"] == "far_above_threshold"
    assert answers["access"] == "hosted_api"
    assert answers["separate_license_from_meta"] is True
    assert "\nLlama 4: PERMITTED" in result.stdout


def test_a_typed_1_or_2_at_the_user_count_is_a_number_not_a_band(cli: Runner) -> None:
    """The band answers have letter keys, so typing 2 means two users, never "far above"."""
    result = cli("interview", stdin=_typed(["3.1", "1", "1", "2", "no", "none", "no", "no"]))
    assert result.returncode == 0, result.stderr
    assert "Understood: 2\n" in result.stdout
    assert "\nLlama 3.1: PERMITTED" in result.stdout


def test_decimal_comma_is_refused_with_both_readings(cli: Runner) -> None:
    replies = ["3.1", "1", "1", "0,5B", "0.5B", "no", "none", "no", "no"]
    result = cli("interview", stdin=_typed(replies))
    assert result.returncode == 0, result.stderr
    assert "500,000,000" in result.stdout and "5,000,000,000" in result.stdout
    assert "Understood: 500,000,000\n" in result.stdout
    assert "\nLlama 3.1: PERMITTED" in result.stdout


def test_training_questions_name_the_version_and_the_model_kinds(cli: Runner) -> None:
    replies = ["3", "1", "1", "1", "no", "none", "no", "yes", "3", "yes"]
    result = cli("interview", stdin=_typed(replies))
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "Meta Llama 3 or a model fine-tuned from Meta Llama 3" in text
    assert "A large language model not derived from Llama" in text
    assert "Fine-tuning Meta Llama 3 itself counts as training." in text
    assert "\nMeta Llama 3: PROHIBITED" in result.stdout


def test_wrapped_choice_labels_align_under_the_label(cli: Runner) -> None:
    lines = cli("interview", stdin=_typed(["3.1"])).stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if "I build with it" in line)
    column = lines[first].index("I build with it")
    follow = lines[first + 1]
    assert follow[:column].strip() == "" and follow[column] != " ", (lines[first], follow)


# ---------------------------------------------------------------- saving


@pytest.mark.parametrize(
    ("replies", "verdict"),
    [(PERMITTED, "permitted"), (LICENSE_REQUIRED, "license_required"), (PROHIBITED, "prohibited")],
)
def test_saved_answers_give_the_same_verdict(cli: Runner, tmp_path: Path, replies: list[str], verdict: str) -> None:
    saved = tmp_path / "answers.yaml"
    interview = cli("interview", "-o", str(saved), stdin=_typed(replies))
    assert interview.returncode == 0, interview.stderr
    assert f"Answers saved to {saved}" in interview.stderr
    assess = cli("assess", str(saved), "--json")
    assert assess.returncode == 0, assess.stderr
    assert json.loads(assess.stdout)["verdict"] == verdict
    assert f"\n{HEADLINES[verdict]}" in interview.stdout


def test_saved_file_is_plain_answers_yaml(cli: Runner, tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    assert cli("interview", "-o", str(saved), stdin=_typed(PERMITTED)).returncode == 0
    assert yaml.safe_load(saved.read_text(encoding="utf-8")) == EXPECTED_ANSWERS
    assert not list(tmp_path.glob(".answers.yaml.tmp-*")), "temporary file left behind"


def test_output_that_exists_is_not_overwritten_without_force(
    cli: Runner, tmp_path: Path, expect_invalid: Check
) -> None:
    existing = tmp_path / "answers.yaml"
    original = b"# my careful notes\nversion: '2'\n\xe2\x9c\x93\n"
    existing.write_bytes(original)
    result = cli("interview", "-o", str(existing), stdin=_typed(PERMITTED))
    expect_invalid(result, str(existing), "already exists", "--force")
    assert existing.read_bytes() == original


def test_force_overwrites(cli: Runner, tmp_path: Path) -> None:
    existing = tmp_path / "answers.yaml"
    existing.write_text("version: '2'\n", encoding="utf-8")
    result = cli("interview", "-o", str(existing), "--force", stdin=_typed(PERMITTED))
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(existing.read_text(encoding="utf-8")) == EXPECTED_ANSWERS


def test_output_in_missing_folder_is_refused_before_asking(cli: Runner, tmp_path: Path, expect_invalid: Check) -> None:
    target = tmp_path / "no-such-dir" / "answers.yaml"
    expect_invalid(cli("interview", "-o", str(target), stdin=_typed(PERMITTED)), "does not exist")
    assert not target.parent.exists()


# ---------------------------------------------------------------- leaving early


@pytest.mark.parametrize("replies", [PERMITTED[:3], [], ["3.1", "1", "5", "no"]], ids=["after-mau", "at-once", "late"])
def test_end_of_input_mid_interview(
    cli: Runner, tmp_path: Path, expect_invalid: Callable[..., str], replies: list[str]
) -> None:
    target = tmp_path / "answers.yaml"
    result = cli("interview", "-o", str(target), stdin=_typed(replies))
    expect_invalid(result, "nothing was saved", printed=True)
    assert not target.exists()
    assert not list(tmp_path.iterdir()), "no partial or temporary file may be left"
