"""The compliance report in Markdown, HTML and PDF, all from one Markdown source.

``report.md.j2`` is the only template with the report's content. The HTML is that
Markdown converted with the ``markdown`` package (tables extension) and placed in
an autoescaped HTML shell (``report.html.j2``, styles only); the PDF is the same
HTML laid out by Qt (see :mod:`advisor.render.pdf`, imported only when needed).
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

from advisor.model import Assessment, KnowledgeBase
from advisor.render.context import DEFAULT_TITLE, ReportDetails, report_context
from advisor.render.environment import html_environment, markdown_environment
from advisor.render.escaping import isolate, strip_bidi, tidy_markdown

FORMATS = ("md", "html", "pdf")
PAPERS = ("a4", "letter")
_CHECKBOX = re.compile(r"<li>(\s*<p>)?\[([ x])\] ")
_BOXES = {" ": "\N{BALLOT BOX}", "x": "\N{BALLOT BOX WITH CHECK}"}
_CHECKLIST = re.compile(r"<ul>(\s*<li>(?:\s*<p>)?[\N{BALLOT BOX}\N{BALLOT BOX WITH CHECK}])")
_HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$", re.MULTILINE)


def render_markdown_template(
    template: str,
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: dict[str, Any] | None = None,
    details: ReportDetails | None = None,
) -> str:
    """A Markdown document from one of the templates, given the report's context."""
    context = report_context(kb, assessment, raw_answers, details)
    return tidy_markdown(markdown_environment().get_template(template).render(context))


def report_markdown(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: dict[str, Any] | None = None,
    details: ReportDetails | None = None,
) -> str:
    """The report as Markdown text (the source of the HTML and PDF forms)."""
    return render_markdown_template("report.md.j2", kb, assessment, raw_answers, details)


def markdown_to_html(text: str) -> str:
    """HTML body converted from one of the advisor's Markdown documents."""
    import markdown
    from markdown.extensions.tables import TableExtension

    body = markdown.Markdown(extensions=[TableExtension()], output_format="html").convert(text)
    # Checklist items ("- [ ] ...") get a real box, and tables the attributes Qt reads.
    body, boxes = _CHECKBOX.subn(lambda m: f"<li>{m.group(1) or ''}{_BOXES[m.group(2)]}\N{NO-BREAK SPACE}", body)
    if boxes:
        body = _CHECKLIST.sub(lambda m: '<ul class="checklist">' + m.group(1), body)
    body = body.replace("\n</code></pre>", "</code></pre>")
    return body.replace("<table>", '<table width="100%" cellspacing="0" cellpadding="4">')


def html_document(body: str, title: str, *, for_print: bool = False) -> str:
    """A whole HTML page around a converted body; the title is autoescaped."""
    template = html_environment().get_template("report.html.j2")
    return template.render(body=Markup(body), title=title, for_print=for_print)  # noqa: S704 - body is converted from escaped Markdown


def report_html(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: dict[str, Any] | None = None,
    details: ReportDetails | None = None,
    *,
    for_print: bool = False,
) -> str:
    """The report as a standalone HTML page."""
    details = fixed_time(details)
    text = report_markdown(kb, assessment, raw_answers, details)
    return html_document(markdown_to_html(text), report_title(details), for_print=for_print)


def report_pdf(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: dict[str, Any] | None = None,
    details: ReportDetails | None = None,
    *,
    paper: str = "a4",
) -> bytes:
    """The report as PDF bytes (Qt is imported here, not before)."""
    details = fixed_time(details)
    text = report_markdown(kb, assessment, raw_answers, details)
    return markdown_pdf(text, title=report_title(details), footer=pdf_footer(details, assessment), paper=paper)


def markdown_pdf(text: str, *, title: str, footer: str, paper: str = "a4") -> bytes:
    """PDF bytes of a Markdown report, through the same HTML as report_html."""
    from advisor.render.pdf import html_to_pdf

    html = html_document(markdown_to_html(text), title, for_print=True)
    return html_to_pdf(html, paper=paper, title=title, footer=footer)


def report_title(details: ReportDetails) -> str:
    return " ".join(strip_bidi(details.title).split()) or DEFAULT_TITLE


def pdf_footer(details: ReportDetails, assessment: Assessment) -> str:
    """The running footer: title, version and when the report was made."""
    generated = details.timestamp().strftime("%Y-%m-%d %H:%M UTC")
    return f"{isolate(report_title(details))} · {assessment.version_name} · {generated}"


def fixed_time(details: ReportDetails | None) -> ReportDetails:
    """Details with the timestamp resolved once, so every document of a run agrees."""
    details = details or ReportDetails()
    return details._replace(generated=details.timestamp())


def render_report(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: dict[str, Any] | None = None,
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
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def markdown_headings(text: str) -> list[str]:
    """The headings of a Markdown document, in order, unescaped (for checks)."""
    headings = []
    for match in _HEADING.finditer(text):
        headings.append(html.unescape(re.sub(r"\\(.)", r"\1", match.group(2))))
    return headings
