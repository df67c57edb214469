"""Engine messages as the desktop app shows them: a sentence that starts with a capital
letter, naming the question by its label (the file's key comes second, for fixing the file)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.engine.errors import AnswersError
from advisor.model import KnowledgeBase

if TYPE_CHECKING:
    from advisor.engine.answers_file import AnswersFileError


def sentence(message: str) -> str:
    """`message` with a capital first letter and a full stop (engine messages are lower-case
    clauses, made to follow "llama-advisor: " or "FILE:LINE: key: ")."""
    text = " ".join(message.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!", "”", '"', ")")) else text + "."


def answers_file_problem(kb: KnowledgeBase, error: AnswersError, path: str, text: Any, data: Any) -> str:
    """Why an answers file cannot be opened: the problem, the question, and where in the file."""
    from advisor.rules.visible import visible
    from advisor.rules.yamlsource import line_of

    name = visible(Path(path).name, 80)
    key = error.key or ""
    line = None
    if key and isinstance(data, dict) and key in data:
        known = getattr(text, "key_lines", None)
        line = known.get(key) if known is not None else line_of(text, (key,))
    where = f"{name}, line {line}" if line else name
    labels = {question.id: question.label for question in kb.questions}
    if key in labels:
        return f"{sentence(error.message)}\n\nQuestion: {labels[key]} (“{key}” in {where})."
    if key:
        return f"{sentence(error.message)}\n\nIn {where}, at “{visible(key, 80)}”."
    return f"{sentence(error.message)}\n\nIn {where}."


def file_problem(error: AnswersFileError, path: str) -> str:
    """Why a file cannot be read, as a sentence, and where (the file's name and the line)."""
    from advisor.rules.visible import visible

    name = visible(Path(path).name, 80)
    if not name:
        return sentence(str(error))
    where = f"{name}, line {error.line}" if error.line else name
    return f"{sentence(error.problem)}\n\nIn {where}."
