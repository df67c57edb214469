"""The look: the Fusion style on every platform, with a light or a dark palette that
follows the system's colour scheme (Qt 6's colour-scheme hint), and changes with it.

LLAMA_ADVISOR_COLOR_SCHEME=light|dark forces one (screenshots, tests, or a system that
reports no scheme).
"""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

SCHEME_ENV = "LLAMA_ADVISOR_COLOR_SCHEME"
LIGHT, DARK = "light", "dark"

_ROLES = (
    # role, light, dark
    (QPalette.ColorRole.Window, "#eef0f2", "#1f2226"),
    (QPalette.ColorRole.WindowText, "#1f2328", "#eceff1"),
    (QPalette.ColorRole.Base, "#ffffff", "#444a52"),
    (QPalette.ColorRole.AlternateBase, "#f3f5f7", "#30353b"),
    (QPalette.ColorRole.Text, "#1f2328", "#eceff1"),
    (QPalette.ColorRole.Button, "#e6e9ec", "#353a40"),
    (QPalette.ColorRole.ButtonText, "#1f2328", "#eceff1"),
    (QPalette.ColorRole.BrightText, "#ffffff", "#ffffff"),
    (QPalette.ColorRole.Highlight, "#1d6fc4", "#4f9de8"),
    (QPalette.ColorRole.HighlightedText, "#ffffff", "#0d1117"),
    (QPalette.ColorRole.Link, "#1a5fa8", "#79b8ff"),
    (QPalette.ColorRole.LinkVisited, "#6a3fa0", "#c4a3f5"),
    (QPalette.ColorRole.ToolTipBase, "#ffffdc", "#32363b"),
    (QPalette.ColorRole.ToolTipText, "#1f2328", "#eceff1"),
    (QPalette.ColorRole.PlaceholderText, "#6b7178", "#9aa1a8"),
    (QPalette.ColorRole.Light, "#ffffff", "#4b5157"),
    (QPalette.ColorRole.Midlight, "#f4f5f6", "#3a3e43"),
    (QPalette.ColorRole.Mid, "#b9bec4", "#5a6067"),
    (QPalette.ColorRole.Dark, "#9aa0a6", "#6b7178"),
    (QPalette.ColorRole.Shadow, "#5b6066", "#000000"),
)
_DISABLED = {LIGHT: "#8c9198", DARK: "#7a8087"}
_ERROR = {LIGHT: "#a00000", DARK: "#ff8a80"}


def color_scheme() -> str:
    """'light' or 'dark': forced by the environment, else what the system's colour-scheme
    hint says (light if it says nothing)."""
    return _forced() or _hinted() or LIGHT


def _hinted() -> str:
    """What the colour-scheme hint says, or '' when it says nothing."""
    from PySide6.QtCore import Qt  # the Qt namespace costs ~13 ms: not before the first paint

    if QGuiApplication.instance() is None:
        return ""
    hint = QGuiApplication.styleHints().colorScheme()
    return DARK if hint == Qt.ColorScheme.Dark else LIGHT if hint == Qt.ColorScheme.Light else ""


def current_scheme() -> str:
    """The scheme whose palette is in use."""
    return _applied or color_scheme()


def _forced() -> str:
    forced = os.environ.get(SCHEME_ENV, "").strip().lower()
    return forced if forced in (LIGHT, DARK) else ""


def palette(scheme: str) -> QPalette:
    column = 1 if scheme == LIGHT else 2
    result = QPalette()
    for row in _ROLES:
        result.setColor(row[0], QColor(row[column]))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        result.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DISABLED[scheme]))
    return result


def error_colour() -> str:
    return _ERROR[current_scheme()]


_applied = ""


def apply(app: QApplication, fusion: bool = False) -> None:
    """Fusion, with the scheme's palette (`fusion`: the application was created with the
    Fusion style, so its style need not be looked at: that alone costs ~5 ms of start-up,
    for PySide's QStyle enums).

    Before the first paint the scheme is read from the platform's own palette (a dark
    system gives a dark one), which needs no Qt enum; `follow_system` then checks the
    colour-scheme hint and follows its changes.
    """
    global _applied
    if not fusion and app.style().name().lower() != "fusion":  # often already is; creating it again costs start-up time
        app.setStyle("Fusion")
    scheme = _forced() or (DARK if app.palette().color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT)
    if scheme != _applied or _forced():
        app.setPalette(palette(scheme))
    _applied = scheme


def refresh_scheme_colours(app: QApplication) -> None:
    """After the scheme changes: widgets that hold colours of their own take the new scheme's.

    The palette reaches every widget by itself; colours set in style sheets (errors, the
    verdict banner) and the focus frames' copies do not. Such widgets define
    ``scheme_changed()``.
    """
    for widget in app.allWidgets():
        refresh = getattr(widget, "scheme_changed", None)
        if callable(refresh):
            refresh()


def follow_system(app: QApplication) -> None:
    """Use the colour-scheme hint from now on, and follow its changes (call after the first paint)."""
    global _applied
    if _forced() or app.property("advisor_follows_scheme"):
        return
    app.setProperty("advisor_follows_scheme", True)

    def follow(*_: object) -> None:
        global _applied
        scheme = _hinted()
        if scheme and scheme != _applied:
            _applied = scheme
            app.setPalette(palette(scheme))
            refresh_scheme_colours(app)

    app.styleHints().colorSchemeChanged.connect(follow)
    follow()
