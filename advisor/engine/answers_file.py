"""Read and write answers files (YAML or JSON), with one-line errors that name the place."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from advisor.engine.errors import AnswersError
from advisor.model import KnowledgeBase
from advisor.rules.yamlsource import SafeLoader, YamlSyntaxError, line_of, parse_yaml, read_text_file

# An answers file is a flat mapping; a few levels allow lists. The C composer recurses once
# per level and crashes the process (no exception) at some tens of thousands of levels.
MAX_DEPTH = 50


class AnswersFileError(Exception):
    """An answers file could not be used; str() is one line naming the file (and line)."""


def read_answers(source: str) -> tuple[Any, str]:
    """Parse an answers file ('-' = standard input); return (data, text)."""
    name = "<stdin>" if source == "-" else source
    try:
        if source == "-":
            raw = sys.stdin.buffer.read()
            path = None
        else:
            path = Path(source)
            if path.is_dir():
                raise AnswersFileError(f"{name}: is a folder, not an answers file")
            raw = None
        text = _decode(raw) if raw is not None else read_text_file(path)  # type: ignore[arg-type]
    except FileNotFoundError:
        raise AnswersFileError(f"{name}: no such file") from None
    except PermissionError:
        raise AnswersFileError(f"{name}: permission denied") from None
    except OSError as exc:
        raise AnswersFileError(f"{name}: cannot read ({exc.strerror})") from None
    except ValueError as exc:
        raise AnswersFileError(f"{name}: {exc}") from None
    if not text.strip():
        raise AnswersFileError(f"{name}: the file is empty; it needs a mapping such as 'version: \"3.1\"'")
    too_deep = _too_deep_line(text)
    if too_deep is not None:
        raise AnswersFileError(
            f"{name}:{too_deep}: nested more than {MAX_DEPTH} levels deep; an answers file is a flat mapping"
        )
    try:
        data = parse_yaml(text)
    except YamlSyntaxError as exc:
        where = f"{name}:{exc.line}" if exc.line else name
        raise AnswersFileError(f"{where}: not valid YAML or JSON: {exc}") from None
    return data, text


def _too_deep_line(text: str) -> int | None:
    """The line where nesting passes MAX_DEPTH, found with the (iterative) event parser."""
    if len(text) <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # parse_yaml reports it with its line
    return None


def _decode(raw: bytes) -> str:
    if b"\x00" in raw:
        raise ValueError("this is binary data, not YAML or JSON text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (bad byte at offset {exc.start})") from None


def describe_answers_error(error: AnswersError, name: str, text: str, data: Any) -> str:
    """'FILE:LINE: key: message' for an AnswersError raised on that file's answers.

    The line is given when the offending key is in the file (not for a missing key).
    """
    line = None
    if error.key and isinstance(data, dict) and error.key in data:
        line = line_of(text, (error.key,))
    where = f"{name}:{line}" if line else name
    return f"{where}: {error}"


def dump_answers(kb: KnowledgeBase, answers: dict[str, Any]) -> str:
    """YAML text of answers, keys in interview order, with the question as a comment."""
    lines = ["# Llama License Advisor answers file (see `llama-advisor questions`)"]
    for question in kb.questions:
        if question.id not in answers:
            continue
        value = answers[question.id]
        if isinstance(value, tuple):
            value = list(value)
        dumped = yaml.safe_dump({question.id: value}, allow_unicode=True, default_flow_style=True, width=10_000)
        lines.append(f"# {question.label}")
        lines.append(dumped.strip()[1:-1].strip())
    return "\n".join(lines) + "\n"
