"""Stopping the interview early: when the answers so far already make the use prohibited.

`prohibited` is the most severe verdict, so once a settled (not `unsettled`) prohibited
rule fires on answered questions alone, no later answer can change the verdict. The
wizard then goes to Review; `assess` itself still requires every relevant answer, so
`assess_decided` assesses such a path with the answers given and nothing filled in.
`questions_ahead` estimates what is left to ask, for "Question n of about m".
"""

from __future__ import annotations

from typing import Any

from advisor.engine.answers import next_question, relevant_answers
from advisor.engine.answers_format import UpgradedAnswers
from advisor.engine.compiled import compiled
from advisor.engine.conditions import specialise
from advisor.engine.errors import AnswersError
from advisor.engine.evaluate import assessment_of
from advisor.model import ANSWERS_FORMAT, VERDICTS, Assessment, KnowledgeBase, Note, Question, VersionFacts
from advisor.rules.conditions import answers_named
from advisor.rules.wording import say


def decided_early(kb: KnowledgeBase, partial: dict[str, Any]) -> bool:
    """True when the answers so far already fire a settled `prohibited` verdict rule that
    reads only answered questions (so no later answer can change the verdict).

    Raises AnswersError when the answers given so far are invalid.
    """
    return bool(_deciding_rules(kb, relevant_answers(kb, partial)))


def _deciding_rules(kb: KnowledgeBase, values: dict[str, Any]) -> tuple[str, ...]:
    version = values.get("version")
    if version is None:
        return ()
    facts = kb.versions[version]
    answered = set(values) | _never_asked(kb, values, facts)
    return tuple(
        entry.rule.id
        for entry in compiled(kb).rules_by_version[facts.id]
        if entry.rule.kind == "verdict"
        and entry.rule.outcome == VERDICTS[-1]  # the most severe: no later answer can lower it
        and not entry.rule.unsettled
        and answers_named(entry.rule.when) <= answered  # a `not:` over a missing answer would be true
        and (not entry.rule.for_each or values.get(entry.rule.for_each))  # a reason to give for each item
        and entry.when(values, facts)
    )


def _never_asked(kb: KnowledgeBase, values: dict[str, Any], facts: VersionFacts) -> set[str]:
    """Questions no later answer can make relevant: every answer their condition reads is
    given, and it is false. A rule's `not:` over one of them holds for good."""
    ck = compiled(kb)
    answered = set(values)
    return {
        entry.question.id
        for entry in ck.questions
        if entry.question.id not in answered
        and answers_named(entry.question.relevant_when) <= answered
        and not entry.relevant(values, facts)
    }


def stops_early(kb: KnowledgeBase, partial: dict[str, Any]) -> bool:
    """The answers stop before the interview's end, exactly where the verdict is decided."""
    return next_question(kb, partial) is not None and decided_early(kb, partial)


def assess_decided(kb: KnowledgeBase, partial: dict[str, Any]) -> Assessment:
    """Assess an interview stopped where `decided_early` holds: the rules run over the
    answers given, with nothing filled in, and a note names the questions not asked.
    Answers given after the stop are listed as unused. Raises AnswersError when the
    answers are invalid or the verdict is not decided yet (`assess` takes the rest).
    """
    values = relevant_answers(kb, partial)
    deciding = _deciding_rules(kb, values)
    if not deciding:
        pending = next_question(kb, partial)
        label = pending.label if pending is not None else "?"
        raise AnswersError(f"the verdict is not decided yet; answer “{label}” first", pending.id if pending else None)
    facts = kb.versions[values["version"]]
    unused = tuple(key for key in compiled(kb).question_ids if key in partial and key not in values)
    assessment = assessment_of(kb, facts, values, unused, UpgradedAnswers(values, ANSWERS_FORMAT, (), ()))
    return assessment._replace(notes=(*assessment.notes, _stop_note(kb, partial, deciding[0], assessment)))


def _stop_note(kb: KnowledgeBase, partial: dict[str, Any], rule_id: str, assessment: Assessment) -> Note:
    """Why the interview stopped, citing the deciding rule's source."""
    reason = next(finding for finding in assessment.reasons if finding.rule == rule_id)
    title = say(kb.wording, "stop.title")
    return Note(rule_id, title, stop_text(kb, partial), reason.source, reason.document_title)


def stop_text(kb: KnowledgeBase, partial: dict[str, Any]) -> str:
    """Why the interview stopped early, naming the questions not asked (review page and result)."""
    skipped = ", ".join(
        say(kb.wording, "stop.question", title=question.label) for question in questions_ahead(kb, partial)
    )
    return say(kb.wording, "stop.text", parts=skipped)


def questions_ahead(kb: KnowledgeBase, partial: dict[str, Any]) -> tuple[Question, ...]:
    """The questions still to ask on the current path, as far as the answers so far tell:
    the next one, and each later one that is relevant now or may become so (its condition
    reads a question not answered yet). An estimate: later answers may skip some."""
    ck = compiled(kb)
    values = relevant_answers(kb, partial)
    pending = next_question(kb, partial)
    if pending is None:
        return ()
    facts = kb.versions[values["version"]] if "version" in values else None
    start = ck.question_ids.index(pending.id)
    ahead: list[Question] = [pending]
    open_ids = {pending.id}  # questions that may still be answered
    known = dict(values)
    for entry in ck.questions[start + 1 :]:
        fixed = next((imp for imp, when in entry.implied if when(known, facts)), None) if facts else None
        if fixed is not None:
            known[entry.question.id] = fixed.value  # the version fixes it: never asked
            continue
        condition = specialise(entry.question.relevant_when, facts, facts.id) if facts else entry.question.relevant_when
        if condition is False:
            continue  # the version rules it out
        named = answers_named(condition) if not isinstance(condition, bool) else set()
        if not named & open_ids and not entry.relevant(known, facts):
            continue  # decided by answers given (or by questions that will not be asked): not asked
        ahead.append(entry.question)
        open_ids.add(entry.question.id)
    return tuple(ahead)
