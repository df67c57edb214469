"""JSON answers files read as JSON, into the node tree a YAML answers file gives.

YAML 1.1 is not quite a superset of JSON: PyYAML refuses a surrogate-pair escape such as
``\\ud83d\\ude00``, which Python's ``json.dumps`` writes for every emoji by default. So
a file that starts with ``{`` is read with the json module's own string decoder
(:func:`json.decoder.scanstring`) and JSON's number grammar, and each value becomes a
YAML node with its line: the duplicate keys, the number rules, the nesting limit and the
line-numbered errors are then exactly those of a YAML file (see construct_answers).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable

import yaml

from advisor.rules.visible import visible
from advisor.rules.yamlsource import (
    FLOAT_TAG,
    INT_TAG,
    STR_TAG,
    JsonSyntaxError,
    TooDeep,
    YamlValueError,
)

BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")  # JSON's grammar, ASCII digits
_LITERALS = (("true", BOOL_TAG), ("false", BOOL_TAG), ("null", NULL_TAG))
_SURROGATE = re.compile("[\ud800-\udfff]")
# The json module's own string decoder (its C version where there is one): escapes, surrogate pairs.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def compose_json(text: str, max_depth: int) -> yaml.Node:
    """The node tree of a JSON text; JsonSyntaxError, TooDeep or YamlValueError (a lone surrogate)."""
    return _Reader(text, max_depth).document()


class _Reader:
    def __init__(self, text: str, max_depth: int) -> None:
        self.text = text
        self.max_depth = max_depth
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def line(self, pos: int) -> int:
        """0-based line of a position (as yaml marks count)."""
        return bisect.bisect_right(self.line_starts, pos) - 1

    def mark(self, pos: int) -> yaml.Mark:
        line = self.line(pos)
        return yaml.Mark("<json>", pos, line, pos - self.line_starts[line], None, 0)

    def fail(self, message: str, pos: int) -> JsonSyntaxError:
        return JsonSyntaxError(message, self.line(pos) + 1)

    def skip(self, pos: int) -> int:
        found = _SPACE.match(self.text, pos)
        return found.end() if found else pos

    def document(self) -> yaml.Node:
        node, pos = self.value(self.skip(0), 0)
        pos = self.skip(pos)
        if pos != len(self.text):
            raise self.fail("extra data after the JSON object", pos)
        return node

    def value(self, pos: int, depth: int) -> tuple[yaml.Node, int]:
        char = self.text[pos : pos + 1]
        if char == '"':
            text, end = self.string(pos)
            return yaml.ScalarNode(STR_TAG, text, self.mark(pos), self.mark(end), style='"'), end
        if char in ("{", "["):
            if depth >= self.max_depth:
                raise TooDeep("nested", self.line(pos) + 1)
            return self.mapping(pos, depth) if char == "{" else self.sequence(pos, depth)
        for word, tag in _LITERALS:
            if self.text.startswith(word, pos):
                end = pos + len(word)
                return yaml.ScalarNode(tag, word, self.mark(pos), self.mark(end)), end
        number = _NUMBER.match(self.text, pos)
        if number is None:
            raise self.fail("expecting a value", pos)
        tag = FLOAT_TAG if number.group(1) or number.group(2) else INT_TAG
        return yaml.ScalarNode(tag, number.group(), self.mark(pos), self.mark(number.end())), number.end()

    def string(self, pos: int) -> tuple[str, int]:
        try:
            text, end = _scanstring(self.text, pos + 1, True)
        except json.JSONDecodeError as exc:
            raise JsonSyntaxError(exc.msg, exc.lineno) from None
        lone = _SURROGATE.search(text)
        if lone is not None:
            raise YamlValueError(
                f"{visible(lone.group())} is half of a surrogate pair, not a character", self.line(pos) + 1
            )
        return text, end

    def mapping(self, start: int, depth: int) -> tuple[yaml.Node, int]:
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        pos = self.skip(start + 1)
        if self.text.startswith("}", pos):
            return yaml.MappingNode(MAP_TAG, pairs, self.mark(start), self.mark(pos + 1), flow_style=True), pos + 1
        while True:
            if not self.text.startswith('"', pos):
                raise self.fail("expecting a key in double quotes", pos)
            key, end = self.string(pos)
            key_node = yaml.ScalarNode(STR_TAG, key, self.mark(pos), self.mark(end), style='"')
            pos = self.skip(end)
            if not self.text.startswith(":", pos):
                raise self.fail("expecting ':' after a key", pos)
            value_node, pos = self.value(self.skip(pos + 1), depth + 1)
            pairs.append((key_node, value_node))
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos = self.skip(pos + 1)
            elif self.text.startswith("}", pos):
                return yaml.MappingNode(MAP_TAG, pairs, self.mark(start), self.mark(pos + 1), flow_style=True), pos + 1
            else:
                raise self.fail("expecting ',' or '}'", pos)

    def sequence(self, start: int, depth: int) -> tuple[yaml.Node, int]:
        items: list[yaml.Node] = []
        pos = self.skip(start + 1)
        if self.text.startswith("]", pos):
            return yaml.SequenceNode(SEQ_TAG, items, self.mark(start), self.mark(pos + 1), flow_style=True), pos + 1
        while True:
            item, pos = self.value(pos, depth + 1)
            items.append(item)
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos = self.skip(pos + 1)
            elif self.text.startswith("]", pos):
                return yaml.SequenceNode(SEQ_TAG, items, self.mark(start), self.mark(pos + 1), flow_style=True), pos + 1
            else:
                raise self.fail("expecting ',' or ']'", pos)
