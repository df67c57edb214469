"""The wizard's lineage page: the other Llama versions, and other models, a product or model takes from."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from advisor.gui import theme
from advisor.gui.lineage_rows import LlamaPart, ParentPart, Part, chosen
from advisor.gui.mnemonics import WHY_TEXT, escaped, mnemonic, plain, reserved_letters, with_mnemonic
from advisor.gui.widgets import option_row
from advisor.model import KnowledgeBase, LineageEntry, OtherParent, VersionFacts
from advisor.rules.wording import say as wording_say

FactsSource = Callable[[], VersionFacts | None]


class LineagePage(QWizardPage):
    """Asked after what the product takes from the main version: "No" (the usual answer) goes on."""

    def __init__(self, kb: KnowledgeBase, main_facts: FactsSource) -> None:
        super().__init__()
        self.kb = kb
        self._main_facts = main_facts
        self.setTitle(self.say("wizard_lineage.title"))
        layout = QVBoxLayout(self)
        self.prompt_label = self._text(bold=True)
        self.prompt_label.setText(self.say("wizard_lineage.prompt"))
        self.help_label = self._text()
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.help_label)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 6, 0, 6)
        self.none_button, self.some_button = QRadioButton(), QRadioButton()
        self._answer = QButtonGroup(self)
        self._answer_rows = []
        for button in (self.none_button, self.some_button):
            self._answer.addButton(button)
            row = option_row(button, "")
            self._answer_rows.append(row)
            self.body_layout.addWidget(row)
        self.none_button.setChecked(True)
        self.some_button.toggled.connect(self._some_toggled)
        self.lists = QWidget()
        lists = QVBoxLayout(self.lists)
        lists.setContentsMargins(24, 0, 0, 0)
        lists.addWidget(self._text(bold=True, text=self.say("wizard_lineage.llama_heading")))
        self.llama_layout = QVBoxLayout()
        lists.addLayout(self.llama_layout)
        self.add_llama_button = self._button(lists, self.say("wizard_lineage.add_llama"), self.add_llama)
        lists.addWidget(self._text(bold=True, text=self.say("wizard_lineage.parents_heading")))
        lists.addWidget(self._text(text=self.say("wizard_lineage.parents_intro")))
        self.parent_layout = QVBoxLayout()
        lists.addLayout(self.parent_layout)
        self.add_parent_button = self._button(lists, self.say("wizard_lineage.add_parent"), self.add_parent)
        self.lists.hide()
        self.body_layout.addWidget(self.lists)
        self.body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.note_label, self.hint_label, self.error_label = self._text(), self._text(), self._text()
        for label in (self.note_label, self.hint_label, self.error_label):
            label.hide()
            layout.addWidget(label)
        self.scheme_changed()
        self.why_button = QToolButton()
        self.why_button.setText(WHY_TEXT)
        self.why_button.setCheckable(True)
        self.why_button.setArrowType(Qt.ArrowType.RightArrow)
        self.why_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.why_button.toggled.connect(self._toggle_why)
        layout.addWidget(self.why_button)
        self.why_label = self._text(text=self.say("wizard_lineage.why"))
        self.why_label.hide()
        layout.addWidget(self.why_label)

    def say(self, key: str, **values: object) -> str:
        return " ".join(wording_say(self.kb.wording, key, **values).split())

    @staticmethod
    def _text(bold: bool = False, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        return label

    @staticmethod
    def _button(layout: QVBoxLayout, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(escaped(text))
        button.setAutoDefault(False)  # Enter goes on (Next), it does not add a row
        button.clicked.connect(lambda _=False: slot())
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return button

    # ------------------------------------------------------------------ the lists
    def parts(self, kind: type[Part] = Part) -> list[Any]:
        found = []
        for layout in (self.llama_layout, self.parent_layout):
            for index in range(layout.count()):
                item = layout.itemAt(index)
                widget = item.widget() if item is not None else None
                if isinstance(widget, kind):
                    found.append(widget)
        return found

    def add_llama(self, entry: LineageEntry | None = None, focus: bool = True) -> LlamaPart:
        part = LlamaPart(self)
        self._add(part, self.llama_layout, focus)
        if entry is not None:
            part.set_entry(entry)
        return part

    def add_parent(self, parent: OtherParent | None = None, focus: bool = True) -> ParentPart:
        part = ParentPart(self)
        self._add(part, self.parent_layout, focus)
        if parent is not None:
            part.name.setText(parent.name)
            part.license.setText(parent.license)
        return part

    def _add(self, part: Part, layout: QVBoxLayout, focus: bool) -> None:
        for button in part.findChildren(QPushButton):
            button.setAutoDefault(False)
        layout.addWidget(part)
        part.show()  # now, not when the layout gets to it: its controls take their Alt+letters below
        part.changed.connect(self._changed)
        part.remove_button.clicked.connect(lambda _=False: self.remove(part))
        part.refresh(self._main_facts())
        self._changed()
        if focus and self.isVisible():  # the keyboard goes to the row added
            first = part.findChild(QComboBox) or part.findChild(QLineEdit)
            if first is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)

    def remove(self, part: Part) -> None:
        """Take a model off the list; the keyboard moves to the next one (or the Add button)."""
        siblings = self.parts(type(part))
        index = siblings.index(part)
        part.hide()
        part.setParent(None)
        part.deleteLater()
        rest = [other for other in siblings if other is not part]
        target = rest[min(index, len(rest) - 1)].remove_button if rest else None
        adder = self.add_llama_button if isinstance(part, LlamaPart) else self.add_parent_button
        for other in rest:
            other.refresh(self._main_facts())
        self._changed()
        (target or adder).setFocus(Qt.FocusReason.TabFocusReason)

    def _some_toggled(self, some: bool) -> None:
        self.lists.setVisible(some)
        if some and not self.parts():
            self.add_llama(focus=False)  # the arrow keys stay on the two answers
        self._changed()

    def _changed(self) -> None:
        main = self._main_facts()
        for part in self.parts(LlamaPart):  # a version another entry names is not offered again
            others = frozenset(chosen(other.version) for other in self.parts(LlamaPart) if other is not part)
            part.refresh(main, others - {None})
        self.error_label.hide()
        hint = self.missing()
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))
        self.refresh_keys()
        self.completeChanged.emit()

    # ------------------------------------------------------------------ values
    def missing(self) -> str:
        """Why Next is not open yet ("" when the page is complete)."""
        if self.none_button.isChecked():
            return ""
        parts = self.parts()
        if not parts:
            return self.say("wizard_lineage.missing_any")
        return next((reason for part in parts if (reason := part.missing())), "")

    def isComplete(self) -> bool:
        return not self.missing()

    def lineage(self) -> tuple[LineageEntry, ...]:
        """The other Llama versions listed (none when the answer is No)."""
        if self.none_button.isChecked():
            return ()
        return tuple(part.entry() for part in self.parts(LlamaPart) if not part.missing())

    def other_parents(self) -> tuple[OtherParent, ...]:
        if self.none_button.isChecked():
            return ()
        return tuple(part.other_parent() for part in self.parts(ParentPart) if not part.missing())

    def set_value(self, lineage: Iterable[LineageEntry], parents: Iterable[OtherParent]) -> None:
        """Show the lineage of an opened answers file."""
        self.clear()
        lineage, parents = tuple(lineage), tuple(parents)
        for entry in lineage:
            self.add_llama(entry, focus=False)
        for parent in parents:
            self.add_parent(parent, focus=False)
        (self.some_button if lineage or parents else self.none_button).setChecked(True)
        self._changed()

    def clear(self) -> None:
        for part in self.parts():
            part.setParent(None)
            part.deleteLater()
        self.none_button.setChecked(True)
        self.note_label.hide()
        self._changed()

    # ------------------------------------------------------------------ QWizardPage
    def initializePage(self) -> None:
        main = self._main_facts()
        name = main.name if main is not None else ""
        for button, row, key in zip(
            (self.none_button, self.some_button), self._answer_rows, ("none", "some"), strict=True
        ):
            text = self.say(f"wizard_lineage.{key}", version_name=name)
            row.label.setText(escaped(text))
            button.setAccessibleName(text)
        self.help_label.setText(self.say("wizard_lineage.help", version_name=name))
        dropped = [part for part in self.parts(LlamaPart) if main is not None and chosen(part.version) == main.id]
        for part in dropped:
            part.setParent(None)
            part.deleteLater()
        self.note_label.setText(self.say("wizard_lineage.dropped", version_name=name) if dropped else "")
        self.note_label.setVisible(bool(dropped))
        for part in self.parts():
            part.refresh(main)
        self._changed()

    def focus_target(self) -> QWidget:
        return self.some_button if self.some_button.isChecked() else self.none_button

    def set_error(self, message: str) -> None:
        self.error_label.setText(f"⚠ {message}" if message else "")
        self.error_label.setVisible(bool(message))

    def scheme_changed(self) -> None:
        """The error's colour for the current scheme (see theme.refresh_scheme_colours)."""
        for label in (self.error_label, self.hint_label):
            label.setStyleSheet(f"color: {theme.error_colour()}; font-weight: bold")

    def _toggle_why(self, shown: bool) -> None:
        self.why_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.why_label.setVisible(shown)

    # ------------------------------------------------------------------ keyboard
    def refresh_keys(self) -> None:
        """An Alt+letter for each new control (never one already shown), and Tab in reading order."""
        from advisor.gui.keyboard import tab_chain
        from advisor.gui.mnemonics import control_text, mnemonic_controls, resolve_clashes

        controls = [w for w in self._lettered() if w.isVisibleTo(self)]
        menu_bar = getattr(self.window(), "menuBar", None)
        reserved = reserved_letters(menu_bar() if callable(menu_bar) else None) | {mnemonic(WHY_TEXT)}
        taken = set(reserved) | {mnemonic(control_text(w)) for w in controls} - {""}
        for widget in controls:
            text = control_text(widget)
            if not mnemonic(text):
                widget.setText(with_mnemonic(plain(text), taken))  # type: ignore[attr-defined]
        resolve_clashes(mnemonic_controls(self), reserved - {mnemonic(WHY_TEXT)})  # "Why we ask" keeps its W
        wizard = self.wizard()
        if wizard is not None and self.isVisible():
            chain = tab_chain(self, wizard)
            for first, second in itertools.pairwise(chain):
                QWidget.setTabOrder(first, second)

    def _lettered(self) -> list[QWidget]:
        """The controls that carry an Alt+letter, in reading order."""
        from advisor.gui.keyboard import reading_order

        return [
            widget
            for widget in reading_order(self)
            if (isinstance(widget, QPushButton) or (isinstance(widget, QLabel) and widget.buddy() is not None))
        ]
