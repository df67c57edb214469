"""One wizard page per interview question, built from the Question in the YAML.

The page never hard-codes a question: its widgets follow the question's type (choice,
bool, int, multi). Next stays disabled until the page holds a valid answer, and going
Back keeps what was entered (cleanupPage does not reset anything).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from advisor.engine.compiled import compiled
from advisor.engine.text_input import parse_count
from advisor.gui.widgets import option_row
from advisor.model import KnowledgeBase, Question, VersionFacts

FactsSource = Callable[[], VersionFacts | None]


class QuestionPage(QWizardPage):
    def __init__(self, kb: KnowledgeBase, question: Question, current_facts: FactsSource) -> None:
        super().__init__()
        self.kb = kb
        self.question = question
        self._current_facts = current_facts
        self._buttons: dict[Any, QRadioButton | QCheckBox] = {}
        self._none_box: QCheckBox | None = None
        self.setTitle(question.label)
        layout = QVBoxLayout(self)
        self.prompt_label = self._wrapping_label(bold=True)
        layout.addWidget(self.prompt_label)
        self.help_label = self._wrapping_label()
        layout.addWidget(self.help_label)
        self.input_area = QWidget()
        self.input_layout = QVBoxLayout(self.input_area)
        self.input_layout.setContentsMargins(0, 6, 0, 6)
        if question.type == "multi":
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.NoFrame)
            scroll.setWidget(self.input_area)
            layout.addWidget(scroll, 1)
        else:
            layout.addWidget(self.input_area)
        self.error_label = self._wrapping_label()
        self.error_label.setStyleSheet("color: #a00000; font-weight: bold")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.why_button = QToolButton()
        self.why_button.setText("&Why we ask")
        self.why_button.setCheckable(True)
        self.why_button.setArrowType(Qt.RightArrow)
        self.why_button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.why_button.toggled.connect(self._toggle_why)
        layout.addWidget(self.why_button)
        self.why_label = self._wrapping_label()
        self.why_label.setTextFormat(Qt.RichText)
        self.why_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.why_label.setAccessibleName("Why we ask")
        self.why_label.hide()
        layout.addWidget(self.why_label)
        if question.type != "multi":
            layout.addStretch(1)
        self._build_input()

    # ------------------------------------------------------------------ building
    @staticmethod
    def _wrapping_label(bold: bool = False) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        if bold:
            font = label.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.1)
            label.setFont(font)
        return label

    def _build_input(self) -> None:
        kind = self.question.type
        if kind == "int":
            self.count_field = QLineEdit()
            self.count_field.setPlaceholderText("for example 5,000,000 or 700M")
            self.count_field.setAccessibleName(self.question.label)
            self.count_field.textChanged.connect(self._count_changed)
            self.input_layout.addWidget(self.count_field)
            self.count_echo = QLabel()
            self.input_layout.addWidget(self.count_echo)
            return
        if kind == "multi":
            return  # built per version in initializePage
        self.group = QButtonGroup(self)
        options = (
            [(True, "&Yes"), (False, "&No")]
            if kind == "bool"
            else [(choice.value, choice.label) for choice in self.question.choices]
        )
        for value, label in options:
            button = QRadioButton()
            self.group.addButton(button)
            self._buttons[value] = button
            button.toggled.connect(self._changed)
            if kind == "bool":
                button.setText(label)
                button.setAccessibleName(f"{self.question.label}: {label.replace('&', '')}")
                self.input_layout.addWidget(button)
            else:
                self.input_layout.addWidget(option_row(button, label))

    def _build_multi(self, facts: VersionFacts | None) -> None:
        previous = set(self.value() or ())
        while self.input_layout.count():
            item = self.input_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._buttons = {}
        self._none_box = QCheckBox()
        self._none_box.toggled.connect(self._none_toggled)
        self.input_layout.addWidget(option_row(self._none_box, "None of these"))
        for category_id in compiled(self.kb).multi_choices(self.question, facts):
            box = QCheckBox()
            box.setChecked(category_id in previous)
            box.toggled.connect(self._multi_toggled)
            self._buttons[category_id] = box
            self.input_layout.addWidget(option_row(box, self.kb.aup_categories[category_id].label))
        self.input_layout.addStretch(1)
        if self._multi_was_answered and not previous:
            self._none_box.setChecked(True)

    # ------------------------------------------------------------------ QWizardPage
    _multi_was_answered = False

    def initializePage(self) -> None:
        facts = self._current_facts()
        fill = compiled(self.kb).placeholders(facts) if facts else {}
        self.prompt_label.setText(" ".join(self.question.prompt.format(**fill).split()))
        help_text = " ".join(self.question.help.format(**fill).split())
        self.help_label.setText(help_text)
        self.help_label.setVisible(bool(help_text))
        self.why_label.setText(self._why_html(facts, fill))
        if self.question.type == "multi":
            self._build_multi(facts)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:
        self._multi_was_answered = self.question.type == "multi" and self.value() is not None

    def isComplete(self) -> bool:
        return self.value() is not None

    # ------------------------------------------------------------------ values
    def value(self) -> Any:
        """The answer shown on the page, or None when it is not (validly) answered."""
        kind = self.question.type
        if kind == "int":
            try:
                return parse_count(self.count_field.text()) if self.count_field.text().strip() else None
            except ValueError:
                return None
        if kind == "multi":
            chosen = [cid for cid, box in self._buttons.items() if box.isChecked()]
            if chosen:
                return chosen
            return [] if self._none_box is not None and self._none_box.isChecked() else None
        for value, button in self._buttons.items():
            if button.isChecked():
                return value
        return None

    def set_value(self, value: Any) -> None:
        kind = self.question.type
        if kind == "int":
            self.count_field.setText(f"{value:,}")
        elif kind == "multi":
            self._build_multi(self._current_facts())
            for cid, box in self._buttons.items():
                box.setChecked(cid in value)
            if self._none_box is not None:
                self._none_box.setChecked(not value)
            self._multi_was_answered = True
        elif value in self._buttons:
            self._buttons[value].setChecked(True)
        self.completeChanged.emit()

    def clear(self) -> None:
        if self.question.type == "int":
            self.count_field.clear()
        elif self.question.type == "multi":
            self._multi_was_answered = False
            for box in self._buttons.values():
                box.setChecked(False)
            if self._none_box is not None:
                self._none_box.setChecked(False)
        else:
            self.group.setExclusive(False)
            for button in self._buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
        self.error_label.hide()
        self.completeChanged.emit()

    def set_error(self, message: str) -> None:
        self.error_label.setText(f"⚠ {message}")
        self.error_label.setVisible(bool(message))

    # ------------------------------------------------------------------ slots
    def _changed(self, *_: object) -> None:
        self.error_label.hide()
        self.completeChanged.emit()

    def _count_changed(self, text: str) -> None:
        if not text.strip():
            self.count_echo.setText("")
            self.set_error("")
        else:
            try:
                number = parse_count(text)
            except ValueError as exc:
                self.count_echo.setText("")
                self.set_error(str(exc))
            else:
                self.set_error("")
                self.count_echo.setText(f"= {number:,} users")
        self.completeChanged.emit()

    def _none_toggled(self, checked: bool) -> None:
        if checked:
            for box in self._buttons.values():
                box.setChecked(False)
        self.completeChanged.emit()

    def _multi_toggled(self, checked: bool) -> None:
        if checked and self._none_box is not None:
            self._none_box.setChecked(False)
        self.completeChanged.emit()

    def _toggle_why(self, shown: bool) -> None:
        self.why_button.setArrowType(Qt.DownArrow if shown else Qt.RightArrow)
        self.why_label.setVisible(shown)

    def _why_html(self, facts: VersionFacts | None, fill: dict[str, str]) -> str:
        from html import escape

        why = escape(" ".join(self.question.why.format(**fill).split()))
        ref = self.question.source
        if facts is None and ref.source is None:
            return f"<p>{why}</p>"
        source, title = compiled(self.kb).cite(ref, facts or next(iter(self.kb.versions.values())), self.question.id)
        quote = escape(" ".join(source.quote.split()))
        return f"<p>{why}</p><p><i>{escape(title)}, {escape(source.section)}:</i><br>“{quote}”</p>"
