"""The lineage page's rows: another Llama version (which, what is taken, how), or a model that is not Llama."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from advisor.gui.mnemonics import escaped
from advisor.model import LineageEntry, OtherParent, VersionFacts

if TYPE_CHECKING:
    from advisor.gui.lineage_page import LineagePage

TAKES = ("weights", "code_or_tokenizer", "outputs")  # in the order the main `takes` question offers them


def _combo(items: Iterable[tuple[Any, str]], placeholder: str = "") -> QComboBox:
    """A drop-down of (value, text); with a placeholder it starts with nothing chosen."""
    combo = QComboBox()
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(30)
    for value, text in items:
        combo.addItem(text, value)
    if placeholder:
        combo.setPlaceholderText(placeholder)
        combo.setCurrentIndex(-1)
    return combo


def _choose(combo: QComboBox, value: Any) -> None:
    index = next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)
    combo.setCurrentIndex(index if index >= 0 or combo.placeholderText() else 0)


def chosen(combo: QComboBox) -> Any:
    return combo.currentData() if combo.currentIndex() >= 0 else None


class Part(QGroupBox):
    """One listed model: a titled form with a Remove button."""

    changed = Signal()

    def __init__(self, page: LineagePage) -> None:
        super().__init__()
        self.page = page
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.remove_button = QPushButton(page.say("wizard_lineage.remove"))

    def _field(self, label_text: str, field: QWidget) -> QWidget:
        label = QLabel(escaped(label_text))
        label.setBuddy(field)
        field.setAccessibleName(label_text)
        self.form.addRow(label, field)
        return field

    def _last_row(self) -> None:
        """The Remove button, after the fields (the reading and Tab order is the order rows are added)."""
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        self.form.addRow(row)

    def number(self) -> int:
        return self.page.parts(type(self)).index(self) + 1

    def refresh(self, main: VersionFacts | None) -> None:
        """Fit the texts to the main version (and the part's place in its list)."""

    def missing(self) -> str:
        """Why this part is not complete yet ("" when it is)."""
        return ""


class LlamaPart(Part):
    """Another Llama version: which, what is taken from it, how it is reached, whether its files ship."""

    def __init__(self, page: LineagePage) -> None:
        super().__init__(page)
        say = page.say
        self.version = _combo((), say("wizard_lineage.version_choose"))
        self.takes = _combo(
            [(value, say(f"wizard_lineage.takes_{value}")) for value in TAKES], say("wizard_lineage.takes_choose")
        )
        # the first choice of these two ("as for the main version") is named in refresh()
        self.access = _combo(
            [
                (None, ""),
                ("own_copy", say("wizard_lineage.access_own_copy")),
                ("hosted_api", say("wizard_lineage.access_hosted_api")),
            ]
        )
        self.copies = _combo(
            [(None, ""), (True, say("wizard_lineage.copies_yes")), (False, say("wizard_lineage.copies_no"))]
        )
        self.vision = _combo(
            [(True, say("wizard_lineage.vision_yes")), (False, say("wizard_lineage.vision_no"))],
            say("wizard_lineage.vision_choose"),
        )
        self._field(say("wizard_lineage.version_label"), self.version)
        self._field(say("wizard_lineage.takes_label"), self.takes)
        self._field(say("wizard_lineage.access_label"), self.access)
        self._field(say("wizard_lineage.copies_label"), self.copies)
        self._field(say("wizard_lineage.vision_label"), self.vision)
        self._last_row()
        for combo in (self.version, self.takes, self.access, self.copies, self.vision):
            combo.currentIndexChanged.connect(self._changed)

    def refresh(self, main: VersionFacts | None, taken: frozenset[str] = frozenset()) -> None:
        """Name the main version in the "same as" choices; offer every version but the main one
        and those another entry names (`taken`)."""
        main_name = main.name if main is not None else ""
        self.access.setItemText(0, self.page.say("wizard_lineage.access_same", version_name=main_name))
        self.copies.setItemText(0, self.page.say("wizard_lineage.copies_same", version_name=main_name))
        version = chosen(self.version)
        offered = [
            (choice.value, " ".join(choice.label.split()))
            for choice in self.page.kb.question("version").choices
            if (main is None or choice.value != main.id) and (choice.value not in taken or choice.value == version)
        ]
        if offered != [(self.version.itemData(i), self.version.itemText(i)) for i in range(self.version.count())]:
            # rebuilt rather than items disabled: a QStandardItem's wrapper outlives the item
            self.version.blockSignals(True)
            self.version.clear()
            for value, text in offered:
                self.version.addItem(text, value)
            _choose(self.version, version)
            self.version.blockSignals(False)
        self._show_rows()

    def facts(self) -> VersionFacts | None:
        version = chosen(self.version)
        return self.page.kb.versions.get(version) if version else None

    def _show_rows(self) -> None:
        facts = self.facts()
        weights = chosen(self.takes) == "weights"
        self.form.setRowVisible(self.access, weights)
        self.form.setRowVisible(self.copies, chosen(self.takes) in ("weights", "code_or_tokenizer"))
        self.form.setRowVisible(self.vision, facts is not None and facts.multimodal_models == "some")
        self.setTitle(self.page.say("wizard_lineage.entry_title", number=self.number()))

    def _changed(self) -> None:
        self._show_rows()
        self.changed.emit()

    def missing(self) -> str:
        """Why this entry is not complete yet ("" when it is)."""
        title = self.title()
        if chosen(self.version) is None:
            return self.page.say("wizard_lineage.missing_version", title=title)
        if chosen(self.takes) is None:
            return self.page.say("wizard_lineage.missing_takes", title=title)
        if self.form.isRowVisible(self.vision) and chosen(self.vision) is None:
            return self.page.say("wizard_lineage.missing_vision", title=title)
        return ""

    def entry(self) -> LineageEntry:
        """The entry as the answers file gives it (call when complete)."""

        def shown(combo: QComboBox) -> Any:
            return chosen(combo) if self.form.isRowVisible(combo) else None

        return LineageEntry(
            chosen(self.version), chosen(self.takes), shown(self.copies), shown(self.vision), shown(self.access)
        )

    def set_entry(self, entry: LineageEntry) -> None:
        _choose(self.version, entry.version)
        _choose(self.takes, entry.takes)
        _choose(self.copies, entry.ships_copies)
        _choose(self.vision, entry.multimodal)
        _choose(self.access, entry.access)
        self._show_rows()


class ParentPart(Part):
    """A model that is not Llama: its name and license, listed in the result, never assessed."""

    def __init__(self, page: LineagePage) -> None:
        super().__init__(page)
        say = page.say
        self.name = QLineEdit()
        self.name.setPlaceholderText(say("wizard_lineage.parent_name_placeholder"))
        self.license = QLineEdit()
        self.license.setPlaceholderText(say("wizard_lineage.parent_license_placeholder"))
        for field in (self.name, self.license):
            field.setMaxLength(300)  # the answers file's limit
            field.textChanged.connect(self.changed)
        self._field(say("wizard_lineage.parent_name"), self.name)
        self._field(say("wizard_lineage.parent_license"), self.license)
        self._last_row()

    def refresh(self, main: VersionFacts | None) -> None:
        self.setTitle(self.page.say("wizard_lineage.parent_title", number=self.number()))

    def missing(self) -> str:
        if self.name.text().strip() and self.license.text().strip():
            return ""
        return self.page.say("wizard_lineage.missing_parent", title=self.title())

    def other_parent(self) -> OtherParent:
        return OtherParent(self.name.text().strip(), self.license.text().strip())
