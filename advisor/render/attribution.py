"""ATTRIBUTION.md: the "Built with" phrase, the model-name prefix rule with example
names, and the Notice file, for the assessed Llama version."""

from __future__ import annotations

from typing import Any

from advisor.model import Assessment, KnowledgeBase
from advisor.render.context import ReportDetails, report_context
from advisor.render.environment import markdown_environment
from advisor.render.escaping import tidy_markdown


def attribution_markdown(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: dict[str, Any] | None = None,
    details: ReportDetails | None = None,
) -> str:
    """ATTRIBUTION.md for the assessment's version (Llama 1: why there is none)."""
    context = report_context(kb, assessment, raw_answers, details)
    return tidy_markdown(markdown_environment().get_template("ATTRIBUTION.md.j2").render(context))
