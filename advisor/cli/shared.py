"""What the subcommands share: exit codes, the one-line usage problem, loading the inputs."""

from __future__ import annotations

from typing import Any

EXIT_OK, EXIT_INVALID, EXIT_GATE, EXIT_INTERRUPTED = 0, 2, 3, 130


class UsageProblem(Exception):
    """A problem to report in one line with exit code 2."""


def knowledge(revalidate: bool = False) -> Any:
    """The shipped knowledge base; UsageProblem when it is broken (`revalidate`: see load_knowledge_base)."""
    from advisor.rules import KnowledgeError, load_knowledge_base

    try:
        return load_knowledge_base(revalidate=revalidate)
    except (KnowledgeError, FileNotFoundError) as exc:
        raise UsageProblem(f"the knowledge base is broken: {exc}") from None


def load_and_assess(file: str) -> tuple[Any, Any, dict[str, Any]]:
    """(knowledge base, assessment, raw answers) for an answers file; UsageProblem on bad input."""
    from advisor.engine import AnswersError, assess
    from advisor.engine.answers_file import AnswersFileError, describe_answers_error, read_answers

    kb = knowledge()
    try:
        data, text = read_answers(file)
    except AnswersFileError as exc:
        raise UsageProblem(str(exc)) from None
    try:
        return kb, assess(kb, data), data
    except AnswersError as exc:
        raise UsageProblem(describe_answers_error(exc, "<stdin>" if file == "-" else file, text, data)) from None
