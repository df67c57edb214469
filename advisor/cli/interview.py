"""The terminal interview: asks only the relevant questions, in the YAML's order."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any, TextIO

from advisor.engine.answers import next_question
from advisor.engine.compiled import compiled
from advisor.engine.errors import AnswersError
from advisor.engine.text_input import parse_count, parse_yes_no
from advisor.model import KnowledgeBase, Question, VersionFacts
from advisor.render.text import WIDTH, cite, wrap
from advisor.rules.wording import say

Ask = Callable[[str], str]


class InterviewCancelled(Exception):
    """The person left the interview (end of input)."""


def run_interview(kb: KnowledgeBase, ask: Ask, out: TextIO, prefilled: dict[str, Any] | None = None) -> dict[str, Any]:
    """Ask questions until the answers are complete; return them. `prefilled` answers are not asked."""
    answers: dict[str, Any] = dict(prefilled or {})
    ck = compiled(kb)
    out.write(say(kb.wording, "interview.intro", advisor=kb.wording["document.advisor_name"]) + "\n")
    if prefilled:
        given = ", ".join(f"{key}: {'yes' if v is True else 'no' if v is False else v}" for key, v in prefilled.items())
        out.write(say(kb.wording, "interview.prefilled", value=given) + "\n")
    while True:
        question = next_question(kb, answers)
        if question is None:
            return answers
        facts = kb.versions.get(answers.get("version", ""))
        fill = ck.placeholders(facts)
        out.write("\n" + wrap(question.prompt.format(**fill)) + "\n")
        if question.help:
            out.write(wrap(question.help.format(**fill), "  ") + "\n")
        options = [(value, label.format(**fill)) for value, label in _options(kb, question, answers)]
        headings = _lead_ins(kb, question, answers)
        shown: tuple[str, ...] = ()
        for key, (value, label) in zip(_keys(options, question.type == "int"), options):
            lead_in = headings.get(value, ())
            for depth, line in enumerate(lead_in):
                if depth >= len(shown) or shown[depth] != line:
                    out.write(wrap(line, "  " + "  " * depth) + "\n")
            shown = lead_in
            head = f"  {key:>3}  "  # wrapped lines align under the label, not under the key
            out.write(textwrap.fill(label, WIDTH, initial_indent=head, subsequent_indent=" " * len(head)) + "\n")
        if question.type == "int" and question.choices:
            out.write("       or type the number (for example 5M or 650,000,000)\n")
        while True:
            reply = _read(ask, _hint(question))
            if reply.strip() == "?":
                out.write(wrap(say(kb.wording, "questions.why", reason=question.why.format(**fill)), "  ") + "\n")
                if facts is not None or question.source.source is not None:
                    source, title = ck.cite(question.source, facts or _any_version(kb), question.id)
                    out.write(cite(source, title, "  ") + "\n")
                continue
            try:
                value = _parse(question, reply, options)
                trial = dict(answers, **{question.id: value})
                next_question(kb, trial)  # validates the value in context
            except (ValueError, AnswersError) as exc:
                message = exc.message if isinstance(exc, AnswersError) else str(exc)
                out.write(f"  {message}\n")
                continue
            answers = trial
            if question.type == "int" and isinstance(value, int):
                out.write(f"  Understood: {value:,}\n")
            break


def _any_version(kb: KnowledgeBase) -> VersionFacts:
    return next(iter(kb.versions.values()))


def _read(ask: Ask, hint: str) -> str:
    try:
        return ask(f"{hint} > ")
    except EOFError:
        raise InterviewCancelled() from None


def _hint(question: Question) -> str:
    return {
        "bool": "yes/no",
        "int": "a letter above, or a number (e.g. 650M)" if question.choices else "number (e.g. 700M)",
        "choice": "choice",
        "multi": "numbers separated by commas, or none",
    }[question.type]


def _options(kb: KnowledgeBase, question: Question, answers: dict[str, Any]) -> list[tuple[str, str]]:
    if question.type in ("choice", "int"):
        return [(c.value, " ".join(c.label.split())) for c in question.choices]
    if question.type == "multi":
        facts = kb.versions.get(answers.get("version", ""))
        ids = compiled(kb).multi_choices(question, facts)
        return [(cid, _policy_item(kb, cid, facts.id if facts else "")) for cid in ids]
    return []


def _policy_item(kb: KnowledgeBase, category_id: str, version: str) -> str:
    """'Label: “the policy's own words”' for the chosen version (braces escaped for format)."""
    category = kb.aup_categories[category_id]
    source = category.texts.get(version)
    text = f"{category.label}: “{' '.join(source.quote.split())}”" if source else category.label
    return text.replace("{", "{{").replace("}", "}}")


def _lead_ins(kb: KnowledgeBase, question: Question, answers: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """For a use-policy checklist: the policy's headings above each item, per category."""
    if question.type != "multi":
        return {}
    version = str(answers.get("version", ""))
    return {cid: category.lead_ins.get(version, ()) for cid, category in kb.aup_categories.items()}


def _parse(question: Question, reply: str, options: list[tuple[str, str]]) -> Any:
    text = reply.strip()
    if question.type == "bool":
        return parse_yes_no(text)
    if question.type == "int":
        if options and text.lower() in _keys(options, letters=True):
            return _pick(text.lower(), options, letters=True)
        return parse_count(text)
    if question.type == "choice":
        return _pick(text, options)
    if text.lower() in ("", "none", "no", "n"):
        return []
    return [_pick(part.strip(), options) for part in text.split(",") if part.strip()]


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
