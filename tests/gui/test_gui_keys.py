"""Keyboard: Escape never loses work, Alt+letters never clash, focus starts on the answer,
Tab follows the reading order, and the focused option is clearly marked (issue 10, 1-3)."""

from __future__ import annotations

from typing import Any

import pytest
from answers_support import DEVELOPER_31, answers_along_path
from conftest import answer_current_page
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget, QWizard

from advisor.engine.combinations import all_answer_combinations
from advisor.gui.app import MainWindow
from advisor.gui.question_page import QuestionPage
from advisor.gui.widgets import OptionRow
from advisor.gui.wizard import INTRO_ID, LINEAGE_ID, RESULT_ID, REVIEW_ID
from advisor.model import KnowledgeBase


def focus_key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()


def go_to(window: MainWindow, kb: KnowledgeBase, given: dict[str, Any], question_id: str) -> QuestionPage:
    """Answer the interview from `given` up to the page of `question_id`."""
    wizard = window.wizard
    wizard.next()
    for qid, value in answers_along_path(kb, given, stop_at=question_id).items():
        answer_current_page(wizard, value, qid)
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage) and page.question.id == question_id
    return page


# ---------------------------------------------------------------------- 1. Escape
def test_escape_on_the_intro_and_on_a_question_keeps_the_page_and_the_answers(
    window: MainWindow, kb: KnowledgeBase
) -> None:
    window.activateWindow()
    wizard = window.wizard
    focus_key(Qt.Key_Escape)
    assert wizard.isVisible() and wizard.currentId() == INTRO_ID and wizard.intro.isVisible()
    page = go_to(window, kb, DEVELOPER_31, "mau")
    page.count_field.setFocus()
    QTest.keyClicks(page.count_field, "12M")
    focus_key(Qt.Key_Escape)
    assert wizard.isVisible() and wizard.currentPage() is page and page.isVisible()
    assert wizard.entered_answers()["mau"] == 12_000_000
    wizard.reject()  # whatever else rejects the dialog: still nothing lost
    assert wizard.isVisible() and wizard.currentPage() is page


# ---------------------------------------------------------------------- 2. mnemonics
def visible_mnemonics(window: MainWindow) -> list[tuple[str, str]]:
    """(letter, text) of every visible control of the window that has an Alt+letter."""
    found = [(action.text(), action) for action in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            found.append((widget.text(), widget))
    letters = []
    for text, _ in found:
        sequence = QKeySequence.mnemonic(text)
        if not sequence.isEmpty():
            letters.append((sequence.toString(), text))
    return letters


def assert_no_clash(window: MainWindow, where: str) -> None:
    letters = visible_mnemonics(window)
    seen: dict[str, str] = {}
    for letter, text in letters:
        assert letter not in seen, f"{where}: {seen[letter]!r} and {text!r} both use {letter}"
        seen[letter] = text


def covering_paths(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Few complete answer sets that, between them, show every question page of every version."""
    chosen: list[dict[str, Any]] = []
    covered: set[tuple[str, str]] = set()
    for answers in all_answer_combinations(kb, (0,)):
        pages = {(answers["version"], qid) for qid in answers}
        if pages - covered:
            chosen.append(answers)
            covered |= pages
    return chosen


def test_no_two_visible_controls_share_a_mnemonic_on_any_page(window: MainWindow, kb: KnowledgeBase) -> None:
    wizard = window.wizard
    checked: set[str] = set()

    def check(page_id: int) -> None:
        page = wizard.page(page_id)
        name = page.question.id if isinstance(page, QuestionPage) else str(page_id)
        assert_no_clash(window, f"page {name}")
        checked.add(name)

    wizard.currentIdChanged.connect(check)
    assert_no_clash(window, "intro")
    paths = covering_paths(kb)
    assert len({answers["version"] for answers in paths}) == len(kb.versions)
    for answers in paths:
        wizard.next()
        for qid, value in answers.items():
            answer_current_page(wizard, value, qid)
        assert wizard.currentId() == REVIEW_ID
        wizard.next()
        assert wizard.currentId() == RESULT_ID
        wizard.clear()
    wizard.currentIdChanged.disconnect(check)
    assert {q.id for q in kb.questions} | {str(REVIEW_ID), str(RESULT_ID)} <= checked


def test_alt_n_is_next_and_never_ticks_no(window: MainWindow, kb: KnowledgeBase, qtbot: Any) -> None:
    window.activateWindow()
    page = go_to(window, kb, DEVELOPER_31, "critical_infrastructure")
    no_button = page._buttons[False]
    no_letter = QKeySequence.mnemonic(no_button.text()).toString()
    assert no_letter and no_letter != QKeySequence.mnemonic(window.wizard.buttonText(QWizard.NextButton)).toString()
    focus_key(Qt.Key_N, Qt.AltModifier)  # Next is disabled: nothing happens, No stays unticked
    qtbot.wait(300)  # a mnemonic clicks after a short delay
    assert window.wizard.currentPage() is page and page.value() is None
    key = getattr(Qt, f"Key_{no_letter[-1]}")
    focus_key(key, Qt.AltModifier)
    qtbot.waitUntil(lambda: page.value() is False, timeout=2000)
    focus_key(Qt.Key_N, Qt.AltModifier)
    qtbot.waitUntil(lambda: window.wizard.currentPage() is not page, timeout=2000)


def test_version_and_role_options_are_picked_with_alt_and_their_letter(
    window: MainWindow, kb: KnowledgeBase, qtbot: Any
) -> None:
    window.activateWindow()
    wizard = window.wizard
    wizard.next()
    for question_id in ("version", "role"):
        page = wizard.currentPage()
        assert isinstance(page, QuestionPage) and page.question.id == question_id
        labels = [label for label in page._choice_labels.values() if label is not None]
        letters = [QKeySequence.mnemonic(label.text()).toString() for label in labels]
        assert all(letters), [label.text() for label in labels]
        assert len(set(letters)) == len(letters)
        value = list(page._buttons)[-1]
        last = letters[-1]
        focus_key(getattr(Qt, f"Key_{last[-1]}"), Qt.AltModifier)
        qtbot.waitUntil(lambda page=page, value=value: page.value() == value, timeout=2000)
        assert page._buttons[value].hasFocus()
        wizard.next()


def test_the_bundle_button_and_back_do_not_share_a_letter(window: MainWindow, kb: KnowledgeBase) -> None:
    window.wizard.kb  # noqa: B018 - builds the question pages
    window.wizard.load(answers_along_path(kb, DEVELOPER_31))
    window.wizard.next()
    result = window.wizard.result
    bundle = QKeySequence.mnemonic(result.save_bundle_button.text()).toString()
    back = QKeySequence.mnemonic(window.wizard.buttonText(QWizard.BackButton)).toString()
    assert bundle and back and bundle != back
    assert_no_clash(window, "result")


# ---------------------------------------------------------------------- 3. focus and Tab
@pytest.mark.parametrize(
    ("question_id", "given"),
    [
        ("version", {}),
        ("role", {"version": "3.1"}),
        ("takes", DEVELOPER_31),
        ("mau", DEVELOPER_31),
        ("aup_concerns", DEVELOPER_31),
        ("critical_infrastructure", DEVELOPER_31),
    ],
)
def test_a_page_opens_with_focus_on_its_answer_control(
    window: MainWindow, kb: KnowledgeBase, question_id: str, given: dict[str, Any]
) -> None:
    window.activateWindow()
    page = go_to(window, kb, given, question_id) if question_id != "version" else None
    if page is None:
        window.wizard.next()
        page = window.wizard.currentPage()
    focused = QApplication.focusWidget()
    assert focused is not page.why_button
    answer_widgets = [*page._buttons.values(), *([page.count_field] if page.question.type == "int" else [])]
    if page._none_box is not None:
        answer_widgets.append(page._none_box)
    assert focused in answer_widgets, (question_id, focused)
    assert focused.isVisible()


def test_typing_a_count_on_the_user_count_page_lands_in_the_field(window: MainWindow, kb: KnowledgeBase) -> None:
    window.activateWindow()
    page = go_to(window, kb, DEVELOPER_31, "mau")
    QTest.keyClicks(QApplication.focusWidget(), "5M")
    assert page.count_field.text() == "5M"
    assert page.value() == 5_000_000


def test_tab_order_follows_the_reading_order(window: MainWindow, kb: KnowledgeBase) -> None:
    window.activateWindow()
    page = go_to(window, kb, DEVELOPER_31, "mau")
    page.count_field.setText("5")  # Next is enabled (a disabled button is not in the Tab order)
    wizard = window.wizard
    expected: list[QWidget] = [page.count_field, *page._buttons.values(), page.why_button]
    expected += [wizard.button(QWizard.BackButton), wizard.button(QWizard.NextButton)]
    chain: list[QWidget] = [page.count_field]
    widget = page.count_field
    while len(chain) < len(expected):
        widget = widget.nextInFocusChain()
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.TabFocus:
            chain.append(widget)
    assert chain == expected
    # and Tab itself goes from the field to the first named answer
    page.count_field.setFocus()
    focus_key(Qt.Key_Tab)
    assert QApplication.focusWidget() is next(iter(page._buttons.values()))


def _highlight_pixels(row: QWidget) -> int:
    """Pixels in the highlight colour along the top and bottom edges of a widget."""
    image = row.grab().toImage()
    highlight = row.palette().color(QPalette.Highlight)
    count = 0
    for x in range(image.width()):
        for y in (0, 1, image.height() - 1, image.height() - 2):
            colour = image.pixelColor(x, y)
            if max(abs(colour.red() - highlight.red()), abs(colour.green() - highlight.green()),
                   abs(colour.blue() - highlight.blue())) < 40:  # fmt: skip
                count += 1
    return count


def test_the_focused_option_has_a_clearly_visible_mark(window: MainWindow, kb: KnowledgeBase) -> None:
    window.activateWindow()
    window.wizard.next()
    page = window.wizard.currentPage()
    rows = [row for row in page.findChildren(OptionRow) if row.isVisible()]
    first, second = rows[0], rows[1]
    first.button.setFocus(Qt.TabFocusReason)
    QApplication.processEvents()
    assert first.button.hasFocus()
    marked, unmarked = _highlight_pixels(first), _highlight_pixels(second)
    assert unmarked == 0
    text_width = first.label.fontMetrics().horizontalAdvance(first.label.text().replace("&", ""))
    assert marked > 2 * text_width, "the focus frame runs along the whole option, top and bottom"


def test_a_focused_yes_or_no_has_a_clearly_visible_mark(window: MainWindow, kb: KnowledgeBase) -> None:
    window.activateWindow()
    page = go_to(window, kb, DEVELOPER_31, "critical_infrastructure")
    yes, no = page._buttons[True], page._buttons[False]
    yes.setFocus(Qt.TabFocusReason)
    QApplication.processEvents()
    assert _highlight_pixels(no.parentWidget()) == 0
    assert _highlight_pixels(yes.parentWidget()) > 2 * yes.fontMetrics().horizontalAdvance("Yes")


def test_every_text_field_and_option_is_reachable_without_a_mouse(window: MainWindow, kb: KnowledgeBase) -> None:
    page = go_to(window, kb, DEVELOPER_31, "mau")
    for widget in [*page.findChildren(QAbstractButton), *page.findChildren(QLineEdit)]:
        if widget.isVisible():
            assert widget.focusPolicy() & Qt.TabFocus, widget


def test_the_readme_letters_why_we_ask_and_back(window: MainWindow, kb: KnowledgeBase, qtbot: Any) -> None:
    window.activateWindow()
    page = go_to(window, kb, DEVELOPER_31, "mau")
    focus_key(Qt.Key_W, Qt.AltModifier)
    qtbot.waitUntil(lambda: page.why_label.isVisible(), timeout=2000)
    focus_key(Qt.Key_B, Qt.AltModifier)
    qtbot.waitUntil(lambda: window.wizard.currentPage() is not page, timeout=2000)
    assert window.wizard.currentId() == LINEAGE_ID  # the page before the user count
