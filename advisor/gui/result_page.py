"""The result page: verdict banner with its reason and next step, the duties (a checklist
only when the use may go ahead), exact strings, decision path, caveats and standing terms."""

from __future__ import annotations

from html import escape

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
from advisor.model import Assessment, KnowledgeBase


class ResultPage(QWizardPage):
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

    def show_assessment(self, assessment: Assessment, kb: KnowledgeBase) -> None:
        self.assessment = assessment
        layout = self.body_layout
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None and item.widget() is not self.banner:
                item.widget().deleteLater()
        self.obligation_boxes, self.copy_fields, self.reason_widgets = {}, {}, []
        self.banner.show_verdict(assessment.verdict, kb.verdict_labels[assessment.verdict], assessment.version_name)
        layout.addWidget(self.banner)
        self._summary(assessment, kb)
        if assessment.licensed:
            self._duties(assessment, kb)
        else:
            self._not_licensed(assessment, kb)
        self._findings(assessment)
        if assessment.terms:
            terms = Collapsible("Standing terms of the license (they bind every licensee)")
            for term in assessment.terms:
                terms.add(CitedFinding(f"{term.title}: {term.text}", term.source, term.document_title))
            layout.addWidget(terms)
        if assessment.unused:
            layout.addWidget(paragraph("Answers not needed for this case: " + ", ".join(assessment.unused)))
        footer = paragraph(
            f"Ruleset {assessment.ruleset_version} (sha256 {assessment.ruleset_sha256[:16]}…). "
            "Not legal advice: have counsel review decisions that matter."
        )
        layout.addWidget(footer)
        layout.addStretch(1)

    def _summary(self, assessment: Assessment, kb: KnowledgeBase) -> None:
        """The deciding reason in one sentence, how settled it is, and what to do next."""
        layout = self.body_layout
        reason = deciding_reason(kb, assessment)
        if reason is not None:
            layout.addWidget(paragraph(f"<b>Why:</b> {escape(first_sentence(reason.text))}", rich=True))
        if assessment.certainty == "unsettled":
            label = " ".join(kb.certainty_labels["unsettled"].split())
            layout.addWidget(paragraph(f"<b>Unsettled.</b> {escape(label)}", rich=True))
        for step in assessment.next_steps:
            layout.addWidget(paragraph(f"<b>Next step:</b> {escape(step.text)}", rich=True))

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

    def _findings(self, assessment: Assessment) -> None:
        layout = self.body_layout
        layout.addWidget(heading("Why: the decision path"))
        for number, reason in enumerate(assessment.reasons, start=1):
            widget = CitedFinding(f"{number}. {reason.text}", reason.source, reason.document_title, reason.rule)
            self.reason_widgets.append(widget)
            layout.addWidget(widget)
        if assessment.notes:
            layout.addWidget(heading("Caveats and points where the texts are unclear"))
            for note in assessment.notes:
                mark = "Open point: " if note.unsettled and not note.title.startswith("Open point") else ""
                widget = CitedFinding(f"{mark}{note.title}: {note.text}", note.source, note.document_title, note.rule)
                self.reason_widgets.append(widget)
                layout.addWidget(widget)
        if assessment.mapped or assessment.assumed:
            read = [f"{m.old_key} read as {m.key}: {m.value}" for m in assessment.mapped]
            read += [f"{key} assumed {value!r}" for key, value in assessment.assumed.items()]
            layout.addWidget(paragraph("Read from a v0.1.0 answers file: " + "; ".join(read) + "."))
