"""Read and write answers files (YAML or JSON), with one-line errors that name the place.

Reading parses the text once (a node tree, kept for the lines of later errors), after
a size check: an answers file is a few hundred bytes, and standard input is read
with the same limit. User text in errors is escaped and shortened.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from advisor.engine.answers_format import OLD_TRAINING_KEY, TRAINING_KEY
from advisor.engine.errors import AnswersError
from advisor.model import ANSWERS_FORMAT, KnowledgeBase
from advisor.rules.visible import one_line, visible
from advisor.rules.yamlsource import (
    JsonSyntaxError,
    TooDeep,
    YamlSyntaxError,
    YamlValueError,
    compose_answers,
    construct_answers,
    line_of,
    looks_like_json,
)

MAX_DEPTH = 50  # an answers file is a flat mapping; a few levels allow lists
MAX_BYTES = 1024 * 1024  # a thousand times any real answers file
NAME_LIMIT = 200  # characters of a file name shown in an error
NESTED = f"nested more than {MAX_DEPTH} levels deep; an answers file is a flat mapping"


class AnswersFileError(Exception):
    """An answers file could not be used; str() is one line naming the file (and line).

    `name` is the file as errors show it (escaped), `line` the line of the problem when
    there is one, and `problem` what is wrong (one escaped line, lower case).
    """

    def __init__(self, name: str, problem: str, line: int | None = None) -> None:
        where = f"{name}:{line}" if line else name
        super().__init__(one_line(f"{where}: {problem}"))
        self.name = name
        self.problem = one_line(problem)
        self.line = line


class AnswersText(str):
    """The text of an answers file, with the line of each top-level key (no second parse)."""

    key_lines: dict[str, int]


def source_name(source: str) -> str:
    """How errors name an answers file ('-' is standard input)."""
    return "<stdin>" if source == "-" else visible(source, NAME_LIMIT)


def read_answers(source: str) -> tuple[Any, str]:
    """Parse an answers file ('-' = standard input); return (data, text)."""
    name = source_name(source)
    try:
        text = _decode(_read_limited(source, name))
    except FileNotFoundError:
        raise AnswersFileError(name, "no such file") from None
    except PermissionError:
        raise AnswersFileError(name, "permission denied") from None
    except IsADirectoryError:
        raise AnswersFileError(name, "is a folder, not an answers file") from None
    except OSError as exc:
        raise AnswersFileError(name, f"cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise AnswersFileError(name, str(exc)) from None
    if not text.strip():
        raise AnswersFileError(name, "the file is empty; it needs a mapping such as 'version: \"3.1\"'")
    try:
        node = _compose(text)
        deep = _too_deep_line(node)
        if deep is not None:
            raise TooDeep("nested", deep)
        data = construct_answers(node)
    except RecursionError:
        raise AnswersFileError(name, NESTED, 1) from None
    except YamlValueError as exc:
        problem = f"{visible(exc.key)}: {exc}" if exc.key is not None else str(exc)
        raise AnswersFileError(name, problem, exc.line) from None
    except TooDeep as exc:
        raise AnswersFileError(name, NESTED, exc.line or 1) from None
    except YamlSyntaxError as exc:
        if "nesting depth" in str(exc):
            raise AnswersFileError(name, NESTED, exc.line or 1) from None
        raise AnswersFileError(name, f"not valid YAML or JSON: {exc}", exc.line) from None
    result = AnswersText(text)
    result.key_lines = _key_lines(node)
    return data, result


def _compose(text: str) -> yaml.Node | None:
    """The node tree of an answers file: JSON (it starts with `{`) read as JSON, else YAML.

    Text that starts with `{` but is not JSON may still be a YAML flow mapping (unquoted
    keys): it is read as YAML when it is that, and otherwise the JSON error is given.
    """
    if not looks_like_json(text):
        return compose_answers(text)
    from advisor.rules.jsonsource import compose_json  # the json module only for a JSON file

    try:
        return compose_json(text, MAX_DEPTH)
    except JsonSyntaxError as json_error:
        try:
            return compose_answers(text)
        except YamlValueError:
            raise
        except YamlSyntaxError:
            raise json_error from None


def _read_limited(source: str, name: str) -> bytes:
    if source == "-":
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            raise OSError(9, "standard input is closed")
        raw = stream.read(MAX_BYTES + 1)
    else:
        path = Path(source)
        if path.is_dir():
            raise IsADirectoryError(21, "is a folder", source)
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValueError(
            f"larger than {MAX_BYTES // 1024 // 1024} MiB, the limit for an answers file (real ones are a few hundred bytes)"
        )
    return raw


def _decode(raw: bytes) -> str:
    if b"\x00" in raw:
        raise ValueError("this is binary data, not YAML or JSON text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (bad byte at offset {exc.start})") from None


def _too_deep_line(node: yaml.Node | None) -> int | None:
    """The line where nesting passes MAX_DEPTH (walked without recursion, each node once).

    Aliases are refused before (so the nodes form a tree); a node reached again is not
    walked again all the same, so a shared one can never multiply the work.
    """
    pending = [(node, 0)] if node is not None else []
    seen: set[int] = set()
    while pending:
        current, depth = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, (yaml.MappingNode, yaml.SequenceNode)):
            if depth >= MAX_DEPTH:
                return current.start_mark.line + 1
            children = (
                current.value if isinstance(current, yaml.SequenceNode) else [v for pair in current.value for v in pair]
            )
            pending.extend((child, depth + 1) for child in children)
    return None


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            lines.setdefault(key_node.value, key_node.start_mark.line + 1)
    return lines


def describe_answers_error(error: AnswersError, name: str, text: str, data: Any) -> str:
    """'FILE:LINE: key: message' for an AnswersError raised on that file's answers.

    The line is given when the offending key is in the file (not for a missing key).
    """
    line = None
    if error.key and isinstance(data, dict) and error.key in data:
        known = getattr(text, "key_lines", None)
        line = known.get(error.key) if known is not None else line_of(text, (error.key,))
    shown = name if name == "<stdin>" else visible(name, NAME_LIMIT)
    where = f"{shown}:{line}" if line else shown
    message = f"{visible(error.key)}: {error.message}" if error.key else error.message
    return one_line(f"{where}: {message}")


META_COMMENTS = {
    "complete": "Not finished: open it in the advisor to answer the remaining questions",
    "obligations_done": "Obligations ticked as done",
    "report_details": "Details printed on reports",
}


LINEAGE_COMMENTS = {
    "lineage": "Other Llama versions this product or model takes from (version, takes: outputs, weights or code_or_tokenizer)",
    "other_parents": "Parent models that are not Llama: their own licenses apply, and the advisor does not assess them",
}


def dump_answers(
    kb: KnowledgeBase, answers: dict[str, Any], meta: dict[str, Any] | None = None, answers_format: int = ANSWERS_FORMAT
) -> str:
    """YAML text of answers, keys in interview order, with the question as a comment.

    The file starts with `format: 3`, so later versions read it with today's meaning; a
    lineage (`lineage`, `other_parents` in answers) comes last, one entry a line group.
    `meta` holds the file's own optional keys (complete, obligations_done, report_details).
    """
    lines = ["# Llama License Advisor answers file (see `llama-advisor questions`)"]
    if answers_format == 1:  # the answers of a v0.1.0 file, as it gave them: read with its meaning
        lines.append("# No format key: read as a v0.1.0 file, as the file these answers came from")
    else:
        lines.append("# Answers-file format (a file without it is read as a v0.1.0 file)")
        lines.append(f"format: {answers_format}")
    for key, comment in META_COMMENTS.items():
        if meta and key in meta and meta[key] not in (None, [], {}):
            dumped = yaml.safe_dump({key: meta[key]}, allow_unicode=True, default_flow_style=True, width=10_000)
            lines.append(f"# {comment}")
            lines.append(dumped.strip()[1:-1].strip())
    for question in kb.questions:
        if question.id == TRAINING_KEY and OLD_TRAINING_KEY in answers:
            lines.append(f"# {question.label} (the v0.1.0 question)")
            lines.append(f"{OLD_TRAINING_KEY}: {'true' if answers[OLD_TRAINING_KEY] else 'false'}")
        if question.id not in answers:
            continue
        value = answers[question.id]
        if isinstance(value, tuple):
            value = list(value)
        dumped = yaml.safe_dump({question.id: value}, allow_unicode=True, default_flow_style=True, width=10_000)
        lines.append(f"# {question.label}")
        lines.append(dumped.strip()[1:-1].strip())
    for key, comment in LINEAGE_COMMENTS.items():
        if answers.get(key):
            entries = [dict(entry) for entry in answers[key]]
            lines.append(f"# {comment}")
            lines.append(yaml.safe_dump({key: entries}, allow_unicode=True, sort_keys=False, width=10_000).rstrip())
    return "\n".join(lines) + "\n"
