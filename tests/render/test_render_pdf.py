"""The PDF report: extractable text, real pages, embedded fonts, the same sections as the Markdown."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from render_support import (
    ANSWERS,
    INJECTIONS,
    LICENSE_REQUIRED,
    PROHIBITED,
    needs_poppler,
    normalise,
    pdf_body_text,
    pdf_info,
    pdf_text,
)

from advisor.engine import assess
from advisor.model import KnowledgeBase
from advisor.render.context import ReportDetails
from advisor.render.pdf import PdfError, html_headings, html_to_pdf
from advisor.render.report import markdown_headings, report_html, report_markdown, report_pdf

pytestmark = needs_poppler


def _write_pdf(tmp_path: Path, kb: KnowledgeBase, answers: dict, paper: str = "a4", **details: str) -> Path:
    path = tmp_path / f"report-{paper}.pdf"
    path.write_bytes(report_pdf(kb, assess(kb, answers), answers, ReportDetails(**details), paper=paper))
    return path


def _dark_fraction(pgm: bytes) -> float:
    """Share of pixels darker than mid-grey in a binary PGM (P5) image."""
    magic, size, _maximum, pixels = pgm.split(b"\n", 3)
    assert magic == b"P5"
    width, height = map(int, size.split())
    pixels = pixels[: width * height]
    return sum(1 for value in pixels if value < 128) / len(pixels)


@pytest.mark.parametrize("version", ["2", "3", "3.1", "4"])
def test_pdf_text_has_verdict_notice_and_every_obligation(tmp_path: Path, kb: KnowledgeBase, version: str) -> None:
    answers = ANSWERS[version]
    assessment = assess(kb, answers)
    text = normalise(pdf_body_text(_write_pdf(tmp_path, kb, answers)))
    assert f"{kb.verdict_labels[assessment.verdict]}." in text
    assert normalise(kb.versions[version].notice) in text
    assert assessment.obligations
    for obligation in assessment.obligations:
        assert normalise(obligation.text) in text, obligation.id


@pytest.mark.parametrize(
    "answers", [LICENSE_REQUIRED, PROHIBITED, ANSWERS["1"]], ids=["required", "prohibited", "llama1"]
)
def test_pdf_text_has_other_verdicts(tmp_path: Path, kb: KnowledgeBase, answers: dict) -> None:
    assessment = assess(kb, answers)
    text = normalise(pdf_body_text(_write_pdf(tmp_path, kb, answers)))
    assert f"{kb.verdict_labels[assessment.verdict]}." in text
    for reason in assessment.reasons:
        assert normalise(reason.source.quote) in text, reason.rule


@pytest.mark.parametrize(("paper", "size"), [("a4", "595 x 842 pts (A4)"), ("letter", "612 x 792 pts (letter)")])
def test_paper_sizes_page_numbers_and_metadata(tmp_path: Path, kb: KnowledgeBase, paper: str, size: str) -> None:
    path = _write_pdf(tmp_path, kb, ANSWERS["3.1"], paper=paper, title="Filing copy")
    info = pdf_info(path)
    assert info["Page size"] == size
    pages = int(info["Pages"])
    assert pages >= 2
    assert info["Title"] == "Filing copy"
    text = pdf_text(path)
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert text.count("\f") == pages


def test_page_one_is_not_blank(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = _write_pdf(tmp_path, kb, ANSWERS["3.1"])
    image = subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(path)], capture_output=True, check=True
    ).stdout
    assert _dark_fraction(image) > 0.01


def test_fonts_are_embedded(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = _write_pdf(tmp_path, kb, ANSWERS["3.1"])
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        fields = row.split()
        assert fields[-5] == "yes", row  # the "emb" column


def test_markdown_and_pdf_have_the_same_sections(tmp_path: Path, kb: KnowledgeBase) -> None:
    answers = ANSWERS["3.1"]
    assessment = assess(kb, answers)
    details = ReportDetails(title=INJECTIONS[0])
    headings = markdown_headings(report_markdown(kb, assessment, answers, details))
    assert headings[0] == INJECTIONS[0]
    wanted = ("verdict", "duties", "answers", "decision_path", "texts", "signoff")
    assert {kb.wording[f"headings.{key}"] for key in wanted} <= set(headings)
    # Qt reads the same headings from the HTML the PDF is laid out from ...
    assert html_headings(report_html(kb, assessment, answers, details, for_print=True)) == headings
    # ... and they come out of the PDF, in that order, each on its own line.
    path = tmp_path / "r.pdf"
    path.write_bytes(report_pdf(kb, assessment, answers, details))
    lines = [" ".join(line.split()) for line in pdf_text(path).splitlines()]
    position = 0
    for heading in headings:
        position = lines.index(heading, position) + 1


def test_user_fields_stay_literal_in_the_pdf(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = _write_pdf(tmp_path, kb, ANSWERS["3.1"], title=INJECTIONS[0], product=" ".join(INJECTIONS))
    text = pdf_text(path)
    for value in INJECTIONS:
        assert value in text
    assert pdf_info(path)["Title"] == INJECTIONS[0]


def test_bad_paper_size_is_refused() -> None:
    with pytest.raises(PdfError):
        html_to_pdf("<p>x</p>", paper="a3")


def _words_outside_margins(path: Path, width_pt: float) -> list[str]:
    """Words whose box crosses the left or right margin (20 mm each side)."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True).stdout
    margin = 20 / 25.4 * 72 - 1.0
    outside = []
    for x_min, x_max, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out
    ):
        if float(x_min) < margin or float(x_max) > width_pt - margin:
            outside.append(word)
    return outside


@pytest.mark.parametrize(("paper", "width"), [("a4", 595.3), ("letter", 612.0)])
def test_no_text_crosses_the_margins(tmp_path: Path, kb: KnowledgeBase, paper: str, width: float) -> None:
    path = _write_pdf(tmp_path, kb, ANSWERS["3.3"], paper=paper, product="A" * 150)
    assert _words_outside_margins(path, width) == []


def test_long_unbroken_text_wraps_inside_the_page(tmp_path: Path) -> None:
    word = "x" * 400
    path = tmp_path / "wide.pdf"
    path.write_bytes(html_to_pdf(f"<p>{word}</p><table width='100%'><tr><td>{word}</td></tr></table>"))
    assert "".join(pdf_text(path).split()).count(word) == 2
    assert _words_outside_margins(path, 595.3) == []
