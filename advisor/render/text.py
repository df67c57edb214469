"""The result view as terminal text: the same sections, wrapped to the terminal's width."""

from __future__ import annotations

import textwrap

from advisor.model import Source
from advisor.render.escaping import strip_bidi
from advisor.render.view import (
    Block,
    Citation,
    Cited,
    ItemList,
    Paragraph,
    Progress,
    ResultView,
    Table,
    Verdict,
    plain,
)

WIDTH = 88


def wrap(text: str, indent: str = "", width: int = WIDTH, hang: str = "") -> str:
    """Fill text; `hang` is extra indentation for the lines after the first."""
    return textwrap.fill(
        " ".join(text.split()),
        width=width,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _cite(citation: Citation, indent: str) -> list[str]:
    return [
        wrap(f"{citation.document_title}, {citation.section}:", indent),
        wrap(f"“{citation.quote}”", indent + "  "),
    ]


def _joined(lead: str, text: str) -> str:
    return f"{lead} {text}".strip()


def _block(block: Block) -> list[str]:
    if isinstance(block, Verdict):
        return [f"{block.version_name}: {block.headline.upper()}"]
    if isinstance(block, Paragraph):
        spans = block.spans
        if block.role == "warning" and spans and spans[0].style == "strong":
            spans = (spans[0]._replace(text=spans[0].text.upper()), *spans[1:])  # stands out as UNSETTLED.
        return [wrap(plain(spans))]
    if isinstance(block, Progress):
        return [wrap(block.text)]
    if isinstance(block, Cited):
        number = f"{block.number}. " if block.number else "- "
        hang = " " * len(number)
        return [wrap(number + _joined(block.lead, block.text), "  ", hang=hang), *_cite(block.citation, "  " + hang)]
    if isinstance(block, ItemList):
        lines: list[str] = []
        for item in block.items:
            if block.checklist:
                line = f"{'[x]' if item.done else '[ ]'} {item.lead} ({item.state}). {item.text}"
                lines.append(wrap(line, "  ", hang="    "))
            else:
                lines.append(wrap("- " + _joined(item.lead, item.text), "  ", hang="  "))
            if item.citation is not None:
                lines += _cite(item.citation, "      ")
        return lines
    if isinstance(block, Table):
        return _table(block)
    return ["    " + line for line in block.text.rstrip("\n").split("\n")]


def _table(table: Table) -> list[str]:
    """A two-column table as "name: value" lines (the answers: the question, then the answer
    below it); a wider one as the first cell, then each other cell under its column's name.

    Cells are printed whole, never wrapped: they hold the exact strings to copy."""
    lines = ["  " + " / ".join(table.header)]
    if len(table.header) == 2:
        for name, value in table.rows:
            if table.kind == "answers":
                lines += [wrap(name, "  ", hang="  "), wrap(value, "      ")]
            else:
                lines.append(f"  {name}: {value}")
        return lines
    for row in table.rows:
        lines.append(f"  {row[0]}")
        for name, cell in zip(table.header[1:], row[1:], strict=True):
            if cell:
                lines.append(f"      {name}: {cell}")
    return lines


def render_text(view: ResultView) -> str:
    """The result's own sections (not the report's record parts) as terminal text."""
    out: list[str] = []
    for section in view.shown(record=False):
        if out:
            out.append("")
        if not (section.blocks and isinstance(section.blocks[0], Verdict)):
            out.append(section.heading)  # the verdict's own line heads its section: it comes first
            out.append("-" * min(len(section.heading), WIDTH))
        for block in section.blocks:
            out += _block(block)
    return strip_bidi("\n".join(out)) + "\n"


def cite(source: Source, title: str, indent: str) -> str:
    """A citation as the terminal shows it: document and section, then the quote."""
    return "\n".join(_cite(Citation(title, source.section, " ".join(source.quote.split())), indent))
