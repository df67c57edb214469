"""The model card (README.md): YAML front matter with line numbers, title and body."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$")


class Card(NamedTuple):
    meta: dict[str, Any]
    meta_lines: dict[str, int]  # front-matter key -> 1-based line in README.md
    title: str | None
    title_line: int | None
    body_start: int  # 1-based line where the body (after the front matter) begins
    lines: tuple[str, ...]
    problem: str | None = None  # front matter that could not be read


def read_card(text: str) -> Card:
    lines = tuple(text.splitlines())
    meta: dict[str, Any] = {}
    meta_lines: dict[str, int] = {}
    body_start, problem = 1, None
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            block = "\n".join(lines[1:end])
            body_start = end + 2
            try:
                from advisor.rules.yamlsource import parse_tolerant_yaml  # the advisor's one YAML reader

                loaded = parse_tolerant_yaml(block) or {}
            except Exception as exc:  # any YAML error: report it, keep checking the rest
                problem = f"front matter is not valid YAML ({str(exc).splitlines()[0]})"
                loaded = {}
            if isinstance(loaded, dict):
                meta = {str(k): v for k, v in loaded.items()}
            for number in range(1, end):
                key = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[number])
                if key:
                    meta_lines.setdefault(key.group(1), number + 1)
    title, title_line = None, None
    for number in range(body_start, len(lines) + 1):
        match = _TITLE.match(lines[number - 1])
        if match:
            title, title_line = _strip_markup(match.group(1)), number
            break
    return Card(meta, meta_lines, title, title_line, body_start, lines, problem)


def _strip_markup(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("**", "").replace("`", "").strip()


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def line_of_value(card: Card, key: str, value: str) -> int | None:
    """The line of `value` under front-matter `key` (list items sit on their own lines)."""
    start = card.meta_lines.get(key)
    if start is None:
        return None
    for number in range(start, min(start + 50, len(card.lines)) + 1):
        if value in card.lines[number - 1]:
            return number
    return start
