"""Report preview, report export and the compliance bundle from the result page."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import DISTRIBUTING_31

from advisor.gui.app import MainWindow
from advisor.gui.export import ReportPreviewDialog, report_format
from advisor.render.context import ReportDetails

NOTICE_31 = (
    "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)


@pytest.fixture()
def at_result(window: MainWindow, driver: Any) -> MainWindow:
    driver.run(DISTRIBUTING_31)
    driver.finish()
    return window


def test_the_preview_shows_the_report_with_the_details_typed_literally(at_result: MainWindow, qtbot: Any) -> None:
    wizard = at_result.wizard
    dialog = ReportPreviewDialog(at_result, wizard.kb, wizard.result.assessment, wizard.answers())
    qtbot.addWidget(dialog)
    dialog.fields["product"].setText("<script>alert(1)</script> {{ 7*7 }} **bold**")
    dialog.refresh()
    text = dialog.preview.toPlainText()
    assert "<script>alert(1)</script> {{ 7*7 }} **bold**" in text
    assert NOTICE_31 in " ".join(text.split())
    assert "Permitted" in text
    dialog.report_button.click()
    assert dialog.choice == "report" and dialog.details().product.startswith("<script>")


def test_export_report_writes_the_pdf_chosen(at_result: MainWindow, dialog_guard: Any, tmp_path: Path) -> None:
    dialog_guard.allow("preview_report", ("report", ReportDetails(product="Acme Assistant")))
    target = tmp_path / "report.pdf"
    dialog_guard.allow("save_file_and_filter", (str(target), "PDF document (*.pdf)"))
    at_result.wizard.result.export_report_button.click()
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Acme Assistant" in flat and NOTICE_31 in flat


def test_a_name_without_a_known_suffix_becomes_a_pdf() -> None:
    assert report_format("/x/report") == ("/x/report.pdf", "pdf")
    assert report_format("/x/report.MD") == ("/x/report.MD", "md")
    assert report_format("/x/r.html") == ("/x/r.html", "html")
    assert report_format("/x/review.docx") == ("/x/review.docx", "docx")


def test_the_word_choice_of_the_export_dialog_writes_an_editable_word_report(
    at_result: MainWindow, dialog_guard: Any, tmp_path: Path
) -> None:
    import docx

    from advisor.gui.export import REPORT_FILTER

    word = next(entry for entry in REPORT_FILTER.split(";;") if "*.docx" in entry)
    assert report_format(str(tmp_path / "review"), word) == (str(tmp_path / "review.docx"), "docx")
    dialog_guard.allow("preview_report", ("report", ReportDetails(product="Acme Assistant", assessor="Jo Smith")))
    dialog_guard.allow("save_file_and_filter", (str(tmp_path / "review"), word))
    at_result.wizard.result.export_report_button.click()
    document = docx.Document(str(tmp_path / "review.docx"))
    assert document.core_properties.author == "Jo Smith"
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Acme Assistant" in cells and NOTICE_31 in cells


def test_cancelling_the_preview_writes_nothing(at_result: MainWindow, dialog_guard: Any, tmp_path: Path) -> None:
    dialog_guard.allow("preview_report", None)
    before = sorted(tmp_path.rglob("*"))
    at_result.wizard.result.save_bundle_button.click()  # choose_bundle_folder stays guarded
    assert sorted(tmp_path.rglob("*")) == before


def test_bundle_is_written_and_replaced_only_when_confirmed(
    at_result: MainWindow, dialog_guard: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "bundle"
    dialog_guard.allow("preview_report", ("bundle", ReportDetails()))
    dialog_guard.allow("choose_bundle_folder", str(folder))
    at_result.wizard.result.save_bundle_button.click()
    manifest = (folder / "MANIFEST").read_text(encoding="utf-8")
    for line in manifest.splitlines():
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((folder / name.lstrip("*")).read_bytes()).hexdigest() == digest
    assert NOTICE_31 in (folder / "NOTICE").read_text(encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    asked = dialog_guard.allow("ask_yes_no", False)
    at_result.wizard.result.save_bundle_button.click()
    assert len(asked) == 1
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    dialog_guard.allow("ask_yes_no", True)
    at_result.wizard.result.save_bundle_button.click()
    assert (folder / "MANIFEST").is_file()


def test_bundle_never_replaces_a_folder_with_other_files(
    at_result: MainWindow, dialog_guard: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "my-project"
    folder.mkdir()
    (folder / "thesis.txt").write_text("precious")
    dialog_guard.allow("preview_report", ("bundle", ReportDetails()))
    dialog_guard.allow("choose_bundle_folder", str(folder))
    errors = dialog_guard.allow("show_error")
    at_result.wizard.result.save_bundle_button.click()
    assert len(errors) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.txt"]
