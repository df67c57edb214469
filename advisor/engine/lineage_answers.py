"""Read the `lineage` and `other_parents` lists of a format-3 answers file (their shape only).

Whether each version exists, and what it needs answered, is checked when it is assessed
(advisor.engine.lineage), where the knowledge base is at hand.
"""

from __future__ import annotations

from typing import Any

from advisor.engine.errors import AnswersError
from advisor.model import LINEAGE_TAKES, LineageEntry, OtherParent
from advisor.rules.visible import visible

LINEAGE_KEY = "lineage"
OTHER_PARENTS_KEY = "other_parents"
ENTRY_FIELDS = ("version", "takes", "ships_copies", "multimodal", "access", "mau")
ACCESS_VALUES = ("own_copy", "hosted_api")
PARENT_FIELDS = ("name", "license")
MAX_ENTRIES = 50  # a lineage names a few versions; seven exist
TEXT_LIMIT = 300  # characters of a parent's name or licence id


def read_lineage(raw: Any) -> tuple[LineageEntry, ...]:
    """The lineage entries of a file (None: none). Raises AnswersError naming the entry."""
    items = _list(raw, LINEAGE_KEY)
    entries: list[LineageEntry] = []
    for number, item in enumerate(items, 1):
        where = f"entry {number}"
        fields = _mapping(item, LINEAGE_KEY, where, ENTRY_FIELDS)
        version = fields.get("version")
        if isinstance(version, (int, float)) and not isinstance(version, bool):
            version = str(version)  # `version: 3.1` written without quotes
        if not isinstance(version, str) or not version:
            raise AnswersError(f'{where}: give the version, for example version: "3.3"', LINEAGE_KEY)
        takes = fields.get("takes")
        if takes not in LINEAGE_TAKES:
            raise AnswersError(f"{where}: takes must be one of {', '.join(LINEAGE_TAKES)}", LINEAGE_KEY)
        flags = {}
        for name in ("ships_copies", "multimodal"):
            value = fields.get(name)
            if value is not None and not isinstance(value, bool):
                raise AnswersError(f"{where}: {name} must be true or false", LINEAGE_KEY)
            flags[name] = value
        access = fields.get("access")
        if access is not None and access not in ACCESS_VALUES:
            raise AnswersError(f"{where}: access must be one of {', '.join(ACCESS_VALUES)}", LINEAGE_KEY)
        mau = fields.get("mau")  # checked as the user-count question checks it, when the entry is assessed
        if isinstance(mau, (bool, float, list, dict)):
            raise AnswersError(f"{where}: mau must be a whole number or one of the words it offers", LINEAGE_KEY)
        entry = LineageEntry(version, str(takes), flags["ships_copies"], flags["multimodal"], access, mau)
        if any(earlier.version == entry.version and earlier.takes == entry.takes for earlier in entries):
            raise AnswersError(f"{where}: version {version} with takes: {takes} is listed twice", LINEAGE_KEY)
        entries.append(entry)
    return tuple(entries)


def read_other_parents(raw: Any) -> tuple[OtherParent, ...]:
    """The non-Llama parents of a file (None: none). Raises AnswersError naming the entry."""
    parents: list[OtherParent] = []
    for number, item in enumerate(_list(raw, OTHER_PARENTS_KEY), 1):
        where = f"entry {number}"
        fields = _mapping(item, OTHER_PARENTS_KEY, where, PARENT_FIELDS)
        texts = {}
        for name in PARENT_FIELDS:
            value = fields.get(name)
            if not isinstance(value, str) or not value.strip():
                raise AnswersError(f"{where}: give the {name} as text", OTHER_PARENTS_KEY)
            if len(value) > TEXT_LIMIT:
                raise AnswersError(f"{where}: the {name} is longer than {TEXT_LIMIT} characters", OTHER_PARENTS_KEY)
            texts[name] = value.strip()
        parents.append(OtherParent(texts["name"], texts["license"]))
    return tuple(parents)


def _list(raw: Any, key: str) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise AnswersError("expected a list of entries", key)
    if len(raw) > MAX_ENTRIES:
        raise AnswersError(f"more than {MAX_ENTRIES} entries", key)
    return raw


def _mapping(item: Any, key: str, where: str, fields: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise AnswersError(f"{where}: expected a mapping with {', '.join(fields)}", key)
    for name in item:
        if name not in fields:
            raise AnswersError(f"{where}: unknown key “{visible(str(name), 40)}”; valid keys: {', '.join(fields)}", key)
    return item
