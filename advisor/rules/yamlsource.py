"""Safe YAML reading with line numbers recovered only when an error needs one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is several times faster; the pure-Python loader behaves the same
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

PathPart = str | int


class YamlSyntaxError(Exception):
    """YAML that cannot be parsed; the message carries the line."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def parse_yaml(text: str) -> Any:
    """Parse text with the safe loader. Tags such as !!python/object are refused."""
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "invalid YAML"
        if exc.context and "python" not in problem:
            problem = f"{exc.context}: {problem}"
        raise YamlSyntaxError(" ".join(problem.split()), line) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(" ".join(str(exc).split()), None) from None


def line_of(text: str, path: tuple[PathPart, ...]) -> int | None:
    """1-based line where the value at `path` (mapping keys / list indexes) starts.

    For a path whose last key is absent, the line of the enclosing mapping is given.
    """
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def read_text_file(path: Path) -> str:
    """Read UTF-8 text; raise ValueError with a plain reason for binary content."""
    data = path.read_bytes()
    if b"\x00" in data:
        raise ValueError("this is a binary file, not YAML or JSON text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"the file is not UTF-8 text (bad byte at offset {exc.start})") from None
