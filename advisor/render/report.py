"""The compliance report in Markdown, HTML, PDF and Word, all laid out from one result view.

The view (:mod:`advisor.render.assessment_view`) holds every section, heading and
sentence; each format here only lays it out. The PDF is the view's HTML laid out by
Qt (:mod:`advisor.render.pdf`, imported only when needed), and the Word file is
written by python-docx (:mod:`advisor.render.docx_file`, likewise).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from advisor.model import Assessment, KnowledgeBase
from advisor.render.assessment_view import assessment_view, document_title
from advisor.render.context import ReportDetails
from advisor.render.formats import REPORT_FORMATS
from advisor.render.html_text import render_html
from advisor.render.markdown_text import render_markdown
from advisor.render.view import ResultView

FORMATS = REPORT_FORMATS
_HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$", re.MULTILINE)


def report_view(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: Mapping[str, Any] | None = None,
    details: ReportDetails | None = None,
) -> ResultView:
    """The report's view, with its time fixed once so that every document of a run agrees."""
    return assessment_view(kb, assessment, raw_answers, fixed_time(details))


def report_markdown(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: Mapping[str, Any] | None = None,
    details: ReportDetails | None = None,
) -> str:
    """The report as Markdown text."""
    return render_markdown(report_view(kb, assessment, raw_answers, details))


def report_html(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: Mapping[str, Any] | None = None,
    details: ReportDetails | None = None,
    *,
    for_print: bool = False,
) -> str:
    """The report as a standalone HTML page."""
    return render_html(report_view(kb, assessment, raw_answers, details), for_print=for_print)


def view_pdf(view: ResultView, *, paper: str = "a4") -> bytes:
    """PDF bytes of a result view, through the same HTML as report_html."""
    from advisor.render.pdf import html_to_pdf

    info = view.info
    page = render_html(view, for_print=True)
    return html_to_pdf(
        page,
        paper=paper,
        title=info.title,
        footer=info.footer,
        author=info.author,
        subject=info.subject,
        page=info.page,
    )


def report_pdf(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: Mapping[str, Any] | None = None,
    details: ReportDetails | None = None,
    *,
    paper: str = "a4",
) -> bytes:
    """The report as PDF bytes (Qt is imported here, not before)."""
    return view_pdf(report_view(kb, assessment, raw_answers, details), paper=paper)


def report_docx(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: Mapping[str, Any] | None = None,
    details: ReportDetails | None = None,
    *,
    paper: str = "a4",
) -> bytes:
    """The report as an editable Word document (python-docx is imported here, not before)."""
    from advisor.render.docx_file import render_docx

    details = fixed_time(details)
    return render_docx(assessment_view(kb, assessment, raw_answers, details), details.timestamp(), paper=paper)


def report_title(kb: KnowledgeBase, details: ReportDetails) -> str:
    return document_title(kb, details)


def fixed_time(details: ReportDetails | None) -> ReportDetails:
    """Details with the timestamp resolved once, so every document of a run agrees."""
    details = details or ReportDetails()
    return details._replace(generated=details.timestamp())


def render_report(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: Mapping[str, Any] | None = None,
    details: ReportDetails | None = None,
    *,
    fmt: str = "md",
    paper: str = "a4",
) -> bytes:
    """The report in one of FORMATS, as the bytes of the file to write."""
    if fmt == "md":
        return report_markdown(kb, assessment, raw_answers, details).encode("utf-8")
    if fmt == "html":
        return report_html(kb, assessment, raw_answers, details).encode("utf-8")
    if fmt == "pdf":
        return report_pdf(kb, assessment, raw_answers, details, paper=paper)
    if fmt == "docx":
        return report_docx(kb, assessment, raw_answers, details, paper=paper)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def markdown_headings(text: str) -> list[str]:
    """The headings of a Markdown document, in order, unescaped (for checks)."""
    import html

    headings = []
    for match in _HEADING.finditer(text):
        headings.append(html.unescape(re.sub(r"\\(.)", r"\1", match.group(2))))
    return headings
