"""Escaping for the Markdown documents, so that no text can change their structure.

Every value a Markdown template prints goes through :func:`finalize` (the Jinja
environment's ``finalize`` hook), which escapes it unless the template marked it as
already-safe Markdown (:class:`MarkdownSafe`, made by the :func:`code` filter). This
is the Markdown counterpart of HTML autoescaping: user-given fields such as
``<script>alert(1)</script>``, ``{{ 7*7 }}`` or ``**bold**`` and the verbatim
quotes from the license texts show literally in the Markdown, the HTML and the PDF.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from typing import Any

# Characters Python-Markdown (with the tables extension) unescapes after a backslash.
_BACKSLASHED = frozenset("\\`*_[]#|!")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(?:([-+])|(\d+)([.)]))(?= |$)")
# Explicit bidi controls: embeddings, overrides, isolates and the directional marks.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0 and C1 controls but tab and newline; the invisible zero-width space, word joiner and
# byte-order mark; the invisible tag characters; the noncharacters U+FFFE and U+FFFF and
# lone surrogates (which no XML, so no Word file, may hold).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2060\ufeff\ufffe\uffff\ud800-\udfff\U000e0000-\U000e007f]")
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


class MarkdownSafe(str):
    """Markdown that a template built on purpose; printed as it is."""

    __slots__ = ()


def strip_bidi(text: str) -> str:
    """`text` without bidi controls, so it cannot reorder the text around it, and without
    control characters other than tab and newline, which no report prints raw."""
    return _BIDI_CONTROLS.sub("", _CONTROLS.sub("", text))


def isolate(text: str) -> str:
    """`text` without bidi controls and, if it has right-to-left letters, in a first-strong
    isolate: it keeps its own direction and cannot reorder the document's own words."""
    text = strip_bidi(text)
    if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
        return FIRST_STRONG_ISOLATE + text + POP_DIRECTIONAL_ISOLATE
    return text


def escape_markdown(value: Any) -> str:
    """Inline Markdown that displays `value` literally, on one line.

    Whitespace runs (newlines included) become one space, because the documents
    show every value inline. ``<`` and ``>`` become entities, which every Markdown
    reader displays as the characters and never as tags.
    """
    return _escape_line_start(_escape_chars(isolate(" ".join(str(value).split()))))


def _escape_chars(text: str) -> str:
    """`text` with every character Markdown could read as markup escaped (spaces kept as they are)."""
    text = _ENTITY_LIKE.sub("&amp;", text)
    out: list[str] = []
    for char in text:
        if char in _BACKSLASHED:
            out.append("\\" + char)
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        else:
            out.append(char)
    return "".join(out)


def _escape_line_start(escaped: str) -> str:
    """A value that starts a line must not start a bullet or numbered list: escape its marker."""
    match = _LINE_START.match(escaped)
    if match and match.group(1):
        return "\\" + escaped
    if match:
        return match.group(2) + "\\" + escaped[len(match.group(2)) :]
    return escaped


def finalize(value: Any) -> Any:
    """Jinja ``finalize`` hook: escape everything printed that is not MarkdownSafe."""
    if isinstance(value, MarkdownSafe):
        return value
    if value is None:
        raise ValueError("a template printed None; it must choose what to show instead")
    return escape_markdown(value)


def code(value: Any) -> MarkdownSafe:
    """A Markdown code span holding `value` literally (fenced with enough backticks)."""
    text = isolate(" ".join(str(value).split()))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return MarkdownSafe(f"{fence}{padding}{text}{padding}{fence}")


def code_block(value: Any) -> MarkdownSafe:
    """An indented Markdown code block holding `value` literally, line by line."""
    lines = strip_bidi(str(value)).rstrip("\n").split("\n")
    return MarkdownSafe("\n".join(("    " + line) if line.strip() else "" for line in lines))


def strong(value: Any) -> MarkdownSafe:
    """`value` in bold: escaped, unless it is MarkdownSafe already."""
    return MarkdownSafe(f"**{value if isinstance(value, MarkdownSafe) else escape_markdown(value)}**")


class MarkdownWording:
    """wording.yaml's texts for a Markdown template: ``say("group.key", name=value)`` is the
    text with its placeholders filled in, every character of it escaped but those of a
    MarkdownSafe value (a code span, a bold phrase), which stay as they are."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = texts

    def __call__(self, key: str, **values: Any) -> MarkdownSafe:
        out: list[str] = []
        for literal, name, _, _ in string.Formatter().parse(self._texts[key]):
            out.append(_escape_chars(literal))
            if name is not None:
                value = values[name]
                safe = isinstance(value, MarkdownSafe)
                out.append(value if safe else _escape_chars(isolate(" ".join(str(value).split()))))
        return MarkdownSafe(_escape_line_start("".join(out)))


def tidy_markdown(text: str) -> str:
    """At most one blank line in a row, and exactly one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
