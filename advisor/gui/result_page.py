"""The result page: the assessment's result view as widgets. The verdict banner, a checklist
of the duties (only when the use may go ahead), copy fields for the exact strings, and each
cited finding with its clause behind a toggle. Every heading and sentence comes from the view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from advisor.gui.result_sections import CitedFinding, Collapsible, heading, paragraph
from advisor.gui.widgets import CopyField, VerdictBanner, option_row
from advisor.model import OBLIGATION_IDS, Assessment, KnowledgeBase
from advisor.render.html_text import spans as spans_html
from advisor.render.view import Block, Cited, ItemList, ListItem, Paragraph, Progress, Table, Verdict, Wording
from advisor.rules.visible import html_escape as escape

if TYPE_CHECKING:
    from advisor.render.context import ReportDetails


class ResultPage(QWizardPage):
    notes_changed = Signal()  # ticks or report details changed (they are saved with the answers)

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Result")
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll, 1)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        scroll.setWidget(self.body)
        self.action_row = QHBoxLayout()
        self.save_answers_button = QPushButton("Save &answers…")
        self.export_report_button = QPushButton("&Export report…")
        self.save_bundle_button = QPushButton("Save compliance &bundle…")
        for button in (self.save_answers_button, self.export_report_button, self.save_bundle_button):
            self.action_row.addWidget(button)
        self.action_row.addStretch(1)
        outer.addLayout(self.action_row)
        self.banner = VerdictBanner()
        self.assessment: Assessment | None = None
        self.obligation_boxes: dict[str, QCheckBox] = {}
        self.copy_fields: dict[str, CopyField] = {}
        self.reason_widgets: list[CitedFinding] = []
        self.progress_label: QLabel | None = None  # "1 of 2 marked done", kept current as boxes are ticked
        self._kb: KnowledgeBase | None = None
        self._section = ""  # the key of the view's section being laid out
        # Kept with the answers (and saved in the answers file), not with the page's widgets:
        self.done: list[str] = []  # obligation ids ticked as done
        self._done_version: str | None = None  # the version the ticks were made for
        self.details: dict[str, str] = {}  # report title, product, organisation, assessor

    # ------------------------------------------------------------------ ticks and report details
    def reset_notes(self) -> None:
        """A new assessment: no ticks, no report details."""
        self.done, self._done_version, self.details = [], None, {}

    def set_file_meta(self, meta: dict[str, Any]) -> None:
        """Ticks and report details from an opened answers file."""
        from advisor.engine.answers_format import DETAILS_KEY, DONE_KEY

        self.done = list(meta.get(DONE_KEY, ()))
        self._done_version = None
        self.details = dict(meta.get(DETAILS_KEY, {}))

    def file_meta(self) -> dict[str, Any]:
        """The answers file's own keys for the ticks and report details."""
        return self.report_details().meta()

    def report_details(self) -> ReportDetails:
        """The remembered report details, with the ticks."""
        from advisor.render.context import ReportDetails

        return ReportDetails.from_meta({"report_details": self.details, "obligations_done": self.done})

    def remember_details(self, details: ReportDetails) -> ReportDetails:
        """Keep the details typed in the report preview; returns them with the ticks."""
        from advisor.engine.answers_format import DETAILS_KEY

        self.details = dict(details._replace(done=()).meta().get(DETAILS_KEY, {}))
        self.notes_changed.emit()
        return details._replace(done=tuple(self.done))

    def _ticked(self, obligation_id: str, checked: bool) -> None:
        ticked = set(self.done) - {obligation_id} | ({obligation_id} if checked else set())
        self.done = [key for key in OBLIGATION_IDS if key in ticked]
        if self.assessment is not None and self._kb is not None and self.progress_label is not None:
            from advisor.render.assessment_view import duties_progress

            self.progress_label.setText(duties_progress(self._kb, self.assessment, tuple(self.done)))
        self.notes_changed.emit()

    def show_assessment(
        self, assessment: Assessment, kb: KnowledgeBase, raw_answers: dict[str, Any] | None = None
    ) -> None:
        """Lay out the assessment's result view: the banner, then each of its sections
        (`raw_answers`: the answers as given, so those not needed can be named)."""
        from advisor.render.assessment_view import assessment_view

        self.assessment, self._kb, self.progress_label = assessment, kb, None
        layout = self.body_layout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.banner:
                widget.deleteLater()
        self.obligation_boxes, self.copy_fields, self.reason_widgets = {}, {}, []
        if self._done_version not in (None, assessment.version):
            self.done = []  # ticks were for another version's duties
        self._done_version = assessment.version
        view = assessment_view(kb, assessment, raw_answers, details=self.report_details(), record=False)
        say = Wording(kb.wording)
        for section in view.shown(record=False):
            self._section = section.key
            # each version's reasons, caveats and terms (a lineage's "part.1.decision_path") start closed:
            # its verdict and duties above them stay open, and the page stays a few screens long
            if section.collapsed or (section.key.startswith("part.") and section.level > 2):
                part = Collapsible(section.heading)
                for block in section.blocks:
                    for widget in self._widgets(block, say):
                        part.add(widget)
                layout.addWidget(part)
                continue
            if section.key != "verdict":
                layout.addWidget(heading(section.heading, section.level))
            for block in section.blocks:
                for widget in self._widgets(block, say):
                    layout.addWidget(widget)
        layout.addStretch(1)

    def _widgets(self, block: Block, say: Wording) -> list[QWidget]:
        """The widgets that show one block of the view."""
        if isinstance(block, Verdict):
            labels = (say("banner.why"), say("banner.next_step"), say("banner.next_steps"))
            self.banner.show_verdict(
                block.verdict, block.headline, block.version_name, block.reason, block.next_steps, labels
            )
            return [self.banner]
        if isinstance(block, Paragraph):
            return [paragraph(spans_html(block.spans), rich=True)]
        if isinstance(block, Progress):
            self.progress_label = paragraph(block.text)
            return [self.progress_label]
        if isinstance(block, Cited):
            number = f"{block.number}." if block.number else ""
            widget = CitedFinding(" ".join(part for part in (number, block.lead, block.text) if part), block.citation)
            if self._section.endswith(("decision_path", "caveats")):  # a lineage's: "part.1.decision_path"
                self.reason_widgets.append(widget)
            return [widget]
        if isinstance(block, ItemList):
            return [self._item(item, block.checklist) for item in block.items]
        if isinstance(block, Table):
            return self._table(block)
        return [paragraph(block.text)]

    def _item(self, item: ListItem, checklist: bool) -> QWidget:
        if checklist:
            box = QCheckBox()
            box.setChecked(item.key in self.done)
            box.toggled.connect(lambda checked, key=item.key: self._ticked(key, checked))
            self.obligation_boxes[item.key] = box
            return option_row(box, item.text, title=item.lead.removesuffix("."))
        text = f"{item.lead} {item.text}".strip()
        if item.citation is not None:
            return CitedFinding(text, item.citation)
        return paragraph(f"\N{BULLET} {text}")

    def _table(self, table: Table) -> list[QWidget]:
        """The exact strings as copy fields (each with whether this use needs it, or which versions
        require it); one version's strings in a lineage as text; other tables as label and value lines."""
        widgets: list[QWidget] = []
        exact = table.exact or (True,) * len(table.rows)
        strings = table.kind in ("strings", "version_strings")
        for key, row, copyable in zip(table.keys or ("",) * len(table.rows), table.rows, exact, strict=True):
            if strings and copyable:
                label, value, needed = row
                caption = f"{label} ({table.header[2].lower()}: {self._needed(needed)})"
                if table.kind == "version_strings":  # the combined table above is the one to copy from
                    widgets.append(paragraph(f"<b>{escape(caption)}</b><br>{escape(value)}", rich=True))
                    continue
                field = CopyField(caption, value)
                widgets.append(field)
                if self.assessment is not None and getattr(self.assessment.attribution, key) is not None:
                    self.copy_fields[key] = field
            elif strings:  # no such string for this version: nothing to copy
                widgets.append(paragraph(f"<b>{escape(row[0])}</b><br>{escape(row[1])}", rich=True))
            else:
                widgets.append(paragraph(f"<b>{escape(row[0])}</b><br>{escape(' '.join(row[1:]))}", rich=True))
        return widgets

    def _needed(self, needed: str) -> str:
        """Yes or no, in lower case inside a caption; a lineage's versions as they are named."""
        wording = self._kb.wording if self._kb is not None else {}
        return (
            needed.lower() if needed in (wording.get("strings.needed"), wording.get("strings.not_needed")) else needed
        )
