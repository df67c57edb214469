"""Safe YAML reading: duplicate keys refused, numbers read as written, lines kept for errors.

:class:`StrictLoader` is the safe loader that refuses a key given twice in one
mapping (YAML would keep the last silently), naming both lines.
:class:`AnswersLoader` also refuses YAML 1.1's surprising numbers in answers files
(``0750000000`` is octal, ``12:30`` is 750, ``0x3`` and ``0b11``) and reads a
``version`` given as a number exactly as it was written (``3.10`` stays "3.10").
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from advisor.rules.structure import PathPart
from advisor.rules.visible import visible

try:  # libyaml is several times faster; the pure-Python loader behaves the same
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
STR_TAG = "tag:yaml.org,2002:str"
MAX_DIGITS = 100  # longer whole numbers are refused (Python will not even print 4,301 digits)
# Decimal; digit-group underscores only between groups of three digits (700_000_000), not 7_0_0.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:_[0-9]{3})+)\Z")
_TEXT_KEYS = ("version",)  # answers whose numbers mean exactly what was written


class YamlSyntaxError(Exception):
    """YAML that cannot be parsed; the message carries the line."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class JsonSyntaxError(YamlSyntaxError):
    """Text that is not valid JSON; the message carries the line."""


class TooDeep(YamlSyntaxError):
    """Containers nested deeper than the limit; `line` is where the limit is passed."""


def looks_like_json(text: str) -> bool:
    """A JSON answers file: the text starts with `{` (after white space)."""
    return text.lstrip(" \t\r\n").startswith("{")


class YamlValueError(YamlSyntaxError):
    """Well-formed YAML that is refused (a duplicate key, an ambiguous number); `key` names the entry."""

    def __init__(self, message: str, line: int | None, key: str | None = None) -> None:
        super().__init__(message, line)
        self.key = key


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class StrictLoader(_BaseLoader):
    """The safe loader, refusing a key that a mapping gives twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        seen: dict[tuple[str, str], yaml.Node] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                first = seen.setdefault((key_node.tag, key_node.value), key_node)
                if first is not key_node:
                    raise YamlValueError(
                        f"given twice, on lines {_line(first)} and {_line(key_node)}; keep one",
                        _line(key_node),
                        key_node.value,
                    )
            self.check_value(key_node, value_node)
        return super().construct_mapping(node, deep=deep)

    def check_value(self, key_node: yaml.Node, value_node: yaml.Node) -> None:
        """A hook for subclasses: look at one entry before it is built."""


class AnswersLoader(StrictLoader):
    """StrictLoader for answers files: whole numbers in plain decimal only; `version` as written."""

    def construct_document(self, node: yaml.Node) -> Any:
        # The top-level values read as text (found once: a check per number would be quadratic).
        self._text_values = (
            [value for key, value in node.value if isinstance(key, yaml.ScalarNode) and key.value in _TEXT_KEYS]
            if isinstance(node, yaml.MappingNode)
            else []
        )
        return super().construct_document(node)

    def check_value(self, key_node: yaml.Node, value_node: yaml.Node) -> None:
        if not isinstance(value_node, yaml.ScalarNode) or value_node.tag not in (INT_TAG, FLOAT_TAG):
            return
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        top_level = any(value is value_node for value in getattr(self, "_text_values", ()))
        if key in _TEXT_KEYS and top_level:
            value_node.tag = STR_TAG  # `version: 3.10` is "3.10", not 3.1
            return
        _check_number(value_node, key)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        _check_number(node, None)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        _check_number(node, None)
        return super().construct_yaml_float(node)


AnswersLoader.add_constructor(INT_TAG, AnswersLoader.construct_yaml_int)
AnswersLoader.add_constructor(FLOAT_TAG, AnswersLoader.construct_yaml_float)


def _check_number(node: yaml.ScalarNode, key: str | None) -> None:
    text = node.value
    digits = sum(char.isdigit() for char in text)
    if digits > MAX_DIGITS:
        raise YamlValueError(f"a number with {digits:,} digits is far too long", _line(node), key)
    if node.tag == FLOAT_TAG:
        if ":" in text or "_" in text:
            raise YamlValueError(f"write numbers in plain decimal digits; found {visible(text)}", _line(node), key)
        return
    if _PLAIN_INT.match(text):
        return
    lowered = text.lstrip("+-").lower()
    if ":" in text:
        why = " (YAML 1.1 reads it as a base-60 number)"
    elif lowered.startswith(("0x", "0b")):
        why = " (a hexadecimal or binary number)"
    elif lowered.startswith("0"):
        why = " (YAML 1.1 reads a leading 0 as an octal number)"
    elif "_" in text:
        why = " (underscores go only between groups of three digits, as in 700_000_000)"
    else:
        why = ""
    raise YamlValueError(f"write whole numbers in plain decimal digits; found {visible(text)}{why}", _line(node), key)


def _syntax_error(exc: yaml.YAMLError) -> YamlSyntaxError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "invalid YAML"
        if exc.context and "python" not in problem:
            problem = f"{exc.context}: {problem}"
        return YamlSyntaxError(" ".join(problem.split()), line)
    return YamlSyntaxError(" ".join(str(exc).split()), None)


def parse_yaml(text: str) -> Any:
    """Parse text with the strict safe loader. Tags such as !!python/object are refused."""
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None


def compose_answers(text: str) -> yaml.Node | None:
    """The node tree of an answers file (one parse; construct it with construct_answers).

    Aliases are refused first (see _refuse_aliases), so the tree is a tree.
    """
    _refuse_aliases(text)
    loader = AnswersLoader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None
    finally:
        loader.dispose()


def _refuse_aliases(text: str) -> None:
    """An answers file never needs an alias (`*name`): the first one is refused, at its line.

    Composing shares an aliased node, so ten nested aliases in 700 bytes make a graph that,
    walked as a tree, is 10**10 nodes. Only a text with a `*` is scanned (its events only).
    """
    if "*" not in text:
        return
    loader = _BaseLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise YamlValueError(
                    f"an alias (*{visible(event.anchor, 40)}) is not allowed in an answers file; write the value itself",
                    event.start_mark.line + 1 if event.start_mark is not None else None,
                )
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None
    finally:
        loader.dispose()


def construct_answers(node: yaml.Node | None) -> Any:
    """Python data from compose_answers' tree, with AnswersLoader's checks."""
    if node is None:
        return None
    loader = AnswersLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None
    finally:
        loader.dispose()


def line_of(text: str, path: tuple[PathPart, ...]) -> int | None:
    """1-based line where the value at `path` (mapping keys / list indexes) starts.

    For a path whose last key is absent, the line of the enclosing mapping is given.
    """
    try:
        node = yaml.compose(text, Loader=_BaseLoader)
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


# YAML that others wrote and the advisor only reads (a model card's front matter): limits far
# above any real one, so that no such text can cost more than a real one would.
TOLERANT_MAX_CHARS = 1024 * 1024
TOLERANT_MAX_DEPTH = 50
TOLERANT_MAX_NODES = 100_000  # values, counted with every alias expanded


def parse_tolerant_yaml(text: str) -> Any:
    """Parse YAML that others wrote, such as a model card's front matter, tolerantly.

    Tolerant: no key is unknown, and a key given twice keeps its last value (as PyYAML does).
    Safe and bounded all the same: only the safe loader's tags; and text longer than
    TOLERANT_MAX_CHARS, nesting deeper than TOLERANT_MAX_DEPTH, a value that contains itself,
    or more than TOLERANT_MAX_NODES values once aliases are expanded (a "billion laughs")
    is refused with YamlValueError, at its line.
    """
    if len(text) > TOLERANT_MAX_CHARS:
        raise YamlValueError(f"longer than {TOLERANT_MAX_CHARS:,} characters", None)
    loader = _BaseLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expanded_size(node)
        return loader.construct_document(node)
    except RecursionError:  # the pure-Python composer; libyaml stops at its own nesting limit
        raise YamlValueError(f"nested more than {TOLERANT_MAX_DEPTH} levels deep", None) from None
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None
    except ValueError as exc:  # a value the safe constructor cannot build, such as the date 2023-02-30
        raise YamlValueError(f"a value that cannot be read ({exc})", None) from None
    finally:
        loader.dispose()


def _check_expanded_size(root: yaml.Node) -> None:
    """Refuse a node graph that is too deep, refers to itself, or is too large with aliases expanded.

    Each node is walked once (an aliased node is shared), without recursion.
    """
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    open_nodes: set[int] = set()
    pending: list[tuple[yaml.Node, bool]] = [(root, False)]
    while pending:
        node, children_done = pending.pop()
        key = id(node)
        children = _children(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            heights[key] = 1 + max((heights[id(child)] for child in children), default=0)
            if heights[key] > TOLERANT_MAX_DEPTH:
                raise YamlValueError(f"nested more than {TOLERANT_MAX_DEPTH} levels deep", _line(node))
            if sizes[key] > TOLERANT_MAX_NODES:
                raise YamlValueError(
                    f"more than {TOLERANT_MAX_NODES:,} values once its aliases are expanded", _line(node)
                )
        elif key in open_nodes:
            raise YamlValueError("a value that contains itself (through an alias)", _line(node))
        elif key not in sizes:
            open_nodes.add(key)
            pending.append((node, True))
            pending.extend((child, False) for child in children if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
