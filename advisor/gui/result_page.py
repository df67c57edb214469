"""The result page: verdict banner with its reason and next step, the duties (a checklist
only when the use may go ahead), exact strings, decision path, caveats and standing terms."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from advisor.engine.explain import deciding_reason, first_sentence
from advisor.gui.result_sections import CitedFinding, Collapsible, heading, paragraph
from advisor.gui.widgets import CopyField, VerdictBanner, option_row
from advisor.model import OBLIGATION_IDS, Assessment, KnowledgeBase

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
        scroll.setFrameShape(QScrollArea.NoFrame)
        outer.addWidget(scroll, 1)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        scroll.setWidget(self.body)
        self.actions = QHBoxLayout()
        self.save_answers_button = QPushButton("Save &answers…")
        self.export_report_button = QPushButton("&Export report…")
        self.save_bundle_button = QPushButton("Save compliance &bundle…")
        for button in (self.save_answers_button, self.export_report_button, self.save_bundle_button):
            self.actions.addWidget(button)
        self.actions.addStretch(1)
        outer.addLayout(self.actions)
        self.banner = VerdictBanner()
        self.assessment: Assessment | None = None
        self.obligation_boxes: dict[str, QCheckBox] = {}
        self.copy_fields: dict[str, CopyField] = {}
        self.reason_widgets: list[CitedFinding] = []
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
        self.notes_changed.emit()

    def show_assessment(self, assessment: Assessment, kb: KnowledgeBase) -> None:
        self.assessment = assessment
        layout = self.body_layout
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None and item.widget() is not self.banner:
                item.widget().deleteLater()
        self.obligation_boxes, self.copy_fields, self.reason_widgets = {}, {}, []
        if self._done_version not in (None, assessment.version):
            self.done = []  # ticks were for another version's duties
        self._done_version = assessment.version
        reason = deciding_reason(kb, assessment)
        self.banner.show_verdict(
            assessment.verdict,
            kb.verdict_labels[assessment.verdict],
            assessment.version_name,
            first_sentence(reason.text) if reason is not None else "",
            tuple(step.text for step in assessment.next_steps),
        )
        layout.addWidget(self.banner)
        self._summary(assessment, kb)
        if assessment.licensed:
            self._duties(assessment, kb)
        else:
            self._not_licensed(assessment, kb)
        self._findings(assessment, kb)
        if assessment.terms:
            terms = Collapsible("Standing terms of the license (they bind every licensee)")
            for term in assessment.terms:
                terms.add(CitedFinding(f"{term.title}: {term.text}", term.source, term.document_title))
            layout.addWidget(terms)
        if assessment.unused:
            unused = ", ".join(kb.question(key).label for key in assessment.unused)
            layout.addWidget(paragraph(f"Answers not needed for this case: {unused}."))
        footer = paragraph(
            f"Ruleset {assessment.ruleset_version} (sha256 {assessment.ruleset_sha256[:16]}…). "
            "Not legal advice: have counsel review decisions that matter."
        )
        layout.addWidget(footer)
        layout.addStretch(1)

    def _summary(self, assessment: Assessment, kb: KnowledgeBase) -> None:
        """Below the banner (which gives the reason and the next steps): how settled the verdict is."""
        if assessment.certainty == "unsettled":
            label = " ".join(kb.certainty_labels["unsettled"].split())
            self.body_layout.addWidget(paragraph(f"<b>Unsettled.</b> {escape(label)}", rich=True))

    def _duties(self, assessment: Assessment, kb: KnowledgeBase) -> None:
        layout = self.body_layout
        layout.addWidget(heading("What you must do"))
        if not assessment.obligations:
            facts = kb.versions[assessment.version]
            text = (
                "The advisor can list no obligations for these answers; see the caveats below."
                if facts.published_agreement
                else "Unknown: without a published agreement the advisor cannot list duties. "
                "Check the terms Meta granted you."
            )
            layout.addWidget(paragraph(text))
        for obligation in assessment.obligations:
            box = QCheckBox()
            box.setChecked(obligation.id in self.done)
            box.toggled.connect(lambda checked, key=obligation.id: self._ticked(key, checked))
            self.obligation_boxes[obligation.id] = box
            layout.addWidget(option_row(box, obligation.text, title=kb.obligation_titles[obligation.id]))
        layout.addWidget(heading("Exact strings"))
        strings = assessment.attribution
        shown = False
        for key, label, value in (
            ("built_with", kb.attribution_labels["built_with"], strings.built_with),
            ("notice", f"{kb.attribution_labels['notice']} (put it in a text file named “Notice”)", strings.notice),
            ("name_prefix", kb.attribution_labels["name_prefix"], strings.name_prefix),
        ):
            if value is not None:
                field = CopyField(label, value)
                self.copy_fields[key] = field
                layout.addWidget(field)
                shown = True
        if not shown:
            published = kb.versions[assessment.version].published_agreement
            layout.addWidget(
                paragraph(
                    "These answers require no “Built with” phrase, Notice line or name prefix."
                    if published
                    else "Unknown: check the terms Meta granted you."
                )
            )

    def _not_licensed(self, assessment: Assessment, kb: KnowledgeBase) -> None:
        layout = self.body_layout
        layout.addWidget(heading("Not licensed as planned"))
        layout.addWidget(
            paragraph("The use described is not licensed. Do not go ahead on the strength of this result.")
        )
        for obligation in assessment.obligations:
            layout.addWidget(
                paragraph(
                    f"<b>Binding on anyone who uses the model: {escape(kb.obligation_titles[obligation.id])}.</b> "
                    f"{escape(obligation.text)}",
                    rich=True,
                )
            )
        if assessment.if_licensed:
            duties = Collapsible("Duties that would apply under a license")
            for obligation in assessment.if_licensed:
                duties.add(
                    CitedFinding(
                        f"{kb.obligation_titles[obligation.id]}: {obligation.text}",
                        obligation.source,
                        obligation.document_title,
                    )
                )
            layout.addWidget(duties)

    def _findings(self, assessment: Assessment, kb: KnowledgeBase) -> None:
        layout = self.body_layout
        layout.addWidget(heading("Why: the decision path"))
        for number, reason in enumerate(assessment.reasons, start=1):
            widget = CitedFinding(f"{number}. {reason.text}", reason.source, reason.document_title, reason.rule)
            self.reason_widgets.append(widget)
            layout.addWidget(widget)
        if assessment.notes:
            layout.addWidget(heading("Caveats and points where the texts are unclear"))
            for note in assessment.notes:
                mark = "Open point: " if note.unsettled else ""
                widget = CitedFinding(f"{mark}{note.title}: {note.text}", note.source, note.document_title, note.rule)
                self.reason_widgets.append(widget)
                layout.addWidget(widget)
        if assessment.mapped or assessment.assumed:
            from advisor.render.context import format_answer

            def answer(key: str, value: Any) -> str:
                return f"“{kb.question(key).label}”: {format_answer(kb, kb.question(key), value, assessment.version)}"

            read = [f"read as {answer(m.key, m.value)}" for m in assessment.mapped]
            read += [f"assumed {answer(key, value)}" for key, value in assessment.assumed.items()]
            layout.addWidget(paragraph("Read from a v0.1.0 answers file: " + "; ".join(read) + "."))
