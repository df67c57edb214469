"""Obligation ticks, report details, and what the result page and the reports say (issue 10:
defects 6, 7, 10 and 12, and the verdict banner)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from answers_support import answers_along_path
from conftest import DISTRIBUTING_31
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QLabel, QToolButton

from advisor.engine import assess
from advisor.gui.app import MainWindow
from advisor.model import ANSWERS_FORMAT, KnowledgeBase
from advisor.render.context import ReportDetails

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RULE_ID = re.compile(r"\b[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)+\b")  # MAU-WITHIN-THRESHOLD


@pytest.fixture
def kb(window: MainWindow) -> KnowledgeBase:
    return window.wizard.kb


@pytest.fixture
def at_result(window: MainWindow, driver: Any) -> MainWindow:
    driver.run(DISTRIBUTING_31)
    driver.finish()
    return window


def ticked(window: MainWindow) -> set[str]:
    return {key for key, box in window.wizard.result.obligation_boxes.items() if box.isChecked()}


def export_markdown(window: MainWindow, dialog_guard: Any, path: Path, details: ReportDetails) -> str:
    dialog_guard.allow("preview_report", ("report", details))
    dialog_guard.allow("save_file_and_filter", (str(path), "Markdown (*.md)"))
    window.wizard.result.export_report_button.click()
    return path.read_text(encoding="utf-8")


def save_answers(window: MainWindow, dialog_guard: Any, path: Path) -> dict[str, Any]:
    dialog_guard.allow("save_file", str(path))
    window.save_answers()
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------- defect 6: ticks
def test_ticks_survive_back_and_next_and_the_same_duties_again(at_result: MainWindow, driver: Any) -> None:
    result = at_result.wizard.result
    result.obligation_boxes["built_with"].click()
    result.obligation_boxes["notice"].click()
    assert ticked(at_result) == {"built_with", "notice"}
    at_result.wizard.back()  # to the review page
    at_result.wizard.next()
    assert ticked(at_result) == {"built_with", "notice"}

    driver.back_to("critical_infrastructure")  # change nothing, walk forward again
    driver.continue_to_review()
    driver.finish()
    assert ticked(at_result) == {"built_with", "notice"}
    result.obligation_boxes["notice"].click()  # unticking sticks too
    at_result.wizard.back()
    at_result.wizard.next()
    assert ticked(at_result) == {"built_with"}


def test_ticks_are_saved_printed_and_restored(
    at_result: MainWindow, dialog_guard: Any, tmp_path: Path, kb: KnowledgeBase
) -> None:
    at_result.wizard.result.obligation_boxes["notice"].click()
    saved = save_answers(at_result, dialog_guard, tmp_path / "answers.yaml")
    assert saved["obligations_done"] == ["notice"]
    assert set(saved) - {"format", "obligations_done"} == set(DISTRIBUTING_31)

    text = export_markdown(at_result, dialog_guard, tmp_path / "report.md", ReportDetails())
    notice, built_with = kb.obligation_titles["notice"], kb.obligation_titles["built_with"]
    assert f"- [x] **{notice}** (done)." in text
    assert f"- [ ] **{built_with}** (not done)." in text

    dialog_guard.allow("ask_yes_no", True)
    at_result.new_assessment()
    assert at_result.wizard.result.done == []
    assert at_result.load_answers_file(str(tmp_path / "answers.yaml"))
    at_result.wizard.next()  # review -> result
    assert ticked(at_result) == {"notice"}


def test_the_pdf_shows_ticked_and_open_boxes(at_result: MainWindow, dialog_guard: Any, tmp_path: Path) -> None:
    import subprocess

    at_result.wizard.result.obligation_boxes["license_copy"].click()
    dialog_guard.allow("preview_report", ("report", ReportDetails()))
    dialog_guard.allow("save_file_and_filter", (str(tmp_path / "r.pdf"), "PDF document (*.pdf)"))
    at_result.wizard.result.export_report_button.click()
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True)
    flat = " ".join(text.stdout.split())
    assert "\N{BALLOT BOX WITH CHECK}" in flat and "\N{BALLOT BOX}" in flat
    assert "(done)" in flat and "(not done)" in flat


def test_ticks_of_another_version_do_not_carry_over(at_result: MainWindow, driver: Any) -> None:
    at_result.wizard.result.obligation_boxes["notice"].click()
    driver.back_to("version")
    driver.page().set_value("3.3")
    while driver.question_id() is not None:
        page = driver.page()
        if page.value() is None:
            page.set_value(DISTRIBUTING_31[page.question.id])
        driver.next()
    driver.finish()
    assert "notice" in at_result.wizard.result.obligation_boxes  # the same duty, for another version
    assert ticked(at_result) == set()


# ---------------------------------------------------------------------- defect 7: details
def test_report_details_are_remembered_shared_and_saved(
    at_result: MainWindow, dialog_guard: Any, tmp_path: Path
) -> None:
    details = ReportDetails(title="Acme review", product="Acme Chat", organisation="Acme Ltd", assessor="Jo Smith")
    previews = dialog_guard.allow("preview_report", ("report", details))
    dialog_guard.allow("save_file_and_filter", ("", ""))  # the file dialog is cancelled
    at_result.wizard.result.export_report_button.click()
    assert previews[0][-1].product is None  # nothing typed yet

    previews = dialog_guard.allow("preview_report", None)
    at_result.wizard.result.save_bundle_button.click()  # the bundle's preview gets the same details
    shown = previews[0][-1]
    assert (shown.title, shown.product, shown.organisation, shown.assessor) == (
        "Acme review",
        "Acme Chat",
        "Acme Ltd",
        "Jo Smith",
    )

    saved = save_answers(at_result, dialog_guard, tmp_path / "answers.yaml")
    assert saved["report_details"] == {
        "title": "Acme review",
        "product": "Acme Chat",
        "organisation": "Acme Ltd",
        "assessor": "Jo Smith",
    }
    dialog_guard.allow("ask_yes_no", True)
    at_result.new_assessment()
    assert at_result.wizard.result.report_details() == ReportDetails()
    assert at_result.load_answers_file(str(tmp_path / "answers.yaml"))
    assert at_result.wizard.result.report_details().product == "Acme Chat"


def test_the_preview_dialog_starts_with_the_remembered_details(at_result: MainWindow, qtbot: Any) -> None:
    from advisor.gui.export import ReportPreviewDialog

    wizard = at_result.wizard
    remembered = ReportDetails(product="Acme Chat", assessor="Jo Smith", done=("notice",))
    dialog = ReportPreviewDialog(at_result, wizard.kb, wizard.result.assessment, wizard.answers(), remembered)
    qtbot.addWidget(dialog)
    assert dialog.fields["product"].text() == "Acme Chat"
    assert dialog.fields["title"].text() == ""
    assert dialog.fields["title"].placeholderText() == wizard.kb.wording["document.default_title"]
    assert "(done)" in dialog.preview.toPlainText()
    dialog.fields["organisation"].setText("Acme Ltd")
    assert dialog.details() == remembered._replace(organisation="Acme Ltd")


# ---------------------------------------------------------------------- defect 10
def test_a_llama_4_report_marks_what_the_version_implies_and_saves_only_what_was_asked(
    window: MainWindow, driver: Any, dialog_guard: Any, tmp_path: Path, kb: KnowledgeBase
) -> None:
    from advisor.engine.answers_file import read_answers

    answers = read_answers(str(EXAMPLES / "eu-api-customer-4.yaml"))[0]
    asked = driver.run(answers)
    driver.finish()
    assessment = window.wizard.result.assessment
    implied = [key for key in assessment.answers if key not in asked]
    assert implied, "Llama 4 fixes some answers"
    text = export_markdown(window, dialog_guard, tmp_path / "report.md", ReportDetails())
    rows = {
        line.split("|")[1].split(": ")[0].strip(): line
        for line in text.splitlines()
        if line.startswith("| ") and ": " in line
    }
    for key in implied:
        assert "(follows from the version; not asked)" in rows[kb.question(key).label], key
    for key in asked:
        assert "follows from the version" not in rows[kb.question(key).label], key
    saved = save_answers(window, dialog_guard, tmp_path / "answers.yaml")
    assert set(saved) - {"format"} == set(asked)


# ---------------------------------------------------------------------- the banner
def _plain(label: QLabel) -> str:
    return " ".join(QTextDocumentFragment.fromHtml(label.text()).toPlainText().split())


def test_the_banner_gives_the_reason_and_the_next_step(window: MainWindow, driver: Any, kb: KnowledgeBase) -> None:
    given = {**DISTRIBUTING_31, "mau": 800_000_000, "separate_license_from_meta": False, "distributes": False}
    answers = answers_along_path(kb, given)
    expected = assess(kb, {"format": ANSWERS_FORMAT, **answers})
    assert expected.verdict == "license_required"
    driver.run(answers)
    driver.finish()
    banner = window.wizard.result.banner
    assert banner.words.text().splitlines()[0] == kb.verdict_labels["license_required"]
    assert _plain(banner.reason).startswith("Why: ") and "700 million" in _plain(banner.reason)
    assert _plain(banner.next_step).startswith("Next step: Request a license from Meta")
    assert banner.reason.isVisibleTo(banner) and banner.next_step.isVisibleTo(banner)


def test_an_eu_company_with_a_vision_model_is_pointed_to_the_text_only_models(
    window: MainWindow, driver: Any, kb: KnowledgeBase
) -> None:
    given = {**DISTRIBUTING_31, "version": "3.2", "multimodal": True, "eu": True, "distributes": False}
    driver.run(answers_along_path(kb, given))
    driver.finish()
    banner = window.wizard.result.banner
    assert banner.words.text().splitlines()[0] == kb.verdict_labels["prohibited"]
    assert "text-only models" in _plain(banner.next_step)
    assert "Vision" in _plain(banner.reason) or "multimodal" in _plain(banner.reason)


# ---------------------------------------------------------------------- defect 12: ids
def _visible_texts(widget: Any) -> list[str]:
    QApplication.processEvents()
    texts = [_plain(label) for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]
    texts += [button.text() for button in widget.findChildren(QToolButton) if button.isVisibleTo(widget)]
    return texts


@pytest.mark.parametrize("example", ["eu-api-customer-4.yaml", "synthetic-data-3.1.yaml", "burlington-grid-3.2.yaml"])
def test_no_rule_ids_or_keys_where_a_person_reads(window: MainWindow, kb: KnowledgeBase, example: str) -> None:
    assert window.load_answers_file(str(EXAMPLES / example))
    window.wizard.next()
    result = window.wizard.result
    keys = {q.id for q in kb.questions} | set(kb.obligation_titles) | {"license_copy"}
    for text in _visible_texts(result):
        assert not RULE_ID.search(text), text
        assert not any(re.search(rf"\b{key}\b", text) for key in keys if "_" in key), text
    # nor once a clause is opened: the clause and its quote only
    finding = result.reason_widgets[0]
    finding.toggle.click()
    assert _plain(finding.quote).startswith("“") and not RULE_ID.search(_plain(finding.quote))


def test_answers_not_needed_are_named_by_their_question(window: MainWindow, kb: KnowledgeBase) -> None:
    from advisor.engine.answers_file import read_answers

    answers = read_answers(str(EXAMPLES / "synthetic-data-3.1.yaml"))[0]
    given = {**answers, "ships_copies": True}
    assessment = assess(kb, given)
    assert assessment.unused == ("ships_copies",)
    result = window.wizard.result
    result.show_assessment(assessment, kb, given)
    from advisor.gui.result_sections import Collapsible

    # the answers are shown open when some were not needed (they are closed otherwise)
    heading = kb.wording["headings.answers"]
    assert not [c for c in result.body.findChildren(Collapsible) if c.toggle.text() == heading]
    texts = _visible_texts(result.body)
    assert heading in texts
    after = texts[texts.index(kb.wording["answers.unused"]) + 1]
    assert kb.question("ships_copies").label in after
    assert not any("ships_copies" in text for text in texts)


def test_a_file_error_names_the_question_and_starts_with_a_capital(
    window: MainWindow, dialog_guard: Any, write_file: Any, kb: KnowledgeBase
) -> None:
    path = write_file("bad-number.yaml", 'version: "3.1"\nrole: developer\naccess: own_copy\nmau: lots\n')
    errors = dialog_guard.allow("show_error")
    assert not window.load_answers_file(str(path))
    ((title, text),) = errors
    assert title == "Cannot open answers"
    assert text[0].isupper() and not text.startswith("bad-number")
    assert f"Question: {kb.question('mau').label}" in text and "bad-number.yaml, line 4" in text


def test_an_error_on_a_question_page_starts_with_a_capital(window: MainWindow, driver: Any) -> None:
    driver.run({"version": "3.1", "role": "developer", "access": "own_copy", "takes": "weights"}, stop_at="mau")
    page = driver.page()
    page.set_error("expected a whole number")
    assert page.error_label.text() == "⚠ Expected a whole number."


def test_an_old_file_is_explained_with_question_labels(window: MainWindow, kb: KnowledgeBase) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1" / "saved-00.llama-advice.yaml"
    assert "other_model_is_llama_derivative" in fixture.read_text(encoding="utf-8")
    window.load_answers_file(str(fixture))
    status = window.statusBar().currentMessage()
    assert f"read as “{kb.question('other_model_kind').label}”: " in status
    assert "other_model_kind" not in status and "same_llama" not in status
