"""`llama-advisor interview` driven through standard input, as over SSH or in a script.

Most tests talk with the installed command over pipes (tests/cli/terminal_support.py):
each reply is chosen by the question just printed, so a test names the answers it gives
and fails on a question it did not expect. Replies piped all at once, as a script gives
them, are tested against such a conversation.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from terminal_support import Replies, Talk, converse

from advisor.model import KnowledgeBase

Runner = Callable[..., Any]  # the cli / run_main fixtures (tests/cli/conftest.py)
Check = Callable[..., str]
Talker = Callable[..., Talk]

# A developer on Llama 3.1 who runs its own copy, ships copies of a product holding the model,
# has 5 users, no prohibited use, trains no model and names no other model. Choices are
# typed as their values (the interview takes a value or its number).
PERMITTED: Replies = {
    "version": "3.1",
    "role": "developer",
    "access": "own_copy",
    "takes": "weights",
    "mau": "5",
    "separate_license_from_meta": "no",
    "critical_infrastructure": "no",
    "aup_concerns": "none",
    "distributes": "yes",
    "ships_copies": "yes",
    "weights_fetched_on_first_run": "not_fetched",
    "trains_other_model": "no",
    "own_terms": "no",
    "lineage_any": "no",
    "parents_any": "no",
}
LICENSE_REQUIRED: Replies = {**PERMITTED, "mau": "800M"}  # no license granted by Meta
# Critical infrastructure is a prohibited use: the interview stops there, so no later question has a reply.
PROHIBITED: Replies = {
    key: PERMITTED[key]
    for key in ("version", "role", "access", "takes", "mau", "separate_license_from_meta")
} | {"critical_infrastructure": "yes"}  # fmt: skip
# The main model is a fine-tune of Llama 3.1, published with its weights.
FINE_TUNE: Replies = {
    "trains_other_model": "yes",
    "other_model_kind": "same_llama",
    "other_model_distributed": "yes",
    "adapter_only": "no",
}
SAVED_PERMITTED = {  # what PERMITTED saves: format 3, every answer asked
    "format": 3,
    "version": "3.1",
    "role": "developer",
    "access": "own_copy",
    "takes": "weights",
    "mau": 5,
    "separate_license_from_meta": False,
    "critical_infrastructure": False,
    "aup_concerns": [],
    "distributes": True,
    "ships_copies": True,
    "weights_fetched_on_first_run": "not_fetched",
    "trains_other_model": False,
    "own_terms": False,
}

HEADLINES = {
    "permitted": "Llama 3.1: PERMITTED",
    "license_required": "Llama 3.1: LICENSE REQUIRED",
    "prohibited": "Llama 3.1: PROHIBITED",
}
CASES = [(PERMITTED, "permitted"), (LICENSE_REQUIRED, "license_required"), (PROHIBITED, "prohibited")]
ENV = dict(os.environ, PYTHONIOENCODING="utf-8")


def _typed(replies: list[str]) -> str:
    return "".join(reply + "\n" for reply in replies)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def talk(script: str, kb: KnowledgeBase, tmp_path: Path) -> Talker:
    """`talk(replies, *args)`: run `llama-advisor interview ARGS` in tmp_path and answer it."""

    def run(replies: Replies, *args: str) -> Talk:
        return converse([script, "interview", *args], kb, replies, tmp_path, ENV)

    return run


@pytest.fixture(scope="module")
def permitted_talk(script: str, kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Talk:
    """One conversation on the PERMITTED answers, for the tests that read it."""
    return converse([script, "interview"], kb, PERMITTED, tmp_path_factory.mktemp("talk"), ENV)


@pytest.mark.parametrize(("replies", "verdict"), CASES, ids=[verdict for _, verdict in CASES])
def test_interview_prints_the_verdict(talk: Talker, replies: Replies, verdict: str) -> None:
    result = talk(replies)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Which Llama version does your use involve?" in result.stdout
    assert f"\n{HEADLINES[verdict]}" in result.stdout
    assert "not legal advice" in result.stdout
    assert not result.unused(replies), result.transcript  # every question named was asked


def test_interview_asks_only_relevant_questions(permitted_talk: Talk) -> None:
    assert sorted(permitted_talk.asked) == sorted(PERMITTED), "each question once, and only these"
    out = permitted_talk.stdout
    assert "monthly active users" in out
    assert "Is the use commercial" not in out  # Llama 1 only
    assert "domiciled in the EU" not in out  # multimodal developers only
    assert "Which model have you created, trained" not in out  # trains_other_model is no
    assert "Do the model files leave your control?" in out  # distributes is yes
    assert "How do you reach the model?" in out  # every developer
    assert "Has Meta given you, in writing, a license" in _flat(out)  # every developer (format 3)


def test_the_interview_stops_at_critical_infrastructure(talk: Talker) -> None:
    result = talk(PROHIBITED)  # a reply to any later question would be unexpected
    assert result.returncode == 0, result.stderr
    assert result.asked[-1] == "critical_infrastructure"
    assert "Later questions not asked" in result.stdout
    assert "“Other use-policy concerns”" in result.stdout


def test_replies_piped_at_once_run_as_typed_one_by_one(cli: Runner, permitted_talk: Talk) -> None:
    """A script pipes every reply before the first question; the run is the same as a conversation."""
    piped = cli("interview", stdin=_typed(permitted_talk.typed))
    assert piped.returncode == 0, piped.stderr
    when = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC")  # the report's time
    assert when.sub("TIME", piped.stdout) == when.sub("TIME", permitted_talk.stdout)


def test_interview_reasks_after_an_invalid_reply(talk: Talker) -> None:
    replies = {**PERMITTED, "role": ["9", "1"], "mau": ["lots", "5"], "critical_infrastructure": ["maybe", "no"]}
    result = talk(replies)
    assert result.returncode == 0, result.stderr
    assert "choose one of: 1, 2" in result.stdout
    assert '"lots" is not a number' in result.stdout
    assert "Understood: 5\n" in result.stdout
    assert "answer yes or no" in result.stdout
    assert [result.asked.count(key) for key in ("role", "mau", "critical_infrastructure")] == [2, 2, 2]
    assert "\nLlama 3.1: PERMITTED" in result.stdout


def test_question_mark_explains_with_the_clause(talk: Talker) -> None:
    result = talk({**PERMITTED, "mau": ["?", "5"]})
    assert result.returncode == 0, result.stderr
    assert "Why we ask: If that number was greater than 700 million" in result.stdout
    assert "Llama 3.1 Community License Agreement, §2:" in result.stdout
    assert result.asked.count("mau") == 2


def test_interview_json_output(talk: Talker) -> None:
    result = talk(LICENSE_REQUIRED, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout[result.stdout.index("\n{") :])
    assert report["verdict"] == "license_required"
    assert report["answers"]["mau"] == 800_000_000
    assert report["answers"]["separate_license_from_meta"] is False
    assert "Understood: 800,000,000\n" in result.stdout
    assert report["certainty"] == "settled"
    assert [step["id"] for step in report["next_steps"]] == ["request_license"]


def test_mau_question_names_the_month_and_offers_the_bands(talk: Talker) -> None:
    """§2 counts users "in the preceding calendar month" before the release date (3.1: July 23, 2024)."""
    result = talk({**PERMITTED, "mau": "a", "distributes": "no"})
    assert result.returncode == 0, result.stderr
    text = _flat(result.stdout)
    assert "have in June 2024?" in text
    assert "That is the calendar month before the Llama 3.1 release date." in text
    assert "Far below 700 million" in result.stdout and "Far above 700 million" in result.stdout
    assert "Understood" not in result.stdout  # a band is not a number to echo
    assert "\nLlama 3.1: PERMITTED" in result.stdout


def test_mau_band_far_above_asks_for_a_separate_license(talk: Talker, tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    replies = {**PERMITTED, "version": "4", "access": "hosted_api", "mau": "b", "separate_license_from_meta": "yes"}
    replies |= {"eu": "no", "eu_affiliates_involved": "no", "distributes": "no"}
    result = talk(replies, "-o", str(saved))
    assert result.returncode == 0, result.stderr
    assert "Has Meta given you, in writing, a license or permission of your own for Llama 4" in _flat(result.stdout)
    answers = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert answers["mau"] == "far_above_threshold"
    assert answers["access"] == "hosted_api"
    assert answers["separate_license_from_meta"] is True
    assert "\nLlama 4: PERMITTED" in result.stdout


def test_a_typed_1_or_2_at_the_user_count_is_a_number_not_a_band(talk: Talker) -> None:
    """The band answers have letter keys, so typing 2 means two users, never "far above"."""
    result = talk({**PERMITTED, "mau": "2"})
    assert result.returncode == 0, result.stderr
    assert "Understood: 2\n" in result.stdout
    assert "\nLlama 3.1: PERMITTED" in result.stdout


def test_decimal_comma_is_refused_with_both_readings(talk: Talker) -> None:
    result = talk({**PERMITTED, "mau": ["0,5B", "0.5B"]})
    assert result.returncode == 0, result.stderr
    assert "500,000,000" in result.stdout and "5,000,000,000" in result.stdout
    assert "Understood: 500,000,000\n" in result.stdout
    assert "\nLlama 3.1: PERMITTED" in result.stdout


def test_training_questions_name_the_version_and_the_model_kinds(talk: Talker) -> None:
    """Meta Llama 3 §1.b.v bars improving any other large language model with it or its outputs,
    so the interview stops there: whether that model is made available is not asked."""
    replies = {**PERMITTED, "version": "3", "mau": "1", "distributes": "no", "trains_other_model": "yes"}
    result = talk({**replies, "other_model_kind": "other_llm"})
    assert result.returncode == 0, result.stderr
    assert result.asked[-1] == "other_model_kind"
    text = _flat(result.stdout)
    assert "Meta Llama 3 or a model fine-tuned from Meta Llama 3" in text
    assert "A merge of Meta Llama 3 with a model of another Llama version" in text
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


@pytest.mark.parametrize(("replies", "verdict"), CASES, ids=[verdict for _, verdict in CASES])
def test_saved_answers_give_the_same_verdict(
    cli: Runner, talk: Talker, tmp_path: Path, replies: Replies, verdict: str
) -> None:
    saved = tmp_path / "answers.yaml"
    interview = talk(replies, "-o", str(saved))
    assert interview.returncode == 0, interview.stderr
    assert f"Answers saved to {saved}" in interview.stderr
    assess = cli("assess", str(saved), "--json")
    assert assess.returncode == 0, assess.stderr
    assert json.loads(assess.stdout)["verdict"] == verdict
    assert f"\n{HEADLINES[verdict]}" in interview.stdout


def test_saved_file_is_plain_answers_yaml(talk: Talker, tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    assert talk(PERMITTED, "-o", str(saved)).returncode == 0
    assert yaml.safe_load(saved.read_text(encoding="utf-8")) == SAVED_PERMITTED
    assert not list(tmp_path.glob(".answers.yaml.tmp-*")), "temporary file left behind"


def test_a_saved_lineage_reads_back_to_the_same_assessment(cli: Runner, talk: Talker, tmp_path: Path) -> None:
    """A Llama 3.1 fine-tune trained on Llama 3.3 outputs: the file holds the lineage, and
    `assess` on it gives the very assessment the interview printed."""
    saved = tmp_path / "answers.yaml"
    lineage = {"lineage_any": "yes", "lineage_version": "3.3", "lineage_takes": "outputs", "lineage_more": "no"}
    interview = talk({**PERMITTED, **FINE_TUNE, **lineage}, "-o", str(saved), "--json")
    assert interview.returncode == 0, interview.stderr
    printed = json.loads(interview.stdout[interview.stdout.index("\n{") :])
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["format"] == 3 and data["lineage"] == [
        {"version": "3.3", "takes": "outputs", "mau": 5}
    ]  # its own month's count
    assert "other_parents" not in data
    assess = cli("assess", str(saved), "--json")
    assert assess.returncode == 0, assess.stderr
    assert json.loads(assess.stdout) == printed
    assert [(part["version"], part["verdict"]) for part in printed["lineage"]] == [("3.3", "permitted")]


def test_output_that_exists_is_not_overwritten_without_force(
    cli: Runner, permitted_talk: Talk, tmp_path: Path, expect_invalid: Check
) -> None:
    existing = tmp_path / "answers.yaml"
    original = b"# my careful notes\nversion: '2'\n\xe2\x9c\x93\n"
    existing.write_bytes(original)
    result = cli("interview", "-o", str(existing), stdin=_typed(permitted_talk.typed))
    expect_invalid(result, str(existing), "already exists", "--force")
    assert existing.read_bytes() == original


def test_force_overwrites(talk: Talker, tmp_path: Path) -> None:
    existing = tmp_path / "answers.yaml"
    existing.write_text("version: '2'\n", encoding="utf-8")
    result = talk(PERMITTED, "-o", str(existing), "--force")
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(existing.read_text(encoding="utf-8")) == SAVED_PERMITTED


def test_output_in_missing_folder_is_refused_before_asking(
    cli: Runner, permitted_talk: Talk, tmp_path: Path, expect_invalid: Check
) -> None:
    target = tmp_path / "no-such-dir" / "answers.yaml"
    expect_invalid(cli("interview", "-o", str(target), stdin=_typed(permitted_talk.typed)), "does not exist")
    assert not target.parent.exists()


# ---------------------------------------------------------------- leaving early


@pytest.mark.parametrize("stop", ["at-once", "after-mau", "at-the-last-question"])
def test_end_of_input_mid_interview(
    cli: Runner, permitted_talk: Talk, tmp_path: Path, expect_invalid: Check, stop: str
) -> None:
    typed, asked = permitted_talk.typed, permitted_talk.asked
    replies = {"at-once": [], "after-mau": typed[: asked.index("mau") + 1], "at-the-last-question": typed[:-1]}[stop]
    target = tmp_path / "answers.yaml"
    result = cli("interview", "-o", str(target), stdin=_typed(replies))
    expect_invalid(result, "nothing was saved", printed=True)
    assert not target.exists()
    assert not list(tmp_path.iterdir()), "no partial or temporary file may be left"
