"""Where the compliance bundle goes: a parent folder and the name of the bundle folder.

A file Save dialog cannot choose a folder (typing an existing one opens it), so the
bundle gets this small dialog instead. It checks the target as it is typed and accepts
only a folder the bundle can be written to: a new one, an empty one, or an earlier
bundle (which is then replaced, after asking). A folder holding other files is refused
here, so choosing can never end in "Replace?" followed by a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor.gui import theme

NEW, EMPTY, EARLIER_BUNDLE, REFUSED = "new", "empty", "earlier bundle", "refused"


def target_state(parent_folder: str, name: str) -> tuple[str, str]:
    """(state, sentence for the user) for writing the bundle as `parent_folder`/`name`."""
    from advisor.render.bundle import BUNDLE_NAMES
    from advisor.writer.files import OutputError, TargetRefused, check_folder_target

    name = name.strip()
    if not parent_folder.strip():
        return REFUSED, "Choose the folder to put the bundle in."
    parent = Path(parent_folder).expanduser()
    if not parent.is_dir():
        return REFUSED, f"The folder {parent} does not exist."
    if not name or name in (".", "..") or "/" in name or os.sep in name:
        return REFUSED, "Type a name for the bundle folder (a name, not a path)."
    if not os.access(parent, os.W_OK | os.X_OK):
        return REFUSED, f"The folder {parent} cannot be written to. Choose another."
    target = parent / name
    try:
        check_folder_target(target, True, BUNDLE_NAMES)
    except TargetRefused as exc:  # of the folder itself, or of a file in it
        about = f"The folder “{name}”" if exc.path == Path(os.path.abspath(target)) else str(exc.path)
        return REFUSED, f"{about} {exc.problem}. Choose another name."
    except OutputError as exc:
        reason = str(exc)
        return REFUSED, f"{reason[:1].upper()}{reason[1:]}. Choose another name."
    if not target.exists():
        return NEW, f"A new folder {target} will be created."
    if not any(target.iterdir()):
        return EMPTY, f"The bundle will be written into the empty folder {target}."
    return EARLIER_BUNDLE, f"{target} holds an earlier bundle. It will be replaced (you will be asked first)."


class BundleTargetDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        start_folder: str,
        suggested_name: str,
        choose_folder: Callable[[QWidget | None, str, str], str] | None = None,
    ) -> None:
        """`choose_folder(parent, caption, start)`: the folder dialog Browse opens, '' when cancelled
        (advisor.gui.dialogs passes its own, which tests replace); without one there is no Browse."""
        super().__init__(parent)
        self._choose_folder = choose_folder
        self.setWindowTitle("Save compliance bundle")
        self.resize(620, 0)
        layout = QVBoxLayout(self)
        intro = QLabel("The bundle is a folder of files. Choose where to put it and name it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.parent_field = QLineEdit(start_folder)
        self.parent_field.setAccessibleName("Put the bundle in")
        self.browse_button = QPushButton("B&rowse…")
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.parent_field, 1)
        row.addWidget(self.browse_button)
        self.browse_button.setVisible(choose_folder is not None)
        self.name_field = QLineEdit(suggested_name)
        self.name_field.setAccessibleName("Bundle folder name")
        for text, field, holder in (("&Put it in:", self.parent_field, row), ("Folder &name:", self.name_field, None)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, holder if holder is not None else field)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.parent_field.textChanged.connect(self.check)
        self.name_field.textChanged.connect(self.check)
        self.state = REFUSED
        self.check()
        self.name_field.setFocus()
        self.name_field.selectAll()

    def target(self) -> Path:
        return Path(self.parent_field.text().strip()).expanduser() / self.name_field.text().strip()

    def check(self) -> None:
        self.state, sentence = target_state(self.parent_field.text(), self.name_field.text())
        self.status.setText(sentence)
        refused = self.state == REFUSED
        self.status.setStyleSheet(f"color: {theme.error_colour()}" if refused else "")
        self.ok_button.setEnabled(not refused)
        self.ok_button.setText("&Replace…" if self.state == EARLIER_BUNDLE else "&Save bundle")

    def scheme_changed(self) -> None:
        """A refusal's colour for the new scheme (see theme.refresh_scheme_colours)."""
        self.check()

    def accept(self) -> None:
        self.check()  # the folder may have changed since the last keystroke
        if self.state != REFUSED:
            super().accept()

    def _browse(self) -> None:
        if self._choose_folder is None:
            return
        folder = self._choose_folder(self, "Put the bundle in", self.parent_field.text())
        if folder:
            self.parent_field.setText(folder)
