"""Check that every quote in the knowledge base stands verbatim, and whole, in the document it cites."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from advisor.model import KnowledgeBase, Source
from advisor.resources import resources_dir
from advisor.rules.structure import YamlPath

_WHITESPACE = re.compile(r"\s+")

# Where a quote may start. Quotes are compared whitespace-normalised, so the starts are found in
# the document as written (its lines tell list items, headings and wrapped lines apart) and then
# carried over to the normalised text. A quote may start:
#   - where a sentence starts: at the document's start; inside a line, after ".", "!" or "?" (and
#     any closing quote, bracket or markup) and whitespace, unless the word before is an
#     abbreviation ("i.e.", "U.S.", "Inc.") or the next word is lower case; at a line after a
#     line that ends a sentence so, after a heading line ("# …", "**…**", a paragraph of
#     capitals), and after a blank line unless the line before it ends in ":", ";" or ",";
#   - where an enumerated item starts, which need not start a sentence: a line after a line
#     ending in ":" (a list or block displayed below its lead-in), or after a blank line; a line
#     that begins with a list marker ("* ", "- ", "1.", "a.", "iv.", "(A)", "Q:", "A:",
#     "Example 1:") when the line before is an item of the list too or ends in ":", ";" or ","
#     (a wrapped line that happens to begin "7." starts nothing); and, inside a paragraph, an
#     "(A)", "(ii)" or "(3)" enumerator when the paragraph also has the one before or after it
#     ("you shall (A) …; and (B) …"; a lone "Copyright (c)" is no list).
#   A line counts from before its markers as well as after each of them ("b. Subject to …" may be
#   quoted from "b." or from "Subject"); an enumerator, from before and after it.
# Anything else is inside a sentence: after a comma, a semicolon or a colon inside a line, mid-phrase,
# or at a line the text was merely wrapped onto. An opening condition is left out when the text from
# the sentence's start to the quote's start begins (after an optional "Yes,", "However," …) with
# "if", "provided", "unless", "except" or "subject to": a quote that starts at item (B) of "If you
# distribute …, you shall (A) …; and (B) …" leaves it out. Either is refused unless the source gives
# the reason it may stand cut, as `fragment:`.
_MARKER = re.compile(
    r"(?:[*+\-•>|]|#{1,6}|\d{1,3}(?:\.\d{1,3})*[.)]|[A-Za-z][.)]|[ivx]{1,5}[.)]|\([A-Za-z0-9]{1,4}\)"
    r"|Q:|A:|Example(?: \d+)?:)(?=\s)\s*|(?:\*\*|__)(?=\S)"
)
_INLINE_ENUMERATOR = re.compile(r"(?<![\w(])\(([A-Za-z]|[ivx]{1,4}|\d{1,2})\)\s+")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]*_]*\s+(?=\S)")
_LINE_END_MARKUP = re.compile(r"(?:\*\*|__|</\w+>|[\"”’)\]])+$")
_HEADING = re.compile(r"\s*(?:#{1,6}\s.*|(?:\*\*|__)[^*_].*(?:\*\*|__))$")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_DOTTED = re.compile(r"(?:^|[^a-z])(?:[a-z]\.){2,}$")  # "i.e.", "e.g.", "u.s.", "non-u.s."
ABBREVIATIONS = frozenset({"inc.", "ltd.", "co.", "corp.", "no.", "nos.", "vs.", "cf.", "st.", "dr.", "mr.", "ms."})
CONDITIONS = ("if", "provided", "unless", "except", "subject to")
_OPENING_CONDITION = re.compile(
    r"[\"“‘(]*(?:(?:yes|no|however|also|otherwise|further|furthermore|moreover|in addition)\s*,\s*)?"
    rf"(?:{'|'.join(CONDITIONS)})\b",
    re.IGNORECASE,
)


def normalise_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


class Starts(NamedTuple):
    """A document's whitespace-normalised text, and where in it a quote may start."""

    text: str
    sentences: tuple[int, ...]  # sentence starts, sorted
    items: frozenset[int]  # every legitimate start: the sentence starts and the enumerated items'


def quote_starts(document: str) -> Starts:
    """Where quotes may start in document (the rule is in the comment above)."""
    sentences: set[int] = {0}
    items: set[int] = {0}
    previous = ""  # the last non-blank line
    opened = blank = in_list = False  # it opened a paragraph; a blank line followed it; it is a list item
    offset = 0
    for line in document.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        body = line.rstrip()
        if not body.strip():
            blank = previous != ""
            continue
        prefix = _prefix(body, start)
        marked = len(prefix) > 1
        ending = _LINE_END_MARKUP.sub("", previous.rstrip())[-1:]
        heading = _HEADING.match(previous) or (opened and previous.upper() == previous != previous.lower())
        if not previous or heading or (ending in (".", "!", "?") and not _abbreviated(previous)):
            targets: tuple[set[int], ...] = (sentences, items)
        elif blank and ending not in (":", ";", ","):
            targets = (sentences, items)
        elif blank or ending == ":" or (marked and (in_list or ending in (";", ","))):
            targets = (items,)
        else:
            targets = ()
        for found in targets:
            found.update(prefix)
        # a marker ends no sentence, unless the line starts nothing ("under section\n7. This …")
        for end in _SENTENCE_END.finditer(body, (prefix[-1] if targets else prefix[0]) - start):
            if not body[end.end()].islower() and not _abbreviated(body[: end.start() + 1]):
                sentences.add(start + end.end())
                items.add(start + end.end())
        previous, opened, blank = body, not previous or blank, False
        in_list = marked or (in_list and not targets)
    for paragraph in _paragraphs(document):
        found_enumerators = list(_INLINE_ENUMERATOR.finditer(document, *paragraph))
        labels = {e.group(1) for e in found_enumerators}
        for e in found_enumerators:
            if labels & _neighbours(e.group(1)):
                items.update((e.start(), e.end()))
    text, index = _normalised_with_index(document)
    return Starts(text, tuple(sorted({index[p] for p in sentences})), frozenset(index[p] for p in items))


def _prefix(body: str, start: int) -> list[int]:
    """The offsets where a line's text may be quoted from: before its markers and after each."""
    indent = len(body) - len(body.lstrip())
    prefix = [start + indent]
    for marker in _MARKER.finditer(body, indent):
        if marker.start() != prefix[-1] - start:
            break
        prefix.append(start + marker.end())
    return prefix


def _paragraphs(document: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of lines between blank lines."""
    position = 0
    for gap in _BLANK_LINES.finditer(document):
        yield position, gap.start()
        position = gap.end()
    yield position, len(document)


def _neighbours(label: str) -> set[str]:
    """The labels just before and after an enumerator's ("b" → "a", "c"; "iv" → "iii", "v")."""
    found: set[str] = set()
    if label.isdigit():
        found |= {str(int(label) - 1), str(int(label) + 1)}
    elif len(label) == 1:
        found |= {chr(ord(label) - 1), chr(ord(label) + 1)}
    if label in _ROMAN:
        at = _ROMAN.index(label)
        found |= set(_ROMAN[max(at - 1, 0) : at + 2]) - {label}
    return found


def _abbreviated(text: str) -> bool:
    """Whether text ends in an abbreviation's full stop ("i.e.", "Inc.") rather than a sentence's."""
    words = text.rstrip().rsplit(None, 1)
    word = words[-1].lower().lstrip('("“‘') if words else ""
    return word in ABBREVIATIONS or bool(_DOTTED.search(word))


def _normalised_with_index(document: str) -> tuple[str, list[int]]:
    """normalise_whitespace(document), and for each offset in document the offset it has there."""
    index = [0] * (len(document) + 1)
    parts: list[str] = []
    length = 0
    position = 0
    for space in _WHITESPACE.finditer(document):
        for i in range(position, space.start()):
            index[i] = length + i - position
        length += space.start() - position
        parts.append(document[position : space.start()])
        gap = 1 if length and space.end() < len(document) else 0
        for i in range(space.start(), space.end()):
            index[i] = length + gap
        length += gap
        parts.append(" " * gap)
        position = space.end()
    for i in range(position, len(document) + 1):
        index[i] = length + i - position
    parts.append(document[position:])
    return "".join(parts), index


def cut_problem(starts: Starts, quote: str) -> str | None:
    """Why quote, found in the document, does not stand whole there (None: it does)."""
    words = normalise_whitespace(quote)
    problems: list[str] = []
    at = starts.text.find(words)
    while at >= 0:
        problem = _cut_at(starts, at)
        if problem is None:
            return None
        problems.append(problem)
        at = starts.text.find(words, at + 1)
    return problems[0] if problems else None


def _cut_at(starts: Starts, at: int) -> str | None:
    sentence = max(s for s in starts.sentences if s <= at)
    left_out = starts.text[sentence:at]
    if _OPENING_CONDITION.match(left_out):
        return f"leaves out the opening condition of its sentence: {_clipped(left_out)!r}"
    if at not in starts.items:
        return f"starts inside a sentence, after {_clipped(starts.text[max(sentence, at - 100) : at], end=True)!r}"
    return None


def _clipped(text: str, end: bool = False) -> str:
    text = text.strip()
    if len(text) <= 100:
        return text
    return f"…{text[-99:]}" if end else f"{text[:99]}…"


def all_citations(kb: KnowledgeBase) -> Iterator[tuple[str, Source]]:
    """Every (where, source) pair in the knowledge base."""
    for file, _path, where, source in _located_citations(kb):
        yield f"{file}: {where}", source


def _located_citations(kb: KnowledgeBase) -> Iterator[tuple[str, YamlPath, str, Source]]:
    """Every citation with its knowledge file and the YAML path of its quote there."""
    for version in kb.versions.values():
        for name, source in version.clauses.items():
            path: YamlPath = ("versions", version.id, "clauses", name, "quote")
            yield "versions.yaml", path, f"{version.id} clause {name}", source
    for index, category in enumerate(kb.aup_categories.values()):
        for version_id, source in category.texts.items():
            item: YamlPath = ("categories", index, "texts", version_id)
            yield "aup.yaml", (*item, "quote"), f"{category.id} for {version_id}", source
            for number, line in enumerate(category.lead_ins.get(version_id, ())):
                where = f"{category.id} lead-in for {version_id}"
                yield "aup.yaml", (*item, "lead_in", number), where, source._replace(quote=line, fragment="")
    for index, question in enumerate(kb.questions):
        if question.source.source is not None:
            yield "questions.yaml", ("questions", index, "source", "quote"), question.id, question.source.source
    for index, rule in enumerate(kb.rules):
        if rule.source.source is not None:
            yield "rules.yaml", ("rules", index, "source", "quote"), rule.id, rule.source.source


def missing_citations(kb: KnowledgeBase, root: Path | None = None) -> list[str]:
    """Quotes not found in their document, or cut where they should not be, each as ``file:line: what``.

    Empty when every quote stands verbatim in its document and starts where a sentence or an
    enumerated item starts, keeping its sentence's opening condition, or is marked a fragment.
    """
    folder = root or resources_dir()
    texts: dict[str, Starts] = {}
    problems: list[str] = []
    for file, path, where, source in _located_citations(kb):
        if source.document not in texts:
            document = folder / kb.documents[source.document].file
            texts[source.document] = quote_starts(document.read_text(encoding="utf-8"))
        starts = texts[source.document]
        if normalise_whitespace(source.quote) not in starts.text:
            problem = f"quote not found in {source.document}: {source.quote[:80]!r}"
        else:
            cut = cut_problem(starts, source.quote)
            if cut is not None and not source.fragment:
                problem = f"the quote {cut}; quote its sentence from the start, or give the reason it may stand cut as `fragment:`"
            elif cut is None and source.fragment:
                problem = "the quote is marked as a fragment but stands whole in its sentence: drop `fragment:`"
                path = (*path[:-1], "fragment")
            else:
                continue
        knowledge_file = folder / "knowledge" / file
        line = _line_in(knowledge_file, path)
        problems.append(f"{knowledge_file}{f':{line}' if line else ''}: {where}: {problem}")
    return problems


def _line_in(file: Path, path: YamlPath) -> int | None:
    from advisor.rules.yamlsource import line_of  # PyYAML only when a quote has a problem

    try:
        return line_of(file.read_text(encoding="utf-8"), path)
    except (OSError, UnicodeDecodeError):
        return None
