"""The result view as an editable Word document (python-docx, imported only here).

Real Word styles carry the structure, so counsel can restyle, comment and track
changes: Title, Heading 1–3, List Bullet, a quote style for the clauses, and tables
for the details, the exact strings, the answers and the sign-off. Everything is set as
text runs; nothing a person typed is read as markup.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from advisor.render.escaping import strip_bidi
from advisor.render.view import Block, Citation, Cited, ItemList, Paragraph, Progress, ResultView, Span, Table, Verdict

BOXES = {False: "\N{BALLOT BOX}", True: "\N{BALLOT BOX WITH CHECK}"}
QUOTE_STYLE = "Quote"
TABLE_STYLE = "Table Grid"
SIGNOFF_ROW_CM = 1.4  # room to write a name, a date or a signature by hand


def _clean(value: str) -> str:
    return strip_bidi(" ".join(value.split()))


def _spaced(value: str) -> str:
    """A span's text cleaned, keeping one space at either end where it had one (between spans)."""
    lead = " " if value[:1].isspace() else ""
    trail = " " if value[-1:].isspace() and value.strip() else ""
    return lead + _clean(value) + trail


def _runs(paragraph: Any, parts: tuple[Span, ...]) -> None:
    for part in parts:
        run = paragraph.add_run(_spaced(part.text))
        run.bold = part.style == "strong" or None
        run.italic = part.style == "em" or None
        if part.style == "code":
            run.font.name = "Courier New"


def _lead(paragraph: Any, lead: str, text: str) -> None:
    if lead:
        paragraph.add_run(_clean(lead) + " ").bold = True
    paragraph.add_run(_clean(text))


def _quote(document: Any, citation: Citation) -> None:
    paragraph = document.add_paragraph(style=QUOTE_STYLE)
    paragraph.add_run(_clean(f"{citation.document_title}, {citation.section}:")).italic = True
    paragraph.add_run().add_break()
    paragraph.add_run(f"“{_clean(citation.quote)}”")


def _table(document: Any, table: Table) -> None:
    from docx.shared import Cm

    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = TABLE_STYLE
    for cell, value in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_clean(value)).bold = True
    _repeat_header(grid.rows[0])
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = _clean(value)
    for row in grid.rows[1:]:
        _keep_row_together(row)
        if table.kind == "signoff":
            row.height = Cm(SIGNOFF_ROW_CM)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)


def _keep_row_together(row: Any) -> None:
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _block(document: Any, block: Block) -> None:
    if isinstance(block, Verdict):
        paragraph = document.add_paragraph()
        paragraph.add_run(_clean(f"{block.version_name}: {block.headline}")).bold = True
    elif isinstance(block, Progress):
        document.add_paragraph(_clean(block.text))
    elif isinstance(block, Paragraph):
        paragraph = document.add_paragraph(style="Intense Quote" if block.role == "warning" else None)
        _runs(paragraph, block.spans)
    elif isinstance(block, Cited):
        paragraph = document.add_paragraph()
        if block.number:
            paragraph.add_run(f"{block.number}. ").bold = True
        _lead(paragraph, block.lead, block.text)
        _quote(document, block.citation)
    elif isinstance(block, ItemList):
        for item in block.items:
            paragraph = document.add_paragraph(style="List Bullet")
            if block.checklist:
                paragraph.add_run(BOXES[item.done] + "\N{NO-BREAK SPACE}")
                paragraph.add_run(_clean(item.lead)).bold = True
                paragraph.add_run(f" ({_clean(item.state)}). {_clean(item.text)}")
            else:
                _lead(paragraph, item.lead, item.text)
            if item.citation is not None:
                _quote(document, item.citation)
    elif isinstance(block, Table):
        _table(document, block)
    else:
        for line in strip_bidi(block.text).rstrip("\n").split("\n"):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = 0
            run = paragraph.add_run(line)
            run.font.name = "Courier New"


def _page_setup(document: Any, view: ResultView, paper: str) -> None:
    """A4 or US Letter, and the running footer with the page number (Word fills it in)."""
    from docx.shared import Cm, Inches

    section = document.sections[0]
    section.page_width, section.page_height = (Cm(21.0), Cm(29.7)) if paper == "a4" else (Inches(8.5), Inches(11))
    section.left_margin = section.right_margin = Cm(2.0)
    footer = section.footer.paragraphs[0]
    footer.add_run(_clean(view.info.footer) + " · ")
    before, _, rest = view.info.page.partition("{count}")
    middle, _, after = rest.partition("{total}")
    for text, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, "")):
        if text:
            footer.add_run(text)
        if field:
            _field(footer, field)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader's Word or LibreOffice computes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def render_docx(view: ResultView, generated: datetime | None = None, *, paper: str = "a4") -> bytes:
    """The whole report (every section) as the bytes of a .docx file."""
    import docx

    document = docx.Document()
    _page_setup(document, view, paper)
    properties = document.core_properties
    properties.comments = ""  # the template's own "generated by python-docx"
    properties.title = _clean(view.info.title)
    properties.author = _clean(view.info.author)
    properties.subject = _clean(view.info.subject)
    properties.last_modified_by = ""
    if generated is not None:
        properties.created = properties.modified = generated.replace(tzinfo=None)
    document.add_paragraph(_clean(view.info.title), style="Title")
    for section in view.shown(record=True):
        document.add_heading(_clean(section.heading), level=max(1, min(section.level - 1, 3)))
        for block in section.blocks:
            _block(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
