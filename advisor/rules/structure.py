"""Strict structure checks for the knowledge-base YAML: unknown keys, types, paths."""

from __future__ import annotations

from typing import Any, Literal, overload

PathPart = str | int
YamlPath = tuple[PathPart, ...]


class StructureError(Exception):
    """A problem at a path inside one YAML document (the loader adds file and line)."""

    def __init__(self, path: YamlPath, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def closest(word: str, options: list[str] | tuple[str, ...]) -> str:
    """' (did you mean "x"?)' for the nearest option, or an empty string."""
    import difflib  # only when there is a mistake to name

    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f' (did you mean "{match[0]}"?)' if match else ""


def expect_mapping(
    value: Any,
    path: YamlPath,
    required: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Check that value is a mapping with exactly the allowed keys."""
    if not isinstance(value, dict):
        raise StructureError(path, f"expected a mapping, found {type_name(value)}")
    allowed = required + optional
    for key in value:
        if not isinstance(key, str):
            raise StructureError(path, f"keys must be text, found {key!r}")
        if key not in allowed:
            raise StructureError(path + (key,), f'unknown key "{key}"{closest(key, allowed)}')
    for key in required:
        if key not in value:
            raise StructureError(path, f'missing key "{key}"')
    return value


@overload
def expect_str(value: Any, path: YamlPath, allow_none: Literal[False] = False) -> str: ...
@overload
def expect_str(value: Any, path: YamlPath, allow_none: bool) -> str | None: ...
def expect_str(value: Any, path: YamlPath, allow_none: bool = False) -> str | None:
    if value is None and allow_none:
        return None
    if not isinstance(value, str) or not value.strip():
        raise StructureError(path, f"expected non-empty text, found {type_name(value)}")
    return value


def expect_list(value: Any, path: YamlPath) -> list[Any]:
    if not isinstance(value, list):
        raise StructureError(path, f"expected a list, found {type_name(value)}")
    return value


def expect_bool(value: Any, path: YamlPath) -> bool:
    if not isinstance(value, bool):
        raise StructureError(path, f"expected true or false, found {type_name(value)}")
    return value


def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f'text ("{value[:40]}")'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
