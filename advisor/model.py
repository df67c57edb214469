"""Frozen data classes shared by the loader, the engine and the renderers.

Frozen all the way down: a record holds tuples, other records and read-only mappings
(`types.MappingProxyType`, made with `read_only`), never a list or a dict that could change.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles every annotation
# given as text (a ForwardRef each); evaluated ones cost nothing at import.
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

_K = TypeVar("_K")
_V = TypeVar("_V")

VERDICTS = ("permitted", "license_required", "prohibited")
"""Verdicts from least to most severe; the most severe finding wins."""

OBLIGATION_IDS = ("license_copy", "built_with", "notice", "name_prefix", "acceptable_use")
QUESTION_TYPES = ("choice", "bool", "int", "multi")
CERTAINTIES = ("settled", "unsettled")
CHECK_IDS = ("license_copy", "notice", "name_prefix", "built_with", "license_id", "use_policy")
"""The checks of a release (`llama-advisor check`); the first four are obligation ids too."""
EMPTY: Mapping[str, Any] = MappingProxyType({})
"""An empty, read-only mapping: the default of mapping fields in these frozen records."""


def read_only(items: Mapping[_K, _V]) -> Mapping[_K, _V]:
    """A read-only copy of items, for a mapping field of a record."""
    return MappingProxyType(dict(items))


ANSWERS_FORMAT = 3
"""The `format` written into answers files; a file without one is a v0.1.0 file.

Format 2 added the questions of v0.2; format 3 adds `takes` and the `lineage` and
`other_parents` lists (the other models a product or model takes from)."""

LINEAGE_TAKES = ("outputs", "weights", "code_or_tokenizer")
"""What a product or model may take from a Llama version of its lineage."""


# ----------------------------------------------------------------- conditions
class Test(NamedTuple):
    """A leaf condition: compare an answer (subject 'answer') or a version fact."""

    subject: str  # "answer" or "fact"
    name: str
    op: str
    value: Any


class AllOf(NamedTuple):
    items: "tuple[Condition, ...]"


class AnyOf(NamedTuple):
    items: "tuple[Condition, ...]"


class Not(NamedTuple):
    item: "Condition"


class Always(NamedTuple):
    """The condition that always holds (a rule or question with no `when`)."""


Condition = Test | AllOf | AnyOf | Not | Always


# ----------------------------------------------------------------- sources
class Source(NamedTuple):
    """A citation: which bundled document, which section, and the verbatim words."""

    document: str
    section: str
    quote: str
    fragment: str = ""  # why the quote may start inside its sentence (validation only; not in to_dict)

    def to_dict(self) -> dict[str, str]:
        return {"document": self.document, "section": self.section, "quote": self.quote}

    def cited(self, title: str) -> dict[str, str]:
        """The citation as assessments print it: the source with its document's title."""
        return {**self.to_dict(), "title": title}


class SourceRef(NamedTuple):
    """Where a rule or question takes its citation from, resolved per version.

    kind is "direct" (source is set), "clause" (clauses: names tried in order),
    "aup" (category id) or "aup_each" (the category being iterated).
    """

    kind: str
    source: Source | None = None
    clauses: tuple[str, ...] = ()
    category: str = ""


class Document(NamedTuple):
    id: str
    file: str
    title: str
    kind: str
    version: str | None
    url: str | None = None  # where Meta publishes it


class VersionFacts(NamedTuple):
    id: str
    name: str
    release_date: str
    agreement: str | None
    use_policy: str | None
    built_with: str | None
    notice: str | None
    name_prefix: str | None
    multimodal_models: str
    published_agreement: bool
    eu_multimodal_restriction: bool
    outputs_restriction: bool
    clauses: Mapping[str, Source]  # clause name -> its words (read-only)
    product_trigger: str = "none"  # what §1.b.i says of products and services: none | uses | contains
    hub_license_id: str | None = None  # the Hugging Face Hub `license:` id, e.g. "llama3.1"
    scancode_key: str | None = None  # ScanCode LicenseDB key, when ScanCode has one
    multimodal_architectures: tuple[str, ...] = ()  # architecture names only its multimodal models use
    name_aliases: tuple[str, ...] = ()  # model-name words that mean this version ("codellama")

    def fact(self, name: str) -> Any:
        return getattr(self, name)


FACT_NAMES = (
    "name",
    "release_date",
    "agreement",
    "use_policy",
    "built_with",
    "notice",
    "name_prefix",
    "multimodal_models",
    "published_agreement",
    "eu_multimodal_restriction",
    "outputs_restriction",
    "product_trigger",
)


class AupCategory(NamedTuple):
    id: str
    label: str
    position: str
    texts: Mapping[str, Source]  # version id -> item
    lead_ins: Mapping[str, tuple[str, ...]] = EMPTY  # version id -> the policy's headings above the item


class Choice(NamedTuple):
    value: str
    label: str
    when: Condition = Always()  # the choice is open only when this holds for the earlier answers
    unavailable: str = ""  # the error given when it is chosen anyway


class Implication(NamedTuple):
    when: Condition
    value: Any
    error: str


class Question(NamedTuple):
    id: str
    label: str
    prompt: str
    type: str
    why: str
    source: SourceRef
    relevant_when: Condition
    choices: tuple[Choice, ...] = ()
    exclude: tuple[str, ...] = ()
    minimum: int | None = None
    help: str = ""
    implied: tuple[Implication, ...] = ()
    placeholder: str = ""  # int: the example shown in the empty field
    choices_intro: str = ""  # int: the words above the named answers offered beside the number
    unit: str = ""  # int: what is counted, shown after the number understood ("= 5,000,000 users")


class Rule(NamedTuple):
    id: str
    when: Condition
    kind: str  # "verdict", "obligation", "note" or "next_step"
    outcome: str  # the verdict, the obligation id, the note's title, or the next step's id
    text: str
    source: SourceRef
    for_each: str | None = None
    unsettled: bool = False  # rests on a point the texts leave open (the reading that grants less)


class Term(NamedTuple):
    """A standing term of the agreement, shown with every assessment of that version."""

    id: str
    title: str
    text: str
    clause: str
    when: Condition = Always()  # on version facts only


class KnowledgeBase(NamedTuple):
    ruleset_version: str
    sha256: str
    documents: Mapping[str, Document]
    versions: Mapping[str, VersionFacts]
    aup_categories: Mapping[str, AupCategory]
    verdict_labels: Mapping[str, str]
    obligation_titles: Mapping[str, str]
    attribution_labels: Mapping[str, str]
    questions: tuple[Question, ...] = ()
    rules: tuple[Rule, ...] = ()
    terms: tuple[Term, ...] = ()
    certainty_labels: Mapping[str, str] = EMPTY
    binds_every_user: tuple[str, ...] = ()  # obligations that bind anyone who uses the model, licensed or not
    check_labels: Mapping[str, str] = EMPTY  # what a person reads for each release check
    wording: Mapping[str, str] = EMPTY  # wording.yaml: "group.key" -> the advisor's own sentences and headings

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


# ----------------------------------------------------------------- results
class Finding(NamedTuple):
    """A fired rule: a reason on the decision path, an obligation, or a note."""

    rule: str
    text: str
    source: Source
    document_title: str

    def to_dict(self) -> dict[str, Any]:
        cited = self.source.cited(self.document_title)
        return {"rule": self.rule, "text": self.text, "source": cited}


class Obligation(NamedTuple):
    id: str
    text: str
    source: Source
    document_title: str
    rule: str
    versions: tuple[str, ...] = ()  # the versions whose agreements impose it, main first

    @property
    def reason(self) -> Finding:
        """The same fired rule as an entry of the decision path."""
        return Finding(self.rule, self.text, self.source, self.document_title)

    def to_dict(self) -> dict[str, Any]:
        cited = self.source.cited(self.document_title)
        return {"id": self.id, "text": self.text, "source": cited, "versions": list(self.versions)}


class Note(NamedTuple):
    rule: str
    title: str
    text: str
    source: Source
    document_title: str
    unsettled: bool = False  # explains a point the texts leave open

    def to_dict(self) -> dict[str, Any]:
        cited = self.source.cited(self.document_title)
        return {
            "rule": self.rule,
            "title": self.title,
            "text": self.text,
            "source": cited,
            "unsettled": self.unsettled,
        }


class NextStep(NamedTuple):
    """What to do when the answer is no (or not yet yes)."""

    id: str
    text: str
    source: Source
    document_title: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        cited = self.source.cited(self.document_title)
        return {"id": self.id, "text": self.text, "source": cited}


class StandingTerm(NamedTuple):
    """A term of the agreement that binds every licensee of the version, quoted."""

    id: str
    title: str
    text: str
    source: Source
    document_title: str

    def to_dict(self) -> dict[str, Any]:
        cited = self.source.cited(self.document_title)
        return {"id": self.id, "title": self.title, "text": self.text, "source": cited}


class MappedAnswer(NamedTuple):
    """An answer of an older answers-file format read as a current key."""

    old_key: str
    old_value: Any
    key: str
    value: Any

    def to_dict(self) -> dict[str, Any]:
        return {"from": {self.old_key: self.old_value}, "to": {self.key: self.value}}


class Attribution(NamedTuple):
    built_with: str | None
    notice: str | None  # the main version's Notice line
    name_prefix: str | None
    notices: tuple[str, ...] = ()  # every Notice line owed: one per version whose copies are shipped, main first

    def to_dict(self) -> dict[str, Any]:
        return {
            "built_with": self.built_with,
            "notice": self.notice,
            "name_prefix": self.name_prefix,
            "notices": list(self.notices),
        }


class LineageEntry(NamedTuple):
    """One entry of an answers file's `lineage`: another Llama version the product takes from."""

    version: str
    takes: str  # one of LINEAGE_TAKES
    ships_copies: bool | None = None  # None: the top-level answer
    multimodal: bool | None = None  # None: the top-level answer, where the version asks it
    access: str | None = None  # own_copy | hosted_api; None: the top-level answer
    mau: int | str | None = None  # the user count for this version's own month (a number near 700 million)

    def to_dict(self) -> dict[str, Any]:
        given: dict[str, Any] = {"version": self.version, "takes": self.takes}
        for name in ("ships_copies", "multimodal", "access", "mau"):
            if getattr(self, name) is not None:
                given[name] = getattr(self, name)
        return given


class OtherParent(NamedTuple):
    """A parent model that is not Llama (a merge with Qwen, Mistral…): echoed back, never assessed."""

    name: str
    license: str


def _record_dict(record: Any) -> Any:
    return record.to_dict()


class Assessment(NamedTuple):
    version: str
    version_name: str
    verdict: str
    answers: Mapping[str, Any]  # a multi answer is a tuple; to_dict writes it as a list
    unused: tuple[str, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    attribution: Attribution = Attribution(None, None, None)
    reasons: tuple[Finding, ...] = ()
    notes: tuple[Note, ...] = ()
    ruleset_version: str = ""
    ruleset_sha256: str = ""
    if_licensed: tuple[Obligation, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    certainty: str = "settled"
    terms: tuple[StandingTerm, ...] = ()
    assumed: Mapping[str, Any] = EMPTY
    mapped: tuple[MappedAnswer, ...] = ()
    answers_format: int = ANSWERS_FORMAT
    licenses: Mapping[str, str | None] | None = None  # hub, scancode, title
    lineage: "tuple[LineagePart, ...]" = ()  # the other Llama versions, each assessed (format 3)
    other_parents: tuple[OtherParent, ...] = ()
    main: "Assessment | None" = None  # with a lineage: the main version's own assessment
    other_parent_note: str = ""  # what the advisor says of other parents (wording.yaml)
    implicit: tuple[str, ...] = ()  # answers an older format meant without giving them (not in to_dict)

    @property
    def licensed(self) -> bool:
        """True when the use may go ahead (the duties in `obligations` then apply)."""
        return self.verdict == "permitted"

    def to_dict(self, item: Callable[[Any], Any] = _record_dict) -> dict[str, Any]:
        """The assessment's JSON (`assess --json`); `item` gives each listed record's value
        (its own to_dict; the JSON Lines writer passes its cached JSON of it)."""
        return {
            "version": self.version,
            "version_name": self.version_name,
            "verdict": self.verdict,
            "obligations": [item(o) for o in self.obligations],
            "attribution": self.attribution.to_dict(),
            "reasons": [item(r) for r in self.reasons],
            "notes": [item(n) for n in self.notes],
            "answers": {
                key: list(value) if isinstance(value, tuple) else value
                for key, value in self.answers.items()
                if key not in self.implicit
            },
            "unused_answers": list(self.unused),
            "ruleset": {"version": self.ruleset_version, "sha256": self.ruleset_sha256},
            "certainty": self.certainty,
            "if_licensed": [item(o) for o in self.if_licensed],
            "next_steps": [item(s) for s in self.next_steps],
            "terms": [item(t) for t in self.terms],
            "assumed_answers": dict(self.assumed),
            "mapped_answers": [item(m) for m in self.mapped],
            "answers_format": self.answers_format,
            "licenses": None if self.licenses is None else dict(self.licenses),
            "lineage": [part.to_dict(item) for part in self.lineage],
            "other_parents": [
                {"name": p.name, "license": p.license, "note": self.other_parent_note} for p in self.other_parents
            ],
        }

    @property
    def parts(self) -> "tuple[Assessment, ...]":
        """The assessment of each version, main first (only this one without a lineage)."""
        return (self.main or self, *(part.assessment for part in self.lineage))


class LineagePart(NamedTuple):
    """The assessment of one lineage entry, run with the main answers as that entry changes them."""

    entry: LineageEntry
    assessment: Assessment

    def to_dict(self, item: Callable[[Any], Any] = _record_dict) -> dict[str, Any]:
        part = self.assessment
        return {
            "version": part.version,
            "version_name": part.version_name,
            "takes": self.entry.takes,
            "verdict": part.verdict,
            "certainty": part.certainty,
            "obligations": [o.id for o in part.obligations],
            "reasons": [item(r) for r in part.reasons],
            "notes": [item(n) for n in part.notes],
        }
