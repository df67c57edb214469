"""Building blocks of the result page: headings, paragraphs, cited findings, collapsible parts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget

from advisor.render.view import Citation
from advisor.rules.visible import html_escape as escape

HEADING_SCALE = {2: 1.15, 3: 1.05}
"""A section's heading size by its level in the view (a lineage's per-version parts are level 3)."""


def heading(text: str, level: int = 2) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * HEADING_SCALE.get(level, 1.0))
    label.setFont(font)
    label.setContentsMargins(0, 10, 0, 2)
    return label


def paragraph(text: str, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


TOGGLE_CHARACTERS = 80
"""A clause toggle names its document and section; longer names (an FAQ question) are cut,
so the button never makes the page wider than the reading width (the full name is its tooltip)."""


def _shortened(text: str) -> str:
    return text if len(text) <= TOGGLE_CHARACTERS else text[: TOGGLE_CHARACTERS - 1].rstrip() + "…"


class Collapsible(QWidget):
    """A heading-like toggle that shows or hides the widgets added to it (starts closed)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.toggle = QToolButton()
        self.toggle.setText(title)
        self.toggle.setCheckable(True)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAccessibleName(title)
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        self.content = QWidget()
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(18, 0, 0, 0)
        self.content.hide()
        self.toggle.toggled.connect(self._show)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.content)

    def add(self, widget: QWidget) -> None:
        self.content_layout.addWidget(widget)

    def _show(self, shown: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.content.setVisible(shown)


class CitedFinding(QWidget):
    """A finding's text, with its clause and verbatim quote behind a toggle."""

    def __init__(self, text: str, citation: Citation, rich: bool = False) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 6)
        layout.addWidget(paragraph(text, rich=rich))
        where = f"{citation.document_title}, {citation.section}"
        self.toggle = QToolButton()
        self.toggle.setText(_shortened(where))
        self.toggle.setToolTip(where)
        self.toggle.setCheckable(True)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAccessibleName(where)
        self.quote = paragraph(f"<blockquote>“{escape(citation.quote)}”</blockquote>", rich=True)
        self.quote.hide()
        self.toggle.toggled.connect(self._show)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.quote)

    def _show(self, shown: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.quote.setVisible(shown)
