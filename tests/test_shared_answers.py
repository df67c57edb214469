"""The answers the tests share (tests/answers_support.py) stay what their names say."""

from __future__ import annotations

import pytest
from answers_support import DEVELOPER_31, FORMAT3_ONLY, answers_along_path, as_format_2, v0_1

from advisor.engine import assess
from advisor.model import ANSWERS_FORMAT, KnowledgeBase


def test_the_llama_31_developer_answers_exactly_the_questions_asked(kb: KnowledgeBase) -> None:
    assert answers_along_path(kb, DEVELOPER_31) == DEVELOPER_31  # every question on the path, in order
    assessment = assess(kb, {"format": ANSWERS_FORMAT, **DEVELOPER_31})
    assert assessment.verdict == "permitted"
    assert assessment.certainty == "settled"
    assert {"license_copy", "built_with", "notice"} <= {obligation.id for obligation in assessment.obligations}


def test_the_shared_developer_as_an_older_file_assesses_the_same(kb: KnowledgeBase) -> None:
    """Format 2 and v0.1.0 files leave out the questions format 3 added; they mean what DEVELOPER_31 answers."""
    today = assess(kb, {"format": ANSWERS_FORMAT, **DEVELOPER_31})
    format_2 = {"format": 2, **as_format_2(DEVELOPER_31)}
    assert not set(FORMAT3_ONLY) & set(format_2)
    for older in (assess(kb, format_2), assess(kb, v0_1(DEVELOPER_31))):
        assert (older.verdict, older.certainty) == (today.verdict, today.certainty)
        assert older.obligations == today.obligations
        assert older.attribution == today.attribution
        assert [r.rule for r in older.reasons] == [r.rule for r in today.reasons]
        assert {key: older.answers[key] for key in FORMAT3_ONLY} == {key: DEVELOPER_31[key] for key in FORMAT3_ONLY}
        assert not set(FORMAT3_ONLY) & set(older.to_dict()["answers"])  # not echoed back


def test_a_question_the_test_does_not_answer_fails_it_by_name(kb: KnowledgeBase) -> None:
    without_access = {key: value for key, value in DEVELOPER_31.items() if key != "access"}
    with pytest.raises(AssertionError, match="the interview asks 'access' after \\['version', 'role'\\]"):
        answers_along_path(kb, without_access)
    assert list(answers_along_path(kb, without_access, stop_at="access")) == ["version", "role"]
    with pytest.raises(AssertionError, match="without asking 'adapter_only'"):
        answers_along_path(kb, DEVELOPER_31, stop_at="adapter_only")  # only asked of a fine-tune handed out
