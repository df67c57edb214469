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
    QAbstractButton,
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
from advisor.gui import theme
from advisor.gui.focus_marks import FocusFrame
from advisor.gui.mnemonics import WHY_TEXT, assign, mnemonic, reserved_letters
from advisor.gui.widgets import ClickableLabel, option_row
from advisor.model import KnowledgeBase, Question, VersionFacts

FactsSource = Callable[[], VersionFacts | None]
NONE_OF_THESE = "None of these"


class QuestionPage(QWizardPage):
    def __init__(self, kb: KnowledgeBase, question: Question, current_facts: FactsSource) -> None:
        super().__init__()
        self.kb = kb
        self.question = question
        self._current_facts = current_facts
        self._buttons: dict[Any, QRadioButton | QCheckBox] = {}
        self._choice_labels: dict[str, ClickableLabel | None] = {}
        self._none_box: QCheckBox | None = None
        self.setTitle(question.label)
        layout = QVBoxLayout(self)
        self.context_label = self._wrapping_label()  # which version it is asked for (see set_context)
        self.context_label.hide()
        layout.addWidget(self.context_label)
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
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(self.input_area)
            layout.addWidget(scroll, 1)
        else:
            layout.addWidget(self.input_area)
        self.error_label = self._wrapping_label()
        self.scheme_changed()
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.why_button = QToolButton()
        self.why_button.setText(WHY_TEXT)
        self.why_button.setCheckable(True)
        self.why_button.setArrowType(Qt.ArrowType.RightArrow)
        self.why_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.why_button.toggled.connect(self._toggle_why)
        layout.addWidget(self.why_button)
        self.why_label = self._wrapping_label()
        self.why_label.setTextFormat(Qt.TextFormat.RichText)
        self.why_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
            self.count_field.setPlaceholderText(self.question.placeholder)
            self.count_field.setAccessibleName(self.question.label)
            self.count_field.textChanged.connect(self._count_changed)
            self.input_layout.addWidget(self.count_field)
            self.count_echo = QLabel()
            self.input_layout.addWidget(self.count_echo)
            self._build_bands()
            return
        if kind == "multi":
            return  # built per version in initializePage
        self.group = QButtonGroup(self)
        options = (
            [(True, "Yes"), (False, "No")]
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
                button.setAccessibleName(f"{self.question.label}: {label}")
                self.input_layout.addWidget(FocusFrame(button))
            else:
                row = option_row(button, " ".join(label.split()))
                self._choice_labels[str(value)] = row.label  # a choice's value is text
                self.input_layout.addWidget(row)

    def _build_bands(self) -> None:
        """Named answers offered beside the number (for the user count: far below / far above)."""
        if not self.question.choices:
            return
        self.input_layout.addWidget(QLabel(self.question.choices_intro))
        self.group = QButtonGroup(self)
        for choice in self.question.choices:
            button = QRadioButton()
            self.group.addButton(button)
            self._buttons[choice.value] = button
            button.toggled.connect(self._band_toggled)
            row = option_row(button, " ".join(choice.label.split()))
            self._choice_labels[choice.value] = row.label
            self.input_layout.addWidget(row)

    earlier: dict[str, Any] = {}  # noqa: RUF012 - replaced, never mutated
    """Set by the wizard before the page opens: the answers before it (some choices depend on them)."""

    def _close_choices(self, facts: VersionFacts | None) -> None:
        """Disable, with the reason beside them, the choices the interview does not offer after
        the earlier answers (an end user cannot pick "fine-tuning the model itself"), clearing
        one that was picked before."""
        answers = self.earlier
        ck = compiled(self.kb)
        for choice in self.question.choices:
            button = self._buttons.get(choice.value)
            if not choice.unavailable or button is None:
                continue
            offered = ck.choice_open(self.question, choice.value, answers, facts)
            if not offered and button.isChecked():
                self._uncheck_all()
            button.setEnabled(offered)
            label = self._choice_labels.get(choice.value)
            if label is not None:
                text = " ".join(ck.fill(choice.label, facts).split())
                if not offered:
                    text += f" (not open to you: {' '.join(ck.fill(choice.unavailable, facts).split())})"
                label.setText(text)
                label.setEnabled(offered)

    def _fill_choice_labels(self, facts: VersionFacts | None) -> None:
        """Choice labels may name the chosen version ("Llama 3 or a model fine-tuned from Llama 3")."""
        fill = compiled(self.kb).fill
        for choice in self.question.choices:
            label = self._choice_labels.get(choice.value)
            if label is not None:
                text = " ".join(fill(choice.label, facts).split())
                label.setText(text)
                self._buttons[choice.value].setAccessibleName(text)

    def _assign_mnemonics(self) -> None:
        """Alt+letter for every option with a plain label, picked from the label itself
        (the YAML has no letters), never one the wizard's buttons, the menus or "Why we ask" hold."""
        targets: list[tuple[QLabel | QAbstractButton, str]] = []
        if self.question.type == "bool":
            targets = [(button, "Yes" if value else "No") for value, button in self._buttons.items()]
        for label in self._choice_labels.values():
            if label is not None and label.buddy() is not None:
                targets.append((label, label.text()))  # as filled in: no mnemonic yet
        if self._none_box is not None:
            targets.append((self._none_label, NONE_OF_THESE))
        taken = reserved_letters() | {mnemonic(WHY_TEXT)}
        for (target, _), text in zip(targets, assign([text for _, text in targets], taken), strict=True):
            target.setText(text)

    def _build_multi(self, facts: VersionFacts | None) -> None:
        previous = set(self.value() or ())
        while self.input_layout.count():
            item = self.input_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # until it is deleted it would still show, and hold its Alt+letter
                widget.deleteLater()
        self._buttons = {}
        self._none_box = QCheckBox()
        self._none_box.toggled.connect(self._none_toggled)
        none_row = option_row(self._none_box, NONE_OF_THESE)
        self._none_label = none_row.label
        self.input_layout.addWidget(none_row)
        version = facts.id if facts is not None else ""
        shown: tuple[str, ...] = ()
        for category_id in compiled(self.kb).multi_choices(self.question, facts):
            category = self.kb.aup_categories[category_id]
            lead_in = category.lead_ins.get(version, ())
            for depth, line in enumerate(lead_in):
                if depth >= len(shown) or shown[depth] != line:
                    self.input_layout.addWidget(self._lead_in_label(line, depth))
            shown = lead_in
            box = QCheckBox()
            box.setChecked(category_id in previous)
            box.toggled.connect(self._multi_toggled)
            self._buttons[category_id] = box
            source = category.texts.get(version)
            quote = " ".join(source.quote.split()) if source else category.label
            row = option_row(box, f"“{quote}”", title=category.label)
            row.row.setContentsMargins(12 * len(lead_in), 2, 0, 2)
            self.input_layout.addWidget(row)
        self.input_layout.addStretch(1)
        if self._multi_was_answered and not previous:
            self._none_box.setChecked(True)
        self._assign_mnemonics()

    @staticmethod
    def _lead_in_label(text: str, depth: int) -> QLabel:
        """A heading of the use policy, quoted, above the items it introduces."""
        label = QLabel(f"“{' '.join(text.split())}”")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setContentsMargins(12 * depth, 8 if depth == 0 else 4, 0, 0)
        font = label.font()
        font.setItalic(True)
        label.setFont(font)
        return label

    # ------------------------------------------------------------------ QWizardPage
    _multi_was_answered = False

    def initializePage(self) -> None:
        facts = self._current_facts()
        fill = compiled(self.kb).placeholders(facts)
        self._fill_choice_labels(facts)
        self._close_choices(facts)
        self.prompt_label.setText(" ".join(self.question.prompt.format(**fill).split()))
        help_text = " ".join(self.question.help.format(**fill).split())
        self.help_label.setText(help_text)
        self.help_label.setVisible(bool(help_text))
        self.why_label.setText(self._why_html(facts, fill))
        if self.question.type == "multi":
            self._build_multi(facts)
        self._assign_mnemonics()
        self.completeChanged.emit()

    def focus_target(self) -> QWidget | None:
        """Where the keyboard starts on this page: the answer control (the chosen option,
        else the first; the number field on the user-count page)."""
        if self.question.type == "int" and not any(b.isChecked() for b in self._buttons.values()):
            return self.count_field
        if self.question.type == "multi":
            chosen = [box for box in self._buttons.values() if box.isChecked()]
            return chosen[0] if chosen else self._none_box
        buttons = list(self._buttons.values())
        return next((b for b in buttons if b.isChecked()), buttons[0] if buttons else None)

    def cleanupPage(self) -> None:
        self._multi_was_answered = self.question.type == "multi" and self.value() is not None

    def isComplete(self) -> bool:
        return self.value() is not None

    # ------------------------------------------------------------------ values
    def value(self) -> Any:
        """The answer shown on the page, or None when it is not (validly) answered."""
        kind = self.question.type
        if kind == "int":
            if not self.count_field.text().strip():
                return next((value for value, button in self._buttons.items() if button.isChecked()), None)
            try:
                return parse_count(self.count_field.text())
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
        if kind == "int" and isinstance(value, str):
            self.count_field.clear()
            if value in self._buttons:
                self._buttons[value].setChecked(True)
        elif kind == "int":
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
            self._uncheck_all()
        elif self.question.type == "multi":
            self._multi_was_answered = False
            for box in self._buttons.values():
                box.setChecked(False)
            if self._none_box is not None:
                self._none_box.setChecked(False)
        else:
            self._uncheck_all()
        self.error_label.hide()
        self.completeChanged.emit()

    def _uncheck_all(self) -> None:
        if not self._buttons:
            return
        self.group.setExclusive(False)
        for button in self._buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)

    def scheme_changed(self) -> None:
        """The error's colour for the current scheme (see theme.refresh_scheme_colours)."""
        self.error_label.setStyleSheet(f"color: {theme.error_colour()}; font-weight: bold")

    def set_context(self, text: str) -> None:
        """A line above the question: for a question asked for a lineage entry, which version it is for."""
        font = self.context_label.font()
        font.setItalic(True)
        self.context_label.setFont(font)
        self.context_label.setText(text)
        self.context_label.setVisible(bool(text))

    def context(self) -> str:
        return self.context_label.text()

    def set_error(self, message: str) -> None:
        from advisor.gui.messages import sentence

        self.error_label.setText(f"⚠ {sentence(message)}")
        self.error_label.setVisible(bool(message))

    # ------------------------------------------------------------------ slots
    def _changed(self, *_: object) -> None:
        self.error_label.hide()
        self.completeChanged.emit()

    def _band_toggled(self, checked: bool) -> None:
        if checked and self.count_field.text():
            self.count_field.clear()
        self._changed()

    def _count_changed(self, text: str) -> None:
        if text.strip():
            self._uncheck_all()
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
                self.count_echo.setText(f"= {number:,} {self.question.unit}".rstrip())
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
        self.why_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
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
