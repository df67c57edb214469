"""Assess a lineage: each other Llama version the product takes from, then one combined result.

Each lineage entry is assessed as a use of its own version: the main answers, changed
as the entry says (what it takes, whether its copies ship, whether it is multimodal).
Outputs of a version that trained the main model are a use of that version's outputs to
improve a model of another Llama version; weights of a version merged into a fine-tune
of the main version make the result a merge of the two. The combined verdict is the
most severe; certainty is unsettled when any part's is; each duty says which versions
impose it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advisor.engine.answers_format import UpgradedAnswers
from advisor.engine.errors import AnswersError
from advisor.model import (
    OBLIGATION_IDS,
    VERDICTS,
    Assessment,
    Attribution,
    KnowledgeBase,
    LineageEntry,
    LineagePart,
    NextStep,
    Note,
    Obligation,
)
from advisor.rules.wording import say

TRAINING_KEYS = ("trains_other_model", "other_model_kind", "other_model_distributed")
MERGED = "merged_llama"  # other_model_kind: a merge of the version with a model of another Llama version


def entry_answers(entry: LineageEntry, given: dict[str, Any]) -> dict[str, Any]:
    """The answers that assess one lineage entry: the main answers as the entry changes them."""
    answers = dict(given)
    answers["version"] = entry.version
    answers["takes"] = entry.takes
    answers.pop("multimodal", None)  # only Llama 3.2 asks it, and it cannot be the main version too
    made_available = any(given.get(key) is True for key in ("distributes", "other_model_distributed"))
    trains = given.get("trains_other_model") is True
    if entry.takes == "outputs":
        answers["distributes"] = False  # the version's own files are not made available
        answers.pop("ships_copies", None)
        if trains:  # its outputs go into the model the main answers train
            kind = given.get("other_model_kind")
            llama_model = kind in ("same_llama", MERGED, "other_llama")
            answers["other_model_kind"] = "other_llama" if llama_model else kind
            answers["other_model_distributed"] = made_available if llama_model else given.get("other_model_distributed")
    elif trains and given.get("other_model_kind") == "same_llama":
        answers.update(other_model_kind=MERGED, other_model_distributed=given.get("other_model_distributed"))
    if entry.ships_copies is not None and entry.takes != "outputs":
        answers["ships_copies"] = entry.ships_copies
    if entry.multimodal is not None:
        answers["multimodal"] = entry.multimodal
    if entry.access is not None and entry.takes != "outputs":
        answers["access"] = entry.access
    if entry.mau is not None:
        answers["mau"] = entry.mau
    elif not isinstance(given.get("mau"), str):  # a count, for the main version's month: each version
        answers.pop("mau", None)  # counts the month before its own release, so the entry gives its own
    return {key: value for key, value in answers.items() if value is not None}


def assess_lineage(
    kb: KnowledgeBase,
    main: Assessment,
    upgraded: UpgradedAnswers,
    assess_one: Callable[[dict[str, Any]], Assessment],
) -> Assessment:
    """The combined assessment of the main version and every lineage entry.

    `assess_one` assesses one version's answers as the main ones were (checked, or an
    interview stopped where the verdict is decided). Raises AnswersError naming the entry.
    """
    parts: list[LineagePart] = []
    given = dict(upgraded.values)
    stopped = any(note.title == say(kb.wording, "stop.title") for note in main.notes)  # decided early
    skipped: list[str] = []
    for number, entry in enumerate(upgraded.lineage, 1):
        where = say(kb.wording, "lineage.entry_error", number=str(number), version=entry.version)
        if entry.version not in kb.versions:
            known = ", ".join(kb.versions)
            raise AnswersError(f"{where}: unknown version; known versions: {known}", "lineage")
        if entry.version == main.version:
            raise AnswersError(f"{where}: {say(kb.wording, 'lineage.same_as_main')}", "lineage")
        try:
            part = assess_one(entry_answers(entry, given))
        except AnswersError as exc:
            if stopped and main.verdict == VERDICTS[-1]:  # its questions were never reached
                skipped.append(kb.versions[entry.version].name)
                continue
            named = f"{exc.key}: " if exc.key else ""
            raise AnswersError(f"{where}: {named}{exc.message}", "lineage") from None
        parts.append(LineagePart(entry, part))
    result = combined(kb, main, tuple(parts), upgraded)
    if skipped:
        stop = next(note for note in main.notes if note.title == say(kb.wording, "stop.title"))
        text = say(kb.wording, "lineage.not_assessed", versions=", ".join(skipped))
        note = Note(stop.rule, say(kb.wording, "lineage.not_assessed_title"), text, stop.source, stop.document_title)
        result = result._replace(notes=(*result.notes, note))
    return result


def combined(
    kb: KnowledgeBase, main: Assessment, parts: tuple[LineagePart, ...], upgraded: UpgradedAnswers
) -> Assessment:
    """One result for the main assessment and its lineage parts (main first everywhere)."""
    every = (main, *(part.assessment for part in parts))
    verdict = VERDICTS[max(VERDICTS.index(a.verdict) for a in every)]
    permitted = verdict == "permitted"
    duties = _merged_duties(every)
    kept = duties if permitted else tuple(o for o in duties if o.id in kb.binds_every_user)
    owing = {o.id for o in duties}
    used = {key for assessment in every[1:] for key in assessment.answers}
    return main._replace(
        verdict=verdict,
        unused=tuple(key for key in main.unused if key not in used),  # a lineage version needed it
        certainty="unsettled" if any(a.certainty == "unsettled" for a in every) else "settled",
        obligations=kept,
        if_licensed=() if permitted else tuple(o for o in duties if o.id not in kb.binds_every_user),
        attribution=_attribution(every, owing) if permitted else Attribution(None, None, None),
        next_steps=_merged_steps(every),
        lineage=parts,
        other_parents=upgraded.other_parents,
        other_parent_note=say(kb.wording, "lineage.other_parent_note") if upgraded.other_parents else "",
        main=main,
    )


def _merged_duties(every: tuple[Assessment, ...]) -> tuple[Obligation, ...]:
    """Each duty once, worded as the first version that imposes it, with every such version."""
    first: dict[str, Obligation] = {}
    versions: dict[str, list[str]] = {}
    for assessment in every:
        for duty in (*assessment.obligations, *assessment.if_licensed):
            first.setdefault(duty.id, duty)
            named = versions.setdefault(duty.id, [])
            if assessment.version not in named:
                named.append(assessment.version)
    return tuple(first[key]._replace(versions=tuple(versions[key])) for key in OBLIGATION_IDS if key in first)


def _attribution(every: tuple[Assessment, ...], owing: set[str]) -> Attribution:
    """The main version's strings (or the first version's that owes one), and every Notice line."""

    def first(field: str) -> str | None:
        return next((getattr(a.attribution, field) for a in every if getattr(a.attribution, field)), None)

    notices = tuple(dict.fromkeys(a.attribution.notice for a in every if a.attribution.notice))
    main = every[0].attribution
    return Attribution(
        built_with=main.built_with or (first("built_with") if "built_with" in owing else None),
        notice=main.notice,
        name_prefix=main.name_prefix or (first("name_prefix") if "name_prefix" in owing else None),
        notices=notices,
    )


def _merged_steps(every: tuple[Assessment, ...]) -> tuple[NextStep, ...]:
    steps: dict[str, NextStep] = {}
    for assessment in every:
        for step in assessment.next_steps:
            steps.setdefault(step.id, step)
    return tuple(steps.values())
