"""Every combination of answers, found by walking the interview with next_question.

Each relevant question branches on its whole domain: bools, every choice, mau at 0,
700,000,000 and 700,000,001 and both named bands. aup_concerns branches on none, all, and
one single category that rotates through the version's policy, so every category is tried
alone somewhere without multiplying the whole tree by the length of the policy. Every
complete answer set (as a format-2 answers file) must assess cleanly, cite only quotes found
in the bundled texts, and agree with an independent reading of the licences (FACTS.md §A,
§B, §E; Meta's FAQ where the agreement leaves a point open) on the verdict, the duties and
the certainty.
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

BANDS = ("far_below_threshold", "far_above_threshold")
MAU_VALUES: tuple[Any, ...] = (0, 700_000_000, 700_000_001, *BANDS)
EU_MULTIMODAL_VERSIONS = {"3.2", "3.3", "4"}
OUTPUTS_BAN_VERSIONS = {"2", "3"}
KINDS = ("same_llama", "other_llama", "other_llm", "other_ai")
STANDING_TERMS = frozenset({"indemnity", "litigation_termination", "termination", "trade_compliance", "governing_law"})


class Enumerator:
    """Walks the interview; the single aup category tried on each branch rotates per version."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.turn: Counter[str] = Counter()

    def domain(self, question: Question, partial: dict[str, Any]) -> list[Any]:
        """The answers tried for one question, given the answers so far."""
        if question.type == "choice":
            values = [choice.value for choice in question.choices]
            if question.id == "other_model_kind" and partial.get("role") == "end_user":
                # Issue 8 §1: fine-tuning the model itself is building with it, not end use;
                # the interview refuses the combination (test_end_user_cannot_fine_tune_the_model).
                values.remove("same_llama")
            return values
        if question.type == "bool":
            return [False, True]
        if question.type == "int":
            assert tuple(choice.value for choice in question.choices) == BANDS, question.id
            return list(MAU_VALUES)
        assert question.type == "multi", question.type
        version = partial["version"]
        categories = list(compiled(self.kb).multi_choices(question, self.kb.versions[version]))
        assert categories, f"no categories for {question.id} in version {version}"
        single = categories[self.turn[version] % len(categories)]
        self.turn[version] += 1
        return [[], [single], categories]

    def all(self) -> list[dict[str, Any]]:
        """All complete answer sets reachable through the interview."""
        complete: list[dict[str, Any]] = []
        stack: list[dict[str, Any]] = [{}]
        while stack:
            partial = stack.pop()
            question = next_question(self.kb, partial)
            if question is None:
                complete.append(partial)
                continue
            assert question.id not in partial, f"{question.id} asked again"
            stack.extend({**partial, question.id: value} for value in self.domain(question, partial))
        return complete


def over_threshold(mau: Any) -> bool:
    """§2: "greater than 700 million" (exactly 700,000,000 is not)."""
    return mau == "far_above_threshold" or (isinstance(mau, int) and mau > 700_000_000)


def multimodal_restricted(answers: dict[str, Any]) -> bool:
    """The AUP paragraph of 3.2, 3.3 and 4 withholds §1(a) for multimodal models; end users are excepted."""
    return answers["version"] in EU_MULTIMODAL_VERSIONS and answers["role"] == "developer" and answers["multimodal"]


def prohibitions(answers: dict[str, Any]) -> tuple[bool, bool]:
    """(a settled reason to prohibit, a reason that rests on the reading that grants less)."""
    settled = open_point = False
    if answers["critical_infrastructure"] or answers["aup_concerns"]:  # AUP, incorporated by §1.b.iv
        settled = True
    if multimodal_restricted(answers):
        if answers["eu"]:
            # Own copy: the AUP's words. Hosted API: whether an API customer is one of the "end users of
            # a product or service that incorporates" the model is not settled (issue 8 §1).
            if answers["access"] == "own_copy":
                settled = True
            else:
                open_point = True
        elif answers["eu_affiliates_involved"]:  # FAQ: "Any EU based affiliates may not be involved"
            settled = True
    if answers["version"] in OUTPUTS_BAN_VERSIONS and answers["trains_other_model"]:
        kind = answers["other_model_kind"]
        if kind in ("other_llama", "other_llm"):  # §1.b.v: "any other large language model (excluding Llama 2 …)"
            settled = True
        elif kind == "other_ai":  # §1.b.v says "large language model"; the FAQ says "AI model (LLM or otherwise)"
            open_point = True
    return settled, open_point


def expected_verdict(answers: dict[str, Any]) -> str:
    """The verdict read straight from the texts, independent of rules.yaml."""
    if answers["version"] == "1":
        # Llama 2 FAQ: "Llama 1 was limited to non-commercial use"; the model card's "Non-commercial
        # bespoke license" was granted to applicants, and no license covers a copy from anyone else.
        if answers["commercial"]:
            return "prohibited"
        return "permitted" if answers["weights_from_meta"] else "license_required"
    if any(prohibitions(answers)):
        return "prohibited"
    developer = answers["role"] == "developer"  # §1.b.ii lifts §2 for end users
    if developer and over_threshold(answers["mau"]) and not answers["separate_license_from_meta"]:
        return "license_required"  # §2: "you must request a license from Meta"
    return "permitted"


def expected_certainty(answers: dict[str, Any]) -> str:
    """Unsettled where the verdict (or a duty of a permitted use) rests on an open reading."""
    if answers["version"] == "1":
        # No published license: what a grant allows, and whether a copy from elsewhere can be
        # licensed, is unknown. That Llama 1 is not licensed for commercial use is settled by the FAQ.
        return "settled" if answers["commercial"] else "unsettled"
    settled, open_point = prohibitions(answers)
    if settled:
        return "settled"
    if open_point:
        return "unsettled"
    hosted_llama2 = answers["version"] == "2" and distributes(answers) and not answers["ships_copies"]
    if expected_verdict(answers) == "permitted" and hosted_llama2:
        return "unsettled"  # Llama 2 §1.b.i: does a service "make the Llama Materials … available"?
    if expected_verdict(answers) == "permitted" and answers.get("separate_license_from_meta"):
        return "unsettled"  # §2: rights rest on Meta's grant, whose own terms the advisor has not seen
    return "settled"


def distributes(answers: dict[str, Any]) -> bool:
    # End users are not asked whether they distribute (they received an integrated product).
    return answers["role"] == "developer" and answers["distributes"]


def expected_obligations(answers: dict[str, Any]) -> set[str]:
    """The duties §1.b.i, §1.b.iii and §1.b.iv attach to the use (obligations ∪ if_licensed)."""
    version = answers["version"]
    if version == "1":
        return set()
    found = {"acceptable_use"}
    trains = answers["trains_other_model"]
    same = trains and answers["other_model_kind"] == "same_llama"
    model_out = trains and answers["other_model_distributed"]
    # §1.b.i: Llama 2 "distribute or make … available to a third party" (a hosted service on the
    # cautious reading); Llama 3 a "product or service that uses any of them", 3.1+ "that contains
    # any of them" (the FAQ: "built on or incorporates"). A distributed fine-tune is a derivative.
    if distributes(answers) or (same and model_out):
        found.add("license_copy")
        if version != "2":
            found.add("built_with")
    # §1.b.iii: the Notice goes "in all copies of the Llama Materials that you distribute".
    if (distributes(answers) and answers["ships_copies"]) or (same and model_out and not distributes(answers)):
        found.add("notice")
    # Naming (last sentence of §1.b.i): none in Llama 2; Llama 3 by using "the Llama Materials" (its own
    # derivative; any other model is banned by §1.b.v); 3.1+ also "any outputs or results", any model.
    if model_out and version != "2" and (same or version not in OUTPUTS_BAN_VERSIONS):
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
    used = result.answers
    if result.version != answers["version"]:
        found.append(f"version {result.version}")
    if result.verdict not in VERDICTS:
        found.append(f"verdict {result.verdict!r}")
    if not result.reasons:
        found.append("no reason")
    verdict = expected_verdict(used)
    if result.verdict != verdict:
        found.append(f"verdict {result.verdict}, the texts give {verdict}")
    if result.certainty != expected_certainty(used):
        found.append(f"certainty {result.certainty}, the texts give {expected_certainty(used)}")
    if (result.answers_format, result.assumed, result.mapped) != (2, {}, ()):
        found.append("a format-2 file was read as another format")
    ids = [o.id for o in result.obligations]
    licensed = [o.id for o in result.if_licensed]
    duties = expected_obligations(used)
    if set(ids) | set(licensed) != duties or set(ids) & set(licensed):
        found.append(f"obligations {ids} + if_licensed {licensed}, the texts give {sorted(duties)}")
    if result.verdict == "permitted" and licensed:
        found.append(f"if_licensed {licensed} with a permitted verdict")
    if result.verdict != "permitted" and set(ids) - {"acceptable_use"}:
        found.append(f"obligations {ids} with the verdict {result.verdict}")
    for listed in (ids, licensed):
        if listed != [i for i in OBLIGATION_IDS if i in listed]:
            found.append(f"obligations out of order {listed}")
    kinds = {rule.id: (rule.kind, rule.outcome) for rule in kb.rules}
    unsettled_rules = {rule.id for rule in kb.rules if rule.unsettled}
    fired = [kinds[r.rule] for r in result.reasons]
    severity = max((VERDICTS.index(outcome) for kind, outcome in fired if kind == "verdict"), default=-1)
    if severity < 0 or VERDICTS[severity] != result.verdict:
        found.append("verdict is not the most severe verdict among the reasons")
    if any(kinds[n.rule][0] != "note" for n in result.notes):
        found.append("a non-note rule among the notes")
    if any(n.unsettled != (n.rule in unsettled_rules) for n in result.notes):
        found.append("a note's unsettled flag differs from its rule")
    if result.certainty == "unsettled" and not any(n.unsettled for n in result.notes):
        found.append("unsettled with no note giving the other reading")
    if any(kinds[s.rule] != ("next_step", s.id) for s in result.next_steps):
        found.append("a next step that no next_step rule gave")
    if result.verdict == "license_required" and not result.next_steps:
        found.append("license_required with no next step")
    reason_rules = {r.rule for r in result.reasons}
    for obligation in (*result.obligations, *result.if_licensed):
        if obligation.rule not in reason_rules or kinds[obligation.rule] != ("obligation", obligation.id):
            found.append(f"obligation {obligation.id} has no matching reason")
    for field in ("built_with", "notice", "name_prefix"):
        value = getattr(result.attribution, field)
        expected = getattr(version, field) if field in ids and result.verdict == "permitted" else None
        if value != expected or (expected is None and field in ids):
            found.append(f"attribution {field} = {value!r} with obligations {ids}")
    term_ids = {term.id for term in result.terms}
    # Llama 2 §5.a grants no trademark license; 3 and later grant the Mark for the naming rule only.
    trademarks = "trademarks" if version.name_prefix else "no_trademark_license"
    expected_terms = set() if version.agreement is None else {*STANDING_TERMS, trademarks}
    if term_ids != expected_terms:
        found.append(f"terms {sorted(term_ids)}")
    findings = (
        *result.reasons,
        *result.obligations,
        *result.if_licensed,
        *result.notes,
        *result.next_steps,
        *result.terms,
    )
    for finding in findings:
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
    return Enumerator(kb).all()


def test_enumeration_covers_every_version_and_value(kb: KnowledgeBase, combinations: list[dict[str, Any]]) -> None:
    assert len(combinations) >= 20_000
    assert len({tuple(sorted((k, repr(v)) for k, v in c.items())) for c in combinations}) == len(combinations)
    per_version = Counter(c["version"] for c in combinations)
    assert set(per_version) == set(kb.versions)
    assert per_version["1"] == 4  # weights from Meta, commercial; nothing else is asked
    developers = [c for c in combinations if c.get("role") == "developer"]
    end_users = [c for c in combinations if c.get("role") == "end_user"]
    assert {c["mau"] for c in developers} == set(MAU_VALUES)
    assert {c["access"] for c in developers} == {"own_copy", "hosted_api"}
    # Asked exactly when the count is over the threshold, and both answers are tried.
    assert all(("separate_license_from_meta" in c) == over_threshold(c["mau"]) for c in developers)
    assert {c["separate_license_from_meta"] for c in developers if "separate_license_from_meta" in c} == {False, True}
    assert all(("ships_copies" in c) == c["distributes"] for c in developers)
    assert any(c.get("eu") for c in combinations if c["version"] == "4")
    assert not any("eu" in c for c in combinations if c["version"] in {"2", "3", "3.1", "3.3"})
    assert not any("multimodal" in c for c in combinations if c["version"] in {"3.3", "4"})  # implied, not asked
    affiliates = {(c["version"], c["eu_affiliates_involved"]) for c in combinations if "eu_affiliates_involved" in c}
    assert affiliates == {(v, b) for v in ("3.2", "4") for b in (False, True)}
    assert all(c.get("eu") is False for c in combinations if "eu_affiliates_involved" in c)
    # The training questions are asked of everyone bound by a Community agreement, end users included.
    assert all("trains_other_model" in c for c in combinations if c["version"] != "1")
    assert not any({"trains_other_model", "access", "role"} & set(c) for c in combinations if c["version"] == "1")
    assert not any({"access", "eu", "mau", "distributes", "ships_copies"} & set(c) for c in end_users)
    assert {(c["version"], c["other_model_kind"], c["other_model_distributed"])
            for c in end_users if c["trains_other_model"]} == {
        (v, k, o) for v in kb.versions if v != "1" for k in KINDS if k != "same_llama" for o in (False, True)
    }  # fmt: skip
    question = kb.question("aup_concerns")
    for version in kb.versions.values():
        if version.id != "1":
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
    certainties: Counter[tuple[str, str]] = Counter()
    for answers in combinations:
        result = assess(kb, {"format": 2, **answers})
        verdicts[result.verdict] += 1
        certainties[(result.verdict, result.certainty)] += 1
        failures.extend(f"{answers}: {problem}" for problem in problems(kb, answers, result, citations))
        if len(failures) > 20:
            break
    assert not failures, "\n".join(failures[:20])
    assert set(verdicts) == set(VERDICTS)
    assert set(certainties) == {(v, c) for v in VERDICTS for c in ("settled", "unsettled")}
    assert all(citations.checked.values())
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


@pytest.mark.parametrize("version", ["2", "3", "3.1", "3.2", "3.3", "4"])
def test_end_user_cannot_fine_tune_the_model(kb: KnowledgeBase, version: str) -> None:
    """Issue 8 §1: only someone who uses a finished product as its user is an end user."""
    from advisor.engine import AnswersError

    answers = {"format": 2, "version": version, "role": "end_user", "critical_infrastructure": False}
    answers |= {"aup_concerns": [], "trains_other_model": True, "other_model_kind": "same_llama"}
    answers |= {"other_model_distributed": True}
    if version == "3.2":
        answers["multimodal"] = False
    with pytest.raises(AnswersError) as raised:
        assess(kb, answers)
    assert raised.value.key == "other_model_kind"
    assert "I build with it" in raised.value.message
