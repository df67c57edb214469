"""The wizard's lineage page (issue 16): the other models a product takes from, by keyboard alone,
with its review rows, the questions its entries need, the saved file and the combined result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget, QWizard
from pytestqt.qtbot import QtBot

from advisor.engine import assess
from advisor.engine.answers_file import read_answers
from advisor.engine.combinations import answer_domain
from advisor.gui.app import MainWindow
from advisor.gui.lineage_page import LineagePage, LlamaPart
from advisor.gui.question_page import QuestionPage
from advisor.gui.wizard import LINEAGE_ID, RESULT_ID, REVIEW_ID, AdvisorWizard
from advisor.model import KnowledgeBase, LineageEntry
from advisor.render.assessment_view import assessment_view

# A Llama 3.1 developer who ships copies: a permitted use. Questions not named take their first answer.
MAIN_31: dict[str, Any] = {
    "version": "3.1",
    "role": "developer",
    "access": "own_copy",
    "takes": "weights",
    "mau": 5_000_000,
    "separate_license_from_meta": False,
    "critical_infrastructure": False,
    "aup_concerns": [],
    "distributes": True,
    "ships_copies": True,
    "trains_other_model": False,
}


def key(which: Qt.Key, modifier: Qt.KeyboardModifier = Qt.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), which, modifier)
    QApplication.processEvents()


def alt(widget: QLabel | QAbstractButton, qtbot: QtBot) -> None:
    """Press the Alt+letter the widget shows."""
    sequence = QKeySequence.mnemonic(widget.text())
    assert not sequence.isEmpty(), f"no Alt+letter on {widget.text()!r}"
    letter = sequence.toString()[-1]
    key(getattr(Qt, f"Key_{letter}"), Qt.AltModifier)
    qtbot.wait(300)  # a mnemonic clicks after a short delay


def answer_questions(wizard: AdvisorWizard, kb: KnowledgeBase, given: dict[str, Any]) -> list[str]:
    """Answer question pages (from `given`, else with their first answer) until another page shows."""
    asked = []
    while isinstance(page := wizard.currentPage(), QuestionPage):
        qid = page.question.id
        value = given[qid] if qid in given else answer_domain(kb, page.question, dict(page.earlier), (5_000_000,))[0]
        if page.question.type == "int":
            page.count_field.setText(str(value)) if isinstance(value, int) else page.set_value(value)
        else:
            page.set_value(value)
        asked.append(qid)
        before = wizard.currentId()
        wizard.next()
        assert wizard.currentId() != before, (qid, page.error_label.text())
    return asked


def to_lineage_page(window: MainWindow, kb: KnowledgeBase, given: dict[str, Any] = MAIN_31) -> LineagePage:
    window.activateWindow()
    wizard = window.wizard
    wizard.next()
    asked = answer_questions(wizard, kb, given)
    assert wizard.currentId() == LINEAGE_ID and asked[-1] == "takes"  # asked early, after what is taken
    page = wizard.lineage_page
    assert page is not None
    return page


def llama_versions_offered(part: LlamaPart) -> list[str]:
    return [part.version.itemData(i) for i in range(part.version.count())]


def visible_letters(window: MainWindow) -> list[str]:
    letters = [QKeySequence.mnemonic(action.text()).toString() for action in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        if widget.isVisible() and (
            isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None)
        ):
            letters.append(QKeySequence.mnemonic(widget.text()).toString())
    return [letter for letter in letters if letter]


def test_no_other_model_is_the_default_and_enter_goes_on(window: MainWindow, kb: KnowledgeBase) -> None:
    page = to_lineage_page(window, kb)
    assert page.none_button.isChecked() and QApplication.focusWidget() is page.none_button
    assert "Llama 3.1" in page.none_button.accessibleName()
    key(Qt.Key_Return)  # one keypress
    wizard = window.wizard
    assert isinstance(wizard.currentPage(), QuestionPage)
    answer_questions(wizard, kb, MAIN_31)
    assert wizard.currentId() == REVIEW_ID
    assert wizard.lineage_answers() == {}
    assert "#lineage:1" in wizard.review.change_buttons
    assert "No other model: Llama 3.1 only" in {label.text() for label in wizard.review.findChildren(QLabel)}
    wizard.next()
    assert wizard.result is not None and wizard.result.assessment is not None
    assert wizard.result.assessment.lineage == ()


def test_an_entry_is_added_and_filled_in_with_keys_only(
    window: MainWindow, kb: KnowledgeBase, qtbot: QtBot, tmp_path: Path, dialog_guard: Any
) -> None:
    page = to_lineage_page(window, kb)
    alt(page._answer_rows[1].label, qtbot)  # "Yes: it also takes from other models"
    assert page.some_button.isChecked()
    (part,) = page.parts(LlamaPart)
    assert "3.1" not in llama_versions_offered(part)  # the main version is not offered
    assert not window.wizard.button(QWizard.NextButton).isEnabled()  # not complete, and it says why
    assert page.hint_label.isVisible() and "version" in page.hint_label.text()
    key(Qt.Key_Tab)
    assert QApplication.focusWidget() is part.version
    for _ in range(llama_versions_offered(part).index("3.3") + 1):
        key(Qt.Key_Down)
    key(Qt.Key_Tab)
    assert QApplication.focusWidget() is part.takes
    for _ in range(3):  # weights, code or tokenizer, outputs
        key(Qt.Key_Down)
    assert part.entry() == LineageEntry("3.3", "outputs")
    assert not part.form.isRowVisible(part.copies)  # outputs: no copies of its files to ship
    assert not part.form.isRowVisible(part.vision)  # Llama 3.3 has no vision model
    key(Qt.Key_Return)  # Enter goes on from a drop-down too
    wizard = window.wizard
    answer_questions(wizard, kb, {**MAIN_31, "mau": "far_below_threshold"})
    assert wizard.currentId() == REVIEW_ID
    assert wizard.lineage_answers() == {"lineage": [{"version": "3.3", "takes": "outputs"}]}
    rows = {label.text() for label in wizard.review.findChildren(QLabel)}
    assert "Llama 3.3: only outputs it generated" in rows
    wizard.next()
    assessment = wizard.result.assessment  # type: ignore[union-attr]
    assert [part.entry for part in assessment.lineage] == [LineageEntry("3.3", "outputs")]
    target = tmp_path / "lineage.yaml"
    dialog_guard.allow("save_file", str(target))
    window.save_action.trigger()
    saved, _ = read_answers(str(target))
    assert saved["format"] == 3 and saved["lineage"] == [{"version": "3.3", "takes": "outputs"}]
    again = assess(kb, saved)
    assert again.verdict == assessment.verdict and [p.entry for p in again.lineage] == [LineageEntry("3.3", "outputs")]


def test_rows_are_added_and_removed_by_keyboard_and_letters_never_clash(
    window: MainWindow, kb: KnowledgeBase, qtbot: QtBot
) -> None:
    page = to_lineage_page(window, kb)
    page.some_button.setChecked(True)
    first = page.parts(LlamaPart)[0]
    first.version.setCurrentIndex(first.version.findData("3.2"))
    first.takes.setCurrentIndex(first.takes.findData("weights"))
    alt(page.add_llama_button, qtbot)
    assert len(page.parts(LlamaPart)) == 2
    second = page.parts(LlamaPart)[1]
    assert QApplication.focusWidget() is second.version  # the new row is where the keyboard is
    assert "3.2" not in llama_versions_offered(second)  # already listed
    alt(page.add_parent_button, qtbot)
    parent = page.parts()[-1]
    QTest.keyClicks(QApplication.focusWidget(), "Qwen/Qwen2.5-7B-Instruct")
    key(Qt.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), "apache-2.0")
    letters = visible_letters(window)
    assert len(letters) == len(set(letters)), letters
    assert first.form.isRowVisible(first.vision)  # Llama 3.2: which of its models
    assert "vision" in page.hint_label.text() and not page.isComplete()
    first.vision.setCurrentIndex(first.vision.findData(False))
    second.remove_button.setFocus()
    key(Qt.Key_Space)  # Remove
    qtbot.waitUntil(lambda: len(page.parts(LlamaPart)) == 1)
    assert QApplication.focusWidget() is first.remove_button
    assert page.isComplete()
    assert [p.name for p in page.other_parents()] == ["Qwen/Qwen2.5-7B-Instruct"] and parent.isVisible()
    assert page.lineage() == (LineageEntry("3.2", "weights", None, False),)


def test_an_entry_asks_what_the_main_questions_did_not(window: MainWindow, kb: KnowledgeBase) -> None:
    """Llama 3.1 never asks about the EU; a Llama 3.2 vision model in the lineage needs it."""
    page = to_lineage_page(window, kb)
    page.set_value([LineageEntry("3.2", "weights", multimodal=True)], [])
    wizard = window.wizard
    wizard.next()
    asked = answer_questions(wizard, kb, {**MAIN_31, "eu": False, "eu_affiliates_involved": False})
    assert "eu" in asked and asked.index("eu") > asked.index("trains_other_model")  # after the main questions
    eu_page = wizard.question_pages["eu"]
    assert "Llama 3.2" in eu_page.context()
    assert wizard.currentId() == REVIEW_ID
    labels = [label.text() for label in wizard.review.findChildren(QLabel)]
    assert any("EU domicile (for Llama 3.2)" in text for text in labels)
    wizard.next()
    assessment = wizard.result.assessment  # type: ignore[union-attr]
    assert [part.entry.version for part in assessment.lineage] == ["3.2"]
    assert assessment.lineage[0].assessment.answers["eu"] is False


def test_change_on_a_lineage_row_goes_back_to_the_page(window: MainWindow, kb: KnowledgeBase) -> None:
    page = to_lineage_page(window, kb)
    page.set_value([LineageEntry("3.3", "outputs")], [])
    wizard = window.wizard
    wizard.next()
    answer_questions(wizard, kb, MAIN_31)
    wizard.review.change_buttons["#lineage:1"].click()
    assert wizard.currentId() == LINEAGE_ID
    back = wizard.button(QWizard.CustomButton1)
    assert back.isVisible()
    page.none_button.setChecked(True)
    back.click()
    assert wizard.currentId() == REVIEW_ID and wizard.lineage_answers() == {}


def test_an_opened_format_3_file_shows_its_lineage(
    window: MainWindow, kb: KnowledgeBase, tmp_path: Path, dialog_guard: Any
) -> None:
    page = to_lineage_page(window, kb)
    page.set_value([LineageEntry("3.3", "weights", ships_copies=False, access="hosted_api")], [])
    page.add_parent().name.setText("Qwen/Qwen2.5-7B-Instruct")
    page.parts()[-1].license.setText("apache-2.0")
    wizard = window.wizard
    wizard.next()
    answer_questions(wizard, kb, MAIN_31)  # a user count: Llama 3.3 is asked its own, for its own month
    target = tmp_path / "saved.yaml"
    dialog_guard.allow("save_file", str(target))
    window.save_action.trigger()
    wizard.clear()
    assert wizard.lineage_answers() == {}
    assert window.load_answers_file(str(target))
    assert wizard.currentId() == REVIEW_ID
    assert wizard.lineage_answers() == {
        "lineage": [
            {"version": "3.3", "takes": "weights", "ships_copies": False, "access": "hosted_api", "mau": 5_000_000}
        ],
        "other_parents": [{"name": "Qwen/Qwen2.5-7B-Instruct", "license": "apache-2.0"}],
    }
    assert not window.isWindowModified()


@pytest.mark.parametrize("scheme", ["light"])
def test_the_result_shows_the_combined_verdict_and_each_section_of_the_view(
    window: MainWindow, kb: KnowledgeBase, scheme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764806400")
    page = to_lineage_page(window, kb)
    page.set_value([LineageEntry("3.3", "outputs")], [])
    wizard = window.wizard
    wizard.next()
    answer_questions(wizard, kb, {**MAIN_31, "trains_other_model": True, "other_model_kind": "same_llama"})
    wizard.next()
    assert wizard.currentId() == RESULT_ID
    result = wizard.result
    assert result is not None and result.assessment is not None
    assessment = result.assessment
    assert result.banner.words.text().startswith(kb.verdict_labels[assessment.verdict])  # the combined verdict
    shown = [label.text() for label in result.body.findChildren(QLabel)]
    shown += [button.text() for button in result.body.findChildren(QAbstractButton)]
    view = assessment_view(kb, assessment, wizard.answers(), record=False)
    for section in view.shown(record=False)[1:]:
        assert any(section.heading in text for text in shown), section.heading
    first = result.body_layout.itemAt(0).widget()
    assert first is result.banner  # the verdict on top
    assert not any(isinstance(w, QComboBox) for w in result.body.findChildren(QWidget))


def test_a_version_that_becomes_the_main_one_leaves_the_list_and_the_page_says_so(
    window: MainWindow, kb: KnowledgeBase
) -> None:
    page = to_lineage_page(window, kb)
    page.set_value([LineageEntry("3.3", "outputs"), LineageEntry("3", "weights")], [])
    wizard = window.wizard
    while wizard.currentId() != wizard.page_ids["version"]:
        wizard.back()
    wizard.question_pages["version"].set_value("3.3")
    wizard.next()
    answer_questions(wizard, kb, {**MAIN_31, "version": "3.3"})
    assert wizard.currentId() == LINEAGE_ID
    assert [entry.version for entry in page.lineage()] == ["3"]
    assert page.note_label.isVisible() and "Llama 3.3" in page.note_label.text()
    assert "3.3" not in llama_versions_offered(page.parts(LlamaPart)[0])


def test_a_user_count_is_asked_again_for_each_version_s_own_month(window: MainWindow, kb: KnowledgeBase) -> None:
    """Each agreement counts the users of the month before its own release: a number given
    for Llama 3.1 is asked again for Llama 3.3, on a page that names Llama 3.3's month."""
    from advisor.engine.compiled import compiled

    page = to_lineage_page(window, kb)
    page.set_value([LineageEntry("3.3", "outputs")], [])
    wizard = window.wizard
    wizard.next()
    asked = answer_questions(wizard, kb, {**MAIN_31, "mau": 600_000_000})
    assert asked.count("mau") == 2
    wizard.back()
    own = wizard.currentPage()
    assert isinstance(own, QuestionPage) and own is not wizard.question_pages["mau"]
    month = compiled(kb).placeholders(kb.versions["3.3"])["count_month"]
    assert month in own.prompt_label.text() and "Llama 3.3" in own.context()
    assert month not in wizard.question_pages["mau"].prompt_label.text()  # the main page keeps Llama 3.1's month
    wizard.next()
    assert wizard.lineage_answers()["lineage"] == [{"version": "3.3", "takes": "outputs", "mau": 600_000_000}]
    assert wizard.entered_answers()["mau"] == 600_000_000
    labels = [label.text() for label in wizard.review.findChildren(QLabel)]
    assert any("Monthly active users (for Llama 3.3)" in text for text in labels)
