"""ATTRIBUTION.md: the "Built with" phrase, the model-name prefix rule with example
names, and the Notice file, for the assessed Llama version; NOT-LICENSED.md in its
place when the use is not licensed."""

from __future__ import annotations

from typing import Any

from advisor.model import Assessment, KnowledgeBase
from advisor.render.context import ReportDetails, report_context
from advisor.render.environment import markdown_environment
from advisor.render.escaping import tidy_markdown


def render_markdown_template(
    template: str,
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: dict[str, Any] | None = None,
    details: ReportDetails | None = None,
) -> str:
    """A Markdown document from one of the bundle's templates, given the report's context."""
    context = report_context(kb, assessment, details)
    return tidy_markdown(markdown_environment().get_template(template).render(context))


def attribution_markdown(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: dict[str, Any] | None = None,
    details: ReportDetails | None = None,
) -> str:
    """ATTRIBUTION.md for the assessment's version (Llama 1: why there is none)."""
    return render_markdown_template("ATTRIBUTION.md.j2", kb, assessment, raw_answers, details)


def not_licensed_markdown(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: dict[str, Any] | None = None,
    details: ReportDetails | None = None,
) -> str:
    """NOT-LICENSED.md: why a bundle for a use that is not licensed has no attribution kit."""
    return render_markdown_template("NOT-LICENSED.md.j2", kb, assessment, raw_answers, details)
