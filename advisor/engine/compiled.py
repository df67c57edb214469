"""The knowledge base prepared for fast repeated evaluation (compiled once per ruleset)."""

# No `from __future__ import annotations`: typing.NamedTuple would compile each field's annotation.
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, NamedTuple

from advisor.engine.conditions import Predicate, compile_condition, specialise
from advisor.engine.errors import AnswersError
from advisor.model import (
    Finding,
    Implication,
    KnowledgeBase,
    NextStep,
    Note,
    Obligation,
    Question,
    Rule,
    Source,
    SourceRef,
    StandingTerm,
    VersionFacts,
    read_only,
)
from advisor.rules.conditions import holds_for_facts
from advisor.rules.structure import type_name
from advisor.rules.visible import visible


class QuestionEntry(NamedTuple):
    question: Question
    relevant: Predicate
    implied: tuple[tuple[Implication, Predicate], ...]
    closed: Mapping[str, tuple[Predicate, str]]  # choice value -> (when it is open, error otherwise)


class RuleEntry(NamedTuple):
    rule: Rule
    when: Predicate
    needs_answers: bool  # text uses {mau} or {item}


def long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day:%B} {day.day}, {day.year}"


def month_before(iso: str) -> str:
    """The calendar month before a date, by name: '2024-07-23' -> 'June 2024'."""
    day = date.fromisoformat(iso)
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return f"{date(year, month, 1):%B} {year}"


GENERIC_PLACEHOLDERS = (
    "version_name",
    "release_date",
    "count_month",
    "product_trigger",
    "agreement_title",
    "use_policy_title",
    "built_with",
    "notice",
    "name_prefix",
)
"""The placeholders with a visible marker before a version is chosen (`llama-advisor questions`):
wording.yaml's `markers` group, one key each."""


class _PerVersion(dict[str, tuple[RuleEntry, ...]]):
    """version id -> its rules, each version's compiled on first use (a command assesses one)."""

    def __init__(self, make: Callable[[VersionFacts], tuple[RuleEntry, ...]], versions: Mapping[str, VersionFacts]):
        super().__init__()
        self._make, self._versions = make, versions

    def __missing__(self, version: str) -> tuple[RuleEntry, ...]:
        entries = self[version] = self._make(self._versions[version])
        return entries


class CompiledKnowledge:
    """Predicates, per-version placeholders and resolved citations for one ruleset."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.questions = tuple(
            QuestionEntry(
                q,
                compile_condition(q.relevant_when),
                tuple((imp, compile_condition(imp.when)) for imp in q.implied),
                read_only({c.value: (compile_condition(c.when), c.unavailable) for c in q.choices if c.unavailable}),
            )
            for q in kb.questions
        )
        self.question_ids = tuple(q.id for q in kb.questions)
        self._entries = {entry.question.id: entry for entry in self.questions}
        self.rules_by_version = _PerVersion(self._rules_for, kb.versions)
        self._placeholders = {v: self._make_placeholders(facts) for v, facts in kb.versions.items()}
        self._generic = {name: kb.wording[f"markers.{name}"] for name in GENERIC_PLACEHOLDERS}
        self._citations: dict[tuple[str, str, str], tuple[Source, str]] = {}
        self._multi: dict[tuple[str, str], tuple[str, ...]] = {}
        self._terms: dict[str, tuple[StandingTerm, ...]] = {}
        self._findings: dict[tuple[str, str, str, Any], Finding | Note | Obligation | NextStep] = {}

    def _rules_for(self, facts: VersionFacts) -> tuple[RuleEntry, ...]:
        """The rules that can fire for this version, with the version's facts folded in."""
        entries = []
        for rule in self.kb.rules:
            condition = specialise(rule.when, facts, facts.id)
            if condition is False:
                continue
            predicate = (lambda answers, facts: True) if condition is True else compile_condition(condition)
            entries.append(RuleEntry(rule, predicate, "{mau}" in rule.text or "{item}" in rule.text))
        return tuple(entries)

    # ------------------------------------------------------------ placeholders
    def _make_placeholders(self, facts: VersionFacts) -> dict[str, str]:
        docs, wording = self.kb.documents, self.kb.wording
        return {
            "version_name": facts.name,
            "release_date": long_date(facts.release_date),
            "count_month": month_before(facts.release_date),
            "product_trigger": "" if facts.product_trigger == "none" else facts.product_trigger,  # the clause's word
            "agreement_title": docs[facts.agreement].title if facts.agreement else wording["fallback.agreement_title"],
            "use_policy_title": docs[facts.use_policy].title
            if facts.use_policy
            else wording["fallback.use_policy_title"],
            "built_with": facts.built_with or "",
            "notice": facts.notice or "",
            "name_prefix": facts.name_prefix or "",
        }

    def placeholders(self, facts: VersionFacts | None) -> dict[str, str]:
        """Values for a question's or rule's {placeholders}; generic words before a version is chosen."""
        return self._placeholders[facts.id] if facts is not None else self._generic

    def fill(self, text: str, facts: VersionFacts | None) -> str:
        """A question's prompt, help, why or choice label with the version's values, on one line."""
        return " ".join(text.format(**self.placeholders(facts)).split())

    def rule_text(self, entry: RuleEntry, facts: VersionFacts, answers: dict[str, Any], item: str = "") -> str:
        """The rule's explanation with the version's facts (and {mau}, {item}) filled in."""
        mau = answers.get("mau")
        extra = {"mau": self.describe_answer("mau", mau), "item": item}
        return " ".join(entry.rule.text.format(**self._placeholders[facts.id], **extra).split())

    def choice_open(self, question: Question, value: Any, answers: dict[str, Any], facts: VersionFacts | None) -> bool:
        """Whether a choice may be picked after these earlier answers (most always may)."""
        rule = self._entries[question.id].closed.get(value)
        return rule is None or rule[0](answers, facts)

    def describe_answer(self, question_id: str, value: Any) -> str:
        """An answer as people read it in a sentence: '5,000,000', or the chosen label."""
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        if question_id not in self.question_ids:
            return ""
        for choice in self.kb.question(question_id).choices:
            if choice.value == value:
                return choice.label[:1].lower() + choice.label[1:]
        return "" if value is None else str(value)

    # ------------------------------------------------------------ per-version extras
    def standing_terms(self, facts: VersionFacts) -> tuple[StandingTerm, ...]:
        """The agreement's standing terms for the version, each quoted (none without an agreement)."""
        found = self._terms.get(facts.id)
        if found is None:
            found = self._terms[facts.id] = tuple(
                StandingTerm(
                    term.id,
                    term.title,
                    self.fill(term.text, facts),
                    facts.clauses[term.clause],
                    self.kb.documents[facts.clauses[term.clause].document].title,
                )
                for term in self.kb.terms
                if facts.published_agreement and holds_for_facts(term.when, facts)
            )
        return found

    def license_identifiers(self, facts: VersionFacts) -> Mapping[str, str | None]:
        """The version's license as tools name it: Hub id, ScanCode key, agreement title (read-only)."""
        title = self.kb.documents[facts.agreement].title if facts.agreement else None
        return read_only({"hub": facts.hub_license_id, "scancode": facts.scancode_key, "title": title})

    # ------------------------------------------------------------ findings
    def finding(
        self, entry: RuleEntry, facts: VersionFacts, answers: dict[str, Any], item: str
    ) -> Finding | Note | Obligation | NextStep:
        """The immutable result of a fired rule, built once per distinct text."""
        rule = entry.rule
        key = (rule.id, facts.id, item, answers.get("mau") if entry.needs_answers else None)
        found = self._findings.get(key)
        if found is not None:
            return found
        source, title = self.cite(rule.source, facts, rule.id, item)
        label = self.kb.aup_categories[item].label if item else ""
        text = self.rule_text(entry, facts, answers, label)
        if rule.kind == "note":
            found = Note(rule.id, rule.outcome, text, source, title, rule.unsettled)
        elif rule.kind == "next_step":
            found = NextStep(rule.outcome, text, source, title, rule.id)
        elif rule.kind == "obligation":
            found = Obligation(rule.outcome, text, source, title, rule.id, (facts.id,))
        else:
            found = Finding(rule.id, text, source, title)
        if len(self._findings) > 50_000:  # answers with many distinct user counts
            self._findings.clear()
        self._findings[key] = found
        return found

    # ------------------------------------------------------------ citations
    def cite(self, ref: SourceRef, facts: VersionFacts, owner: str, category: str = "") -> tuple[Source, str]:
        """Resolve a SourceRef for a version: (source, document title)."""
        key = (owner, facts.id, category)
        found = self._citations.get(key)
        if found is None:
            source = self._resolve(ref, facts, owner, category)
            found = self._citations[key] = (source, self.kb.documents[source.document].title)
        return found

    def _resolve(self, ref: SourceRef, facts: VersionFacts, owner: str, category: str) -> Source:
        if ref.kind == "direct" and ref.source is not None:
            return ref.source
        if ref.kind == "clause":
            for name in ref.clauses:
                if name in facts.clauses:
                    return facts.clauses[name]
            raise LookupError(f"{owner} cites clause {'/'.join(ref.clauses)}, which {facts.name} does not have")
        wanted = category if ref.kind == "aup_each" else ref.category
        texts = self.kb.aup_categories[wanted].texts
        if facts.id not in texts:
            raise LookupError(f"{owner} cites use-policy item {wanted}, which {facts.name} does not have")
        return texts[facts.id]

    # ------------------------------------------------------------ answer values
    def normalise(self, question: Question, value: Any, facts: VersionFacts | None) -> Any:
        """Type-check one answer and return its canonical value (raises AnswersError)."""
        kind = question.type
        if kind == "bool":
            if isinstance(value, bool):
                return value
            raise AnswersError(f"expected true or false, found {_describe(value)}", question.id)
        if kind == "int":
            if isinstance(value, str) and value in {choice.value for choice in question.choices}:
                return value
            if isinstance(value, int) and not isinstance(value, bool):
                if question.minimum is not None and value < question.minimum:
                    raise AnswersError(f"must be {question.minimum} or more, found {value}", question.id)
                return value
            hint = " (write the number in digits, e.g. 700000000)" if isinstance(value, str) else ""
            words = "".join(f" or {choice.value}" for choice in question.choices)
            raise AnswersError(f"expected a whole number{words}, found {_describe(value)}{hint}", question.id)
        if kind == "choice":
            allowed = tuple(c.value for c in question.choices)
            text = value if isinstance(value, str) else None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                text = str(value)  # YAML reads `version: 3.1` as a number
            if text in allowed:
                return text
            raise AnswersError(f"expected one of {', '.join(allowed)}, found {_describe(value)}", question.id)
        return self._normalise_multi(question, value, facts)

    def _normalise_multi(self, question: Question, value: Any, facts: VersionFacts | None) -> tuple[str, ...]:
        if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
            raise AnswersError(f"expected a list of category ids, found {_describe(value)}", question.id)
        allowed = self.multi_choices(question, facts)
        for item in value:
            if item not in allowed:
                if item in question.exclude:
                    reason = "has its own question"
                elif item in self.kb.aup_categories and facts is not None:
                    reason = f"is not in the {facts.name} Acceptable Use Policy"
                else:
                    reason = "is not a known category"
                raise AnswersError(f'"{visible(item)}" {reason}; valid ids: {", ".join(allowed)}', question.id)
        if len(set(value)) != len(value):
            raise AnswersError("lists a category twice", question.id)
        return tuple(value)

    def multi_choices(self, question: Question, facts: VersionFacts | None) -> tuple[str, ...]:
        key = (question.id, facts.id if facts else "")
        found = self._multi.get(key)
        if found is None:
            found = self._multi[key] = self._multi_choices(question, facts)
        return found

    def _multi_choices(self, question: Question, facts: VersionFacts | None) -> tuple[str, ...]:
        return tuple(
            cid
            for cid, category in self.kb.aup_categories.items()
            if cid not in question.exclude and (facts is None or facts.id in category.texts)
        )


def _describe(value: Any) -> str:
    return type_name(value)


_COMPILED: dict[str, CompiledKnowledge] = {}


def compiled(kb: KnowledgeBase) -> CompiledKnowledge:
    """The compiled form of kb, built once per ruleset digest."""
    found = _COMPILED.get(kb.sha256)
    if found is None or found.kb is not kb:
        found = _COMPILED[kb.sha256] = CompiledKnowledge(kb)
    return found
