"""Small widgets: options with wrapping labels, copyable strings, the verdict banner."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.mnemonics import plain
from advisor.rules.visible import html_escape as escape

VERDICT_STYLE = {
    # verdict: (symbol, background, text colour); the words come from the knowledge base,
    # so colour is never the only signal
    "permitted": ("✔", "#e3f4e8", "#0b4d23"),
    "license_required": ("⚠", "#fff3d6", "#5c3b00"),
    "prohibited": ("✖", "#fbe4e4", "#7a0f0f"),
}
VERDICT_COLOURS_DARK = {  # (background, text colour) on a dark palette
    "permitted": ("#173a24", "#a6e3b8"),
    "license_required": ("#3d2f0c", "#ffd98a"),
    "prohibited": ("#451818", "#ffb4b4"),
}


class ClickableLabel(QLabel):
    """A wrapping label that toggles its button when clicked, like a normal option text.

    It is the button's buddy, so a mnemonic in its (plain) text picks the option.
    """

    def __init__(self, text: str, button: QAbstractButton, rich: bool = False) -> None:
        super().__init__(text)
        self._button = button
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        if not rich:
            self.setBuddy(button)

    def minimumSizeHint(self) -> QSize:
        # A wrapped label's default minimum height is its text wrapped at the minimum
        # width; in a scroll area that floor, not the real height, would size the row.
        return QSize(self.minimumWidth(), self.fontMetrics().height())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._button.isEnabled():
            self._button.click()
        super().mousePressEvent(event)


def focus_frame(widget: QWidget, rect: QRect) -> None:
    """Paint the focus frame on `rect` of `widget` (from its paintEvent)."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(widget.palette().color(QPalette.ColorRole.Highlight), FOCUS_PEN))
    half = FOCUS_PEN / 2
    painter.drawRoundedRect(QRectF(rect).adjusted(half, half, -half, -half), 4, 4)


FOCUS_PEN = 2


class OptionRow(QFrame):
    """An option: its button and wrapping label, framed in the highlight colour while the
    button has keyboard focus (the style's own focus ring on a radio button is faint)."""

    def __init__(self, button: QAbstractButton, label: ClickableLabel) -> None:
        super().__init__()
        self.button, self.label = button, label
        self.row = layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 3, 4, 3)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(label, 1)
        button.installEventFilter(self)

    def has_focus_mark(self) -> bool:
        return self.button.hasFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.has_focus_mark():
            focus_frame(self, self._marked_rect())

    def _marked_rect(self) -> QRect:
        """The button and its text: a one-line label ends where its text ends."""
        label = self.label
        text_width = label.fontMetrics().horizontalAdvance(plain(label.text()))
        if label.textFormat() == Qt.TextFormat.PlainText and text_width < label.width():
            right = label.geometry().left() + text_width + 8
            return QRect(0, 0, min(self.width(), right), self.height())
        return self.rect()


def option_row(button: QAbstractButton, text: str, title: str = "") -> OptionRow:
    """A radio button or check box with a label that wraps instead of clipping.

    With a title, the label shows the title in bold above the (escaped) text. Without
    one, `text` may mark a mnemonic with "&" (write "&&" for a literal ampersand).
    """
    shown_text = text if title else plain(text)
    button.setAccessibleName(f"{title}: {shown_text}" if title else shown_text)
    shown = f"<b>{escape(title)}</b><br>{escape(text)}" if title else text
    return OptionRow(button, ClickableLabel(shown, button, rich=bool(title)))


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
        self.field.setTextFormat(Qt.TextFormat.PlainText)
        self.field.setWordWrap(True)
        self.field.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.field.setFrameShape(QFrame.Shape.StyledPanel)
        self.field.setStyleSheet("QLabel { background: palette(base); padding: 4px; }")
        self.field.setAccessibleName(label)
        self.field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        row.addWidget(self.field, 1)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setAccessibleName(f"Copy {label}")
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)

        QGuiApplication.clipboard().dataChanged.connect(self._clipboard_changed)

    _copies = 0  # copies made by any Copy button; each field remembers which one was its own
    _own_copy = -1

    def copy(self) -> None:
        CopyField._copies += 1
        self._own_copy = CopyField._copies
        QGuiApplication.clipboard().setText(self.field.text())
        self.copy_button.setText("Copied")

    def _clipboard_changed(self) -> None:
        """Another Copy button, or another program, copied something: this one says Copy again."""
        mine = self._own_copy == CopyField._copies and QGuiApplication.clipboard().text() == self.field.text()
        if not mine:
            self.copy_button.setText("Copy")


class VerdictBanner(QFrame):
    """Icon + words + colour, so the verdict reads without colour vision; below the words,
    the deciding reason in one sentence and, beside it, the next step."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._shown: tuple[str, str, str, str, tuple[str, ...], tuple[str, str, str]] | None = None
        layout = QHBoxLayout(self)
        self.symbol = QLabel()
        self.words = QLabel()
        self.words.setWordWrap(True)
        for label, scale in ((self.symbol, 2.2), (self.words, 1.5)):
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * scale)
            font.setBold(True)
            label.setFont(font)
        text = QVBoxLayout()
        text.addWidget(self.words)
        explained = QHBoxLayout()
        self.reason = self._prose()
        self.next_step = self._prose()
        explained.addWidget(self.reason, 3, Qt.AlignmentFlag.AlignTop)
        explained.addWidget(self.next_step, 2, Qt.AlignmentFlag.AlignTop)
        text.addLayout(explained)
        layout.addWidget(self.symbol, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)

    @staticmethod
    def _prose() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        return label

    def show_verdict(
        self,
        verdict: str,
        words: str,
        version_name: str,
        reason: str,
        next_steps: tuple[str, ...],
        labels: tuple[str, str, str],
    ) -> None:
        """The verdict's words and version; `reason` and `next_steps` are plain text (may be empty).

        `labels`: the words before the reason, one next step and several (wording.yaml's banner)."""
        from advisor.gui import theme

        self._shown = (verdict, words, version_name, reason, next_steps, labels)
        why, one_step, steps = (escape(label) for label in labels)
        symbol, background, colour = VERDICT_STYLE[verdict]
        if theme.current_scheme() == theme.DARK:
            background, colour = VERDICT_COLOURS_DARK[verdict]
        self.symbol.setText(symbol)
        self.words.setText(f"{words}\n{version_name}")
        self.reason.setText(f"<b>{why}</b> {escape(reason)}")
        self.reason.setVisible(bool(reason))
        if len(next_steps) == 1:
            self.next_step.setText(f"<b>{one_step}</b> {escape(next_steps[0])}")
        else:
            items = "".join(f"<li>{escape(step)}</li>" for step in next_steps)
            self.next_step.setText(f"<b>{steps}</b><ul style='margin-left: -24px'>{items}</ul>")
        self.next_step.setVisible(bool(next_steps))
        spoken = " ".join((reason, *(f"{labels[1]} {step}" for step in next_steps))).strip()
        self.setAccessibleName(f"Verdict: {words}")
        self.setAccessibleDescription(spoken)
        self.setStyleSheet(
            f"VerdictBanner {{ background: {background}; border: 2px solid {colour}; border-radius: 6px; }}"
            f" QLabel {{ color: {colour}; background: transparent; }}"
        )

    def scheme_changed(self) -> None:
        """Colours for the new scheme (see theme.refresh_scheme_colours)."""
        if self._shown:
            self.show_verdict(*self._shown)
