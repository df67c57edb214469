"""The terminal interview (issue 16): the other Llama versions a product takes from, the
answers a lineage entry needs, stopping where the verdict is decided, and "None of these".

The interview is driven as a person at the terminal would: each reply is chosen by the
question just printed (found by its prompt), so a test names the answers it gives, and
fails on a question it did not expect.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.cli.interview import run_interview
from advisor.cli.interview_lineage import QUESTIONS
from advisor.cli.main import main
from advisor.engine import assess
from advisor.engine.answers_file import dump_answers, read_answers
from advisor.model import ANSWERS_FORMAT, Assessment, KnowledgeBase

Replies = dict[str, Any]  # question id -> the reply typed (a list: one reply each time it is asked)

# A developer running Llama 3.1 who ships copies of a product holding it, trains nothing and
# names no other model. Choices are typed as their values (the interview takes a value or its number).
DEVELOPER: Replies = {
    "version": "3.1",
    "role": "developer",
    "access": "own_copy",
    "takes": "weights",
    "mau": "a",  # far below 700 million
    "separate_license_from_meta": "no",
    "critical_infrastructure": "no",
    "aup_concerns": "0",
    "distributes": "yes",
    "ships_copies": "yes",
    "weights_fetched_on_first_run": "not_fetched",
    "trains_other_model": "no",
    "own_terms": "no",
    "lineage_any": "no",
    "parents_any": "no",
}
# The main model is a fine-tune of its version, published with its weights.
FINE_TUNE: Replies = {
    "trains_other_model": "yes",
    "other_model_kind": "same_llama",
    "other_model_distributed": "yes",
    "adapter_only": "no",
}
LLAMA_4: Replies = {"version": "4", "eu": "no", "eu_affiliates_involved": "no"}


def _pattern(text: str) -> re.Pattern[str]:
    """A prompt as printed: placeholders filled in with anything, line breaks as spaces."""
    parts = re.split(r"\{[a-z_]+\}", " ".join(text.split()))
    return re.compile(".+?".join(re.escape(part) for part in parts))


class Terminal:
    """A person at the terminal: reads what was printed since the last reply, finds the
    question, and types the reply `replies` gives for it."""

    def __init__(self, kb: KnowledgeBase, replies: Replies, printed: Callable[[], str]) -> None:
        self.replies = {key: list(value) if isinstance(value, list) else value for key, value in replies.items()}
        self.printed = printed
        self.asked: list[str] = []
        self.transcript = ""
        self.prompts = [(question.id, _pattern(question.prompt)) for question in kb.questions]
        self.prompts += [(qid, _pattern(kb.wording[keys[2]])) for qid, keys in QUESTIONS.items()]
        self.hints = {kb.wording["terminal_lineage.parent_name"]: "parent_name"}
        self.hints[kb.wording["terminal_lineage.parent_license"]] = "parent_license"

    def __call__(self, prompt: str) -> str:
        text = self.printed()
        self.transcript += text + prompt
        qid = next((qid for hint, qid in self.hints.items() if prompt.startswith(hint)), None)
        if qid is None:
            flat = " ".join(text.split())
            found = [(match.start(), qid) for qid, pattern in self.prompts for match in pattern.finditer(flat)]
            qid = max(found)[1] if found else (self.asked[-1] if self.asked else "?")  # none: asked again
        self.asked.append(qid)
        if qid not in self.replies:
            raise AssertionError(f"unexpected question {qid}:\n{self.transcript[-1500:]}")
        reply = self.replies[qid]
        if isinstance(reply, list):
            if not reply:
                raise AssertionError(f"{qid} asked more often than expected:\n{self.transcript[-1500:]}")
            return str(reply.pop(0))
        return str(reply)


def interview(
    kb: KnowledgeBase, replies: Replies, prefilled: dict[str, Any] | None = None
) -> tuple[dict[str, Any], Terminal]:
    out = io.StringIO()
    seen = [0]

    def printed() -> str:
        text = out.getvalue()[seen[0] :]
        seen[0] = len(out.getvalue())
        return text

    terminal = Terminal(kb, replies, printed)
    answers = run_interview(kb, terminal, out, prefilled)
    terminal.transcript += printed()
    return answers, terminal


def assessed(kb: KnowledgeBase, answers: dict[str, Any]) -> Assessment:
    return assess(kb, {"format": ANSWERS_FORMAT, **answers})


def flat(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ the lineage questions
def test_llama_3_outputs_that_trained_a_llama_31_model_are_prohibited(kb: KnowledgeBase) -> None:
    """Meta Llama 3 §1.b.v bars improving any other LLM "excluding Meta Llama 3 or derivative works
    thereof": a Llama 3.1 fine-tune trained on Llama 3 outputs is prohibited, though 3.1 alone permits it."""
    lineage = {"lineage_any": "yes", "lineage_version": "3", "lineage_takes": "outputs", "lineage_more": "no"}
    answers, terminal = interview(kb, {**DEVELOPER, **FINE_TUNE, **lineage})
    assert answers["lineage"] == [{"version": "3", "takes": "outputs"}]
    assert "other_parents" not in answers
    assert terminal.asked.index("lineage_any") > terminal.asked.index("trains_other_model")  # after the main questions
    assert "lineage_ships_copies" not in terminal.asked  # outputs hand out no Llama 3 files
    assert "Listed: Meta Llama 3, only what it generated." in terminal.transcript
    result = assessed(kb, answers)
    assert result.verdict == "prohibited"
    assert [(part.entry.version, part.assessment.verdict) for part in result.lineage] == [("3", "prohibited")]
    assert assessed(kb, {k: v for k, v in answers.items() if k != "lineage"}).verdict == "permitted"


def test_llama_33_outputs_that_trained_a_llama_4_model_bring_the_llama_4_duties(kb: KnowledgeBase) -> None:
    """The issue's first example: the model is a Llama 4 derivative and owes Llama 4's duties."""
    lineage = {"lineage_any": "yes", "lineage_version": "3.3", "lineage_takes": "outputs", "lineage_more": "no"}
    answers, _ = interview(kb, {**DEVELOPER, **FINE_TUNE, **LLAMA_4, **lineage})
    assert answers["version"] == "4" and answers["lineage"] == [{"version": "3.3", "takes": "outputs"}]
    result = assessed(kb, answers)
    assert result.verdict == "permitted"
    duties = {duty.id: duty.versions for duty in result.obligations}
    for duty in ("license_copy", "built_with", "notice", "name_prefix"):
        assert duties[duty][0] == "4", (duty, duties)
    assert result.attribution.built_with == "Built with Llama"
    assert result.attribution.notice == kb.versions["4"].notice
    assert result.attribution.notices == (kb.versions["4"].notice,)  # no Llama 3.3 file is shipped


def test_a_lineage_version_is_never_the_main_one_and_never_listed_twice(kb: KnowledgeBase) -> None:
    lineage = {
        "lineage_any": "yes",
        "lineage_version": ["3.1", "3.3", "3.3", "2"],  # 3.1 is not offered; 3.3 outputs a second time
        "lineage_takes": ["outputs", "outputs", "code_or_tokenizer"],
        "lineage_ships_copies": "same",
        "lineage_more": ["yes", "yes", "no"],
    }
    answers, terminal = interview(kb, {**DEVELOPER, **FINE_TUNE, **lineage})
    assert "choose one of: 1, 2, 3, 3.2, 3.3, 4" in terminal.transcript
    assert "Llama 3.3 is already listed with this answer" in terminal.transcript
    assert answers["lineage"] == [
        {"version": "3.3", "takes": "outputs"},
        {"version": "2", "takes": "code_or_tokenizer"},
    ]


def test_files_of_a_lineage_version_ship_as_the_main_ones_unless_said_otherwise(kb: KnowledgeBase) -> None:
    """A product that ships Llama 3.1 and Meta Llama 3, and calls Llama 3.3 on a server: two Notice lines."""
    lineage = {
        "lineage_any": "yes",
        "lineage_version": ["3", "3.3"],
        "lineage_takes": ["weights", "weights"],
        "lineage_ships_copies": ["same", "no"],
        "lineage_more": ["yes", "no"],
    }
    answers, terminal = interview(kb, {**DEVELOPER, **lineage})
    assert "Same as for Llama 3.1: they leave my control" in terminal.transcript
    assert answers["lineage"] == [
        {"version": "3", "takes": "weights"},
        {"version": "3.3", "takes": "weights", "ships_copies": False},
    ]
    result = assessed(kb, answers)
    assert result.verdict == "permitted"
    assert result.attribution.notices == (kb.versions["3.1"].notice, kb.versions["3"].notice)


def test_a_multimodal_lineage_version_asks_what_the_main_answers_lack(kb: KnowledgeBase) -> None:
    """Llama 3.1 never asks about the EU; a Llama 3.2 Vision model in the lineage does."""
    lineage = {
        "lineage_any": "yes",
        "lineage_version": "3.2",
        "lineage_takes": "weights",
        "lineage_ships_copies": "same",
        "multimodal": "yes",
        "eu": "no",
        "eu_affiliates_involved": "no",
        "lineage_more": "no",
    }
    answers, terminal = interview(kb, {**DEVELOPER, **lineage})
    assert terminal.asked.index("multimodal") > terminal.asked.index("lineage_takes")
    assert "About Llama 3.2: a question the answers above do not cover yet" in terminal.transcript
    assert answers["lineage"] == [{"version": "3.2", "takes": "weights", "multimodal": True}]
    assert answers["eu"] is False and answers["eu_affiliates_involved"] is False
    assert "multimodal" not in answers  # the main version's own answer is implied, not given
    assert assessed(kb, answers).verdict == "permitted"


def test_an_eu_company_using_llama_32_vision_in_the_lineage_is_prohibited(kb: KnowledgeBase) -> None:
    lineage = {
        "lineage_any": "yes",
        "lineage_version": "3.2",
        "lineage_takes": "weights",
        "lineage_ships_copies": "same",
        "multimodal": "yes",
        "eu": "yes",
        "lineage_more": "no",
    }
    answers, terminal = interview(kb, {**DEVELOPER, **lineage})
    assert "eu_affiliates_involved" not in terminal.asked  # the verdict is decided already
    result = assessed(kb, answers)
    assert result.verdict == "prohibited"
    assert result.main is not None and result.main.verdict == "permitted"


def test_a_text_only_llama_32_model_asks_nothing_more(kb: KnowledgeBase) -> None:
    lineage = {
        "lineage_any": "yes",
        "lineage_version": "3.2",
        "lineage_takes": "outputs",
        "multimodal": "no",
        "lineage_more": "no",
    }
    answers, terminal = interview(kb, {**DEVELOPER, **FINE_TUNE, **lineage})
    assert "eu" not in terminal.asked
    assert answers["lineage"] == [{"version": "3.2", "takes": "outputs", "multimodal": False}]
    assert assessed(kb, answers).verdict == "permitted"


def test_other_parents_are_recorded_with_their_license(kb: KnowledgeBase) -> None:
    parents = {
        "parents_any": ["yes", "no"],
        "parents_more": "no",
        "parent_name": ["", "Qwen/Qwen2.5-7B-Instruct"],
        "parent_license": "apache-2.0",
    }
    answers, terminal = interview(kb, {**DEVELOPER, **FINE_TUNE, **parents})
    assert "type some text" in terminal.transcript
    assert answers["other_parents"] == [{"name": "Qwen/Qwen2.5-7B-Instruct", "license": "apache-2.0"}]
    result = assessed(kb, answers)
    assert [(p.name, p.license) for p in result.other_parents] == [("Qwen/Qwen2.5-7B-Instruct", "apache-2.0")]


def test_someone_who_only_uses_a_finished_product_is_not_asked_about_a_lineage(kb: KnowledgeBase) -> None:
    replies = {"version": "3.1", "role": "end_user", "critical_infrastructure": "no", "aup_concerns": "0"}
    replies |= {"trains_other_model": "no"}
    answers, terminal = interview(kb, replies)
    assert not {"lineage_any", "parents_any"} & set(terminal.asked)
    assert assessed(kb, answers).verdict == "permitted"


# ------------------------------------------------------------------ stopping early, None of these
def test_the_interview_stops_where_the_verdict_is_decided(kb: KnowledgeBase) -> None:
    answers, terminal = interview(kb, {**DEVELOPER, "critical_infrastructure": "yes"})
    assert terminal.asked[-1] == "critical_infrastructure"
    assert not {"aup_concerns", "distributes", "lineage_any"} & set(terminal.asked)
    assert "Later questions not asked" in terminal.transcript
    assert "so the interview stopped before these questions: “Other use-policy concerns”" in flat(terminal.transcript)
    assert assessed(kb, answers).verdict == "prohibited"


def test_a_prefilled_lineage_is_not_assessed_once_the_verdict_is_decided(kb: KnowledgeBase) -> None:
    given = {"version": "3.1", "lineage": [{"version": "3", "takes": "outputs"}]}
    answers, terminal = interview(kb, {**DEVELOPER, "critical_infrastructure": "yes"}, given)
    assert "lineage" not in answers
    assert "The other models listed in the file are not assessed" in flat(terminal.transcript)
    assert assessed(kb, answers).verdict == "prohibited"


def test_the_use_policy_checklist_has_a_none_of_these_item(kb: KnowledgeBase) -> None:
    answers, terminal = interview(kb, {**DEVELOPER, "aup_concerns": ["0, 20", "0"]})
    assert re.search(r"\n +0  None of these\n", terminal.transcript)
    assert "0 means none of these: type it alone" in terminal.transcript
    assert answers["aup_concerns"] == []


def test_ticking_an_item_still_works_beside_the_none_item(kb: KnowledgeBase) -> None:
    answers, _ = interview(kb, {**DEVELOPER, "aup_concerns": "20, 20"})
    assert answers["aup_concerns"] == ["spam"]
    assert assessed(kb, answers).verdict == "prohibited"


# ------------------------------------------------------------------ saving, and --from a file
def test_saved_answers_keep_the_lineage_and_read_back_to_the_same_result(kb: KnowledgeBase, tmp_path: Path) -> None:
    replies = {**DEVELOPER, **FINE_TUNE, **LLAMA_4, "lineage_any": "yes", "lineage_version": "3.3"}
    replies |= {"lineage_takes": "outputs", "lineage_more": "no", "parents_any": ["yes", "no"]}
    replies |= {"parents_more": "no", "parent_name": "Qwen/Qwen2.5-7B-Instruct", "parent_license": "apache-2.0"}
    answers, _ = interview(kb, replies)
    path = tmp_path / "saved.yaml"
    path.write_text(dump_answers(kb, answers), encoding="utf-8")
    data = read_answers(str(path))[0]
    assert data["format"] == 3
    assert data["lineage"] == [{"version": "3.3", "takes": "outputs"}]
    assert data["other_parents"] == [{"name": "Qwen/Qwen2.5-7B-Instruct", "license": "apache-2.0"}]
    assert assess(kb, data).to_dict() == assessed(kb, answers).to_dict()


def test_interview_from_an_answers_file_fills_in_the_lineage(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    replies = {**DEVELOPER, **FINE_TUNE, "lineage_any": "yes", "lineage_version": "3"}
    replies |= {"lineage_takes": "outputs", "lineage_more": "no"}
    answers, _ = interview(kb, replies)
    source = tmp_path / "saved.yaml"
    source.write_text(dump_answers(kb, answers), encoding="utf-8")
    resumed = tmp_path / "resumed.yaml"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # nothing is left to ask
    assert main(["interview", "--from", str(source), "-o", str(resumed)]) == 0
    out = capsys.readouterr().out
    assert "Filled in from the answers file:" in out and "Meta Llama 3 (only what it generated)" in flat(out)
    assert "PROHIBITED" in out
    assert read_answers(str(resumed))[0]["lineage"] == [{"version": "3", "takes": "outputs"}]


def test_interview_from_an_unfinished_file_asks_the_rest(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file of an older format names no lineage, so the lineage questions are asked; a bad answer is asked again."""
    source = tmp_path / "old.yaml"
    source.write_text('format: 2\nversion: "3.1"\nrole: developer\naccess: elsewhere\n', encoding="utf-8")
    replies = dict(DEVELOPER)
    printed: list[str] = []

    def output() -> str:
        printed.append(capsys.readouterr().out)
        return printed[-1]

    terminal = Terminal(kb, replies, output)
    monkeypatch.setattr("builtins.input", terminal)
    assert main(["interview", "--from", str(source)]) == 0
    output()
    text = flat("".join(printed))
    assert "The file's answer to “How you reach the model” is not used" in text
    assert terminal.asked[0] == "access" and "lineage_any" in terminal.asked and "version" not in terminal.asked


def test_a_broken_answers_file_for_from_is_one_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text("format: 3\nlineage: [{version: '3', takes: everything}]\n", encoding="utf-8")
    assert main(["interview", "--from", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("llama-advisor: ") and "takes must be one of" in err and len(err.splitlines()) == 1
