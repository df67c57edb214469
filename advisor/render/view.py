"""The one result view: an ordered document of sections that every renderer lays out.

Built once from an assessment (:mod:`advisor.render.assessment_view`) or a release
check (:mod:`advisor.render.check_view`). Every heading and sentence in it comes from
the knowledge base; the renderers (terminal text, Markdown, HTML, PDF, Word, the
wizard's result page) add layout and nothing else.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import NamedTuple


class Span(NamedTuple):
    """A run of text with one style: "" (plain), "strong", "em" or "code"."""

    text: str
    style: str = ""


class Citation(NamedTuple):
    """Where a finding's words come from: the document, its section and the verbatim quote."""

    document_title: str
    section: str
    quote: str
    rule: str = ""


class Paragraph(NamedTuple):
    """Running text; `role` is "" or "warning" (the unsettled mark, the not-licensed line)."""

    spans: tuple[Span, ...]
    role: str = ""


class Cited(NamedTuple):
    """A finding: its text (a title in `lead`, bold), then the clause it rests on, quoted."""

    lead: str
    text: str
    citation: Citation
    number: int = 0  # its place on the decision path (0: not numbered)


class ListItem(NamedTuple):
    """One entry of a list; `key` is an obligation id for a checklist, `done` its tick."""

    lead: str
    text: str
    key: str = ""
    done: bool = False
    citation: Citation | None = None
    state: str = ""  # a checklist item's tick in words ("done", "not done"), for printed forms


class ItemList(NamedTuple):
    """A bullet list, or a checklist (`checklist` True) whose items can be ticked."""

    items: tuple[ListItem, ...]
    checklist: bool = False


class Table(NamedTuple):
    """A table: `kind` is "details", "strings", "answers" or "signoff", and with a lineage
    "lineage" (the other versions) or "version_strings" (one version's own strings; the
    "strings" table is the one to copy from); cells are text.

    `keys` names each row (a string's attribution key, an answer's question id)."""

    kind: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...] = ()
    exact: tuple[bool, ...] = ()  # the strings table: which rows hold a string to copy as it is


class Code(NamedTuple):
    """A block of text printed as it is (the answers file)."""

    text: str


class Verdict(NamedTuple):
    """The verdict banner: what was decided, for which version, why, and how settled."""

    verdict: str  # permitted | license_required | prohibited
    headline: str
    version_name: str
    reason: str  # the deciding reason's first sentence
    certainty: str  # settled | unsettled
    certainty_label: str  # "Settled" or "Unsettled: ..."
    next_steps: tuple[str, ...] = ()


class Progress(NamedTuple):
    """How many checklist items are ticked, in words (the wizard updates it as boxes are ticked)."""

    text: str


Block = Paragraph | Cited | ItemList | Table | Code | Verdict | Progress


class Section(NamedTuple):
    """A titled part of the result. `record` parts (the report's details, the texts relied
    on, the answers file, the sign-off) belong to a document that is kept, and appear only
    in the report files; the others appear in every format."""

    key: str
    heading: str
    level: int
    blocks: tuple[Block, ...]
    record: bool = False
    collapsed: bool = False  # the wizard shows it closed until opened


class DocumentInfo(NamedTuple):
    """What a document file says about itself: title, author, subject, running footer."""

    title: str
    author: str
    subject: str
    footer: str
    page: str = "{count} / {total}"  # the page number's words, with {count} and {total} to fill in


class ResultView(NamedTuple):
    info: DocumentInfo
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section | None:
        return next((section for section in self.sections if section.key == key), None)

    def shown(self, *, record: bool) -> tuple[Section, ...]:
        """The sections a format shows: every one for a report file, else the result's own."""
        return self.sections if record else tuple(s for s in self.sections if not s.record)


class Wording:
    """The knowledge base's wording, looked up by "group.key" and filled in."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = texts

    def __call__(self, key: str, **values: object) -> str:
        text = self._texts[key]
        return text.format(**values) if values else text

    def template(self, key: str) -> str:
        """The text with its {placeholders} left in, for a renderer to fill (a page number)."""
        return self._texts[key]

    def spans(self, key: str, **values: str | Span) -> tuple[Span, ...]:
        """The text as spans: a value given as a Span keeps its style."""
        out: list[Span] = []
        for literal, name, _, _ in string.Formatter().parse(self._texts[key]):
            if literal:
                out.append(Span(literal))
            if name is not None:
                value = values[name]
                out.append(value if isinstance(value, Span) else Span(str(value)))
        return tuple(out)


def with_stop(text: str) -> str:
    """A title used as the first words of a sentence: it ends with a full stop."""
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def plain(spans: tuple[Span, ...]) -> str:
    """The text of some spans, without their styles."""
    return "".join(span.text for span in spans)


def citation_parts(citation: Citation) -> list[str]:
    """What a citation prints: where the words are, then the words."""
    return [f"{citation.document_title}, {citation.section}:", citation.quote]


def block_sentences(block: Block) -> list[str]:
    """Every piece of text a block holds (to check that each format prints all of it)."""
    if isinstance(block, Paragraph):
        return [plain(block.spans)]
    if isinstance(block, Cited):
        return [block.lead, block.text, *citation_parts(block.citation)]
    if isinstance(block, ItemList):
        parts = []
        for item in block.items:
            parts += [item.lead, item.text, item.state if block.checklist else ""]
            if item.citation is not None:
                parts += citation_parts(item.citation)
        return parts
    if isinstance(block, Table):
        return [*block.header, *(cell for row in block.rows for cell in row)]
    if isinstance(block, Code):
        return []
    if isinstance(block, Progress):
        return [block.text]
    return [block.headline, block.version_name]  # its reason and next steps are blocks of their own too
