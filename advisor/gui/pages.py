"""The intro page and the review page of the wizard."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from string import Formatter

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from advisor.gui.focus_marks import FocusFrame
from advisor.rules.visible import html_escape as escape


def intro_text(wording: Mapping[str, str], versions: tuple[str, ...]) -> str:
    """The first page's paragraphs (wording.yaml's `intro` group), naming every version of versions.yaml."""

    def say(key: str, **values: str) -> str:
        """The text, escaped for rich text, with its placeholders filled in (values are rich text already)."""
        out = ""
        for literal, name, _, _ in Formatter().parse(wording[key]):
            out += escape(literal, quote=False)
            if name is not None:
                out += values[name]
        return out

    def bold(key: str) -> str:
        return f"<b>{say(key)}</b>"

    listed = escape(versions[0] if versions else "", quote=False)
    for name in versions[1:-1]:
        listed += ", " + escape(name, quote=False)
    if len(versions) > 1:
        listed = say("lists.and", parts=listed, value=escape(versions[-1], quote=False))
    tells = say(
        "intro.tells",
        permitted=bold("intro.permitted"),
        license_required=bold("intro.license_required"),
        prohibited=bold("intro.prohibited"),
    )
    return (
        f"<p>{tells}</p><p>{say('intro.covers', versions=listed)}</p>"
        f"<p>{bold('intro.not_legal_advice')} {say('intro.reads')}</p>"
    )


def identity_header(wording: Mapping[str, str]) -> QWidget:
    """The app's icon and name, so the first page says what is open."""
    from advisor import __version__
    from advisor.resources import resource_path

    header = QWidget()
    row = QHBoxLayout(header)
    row.setContentsMargins(0, 0, 0, 8)
    icon = QLabel()
    icon.setPixmap(QPixmap(str(resource_path("icons", "llama-license-advisor-64.png"))))
    icon.setFixedSize(64, 64)
    icon.setAccessibleName("Llama License Advisor icon")
    row.addWidget(icon)
    name = QLabel(
        f"<div style='font-size: x-large; font-weight: bold'>{escape(wording['document.advisor_name'])}</div>"
        f"<div>{escape(wording['intro.tagline'])}</div><div style='font-size: small'>Version {__version__}</div>"
    )
    # one label, no fonts made in Python, no Qt enums (rich text is detected): start-up is measured
    row.addWidget(name, 1)
    return header


class IntroPage(QWizardPage):
    def __init__(self) -> None:
        from advisor.rules.first_page import first_page  # not the whole knowledge base: start-up is measured

        super().__init__()
        page = first_page()
        layout = QVBoxLayout(self)
        layout.addWidget(identity_header(page.wording))
        text = QLabel(intro_text(page.wording, page.versions))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.start_fresh = QRadioButton("&Start a new assessment")
        self.start_fresh.setChecked(True)
        self.open_saved = QRadioButton("&Open saved answers…")
        self.check_release = QRadioButton("&Check a model folder or GGUF file…")
        self._choices = QButtonGroup(self)  # one choice, although each sits in its own focus frame
        for button in (self.start_fresh, self.open_saved, self.check_release):
            button.setAccessibleName(button.text().replace("&", ""))
            self._choices.addButton(button)
            layout.addWidget(FocusFrame(button))
        layout.addStretch(1)
        self.on_open: Callable[[], bool] = lambda: False
        self.on_check: Callable[[], bool] = lambda: False

    def focus_target(self) -> QWidget:
        return next(b for b in self.findChildren(QRadioButton) if b.isChecked())

    def validatePage(self) -> bool:
        if self.open_saved.isChecked():
            self.start_fresh.setChecked(True)
            self.on_open()  # loads the answers and moves to the review page itself
            return False
        if self.check_release.isChecked():
            self.start_fresh.setChecked(True)
            self.on_check()  # shows the results, and may start the interview itself
            return False
        return True


class ReviewPage(QWizardPage):
    """Every relevant answer, each with a Change button that goes back to its question."""

    def __init__(self, change: Callable[[str], None]) -> None:
        super().__init__()
        self.setTitle("Review your answers")
        self._change = change
        layout = QVBoxLayout(self)
        hint = QLabel("Check each answer. Change takes you back to that question; the answers after it are kept.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.stop_note = QLabel()  # an interview that stopped early says which questions it did not ask
        self.stop_note.setWordWrap(True)
        self.stop_note.hide()
        layout.addWidget(self.stop_note)
        layout.addWidget(self._scroll)
        self._new_grid()
        self.change_buttons: dict[str, QPushButton] = {}

    def _new_grid(self) -> None:
        """A fresh grid: a reused one keeps the row count and row stretch of an earlier, longer
        list, which shows as a large gap in the next one."""
        self._body = QWidget()
        self._grid = QGridLayout(self._body)
        self._grid.setColumnStretch(1, 1)
        self._scroll.setWidget(self._body)  # deletes the previous body

    def show_answers(self, rows: list[tuple[str, str, str]]) -> None:
        """rows: (question id, question label, answer in words)."""
        from PySide6.QtCore import Qt

        self._new_grid()
        self.change_buttons = {}
        for row, (question_id, label, answer) in enumerate(rows):
            name = QLabel(f"<b>{escape(label)}</b>")
            value = QLabel(answer)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            button = QPushButton("Change")
            button.setAccessibleName(f"Change {label}")
            button.clicked.connect(lambda _=False, qid=question_id: self._change(qid))
            self.change_buttons[question_id] = button
            self._grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
        self._grid.setRowStretch(len(rows), 1)

    def show_stop_note(self, text: str) -> None:
        """The note below the answers ("" hides it)."""
        self.stop_note.setText(text)
        self.stop_note.setVisible(bool(text))
