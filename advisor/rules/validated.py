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

The file holds data, never code: only the tags below, text, numbers, booleans and None
are read (marshal builds nothing else from them), and a damaged or foreign file is ignored.
"""

from __future__ import annotations

import marshal
import os
from types import MappingProxyType
from typing import Any

from advisor import __version__
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
_TUPLE, _MAPPING = "t", "m"
_LEAVES = (str, int, float, bool, type(None))


class ValidatedError(Exception):
    """The knowledge base holds a value this file cannot keep; str() is one line."""


def layout() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each record type's name and fields: a file written for another layout is not read."""
    return tuple((record.__name__, record._fields) for record in RECORDS)  # type: ignore[attr-defined]


def encode_knowledge(kb: KnowledgeBase, digest: str) -> bytes:
    """The file's bytes for a knowledge base just validated from the YAML files with this digest."""
    return marshal.dumps((MAGIC, FORMAT, __version__, layout(), digest, _encode(kb)), MARSHAL_VERSION)


def read_validated(root: str, digest: str) -> KnowledgeBase | None:
    """The knowledge base kept below root for exactly this YAML digest, or None (then validate)."""
    try:
        with open(os.path.join(root, "knowledge", VALIDATED_NAME), "rb") as stream:
            data = marshal.loads(stream.read())  # marshal.load reads a file in small pieces: 5x slower
    except (OSError, EOFError, ValueError, TypeError):  # absent, unreadable or not marshal data
        return None
    if type(data) is not tuple or len(data) != 6 or data[:5] != (MAGIC, FORMAT, __version__, layout(), digest):
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
    kind = type(value)
    if kind in RECORDS:
        return (RECORDS.index(kind), *(_encode(field) for field in value))
    if kind is tuple:
        return (_TUPLE, *(_encode(item) for item in value))
    if kind is MappingProxyType:
        return (_MAPPING, tuple(value), tuple(_encode(item) for item in value.values()))
    if kind in _LEAVES:
        return value
    raise ValidatedError(f"a {kind.__name__} cannot be kept in {VALIDATED_NAME}")


def _decode(value: Any) -> Any:
    if type(value) is not tuple:
        if type(value) not in _LEAVES:
            raise TypeError(type(value).__name__)
        return value
    tag = value[0]
    if tag == _TUPLE:
        return tuple([_decode(item) for item in value[1:]])
    if tag == _MAPPING:
        keys = value[1]
        if type(keys) is not tuple or not all(type(key) is str for key in keys):
            raise TypeError("mapping keys")
        return MappingProxyType(dict(zip(keys, [_decode(item) for item in value[2]], strict=True)))
    if type(tag) is not int:
        raise TypeError("tag")
    return RECORDS[tag](*[_decode(field) for field in value[1:]])
