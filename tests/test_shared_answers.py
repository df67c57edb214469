"""The answers the tests share (tests/answers_support.py) stay what their names say."""

from __future__ import annotations

import pytest
from answers_support import DEVELOPER_31, answers_along_path

from advisor.engine import assess
from advisor.model import ANSWERS_FORMAT, KnowledgeBase


def test_the_llama_31_developer_answers_exactly_the_questions_asked(kb: KnowledgeBase) -> None:
    assert answers_along_path(kb, DEVELOPER_31) == DEVELOPER_31  # every question on the path, in order
    assessment = assess(kb, {"format": ANSWERS_FORMAT, **DEVELOPER_31})
    assert assessment.verdict == "permitted"
    assert {"license_copy", "built_with", "notice"} <= {obligation.id for obligation in assessment.obligations}


def test_a_question_the_test_does_not_answer_fails_it_by_name(kb: KnowledgeBase) -> None:
    without_access = {key: value for key, value in DEVELOPER_31.items() if key != "access"}
    with pytest.raises(AssertionError, match="the interview asks 'access' after \\['version', 'role'\\]"):
        answers_along_path(kb, without_access)
    assert list(answers_along_path(kb, without_access, stop_at="access")) == ["version", "role"]
    with pytest.raises(AssertionError, match="without asking 'separate_license_from_meta'"):
        answers_along_path(kb, DEVELOPER_31, stop_at="separate_license_from_meta")  # only asked above 700 million
