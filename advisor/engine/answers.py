"""Check an answers mapping against the interview, and find the next question to ask.

Only questions relevant to the earlier answers are required; a needed answer that is
missing is an error naming it. Answers that a version fact fixes (for example
`multimodal` for Llama 4) are filled in, and a contradicting answer is an error. Known
answers that do not matter for the case are kept aside as unused.
"""

# No `from __future__ import annotations`: typing.NamedTuple would compile each field's annotation.
from collections.abc import Mapping
from typing import Any, NamedTuple

from advisor.engine.compiled import CompiledKnowledge, compiled
from advisor.engine.errors import AnswersError
from advisor.model import EMPTY, KnowledgeBase, Question, VersionFacts


class CheckedAnswers(NamedTuple):
    version: VersionFacts
    values: dict[str, Any]  # relevant and implied answers, in interview order
    unused: tuple[str, ...]  # given, valid, but not needed for this case


def check_answers(
    kb: KnowledgeBase, raw: Any, closed_choices: bool = True, defaults: Mapping[str, Any] = EMPTY
) -> CheckedAnswers:
    """Validate a complete answers mapping; raise AnswersError on the first problem.

    closed_choices=False accepts a choice that today's interview no longer offers after the
    earlier answers (a v0.1.0 file written before the choice was closed); rules flag it.
    `defaults` answers a relevant question the mapping leaves out (an older file's meaning).
    """
    values, unused, pending, facts = _walk(compiled(kb), raw, True, closed_choices, defaults)
    assert pending is None and facts is not None
    return CheckedAnswers(facts, values, unused)


def next_question(kb: KnowledgeBase, partial: dict[str, Any]) -> Question | None:
    """The first relevant question that `partial` does not answer yet (None when done).

    Raises AnswersError when the answers given so far are invalid.
    """
    return _walk(compiled(kb), partial, strict=False)[2]


def relevant_answers(kb: KnowledgeBase, partial: dict[str, Any]) -> dict[str, Any]:
    """The answers of `partial` that still matter, up to the first unanswered question."""
    return _walk(compiled(kb), partial, strict=False)[0]


def _walk(
    ck: CompiledKnowledge, raw: Any, strict: bool, closed_choices: bool = True, defaults: Mapping[str, Any] = EMPTY
) -> tuple[dict[str, Any], tuple[str, ...], Question | None, VersionFacts | None]:
    if not isinstance(raw, dict):
        raise AnswersError(f"the answers must be a mapping of question ids to answers, not {_kind(raw)}")
    for key in raw:
        if key not in ck.question_ids:
            import difflib  # only when there is a mistake to name

            hint = difflib.get_close_matches(str(key).lower(), ck.question_ids, n=1, cutoff=0.6)
            suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
            raise AnswersError(f"unknown key{suggestion}; valid keys: {', '.join(ck.question_ids)}", str(key))
    values: dict[str, Any] = {}
    unused: list[str] = []
    facts: VersionFacts | None = None
    for entry in ck.questions:
        question = entry.question
        qid = question.id
        given = qid in raw
        value: Any = ck.normalise(question, raw[qid], facts) if given else None
        defaulted = not given and qid in defaults
        if defaulted:
            given, value = True, defaults[qid]
        if facts is not None:
            fixed = next((imp for imp, when in entry.implied if when(values, facts)), None)
            if fixed is not None:
                if given and not defaulted and value != fixed.value:
                    raise AnswersError(fixed.error.format(**ck.placeholders(facts)), qid)
                values[qid] = fixed.value
                continue
        if not entry.relevant(values, facts):
            if given and not defaulted:
                unused.append(qid)
            continue
        if not given:
            if strict:
                raise AnswersError(f"missing answer: {_prompt(question, facts, ck)}", qid)
            return values, tuple(unused), question, facts
        closed = entry.closed.get(value) if entry.closed and closed_choices else None
        if closed is not None and not closed[0](values, facts):
            raise AnswersError(ck.fill(closed[1], facts), qid)
        values[qid] = value
        if qid == "version":
            facts = ck.kb.versions[value]
    return values, tuple(unused), None, facts


def _prompt(question: Question, facts: VersionFacts | None, ck: CompiledKnowledge) -> str:
    return ck.fill(question.prompt, facts)


def _kind(value: Any) -> str:
    if value is None:
        return "an empty document"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "plain text"
    return f"a {type(value).__name__}"


def next_question_after(kb: KnowledgeBase, answers: dict[str, Any], question_id: str) -> Question | None:
    """The question that follows `question_id`, judged only on the answers up to it.

    Later answers in `answers` are ignored, so a wizard shows every relevant question
    again after an earlier answer changes, instead of skipping ones answered before.
    """
    order = compiled(kb).question_ids
    earlier = set(order[: order.index(question_id) + 1])
    return next_question(kb, {key: value for key, value in answers.items() if key in earlier})
