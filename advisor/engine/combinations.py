"""Every complete set of answers the interview can produce (for exhaustive checks)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from advisor.engine.answers import next_question
from advisor.engine.compiled import compiled
from advisor.model import KnowledgeBase, Question

DEFAULT_MAU_VALUES = (0, 700_000_000, 700_000_001)


def answer_domain(
    kb: KnowledgeBase, question: Question, answers: dict[str, Any], mau_values: tuple[int, ...]
) -> list[Any]:
    """The values tried for one question: every choice; for lists none, each single one, and all."""
    if question.type == "bool":
        return [False, True]
    if question.type == "int":
        return [*mau_values, *(choice.value for choice in question.choices)]
    if question.type == "choice":
        facts = kb.versions.get(answers.get("version", ""))
        ck = compiled(kb)
        return [c.value for c in question.choices if ck.choice_open(question, c.value, answers, facts)]
    facts = kb.versions[answers["version"]]
    ids = list(compiled(kb).multi_choices(question, facts))
    return [[], *([item] for item in ids), ids]


def all_answer_combinations(
    kb: KnowledgeBase, mau_values: tuple[int, ...] = DEFAULT_MAU_VALUES
) -> Iterator[dict[str, Any]]:
    """Walk the interview, branching on every relevant question's domain."""
    pending: list[dict[str, Any]] = [{}]
    while pending:
        answers = pending.pop()
        question = next_question(kb, answers)
        if question is None:
            yield answers
            continue
        for value in reversed(answer_domain(kb, question, answers, mau_values)):
            pending.append({**answers, question.id: value})
