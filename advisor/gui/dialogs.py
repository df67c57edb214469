"""Every modal dialog the advisor opens goes through here, so tests can replace them."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

ANSWERS_FILTER = "Answers files (*.yaml *.yml *.json);;All files (*)"


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def show_information(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


def open_answers_file(parent: QWidget | None) -> str:
    """A path chosen by the user, or '' when cancelled."""
    return QFileDialog.getOpenFileName(parent, "Open answers", "", ANSWERS_FILTER)[0]


def save_file(parent: QWidget | None, caption: str, suggested: str, file_filter: str = ANSWERS_FILTER) -> str:
    """A path to write (the dialog confirms overwriting), or '' when cancelled."""
    return QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)[0]


def show_about(parent: QWidget | None, title: str, rich_text: str) -> None:
    QMessageBox.about(parent, title, rich_text)


def preview_report(
    parent: QWidget | None, kb: Any, assessment: Any, answers: dict, wanted: str
) -> tuple[str, Any] | None:
    """Show the report preview; return (chosen action, report details) or None if cancelled.

    `wanted` ("report" or "bundle") is the button the user pressed; it is the default.
    """
    from advisor.gui.export import EXPORT_REPORT, ReportPreviewDialog

    dialog = ReportPreviewDialog(parent, kb, assessment, answers)
    (dialog.report_button if wanted == EXPORT_REPORT else dialog.bundle_button).setDefault(True)
    if dialog.exec() != ReportPreviewDialog.Accepted or not dialog.choice:
        return None
    return dialog.choice, dialog.details()
