"""The validated knowledge base as a build writes it, read back without validating it again.

A wheel or app build (advisor.rules.write_snapshot) validates the knowledge base from
its YAML files, then writes the records it built to ``knowledge/validated.marshal``,
with the sha256 of the very YAML files they came from, the advisor's version and the
records' layout. The loader takes them as they are only while all of that matches.

Why no second validation: validating is a pure function of the YAML bytes and the
advisor's code. The digest pins the bytes and the version and layout pin the code, so
validating again could only repeat the build's verdict, at a cost of a few milliseconds
on every command (an edited YAML file changes the digest and is validated in full). What
is not in the YAML is still checked: the documents the knowledge base cites must be
present. `llama-advisor validate` always validates from the files.

The file holds data, never code: records (by their index in RECORDS), lists, dicts, text,
numbers, booleans and None are read, nothing else, and a damaged or foreign file is ignored.
"""

from __future__ import annotations

import marshal
import os
import sys
from types import MappingProxyType
from typing import Any

from advisor.model import (
    AllOf,
    Always,
    AnyOf,
    AupCategory,
    Choice,
    Document,
    Implication,
    KnowledgeBase,
    Not,
    Question,
    Rule,
    Source,
    SourceRef,
    Term,
    Test,
    VersionFacts,
)

VALIDATED_NAME = "validated.marshal"
MAGIC = "llama-advisor validated knowledge base"
FORMAT = 1
MARSHAL_VERSION = 4  # read by every Python 3 the advisor runs on
RECORDS: tuple[type[tuple[Any, ...]], ...] = (
    KnowledgeBase, Document, VersionFacts, Source, AupCategory, Question, Choice, Implication,
    SourceRef, Rule, Term, Test, AllOf, AnyOf, Not, Always,
)  # fmt: skip
"""The record types a knowledge base is made of; a record is stored as (its index, *fields)."""
_LEAVES = (str, int, float, bool, type(None))


class ValidatedError(Exception):
    """The knowledge base holds a value this file cannot keep; str() is one line."""


def advisor_version() -> str:
    """advisor.__version__, from the package already loaded (importing it here would close a circle:
    the Python API imports the loader, which reads this file)."""
    return str(getattr(sys.modules.get("advisor"), "__version__", ""))


def layout() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each record type's name and fields: a file written for another layout is not read."""
    return tuple((record.__name__, record._fields) for record in RECORDS)  # type: ignore[attr-defined]


def encode_knowledge(kb: KnowledgeBase, digest: str) -> bytes:
    """The file's bytes for a knowledge base just validated from the YAML files with this digest."""
    header = (MAGIC, FORMAT, advisor_version(), layout(), digest)
    return marshal.dumps((*header, _encode(kb)), MARSHAL_VERSION)


def read_validated(root: str, digest: str) -> KnowledgeBase | None:
    """The knowledge base kept below root for exactly this YAML digest, or None (then validate)."""
    try:
        with open(os.path.join(root, "knowledge", VALIDATED_NAME), "rb") as stream:
            # the build's own file, beside the package's code (see above); marshal.load would
            # read it in small pieces, five times slower
            data = marshal.loads(stream.read())  # noqa: S302
    except (OSError, EOFError, ValueError, TypeError):  # absent, unreadable or not marshal data
        return None
    header = (MAGIC, FORMAT, advisor_version(), layout(), digest)
    if type(data) is not tuple or len(data) != 6 or data[:5] != header:
        return None
    try:
        kb = _decode(data[5])
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if type(kb) is not KnowledgeBase:
        return None
    if not all(os.path.isfile(os.path.join(root, document.file)) for document in kb.documents.values()):
        return None  # a cited text went missing: the full load names it
    return kb


def _encode(value: Any) -> Any:
    """A record as (its index, *fields); a tuple as a list, a read-only mapping as a dict
    (a knowledge base holds neither lists nor dicts, so nothing is mistaken)."""
    kind = type(value)
    if kind in RECORDS:
        return (RECORDS.index(kind), *(_encode(field) for field in value))
    if kind is tuple:
        return [_encode(item) for item in value]
    if kind is MappingProxyType:
        return {key: _encode(item) for key, item in value.items()}
    if kind in _LEAVES:
        return value
    raise ValidatedError(f"a {kind.__name__} cannot be kept in {VALIDATED_NAME}")


def _decode(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return value
    if kind is tuple:
        tag = value[0]
        if type(tag) is not int:
            raise TypeError("not a record")
        return RECORDS[tag](*map(_decode, value[1:]))
    if kind is list:
        return tuple(map(_decode, value))
    if kind is dict:
        return MappingProxyType(dict(zip(value, map(_decode, value.values()), strict=True)))
    if kind in _LEAVES:
        return value
    raise TypeError(kind.__name__)
