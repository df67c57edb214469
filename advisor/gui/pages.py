"""The intro page and the review page of the wizard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

INTRO_TEXT = (
    "<p>This advisor tells you whether your planned use of a Meta Llama model is "
    "<b>permitted</b>, needs a <b>separate licence from Meta</b>, or is <b>prohibited</b>; "
    "what you must do (the “Built with” line, the Notice file, the model-name prefix, a copy "
    "of the agreement); and why, quoting the clauses word for word.</p>"
    "<p>It covers Llama 1, 2, 3, 3.1, 3.2, 3.3 and 4. It asks only the questions that "
    "matter for your answers, usually fewer than ten.</p>"
    "<p><b>It is not legal advice.</b> It reads Meta's published texts and cannot know more "
    "than you tell it. Where the texts are unclear, it says so. Have counsel review "
    "decisions that matter.</p>"
)


class IntroPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Llama License Advisor")
        layout = QVBoxLayout(self)
        text = QLabel(INTRO_TEXT)
        text.setWordWrap(True)
        text.setTextFormat(Qt.RichText)
        layout.addWidget(text)
        self.start_fresh = QRadioButton("&Start a new assessment")
        self.start_fresh.setChecked(True)
        self.open_saved = QRadioButton("&Open saved answers…")
        for button in (self.start_fresh, self.open_saved):
            button.setAccessibleName(button.text().replace("&", ""))
            layout.addWidget(button)
        layout.addStretch(1)
        self.on_open: Callable[[], bool] = lambda: False

    def validatePage(self) -> bool:
        if self.open_saved.isChecked():
            self.start_fresh.setChecked(True)
            self.on_open()  # loads the answers and moves to the review page itself
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
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        self._body = QWidget()
        self._grid = QGridLayout(self._body)
        self._grid.setColumnStretch(1, 1)
        scroll.setWidget(self._body)
        layout.addWidget(scroll)
        self.change_buttons: dict[str, QPushButton] = {}

    def show_answers(self, rows: list[tuple[str, str, str]]) -> None:
        """rows: (question id, question label, answer in words)."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.change_buttons = {}
        for row, (question_id, label, answer) in enumerate(rows):
            name = QLabel(f"<b>{_escape(label)}</b>")
            value = QLabel(answer)
            value.setWordWrap(True)
            value.setTextFormat(Qt.PlainText)
            button = QPushButton("Change")
            button.setAccessibleName(f"Change {label}")
            button.clicked.connect(lambda _=False, qid=question_id: self._change(qid))
            self.change_buttons[question_id] = button
            self._grid.addWidget(name, row, 0, Qt.AlignTop)
            self._grid.addWidget(value, row, 1, Qt.AlignTop)
            self._grid.addWidget(button, row, 2, Qt.AlignTop)
        self._grid.setRowStretch(len(rows), 1)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def answer_in_words(question: Any, value: Any, labels: dict[str, str]) -> str:
    """How an answer reads on the review page."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return "; ".join(labels.get(item, item) for item in value) if value else "None of these"
    for choice in question.choices:
        if choice.value == value:
            return choice.label
    return str(value)
