"""The lineage in the wizard's interview (issue 16): its page, the questions its entries need, its rows.

The lineage page follows the question of what the product takes from the main version.
Once the main questions are done, each entry is assessed as the engine will assess it
(advisor.engine.lineage.entry_answers); a question that needs and the main answers lack
(`eu` for a Llama 3.2 vision entry of a text-only main version) is asked on its ordinary
question page, which says which version it is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from advisor.engine.errors import AnswersError
from advisor.model import Assessment, KnowledgeBase, LineageEntry, OtherParent, Question, VersionFacts
from advisor.rules.wording import say

if TYPE_CHECKING:
    from advisor.gui.lineage_page import LineagePage
    from advisor.gui.progress import Step
    from advisor.gui.question_page import QuestionPage
    from advisor.gui.wizard import AdvisorWizard

LINEAGE_STEP = "#lineage"  # its key in the progress panel and on the review page ("#lineage:2" for a row)


class LineageWalk(NamedTuple):
    """The questions the lineage entries need beyond the main answers, as far as they are answered."""

    asked: tuple[tuple[str, LineageEntry], ...]  # (question id, the entry it was asked for), in asking order
    extras: dict[str, Any]  # their answers
    pending: tuple[Question, LineageEntry] | None  # the first one not answered yet
    problem: str  # why an entry cannot be assessed with these answers ("" when it can)

    def order(self) -> list[str]:
        """The question ids in asking order, the pending one last."""
        return [qid for qid, _ in self.asked] + ([self.pending[0].id] if self.pending else [])

    def entry_of(self, question_id: str) -> LineageEntry:
        pairs = [*self.asked, *([(self.pending[0].id, self.pending[1])] if self.pending else [])]
        return next(entry for qid, entry in pairs if qid == question_id)


def walk_lineage(
    kb: KnowledgeBase, main: dict[str, Any], lineage: tuple[LineageEntry, ...], entered: Mapping[str, Any]
) -> LineageWalk:
    """Each entry's answers, as far as pages hold them (`entered`), up to the first question missing."""
    from advisor.engine.answers import next_question
    from advisor.engine.early import decided_early
    from advisor.engine.lineage import entry_answers
    from advisor.gui.messages import sentence

    extras: dict[str, Any] = {}
    asked: list[tuple[str, LineageEntry]] = []
    for number, entry in enumerate(lineage, 1):
        while True:
            values = entry_answers(entry, {**main, **extras})
            try:
                question = next_question(kb, values)
                if question is None or decided_early(kb, values):
                    break  # complete, or stopped where its verdict is decided (as `assess` takes it)
            except AnswersError as exc:
                title = say(kb.wording, "wizard_lineage.entry_title", number=number)
                reason = sentence(exc.message)
                name = kb.versions[entry.version].name
                problem = say(kb.wording, "wizard_lineage.problem", title=title, version_name=name, reason=reason)
                return LineageWalk(tuple(asked), extras, None, problem)
            if question.id not in entered:
                return LineageWalk(tuple(asked), extras, (question, entry), "")
            extras[question.id] = entered[question.id]
            asked.append((question.id, entry))
    return LineageWalk(tuple(asked), extras, None, "")


def entry_words(kb: KnowledgeBase, entry: LineageEntry) -> str:
    """One entry in plain words: "Llama 3.3: only outputs it generated"."""
    parts = [say(kb.wording, f"wizard_lineage.review_{entry.takes}")]
    if entry.access is not None:
        parts.append(say(kb.wording, f"wizard_lineage.review_{entry.access}"))
    if entry.ships_copies is not None:
        copies = "wizard_lineage.review_copies_yes" if entry.ships_copies else "wizard_lineage.review_copies_no"
        parts.append(say(kb.wording, copies))
    if entry.multimodal is not None:
        vision = "wizard_lineage.review_vision_yes" if entry.multimodal else "wizard_lineage.review_vision_no"
        parts.append(say(kb.wording, vision))
    name = kb.versions[entry.version].name
    return say(kb.wording, "wizard_lineage.review_entry", version_name=name, value="; ".join(parts))


def asked_for_label(kb: KnowledgeBase, question: Question, entry: LineageEntry) -> str:
    """A question asked for a lineage entry, named with its version: "EU domicile (for Llama 3.2)"."""
    name = kb.versions[entry.version].name
    return say(kb.wording, "wizard_lineage.review_for", label=question.label, version_name=name)


class WizardLineage:
    """The wizard's side of the lineage: what it lists, and where the interview goes because of it."""

    def __init__(self, wizard: AdvisorWizard, page_id: int, after: str, review_id: int) -> None:
        """`page_id`: the lineage page's id; `after`: the question it follows; `review_id`: the review page's."""
        self.wizard = wizard
        self.page_id, self.after, self.review_id = page_id, after, review_id
        self.page: LineagePage | None = None  # built when the interview first reaches it (never on start-up)
        self._asked_for: dict[str, LineageEntry] = {}  # question pages opened for a lineage entry

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

    # ------------------------------------------------------------------ what is listed
    def entries(self) -> tuple[LineageEntry, ...]:
        """The other Llama versions listed on the page (never the main one)."""
        main = self.wizard.current_facts()
        entries = self.page.lineage() if self.page is not None else ()
        return tuple(entry for entry in entries if main is None or entry.version != main.id)

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

        entries = self.entries() if self.on_path(main) else ()
        if not entries:
            return None
        try:
            if next_question(self.kb, main) is not None and not self.wizard.decided(main):
                return None
        except AnswersError:
            return None
        pages = self.wizard.question_pages
        entered = {qid: page.value() for qid, page in pages.items() if page.value() is not None}
        return walk_lineage(self.kb, main, entries, entered)

    # ------------------------------------------------------------------ where the interview goes
    def facts_for(self, question_id: str) -> VersionFacts | None:
        """The version a question page is asked for: a lineage entry's, or the main one."""
        entry = self._asked_for.get(question_id)
        return self.kb.versions[entry.version] if entry is not None else self.wizard.current_facts()

    def asked_for_entry(self, question_id: str, main: dict[str, Any], walk: LineageWalk | None) -> bool:
        return walk is not None and question_id not in main and question_id in walk.order()

    def open_for_entry(self, question_id: str, walk: LineageWalk, main: dict[str, Any]) -> int:
        """The page id of a question an entry needs; the page says which version it is asked for."""
        from advisor.engine.lineage import entry_answers

        entry = walk.entry_of(question_id)
        self._asked_for[question_id] = entry
        page = self.wizard.question_pages[question_id]
        before = set(self.kb_order()[: self.kb_order().index(question_id)])
        page.earlier = {k: v for k, v in entry_answers(entry, {**main, **walk.extras}).items() if k in before}
        name = self.kb.versions[entry.version].name
        page.set_context(say(self.kb.wording, "wizard_lineage.asked_for", version_name=name))
        return self.wizard.page_ids[question_id]

    def open_for_main(self, question_id: str) -> None:
        if self._asked_for.pop(question_id, None) is not None:
            self.wizard.question_pages[question_id].set_context("")

    def after_entry_question(self, question_id: str, walk: LineageWalk, main: dict[str, Any]) -> int:
        order = walk.order()
        later = order[order.index(question_id) + 1 :]
        return self.open_for_entry(later[0], walk, main) if later else self.review_id

    def end_of_main(self, main: dict[str, Any]) -> int:
        """Where the interview goes when the main questions are done: what an entry needs, else Review."""
        walk = self.walk(main)
        order = walk.order() if walk is not None else []
        if walk is None or not order:
            return self.review_id
        return self.open_for_entry(order[0], walk, main)

    def counter(self, question_id: str, walk: LineageWalk | None) -> str:
        """The panel's line above the steps on a question asked for an entry."""
        entry = walk.entry_of(question_id) if walk is not None else None
        name = self.kb.versions[entry.version].name if entry is not None else ""
        return say(self.kb.wording, "wizard_lineage.counter", version_name=name)

    def kb_order(self) -> list[str]:
        return [question.id for question in self.kb.questions]

    def load(self, answers: dict[str, Any], upgraded: Any) -> None:
        """An opened file's lineage (an UpgradedAnswers), and the answers its entries need."""
        if not upgraded.lineage and not upgraded.other_parents:
            return
        self.built_page().set_value(upgraded.lineage, upgraded.other_parents)
        for qid, value in upgraded.values.items():
            if qid not in answers and qid in self.wizard.question_pages:
                self.wizard.question_pages[qid].set_value(value)

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

    def assessment(self) -> Assessment | None:
        """The combined assessment, from the answers as a saved file gives them (None: no lineage)."""
        from advisor.engine import assess
        from advisor.model import ANSWERS_FORMAT

        wizard = self.wizard
        main = wizard.main_path()
        keys = self.keys() if self.on_path(main) else {}
        if not keys:
            return None
        path = wizard.path_answers()
        asked = {key: value for key, value in wizard.answers().items() if key in path}  # none a version fixes
        return assess(self.kb, {"format": ANSWERS_FORMAT, **asked, **keys})

    # ------------------------------------------------------------------ review and progress
    def review_rows(self) -> list[tuple[str, str, str]]:
        """(key, label, answer in words): the main answers in interview order, the lineage after
        the question it follows, then the questions asked for entries."""
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
        return rows + self.asked_rows(main)

    def lineage_rows(self) -> list[tuple[str, str, str]]:
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

    def asked_rows(self, main: dict[str, Any]) -> list[tuple[str, str, str]]:
        """The rows of the questions asked for entries: "EU domicile (for Llama 3.2)"."""
        from advisor.render.context import format_answer

        walk = self.walk(main)
        rows = []
        for qid, entry in walk.asked if walk is not None else ():
            question = self.kb.question(qid)
            answer = format_answer(self.kb, question, walk.extras[qid], entry.version)  # type: ignore[union-attr]
            rows.append((qid, asked_for_label(self.kb, question, entry), answer))
        return rows

    def panel(self, page: QuestionPage | None, current: str | None, review_open: bool) -> tuple[list[Step], str]:
        """The progress panel's steps and counter line (advisor.gui.progress), with the lineage."""
        from advisor.gui.progress import interview_steps

        main = self.wizard.main_path()
        walk = self.walk(main)
        for_entry = page is not None and self.asked_for_entry(page.question.id, main, walk)
        lineage_open = self.after not in main or self.on_path(main)
        review_open = review_open and lineage_open and not (walk and (walk.pending or walk.problem))
        steps, counter = interview_steps(self.kb, main, None if for_entry else current, review_open)
        if for_entry and page is not None:
            counter = self.counter(page.question.id, walk)
        return self.steps(steps, main, walk), counter

    def steps(self, steps: list[Step], main: dict[str, Any], walk: LineageWalk | None) -> list[Step]:
        """The panel's steps with the lineage page after the question it follows, and the
        questions asked for entries before Review."""
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
        current = self.wizard.current_question_page()
        for qid in walk.order() if walk is not None else ():
            shown = "current" if current is not None and current.question.id == qid else ""
            state = shown or ("done" if walk is not None and qid in walk.extras else "ahead")
            label = asked_for_label(self.kb, self.kb.question(qid), walk.entry_of(qid))  # type: ignore[union-attr]
            steps.insert([step.key for step in steps].index(REVIEW_STEP), Step(qid, label, state))
        return steps
