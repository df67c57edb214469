"""Assess many answers files (or mappings) in one go: one outcome each, a bad one never stops the rest."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from advisor.engine.answers_file import AnswersFileError, describe_answers_error, read_answers, source_name
from advisor.engine.answers_format import implicit_format
from advisor.engine.assessing import assess
from advisor.engine.errors import AnswersError
from advisor.model import Assessment, KnowledgeBase
from advisor.rules.visible import one_line, visible

STDIN = "-"
STDIN_TAKEN = "standard input was read already (it holds the list of files, or an earlier -)"


class Outcome(NamedTuple):
    """The result for one answers file or mapping: an assessment, or the one-line error.

    `path` is the file as given (None for a mapping). `to_dict()` is the line that
    `llama-advisor assess --json` prints for it when given several files.
    """

    path: str | None
    assessment: Assessment | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        head: dict[str, Any] = {} if self.path is None else {"path": self.path}
        if self.assessment is None:
            return {**head, "error": self.error}
        return {**head, **self.assessment.to_dict()}


def assess_path(kb: KnowledgeBase, source: str) -> Outcome:
    """Read and assess one answers file ('-' is standard input); bad input is the outcome's error."""
    try:
        data, text = read_answers(source)
    except AnswersFileError as exc:
        return Outcome(source, error=str(exc))
    try:
        return Outcome(source, assess(kb, data))
    except AnswersError as exc:
        return Outcome(source, error=describe_answers_error(exc, source_name(source), text, data))


def assess_mapping(kb: KnowledgeBase, answers: Mapping[str, Any]) -> Outcome:
    """Assess an answers mapping as advisor.assess does (today's format unless it says otherwise)."""
    try:
        return Outcome(None, assess(kb, {"format": implicit_format(answers), **answers}))
    except AnswersError as exc:
        message = f"{visible(exc.key)}: {exc.message}" if exc.key else exc.message
        return Outcome(None, error=one_line(message))


def assess_each(
    kb: KnowledgeBase, items: Iterable[Mapping[str, Any] | str | os.PathLike[str]], stdin: bool = True
) -> Iterator[Outcome]:
    """An outcome for each item, in order: an answers mapping, or the path of an answers file.

    Standard input ('-') is read for the first '-' (unless `stdin` is False: the caller
    has read it); any other '-' is that item's error. Raises TypeError for an item that
    is neither a mapping nor a path.
    """
    stdin_read = not stdin
    for item in items:
        if isinstance(item, Mapping):
            yield assess_mapping(kb, item)
            continue
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"assess_many takes answers mappings or paths, not {type(item).__name__}")
        source = os.fsdecode(item)
        if source == STDIN:
            if stdin_read:
                yield Outcome(source, error=f"{source_name(source)}: {STDIN_TAKEN}")
                continue
            stdin_read = True
        yield assess_path(kb, source)
