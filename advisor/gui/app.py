"""The desktop application: window, menus, file handling, settings."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

# Qt last. Once PySide6 is loaded, it reads the source of each module an import statement
# names (once a module: it looks for `from __feature__ import`), so the pure-Python modules
# the first page needs are loaded before it, where that costs nothing (start-up is
# measured), and the wizard's module, whose first lines import typing, loads Qt.
import advisor.rules.first_page
import advisor.rules.visible  # noqa: F401 - for the first page (see above)
from advisor import __version__
from advisor.gui.mnemonics import FILE_MENU, HELP_MENU
from advisor.resources import resource_path

# isort: split
from advisor.gui.wizard import AdvisorWizard  # loads Qt

# isort: split
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, QTimer
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from advisor.gui import theme

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent  # annotations only: start-up is measured
    from PySide6.QtWidgets import QMenu

    from advisor.model import KnowledgeBase

APP_NAME = "Llama License Advisor"
APP_ID = "io.github.llama_license_advisor.Advisor"
ORGANISATION = "Llama License Advisor"
ANSWER_SUFFIXES = (".yaml", ".yml", ".json")


def _load_knowledge_base() -> KnowledgeBase:
    from advisor.rules import load_knowledge_base

    return load_knowledge_base()


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


_icon: list[QIcon] = []  # made once: the application and the main window both set it


def application_icon() -> QIcon:
    """The window icon from PNGs (loading the SVG plugin would slow the first paint)."""
    if not _icon:
        icon = QIcon()
        for size in ICON_SIZES:
            icon.addFile(str(resource_path("icons", f"llama-license-advisor-{size}.png")), QSize(size, size))
        _icon.append(icon)
    return _icon[0]


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(application_icon())
        self.setAcceptDrops(True)
        # The intro page needs no knowledge base: the YAML is loaded (and the question
        # pages built) just after the first paint, or on first use.
        self.wizard = AdvisorWizard(_load_knowledge_base)
        self.wizard.intro.on_open = self.open_answers
        self.wizard.intro.on_check = self.check_release
        self.wizard.start_over_requested = self.new_assessment
        self.wizard.save_requested.connect(self.save_answers)
        self.wizard.documents_requested.connect(self.export_documents)
        self.wizard.answers_changed.connect(self._show_title)
        self.wizard.notes_changed.connect(self._show_title)
        self.wizard.notice.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.setCentralWidget(self.wizard)
        self._build_menus()
        self.statusBar()  # there from the start: a bar appearing with the first message would shift the page
        self._saved_answers: tuple[dict[str, Any], dict[str, Any]] | None = (
            None  # answers, ticks and details as last saved
        )
        self._document_name: str | None = None  # the file's name, once saved or opened
        self.setMinimumSize(640, 480)  # a restored geometry may be from a smaller screen
        key = self._geometry_key()
        geometry = QSettings().value(key)
        self._restored_geometry: tuple[str, QByteArray] | None = None  # what closing need not write again
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            if self.restoreGeometry(geometry):
                self._restored_geometry = (key, geometry)
        else:
            self.resize(820, 640)

    def _geometry_key(self) -> str:
        """A window squeezed onto a small scaled screen (QT_SCALE_FACTOR=2, say) must not
        come back at that size at the normal scale, so each scale keeps its own geometry."""
        ratio = round(self.devicePixelRatioF(), 2)
        return "window/geometry" if ratio == 1 else f"window/geometry@{ratio:g}x"

    def _file_state(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """What a saved file holds: the answers entered, and the ticks and report details."""
        result = self.wizard.result
        return self.wizard.entered_answers(), (result.file_meta() if result is not None else {})

    def has_unsaved_answers(self) -> bool:
        entered, meta = self._file_state()
        if not entered:
            return False
        return self._saved_answers is None or (entered, meta) != self._saved_answers

    def _show_title(self) -> None:
        """The file's name in the title, with an asterisk while answers are unsaved."""
        modified = self.has_unsaved_answers()
        name = self._document_name or ("Untitled" if modified else None)
        # Qt draws "[*]" as "*" while the window is modified (macOS marks the close button instead)
        self.setWindowTitle(f"{name}{'[*]' if modified else ''} — {APP_NAME}" if name else APP_NAME)
        self.setWindowModified(modified)

    @property
    def kb(self) -> KnowledgeBase:
        return self.wizard.kb

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(FILE_MENU)
        self.new_action = self._action(file_menu, "&New assessment", QKeySequence.StandardKey.New, self.new_assessment)
        self.open_action = self._action(file_menu, "&Open answers…", QKeySequence.StandardKey.Open, self.open_answers)
        self.save_action = self._action(file_menu, "&Save answers…", QKeySequence.StandardKey.Save, self.save_answers)
        self.check_action = self._action(file_menu, "&Check a model folder or GGUF file…", None, self.check_release)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        help_menu = self.menuBar().addMenu(HELP_MENU)
        self._action(help_menu, "&About", None, self.show_about)

    def _action(
        self, menu: QMenu, text: str, shortcut: QKeySequence.StandardKey | None, slot: Callable[[], object]
    ) -> QAction:
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
        from advisor.gui import dialogs  # each action imports it: not before the first paint

        wizard = self.wizard
        if self.has_unsaved_answers() and not dialogs.ask_yes_no(
            self, "New assessment", "Clear all answers and start again? Answers you have not saved are lost."
        ):
            return
        wizard.clear()
        if wizard.result is not None:
            wizard.result.reset_notes()  # ticks and report details belong to the old assessment
        self._saved_answers = None
        self._document_name = None
        self._show_title()

    def open_answers(self) -> bool:
        from advisor.gui import dialogs

        path = dialogs.open_answers_file(self)
        return self.load_answers_file(path) if path else False

    def load_answers_file(self, path: str) -> bool:
        """Load answers and show the review page; on any problem show why and change nothing."""
        from advisor.engine import AnswersError, check_answers
        from advisor.engine.answers_file import AnswersFileError, read_answers
        from advisor.engine.answers_format import COMPLETE_KEY, upgrade_answers
        from advisor.engine.early import stops_early
        from advisor.gui import dialogs
        from advisor.gui.messages import answers_file_problem, file_problem

        wizard = self.wizard
        try:
            data, text = read_answers(path)
            upgraded = upgrade_answers(data)
            old_file = upgraded.format == 1
            # unfinished (to resume), or stopped once the verdict was decided
            partial = upgraded.meta.get(COMPLETE_KEY) is False or (
                not old_file and stops_early(self.kb, upgraded.values)
            )
            checked = (
                _checked_so_far(self.kb, upgraded.values)
                if partial
                else check_answers(self.kb, upgraded.values, closed_choices=not old_file, defaults=upgraded.defaults)
            )
        except AnswersFileError as exc:
            dialogs.show_error(self, "Cannot open answers", file_problem(exc, path))
            return False
        except AnswersError as exc:
            dialogs.show_error(self, "Cannot open answers", answers_file_problem(self.kb, exc, path, text, data))
            return False
        # answers the file gives (read in today's format), and those assumed for a v0.1.0 file
        # (with what an older format meant for the questions added since, so it reads as before)
        asked = {k: v for k, v in checked.values.items() if k in upgraded.values or k in upgraded.defaults}
        wizard.load(asked, upgraded)  # a format-3 file's lineage reaches the wizard's lineage page
        assert wizard.result is not None  # the knowledge base is loaded
        wizard.result.set_file_meta(upgraded.meta)  # obligations ticked, report details
        self._saved_answers = self._file_state()
        self._document_name = Path(path).name
        self._show_title()
        if partial and wizard.current_question_page() is not None:
            self.statusBar().showMessage("An unfinished interview: answer the remaining questions.", 8000)
        if old_file:
            self._explain_old_file(upgraded, checked.values)
        return True

    def _explain_old_file(self, upgraded: Any, values: dict[str, Any]) -> None:
        """Say how a v0.1.0 file was read: keys mapped, answers assumed, answers to give again."""
        from advisor.engine import AnswersError, check_answers
        from advisor.render.context import format_answer

        def answer(key: str, value: Any) -> str:  # the question's label and the answer in words
            question = self.kb.question(key)
            return f"“{question.label}”: {format_answer(self.kb, question, value, values.get('version'))}"

        parts = [f"{m.old_key}: {str(m.old_value).lower()} read as {answer(m.key, m.value)}" for m in upgraded.mapped]
        parts += [f"assumed {answer(key, values[key])}" for key in upgraded.filled if key in values]
        try:
            check_answers(self.kb, upgraded.values, defaults=upgraded.defaults)
        except AnswersError as exc:  # a choice today's interview no longer offers after earlier answers
            page = self.wizard.question_pages.get(exc.key or "")
            if page is not None:
                page.set_error(exc.message)
            parts.append(f"answer “{self.kb.question(exc.key).label}” again" if exc.key else exc.message)
        if parts:
            self.statusBar().showMessage("A v0.1.0 answers file: " + "; ".join(parts) + ".")

    def check_release(self, path: str | None = None) -> bool:
        from advisor.gui.release_check import check_release

        return check_release(self, path)

    def save_answers(self) -> None:
        from advisor.engine.answers_file import dump_answers
        from advisor.gui import dialogs

        wizard = self.wizard
        answers = wizard.answers()
        if not answers:
            dialogs.show_information(self, "Save answers", "There are no answers to save yet.")
            return
        from advisor.engine.answers import next_question
        from advisor.engine.answers_format import COMPLETE_KEY

        meta = self._file_meta()
        pending = None if wizard.stopped_early() else next_question(self.kb, answers)
        if pending is not None:  # unfinished: saved to resume later, marked so that `assess` refuses it
            meta = {**meta, COMPLETE_KEY: False}
        path = dialogs.save_file(self, "Save answers", "answers.llama-advice.yaml")
        if not path:
            return
        from advisor.writer.files import OutputError, write_file

        try:  # the file dialog has confirmed replacing an existing file
            asked = {key: value for key, value in answers.items() if key in wizard.path_answers()}  # not implied
            asked.update(wizard.lineage_answers())  # format 3: the other models taken from
            write_file(path, dump_answers(self.kb, asked, meta).encode("utf-8"), force=True)
        except OutputError as exc:
            dialogs.show_error(self, "Cannot save answers", str(exc))
            return
        self._saved_answers = self._file_state()
        self._document_name = Path(path).name
        self._show_title()
        unfinished = " (unfinished: open it again to continue)" if pending is not None else ""
        self.statusBar().showMessage(f"Answers saved to {path}{unfinished}", 5000)

    def _file_meta(self) -> dict[str, Any]:
        """The answers file's own keys from the result page: ticks and report details."""
        result = self.wizard.result
        return result.file_meta() if result is not None else {}

    def export_documents(self, wanted: str) -> None:
        """Preview the report, then export it or save the compliance bundle."""
        from advisor.gui import dialogs, export

        wizard = self.wizard
        result = wizard.result
        assessment = result.assessment if result is not None else None
        if result is None or assessment is None:
            return
        # the answers asked (the report marks the ones the version implies as not asked)
        answers = {key: value for key, value in wizard.answers().items() if key in wizard.path_answers()}
        chosen = dialogs.preview_report(
            self, export.ReportPreviewDialog, self.kb, assessment, answers, wanted, result.report_details()
        )
        if chosen is None:
            return
        action, details = chosen
        details = result.remember_details(details)  # kept even if the file dialog is cancelled
        if action == export.EXPORT_REPORT:
            written = export.export_report(self, self.kb, assessment, answers, details)
            message = f"Report written to {written}"
        else:
            written = export.save_bundle(self, self.kb, assessment, answers, details)
            message = f"Compliance bundle written to {written}"
        if written:
            self.statusBar().showMessage(message, 8000)

    def show_about(self) -> None:
        from advisor.gui import dialogs
        from advisor.rules.visible import html_escape as escape

        wizard = self.wizard
        kb = wizard.kb
        say = kb.wording
        agreements = "".join(
            f"<li>{escape(d.title)}</li>" for d in kb.documents.values() if d.kind in ("agreement", "use_policy")
        )
        unpublished = "".join(
            f"<p>{escape(say['about_box.no_agreement'].format(version_name=facts.name))}</p>"
            for facts in kb.versions.values()
            if facts.agreement is None
        )
        dialogs.show_about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {escape(__version__)}</h3>"
            f"<p>Ruleset {escape(kb.ruleset_version)}<br>sha256 {kb.sha256}</p>"
            f"<p>{escape(say['about_box.texts'])}</p><ul>{agreements}</ul>{unpublished}"
            f"<p><b>{escape(say['about_box.not_legal_advice'])}</b></p>",
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

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isWindowModified():
            from advisor.gui import dialogs

            if not dialogs.ask_yes_no(self, "Quit", "Quit without saving? Answers you have not saved are lost."):
                event.ignore()
                return
        key, geometry = self._geometry_key(), self.saveGeometry()
        if (key, geometry) != self._restored_geometry:  # writing the settings file again costs the quit ~1.5 ms
            QSettings().setValue(key, geometry)
            self._restored_geometry = (key, geometry)
        super().closeEvent(event)


def _checked_so_far(kb: KnowledgeBase, values: dict[str, Any]) -> Any:
    """An unfinished file's answers, checked up to its first unanswered question."""
    from advisor.engine.answers import relevant_answers

    return SimpleNamespace(values=relevant_answers(kb, values))


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app, fusion = existing, False
    else:  # Fusion from the start (theme.apply need not ask the style which it is)
        app, fusion = QApplication([*(argv[:1] or [APP_NAME]), "-style=fusion", *argv[1:]]), True
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANISATION)
    app.setOrganizationDomain("llama-license-advisor.github.io")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(application_icon())
    theme.apply(app, fusion=fusion)
    return app


class FirstPaintHook(QObject):
    """Runs a callback once, just after a widget has been painted for the first time."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


def run(answers_file: str | None = None) -> int:
    """Start the desktop advisor; returns the process exit code."""
    app = create_application(sys.argv[:1])
    window = MainWindow()

    def after_first_paint() -> None:
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
