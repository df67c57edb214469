"""Every modal dialog the advisor opens goes through here, so tests can replace them.

File dialogs start in the folder last used (kept in the settings).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from advisor.gui.export import ReportPreviewDialog

ANSWERS_FILTER = "Answers files (*.yaml *.yml *.json);;All files (*)"
LAST_FOLDER_KEY = "dialogs/last_folder"


def _last_folder() -> str:
    """The folder of the last file or folder chosen, or '' (the current folder) at first."""
    folder = QSettings().value(LAST_FOLDER_KEY, "")
    return folder if isinstance(folder, str) and os.path.isdir(folder) else ""


def _remember_folder(path: str) -> None:
    """Remember where the user just chose `path` (a file, or a folder to be created)."""
    if path:
        QSettings().setValue(LAST_FOLDER_KEY, os.path.dirname(os.path.abspath(path)))


def _start(suggested: str = "") -> str:
    folder = _last_folder()
    if not folder:
        return suggested
    return os.path.join(folder, suggested) if suggested else folder


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


def show_information(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def open_answers_file(parent: QWidget | None) -> str:
    """A path chosen by the user, or '' when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path = QFileDialog.getOpenFileName(parent, "Open answers", _start(), ANSWERS_FILTER)[0]
    _remember_folder(path)
    return path


def save_file(parent: QWidget | None, caption: str, suggested: str, file_filter: str = ANSWERS_FILTER) -> str:
    """A path to write (the dialog confirms overwriting), or '' when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path = QFileDialog.getSaveFileName(parent, caption, _start(suggested), file_filter)[0]
    _remember_folder(path)
    return path


def save_file_and_filter(parent: QWidget | None, caption: str, suggested: str, file_filter: str) -> tuple[str, str]:
    """(path, the filter chosen in the dialog), or ('', '') when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, chosen = QFileDialog.getSaveFileName(parent, caption, _start(suggested), file_filter)
    _remember_folder(path)
    return (path, chosen) if path else ("", "")


def choose_folder(parent: QWidget | None, caption: str, start: str) -> str:
    """An existing folder, or '' when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, caption, start or _last_folder())


def choose_bundle_folder(parent: QWidget | None, suggested_name: str) -> str:
    """The folder to write a bundle into (new, empty, or an earlier bundle), or '' when cancelled."""
    from advisor.gui.bundle_target import BundleTargetDialog

    dialog = BundleTargetDialog(parent, _last_folder() or os.getcwd(), suggested_name, choose_folder)
    if dialog.exec() != BundleTargetDialog.DialogCode.Accepted:
        return ""
    target = str(dialog.target())
    _remember_folder(target)
    return target


def show_about(parent: QWidget | None, title: str, rich_text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(parent, title, rich_text)


def preview_report(
    parent: QWidget | None,
    preview: type[ReportPreviewDialog],
    kb: Any,
    assessment: Any,
    answers: dict[str, Any],
    wanted: str,
    details: Any = None,
) -> tuple[str, Any] | None:
    """Show the report preview; return (chosen action, report details) or None if cancelled.

    `preview` is the dialog (advisor.gui.export.ReportPreviewDialog: the caller names it, as
    export builds on this module). `wanted` ("report" or "bundle") is the button the user
    pressed; it is the default. `details` (ReportDetails) are the ones remembered for this
    assessment, shown filled in.
    """
    from PySide6.QtWidgets import QDialog

    dialog = preview(parent, kb, assessment, answers, details)
    (dialog.report_button if wanted == "report" else dialog.bundle_button).setDefault(True)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.choice:
        return None
    return dialog.choice, dialog.details()


def choose_release(parent: QWidget | None) -> str:
    """A model folder, GGUF file, .zip or README.md to check, or '' when cancelled."""
    from advisor.gui.check_view import choose_release_path

    return choose_release_path(parent)


def show_check_result(
    parent: QWidget | None, kb: Any, result: Any, answers: dict[str, Any] | None, why_not: str
) -> dict[str, Any] | None:
    """Show a release check; return the answers to start the interview with, or None."""
    from PySide6.QtWidgets import QDialog

    from advisor.gui.check_view import CheckResultDialog

    dialog = CheckResultDialog(parent, kb, result, answers, why_not)
    return answers if dialog.exec() == QDialog.DialogCode.Accepted and answers else None
