"""Fixtures for the desktop wizard: an isolated window, guarded dialogs and a wizard driver."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from answers_support import DEVELOPER_31
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from advisor.gui import dialogs
from advisor.gui.app import MainWindow, create_application
from advisor.gui.question_page import QuestionPage
from advisor.gui.wizard import INTRO_ID, LINEAGE_ID, RESULT_ID, REVIEW_ID, AdvisorWizard

DIALOG_FUNCTIONS = tuple(
    name
    for name, function in inspect.getmembers(dialogs, inspect.isfunction)
    if function.__module__ == dialogs.__name__ and not name.startswith("_")
)


class DialogGuard:
    """Every dialog function fails the test unless the test allows it with `allow`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self.names = DIALOG_FUNCTIONS
        self.unexpected: list[str] = []
        for name in DIALOG_FUNCTIONS:
            monkeypatch.setattr(dialogs, name, self._refuse(name))

    def _refuse(self, name: str) -> Callable[..., Any]:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            self.unexpected.append(name)
            raise AssertionError(f"unexpected dialog: dialogs.{name}{args[1:]!r}")

        return refuse

    def allow(self, name: str, result: Any = None) -> list[tuple[Any, ...]]:
        """Replace dialogs.`name` with a fake returning `result`; returns its calls (arguments after the parent)."""
        assert name in DIALOG_FUNCTIONS, name
        calls: list[tuple[Any, ...]] = []

        def fake(parent: Any, *args: Any) -> Any:
            calls.append(args)
            return result

        self._monkeypatch.setattr(dialogs, name, fake)
        return calls


@pytest.fixture(autouse=True)
def dialog_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[DialogGuard]:
    guard = DialogGuard(monkeypatch)
    yield guard
    assert guard.unexpected == [], f"dialogs opened without the test allowing them: {guard.unexpected}"


@pytest.fixture
def settings_dir(tmp_path: Path) -> Iterator[Path]:
    """QSettings of this test live in tmp_path, never in the user's configuration."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QStandardPaths.setTestModeEnabled(True)
    for fmt in (QSettings.NativeFormat, QSettings.IniFormat):
        for scope in (QSettings.UserScope, QSettings.SystemScope):
            QSettings.setPath(fmt, scope, str(folder))
    yield folder


@pytest.fixture
def window(qapp: QApplication, qtbot: QtBot, settings_dir: Path) -> Iterator[MainWindow]:
    create_application(["pytest"])
    main_window = MainWindow()
    # answers a test leaves unsaved: closing at the end must not ask
    qtbot.addWidget(main_window, before_close_func=lambda widget: widget.setWindowModified(False))
    main_window.show()
    assert main_window.wizard.currentId() == INTRO_ID
    yield main_window
    main_window.setWindowModified(False)
    main_window.close()  # saves the geometry while QSettings still points at settings_dir


class Driver:
    """Answers the wizard's pages through their widgets and moves with next()/back()."""

    def __init__(self, wizard: AdvisorWizard) -> None:
        self.wizard = wizard

    def page(self) -> QuestionPage:
        page = self.wizard.currentPage()
        assert isinstance(page, QuestionPage), f"not on a question page (id {self.wizard.currentId()})"
        return page

    def question_id(self) -> str | None:
        page = self.wizard.currentPage()
        return page.question.id if isinstance(page, QuestionPage) else None

    def next_enabled(self) -> bool:
        return self.wizard.button(QWizard.NextButton).isEnabled()

    def answer(self, value: Any) -> None:
        """Fill in the current page the way a person would, then press Next."""
        page = self.page()
        if page.question.type == "int" and value in page._buttons:
            page._buttons[value].click()  # a named answer beside the number ("Far below 700 million")
        elif page.question.type == "int":
            page.count_field.setText(str(value))
        else:
            page.set_value(value)
        assert page.isComplete(), (page.question.id, value)
        assert self.next_enabled(), page.question.id
        self.next()

    def next(self) -> None:
        before = self.wizard.currentId()
        self.wizard.next()
        page = self.wizard.page(before)
        error = page.error_label.text() if isinstance(page, QuestionPage) else ""
        assert self.wizard.currentId() != before, f"Next did not move from page {before}: {error}"
        if self.wizard.currentId() == LINEAGE_ID:  # its usual answer, No (no other model): one Next
            self.wizard.next()
            assert self.wizard.currentId() != LINEAGE_ID, "the lineage page's usual answer did not go on"

    def start(self) -> None:
        if self.wizard.currentId() == INTRO_ID:
            self.next()

    def run(self, answers: dict[str, Any], stop_at: str | None = None) -> list[str]:
        """Answer every page the wizard shows from `answers` until the review page (or the
        page of `stop_at`); return the ids answered."""
        self.start()
        asked: list[str] = []
        while (qid := self.question_id()) is not None and qid != stop_at:
            assert qid in answers, f"the wizard asks {qid}, which {answers} does not answer"
            asked.append(qid)
            self.answer(answers[qid])
        assert self.wizard.currentId() == REVIEW_ID if stop_at is None else self.question_id() == stop_at
        return asked

    def continue_to_review(self) -> list[str]:
        """Press Next on already answered pages until the review page; return the ids passed."""
        passed: list[str] = []
        while (qid := self.question_id()) is not None:
            passed.append(qid)
            assert self.next_enabled(), f"{qid} lost its answer"
            self.next()
        assert self.wizard.currentId() == REVIEW_ID
        return passed

    def finish(self) -> None:
        assert self.wizard.currentId() == REVIEW_ID
        self.next()
        assert self.wizard.currentId() == RESULT_ID

    def back_to(self, question_id: str) -> None:
        while self.question_id() != question_id:
            before = self.wizard.currentId()
            self.wizard.back()
            assert self.wizard.currentId() != before, f"cannot go back to {question_id}"


@pytest.fixture
def driver(window: MainWindow) -> Driver:
    return Driver(window.wizard)


def _script() -> str:
    return shutil.which("llama-advisor") or str(Path(sys.executable).parent / "llama-advisor")


@pytest.fixture
def cli_reason(tmp_path: Path) -> Callable[[Path], str]:
    """The one-line reason `llama-advisor assess FILE` gives for a bad file, without its prefix."""
    script = _script()
    assert Path(script).is_file(), f"console script not installed: {script}"

    def reason(path: Path) -> str:
        done = subprocess.run(
            [script, "assess", str(path)],
            capture_output=True,
            cwd=tmp_path,
            env=dict(os.environ, PYTHONIOENCODING="utf-8"),
            timeout=60,
            check=False,
        )
        stderr = done.stderr.decode("utf-8")
        assert done.returncode == 2, (done.returncode, stderr)
        lines = stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("llama-advisor: "), stderr
        return lines[0].removeprefix("llama-advisor: ")

    return reason


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# The shared Llama 3.1 developer who ships copies (tests/answers_support.py), by its name here.
DISTRIBUTING_31 = DEVELOPER_31


def answer_current_page(wizard: AdvisorWizard, value: Any, question_id: str | None = None) -> None:
    """Fill in the current question page as a person would (typing a number) and press Next;
    with `question_id`, first check that the page is the one asking it."""
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage), f"not on a question page (id {wizard.currentId()})"
    assert question_id in (None, page.question.id), f"the wizard asks {page.question.id}, not {question_id}"
    if page.question.type == "int" and isinstance(value, int):
        page.count_field.setText(str(value))
    else:
        page.set_value(value)
    before = wizard.currentId()
    wizard.next()
    assert wizard.currentId() != before, (page.question.id, value, page.error_label.text())
    if wizard.currentId() == LINEAGE_ID:  # its usual answer, No (no other model): one Next
        wizard.next()
        assert wizard.currentId() != LINEAGE_ID, "the lineage page's usual answer did not go on"
