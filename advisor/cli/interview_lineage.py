"""The terminal interview's lineage: the other Llama versions, and other models, a product takes from.

After the main version's questions, the person names each other Llama version the
product or model takes from, what it takes (weights, code or tokenizer, outputs) and,
for weights or code, whether that version's files leave their control when the answer
differs from the main one. Each entry is then assessed with the main answers as the
engine changes them (advisor.engine.lineage.entry_answers): any question that needs and
the main answers do not hold (whether a Llama 3.2 model used is multimodal, EU domicile
for a multimodal model…) is asked too, as the interview asks it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from advisor.engine.answers import next_question
from advisor.engine.early import decided_early
from advisor.engine.errors import AnswersError
from advisor.engine.lineage import entry_answers
from advisor.engine.lineage_answers import (
    LINEAGE_KEY,
    OTHER_PARENTS_KEY,
    TEXT_LIMIT,
    read_lineage,
    read_other_parents,
)
from advisor.model import Always, Choice, KnowledgeBase, LineageEntry, OtherParent, Question, SourceRef, VersionFacts
from advisor.rules.wording import say


class Asker(Protocol):
    """What the lineage part needs of the interview's asker (advisor.cli.interview.Asker)."""

    kb: KnowledgeBase

    def question(
        self, question: Question, facts: VersionFacts | None, check: Callable[[Any], None]
    ) -> Any: ...  # the first reply `check` accepts

    def read(self, hint: str) -> str: ...

    def line(self, text: str) -> None: ...

    def heading(self, text: str) -> None: ...


LINEAGE_KEYS = (LINEAGE_KEY, OTHER_PARENTS_KEY)
TAKES_ORDER = ("weights", "code_or_tokenizer", "outputs")  # as a person thinks of them: most taken first
ENTRY_ANSWERS = ("ships_copies", "multimodal", "mau")  # answers a lineage entry holds itself (mau: its month)
SAME = "same"  # the lineage entry's files go where the main version's do


def ask_lineage(asker: Asker, main_answers: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The answers with `lineage` and `other_parents` added; `given` holds lists a file gave.

    Answers that only a lineage entry needs are added to the main answers (they are about
    the person, such as EU domicile); whether an entry's model is multimodal or its files
    ship stays with the entry.
    """
    kb = asker.kb
    answers = dict(main_answers)
    main = kb.versions[answers["version"]]
    if LINEAGE_KEY in given:
        entries = [entry for entry in read_lineage(given[LINEAGE_KEY]) if _usable(asker, entry, answers)]
    else:
        asker.heading(kb.wording["terminal_lineage.heading"])
        entries = _ask_entries(asker, answers, main)
    entries = _complete_all(asker, answers, entries)
    if OTHER_PARENTS_KEY in given:
        parents = list(read_other_parents(given[OTHER_PARENTS_KEY]))
    else:
        parents = _ask_parents(asker, main)
    if entries:
        answers[LINEAGE_KEY] = [entry.to_dict() for entry in entries]
    if parents:
        answers[OTHER_PARENTS_KEY] = [{"name": parent.name, "license": parent.license} for parent in parents]
    return answers


def describe_lineage(kb: KnowledgeBase, given: dict[str, Any]) -> list[str]:
    """The lineage and other parents of prefilled answers, in words (for the prefilled line)."""
    described = []
    for item in given.get(LINEAGE_KEY) or ():
        facts = kb.versions.get(str(item.get("version")))
        name = facts.name if facts is not None else str(item.get("version"))
        short = TAKES_SHORT.get(str(item.get("takes")))
        takes = kb.wording[short] if short else str(item.get("takes"))
        described.append(say(kb.wording, "terminal_lineage.listed_short", version_name=name, takes=takes))
    for item in given.get(OTHER_PARENTS_KEY) or ():
        described.append(
            say(kb.wording, "terminal_lineage.parent_short", name=item.get("name"), value=item.get("license"))
        )
    return described


def _ask_entries(asker: Asker, answers: dict[str, Any], main: VersionFacts) -> list[LineageEntry]:
    kb = asker.kb
    entries: list[LineageEntry] = []
    first = _made(kb, "lineage_any", version_name=main.name)
    if not asker.question(first, main, _anything):
        return entries
    while True:
        entry = _ask_entry(asker, answers, main, entries)
        if entry is not None:
            entries.append(entry)
            takes = kb.wording[TAKES_SHORT[entry.takes]]
            name = kb.versions[entry.version].name
            asker.line(say(kb.wording, "terminal_lineage.listed", version_name=name, takes=takes))
        more = _made(kb, "lineage_more", version_name=main.name)
        if not asker.question(more, main, _anything):
            return entries


def _ask_entry(
    asker: Asker, answers: dict[str, Any], main: VersionFacts, entries: list[LineageEntry]
) -> LineageEntry | None:
    """One lineage entry, its missing answers asked; None when the engine cannot take it."""
    kb = asker.kb
    version = asker.question(_version_question(kb, main), main, _anything)
    facts = kb.versions[version]
    takes = asker.question(_takes_question(kb, facts, main), facts, _anything)
    if any(entry.version == version and entry.takes == takes for entry in entries):
        asker.line(say(kb.wording, "terminal_lineage.listed_twice", version_name=facts.name))
        return None
    entry = LineageEntry(version, takes)
    if takes != "outputs" and "ships_copies" in answers:
        reply = asker.question(_ships_question(kb, facts, main, answers["ships_copies"]), facts, _anything)
        ships = {"yes": True, "no": False}.get(reply)
        if ships is not None and ships != answers["ships_copies"]:
            entry = entry._replace(ships_copies=ships)
    if not _usable(asker, entry, answers):
        return None
    return _complete(asker, answers, entry)


def _usable(asker: Asker, entry: LineageEntry, answers: dict[str, Any]) -> bool:
    """Whether the engine can assess the entry with these answers; if not, say why."""
    kb = asker.kb
    try:
        if entry.version not in kb.versions:
            raise AnswersError(say(kb.wording, "terminal_lineage.unknown_version", version=entry.version))
        if entry.version == answers.get("version"):
            raise AnswersError(kb.wording["lineage.same_as_main"])
        next_question(kb, entry_answers(entry, answers))
    except AnswersError as exc:
        name = kb.versions[entry.version].name if entry.version in kb.versions else entry.version
        asker.line(say(kb.wording, "terminal_lineage.left_out", version_name=name, reason=exc.message))
        return False
    return True


def _complete_all(asker: Asker, answers: dict[str, Any], entries: list[LineageEntry]) -> list[LineageEntry]:
    """Ask what any entry still needs, until none needs anything (an answer one entry needs
    may make another question relevant for an earlier one)."""
    while True:
        before = (list(entries), dict(answers))
        entries = [_complete(asker, answers, entry) for entry in entries]
        if (entries, answers) == before:
            return entries


def _complete(asker: Asker, answers: dict[str, Any], entry: LineageEntry) -> LineageEntry:
    """Ask each question the entry's assessment needs and the answers lack; `answers` gains
    the ones about the person, the entry those about its own model."""
    kb = asker.kb
    facts = kb.versions[entry.version]
    introduced = False
    while True:
        values = entry_answers(entry, answers)
        question = next_question(kb, values)
        if question is None or decided_early(kb, values):
            return entry
        if not introduced:
            asker.heading(say(kb.wording, "terminal_lineage.gap_intro", version_name=facts.name))
            introduced = True

        def check(value: Any, qid: str = question.id, current: LineageEntry = entry) -> None:
            changed, given = _with(current, answers, qid, value)
            next_question(kb, entry_answers(changed, given))

        value = asker.question(question, facts, check)
        entry, changed = _with(entry, answers, question.id, value)
        answers.update(changed)


def _with(entry: LineageEntry, answers: dict[str, Any], qid: str, value: Any) -> tuple[LineageEntry, dict[str, Any]]:
    if qid in ENTRY_ANSWERS:
        return entry._replace(**{qid: value}), answers
    return entry, {**answers, qid: value}


def _ask_parents(asker: Asker, main: VersionFacts) -> list[OtherParent]:
    kb = asker.kb
    parents: list[OtherParent] = []
    key = "parents_any"
    while asker.question(_made(kb, key, version_name=main.name), None, _anything):
        name = _text(asker, "terminal_lineage.parent_name")
        license_id = _text(asker, "terminal_lineage.parent_license")
        parents.append(OtherParent(name, license_id))
        asker.line(say(kb.wording, "terminal_lineage.parent_listed", name=name, value=license_id))
        key = "parents_more"
    return parents


def _text(asker: Asker, key: str) -> str:
    """A line of text, asked until it is given and short enough."""
    kb = asker.kb
    while True:
        reply = asker.read(kb.wording[key]).strip()
        if reply and len(reply) <= TEXT_LIMIT:
            return reply
        asker.line(say(kb.wording, "terminal_lineage.text_needed", count=str(TEXT_LIMIT)))


def _anything(_value: Any) -> None:
    """Any reply the question's own choices allow."""


# ------------------------------------------------------------ the questions asked
# Each lineage question: its type, the clause `?` quotes, and its prompt, help and why in wording.yaml.
QUESTIONS: dict[str, tuple[str, str, str, str, str]] = {
    "lineage_any": (
        "bool", "acceptance",
        "terminal_lineage.any_prompt", "terminal_lineage.any_help", "terminal_lineage.any_why",
    ),
    "lineage_more": ("bool", "acceptance", "terminal_lineage.more_prompt", "", "terminal_lineage.any_why"),
    "lineage_version": (
        "choice", "acceptance",
        "terminal_lineage.version_prompt", "terminal_lineage.version_help", "terminal_lineage.any_why",
    ),
    "lineage_takes": (
        "choice", "grant",
        "terminal_lineage.takes_prompt", "terminal_lineage.takes_help", "terminal_lineage.takes_why",
    ),
    "lineage_ships_copies": (
        "choice", "notice",
        "terminal_lineage.ships_prompt", "terminal_lineage.ships_help", "terminal_lineage.ships_why",
    ),
    "parents_any": (
        "bool", "",
        "terminal_lineage.parents_prompt", "terminal_lineage.parents_help", "terminal_lineage.parents_why",
    ),
    "parents_more": ("bool", "", "terminal_lineage.parents_more_prompt", "", "terminal_lineage.parents_why"),
}  # fmt: skip
TAKES_LABELS = {
    "weights": "terminal_lineage.takes_weights",
    "code_or_tokenizer": "terminal_lineage.takes_code_or_tokenizer",
    "outputs": "terminal_lineage.takes_outputs",
}
TAKES_SHORT = {
    "weights": "terminal_lineage.short_weights",
    "code_or_tokenizer": "terminal_lineage.short_code_or_tokenizer",
    "outputs": "terminal_lineage.short_outputs",
}


def _escaped(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")  # the asker fills in placeholders again


def _text_of(kb: KnowledgeBase, key: str, **values: str) -> str:
    return _escaped(say(kb.wording, key, **values)) if key else ""


def _made(kb: KnowledgeBase, qid: str, **values: str) -> Question:
    """A question of the lineage part, worded from wording.yaml."""
    kind, clause, prompt, help_key, why = QUESTIONS[qid]
    return Question(
        id=qid,
        label=qid,
        prompt=_text_of(kb, prompt, **values),
        type=kind,
        why=_text_of(kb, why, **values),
        source=SourceRef("clause", clauses=(clause,) if clause else ()),
        relevant_when=Always(),
        help=_text_of(kb, help_key, **values),
    )


def _version_question(kb: KnowledgeBase, main: VersionFacts) -> Question:
    others = tuple(choice for choice in kb.question("version").choices if choice.value != main.id)
    return _made(kb, "lineage_version", version_name=main.name)._replace(choices=others)


def _takes_question(kb: KnowledgeBase, facts: VersionFacts, main: VersionFacts) -> Question:
    names = {"version_name": facts.name, "value": main.name}
    choices = tuple(Choice(value, _text_of(kb, TAKES_LABELS[value], **names)) for value in TAKES_ORDER)
    return _made(kb, "lineage_takes", **names)._replace(choices=choices)


def _ships_question(kb: KnowledgeBase, facts: VersionFacts, main: VersionFacts, ships: bool) -> Question:
    names = {"version_name": facts.name, "value": main.name}
    same = "terminal_lineage.ships_same_yes" if ships else "terminal_lineage.ships_same_no"
    choices = (
        Choice(SAME, _text_of(kb, same, **names)),
        Choice("yes", _text_of(kb, "terminal_lineage.ships_yes", **names)),
        Choice("no", _text_of(kb, "terminal_lineage.ships_no", **names)),
    )
    return _made(kb, "lineage_ships_copies", **names)._replace(choices=choices)
