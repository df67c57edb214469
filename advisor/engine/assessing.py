"""Assess an answers mapping: upgrade and check it, then evaluate the rules (or stop early)."""

from __future__ import annotations

from typing import Any

from advisor.engine.answers import check_answers
from advisor.engine.answers_format import COMPLETE_KEY, UpgradedAnswers, upgrade_answers
from advisor.engine.early import assess_decided, stops_early
from advisor.engine.errors import AnswersError
from advisor.engine.evaluate import assessment_of
from advisor.model import ANSWERS_FORMAT, Assessment, KnowledgeBase


def assess(kb: KnowledgeBase, raw_answers: Any) -> Assessment:
    """Assess an answers mapping (any known format). Raises AnswersError for invalid answers.

    A file of format 2 or later may stop where the verdict is decided (advisor.engine.early);
    its assessment says which questions were not asked. `complete: false` marks an
    unfinished interview, which is never assessed. A format-3 `lineage` is assessed entry
    by entry and combined (advisor.engine.lineage).
    """
    upgraded = upgrade_answers(raw_answers)
    main = _assess_version(kb, upgraded.values, upgraded)
    if not upgraded.lineage and not upgraded.other_parents:
        return main
    from advisor.engine.lineage import assess_lineage  # only for a file with a lineage

    def assess_part(values: dict[str, Any]) -> Assessment:
        return _assess_version(kb, values, UpgradedAnswers(values, ANSWERS_FORMAT, (), (), upgraded.meta))

    return assess_lineage(kb, main, upgraded, assess_part)


def _assess_version(kb: KnowledgeBase, values: dict[str, Any], upgraded: UpgradedAnswers) -> Assessment:
    try:
        checked = check_answers(kb, values, closed_choices=upgraded.format != 1, defaults=upgraded.defaults)
    except AnswersError:
        if upgraded.format == 1 or upgraded.meta.get(COMPLETE_KEY) is False:
            raise
        if not stops_early(kb, values):  # not an interview stopped where the verdict was decided
            raise
        return assess_decided(kb, values)
    return assessment_of(kb, checked.version, checked.values, checked.unused, upgraded)
