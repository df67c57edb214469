"""What a lineage's entries need asked beyond the main answers, and how they read on the review page.

Each entry is assessed with the main answers as it changes them (advisor.engine.lineage.
entry_answers). A question that assessment needs and the main answers lack is asked: once
for every entry when the main answers would hold it (`eu`), or for the entry itself when
the entry holds that answer (`mau`: each version counts the month before its own release).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from advisor.engine.errors import AnswersError
from advisor.model import KnowledgeBase, LineageEntry, Question
from advisor.rules.wording import say

OWN_FIELDS = tuple(field for field in LineageEntry._fields if field not in ("version", "takes"))
"""Answers an entry gives for itself (the answers file's lineage entry holds them)."""


class Asked(NamedTuple):
    """A question asked for a lineage entry."""

    key: str  # the question id, or own_key() for an answer the entry gives itself
    question: Question
    entry: LineageEntry
    own: bool


class LineageWalk(NamedTuple):
    """The questions the entries need, as far as they are answered."""

    asked: tuple[Asked, ...]  # answered, in asking order
    extras: dict[str, Any]  # the answers shared with the main ones (own answers are in `entries`)
    pending: Asked | None  # the first one not answered yet
    problem: str  # why an entry cannot be assessed with these answers ("" when it can)
    entries: tuple[LineageEntry, ...]  # the entries, their own answers filled in

    def order(self) -> list[str]:
        """The keys in asking order, the pending one last."""
        return [step.key for step in self.steps()]

    def steps(self) -> tuple[Asked, ...]:
        return (*self.asked, *((self.pending,) if self.pending is not None else ()))

    def step(self, key: str) -> Asked | None:
        return next((step for step in self.steps() if step.key == key), None)


def own_key(entry: LineageEntry, question_id: str) -> str:
    """The key of an answer an entry gives itself: "mau@3.3/weights"."""
    return f"{question_id}@{entry.version}/{entry.takes}"


def with_own(entry: LineageEntry, own: Mapping[str, Any]) -> LineageEntry:
    """The entry with the answers given for it on its own pages."""
    given = {field: own[own_key(entry, field)] for field in OWN_FIELDS if own_key(entry, field) in own}
    return entry._replace(**{field: value for field, value in given.items() if getattr(entry, field) is None})


def walk_lineage(
    kb: KnowledgeBase,
    main: dict[str, Any],
    lineage: tuple[LineageEntry, ...],
    entered: Mapping[str, Any],
    own: Mapping[str, Any],
) -> LineageWalk:
    """Each entry's answers as far as the pages hold them (`entered`: the question pages',
    `own`: an entry's own pages', by own_key), up to the first question missing."""
    from advisor.engine.answers import next_question
    from advisor.engine.early import decided_early
    from advisor.engine.lineage import entry_answers
    from advisor.gui.messages import sentence

    extras: dict[str, Any] = {}
    asked: list[Asked] = []
    done: list[LineageEntry] = []

    def walk(problem: str = "", pending: Asked | None = None) -> LineageWalk:
        return LineageWalk(tuple(asked), extras, pending, problem, (*done, *lineage[len(done) :]))

    for number, entry in enumerate(lineage, 1):
        while True:
            values = entry_answers(entry, {**main, **extras})
            try:
                question = next_question(kb, values)
                if question is None or decided_early(kb, values):
                    break  # complete, or stopped where its verdict is decided (as `assess` takes it)
            except AnswersError as exc:
                return walk(_problem(kb, number, entry, sentence(exc.message)))
            own_answer = question.id in OWN_FIELDS and getattr(entry, question.id) is None
            key = own_key(entry, question.id) if own_answer else question.id
            step = Asked(key, question, entry, own_answer)
            answers = own if own_answer else entered
            if any(earlier.key == key for earlier in asked):  # the entry sets it aside: asking again cannot help
                reason = say(kb.wording, "wizard_lineage.set_by_entry", label=question.label)
                return walk(_problem(kb, number, entry, reason))
            if key not in answers:
                return walk(pending=step)
            if own_answer:
                entry = entry._replace(**{question.id: answers[key]})
            else:
                extras[question.id] = answers[key]
            asked.append(step)
        done.append(entry)
    return walk()


def _problem(kb: KnowledgeBase, number: int, entry: LineageEntry, reason: str) -> str:
    """Why entry `number` cannot be assessed, naming it as the lineage page does."""
    title = say(kb.wording, "wizard_lineage.entry_title", number=number)
    name = kb.versions[entry.version].name
    return say(kb.wording, "wizard_lineage.problem", title=title, version_name=name, reason=reason)


def entry_words(kb: KnowledgeBase, entry: LineageEntry) -> str:
    """One entry in plain words: "Llama 3.3: only outputs it generated"."""
    parts = [say(kb.wording, f"wizard_lineage.review_{entry.takes}")]
    if entry.access is not None:
        parts.append(say(kb.wording, f"wizard_lineage.review_{entry.access}"))
    if entry.ships_copies is not None:
        copies = "wizard_lineage.review_copies_yes" if entry.ships_copies else "wizard_lineage.review_copies_no"
        parts.append(say(kb.wording, copies))
    if entry.multimodal is not None:
        vision = "wizard_lineage.review_vision_yes" if entry.multimodal else "wizard_lineage.review_vision_no"
        parts.append(say(kb.wording, vision))
    name = kb.versions[entry.version].name
    return say(kb.wording, "wizard_lineage.review_entry", version_name=name, value="; ".join(parts))


def asked_for_label(kb: KnowledgeBase, question: Question, entry: LineageEntry) -> str:
    """A question asked for a lineage entry, named with its version: "EU domicile (for Llama 3.2)"."""
    name = kb.versions[entry.version].name
    return say(kb.wording, "wizard_lineage.review_for", label=question.label, version_name=name)
