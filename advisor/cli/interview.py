"""The terminal interview: asks only the relevant questions, in the YAML's order."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any, TextIO

from advisor.cli.text_report import WIDTH, cite, wrap
from advisor.engine.answers import next_question
from advisor.engine.compiled import compiled
from advisor.engine.errors import AnswersError
from advisor.engine.text_input import parse_count, parse_yes_no
from advisor.model import KnowledgeBase, Question

Ask = Callable[[str], str]


class InterviewCancelled(Exception):
    """The person left the interview (end of input)."""


def run_interview(kb: KnowledgeBase, ask: Ask, out: TextIO) -> dict[str, Any]:
    """Ask questions until the answers are complete; return them."""
    answers: dict[str, Any] = {}
    ck = compiled(kb)
    out.write("Llama License Advisor: answer each question; type ? for the clause behind it.\n")
    while True:
        question = next_question(kb, answers)
        if question is None:
            return answers
        facts = kb.versions.get(answers.get("version", ""))
        fill = ck.placeholders(facts) if facts else {}
        out.write("\n" + wrap(question.prompt.format(**fill)) + "\n")
        if question.help:
            out.write(wrap(question.help.format(**fill), "  ") + "\n")
        options = _options(kb, question, answers)
        for key, (_, label) in zip(_keys(options), options):
            head = f"  {key:>3}  "  # wrapped lines align under the label, not under the key
            out.write(textwrap.fill(label, WIDTH, initial_indent=head, subsequent_indent=" " * len(head)) + "\n")
        while True:
            reply = _read(ask, _hint(question))
            if reply.strip() == "?":
                out.write(wrap("Why we ask: " + question.why.format(**fill), "  ") + "\n")
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
            break


def _any_version(kb: KnowledgeBase):
    return next(iter(kb.versions.values()))


def _read(ask: Ask, hint: str) -> str:
    try:
        return ask(f"{hint} > ")
    except EOFError:
        raise InterviewCancelled() from None


def _hint(question: Question) -> str:
    return {
        "bool": "yes/no",
        "int": "number (e.g. 700M)",
        "choice": "choice",
        "multi": "numbers separated by commas, or none",
    }[question.type]


def _options(kb: KnowledgeBase, question: Question, answers: dict[str, Any]) -> list[tuple[str, str]]:
    if question.type == "choice":
        return [(c.value, c.label) for c in question.choices]
    if question.type == "multi":
        facts = kb.versions.get(answers.get("version", ""))
        ids = compiled(kb).multi_choices(question, facts)
        return [(cid, kb.aup_categories[cid].label) for cid in ids]
    return []


def _parse(question: Question, reply: str, options: list[tuple[str, str]]) -> Any:
    text = reply.strip()
    if question.type == "bool":
        return parse_yes_no(text)
    if question.type == "int":
        return parse_count(text)
    if question.type == "choice":
        return _pick(text, options)
    if text.lower() in ("", "none", "no", "n"):
        return []
    return [_pick(part.strip(), options) for part in text.split(",") if part.strip()]


def _keys(options: list[tuple[str, str]]) -> list[str]:
    """What the person types for each option: the value itself when values look like
    numbers (Llama versions), otherwise 1, 2, 3..."""
    if any(value.replace(".", "").isdigit() for value, _ in options):
        return [value for value, _ in options]
    return [str(number) for number in range(1, len(options) + 1)]


def _pick(text: str, options: list[tuple[str, str]]) -> str:
    for key, (value, _) in zip(_keys(options), options):
        if text in (key, value):
            return value
    raise ValueError("choose one of: " + ", ".join(_keys(options)))
