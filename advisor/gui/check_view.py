"""The release check's dialogs: choosing a model folder or file, and its results.

advisor.gui.release_check opens them (through advisor.gui.dialogs) and starts the interview.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from advisor.model import KnowledgeBase
    from advisor.release.records import CheckResult

RELEASE_SUFFIXES = (".gguf", ".zip")
RELEASE_FILTER = "GGUF files, .zip files and model cards (*.gguf *.zip README.md);;All files (*)"


def is_release_path(path: str) -> bool:
    """A dropped path the check understands: a folder, a .gguf or a .zip file."""
    return Path(path).is_dir() or path.lower().endswith(RELEASE_SUFFIXES)


def choose_release_path(parent: QWidget | None) -> str:
    """Ask for a folder or a file; '' when cancelled."""
    box = QMessageBox(parent)
    box.setWindowTitle("Check a release")
    box.setText("What do you want to check?")
    folder = box.addButton("A &folder…", QMessageBox.ButtonRole.AcceptRole)
    file = box.addButton("A GGUF, .&zip or README file…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is folder:
        return QFileDialog.getExistingDirectory(parent, "Check a model folder")
    if box.clickedButton() is file:
        return QFileDialog.getOpenFileName(parent, "Check a GGUF file, .zip or model card", "", RELEASE_FILTER)[0]
    return ""


class CheckResultDialog(QDialog):
    """The check results; `start_button` (when the release settles a version) starts the interview."""

    def __init__(
        self,
        parent: QWidget | None,
        kb: KnowledgeBase,
        result: CheckResult,
        answers: dict[str, Any] | None,
        why_not: str,
    ):
        super().__init__(parent)
        self.setWindowTitle("Release check")
        self.resize(760, 560)
        self.answers = answers
        layout = QVBoxLayout(self)
        summary = QLabel(summary_text(result, kb))
        summary.setTextFormat(Qt.TextFormat.PlainText)  # a path from the disk is text, never markup
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        from advisor.gui import theme

        self.browser.setPalette(theme.palette(theme.LIGHT))  # the status colours are for paper, in either scheme
        self.browser.setHtml(result_html(result, kb))
        self.browser.setAccessibleName("Check results")
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox()
        self.start_button = QPushButton("Start the &interview with these answers")
        self.start_button.setEnabled(answers is not None)
        self.start_button.setToolTip(
            "Version and multimodal are filled in from the files" if answers else why_not[:1].upper() + why_not[1:]
        )
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("&Close")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if answers is None:
            note = QLabel(why_not[:1].upper() + why_not[1:])
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            layout.addWidget(note)
        (self.start_button if answers else close).setFocus()


def summary_text(result: CheckResult, kb: KnowledgeBase) -> str:
    """The check's result in one sentence, from its result view."""
    from advisor.render.check_view import summary_line

    return summary_line(kb, result)


def result_html(result: CheckResult, kb: KnowledgeBase) -> str:
    """The check's result view as the dialog's rich text: the models' sections (the summary
    sentence is the dialog's first line, above it)."""
    from advisor.render.check_view import check_view
    from advisor.render.html_text import html_page, html_sections

    view = check_view(kb, result)
    shown = tuple(section for section in view.sections if section.key != "summary")
    return html_page(html_sections(shown or view.sections), view.info.title)
