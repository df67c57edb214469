"""Keyboard use: Enter moves to the next page once the page is answered, also from the MAU field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from advisor.gui.app import MainWindow
from advisor.gui.wizard import LINEAGE_ID


def press_enter(window: MainWindow) -> None:
    QTest.keyClick(QApplication.focusWidget() or window.wizard, Qt.Key_Return)
    QApplication.processEvents()


def test_enter_is_next_and_does_nothing_on_an_unanswered_page(window: MainWindow, qtbot: Any) -> None:
    wizard = window.wizard
    window.activateWindow()
    press_enter(window)
    assert wizard.current_question_page().question.id == "version"
    press_enter(window)  # nothing chosen yet: Next is disabled, so Enter stays here
    assert wizard.current_question_page().question.id == "version"
    wizard.current_question_page().set_value("3.1")
    press_enter(window)
    assert wizard.current_question_page().question.id == "role"
    wizard.current_question_page().set_value("developer")
    press_enter(window)
    assert wizard.current_question_page().question.id == "access"
    wizard.current_question_page().set_value("own_copy")
    press_enter(window)
    assert wizard.current_question_page().question.id == "takes"
    wizard.current_question_page().set_value("weights")
    press_enter(window)
    assert wizard.currentId() == LINEAGE_ID  # no other model, the usual answer, is chosen already
    press_enter(window)  # one key press goes on
    page = wizard.current_question_page()
    assert page.question.id == "mau"
    page.count_field.setFocus()
    QTest.keyClicks(page.count_field, "700M")
    press_enter(window)
    assert wizard.current_question_page().question.id == "separate_license_from_meta"
    assert wizard.entered_answers()["mau"] == 700_000_000
