"""The result view as HTML, written straight from the view (no Markdown in between).

Every piece of text is escaped; the page's shell and styles are ``templates/report.html``
(a plain page with ``$title``, ``$screen`` and ``$body`` to fill in: no template engine is
loaded to make a PDF).
Qt's rich-text engine reads this HTML for the PDF and the wizard's preview, so it keeps
to the subset Qt understands (tables with width and cellpadding, no CSS layout).
"""

from __future__ import annotations

import string
from functools import lru_cache

from advisor.render.escaping import isolate
from advisor.render.view import (
    Block,
    Citation,
    Cited,
    ItemList,
    Paragraph,
    Progress,
    ResultView,
    Section,
    Span,
    Table,
    Verdict,
)
from advisor.resources import resource_path
from advisor.rules.visible import html_escape as escape

BOXES = {False: "\N{BALLOT BOX}", True: "\N{BALLOT BOX WITH CHECK}"}
_TAGS = {"strong": "strong", "em": "em", "code": "code"}


def text(value: str) -> str:
    """Text as HTML: escaped, without controls, in its own direction; a space at either
    end stays (it separates a span from the next)."""
    lead = " " if value[:1].isspace() else ""
    trail = " " if value[-1:].isspace() and value.strip() else ""
    return lead + escape(isolate(" ".join(value.split())), quote=True) + trail


def _span(span: Span) -> str:
    tag = _TAGS.get(span.style)
    return f"<{tag}>{text(span.text)}</{tag}>" if tag else text(span.text)


def spans(parts: tuple[Span, ...]) -> str:
    return "".join(_span(part) for part in parts)


def _quote(citation: Citation) -> str:
    head = text(f"{citation.document_title}, {citation.section}:")
    return f"<blockquote><p><em>{head}</em><br>“{text(citation.quote)}”</p></blockquote>"


def _lead(lead: str, body: str) -> str:
    return (f"<strong>{text(lead)}</strong> " if lead else "") + text(body)


def _table(table: Table) -> str:
    head = "".join(f"<th>{text(cell)}</th>" for cell in table.header)
    rows = "".join("<tr>" + "".join(f"<td>{text(cell)}</td>" for cell in row) + "</tr>" for row in table.rows)
    return (
        f'<table class="{table.kind}" width="100%" cellspacing="0" cellpadding="4">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _block(block: Block) -> str:
    if isinstance(block, Verdict):
        return f'<p class="verdict"><strong>{text(block.version_name)}: {text(block.headline)}</strong></p>'
    if isinstance(block, Progress):
        return f"<p>{text(block.text)}</p>"
    if isinstance(block, Paragraph):
        body = f"<p>{spans(block.spans)}</p>"
        return f'<blockquote class="warning">{body}</blockquote>' if block.role == "warning" else body
    if isinstance(block, Cited):
        number = f"<strong>{block.number}.</strong> " if block.number else ""
        return f"<p>{number}{_lead(block.lead, block.text)}</p>{_quote(block.citation)}"
    if isinstance(block, ItemList):
        items = []
        for item in block.items:
            if block.checklist:
                lead, state = text(item.lead), text(item.state)
                body = f"{BOXES[item.done]}\N{NO-BREAK SPACE}<strong>{lead}</strong> ({state}). {text(item.text)}"
            else:
                body = _lead(item.lead, item.text)
            quote = _quote(item.citation) if item.citation is not None else ""
            items.append(f"<li><p>{body}</p>{quote}</li>")
        css = ' class="checklist"' if block.checklist else ""
        return f"<ul{css}>{''.join(items)}</ul>"
    if isinstance(block, Table):
        return _table(block)
    return f"<pre><code>{escape(isolate(block.text.rstrip()))}</code></pre>"


def html_sections(sections: tuple[Section, ...]) -> str:
    """Some sections of a view, each with its heading."""
    out = []
    for section in sections:
        level = max(2, min(section.level, 3))
        out.append(f"<h{level}>{text(section.heading)}</h{level}>")
        out += [_block(block) for block in section.blocks]
    return "\n".join(out)


def html_body(view: ResultView) -> str:
    """The report's body: its title, then every section, the record parts included."""
    return f"<h1>{text(view.info.title)}</h1>\n" + html_sections(view.shown(record=True))


def html_page(body: str, title: str, *, for_print: bool = False) -> str:
    """A whole HTML page around a body built here (its text escaped already); the title is escaped here."""
    page, screen = _page_files()
    return page.substitute(title=text(title), body=body, screen="" if for_print else f"<style>\n{screen}</style>")


@lru_cache(maxsize=1)
def _page_files() -> tuple[string.Template, str]:
    """The page around the body, and the styles added for reading on screen."""
    page = resource_path("templates", "report.html").read_text(encoding="utf-8")
    screen = resource_path("templates", "report-screen.css").read_text(encoding="utf-8")
    return string.Template(page), screen


def render_html(view: ResultView, *, for_print: bool = False) -> str:
    return html_page(html_body(view), view.info.title, for_print=for_print)
