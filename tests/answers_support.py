"""Answers the tests share: the Llama 3.1 developer, as data and as answers-file text.

Any test folder imports it (``from answers_support import DEVELOPER_31``): tests/ is on
sys.path because of tests/conftest.py.
"""

from __future__ import annotations

import copy
from typing import Any

# A developer on Llama 3.1 who ships copies of a product holding the model, with a few users,
# no prohibited use and no other model trained: a permitted use with every attribution duty.
# These are all the questions the interview asks on that path, in its order.
DEVELOPER_31: dict[str, Any] = {
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

# The questions format 3 added on that path (a format-2 file leaves them out: they take the
# value format 2 meant, advisor.engine.answers_format.FORMAT3_DEFAULTS).
FORMAT3_ONLY = ("takes", "separate_license_from_meta", "weights_fetched_on_first_run", "own_terms")

# Questions that answers files of v0.1.0 (no `format` key) did not have: the advisor assumes them.
NOT_IN_V0_1 = ("access", "ships_copies", *FORMAT3_ONLY)


def as_format_2(answers: dict[str, Any]) -> dict[str, Any]:
    """The same answers as a format-2 file gives them (without its `format` key): without the
    questions format 3 added, and with the written-grant answer only above 700 million users
    (where format 2 asked it)."""
    mau = answers.get("mau")
    over = mau == "far_above_threshold" or (type(mau) is int and mau > 700_000_000)
    kept = ("separate_license_from_meta",) if over else ()
    return {
        key: value for key, value in answers.items() if key != "format" and (key not in FORMAT3_ONLY or key in kept)
    }


def v0_1(answers: dict[str, Any]) -> dict[str, Any]:
    """The same answers as a v0.1.0 file gives them (without the questions added since)."""
    return {key: value for key, value in answers.items() if key not in (*NOT_IN_V0_1, "format")}


def answers_text(answers: dict[str, Any]) -> str:
    """YAML text as a person writes it, one answer a line: `version: "3.1"`, `mau: 5`, `aup_concerns: []`."""
    lines = []
    for key, value in answers.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, list):
            text = "[" + ", ".join(str(item) for item in value) + "]"
        elif key == "version":
            text = f'"{value}"'
        else:
            text = str(value)
        lines.append(f"{key}: {text}\n")
    return "".join(lines)


def answers_along_path(kb: Any, given: dict[str, Any], stop_at: str | None = None) -> dict[str, Any]:
    """The answers from `given` to each question the interview asks, in order, up to `stop_at`.

    A question that `given` does not answer fails the test, naming the question: a question
    added to the interview must be answered on purpose, not with a made-up value.
    """
    from advisor.engine.answers import next_question

    answers: dict[str, Any] = {}
    while (question := next_question(kb, answers)) is not None and question.id != stop_at:
        if question.id not in given:
            raise AssertionError(
                f"the interview asks {question.id!r} after {list(answers)}, but the test's answers do not answer it"
            )
        answers[question.id] = copy.deepcopy(given[question.id])
    if stop_at is not None and question is None:
        raise AssertionError(f"the interview ends after {list(answers)} without asking {stop_at!r}")
    return answers
