"""The lineage in the wizard's interview (issue 16): its page, the questions its entries need, its rows.

The lineage page follows the question of what the product takes from the main version.
Once the main questions are done, each entry is assessed as the engine will assess it;
what that needs and the main answers lack (advisor.gui.lineage_walk) is asked on an
ordinary question page, which says which version it is asked for: the main question's
own page for an answer shared with the main ones, a page of the entry's own for one the
entry gives itself (its user count, for its own month).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor.engine.errors import AnswersError
from advisor.gui.lineage_walk import Asked, LineageWalk, asked_for_label, entry_words, walk_lineage, with_own
from advisor.model import Assessment, KnowledgeBase, LineageEntry, OtherParent, VersionFacts
from advisor.rules.wording import say

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWizardPage

    from advisor.gui.lineage_page import LineagePage
    from advisor.gui.progress import Step
    from advisor.gui.question_page import QuestionPage
    from advisor.gui.wizard import AdvisorWizard

LINEAGE_STEP = "#lineage"  # its key in the progress panel and on the review page ("#lineage:2" for a row)
OWN_PAGES_FROM = 700  # ids of the pages an entry answers itself (question pages are 100 on, the lineage page 800)

Row = tuple[str, str, str]  # a review row: key, label, answer in words


class WizardLineage:
    """The wizard's side of the lineage: what it lists, and where the interview goes because of it."""

    def __init__(self, wizard: AdvisorWizard, page_id: int, after: str, review_id: int) -> None:
        """`page_id`: the lineage page's id; `after`: the question it follows; `review_id`: the review page's."""
        self.wizard = wizard
        self.page_id, self.after, self.review_id = page_id, after, review_id
        self.page: LineagePage | None = None  # built when the interview first reaches it (never on start-up)
        self._asked_for: dict[str, LineageEntry] = {}  # shared question pages opened for an entry
        self._own: dict[str, QuestionPage] = {}  # an entry's own pages, by own_key
        self._own_ids: dict[str, int] = {}

    @property
    def kb(self) -> KnowledgeBase:
        return self.wizard.kb

    def built_page(self) -> LineagePage:
        if self.page is None:
            from advisor.gui.lineage_page import LineagePage

            wizard = self.wizard
            self.page = LineagePage(self.kb, wizard.current_facts)
            self.page.completeChanged.connect(wizard.answers_changed)
            self.page.completeChanged.connect(wizard.refresh_counter)
            wizard.setPage(self.page_id, self.page)
        return self.page

    def _own_page(self, step: Asked) -> QuestionPage:
        """The page of an answer an entry gives itself, built the first time it is asked."""
        if step.key not in self._own:
            from advisor.gui.question_page import QuestionPage

            facts = self.kb.versions[step.entry.version]
            page = QuestionPage(self.kb, step.question, lambda: facts)
            page.completeChanged.connect(self.wizard.answers_changed)
            page.completeChanged.connect(self.wizard.refresh_counter)
            self._own[step.key], self._own_ids[step.key] = page, OWN_PAGES_FROM + len(self._own)
            self.wizard.setPage(self._own_ids[step.key], page)
        return self._own[step.key]

    # ------------------------------------------------------------------ what is listed
    def own_answers(self) -> dict[str, Any]:
        return {key: page.value() for key, page in self._own.items() if page.value() is not None}

    def entries(self) -> tuple[LineageEntry, ...]:
        """The other Llama versions listed (never the main one), with the answers each gives itself."""
        main = self.wizard.current_facts()
        entries = self.page.lineage() if self.page is not None else ()
        own = self.own_answers()
        return tuple(with_own(entry, own) for entry in entries if main is None or entry.version != main.id)

    def parents(self) -> tuple[OtherParent, ...]:
        return self.page.other_parents() if self.page is not None else ()

    def keys(self) -> dict[str, Any]:
        """`lineage` and `other_parents` as an answers file holds them (only those given)."""
        keys: dict[str, Any] = {}
        if entries := self.entries():
            keys["lineage"] = [entry.to_dict() for entry in entries]
        if parents := self.parents():
            keys["other_parents"] = [{"name": parent.name, "license": parent.license} for parent in parents]
        return keys

    def on_path(self, main: dict[str, Any]) -> bool:
        """The interview has passed the lineage page."""
        return self.after in main and self.page is not None and self.page.isComplete()

    def walk(self, main: dict[str, Any]) -> LineageWalk | None:
        """What the entries need asked, once the main questions are done (None: nothing to ask)."""
        from advisor.engine.answers import next_question

        page = self.page
        main_facts = self.wizard.current_facts()
        entries = page.lineage() if page is not None and self.on_path(main) else ()
        entries = tuple(entry for entry in entries if main_facts is None or entry.version != main_facts.id)
        if not entries:
            return None
        try:
            if next_question(self.kb, main) is not None and not self.wizard.decided(main):
                return None
        except AnswersError:
            return None
        pages = self.wizard.question_pages
        entered = {qid: page.value() for qid, page in pages.items() if page.value() is not None}
        return walk_lineage(self.kb, main, entries, entered, self.own_answers())

    # ------------------------------------------------------------------ where the interview goes
    def facts_for(self, question_id: str) -> VersionFacts | None:
        """The version a question page is asked for: a lineage entry's, or the main one."""
        entry = self._asked_for.get(question_id)
        return self.kb.versions[entry.version] if entry is not None else self.wizard.current_facts()

    def key_of(self, page: QWizardPage | None, main: dict[str, Any], walk: LineageWalk | None) -> str | None:
        """The key of the step a page shows when it is asked for an entry (None: a main question or another page)."""
        own = next((key for key, own_page in self._own.items() if own_page is page), None)
        if own is not None or walk is None:
            return own
        qid = getattr(getattr(page, "question", None), "id", None)
        return qid if qid is not None and qid not in main and qid in walk.order() else None

    def page_id_of(self, key: str) -> int:
        return self._own_ids[key] if key in self._own_ids else self.wizard.page_ids[key]

    def open(self, key: str, walk: LineageWalk, main: dict[str, Any]) -> int:
        """The page id of a step; its page says which version it is asked for."""
        from advisor.engine.lineage import entry_answers

        step = walk.step(key)
        assert step is not None
        if step.own:
            page = self._own_page(step)
        else:
            self._asked_for[key] = step.entry
            page = self.wizard.question_pages[key]
        order = [question.id for question in self.kb.questions]
        before = set(order[: order.index(step.question.id)])
        page.earlier = {k: v for k, v in entry_answers(step.entry, {**main, **walk.extras}).items() if k in before}
        name = self.kb.versions[step.entry.version].name
        page.set_context(say(self.kb.wording, "wizard_lineage.asked_for", version_name=name))
        return self.page_id_of(key)

    def open_for_main(self, question_id: str) -> None:
        if self._asked_for.pop(question_id, None) is not None:
            self.wizard.question_pages[question_id].set_context("")

    def after_step(self, key: str, walk: LineageWalk, main: dict[str, Any]) -> int:
        """The page after a step asked for an entry: the next step, or Review."""
        order = walk.order()
        later = order[order.index(key) + 1 :]
        return self.open(later[0], walk, main) if later else self.review_id

    def end_of_main(self, main: dict[str, Any]) -> int:
        """Where the interview goes when the main questions are done: what an entry needs, else Review."""
        walk = self.walk(main)
        order = walk.order() if walk is not None else []
        return self.open(order[0], walk, main) if walk is not None and order else self.review_id

    def first_gap(self, main: dict[str, Any]) -> int:
        """Where "Back to review" goes: the first main question unanswered, the lineage page
        if not passed yet, a question an entry needs, or Review."""
        from advisor.engine.answers import next_question

        pending = None if self.wizard.decided(main) else next_question(self.kb, main)
        if pending is not None:
            self.open_for_main(pending.id)
            self.wizard.question_pages[pending.id].earlier = dict(main)
            return self.wizard.page_ids[pending.id]
        if self.after in main and not self.on_path(main):
            self.built_page()
            return self.page_id
        return self.end_of_main(main)

    def load(self, answers: dict[str, Any], upgraded: Any) -> None:
        """An opened file's lineage (an UpgradedAnswers): its entries, the answers each gives
        itself, and the answers they need beyond the main ones."""
        from advisor.gui.lineage_walk import OWN_FIELDS, own_key

        for page in self._own.values():
            page.clear()
        if not upgraded.lineage and not upgraded.other_parents:
            return
        self.built_page().set_value(upgraded.lineage, upgraded.other_parents)
        for entry in upgraded.lineage:  # the ones the lineage page does not show (an entry's user count)
            for field in OWN_FIELDS:
                value = getattr(entry, field)
                if value is not None and field in self.wizard.question_pages:
                    question = self.kb.question(field)
                    self._own_page(Asked(own_key(entry, field), question, entry, True)).set_value(value)
        for qid, value in upgraded.values.items():
            if qid not in answers and qid in self.wizard.question_pages:
                self.wizard.question_pages[qid].set_value(value)

    def clear(self) -> None:
        for page in self._own.values():
            page.clear()
        if self.page is not None:
            self.page.clear()

    def assessment(self) -> Assessment | None:
        """The combined assessment, from the answers as a saved file gives them (None: no lineage)."""
        from advisor.engine import assess
        from advisor.model import ANSWERS_FORMAT

        wizard = self.wizard
        keys = self.keys() if self.on_path(wizard.main_path()) else {}
        if not keys:
            return None
        path = wizard.path_answers()
        asked = {key: value for key, value in wizard.answers().items() if key in path}  # none a version fixes
        return assess(self.kb, {"format": ANSWERS_FORMAT, **asked, **keys})

    # ------------------------------------------------------------------ review and progress
    def review_rows(self) -> list[Row]:
        """The main answers in interview order, the lineage after the question it follows,
        then the questions asked for entries."""
        from advisor.engine.answers import relevant_answers
        from advisor.render.context import format_answer

        main = self.wizard.main_path()
        try:
            answers = relevant_answers(self.kb, main)
        except AnswersError:
            answers = {}
        rows = []
        for qid, value in answers.items():
            question = self.kb.question(qid)
            if qid in main:  # asked, not one the version fixes
                rows.append((qid, question.label, format_answer(self.kb, question, value, answers.get("version"))))
            if qid == self.after and self.on_path(main):
                rows += self.lineage_rows()
        walk = self.walk(main)
        own = self.own_answers()
        for step in walk.asked if walk is not None else ():
            value = own[step.key] if step.own else walk.extras[step.key]  # type: ignore[union-attr]
            answer = format_answer(self.kb, step.question, value, step.entry.version)
            rows.append((step.key, asked_for_label(self.kb, step.question, step.entry), answer))
        return rows

    def lineage_rows(self) -> list[Row]:
        """The lineage page's rows: (LINEAGE_STEP:n, label, answer in words), at least one."""
        wording = self.kb.wording
        label = say(wording, "wizard_lineage.review_label")
        rows = [(f"{LINEAGE_STEP}:{n}", label, entry_words(self.kb, e)) for n, e in enumerate(self.entries(), 1)]
        other = say(wording, "wizard_lineage.review_parent_label")
        for number, parent in enumerate(self.parents(), len(rows) + 1):
            text = say(wording, "wizard_lineage.review_parent", name=parent.name, value=parent.license)
            rows.append((f"{LINEAGE_STEP}:{number}", other, text))
        if not rows:
            facts = self.wizard.current_facts()
            name = facts.name if facts is not None else ""
            rows.append((f"{LINEAGE_STEP}:1", label, say(wording, "wizard_lineage.review_none", version_name=name)))
        return rows

    def panel(self, page: QuestionPage | None, current: str | None, review_open: bool) -> tuple[list[Step], str]:
        """The progress panel's steps and counter line (advisor.gui.progress), with the lineage."""
        from advisor.gui.progress import interview_steps

        main = self.wizard.main_path()
        walk = self.walk(main)
        key = self.key_of(page, main, walk)
        lineage_open = self.after not in main or self.on_path(main)
        review_open = review_open and lineage_open and not (walk and (walk.pending or walk.problem))
        steps, counter = interview_steps(self.kb, main, None if key else current, review_open)
        step = walk.step(key) if walk is not None and key else None
        if step is not None:
            name = self.kb.versions[step.entry.version].name
            counter = say(self.kb.wording, "wizard_lineage.counter", version_name=name)
        return self._steps(steps, main, walk, key), counter

    def _steps(
        self, steps: list[Step], main: dict[str, Any], walk: LineageWalk | None, shown: str | None
    ) -> list[Step]:
        """The steps with the lineage page after the question it follows, and the questions
        asked for entries before Review."""
        from advisor.gui.progress import REVIEW_STEP, Step

        if self.after not in main:
            return steps
        keys = [step.key for step in steps]
        on_page = self.wizard.currentId() == self.page_id
        state = "current" if on_page else "done" if self.page_id in self.wizard.visitedIds() else "ahead"
        at = keys.index(self.after) + 1 if self.after in keys else len(steps) - 2
        if on_page and self.after in keys:
            steps[at - 1] = steps[at - 1]._replace(state="done")
        steps.insert(at, Step(LINEAGE_STEP, say(self.kb.wording, "wizard_lineage.step"), state))
        for step in walk.steps() if walk is not None else ():
            state = "current" if step.key == shown else "ahead" if step is walk.pending else "done"  # type: ignore[union-attr]
            label = asked_for_label(self.kb, step.question, step.entry)
            steps.insert([s.key for s in steps].index(REVIEW_STEP), Step(step.key, label, state))
        return steps
