"""Assess an answers mapping: upgrade and check it, then evaluate the rules (or stop early)."""

from __future__ import annotations

from typing import Any

from advisor.engine.answers import check_answers
from advisor.engine.answers_format import COMPLETE_KEY, upgrade_answers
from advisor.engine.early import assess_decided, stops_early
from advisor.engine.errors import AnswersError
from advisor.engine.evaluate import assessment_of
from advisor.model import ANSWERS_FORMAT, Assessment, KnowledgeBase


def assess(kb: KnowledgeBase, raw_answers: Any) -> Assessment:
    """Assess an answers mapping (any known format). Raises AnswersError for invalid answers.

    A format-2 file may stop where the verdict is decided (advisor.engine.early); its
    assessment says which questions were not asked. `complete: false` marks an unfinished
    interview, which is never assessed.
    """
    upgraded = upgrade_answers(raw_answers)
    try:
        checked = check_answers(kb, upgraded.values, closed_choices=upgraded.format == ANSWERS_FORMAT)
    except AnswersError:
        if upgraded.format != ANSWERS_FORMAT or upgraded.meta.get(COMPLETE_KEY) is False:
            raise
        if not stops_early(kb, upgraded.values):  # not an interview stopped where the verdict was decided
            raise
        return assess_decided(kb, upgraded.values)
    return assessment_of(kb, checked.version, checked.values, checked.unused, upgraded)
