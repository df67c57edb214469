"""The terminal interview: asks only the relevant questions, in the YAML's order."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any, TextIO

from advisor.cli.interview_lineage import LINEAGE_KEYS, ask_lineage, describe_lineage
from advisor.engine.answers import next_question
from advisor.engine.compiled import compiled
from advisor.engine.early import decided_early, stop_text
from advisor.engine.errors import AnswersError
from advisor.engine.text_input import parse_count, parse_yes_no
from advisor.model import KnowledgeBase, Question, VersionFacts
from advisor.render.text import WIDTH, cite, wrap
from advisor.rules.wording import say

Ask = Callable[[str], str]
Check = Callable[[Any], None]
"""Raises ValueError or AnswersError when a value cannot be taken (its message is shown)."""
NONE_KEY = "0"  # what the person types for "None of these" in a checklist


class InterviewCancelled(Exception):
    """The person left the interview (end of input)."""


def run_interview(
    kb: KnowledgeBase, ask: Ask, out: TextIO, prefilled: dict[str, Any] | None = None, from_file: bool = False
) -> dict[str, Any]:
    """Ask questions until the answers are complete; return them. `prefilled` answers are not asked.

    `from_file`: the prefilled answers come from an answers file (else from a checked release);
    they may hold `lineage` and `other_parents`, which are then not asked either. The answers
    returned hold `lineage` and `other_parents` (format 3) when the person named any.
    """
    given = dict(prefilled or {})
    asker = Asker(kb, ask, out)
    out.write(say(kb.wording, "interview.intro", advisor=kb.wording["document.advisor_name"]) + "\n")
    if given:
        key = "terminal_lineage.prefilled_file" if from_file else "interview.prefilled"
        out.write(wrap(say(kb.wording, key, value=_given_text(kb, given))) + "\n")
    lineage = {key: given.pop(key) for key in LINEAGE_KEYS if key in given}
    answers, stopped = _main_questions(asker, given)
    if stopped:
        out.write("\n" + wrap(kb.wording["stop.title"]) + "\n" + wrap(stop_text(kb, answers), "  ") + "\n")
        if any(lineage.values()):
            out.write(wrap(kb.wording["terminal_lineage.lineage_not_assessed"], "  ") + "\n")
        return answers
    if answers.get("role") == "end_user" and not lineage:
        return answers  # a finished product's user takes nothing from a model
    return ask_lineage(asker, answers, lineage)


def _main_questions(asker: Asker, answers: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Ask the main version's questions; (answers, whether the interview stopped early)."""
    kb = asker.kb
    while True:
        try:
            question = next_question(kb, answers)
        except AnswersError as exc:  # a prefilled answer the interview cannot take: ask it
            if exc.key is None or exc.key not in answers:
                raise
            label = kb.question(exc.key).label if exc.key in compiled(kb).question_ids else exc.key
            asker.line(say(kb.wording, "terminal_lineage.prefill_refused", label=label, reason=exc.message))
            answers.pop(exc.key)
            continue
        if question is None:
            return answers, False
        if decided_early(kb, answers):
            return answers, True
        facts = kb.versions.get(answers.get("version", ""))

        def check(value: Any, qid: str = question.id) -> None:
            next_question(kb, dict(answers, **{qid: value}))  # validates the value in context

        answers[question.id] = asker.question(question, facts, check)


class Asker:
    """Asks one question at a time in the terminal: the prompt, its help, the choices, and
    the reply read until it can be taken (`?` explains the question with its clause)."""

    def __init__(self, kb: KnowledgeBase, ask: Ask, out: TextIO) -> None:
        self.kb = kb
        self.ask = ask
        self.out = out

    def line(self, text: str, indent: str = "  ") -> None:
        self.out.write(wrap(text, indent) + "\n")

    def heading(self, text: str) -> None:
        self.out.write("\n" + wrap(text) + "\n")

    def question(self, question: Question, facts: VersionFacts | None, check: Check) -> Any:
        """Show `question` (filled in for `facts`) and return the first reply `check` accepts."""
        kb, out, ck = self.kb, self.out, compiled(self.kb)
        fill = ck.placeholders(facts)
        out.write("\n" + wrap(question.prompt.format(**fill)) + "\n")
        if question.help:
            out.write(wrap(question.help.format(**fill), "  ") + "\n")
        options = [(value, label.format(**fill)) for value, label in _options(kb, question, facts)]
        headings = _lead_ins(kb, question, facts)
        shown: tuple[str, ...] = ()
        for key, (value, label) in zip(_keys(options, question.type == "int"), options):
            lead_in = headings.get(value, ())
            for depth, line in enumerate(lead_in):
                if depth >= len(shown) or shown[depth] != line:
                    out.write(wrap(line, "  " + "  " * depth) + "\n")
            shown = lead_in
            _option(out, key, label)
        if question.type == "multi":
            _option(out, NONE_KEY, kb.wording["terminal_lineage.none_of_these"])
        if question.type == "int" and question.choices:
            out.write("       or type the number (for example 5M or 650,000,000)\n")
        while True:
            reply = self.read(_hint(kb, question))
            if reply.strip() == "?":
                out.write(wrap(say(kb.wording, "questions.why", reason=question.why.format(**fill)), "  ") + "\n")
                citation = _citation(kb, question, facts)
                if citation is not None:
                    out.write(cite(*citation, "  ") + "\n")
                continue
            try:
                value = _parse(kb, question, reply, options)
                check(value)
            except (ValueError, AnswersError) as exc:
                out.write(wrap(str(exc.message if isinstance(exc, AnswersError) else exc), "  ") + "\n")
                continue
            if question.type == "int" and isinstance(value, int):
                out.write(f"  Understood: {value:,}\n")
            return value

    def read(self, hint: str) -> str:
        try:
            return self.ask(f"{hint} > ")
        except EOFError:
            raise InterviewCancelled() from None


def _option(out: TextIO, key: str, label: str) -> None:
    head = f"  {key:>3}  "  # wrapped lines align under the label, not under the key
    out.write(textwrap.fill(label, WIDTH, initial_indent=head, subsequent_indent=" " * len(head)) + "\n")


def _given_text(kb: KnowledgeBase, given: dict[str, Any]) -> str:
    """The prefilled answers on one line: `key: value`, and the lineage in words."""
    shown = [
        f"{key}: {'yes' if value is True else 'no' if value is False else value}"
        for key, value in given.items()
        if key not in LINEAGE_KEYS
    ]
    return ", ".join([*shown, *describe_lineage(kb, given)])


def _citation(kb: KnowledgeBase, question: Question, facts: VersionFacts | None) -> tuple[Any, str] | None:
    """The clause behind a question for `facts`, when the version has it."""
    if facts is None and question.source.source is None:
        return None
    try:
        return compiled(kb).cite(question.source, facts or next(iter(kb.versions.values())), question.id)
    except LookupError:  # a lineage question whose clause this version's texts lack (Llama 1)
        return None


def _hint(kb: KnowledgeBase, question: Question) -> str:
    return {
        "bool": "yes/no",
        "int": "a letter above, or a number (e.g. 650M)" if question.choices else "number (e.g. 700M)",
        "choice": "choice",
        "multi": kb.wording["terminal_lineage.multi_hint"],
    }[question.type]


def _options(kb: KnowledgeBase, question: Question, facts: VersionFacts | None) -> list[tuple[str, str]]:
    if question.type in ("choice", "int"):
        return [(c.value, " ".join(c.label.split())) for c in question.choices]
    if question.type == "multi":
        ids = compiled(kb).multi_choices(question, facts)
        return [(cid, _policy_item(kb, cid, facts.id if facts else "")) for cid in ids]
    return []


def _policy_item(kb: KnowledgeBase, category_id: str, version: str) -> str:
    """'Label: “the policy's own words”' for the chosen version (braces escaped for format)."""
    category = kb.aup_categories[category_id]
    source = category.texts.get(version)
    text = f"{category.label}: “{' '.join(source.quote.split())}”" if source else category.label
    return text.replace("{", "{{").replace("}", "}}")


def _lead_ins(kb: KnowledgeBase, question: Question, facts: VersionFacts | None) -> dict[str, tuple[str, ...]]:
    """For a use-policy checklist: the policy's headings above each item, per category."""
    if question.type != "multi":
        return {}
    version = facts.id if facts is not None else ""
    return {cid: category.lead_ins.get(version, ()) for cid, category in kb.aup_categories.items()}


def _parse(kb: KnowledgeBase, question: Question, reply: str, options: list[tuple[str, str]]) -> Any:
    text = reply.strip()
    if question.type == "bool":
        return parse_yes_no(text)
    if question.type == "int":
        if options and text.lower() in _keys(options, letters=True):
            return _pick(text.lower(), options, letters=True)
        return parse_count(text)
    if question.type == "choice":
        return _pick(text, options)
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if text.lower() in ("", "none", "no", "n") or parts == [NONE_KEY]:
        return []
    if NONE_KEY in parts:
        raise ValueError(kb.wording["terminal_lineage.none_alone"])
    return list(dict.fromkeys(_pick(part, options) for part in parts))


def _keys(options: list[tuple[str, str]], letters: bool = False) -> list[str]:
    """What the person types for each option: the value itself when values look like
    numbers (Llama versions), letters beside a number field (so 1 stays a number),
    otherwise 1, 2, 3..."""
    if letters:
        return [chr(ord("a") + index) for index in range(len(options))]
    if any(value.replace(".", "").isdigit() for value, _ in options):
        return [value for value, _ in options]
    return [str(number) for number in range(1, len(options) + 1)]


def _pick(text: str, options: list[tuple[str, str]], letters: bool = False) -> str:
    for key, (value, _) in zip(_keys(options, letters), options):
        if text in (key, value):
            return value
    raise ValueError("choose one of: " + ", ".join(_keys(options, letters)))
