"""Every combination of answers, found by walking the interview with next_question.

Each relevant question branches on its whole domain (bools, every choice, mau at 0,
700,000,000 and 700,000,001, aup_concerns empty / each single category / all). Every
complete answer set must assess cleanly, cite only quotes found in the bundled texts,
and agree with an independent reading of the licences (FACTS.md §A, §B, §E).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from advisor.engine import assess, next_question
from advisor.engine.compiled import compiled
from advisor.model import OBLIGATION_IDS, VERDICTS, Assessment, KnowledgeBase, Question, Source
from advisor.resources import resources_dir
from advisor.rules.citations import normalise_whitespace

MAU_VALUES = (0, 700_000_000, 700_000_001)
EU_MULTIMODAL_VERSIONS = {"3.2", "3.3", "4"}
OUTPUTS_BAN_VERSIONS = {"2", "3"}


def domain(kb: KnowledgeBase, question: Question, partial: dict[str, Any]) -> list[Any]:
    """Every answer worth trying for one question, given the answers so far."""
    if question.type == "choice":
        return [choice.value for choice in question.choices]
    if question.type == "bool":
        return [False, True]
    if question.type == "int":
        return list(MAU_VALUES)
    assert question.type == "multi", question.type
    categories = list(compiled(kb).multi_choices(question, kb.versions[partial["version"]]))
    assert categories, f"no categories for {question.id} in version {partial['version']}"
    return [[], *([c] for c in categories), categories]


def enumerate_answers(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """All complete answer sets reachable through the interview."""
    complete: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = [{}]
    while stack:
        partial = stack.pop()
        question = next_question(kb, partial)
        if question is None:
            complete.append(partial)
            continue
        assert question.id not in partial, f"{question.id} asked again"
        stack.extend({**partial, question.id: value} for value in domain(kb, question, partial))
    return complete


def expected_verdict(answers: dict[str, Any]) -> str:
    """The verdict read straight from the texts, independent of rules.yaml."""
    version = answers["version"]
    if version == "1":  # Llama 2 FAQ: "Llama 1 was limited to non-commercial use"
        return "prohibited" if answers["commercial"] else "permitted"
    if answers["critical_infrastructure"] or answers["aup_concerns"]:  # AUP, incorporated by §1.b.iv
        return "prohibited"
    # §1.b.ii lifts only §2 for end users; the AUP's EU paragraph excepts them too.
    developer = answers["role"] == "developer"
    if developer and version in EU_MULTIMODAL_VERSIONS and answers["multimodal"] and answers["eu"]:
        return "prohibited"
    trains = answers["trains_other_model"]  # asked of developers and end users alike
    if version in OUTPUTS_BAN_VERSIONS and trains and not answers["other_model_is_llama_derivative"]:  # §1.b.v
        return "prohibited"
    if developer and answers["mau"] > 700_000_000:  # §2: "greater than 700 million"
        return "license_required"
    return "permitted"


def expected_obligations(answers: dict[str, Any]) -> set[str]:
    """The obligation ids read straight from §1.b.i, §1.b.iii and §1.b.iv."""
    version = answers["version"]
    if version == "1":
        return set()
    found = {"acceptable_use"}
    # End users are not asked whether they distribute (they received an integrated product),
    # but §1.b.i and its naming sentence bind them when they distribute a model they trained.
    distributes = answers["distributes"] if answers["role"] == "developer" else False
    trains = answers["trains_other_model"]
    derivative = trains and answers["other_model_is_llama_derivative"]
    model_out = trains and answers["other_model_distributed"]
    if distributes or (derivative and model_out):
        found |= {"license_copy", "notice"} | ({"built_with"} if version != "2" else set())
    # Naming (last sentence of §1.b.i): none in Llama 2; a model made with outputs is
    # banned outright in Llama 3 unless it is a derivative.
    if model_out and version != "2" and (derivative or version not in OUTPUTS_BAN_VERSIONS):
        found.add("name_prefix")
    return found


class CitationChecker:
    """Checks quotes against the bundled documents; texts and results are cached."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.texts: dict[str, str] = {}
        self.checked: dict[tuple[str, str], bool] = {}

    def found(self, source: Source) -> bool:
        key = (source.document, source.quote)
        result = self.checked.get(key)
        if result is None:
            text = self.texts.get(source.document)
            if text is None:
                path = resources_dir() / self.kb.documents[source.document].file
                text = self.texts[source.document] = normalise_whitespace(path.read_text(encoding="utf-8"))
            result = self.checked[key] = bool(source.quote.strip()) and normalise_whitespace(source.quote) in text
        return result


def problems(kb: KnowledgeBase, answers: dict[str, Any], result: Assessment, citations: CitationChecker) -> list[str]:
    """Everything wrong with one assessment (empty when it is sound)."""
    found: list[str] = []
    version = kb.versions[result.version]
    if result.version != answers["version"]:
        found.append(f"version {result.version}")
    if result.verdict not in VERDICTS:
        found.append(f"verdict {result.verdict!r}")
    if not result.reasons:
        found.append("no reason")
    if result.verdict != expected_verdict(result.answers):
        found.append(f"verdict {result.verdict}, the texts give {expected_verdict(result.answers)}")
    ids = [o.id for o in result.obligations]
    if set(ids) != expected_obligations(result.answers):
        found.append(f"obligations {sorted(ids)}, the texts give {sorted(expected_obligations(result.answers))}")
    if ids != [i for i in OBLIGATION_IDS if i in ids]:
        found.append(f"obligations out of order {ids}")
    kinds = {rule.id: (rule.kind, rule.outcome) for rule in kb.rules}
    fired = [kinds[r.rule] for r in result.reasons]
    severity = max((VERDICTS.index(outcome) for kind, outcome in fired if kind == "verdict"), default=-1)
    if severity < 0 or VERDICTS[severity] != result.verdict:
        found.append("verdict is not the most severe verdict among the reasons")
    if any(kinds[n.rule][0] != "note" for n in result.notes):
        found.append("a non-note rule among the notes")
    reason_rules = {r.rule for r in result.reasons}
    for obligation in result.obligations:
        if obligation.rule not in reason_rules or kinds[obligation.rule] != ("obligation", obligation.id):
            found.append(f"obligation {obligation.id} has no matching reason")
    for field in ("built_with", "notice", "name_prefix"):
        value = getattr(result.attribution, field)
        expected = getattr(version, field) if field in ids else None
        if value != expected or (field in ids and not value):
            found.append(f"attribution {field} = {value!r} with obligations {ids}")
    for finding in (*result.reasons, *result.obligations, *result.notes):
        source = finding.source
        document = kb.documents.get(source.document)
        if document is None:
            found.append(f"{type(finding).__name__} cites unknown document {source.document}")
            continue
        if not citations.found(source):
            found.append(f"quote not found in {source.document}: {source.quote[:60]!r}")
        if document.version not in (None, result.version):
            found.append(f"cites {source.document}, a document of another version")
        if not finding.text.strip() or "{" in finding.text:
            found.append(f"{type(finding).__name__} text unformatted: {finding.text[:60]!r}")
    if set(result.unused) & set(result.answers):
        found.append("an answer is both used and unused")
    return found


@pytest.fixture(scope="module")
def combinations(kb: KnowledgeBase) -> list[dict[str, Any]]:
    return enumerate_answers(kb)


def test_enumeration_covers_every_version_and_value(kb: KnowledgeBase, combinations: list[dict[str, Any]]) -> None:
    assert len(combinations) >= 5000
    assert len({tuple(sorted((k, repr(v)) for k, v in c.items())) for c in combinations}) == len(combinations)
    per_version = Counter(c["version"] for c in combinations)
    assert set(per_version) == set(kb.versions)
    assert per_version["1"] == 2  # commercial yes/no; nothing else is asked
    assert {c["mau"] for c in combinations if "mau" in c} == set(MAU_VALUES)
    assert {c["role"] for c in combinations if "role" in c} == {"developer", "end_user"}
    assert any(c.get("eu") for c in combinations if c["version"] == "4")
    assert not any("eu" in c for c in combinations if c["version"] in {"2", "3", "3.1", "3.3"})
    assert not any("multimodal" in c for c in combinations if c["version"] in {"3.3", "4"})  # implied, not asked
    # The training questions are asked of everyone bound by a Community agreement, end users included.
    assert all("trains_other_model" in c for c in combinations if c["version"] != "1")
    assert not any("trains_other_model" in c for c in combinations if c["version"] == "1")
    end_users = [c for c in combinations if c.get("role") == "end_user"]
    assert not any({"eu", "mau", "distributes"} & set(c) for c in end_users)
    assert {(c["version"], c["other_model_is_llama_derivative"], c["other_model_distributed"])
            for c in end_users if c["trains_other_model"]} == {
        (v, d, o) for v in kb.versions if v != "1" for d in (False, True) for o in (False, True)
    }  # fmt: skip
    for version in kb.versions.values():
        if version.id != "1":
            question = kb.question("aup_concerns")
            singles = {
                c["aup_concerns"][0] for c in combinations if c["version"] == version.id and len(c["aup_concerns"]) == 1
            }
            assert singles == set(compiled(kb).multi_choices(question, version))


def test_every_combination_assesses_soundly(
    kb: KnowledgeBase, combinations: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    citations = CitationChecker(kb)
    failures: list[str] = []
    verdicts: Counter[str] = Counter()
    for answers in combinations:
        result = assess(kb, answers)
        verdicts[result.verdict] += 1
        failures.extend(f"{answers}: {problem}" for problem in problems(kb, answers, result, citations))
        if len(failures) > 20:
            break
    assert not failures, "\n".join(failures[:20])
    assert set(verdicts) == set(VERDICTS)
    assert all(citations.checked.values())
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
