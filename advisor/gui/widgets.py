"""Small widgets: options with wrapping labels, copyable strings, the verdict banner."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

VERDICT_STYLE = {
    # verdict: (symbol, background, text colour); the words come from the knowledge base,
    # so colour is never the only signal
    "permitted": ("✔", "#e3f4e8", "#0b4d23"),
    "license_required": ("⚠", "#fff3d6", "#5c3b00"),
    "prohibited": ("✖", "#fbe4e4", "#7a0f0f"),
}


class ClickableLabel(QLabel):
    """A wrapping label that toggles its button when clicked, like a normal option text."""

    def __init__(self, text: str, button: QAbstractButton, rich: bool = False) -> None:
        super().__init__(text)
        self._button = button
        self.setWordWrap(True)
        self.setTextFormat(Qt.RichText if rich else Qt.PlainText)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)

    def minimumSizeHint(self) -> QSize:
        # A wrapped label's default minimum height is its text wrapped at the minimum
        # width; in a scroll area that floor, not the real height, would size the row.
        return QSize(self.minimumWidth(), self.fontMetrics().height())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._button.isEnabled():
            self._button.click()
        super().mousePressEvent(event)


def option_row(button: QAbstractButton, text: str, title: str = "") -> QWidget:
    """A radio button or check box with a label that wraps instead of clipping.

    With a title, the label shows the title in bold above the (escaped) text.
    """
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 2, 0, 2)
    layout.setAlignment(Qt.AlignTop)
    button.setAccessibleName(f"{title}: {text}" if title else text)
    layout.addWidget(button, 0, Qt.AlignTop)
    shown = f"<b>{escape(title)}</b><br>{escape(text)}" if title else text
    layout.addWidget(ClickableLabel(shown, button, rich=bool(title)), 1)
    return row


class CopyField(QWidget):
    """A read-only, selectable string with a Copy button."""

    def __init__(self, label: str, value: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        caption = QLabel(label)
        caption.setStyleSheet("font-weight: bold")
        layout.addWidget(caption)
        row = QHBoxLayout()
        self.field = QLabel(value)
        self.field.setTextFormat(Qt.PlainText)
        self.field.setWordWrap(True)
        self.field.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.field.setFrameShape(QFrame.StyledPanel)
        self.field.setStyleSheet("QLabel { background: palette(base); padding: 4px; }")
        self.field.setAccessibleName(label)
        self.field.setFocusPolicy(Qt.StrongFocus)
        row.addWidget(self.field, 1)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setAccessibleName(f"Copy {label}")
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.copy_button, 0, Qt.AlignTop)
        layout.addLayout(row)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.field.text())
        self.copy_button.setText("Copied")


class VerdictBanner(QFrame):
    """Icon + words + colour, so the verdict reads without colour vision."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.StyledPanel)
        layout = QHBoxLayout(self)
        self.symbol = QLabel()
        self.words = QLabel()
        self.words.setWordWrap(True)
        for label, scale in ((self.symbol, 2.2), (self.words, 1.5)):
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * scale)
            font.setBold(True)
            label.setFont(font)
        layout.addWidget(self.symbol, 0, Qt.AlignTop)
        layout.addWidget(self.words, 1)

    def show_verdict(self, verdict: str, words: str, version_name: str) -> None:
        symbol, background, colour = VERDICT_STYLE[verdict]
        self.symbol.setText(symbol)
        self.words.setText(f"{words}\n{version_name}")
        self.setAccessibleName(f"Verdict: {words}")
        self.setStyleSheet(
            f"VerdictBanner {{ background: {background}; border: 2px solid {colour}; border-radius: 6px; }}"
            f" QLabel {{ color: {colour}; background: transparent; }}"
        )
