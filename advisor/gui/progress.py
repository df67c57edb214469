"""The wizard's side panel: the steps of the current interview path and "Question n of about m".

The steps come from the engine, never from a list written here: the questions answered
on the current path (in interview order), the current one, then Review and Result. The
estimate m counts the questions answered before the current one plus those still to ask
as far as the answers tell (advisor.engine.early.questions_ahead), so it says "about".
Answered steps can be clicked (or chosen with the arrow keys and Enter) to go to them.
The list items hold no Alt+letter, so the panel never takes a page's mnemonic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from advisor.model import KnowledgeBase

REVIEW_STEP = "#review"
RESULT_STEP = "#result"
PANEL_WIDTH_CHARS = 26


class Step(NamedTuple):
    key: str  # a question id, REVIEW_STEP or RESULT_STEP
    text: str
    state: str  # "done", "current" or "ahead" (ahead steps cannot be clicked)


def interview_steps(
    kb: KnowledgeBase, path: dict[str, Any], current: str | None, review_open: bool
) -> tuple[list[Step], str]:
    """The steps to list and the counter line.

    path: the answers on the current interview path, in order (asked questions only);
    current: the question shown, REVIEW_STEP, RESULT_STEP or None (the intro page);
    review_open: whether Review can be reached now (every needed answer given).
    """
    from advisor.engine.early import decided_early, questions_ahead

    order = [question.id for question in kb.questions]
    asked = [qid for qid in order if qid in path]
    if current in order and current not in asked:
        asked = [qid for qid in asked if order.index(qid) < order.index(current)] + [current]
    steps = [Step(qid, kb.question(qid).label, "current" if qid == current else "done") for qid in asked]
    review_state = "current" if current == REVIEW_STEP else ("done" if review_open else "ahead")
    steps.append(Step(REVIEW_STEP, "Review", review_state))
    steps.append(Step(RESULT_STEP, "Result", "current" if current == RESULT_STEP else "ahead"))
    if current in order:
        number = asked.index(current) + 1
        before = {qid: path[qid] for qid in asked[: number - 1]}
        answered = {**before, current: path[current]} if current in path else None
        if answered is not None and decided_early(kb, answered):
            total = number
        elif answered is not None:
            total = number + len(questions_ahead(kb, answered))
        else:
            total = number - 1 + len(questions_ahead(kb, before))
        counter = f"Question {number} of about {max(total, number)}"
    elif current in (REVIEW_STEP, RESULT_STEP):
        counter = f"{len(asked)} questions answered"
    else:
        counter = f"About {len(questions_ahead(kb, {}))} questions at most"
    return steps, counter


class ProgressPanel(QWidget):
    """The list of steps beside the wizard's pages; `jump` is called with a step's key."""

    def __init__(self, jump: Callable[[str], None]) -> None:
        super().__init__()
        self._jump = jump
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        self.counter = QLabel()
        self.counter.setWordWrap(True)
        self.counter.setAccessibleName("Progress")
        layout.addWidget(self.counter)
        self.steps = QListWidget()
        self.steps.setAccessibleName("Steps")
        self.steps.setWordWrap(True)
        self.steps.itemActivated.connect(self._activated)
        self.steps.itemClicked.connect(self._activated)
        layout.addWidget(self.steps, 1)
        self.setFixedWidth(self.fontMetrics().averageCharWidth() * PANEL_WIDTH_CHARS)

    def show_steps(self, steps: list[Step], counter: str) -> None:
        self.counter.setText(counter)
        self.steps.clear()
        for step in steps:
            mark = {"done": "✓ ", "current": "▸ ", "ahead": "   "}[step.state]
            item = QListWidgetItem(mark + step.text)
            item.setData(Qt.ItemDataRole.UserRole, step.key)
            item.setToolTip(step.text if step.state != "ahead" else f"{step.text} (not reached yet)")
            if step.state == "ahead":
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            if step.state == "current":
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, but there is nowhere to go
            self.steps.addItem(item)

    def item(self, key: str) -> QListWidgetItem | None:
        for row in range(self.steps.count()):
            if self.steps.item(row).data(Qt.ItemDataRole.UserRole) == key:
                return self.steps.item(row)
        return None

    def _activated(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsSelectable:
            self._jump(item.data(Qt.ItemDataRole.UserRole))


def stop_note(kb: KnowledgeBase, path: dict[str, Any]) -> str:
    """The review page's note when the interview stopped early (the result's note says the same)."""
    from advisor.engine.early import stop_text

    return stop_text(kb, path)
