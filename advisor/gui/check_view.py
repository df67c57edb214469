"""Checking a release from the wizard: choose a model folder or file, show the results,
and offer to start the interview with the version (and multimodal) the files settle."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    from advisor.release.records import CheckResult, ModelReport

RELEASE_SUFFIXES = (".gguf", ".zip")
RELEASE_FILTER = "GGUF files, .zip files and model cards (*.gguf *.zip README.md);;All files (*)"
STATUS = {
    "pass": ("✔", "Pass", "#1b5e20"),
    "warn": ("⚠", "Warning", "#8a5300"),
    "fail": ("✘", "Fail", "#b71c1c"),
    "not_applicable": ("–", "Not applicable", "#555555"),
}


def is_release_path(path: str) -> bool:
    """A dropped path the check understands: a folder, a .gguf or a .zip file."""
    return Path(path).is_dir() or path.lower().endswith(RELEASE_SUFFIXES)


def choose_release_path(parent: QWidget | None) -> str:
    """Ask for a folder or a file; '' when cancelled."""
    box = QMessageBox(parent)
    box.setWindowTitle("Check a release")
    box.setText("What do you want to check?")
    folder = box.addButton("A &folder…", QMessageBox.AcceptRole)
    file = box.addButton("A GGUF, .&zip or README file…", QMessageBox.AcceptRole)
    box.addButton(QMessageBox.Cancel)
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
        summary = QLabel(summary_text(result))
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
        buttons.addButton(self.start_button, QDialogButtonBox.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.Close)
        close.setText("&Close")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if answers is None:
            note = QLabel(why_not[:1].upper() + why_not[1:])
            note.setWordWrap(True)
            layout.addWidget(note)
        (self.start_button if answers else close).setFocus()


def summary_text(result: CheckResult) -> str:
    if not result.models:
        return f"No Llama model found in {result.path}: nothing to check."
    symbol, word, _ = STATUS[result.result]
    count = len(result.models)
    models = "1 model" if count == 1 else f"{count} models"
    return f"{symbol} {word}: {models} checked in {result.path}."


def result_html(result: CheckResult, kb: KnowledgeBase) -> str:
    if not result.models:
        return (
            "<p>No file names a Llama license, holds a Llama agreement, or names a Llama base model, "
            "architecture or GGUF license.</p>"
        )
    return "".join(_model_html(model, kb) for model in result.models)


def _model_html(model: ModelReport, kb: KnowledgeBase) -> str:
    version = f"Llama {escape(model.version)}" if model.version else "not settled"
    if model.multimodal is not None:
        version += " (multimodal)" if model.multimodal else " (text only)"
    parts = [
        f"<h3>{escape(model.name or model.path)}</h3>",
        f"<p>{escape(model.path)}<br>Version: <b>{version}</b>",
    ]
    if model.licenses:
        parts.append(f"<br>License: {escape(model.licenses['title'] or '')}")
    parts.append("</p>")
    for conflict in model.conflicts:
        parts.append(f"<p style='color:{STATUS['fail'][2]}'><b>Conflict:</b> {escape(conflict)}</p>")
    parts.append("<table cellspacing='0' cellpadding='4'>")
    for check in model.checks:
        symbol, word, colour = STATUS[check.status]
        detail = escape(check.text)
        if check.fix and check.status in ("warn", "fail"):
            detail += f"<br><i>Fix:</i> {escape(check.fix)}"
        if check.source and check.status in ("warn", "fail"):
            cited = check.source
            detail += (
                f"<br><small>{escape(cited['title'])}, {escape(cited['section'])}: “{escape(cited['quote'])}”</small>"
            )
        parts.append(
            f"<tr><td style='color:{colour}'><b>{symbol} {word}</b></td>"
            f"<td><b>{escape(kb.check_labels[check.id])}</b><br>{detail}</td></tr>"
        )
    parts.append("</table><p><b>Evidence</b></p><ul>")
    parts += [f"<li>{escape(item.where)}: {escape(item.value)}</li>" for item in model.evidence]
    parts.append("</ul>")
    return "".join(parts)


def check_release(window: Any, path: str | None = None) -> bool:
    """Check `path` (or one the user chooses) and show the results; True when the interview starts."""
    from advisor.gui import dialogs
    from advisor.release import InputError, check_path
    from advisor.release.prefill import PrefillError, interview_answers

    if not path:
        path = dialogs.choose_release(window)
        if not path:
            return False
    try:
        result = check_path(path, window.kb)
    except InputError as exc:
        dialogs.show_error(window, "Cannot check the release", f"Cannot check this release: {exc}")
        return False
    try:
        answers, why_not = interview_answers(result, window.kb), ""
    except PrefillError as exc:
        answers, why_not = None, str(exc)
    chosen = dialogs.show_check_result(window, window.kb, result, answers, why_not)
    if not chosen:
        return False
    start_interview(window.wizard, chosen)
    return True


def start_interview(wizard: Any, answers: dict[str, Any]) -> None:
    """Start afresh with `answers` filled in, at the first question they do not answer."""
    wizard.clear()
    for question_id, value in answers.items():
        wizard.question_pages[question_id].set_value(value)
    wizard.next()  # leave the intro page

    def unanswered() -> bool:
        page = wizard.current_question_page()
        return page is None or page.question.id not in answers

    wizard.walk_forward(unanswered)
