"""Every modal dialog the advisor opens goes through here, so tests can replace them."""

from __future__ import annotations

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
