"""The result view as Markdown: every value escaped, so no text can change the structure."""

from __future__ import annotations

from advisor.render.escaping import code, code_block, escape_markdown, tidy_markdown
from advisor.render.view import Block, Citation, Cited, ItemList, Paragraph, Progress, ResultView, Span, Table, Verdict

_STRONG, _EM = "**", "*"
HARD_BREAK = "  "


def _span(span: Span) -> str:
    """A span's Markdown; the spaces around it stay outside its markup."""
    raw = span.text
    lead = " " if raw[:1].isspace() else ""
    trail = " " if raw[-1:].isspace() and raw.strip() else ""
    if not raw.strip():
        return lead
    body = str(code(raw)) if span.style == "code" else escape_markdown(raw)
    mark = {"strong": _STRONG, "em": _EM}.get(span.style, "")
    return f"{lead}{mark}{body}{mark}{trail}"


def spans(parts: tuple[Span, ...]) -> str:
    return "".join(_span(part) for part in parts)


def _quote(citation: Citation, indent: str = "") -> str:
    head = escape_markdown(f"{citation.document_title}, {citation.section}:")
    return f"{indent}> *{head}*{HARD_BREAK}\n{indent}> “{escape_markdown(citation.quote)}”"


def _lead(lead: str, text: str) -> str:
    first = f"**{escape_markdown(lead)}** " if lead else ""
    return first + escape_markdown(text)


def _row(cells: tuple[str, ...]) -> str:
    """A table row; an empty cell (a field to fill in) stays empty."""
    return "|" + "|".join(f" {escape_markdown(cell)} " if cell else " " for cell in cells) + "|"


def _block(block: Block) -> str:
    if isinstance(block, Verdict):
        return f"**{escape_markdown(block.version_name)}: {escape_markdown(block.headline)}**"
    if isinstance(block, Progress):
        return escape_markdown(block.text)
    if isinstance(block, Paragraph):
        text = spans(block.spans)
        return f"> {text}" if block.role == "warning" else text
    if isinstance(block, Cited):
        number = f"**{block.number}.** " if block.number else ""
        return f"{number}{_lead(block.lead, block.text)}\n\n{_quote(block.citation)}"
    if isinstance(block, ItemList):
        lines = []
        for item in block.items:
            if block.checklist:
                box = "[x]" if item.done else "[ ]"
                lead, state = escape_markdown(item.lead), escape_markdown(item.state)
                line = f"- {box} **{lead}** ({state}). {escape_markdown(item.text)}"
            else:
                line = f"- {_lead(item.lead, item.text)}"
            if item.citation is not None:
                line += "\n\n" + _quote(item.citation, "    ") + "\n"
            lines.append(line)
        return "\n".join(lines)
    if isinstance(block, Table):
        rule = "|" + "---|" * len(block.header)
        rows = [_row(row) for row in block.rows]
        return "\n".join([_row(block.header), rule, *rows])
    return str(code_block(block.text))


def render_markdown(view: ResultView) -> str:
    """The whole report (every section, the record parts included) as Markdown."""
    out = [f"# {escape_markdown(view.info.title)}"]
    for section in view.shown(record=True):
        out.append(f"{'#' * section.level} {escape_markdown(section.heading)}")
        out += [_block(block) for block in section.blocks]
    return tidy_markdown("\n\n".join(out))
