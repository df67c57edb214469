"""Focus marks that are clearly visible: a frame in the highlight colour around the option
that has keyboard focus (the style's own focus ring on a radio button is faint)."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QFrame, QHBoxLayout, QWidget


class FocusFrame(QFrame):
    """A button with its own text, inside a frame that shows in the highlight colour while
    the button has focus.

    The style draws the frame, from the palette's Light and Dark roles (which a radio
    button does not use), so nothing is painted in Python: the intro page's options are
    on the first paint, and start-up is measured."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__()
        self.button = button
        self.setFrameShape(QFrame.Shape.Box)
        self.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 1, 6, 1)
        layout.addWidget(button)
        # as wide as its text, not the page (a size policy would touch the Qt namespace,
        # ~13 ms of start-up)
        self.setMaximumWidth(self.sizeHint().width())
        self.show_mark(False)
        _watch_focus()

    def has_focus_mark(self) -> bool:
        return self.button.hasFocus()

    def scheme_changed(self) -> None:
        """The frame holds a copy of the palette: give it the new scheme's (theme.refresh_scheme_colours)."""
        self.show_mark(self.has_focus_mark())

    def show_mark(self, shown: bool) -> None:
        palette = QApplication.palette()  # a copy (QPalette(...) would touch the Qt namespace)
        colour = palette.color(QPalette.ColorRole.Highlight if shown else QPalette.ColorRole.Window)
        palette.setColor(QPalette.ColorRole.Light, colour)
        palette.setColor(QPalette.ColorRole.Dark, colour)
        self.setPalette(palette)


def _watch_focus() -> None:
    """Repaint a frame when its button gains or loses focus. One application-wide signal, not
    an event filter per button: a Python event filter on the first page costs start-up time."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or app.property("advisor_focus_frames"):
        return
    app.setProperty("advisor_focus_frames", True)
    app.focusChanged.connect(_focus_changed)


def _focus_changed(old: QWidget | None, new: QWidget | None) -> None:
    for widget in (old, new):
        frame = widget.parentWidget() if widget is not None else None
        if isinstance(frame, FocusFrame):
            frame.show_mark(frame.has_focus_mark())
