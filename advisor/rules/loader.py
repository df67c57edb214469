"""Load the knowledge base from resources/knowledge/*.yaml and validate all of it.

Every problem is reported as ``file:line: what is wrong``. Validation is strict:
unknown keys, unknown questions or documents in conditions and citations, and
duplicate ids are all errors.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from advisor.model import (
    CERTAINTIES,
    CHECK_IDS,
    OBLIGATION_IDS,
    QUESTION_TYPES,
    VERDICTS,
    AupCategory,
    Choice,
    Document,
    Implication,
    KnowledgeBase,
    Question,
    Rule,
    SourceRef,
    Term,
    VersionFacts,
    read_only,
)
from advisor.resources import resources_dir
from advisor.rules.conditions import holds_for_facts, parse_condition
from advisor.rules.facts import load_aup, load_documents, load_versions, parse_source
from advisor.rules.snapshot import KNOWLEDGE_FILES, read_snapshot, sources_digest
from advisor.rules.structure import (
    StructureError,
    YamlPath,
    closest,
    expect_bool,
    expect_list,
    expect_mapping,
    expect_str,
)
from advisor.rules.validated import read_validated
from advisor.rules.wording import load_wording

QUESTION_PLACEHOLDERS = ("version_name", "release_date", "count_month")
RULE_KINDS = ("verdict", "obligation", "note", "next_step")
RULE_PLACEHOLDERS = (
    "version_name",
    "agreement_title",
    "use_policy_title",
    "release_date",
    "count_month",
    "product_trigger",
    "built_with",
    "notice",
    "name_prefix",
    "mau",
    "item",
)


class KnowledgeError(Exception):
    """The knowledge base is invalid; str() is 'file:line: message'."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
        self.file = file
        self.line = line
        self.message = message


def load_knowledge_base(root: Path | None = None, revalidate: bool = False) -> KnowledgeBase:
    """Load the knowledge base below root (default: the shipped one), validated: a build's validated
    snapshot while it is for these YAML files (see advisor.rules.validated), else (or with `revalidate`) here."""
    return _load(str(root or resources_dir()), revalidate)


def read_sources(folder: Path) -> tuple[dict[str, str], str]:
    """The knowledge files' texts, and the sha256 of their names and bytes."""
    texts: dict[str, str] = {}
    sources: list[tuple[str, bytes]] = []
    for name in KNOWLEDGE_FILES:
        path = folder / name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise KnowledgeError(str(path), None, f"cannot read: {exc.strerror}") from None
        sources.append((name, data))
        try:
            texts[name] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise KnowledgeError(str(path), None, f"not UTF-8 text ({exc.reason})") from None
    return texts, sources_digest(sources)


def parse_sources(folder: Path, texts: dict[str, str]) -> dict[str, Any]:
    """Each knowledge file parsed from its YAML text."""
    from advisor.rules.yamlsource import YamlSyntaxError, parse_yaml  # PyYAML only when there is YAML to read

    parsed: dict[str, Any] = {}
    for name, text in texts.items():
        try:
            parsed[name] = parse_yaml(text)
        except YamlSyntaxError as exc:
            raise KnowledgeError(str(folder / name), exc.line, str(exc)) from None
    return parsed


@lru_cache(maxsize=4)
def _load(root: str, revalidate: bool = False) -> KnowledgeBase:
    folder = Path(root) / "knowledge"
    texts, digest = read_sources(folder)
    kept = None if revalidate else read_validated(root, digest)
    if kept is not None:
        return kept
    parsed = read_snapshot(folder, digest, KNOWLEDGE_FILES) or parse_sources(folder, texts)
    return build_knowledge_base(root, texts, digest, parsed)


def build_knowledge_base(root: str, texts: dict[str, str], digest: str, parsed: dict[str, Any]) -> KnowledgeBase:
    """Validate the parsed knowledge files (texts: for the lines of errors) and build the knowledge base."""
    folder = Path(root) / "knowledge"
    current = ""
    try:
        current = "documents.yaml"
        documents = load_documents(parsed[current], Path(root))
        current = "versions.yaml"
        versions = load_versions(parsed[current], documents)
        current = "aup.yaml"
        categories = load_aup(parsed[current], versions)
        current = "questions.yaml"
        questions = _questions(parsed[current], versions, categories, documents)
        current = "rules.yaml"
        ruleset_version, rules, labels = _rules(parsed[current], questions, versions, categories, documents)
        terms = _terms(parsed[current], versions)
        binds_every_user = _obligation_ids(parsed[current]["binds_every_user"], ("binds_every_user",))
        current = "wording.yaml"
        wording = load_wording(parsed[current])
    except StructureError as exc:
        from advisor.rules.yamlsource import line_of

        line = line_of(texts[current], exc.path)
        raise KnowledgeError(str(folder / current), line, exc.message) from None
    return KnowledgeBase(
        ruleset_version=ruleset_version,
        sha256=digest,
        documents=read_only(documents),
        versions=read_only(versions),
        aup_categories=read_only(categories),
        questions=questions,
        rules=rules,
        terms=terms,
        binds_every_user=binds_every_user,
        verdict_labels=read_only(labels["verdict_labels"]),
        obligation_titles=read_only(labels["obligation_titles"]),
        attribution_labels=read_only(labels["attribution_labels"]),
        certainty_labels=read_only(labels["certainty_labels"]),
        check_labels=read_only(labels["check_labels"]),
        wording=wording,
    )


def _source_ref(
    raw: Any,
    path: YamlPath,
    versions: dict[str, VersionFacts],
    categories: dict[str, AupCategory],
    documents: dict[str, Document],
) -> SourceRef:
    if not isinstance(raw, dict):
        raise StructureError(path, "source must be a mapping")
    if "clause" in raw:
        expect_mapping(raw, path, required=("clause",))
        names = raw["clause"] if isinstance(raw["clause"], list) else [raw["clause"]]
        known = sorted({name for facts in versions.values() for name in facts.clauses})
        for name in names:
            if name not in known:
                raise StructureError(path + ("clause",), f'unknown clause "{name}"{closest(str(name), known)}')
        return SourceRef("clause", clauses=tuple(names))
    if "aup" in raw:
        expect_mapping(raw, path, required=("aup",))
        category = raw["aup"]
        if category == "each":
            return SourceRef("aup_each")
        if category not in categories:
            raise StructureError(
                path + ("aup",), f'unknown use-policy category "{category}"{closest(str(category), tuple(categories))}'
            )
        return SourceRef("aup", category=category)
    return SourceRef("direct", source=parse_source(raw, path, documents))


def _check_placeholders(text: str, path: YamlPath, allowed: tuple[str, ...]) -> str:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise StructureError(path, f"bad placeholder: {exc}") from None
    for name in names:
        if name not in allowed:
            raise StructureError(path, f'unknown placeholder "{{{name}}}"{closest(name, allowed)}')
    return text


def _questions(
    raw: Any, versions: dict[str, VersionFacts], categories: dict[str, AupCategory], documents: dict[str, Document]
) -> tuple[Question, ...]:
    top = expect_mapping(raw, (), required=("questions",))
    questions: list[Question] = []
    earlier: tuple[str, ...] = ()
    display = ("placeholder", "choices_intro", "unit")
    keys = ("choices", "choices_from", "exclude", "minimum", "help", "relevant_when", "implied", *display)
    for index, entry in enumerate(expect_list(top["questions"], ("questions",))):
        path: YamlPath = ("questions", index)
        expect_mapping(entry, path, required=("id", "label", "prompt", "type", "why", "source"), optional=keys)
        question_id = expect_str(entry["id"], path + ("id",))
        if question_id in earlier:
            raise StructureError(path + ("id",), f'duplicate question id "{question_id}"')
        kind = entry["type"]
        if kind not in QUESTION_TYPES:
            raise StructureError(
                path + ("type",), f'unknown question type "{kind}"{closest(str(kind), QUESTION_TYPES)}'
            )
        choices: list[Choice] = []
        if kind in ("choice", "int") and (kind == "choice" or "choices" in entry):
            for choice_index, choice in enumerate(expect_list(entry.get("choices"), path + ("choices",))):
                choice_path = path + ("choices", choice_index)
                expect_mapping(choice, choice_path, required=("value", "label"), optional=("when", "unavailable"))
                label_path = choice_path + ("label",)
                if ("when" in choice) != ("unavailable" in choice):
                    raise StructureError(choice_path, "a choice with when also needs unavailable (and the reverse)")
                choices.append(
                    Choice(
                        expect_str(choice["value"], choice_path + ("value",)),
                        _check_placeholders(expect_str(choice["label"], label_path), label_path, QUESTION_PLACEHOLDERS),
                        parse_condition(choice.get("when"), choice_path + ("when",), earlier),
                        _check_placeholders(
                            expect_str(choice.get("unavailable", "-"), choice_path + ("unavailable",)),
                            choice_path + ("unavailable",),
                            QUESTION_PLACEHOLDERS,
                        )
                        if "unavailable" in choice
                        else "",
                    )
                )
        elif "choices" in entry:
            raise StructureError(path + ("choices",), "only choice and int questions have choices")
        if kind == "multi" and entry.get("choices_from") != "aup_categories":
            raise StructureError(path + ("choices_from",), "a multi question needs choices_from: aup_categories")
        exclude = tuple(entry.get("exclude", ()))
        for name in exclude:
            if name not in categories:
                raise StructureError(path + ("exclude",), f'unknown use-policy category "{name}"')
        implied = tuple(
            Implication(
                parse_condition(item.get("when"), path + ("implied", i, "when"), earlier),
                item.get("value"),
                _check_placeholders(
                    expect_str(item.get("error"), path + ("implied", i, "error")),
                    path + ("implied", i, "error"),
                    QUESTION_PLACEHOLDERS,
                ),
            )
            for i, item in enumerate(expect_list(entry.get("implied", []), path + ("implied",)))
            if expect_mapping(item, path + ("implied", i), required=("when", "value", "error"))
        )
        for key in ("prompt", "why", "help"):
            if key in entry:
                _check_placeholders(expect_str(entry[key], path + (key,)), path + (key,), QUESTION_PLACEHOLDERS)
        questions.append(
            Question(
                id=question_id,
                label=expect_str(entry["label"], path + ("label",)),
                prompt=entry["prompt"],
                type=kind,
                why=entry["why"],
                source=_source_ref(entry["source"], path + ("source",), versions, categories, documents),
                relevant_when=parse_condition(entry.get("relevant_when"), path + ("relevant_when",), earlier),
                choices=tuple(choices),
                exclude=exclude,
                minimum=entry.get("minimum"),
                help=entry.get("help", ""),
                implied=implied,
                **{key: expect_str(entry[key], path + (key,)) for key in display if key in entry},
            )
        )
        earlier += (question_id,)
    if not questions or questions[0].id != "version" or questions[0].type != "choice":
        raise StructureError(("questions", 0), 'the first question must be the choice "version"')
    missing = sorted(set(versions) - {c.value for c in questions[0].choices})
    if missing or len(questions[0].choices) != len(versions):
        raise StructureError(("questions", 0, "choices"), "the version choices must match versions.yaml exactly")
    return tuple(questions)


def _rules(
    raw: Any,
    questions: tuple[Question, ...],
    versions: dict[str, VersionFacts],
    categories: dict[str, AupCategory],
    documents: dict[str, Document],
) -> tuple[str, tuple[Rule, ...], dict[str, dict[str, str]]]:
    label_keys = {
        "verdict_labels": VERDICTS,
        "obligation_titles": OBLIGATION_IDS,
        "attribution_labels": ("built_with", "notice", "name_prefix"),
        "certainty_labels": CERTAINTIES,
        "check_labels": CHECK_IDS,
    }
    top = expect_mapping(raw, (), required=("ruleset_version", *label_keys, "rules", "terms", "binds_every_user"))
    labels = {name: _labels(top[name], (name,), keys) for name, keys in label_keys.items()}
    question_ids = tuple(q.id for q in questions)
    multi_ids = tuple(q.id for q in questions if q.type == "multi")
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, entry in enumerate(expect_list(top["rules"], ("rules",))):
        path: YamlPath = ("rules", index)
        expect_mapping(
            entry,
            path,
            required=("id", "text", "source"),
            optional=("when", *RULE_KINDS, "for_each", "unsettled"),
        )
        rule_id = expect_str(entry["id"], path + ("id",))
        if rule_id in seen:
            raise StructureError(path + ("id",), f'duplicate rule id "{rule_id}"')
        seen.add(rule_id)
        outcomes = [key for key in RULE_KINDS if key in entry]
        if len(outcomes) != 1:
            raise StructureError(path, "a rule has exactly one of verdict, obligation, note or next_step")
        kind = outcomes[0]
        outcome = expect_str(entry[kind], path + (kind,))
        allowed = {"verdict": VERDICTS, "obligation": OBLIGATION_IDS}.get(kind)
        if allowed is not None and outcome not in allowed:
            raise StructureError(path + (kind,), f'unknown {kind} "{outcome}"{closest(outcome, allowed)}')
        for_each = entry.get("for_each")
        if for_each is not None and for_each not in multi_ids:
            raise StructureError(
                path + ("for_each",), f"for_each must name a multi-choice question ({', '.join(multi_ids)})"
            )
        source = _source_ref(entry["source"], path + ("source",), versions, categories, documents)
        if (source.kind == "aup_each") != (for_each is not None):
            raise StructureError(path + ("source",), "source aup: each goes with for_each, and only with it")
        rules.append(
            Rule(
                id=rule_id,
                when=parse_condition(entry.get("when"), path + ("when",), question_ids),
                kind=kind,
                outcome=outcome,
                text=_check_placeholders(
                    expect_str(entry["text"], path + ("text",)), path + ("text",), RULE_PLACEHOLDERS
                ),
                source=source,
                for_each=for_each,
                unsettled=expect_bool(entry.get("unsettled", False), path + ("unsettled",)),
            )
        )
    return str(top["ruleset_version"]), tuple(rules), labels


def _obligation_ids(raw: Any, path: YamlPath) -> tuple[str, ...]:
    ids = tuple(expect_list(raw, path))
    for index, item in enumerate(ids):
        if item not in OBLIGATION_IDS:
            raise StructureError(path + (index,), f'unknown obligation "{item}"{closest(str(item), OBLIGATION_IDS)}')
    return ids


def _terms(raw: dict[str, Any], versions: dict[str, VersionFacts]) -> tuple[Term, ...]:
    """The standing terms: each names a clause that every version with an agreement quotes."""
    terms: list[Term] = []
    for index, entry in enumerate(expect_list(raw["terms"], ("terms",))):
        path: YamlPath = ("terms", index)
        expect_mapping(entry, path, required=("id", "title", "text", "clause"), optional=("when",))
        clause = expect_str(entry["clause"], path + ("clause",))
        when = parse_condition(entry.get("when"), path + ("when",), ())
        for facts in versions.values():
            applies = facts.published_agreement and holds_for_facts(when, facts)
            if applies and clause not in facts.clauses:
                raise StructureError(path + ("clause",), f'{facts.name} has no clause "{clause}"')
        if any(term.id == entry["id"] for term in terms):
            raise StructureError(path + ("id",), f'duplicate term id "{entry["id"]}"')
        terms.append(
            Term(
                expect_str(entry["id"], path + ("id",)),
                expect_str(entry["title"], path + ("title",)),
                _check_placeholders(expect_str(entry["text"], path + ("text",)), path + ("text",), RULE_PLACEHOLDERS),
                clause,
                when,
            )
        )
    return tuple(terms)


def _labels(raw: Any, path: YamlPath, keys: tuple[str, ...]) -> dict[str, str]:
    """A mapping with exactly the given keys, each to non-empty text."""
    entries = expect_mapping(raw, path, required=keys)
    return {key: expect_str(entries[key], (*path, key)) for key in keys}
