"""The main window: accessible names, About, settings isolation and the dialog guard itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from advisor import __version__
from advisor.gui import dialogs
from advisor.gui.app import APP_ID, APP_NAME, ORGANISATION, MainWindow
from advisor.model import KnowledgeBase

# Between them these paths show every question page (Llama 1 asks `weights_from_meta` and
# `commercial`, and for research `shares_llama1_weights`; a fine-tune made available asks
# `adapter_only`).
PATHS: list[dict[str, Any]] = [
    {"version": "1", "weights_from_meta": True, "commercial": False, "shares_llama1_weights": "not_shared"},
    {
        "version": "3.2",
        "role": "developer",
        "access": "own_copy",
        "takes": "weights",
        "multimodal": True,
        "eu": False,
        "eu_affiliates_involved": False,
        "mau": "far_above_threshold",
        "separate_license_from_meta": True,
        "critical_infrastructure": False,
        "aup_concerns": [],  # a ticked item would decide the verdict and stop the interview there
        "distributes": True,
        "ships_copies": True,
        "weights_fetched_on_first_run": "not_fetched",
        "trains_other_model": True,
        "other_model_kind": "same_llama",
        "other_model_distributed": True,
        "adapter_only": False,
        "own_terms": False,
    },
]


def _inputs(page: QWidget) -> list[QWidget]:
    """The answer widgets a person can reach on a page (radio buttons, check boxes, text fields)."""
    found = [*page.findChildren(QAbstractButton), *page.findChildren(QLineEdit)]
    return [widget for widget in found if widget.isVisibleTo(page)]


def test_every_input_on_every_question_page_has_an_accessible_name(
    window: MainWindow, driver: Any, kb: KnowledgeBase
) -> None:
    seen: set[str] = set()
    for answers in PATHS:
        window.wizard.clear()
        driver.start()
        while (qid := driver.question_id()) is not None:
            page = driver.page()
            inputs = _inputs(page)
            answer_inputs = [w for w in inputs if w is not page.why_button]
            assert answer_inputs, f"{qid} has no input"
            for widget in answer_inputs:
                assert widget.accessibleName().strip(), f"{qid}: {type(widget).__name__} {widget.text()!r}"
            assert page.why_button.text().replace("&", "").strip()  # a tool button is named by its text
            seen.add(qid)
            driver.answer(answers[qid])
    assert seen == {q.id for q in kb.questions}


def test_choice_names_say_which_question_they_answer(window: MainWindow, kb: KnowledgeBase) -> None:
    window.wizard.kb  # noqa: B018 - builds the question pages
    pages = window.wizard.question_pages
    names = {b.accessibleName() for b in pages["distributes"].findChildren(QAbstractButton)}
    label = kb.question("distributes").label
    assert {f"{label}: Yes", f"{label}: No"} <= names
    names = {b.accessibleName() for b in pages["version"].findChildren(QAbstractButton)}
    assert {choice.label for choice in kb.question("version").choices} <= names
    assert pages["mau"].count_field.accessibleName() == kb.question("mau").label


def test_why_we_ask_shows_the_reason_and_the_clause(driver: Any, kb: KnowledgeBase) -> None:
    driver.run({"version": "3.1", "role": "developer", "access": "own_copy", "takes": "weights"}, stop_at="mau")
    page = driver.page()
    assert page.why_label.isHidden()
    page.why_button.click()
    assert page.why_label.isVisibleTo(page)
    question = kb.question("mau")
    assert " ".join(question.why.split())[:40] in page.why_label.text()
    clause = kb.versions["3.1"].clauses["mau"]
    assert clause.section in page.why_label.text()


def test_about_shows_version_ruleset_and_sha256(window: MainWindow, dialog_guard: Any, kb: KnowledgeBase) -> None:
    calls = dialog_guard.allow("show_about")
    about = next(a for a in window.findChildren(QAction) if a.text().replace("&", "") == "About")
    about.trigger()
    assert len(calls) == 1
    title, text = calls[0]
    assert title == f"About {APP_NAME}"
    assert __version__ in text
    assert kb.ruleset_version in text
    assert kb.sha256 in text
    assert "Not legal advice" in text
    for version in ("Llama 2", "Llama 3.1", "Llama 4"):
        assert version in text


def test_application_identity(window: MainWindow) -> None:
    app = QApplication.instance()
    assert app.applicationName() == APP_NAME
    assert app.organizationName() == ORGANISATION
    assert QGuiApplication.desktopFileName() == APP_ID
    assert not window.windowIcon().isNull()
    assert window.acceptDrops()


def test_geometry_is_saved_in_the_test_settings_folder(
    qapp: QApplication, window: MainWindow, settings_dir: Path
) -> None:
    window.resize(700, 500)
    window.close()
    files = list(settings_dir.rglob("*.conf"))
    assert len(files) == 1, files
    assert "geometry" in files[0].read_text(encoding="utf-8")
    assert QSettings().fileName() == str(files[0])
    again = MainWindow()
    try:
        assert (again.width(), again.height()) == (700, 500)
    finally:
        again.deleteLater()


def test_the_guard_covers_every_dialog(dialog_guard: Any) -> None:
    names = dialog_guard.names
    assert set(names) == {
        "show_error",
        "show_information",
        "ask_yes_no",
        "open_answers_file",
        "save_file",
        "save_file_and_filter",
        "choose_folder",
        "choose_bundle_folder",
        "show_about",
        "preview_report",
        "choose_release",
        "show_check_result",
    }
    for name in names:
        with pytest.raises(AssertionError, match=f"unexpected dialog: dialogs.{name}"):
            getattr(dialogs, name)(None, "title", "text")
    assert dialog_guard.unexpected == list(names)
    dialog_guard.unexpected.clear()


def test_the_guard_catches_a_dialog_from_a_menu_action(
    window: MainWindow, driver: Any, dialog_guard: Any, qtbot: QtBot
) -> None:
    driver.run({"version": "1", "weights_from_meta": True, "commercial": False, "shares_llama1_weights": "not_shared"})
    with qtbot.capture_exceptions() as raised:
        window.save_action.trigger()  # save_file is not allowed: the guard raises inside the slot
    assert [str(exc) for _, exc, _ in raised] == [
        "unexpected dialog: dialogs.save_file('Save answers', 'answers.llama-advice.yaml')"
    ]
    assert dialog_guard.unexpected == ["save_file"]
    dialog_guard.unexpected.clear()
