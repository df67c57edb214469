"""Report preview, report export and the compliance bundle, from the result page.

The preview shows the same report the files will hold (HTML converted from the
Markdown report), with the optional report details the user can fill in. Files are
written whole or not at all; nothing is replaced without the user's confirmation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from advisor.gui import dialogs, theme
from advisor.render.formats import REPORT_SUFFIXES

if TYPE_CHECKING:
    from advisor.model import Assessment, KnowledgeBase
    from advisor.render.context import ReportDetails

REPORT_FILTER = "PDF document (*.pdf);;Word document, editable (*.docx);;Markdown (*.md);;HTML page (*.html)"
EXPORT_REPORT, SAVE_BUNDLE = "report", "bundle"


class ReportPreviewDialog(QDialog):
    """The report as it will be saved, with the optional details that go into it."""

    def __init__(
        self,
        parent: QWidget | None,
        kb: KnowledgeBase,
        assessment: Assessment,
        answers: dict[str, Any],
        details: ReportDetails | None = None,
    ) -> None:
        """`details`: the ones remembered for this assessment (and its ticks), shown filled in."""
        from advisor.render.context import ReportDetails

        super().__init__(parent)
        self.setWindowTitle("Report preview")
        self.resize(760, 640)
        self._kb, self._assessment, self._answers = kb, assessment, answers
        self._initial = details or ReportDetails()
        self.choice = ""
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label in (
            ("title", "&Title"),
            ("product", "&Product or model"),
            ("organisation", "&Organisation"),
            ("assessor", "&Assessor"),
        ):
            field = QLineEdit()
            field.setAccessibleName(label.replace("&", ""))
            field.setPlaceholderText(kb.wording["document.default_title"] if key == "title" else "optional")
            field.setText(getattr(self._initial, key) or "")
            field.textChanged.connect(self._schedule_refresh)
            form.addRow(label, field)
            self.fields[key] = field
        layout.addLayout(form)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Report preview")
        self.preview.setOpenLinks(False)
        self.preview.setPalette(theme.palette(theme.LIGHT))  # a page of the report: paper in either scheme
        layout.addWidget(self.preview, 1)
        buttons = QDialogButtonBox()
        self.report_button = QPushButton("Export &report…")
        self.bundle_button = QPushButton("Save compliance &bundle…")
        buttons.addButton(self.report_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.bundle_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.report_button.clicked.connect(lambda: self._choose(EXPORT_REPORT))
        self.bundle_button.clicked.connect(lambda: self._choose(SAVE_BUNDLE))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.refresh()

    def details(self) -> ReportDetails:
        """The details as typed now, with the ticks the dialog was given."""
        typed = {key: field.text().strip() for key, field in self.fields.items()}
        return self._initial._replace(
            title=typed["title"],
            product=typed["product"] or None,
            organisation=typed["organisation"] or None,
            assessor=typed["assessor"] or None,
        )

    def refresh(self) -> None:
        from advisor.render.report import report_html

        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(report_html(self._kb, self._assessment, self._answers, self.details()))
        self.preview.verticalScrollBar().setValue(scroll)

    def _schedule_refresh(self) -> None:
        self._timer.start()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def report_format(path: str, chosen_filter: str = "") -> tuple[str, str]:
    """(path, format) for a chosen file name: a known suffix decides; otherwise the filter
    chosen in the dialog does (PDF if none), and its suffix is added to the name."""
    suffix = Path(path).suffix.lower()
    if suffix in REPORT_SUFFIXES:
        return path, REPORT_SUFFIXES[suffix]
    for candidate, fmt in REPORT_SUFFIXES.items():
        if f"*{candidate})" in chosen_filter:
            return path + candidate, fmt
    return path + ".pdf", "pdf"


def export_report(
    parent: QWidget, kb: KnowledgeBase, assessment: Assessment, answers: dict[str, Any], details: Any
) -> str:
    """Ask for a file, write the report there; return the path written ('' if not)."""
    from advisor.render.pdf import PdfError
    from advisor.render.report import render_report
    from advisor.writer.files import OutputError, write_file

    chosen, chosen_filter = dialogs.save_file_and_filter(
        parent, "Export report", "llama-compliance-report.pdf", REPORT_FILTER
    )
    if not chosen:
        return ""
    path, fmt = report_format(chosen, chosen_filter)
    if path != chosen and Path(path).exists() and not _confirm_replace(parent, path):
        return ""
    try:
        data = render_report(kb, assessment, answers, details, fmt=fmt)
        write_file(path, data, force=True)  # the file dialog (or the question above) confirmed replacing
    except (OutputError, PdfError, OSError) as exc:
        dialogs.show_error(parent, "Cannot export the report", str(exc))
        return ""
    return path


def save_bundle(
    parent: QWidget, kb: KnowledgeBase, assessment: Assessment, answers: dict[str, Any], details: Any
) -> str:
    """Ask for a folder name, write the bundle there; return the folder written ('' if not)."""
    from advisor.render.bundle import BUNDLE_NAMES, bundle_files
    from advisor.render.pdf import PdfError
    from advisor.render.report import fixed_time
    from advisor.writer.files import OutputError, check_folder_target, write_folder

    if assessment.verdict != "permitted" and not dialogs.ask_yes_no(
        parent,
        kb.wording["export.not_licensed_title"],
        kb.wording["export.not_licensed"].format(label=kb.verdict_labels[assessment.verdict]),
    ):
        return ""
    chosen = dialogs.choose_bundle_folder(parent, "llama-compliance-bundle")
    if not chosen:
        return ""
    folder = Path(chosen)
    force = False
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        try:
            check_folder_target(folder, True, BUNDLE_NAMES)
        except OutputError as exc:
            dialogs.show_error(parent, "Cannot save the bundle", str(exc))
            return ""
        if not _confirm_replace(parent, str(folder)):
            return ""
        force = True
    details = fixed_time(details)
    try:
        files = bundle_files(kb, assessment, answers, details)
        write_folder(folder, files, force=force, replaceable=BUNDLE_NAMES, when=details.generated)
    except (OutputError, PdfError, OSError) as exc:
        dialogs.show_error(parent, "Cannot save the bundle", str(exc))
        return ""
    return str(folder)


def _confirm_replace(parent: QWidget, path: str) -> bool:
    return dialogs.ask_yes_no(parent, "Replace?", f"{path} already exists. Replace it?")
