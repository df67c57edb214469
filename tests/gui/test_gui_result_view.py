"""The wizard's result page lays out the same result view as the reports: every heading and
sentence of the result's own sections is on the page (behind its toggle where it is folded)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from answers_support import DEVELOPER_31
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QLabel, QToolButton

from advisor.engine import assess
from advisor.gui.app import MainWindow
from advisor.gui.widgets import CopyField
from advisor.model import KnowledgeBase
from advisor.render.assessment_view import assessment_view
from advisor.render.view import Table, Verdict, block_sentences

DEVELOPER = {"format": 2, **DEVELOPER_31}
CASES = {
    "permitted": DEVELOPER,
    "prohibited": {**DEVELOPER, "critical_infrastructure": True},
    "unsettled-llama-2": {**DEVELOPER, "version": "2", "ships_copies": False},
}


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def page_text(window: MainWindow) -> str:
    """Every text on the result page, each folded part opened first."""
    body = window.wizard.result.body
    for button in body.findChildren(QToolButton):
        if button.isCheckable() and not button.isChecked():
            button.click()
    QApplication.processEvents()
    texts = [QTextDocumentFragment.fromHtml(label.text()).toPlainText() for label in body.findChildren(QLabel)]
    texts += [field.field.text() for field in body.findChildren(CopyField)]
    texts += [button.text() for button in body.findChildren(QToolButton)]
    return "\n".join(texts)


@pytest.mark.parametrize("case", list(CASES))
def test_the_result_page_shows_every_heading_and_sentence_of_the_view(
    window: MainWindow, kb: KnowledgeBase, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764806400")  # the page and the view made here say the same time
    answers = CASES[case]
    assessment = assess(kb, answers)
    assert window.wizard.kb is not None  # builds the pages, the result page among them
    assert window.wizard.result is not None
    window.wizard.result.show_assessment(assessment, kb, dict(answers))
    shown = squeezed(page_text(window))
    view = assessment_view(kb, assessment, answers)
    missing = []
    for section in view.shown(record=False):
        expected: list[Any] = [] if isinstance(section.blocks[0], Verdict) else [section.heading]
        for block in section.blocks:
            if isinstance(block, Table) and block.kind == "strings":
                expected += [row[0] for row in block.rows] + [row[1] for row in block.rows]
            elif isinstance(block, Table):
                expected += [cell for row in block.rows for cell in row]
            else:
                expected += block_sentences(block)
        # a citation's place is on its toggle (no colon), cut to a reading width: its first words
        # count; a duty's tick is its check box, not the words "done" or "not done"
        ticks = {kb.wording["duties.done"], kb.wording["duties.not_done"]}
        wanted = [part.removesuffix(":") for part in expected if part.strip() and part not in ticks]
        missing += [part for part in wanted if squeezed(part)[:60] not in shown]
    assert not missing, missing[:5]
