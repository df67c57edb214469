"""The result page: verdict banner, obligations checklist, exact strings, decision path."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from advisor.gui.widgets import CopyField, VerdictBanner, option_row
from advisor.model import Assessment, KnowledgeBase, Source


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    label.setContentsMargins(0, 10, 0, 2)
    return label


def _paragraph(text: str, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.RichText if rich else Qt.PlainText)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


class CitedFinding(QWidget):
    """A finding's text, with its clause and verbatim quote behind a toggle."""

    def __init__(self, text: str, source: Source, title: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 6)
        layout.addWidget(_paragraph(text))
        self.toggle = QToolButton()
        self.toggle.setText(f"{title}, {source.section}")
        self.toggle.setCheckable(True)
        self.toggle.setArrowType(Qt.RightArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.toggle.setAccessibleName(f"Show the clause: {title}, {source.section}")
        self.quote = _paragraph(f"<blockquote>“{escape(' '.join(source.quote.split()))}”</blockquote>", rich=True)
        self.quote.hide()
        self.toggle.toggled.connect(self._show)
        layout.addWidget(self.toggle, 0, Qt.AlignLeft)
        layout.addWidget(self.quote)

    def _show(self, shown: bool) -> None:
        self.toggle.setArrowType(Qt.DownArrow if shown else Qt.RightArrow)
        self.quote.setVisible(shown)


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
        titles = kb.obligation_titles
        layout = self.body_layout
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None and item.widget() is not self.banner:
                item.widget().deleteLater()
        self.obligation_boxes, self.copy_fields, self.reason_widgets = {}, {}, []
        self.banner.show_verdict(assessment.verdict, kb.verdict_labels[assessment.verdict], assessment.version_name)
        layout.addWidget(self.banner)

        layout.addWidget(_heading("What you must do"))
        if not assessment.obligations:
            layout.addWidget(
                _paragraph("The advisor can list no obligations for these answers; see the caveats below.")
            )
        for obligation in assessment.obligations:
            box = QCheckBox()
            self.obligation_boxes[obligation.id] = box
            layout.addWidget(option_row(box, obligation.text, title=titles[obligation.id]))

        layout.addWidget(_heading("Exact strings"))
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
            layout.addWidget(_paragraph("These answers require no “Built with” phrase, Notice line or name prefix."))

        layout.addWidget(_heading("Why: the decision path"))
        for number, reason in enumerate(assessment.reasons, start=1):
            widget = CitedFinding(f"{number}. {reason.text}  [{reason.rule}]", reason.source, reason.document_title)
            self.reason_widgets.append(widget)
            layout.addWidget(widget)

        if assessment.notes:
            layout.addWidget(_heading("Caveats and points where the texts are unclear"))
            for note in assessment.notes:
                widget = CitedFinding(f"{note.title}: {note.text}  [{note.rule}]", note.source, note.document_title)
                self.reason_widgets.append(widget)
                layout.addWidget(widget)
        if assessment.unused:
            layout.addWidget(_paragraph("Answers not needed for this case: " + ", ".join(assessment.unused)))
        footer = _paragraph(
            f"Ruleset {assessment.ruleset_version} (sha256 {assessment.ruleset_sha256[:16]}…). "
            "Not legal advice: have counsel review decisions that matter."
        )
        layout.addWidget(footer)
        layout.addStretch(1)
