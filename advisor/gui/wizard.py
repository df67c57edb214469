"""The advisor wizard: intro, one page per relevant question, review, result.

Branching comes from the engine: after each question page the engine names the next
relevant question (judged only on the answers so far), so the wizard asks what the
terminal interview asks, in the same order. Answers of questions that are no longer
relevant stay on their pages (so nothing typed is lost) but are left out of the
assessment.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractScrollArea, QWizard

from advisor.gui.mnemonics import BACK_TEXT, BACK_TO_REVIEW_TEXT, FINISH_TEXT, NEXT_TEXT
from advisor.gui.pages import IntroPage, ReviewPage

if TYPE_CHECKING:  # the engine, the YAML and the question pages load after the first paint
    from PySide6.QtGui import QKeyEvent

    from advisor.gui.lineage_page import LineagePage
    from advisor.gui.progress import ProgressPanel
    from advisor.gui.question_page import QuestionPage
    from advisor.gui.result_page import ResultPage
    from advisor.gui.wizard_lineage import WizardLineage
    from advisor.model import Assessment, KnowledgeBase, VersionFacts

INTRO_ID = 0
FIRST_QUESTION_ID = 100
LINEAGE_ID = 800  # the lineage page (advisor.gui.wizard_lineage)
LINEAGE_AFTER = "takes"  # the question the lineage page follows
REVIEW_ID = 900
RESULT_ID = 901
READING_WIDTH_CHARS = 130


class AdvisorWizard(QWizard):
    assessed = Signal(object)  # the Assessment shown on the result page
    save_requested = Signal()  # the result page's "Save answers…" button
    documents_requested = Signal(str)  # "report" or "bundle": the result page's export buttons
    answers_changed = Signal()  # an answer on a question page changed (the window tracks unsaved work)
    notes_changed = Signal()  # an obligation ticked, or report details typed (saved with the answers)
    notice = Signal(str)  # a message for the status bar (answers cleared by a change of version)

    def __init__(self, kb_loader: Callable[[], KnowledgeBase]) -> None:
        super().__init__()
        self._kb_loader = kb_loader
        self._kb: KnowledgeBase | None = None
        self.start_over_requested: Callable[[], None] = self.clear  # the main window's asks first
        # No window flags here: the main window's setCentralWidget() makes it a child widget
        # (and touching the Qt namespace would cost ~13 ms before the first paint).
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOptions(QWizard.WizardOption.NoCancelButton | QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.NextButton, NEXT_TEXT)
        self.setButtonText(QWizard.WizardButton.BackButton, BACK_TEXT)
        self.setButtonText(QWizard.WizardButton.FinishButton, FINISH_TEXT)
        self.intro = IntroPage()
        self.intro.setMaximumWidth(self.reading_width())
        self.setPage(INTRO_ID, self.intro)
        self.question_pages: dict[str, QuestionPage] = {}
        self.page_ids: dict[str, int] = {}
        self.review = ReviewPage(self.go_to_question)
        self.setPage(REVIEW_ID, self.review)
        # the result page (built with the knowledge base); the name hides QDialog.result(), the
        # dialog's exit code, which a wizard shown inside the main window never has
        self.result: ResultPage | None = None  # type: ignore[assignment]
        self.progress: ProgressPanel | None = None  # built with the question pages (not on the first paint)
        self.returning = False  # a Change on the review page: "Back to review" is offered
        self._jump_target: int | None = None  # the page Next goes to when jumping (Back to review, the panel)
        self._version_seen: str | None = None  # the version the later answers were given for
        self._lineage: WizardLineage | None = None  # the other models the product takes from (issue 16)
        self.setButtonText(QWizard.WizardButton.CustomButton1, BACK_TO_REVIEW_TEXT)
        self.customButtonClicked.connect(lambda _which: self.back_to_review())
        self.setStartId(INTRO_ID)
        self.currentIdChanged.connect(self._entered)

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base; loading it also builds the question pages (once)."""
        if self._kb is None:
            from advisor.gui.question_page import QuestionPage
            from advisor.gui.result_page import ResultPage

            self._kb = self._kb_loader()
            self.result = ResultPage()
            self.result.save_answers_button.clicked.connect(self.save_requested)
            self.result.notes_changed.connect(self.notes_changed)
            self.result.export_report_button.clicked.connect(lambda: self.documents_requested.emit("report"))
            self.result.save_bundle_button.clicked.connect(lambda: self.documents_requested.emit("bundle"))
            self.setPage(RESULT_ID, self.result)
            for index, question in enumerate(self._kb.questions):
                page = QuestionPage(self._kb, question, partial(self._facts_for, question.id))
                self.question_pages[question.id] = page
                self.page_ids[question.id] = FIRST_QUESTION_ID + index
                self.setPage(FIRST_QUESTION_ID + index, page)
                page.completeChanged.connect(self.answers_changed)
                page.completeChanged.connect(self.refresh_counter)  # the estimate follows the answer
            from advisor.gui.progress import ProgressPanel

            self.progress = ProgressPanel(self.jump_to)
            self.progress.hide()  # not on the intro page
            self.setSideWidget(self.progress)
        return self._kb

    # ------------------------------------------------------------------ answers
    def answers(self) -> dict[str, Any]:
        """The answers that matter now (the ones an assessment or a saved file uses)."""
        from advisor.engine import AnswersError
        from advisor.engine.answers import relevant_answers

        try:
            main = self.main_path()
            walk = self.lineage_flow.walk(main)
            return {**relevant_answers(self.kb, main), **(walk.extras if walk is not None else {})}
        except AnswersError:
            return {}

    def path_answers(self) -> dict[str, Any]:
        """The answers asked on the current path: the main questions', then those the lineage
        entries need beyond them (advisor.gui.wizard_lineage)."""
        main = self.main_path()
        walk = self.lineage_flow.walk(main)
        return {**main, **walk.extras} if walk is not None else main

    def main_path(self) -> dict[str, Any]:
        """The page values on the current interview path, in order, up to the first unanswered one.

        A page left off the path keeps its value but is ignored here: otherwise, say, a
        `multimodal: true` answered for Llama 3.2 would contradict Llama 3.1 (which fixes
        it to false, so never shows the page) and block Next with no way to correct it.
        """
        from advisor.engine import AnswersError
        from advisor.engine.answers import next_question

        entered = {qid: page.value() for qid, page in self.question_pages.items() if page.value() is not None}
        path: dict[str, Any] = {}
        while (question := next_question(self.kb, path)) is not None and question.id in entered:
            trial = {**path, question.id: entered[question.id]}
            try:
                next_question(self.kb, trial)
            except AnswersError:
                break  # refused after the earlier answers: the path ends before it (Next says why)
            path = trial
        return path

    def decided(self, path: dict[str, Any]) -> bool:
        """Whether these answers already decide the verdict (a settled prohibition)."""
        from advisor.engine import AnswersError
        from advisor.engine.early import decided_early

        try:
            return decided_early(self.kb, path)
        except AnswersError:
            return False

    def stopped_early(self) -> bool:
        """The interview stopped before its last question because the verdict cannot change."""
        from advisor.engine.answers import next_question

        path = self.path_answers()
        return self.decided(path) and next_question(self.kb, path) is not None

    def current_facts(self) -> VersionFacts | None:
        page = self.question_pages.get("version")
        version = page.value() if page is not None else None
        return self.kb.versions.get(version) if version else None

    def entered_answers(self) -> dict[str, Any]:
        """Every value on a question page, including ones no longer relevant, and the lineage listed."""
        self.kb  # noqa: B018 - builds the question pages on first use
        entered = {qid: page.value() for qid, page in self.question_pages.items() if page.value() is not None}
        return {**entered, **self.lineage_flow.keys()}

    # ------------------------------------------------------------------ the lineage (format 3)
    @property
    def lineage_flow(self) -> WizardLineage:
        if self._lineage is None:
            from advisor.gui.wizard_lineage import WizardLineage

            self._lineage = WizardLineage(self, LINEAGE_ID, LINEAGE_AFTER, REVIEW_ID)
        return self._lineage

    @property
    def lineage_page(self) -> LineagePage | None:
        return self.lineage_flow.page

    def built_lineage_page(self) -> LineagePage:
        return self.lineage_flow.built_page()

    def lineage_answers(self) -> dict[str, Any]:
        """`lineage` and `other_parents` as a saved file holds them, once the interview has passed the page."""
        return self.lineage_flow.keys() if self.lineage_flow.on_path(self.main_path()) else {}

    def _facts_for(self, question_id: str) -> VersionFacts | None:
        return self.lineage_flow.facts_for(question_id)

    # ------------------------------------------------------------------ navigation
    def nextId(self) -> int:  # Qt override
        current = self.currentId()
        if current == INTRO_ID:
            # The first question is always the version (the loader enforces it). Not
            # touching the knowledge base here keeps it off the first paint: QWizard asks
            # nextId() while laying out the intro page's buttons.
            return FIRST_QUESTION_ID
        if current in (REVIEW_ID,):
            return RESULT_ID
        if current == RESULT_ID:
            return -1
        if self._jump_target is not None:
            return self._jump_target
        page = self.current_question_page()
        if page is None and current != LINEAGE_ID:
            return -1
        from advisor.engine import AnswersError
        from advisor.engine.answers import next_question_after

        flow, path = self.lineage_flow, self.main_path()
        qid = page.question.id if page is not None else LINEAGE_AFTER
        walk = flow.walk(path)
        key = flow.key_of(page, path, walk)  # a question asked for a lineage entry
        if key is not None and walk is not None:
            return flow.after_step(key, walk, path)
        try:
            if page is not None and page.value() is not None:
                path[qid] = page.value()
            following = next_question_after(self.kb, path, qid)
        except AnswersError as exc:
            if page is not None:
                page.set_error(exc.message)
            return current
        if page is not None and qid == LINEAGE_AFTER:
            return LINEAGE_ID  # what else the product takes from, asked early
        if following is None or (self.question_pages[following.id].value() is None and self.decided(path)):
            return flow.end_of_main(path)  # done, or the verdict cannot change: later questions are not asked
        # the answers before the next page, for choices it offers only after some answers
        flow.open_for_main(following.id)
        self.question_pages[following.id].earlier = {
            key: path[key] for key in path if key in self._before(following.id)
        }
        return self.page_ids[following.id]

    def _before(self, question_id: str) -> set[str]:
        order = [question.id for question in self.kb.questions]
        return set(order[: order.index(question_id)])

    def current_question_page(self) -> QuestionPage | None:
        in_range = FIRST_QUESTION_ID <= self.currentId() < LINEAGE_ID
        return self.currentPage() if in_range else None  # type: ignore[return-value]

    def _answer_page(self) -> QuestionPage | LineagePage | None:
        """The current page when it holds an answer: a question page or the lineage page."""
        return self.lineage_page if self.currentId() == LINEAGE_ID else self.current_question_page()

    def validateCurrentPage(self) -> bool:  # Qt override
        from advisor.engine import AnswersError
        from advisor.engine.answers import next_question_after

        self.kb  # noqa: B018 - the question pages must exist before leaving the intro
        page = self.current_question_page()
        if page is not None:
            try:
                next_question_after(self.kb, self.path_answers(), page.question.id)
            except AnswersError as exc:
                page.set_error(exc.message)
                return False
            if page.question.id == "version":
                self._version_changed(page.value())
            if page.question.id == LINEAGE_AFTER:
                self.built_lineage_page()  # the next page
        answered = self._answer_page()
        walk = self.lineage_flow.walk(self.main_path()) if answered is not None else None
        if answered is not None and walk is not None and walk.problem:  # an entry these answers cannot assess
            answered.set_error(walk.problem)
            return False
        return super().validateCurrentPage()

    def _version_changed(self, version: str | None) -> None:
        """A new version clears the answers whose meaning depends on it, and says which."""
        from advisor.engine.interview import version_dependent_questions

        earlier, self._version_seen = self._version_seen, version
        if earlier is None or version == earlier:
            return
        cleared = [
            qid
            for qid in version_dependent_questions(self.kb)
            if qid != "version" and self.question_pages[qid].value() is not None
        ]
        for qid in cleared:
            self.question_pages[qid].clear()
        if cleared:
            labels = ", ".join(f"“{self.kb.question(qid).label}”" for qid in cleared)
            self.notice.emit(
                f"Version changed: answers that depend on it were cleared ({labels}). Please give them again."
            )

    def go_to_question(self, question_id: str) -> None:
        """From the review page's Change: go back to a question (answers after it are kept),
        offering "Back to review" there."""
        self.returning = True
        self.jump_to(question_id)

    def jump_to(self, key: str) -> None:
        """Go to a step of the progress panel: an answered question, Review or Result."""
        from advisor.gui.progress import RESULT_STEP, REVIEW_STEP

        target = {REVIEW_STEP: REVIEW_ID, RESULT_STEP: RESULT_ID}.get(key) or (
            LINEAGE_ID if key.startswith("#lineage") else self.lineage_flow.page_id_of(key)
        )
        while self.currentId() != target and target in self.visitedIds():
            self.back()
        self.walk_forward(lambda: self.currentId() == target)

    def walk_forward(self, arrived: Callable[[], bool]) -> None:
        """Press Next through pages that hold their answers until arrived() is true, a page
        lacks its answer, or Next does not move (a refused answer)."""
        while not arrived():
            page = self._answer_page()
            if page is not None and not page.isComplete():
                break
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break

    def back_to_review(self) -> None:
        """Validate this answer and go straight to Review when the answers are complete,
        otherwise to the next unanswered question."""
        page = self._answer_page()
        if page is None or not page.isComplete() or not self.validateCurrentPage():
            return
        self._jump_target = self.lineage_flow.first_gap(self.main_path())
        try:
            self.next()
        finally:
            self._jump_target = None

    def accept(self) -> None:
        """Finish ("Start over") is handled by the window, which asks first."""
        self.start_over_requested()

    def reject(self) -> None:
        """QWizard is a dialog: Escape (or anything else that rejects it) would hide it and
        leave an empty window. Nothing here may lose work, so rejecting does nothing."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()  # does nothing (see reject)
            return
        super().keyPressEvent(event)

    def clear(self) -> None:
        for page in self.question_pages.values():
            page.clear()
        if self._lineage is not None:
            self._lineage.clear()
        self.returning = False
        self._version_seen = None
        self.restart()

    def load(self, answers: dict[str, Any], upgraded: Any = None) -> None:
        """Show checked answers and walk forward to the review page (`upgraded`, an
        UpgradedAnswers: a format-3 file's lineage, and the answers its entries need)."""
        self.clear()
        for qid, value in answers.items():
            self.question_pages[qid].set_value(value)
        if upgraded is not None:
            self.lineage_flow.load(answers, upgraded)
        self.next()  # leave the intro page
        self.walk_forward(lambda: self.currentId() in (REVIEW_ID, -1))  # a partial file stops at its first gap
        self._old_file = None
        if upgraded is not None and upgraded.format == 1:  # assessed as the file reads while nothing changes,
            self._old_file = (self.answers(), _as_written(upgraded))  # so its open points stay (old_files)

    # ------------------------------------------------------------------ page hooks
    def _entered(self, page_id: int) -> None:
        if page_id == REVIEW_ID:
            self.review.show_answers(self.lineage_flow.review_rows())
            self.review.show_stop_note(self._stop_note())
            self.returning = False
        elif page_id == RESULT_ID:
            assessment = self.assessment()
            assert self.result is not None
            self.result.show_assessment(assessment, self.kb, self.answers())
            self.assessed.emit(assessment)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, self.returning and self._answer_page() is not None)
        if page_id != INTRO_ID:  # the intro is built in reading order, with its own letters (start-up is measured)
            self.refresh_progress()
            self._settle(page_id)
        elif self.progress is not None:
            self.progress.hide()

    def refresh_counter(self) -> None:
        """Only the "Question n of about m" line (rebuilding the list while a key is handled
        would take the keyboard focus away)."""
        if self.progress is not None and self.progress.isVisible():
            self.refresh_progress(counter_only=True)

    def refresh_progress(self, counter_only: bool = False) -> None:
        """Show the steps of the current path beside the page."""
        from advisor.engine import AnswersError
        from advisor.engine.answers import next_question
        from advisor.gui.progress import RESULT_STEP, REVIEW_STEP

        if self.progress is None:
            return
        page = self.current_question_page()
        current = {REVIEW_ID: REVIEW_STEP, RESULT_ID: RESULT_STEP, LINEAGE_ID: LINEAGE_AFTER}.get(self.currentId())
        current = page.question.id if page is not None else current
        path = self.main_path()
        try:
            review_open = self.decided(path) or next_question(self.kb, path) is None
        except AnswersError:  # invalid answers so far: Review is not open
            review_open = False
        steps, counter = self.lineage_flow.panel(page, current, review_open)  # interview_steps, and the lineage
        if counter_only:
            self.progress.counter.setText(counter)
            return
        self.progress.show_steps(steps, counter)
        self.progress.show()

    def _stop_note(self) -> str:
        """On the review page of an interview that stopped early: which questions were not asked."""
        from advisor.gui.progress import stop_note

        return stop_note(self.kb, self.path_answers()) if self.stopped_early() else ""

    def reading_width(self) -> int:
        """Pages stop growing at about 130 characters (some 110 to 120 of prose) a line: longer lines are hard to read."""
        return self.fontMetrics().averageCharWidth() * READING_WIDTH_CHARS

    def _settle(self, page_id: int) -> None:
        """Every page opens at its top, with no shared Alt+letter, Tab in reading order and
        the keyboard on the answer control."""
        from advisor.gui.keyboard import settle_focus
        from advisor.gui.mnemonics import mnemonic_controls, reserved_letters, resolve_clashes

        page = self.page(page_id)
        if page is None:
            return
        page.setMaximumWidth(self.reading_width())
        for area in page.findChildren(QAbstractScrollArea):
            area.verticalScrollBar().setValue(0)
            area.horizontalScrollBar().setValue(0)
        menu_bar = getattr(self.window(), "menuBar", None)
        resolve_clashes(mnemonic_controls(page), reserved_letters(menu_bar() if callable(menu_bar) else None))
        settle_focus(page, self)

    def assessment(self) -> Assessment:
        from advisor.engine import assess
        from advisor.engine.early import assess_decided
        from advisor.model import ANSWERS_FORMAT

        if (combined := self.lineage_flow.assessment()) is not None:
            return combined
        if self.stopped_early():
            return assess_decided(self.kb, self.path_answers())
        answers = self.answers()
        old_file = getattr(self, "_old_file", None)
        if old_file is not None and old_file[0] == answers:
            return assess(self.kb, old_file[1])
        return assess(self.kb, {"format": ANSWERS_FORMAT, **answers})


def _as_written(upgraded: Any) -> dict[str, Any]:
    """A v0.1.0 file's answers as it wrote them: without what was assumed, with its old keys."""
    written = {key: value for key, value in upgraded.values.items() if key not in upgraded.filled}
    for item in upgraded.mapped:
        written.pop(item.key, None)
        written[item.old_key] = item.old_value
    return written
