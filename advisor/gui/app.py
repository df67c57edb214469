"""The desktop application: window, menus, file handling, settings."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from advisor import __version__
from advisor.gui import dialogs
from advisor.gui.mnemonics import FILE_MENU, HELP_MENU
from advisor.resources import resource_path

if TYPE_CHECKING:
    from advisor.model import KnowledgeBase

APP_NAME = "Llama License Advisor"
APP_ID = "io.github.llama_license_advisor.Advisor"
ORGANISATION = "Llama License Advisor"
ANSWER_SUFFIXES = (".yaml", ".yml", ".json")


def _load_knowledge_base() -> KnowledgeBase:
    from advisor.rules import load_knowledge_base

    return load_knowledge_base()


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def application_icon() -> QIcon:
    """The window icon from PNGs (loading the SVG plugin would slow the first paint)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path("icons", f"llama-license-advisor-{size}.png")), QSize(size, size))
    return icon


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(application_icon())
        self.setAcceptDrops(True)
        from advisor.gui.wizard import AdvisorWizard

        # The intro page needs no knowledge base: the YAML is loaded (and the question
        # pages built) just after the first paint, or on first use.
        self.wizard = AdvisorWizard(_load_knowledge_base)
        self.wizard.intro.on_open = self.open_answers
        self.wizard.intro.on_check = self.check_release
        self.wizard.start_over_requested = self.new_assessment
        self.wizard.save_requested.connect(self.save_answers)
        self.wizard.documents_requested.connect(self.export_documents)
        self.setCentralWidget(self.wizard)
        self._build_menus()
        self.statusBar()  # there from the start: a bar appearing with the first message would shift the page
        self._saved_answers: dict | None = None  # the answers as last saved or opened
        self.setMinimumSize(640, 480)  # a restored geometry may be from a smaller screen
        geometry = QSettings().value(self._geometry_key())
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(820, 640)

    def _geometry_key(self) -> str:
        """A window squeezed onto a small scaled screen (QT_SCALE_FACTOR=2, say) must not
        come back at that size at the normal scale, so each scale keeps its own geometry."""
        ratio = round(self.devicePixelRatioF(), 2)
        return "window/geometry" if ratio == 1 else f"window/geometry@{ratio:g}x"

    def has_unsaved_answers(self) -> bool:
        entered = self.wizard.entered_answers()
        return bool(entered) and entered != self._saved_answers

    @property
    def kb(self) -> KnowledgeBase:
        return self.wizard.kb

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(FILE_MENU)
        self.new_action = self._action(file_menu, "&New assessment", QKeySequence.New, self.new_assessment)
        self.open_action = self._action(file_menu, "&Open answers…", QKeySequence.Open, self.open_answers)
        self.save_action = self._action(file_menu, "&Save answers…", QKeySequence.Save, self.save_answers)
        self.check_action = self._action(file_menu, "&Check a model folder or GGUF file…", None, self.check_release)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.Quit, self.close)
        help_menu = self.menuBar().addMenu(HELP_MENU)
        self._action(help_menu, "&About", None, self.show_about)

    def _action(self, menu, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            # every binding of the platform; setShortcut() would also cost ~13 ms of start-up
            # (its overloads touch the Qt namespace)
            action.setShortcuts(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ------------------------------------------------------------------ actions
    def new_assessment(self) -> None:
        wizard = self.wizard
        if self.has_unsaved_answers() and not dialogs.ask_yes_no(
            self, "New assessment", "Clear all answers and start again? Answers you have not saved are lost."
        ):
            return
        wizard.clear()
        self._saved_answers = None
        self.setWindowTitle(APP_NAME)

    def open_answers(self) -> bool:
        path = dialogs.open_answers_file(self)
        return self.load_answers_file(path) if path else False

    def load_answers_file(self, path: str) -> bool:
        """Load answers and show the review page; on any problem show why and change nothing."""
        from advisor.engine import AnswersError, check_answers
        from advisor.engine.answers_file import AnswersFileError, describe_answers_error, read_answers
        from advisor.engine.answers_format import upgrade_answers
        from advisor.model import ANSWERS_FORMAT

        wizard = self.wizard
        try:
            data, text = read_answers(path)
            upgraded = upgrade_answers(data)
            old_file = upgraded.format != ANSWERS_FORMAT
            checked = check_answers(self.kb, upgraded.values, closed_choices=not old_file)
        except AnswersFileError as exc:
            dialogs.show_error(self, "Cannot open answers", str(exc))
            return False
        except AnswersError as exc:
            dialogs.show_error(self, "Cannot open answers", describe_answers_error(exc, path, text, data))
            return False
        # answers the file gives (read in today's format), and those assumed for a v0.1.0 file
        asked = {k: v for k, v in checked.values.items() if k in upgraded.values}
        wizard.load(asked)
        self._saved_answers = wizard.entered_answers()
        self.setWindowTitle(f"{Path(path).name} — {APP_NAME}")
        if old_file:
            self._explain_old_file(upgraded, checked.values)
        return True

    def _explain_old_file(self, upgraded: Any, values: dict[str, Any]) -> None:
        """Say how a v0.1.0 file was read: keys mapped, answers assumed, answers to give again."""
        from advisor.engine import AnswersError, check_answers

        parts = [f"{m.old_key}: {str(m.old_value).lower()} read as {m.key}: {m.value}" for m in upgraded.mapped]
        parts += [
            f"{self.kb.question(key).label} assumed ({key}: {str(values[key]).lower()})"
            for key in upgraded.filled
            if key in values
        ]
        try:
            check_answers(self.kb, upgraded.values)
        except AnswersError as exc:  # a choice today's interview no longer offers after earlier answers
            page = self.wizard.question_pages.get(exc.key or "")
            if page is not None:
                page.set_error(exc.message)
            parts.append(f"answer “{self.kb.question(exc.key).label}” again" if exc.key else exc.message)
        if parts:
            self.statusBar().showMessage("A v0.1.0 answers file: " + "; ".join(parts) + ".")

    def check_release(self, path: str | None = None) -> bool:
        from advisor.gui.check_view import check_release

        return check_release(self, path)

    def save_answers(self) -> None:
        from advisor.engine.answers_file import dump_answers

        wizard = self.wizard
        answers = wizard.answers()
        if not answers:
            dialogs.show_information(self, "Save answers", "There are no answers to save yet.")
            return
        from advisor.engine.answers import next_question

        pending = next_question(self.kb, answers)
        if pending is not None:
            dialogs.show_information(
                self,
                "Save answers",
                f"Answer every question first, so that the saved file can be assessed. "
                f"The next question to answer is “{pending.label}”.",
            )
            return
        path = dialogs.save_file(self, "Save answers", "answers.llama-advice.yaml")
        if not path:
            return
        from advisor.render.files import OutputError, write_file

        try:  # the file dialog has confirmed replacing an existing file
            write_file(path, dump_answers(self.kb, answers).encode("utf-8"), force=True)
        except OutputError as exc:
            dialogs.show_error(self, "Cannot save answers", str(exc))
            return
        self._saved_answers = wizard.entered_answers()
        self.setWindowTitle(f"{Path(path).name} — {APP_NAME}")
        self.statusBar().showMessage(f"Answers saved to {path}", 5000)

    def export_documents(self, wanted: str) -> None:
        """Preview the report, then export it or save the compliance bundle."""
        from advisor.gui import export

        wizard = self.wizard
        assessment = wizard.result.assessment if wizard.result is not None else None
        if assessment is None:
            return
        answers = wizard.answers()
        chosen = dialogs.preview_report(self, self.kb, assessment, answers, wanted)
        if chosen is None:
            return
        action, details = chosen
        if action == export.EXPORT_REPORT:
            written = export.export_report(self, self.kb, assessment, answers, details)
            message = f"Report written to {written}"
        else:
            written = export.save_bundle(self, self.kb, assessment, answers, details)
            message = f"Compliance bundle written to {written}"
        if written:
            self.statusBar().showMessage(message, 8000)

    def show_about(self) -> None:
        wizard = self.wizard
        kb = wizard.kb
        agreements = "".join(
            f"<li>{escape(d.title)}</li>" for d in kb.documents.values() if d.kind in ("agreement", "use_policy")
        )
        dialogs.show_about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {escape(__version__)}</h3>"
            f"<p>Ruleset {escape(kb.ruleset_version)}<br>sha256 {kb.sha256}</p>"
            f"<p>Texts covered (shipped unmodified):</p><ul>{agreements}</ul>"
            "<p>Llama 1: model card and Meta's FAQ (no Meta-published licence text).</p>"
            "<p><b>Not legal advice.</b></p>",
        )

    # ------------------------------------------------------------------ window events
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            from advisor.gui.check_view import is_release_path

            path = urls[0].toLocalFile()
            if path.lower().endswith(ANSWER_SUFFIXES) or is_release_path(path):
                event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            from advisor.gui.check_view import is_release_path

            path = urls[0].toLocalFile()
            event.acceptProposedAction()
            if is_release_path(path) and not path.lower().endswith(ANSWER_SUFFIXES):
                self.check_release(path)
            else:
                self.load_answers_file(path)

    def closeEvent(self, event) -> None:
        QSettings().setValue(self._geometry_key(), self.saveGeometry())
        super().closeEvent(event)


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANISATION)
    app.setOrganizationDomain("llama-license-advisor.github.io")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(application_icon())
    from advisor.gui import theme

    theme.apply(app)
    return app


class FirstPaintHook(QObject):
    """Runs a callback once, just after a widget has been painted for the first time."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


def run(answers_file: str | None = None) -> int:
    """Start the desktop advisor; returns the process exit code."""
    app = create_application(sys.argv[:1])
    window = MainWindow()

    def after_first_paint() -> None:
        from advisor.gui import theme

        theme.follow_system(app)  # the colour-scheme hint, from now on
        window.wizard.kb  # noqa: B018 - load the YAML and build the question pages
        if answers_file:
            window.load_answers_file(answers_file)

    FirstPaintHook(window.wizard.intro, after_first_paint)
    _quit_when_asked(app, window)
    window.show()
    return app.exec()


QUIT_AFTER = "LLAMA_ADVISOR_QUIT_AFTER"


def _quit_when_asked(app: QApplication, window: MainWindow) -> None:
    """For start-up benchmarks and smoke tests: LLAMA_ADVISOR_QUIT_AFTER=first-paint quits
    once the first page is painted; a number of milliseconds closes the window then."""
    when = os.environ.get(QUIT_AFTER, "")
    if when == "first-paint":
        FirstPaintHook(window.wizard.intro, app.quit)
    elif when.isdigit():
        QTimer.singleShot(int(when), window.close)
