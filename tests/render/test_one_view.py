"""One result view, every format: the same sections, headings and sentences in each.

The view is built once from an assessment; terminal text, Markdown, HTML, PDF and Word
only lay it out. Each format must print every heading and every sentence of the view
(the terminal and the wizard its result sections; the files the record parts too).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import markdown
import pytest
from render_support import ANSWERS, INJECTIONS, PROHIBITED, html_text, needs_poppler, pdf_text

from advisor.engine import assess
from advisor.model import KnowledgeBase
from advisor.render.assessment_view import assessment_view
from advisor.render.context import ReportDetails
from advisor.render.docx_file import render_docx
from advisor.render.html_text import render_html
from advisor.render.markdown_text import render_markdown
from advisor.render.report import render_report, view_pdf
from advisor.render.text import render_text
from advisor.render.view import ResultView, Table, Verdict, block_sentences

FOOTER = re.compile(r"· \d{4}-\d\d-\d\d \d\d:\d\d UTC( Page \d+ of \d+)?$|^Page \d+ of \d+$")
UNSETTLED_LLAMA_2 = {**ANSWERS["2"], "access": "own_copy", "distributes": True, "ships_copies": False}
CASES = {"permitted-3.1": ANSWERS["3.1"], "prohibited-3.1": PROHIBITED, "llama-1": ANSWERS["1"]}


def squeezed(text: str) -> str:
    """Text without any whitespace, case folded: line wrapping, page breaks and a lead set in
    capitals (the terminal's UNSETTLED.) differ by format, words do not."""
    return re.sub(r"\s+", "", text).casefold()


def pdf_text_in_order(path: Path) -> str:
    """The PDF's text in the order it was drawn (a table's cells one after another, not side
    by side), without the running footers, so that a row across a page break joins up."""
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    # A block across a page break is drawn clipped on both pages, and its clipped line stays
    # in the PDF's text (a known defect of advisor/render/pdf.py): leave out that repeat.
    lines: list[str] = []
    for page in text.split("\f"):
        kept = [line for line in page.splitlines() if not FOOTER.search(line)]
        while kept and lines and kept[0].strip() and kept[0] in lines[-3:]:
            kept = kept[1:]
        lines.extend(kept)
    return "\n".join(lines)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def expected_parts(view: ResultView, *, record: bool, tables: bool = True) -> list[str]:
    parts: list[str] = []
    for section in view.shown(record=record):
        if record or not isinstance(section.blocks[0], Verdict):  # the terminal heads it with the verdict line
            parts.append(section.heading)
        for block in section.blocks:
            if tables or not isinstance(block, Table):
                parts += [part for part in block_sentences(block) if part.strip()]
    return parts


def assert_all_shown(view: ResultView, shown: str, *, record: bool, name: str) -> None:
    flat = squeezed(shown)
    # A table row that runs over a page break is split by Qt's layout, and the text of a
    # split row cannot be read back in order from the PDF: its tables are compared by their
    # headers here, and cell by cell in every other format.
    parts = expected_parts(view, record=record, tables=name != "pdf")
    if name == "pdf":
        parts += [
            cell
            for section in view.shown(record=True)
            for block in section.blocks
            if isinstance(block, Table)
            for cell in block.header
        ]
    missing = [part for part in parts if squeezed(part) not in flat]
    assert not missing, f"{name} leaves out: {missing[:5]}"


def rendered(view: ResultView, tmp_path: Path) -> dict[str, str]:
    """Every format's text as a reader sees it."""
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(view_pdf(view))
    return {
        "markdown": html_text(markdown.markdown(render_markdown(view), extensions=["tables"])),
        "html": html_text(render_html(view)),
        "pdf": pdf_text_in_order(pdf),
        "docx": docx_text(render_docx(view)),
    }


@needs_poppler
@pytest.mark.parametrize("case", list(CASES))
def test_every_format_prints_every_heading_and_sentence_of_the_view(
    kb: KnowledgeBase, case: str, tmp_path: Path
) -> None:
    answers = CASES[case]
    view = assessment_view(kb, assess(kb, answers), answers, ReportDetails(product="Acme Chat"))
    assert_all_shown(view, render_text(view), record=False, name="terminal")
    for name, shown in rendered(view, tmp_path).items():
        assert_all_shown(view, shown, record=True, name=name)


@needs_poppler
def test_the_formats_give_the_headings_in_the_same_order(kb: KnowledgeBase, tmp_path: Path) -> None:
    answers = ANSWERS["3.1"]
    view = assessment_view(kb, assess(kb, answers), answers)
    headings = [view.info.title, *(section.heading for section in view.sections)]
    for name, shown in rendered(view, tmp_path).items():
        flat, place = squeezed(shown), 0
        for heading in headings:  # each found after the one before
            place = flat.find(squeezed(heading), place)
            assert place >= 0, (name, heading)
            place += 1


def test_the_terminal_leaves_out_only_the_record_parts(kb: KnowledgeBase) -> None:
    answers = ANSWERS["3.1"]
    view = assessment_view(kb, assess(kb, answers), answers)
    text = render_text(view)
    assert text.startswith(f"Llama 3.1: {kb.verdict_labels['permitted'].upper()}\n")
    for section in view.sections[2:]:
        assert (section.heading in text) is not section.record, section.key
    assert {section.key for section in view.sections if section.record} == {
        "details",
        "texts",
        "answers_file",
        "signoff",
    }


def test_one_wording_for_what_the_formats_used_to_say_differently(kb: KnowledgeBase, tmp_path: Path) -> None:
    """The open-point mark, "for reference only", "Binding on anyone who uses the model" and
    the not-legal-advice sentence are one wording, printed by the terminal and the files alike."""
    view = assessment_view(kb, assess(kb, PROHIBITED), PROHIBITED)
    text = squeezed(render_text(view))
    markdown_text = squeezed(render_markdown(view))
    for key in ("headings.if_licensed", "verdict.not_legal_advice"):
        assert squeezed(kb.wording[key]) in text and squeezed(kb.wording[key]) in markdown_text, key
    binding = squeezed(kb.wording["duties.binding"].split("{")[0])
    assert binding in text and binding in markdown_text
    assert "Binding now" not in render_text(view)


def test_an_open_point_is_marked_in_every_format(kb: KnowledgeBase) -> None:
    assessment = assess(kb, UNSETTLED_LLAMA_2)
    assert assessment.certainty == "unsettled"
    view = assessment_view(kb, assessment, UNSETTLED_LLAMA_2)
    mark = kb.wording["caveats.open_point"]
    open_points = [n for n in assessment.notes if n.unsettled]
    assert open_points
    for shown in (render_text(view), render_markdown(view), html_text(render_html(view))):
        assert shown.count(mark) >= len(open_points)


def test_no_rule_id_in_any_format(kb: KnowledgeBase) -> None:
    answers = ANSWERS["3.1"]
    assessment = assess(kb, answers)
    view = assessment_view(kb, assessment, answers)
    for shown in (render_text(view), render_markdown(view), html_text(render_html(view))):
        for reason in assessment.reasons:
            assert not re.search(rf"\b{re.escape(reason.rule)}\b", shown), reason.rule


# ---------------------------------------------------------------------------- Word
def _docx(kb: KnowledgeBase, answers: dict[str, Any], details: ReportDetails) -> Any:
    data = render_report(kb, assess(kb, answers), answers, details, fmt="docx")
    assert data[:2] == b"PK"
    return docx.Document(io.BytesIO(data))


def test_the_word_report_has_the_verdict_the_exact_strings_and_the_sign_off(kb: KnowledgeBase) -> None:
    answers = ANSWERS["3.1"]
    facts = kb.versions["3.1"]
    details = ReportDetails(title="Acme review", assessor="Jo Smith", done=("notice",))
    document = _docx(kb, answers, details)
    text = [paragraph.text for paragraph in document.paragraphs]
    assert text[0] == "Acme review" and document.paragraphs[0].style.name == "Title"
    assert f"Llama 3.1: {kb.verdict_labels['permitted']}" in text
    assert document.core_properties.title == "Acme review"
    assert document.core_properties.author == "Jo Smith"
    assert "Llama 3.1" in document.core_properties.subject
    strings = next(t for t in document.tables if t.rows[0].cells[0].text == kb.wording["strings.column_string"])
    rows = {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in strings.rows[1:]}
    assert rows[kb.attribution_labels["notice"]] == [facts.notice, kb.wording["strings.needed"]]
    assert rows[kb.attribution_labels["built_with"]] == [facts.built_with, kb.wording["strings.needed"]]
    signoff = document.tables[-1]
    assert [row.cells[0].text for row in signoff.rows[1:]] == [
        kb.wording[f"signoff.{key}"] for key in ("name", "role", "date", "decision", "conditions", "signature")
    ]
    assert all(row.cells[1].text in ("", kb.wording["signoff.decision_choices"]) for row in signoff.rows[1:])
    # the ticked duty reads as done, the others as not done
    notice_title = kb.obligation_titles["notice"]
    (ticked,) = [line for line in text if notice_title in line and "\N{BALLOT BOX WITH CHECK}" in line]
    assert f"({kb.wording['duties.done']})" in ticked


def test_the_word_report_uses_real_styles(kb: KnowledgeBase) -> None:
    document = _docx(kb, PROHIBITED, ReportDetails())  # its duties under a license are a level below
    used = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "Quote"} <= used
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert kb.wording["headings.signoff"] in headings and kb.wording["headings.decision_path"] in headings
    assert len(document.tables) == 3  # details, answers, sign-off (no exact strings: the use is not licensed)


def test_text_typed_into_the_word_report_stays_text(kb: KnowledgeBase) -> None:
    hostile = ReportDetails(title=INJECTIONS[0], product=" ".join(INJECTIONS), assessor="Eve\x1b[2J\x07")
    document = _docx(kb, ANSWERS["3.1"], hostile)
    assert document.paragraphs[0].text == INJECTIONS[0]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert " ".join(INJECTIONS) in cells
    assert document.core_properties.author == "Eve[2J"  # controls dropped, the rest kept as text


def test_the_word_report_from_the_command_line(answers_file: Any, cli: Any, tmp_path: Path) -> None:
    source = answers_file("3.1")
    assert cli("report", source, "-o", tmp_path / "review.docx")[0] == 0
    assert cli("report", source, "-o", tmp_path / "review", "--format", "docx")[0] == 0
    for name in ("review.docx", "review"):
        document = docx.Document(str(tmp_path / name))
        assert document.paragraphs[0].style.name == "Title"


def test_the_word_report_converts_to_pdf_with_libreoffice(kb: KnowledgeBase, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui); the conversion is not checked")
    source = tmp_path / "review.docx"
    source.write_bytes(render_report(kb, assess(kb, ANSWERS["3.1"]), ANSWERS["3.1"], fmt="docx"))
    profile = tmp_path / "profile"
    done = subprocess.run(
        [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir"]
        + [str(tmp_path), str(source)],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    converted = tmp_path / "review.pdf"
    assert converted.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = squeezed(pdf_text(converted))
        assert squeezed(kb.versions["3.1"].notice or "") in text
        assert squeezed(kb.wording["headings.signoff"]) in text


def test_the_html_page_fills_in_only_its_title_styles_and_body() -> None:
    """The page around the body is a plain file: exactly three places are filled in, so no
    text of the view can land in its comments or styles."""
    import string

    from advisor.resources import resource_path

    page = string.Template(resource_path("templates", "report.html").read_text(encoding="utf-8"))
    assert sorted(page.get_identifiers()) == ["body", "screen", "title"]
    assert page.is_valid()


def test_a_pdf_draws_characters_from_any_installed_font_or_names_those_none_has(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    from advisor.render.pdf import PdfError, uncovered_characters

    assert uncovered_characters("“Llama” § © ☐ ☑ – é") == []  # the report's own fonts
    hieroglyph = "\U00013000"  # Egyptian hieroglyph A001: no font the setup installs has it
    if uncovered_characters(hieroglyph):
        with pytest.raises(PdfError, match="U\\+13000"):
            render_report(kb, assess(kb, ANSWERS["3.1"]), ANSWERS["3.1"], ReportDetails(product=hieroglyph), fmt="pdf")
    if shutil.which("fc-list") and "Droid" in subprocess.run(["fc-list"], capture_output=True, text=True).stdout:
        assert uncovered_characters("中文 日本語") == []  # from the fallback font, found among all installed


def test_the_word_report_keeps_the_space_after_a_bold_lead(kb: KnowledgeBase) -> None:
    document = _docx(kb, PROHIBITED, ReportDetails())
    text = [paragraph.text for paragraph in document.paragraphs]
    statement = next(line for line in text if line.startswith(kb.verdict_labels["prohibited"] + "."))
    assert statement.startswith(kb.verdict_labels["prohibited"] + ". The use")
