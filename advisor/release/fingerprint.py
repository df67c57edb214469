"""Compares a LICENSE or Notice text with the texts the advisor ships.

A LICENSE is exact, differs only in whitespace, or is modified; a modified text is
matched to the agreement it is closest to, and the clauses that differ are named
(``§1.b.i``, ``§5.a``…). A Notice line is exact, differs only in ``©``/``(c)``, quote
marks or whitespace (each named), or is missing or another version's line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from advisor.model import KnowledgeBase
from advisor.resources import resource_path

_HEADING = re.compile(r"^\s*\**\s*(\d{1,2}|[a-h]|[ivx]{1,4})\\?\.(?=[\s*])")
_WORD = re.compile(r"\S+")
SIMILAR = 0.5  # share of word 5-grams two texts must have in common to be "the same agreement"


class LicenseMatch(NamedTuple):
    version: str | None  # the version whose agreement the text is (closest to), or None
    document: str | None
    kind: str  # exact | whitespace | modified | other
    differs: tuple[str, ...] = ()  # the clauses that differ, for a modified text


def words(text: str) -> list[str]:
    return _WORD.findall(text.replace("\ufeff", ""))


def _agreement_body(text: str) -> str:
    """The agreement without a use policy appended after it (the Llama 3 file has one)."""
    lines = text.splitlines()
    seen_law = False
    for number, line in enumerate(lines):
        if "Governing Law" in line:
            seen_law = True
        elif seen_law and line.strip().endswith("Acceptable Use Policy"):
            return "\n".join(lines[:number])
    return text


def clauses(text: str) -> dict[str, str]:
    """Clause label (``Preamble``, ``§1``, ``§1.b``, ``§1.b.i``) -> its words, whitespace-normalised."""
    found: dict[str, list[str]] = {"Preamble": []}
    label, levels = "Preamble", ["", "", ""]
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            mark = match.group(1)
            if mark.isdigit():
                levels = [mark, "", ""]
            elif levels[0] and re.fullmatch(r"[ivx]+", mark) and levels[1]:
                levels[2] = mark
            elif levels[0]:
                levels[1], levels[2] = mark, ""
            label = "§" + ".".join(part for part in levels if part)
            found.setdefault(label, [])
        found[label].extend(words(line))
    return {key: " ".join(value) for key, value in found.items()}


def _shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    lowered = [token.lower() for token in tokens]
    return {tuple(lowered[i : i + 5]) for i in range(max(len(lowered) - 4, 1))}


@lru_cache(maxsize=32)
def shipped_text(file: str) -> str:
    """A text shipped under resources/ (read once per process)."""
    return resource_path(file).read_text(encoding="utf-8")


def shipped_agreements(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    """(version, document id, text) for every agreement text the advisor ships."""
    result = []
    for doc in kb.documents.values():
        if doc.kind == "agreement" and doc.version:
            result.append((doc.version, doc.id, shipped_text(doc.file)))
    return result


def match_license(text: str, kb: KnowledgeBase) -> LicenseMatch:
    """Which shipped agreement `text` is, and how closely."""
    given = text.replace("\r\n", "\n").replace("\ufeff", "")
    given_words = words(given)
    agreements = shipped_agreements(kb)
    for version, doc, shipped in agreements:
        for variant in (shipped, _agreement_body(shipped)):
            if given.strip() == variant.strip():
                return LicenseMatch(version, doc, "exact")
    for version, doc, shipped in agreements:
        for variant in (shipped, _agreement_body(shipped)):
            if given_words == words(variant):
                return LicenseMatch(version, doc, "whitespace")
    given_shingles = _shingles(given_words)
    best: tuple[float, str, str, str] | None = None
    for version, doc, shipped in agreements:
        body = _agreement_body(shipped)
        theirs = _shingles(words(body))
        score = len(given_shingles & theirs) / max(len(given_shingles | theirs), 1)
        if best is None or score > best[0]:
            best = (score, version, doc, body)
    if best is None or best[0] < SIMILAR:
        return LicenseMatch(None, None, "other")
    _, version, doc, body = best
    return LicenseMatch(version, doc, "modified", differing_clauses(given, body))


def differing_clauses(given: str, shipped: str) -> tuple[str, ...]:
    ours, theirs = clauses(_agreement_body(given)), clauses(shipped)
    labels = list(theirs) + [label for label in ours if label not in theirs]
    return tuple(label for label in labels if ours.get(label) != theirs.get(label))


# ------------------------------------------------------------------ Notice lines
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


def _plain(text: str, copyright_sign: bool, quotes: bool, space: bool) -> str:
    if copyright_sign:
        text = re.sub(r"\(c\)|\(C\)|©", "©", text)
    if quotes:
        text = text.translate(_QUOTES).replace('"', "").replace("'", "")
    if space:
        text = " ".join(text.split())
    return text


class NoticeMatch(NamedTuple):
    kind: str  # exact | near (only ©, quotes, whitespace differ) | altered | other_version | missing
    differences: tuple[
        str, ...
    ] = ()  # for "near" and "altered": what differs (copyright_sign, quotes, space, final_stop)
    line: int | None = None
    other_version: str | None = None


def match_notice(text: str, expected: str, others: dict[str, str]) -> NoticeMatch:
    """How the Notice file `text` carries the line `expected` (others: version -> their line)."""
    quoted = _quoted(text, expected)
    if expected in text and not quoted:
        return NoticeMatch("exact", line=_line_of(text, expected[:20]))
    if expected in text:
        return NoticeMatch("near", ("quotes",), _line_of(text, expected[:20]))
    flags = ("copyright_sign", "quotes", "space")
    for size in (1, 2, 3):
        for chosen in _combinations(flags, size):
            options = {flag: flag in chosen for flag in flags}
            if _plain(expected, **options) in _plain(text, **options):
                differences = tuple(f for f in chosen if f != "quotes" or not quoted) + (("quotes",) if quoted else ())
                return NoticeMatch("near", differences, _line_of(text, expected[:12]))
    loose = {flag: True for flag in flags}
    if _plain(expected.rstrip("."), **loose) in _plain(text, **loose):
        return NoticeMatch("altered", ("final_stop",), _line_of(text, expected[:12]))
    for version, line in others.items():
        if _plain(line, **loose) in _plain(text, **loose):
            return NoticeMatch("other_version", line=_line_of(text, line[:12]), other_version=version)
    return NoticeMatch("missing")


def _quoted(text: str, expected: str) -> bool:
    """True when the line is wrapped in quote marks (the agreement quotes it; the file should not)."""
    head = re.escape(" ".join(expected.split()[:2])).replace(r"\ ", r"\s+")
    return re.search(r"[\"“”„'‘’«»]\s*" + head, text) is not None


def _combinations(items: tuple[str, ...], size: int) -> list[tuple[str, ...]]:
    from itertools import combinations

    return list(combinations(items, size))


def _line_of(text: str, start: str) -> int | None:
    probe = " ".join(start.split()[:3])
    for number, line in enumerate(text.splitlines(), 1):
        if probe and probe in " ".join(line.split()):
            return number
    return None
