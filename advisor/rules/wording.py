"""Load wording.yaml: the advisor's own headings and sentences, checked for placeholders."""

from __future__ import annotations

import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from advisor.rules.structure import StructureError, YamlPath, closest, expect_mapping, expect_str

WORDING_PLACEHOLDERS = (
    "version_name",
    "agreement_title",
    "use_policy_title",
    "release_date",
    "count",
    "total",
    "title",
    "label",
    "value",
    "advisor",
    "generated",
    "ruleset_version",
    "ruleset_sha256",
    "command",
    "path",
    "file",
    "detail",
    "expected",
    "found",
    "parts",
    "prefix",
    "name",
    "versions",
    "others",
    "url",
    "address",
    "policy",
    "suggestion",
    "reason",
    "other",
    "phrase",
    "line",
    "where",
    "kind",
    "verdict",
    "product_trigger",
    "permitted",
    "license_required",
    "prohibited",
    "number",
    "version",
    "takes",
)
"""The names a wording text may use in {braces}; the advisor fills each one in."""


def placeholders_of(text: str) -> list[str]:
    """The {names} a text uses, in order (raises ValueError on a malformed brace)."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def _any_keys(raw: Any, path: YamlPath) -> dict[str, Any]:
    """A mapping whose keys are text (any names)."""
    if not isinstance(raw, dict):
        return expect_mapping(raw, path)  # raises: not a mapping
    return expect_mapping(raw, path, optional=tuple(str(key) for key in raw))


def load_wording(raw: Any) -> Mapping[str, str]:
    """wording.yaml as one read-only mapping of "group.key" to its text."""
    groups = _any_keys(raw, ())
    flat: dict[str, str] = {}
    for group, entries in groups.items():
        group_path: YamlPath = (str(group),)
        for key, value in _any_keys(entries, group_path).items():
            path: YamlPath = (str(group), str(key))
            text = " ".join(expect_str(value, path).split())
            try:
                names = placeholders_of(text)
            except ValueError as exc:
                raise StructureError(path, f"bad placeholder: {exc}") from None
            for name in names:
                if name not in WORDING_PLACEHOLDERS:
                    raise StructureError(path, f'unknown placeholder "{{{name}}}"{closest(name, WORDING_PLACEHOLDERS)}')
            flat[f"{group}.{key}"] = text
    return MappingProxyType(flat)


def say(wording: Mapping[str, str], key: str, **values: object) -> str:
    """wording.yaml's text for "group.key", with its {placeholders} filled in from `values`."""
    text = wording[key]
    return text.format(**values) if values else text
