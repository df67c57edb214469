"""The result view of an assessment: one version's, or a lineage's with a section for each version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.model import Assessment, KnowledgeBase
from advisor.render.context import ReportDetails
from advisor.render.lineage_view import LineageBuilder
from advisor.render.version_view import ViewBuilder, citation, document_title, duties_progress
from advisor.render.view import ResultView

__all__ = ["assessment_view", "citation", "document_title", "duties_progress"]


def assessment_view(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: Mapping[str, Any] | None = None,
    details: ReportDetails | None = None,
    *,
    record: bool = True,
) -> ResultView:
    """The result view of an assessment (`raw_answers`: the answers as given, for the record).

    `record` False leaves out the parts only a kept report has (the terminal and the wizard
    show none of them), so they are not built."""
    raw = dict(raw_answers) if raw_answers is not None else dict(assessment.answers)
    if assessment.lineage or assessment.other_parents:
        return LineageBuilder(kb, assessment, raw, details or ReportDetails()).view(record)
    return ViewBuilder(kb, assessment, raw, details or ReportDetails()).view(record)
