"""An independent reading of the licences for one assessment: test_exhaustive's oracle."""

from __future__ import annotations

from typing import Any

from advisor.engine.answers_format import FORMAT3_DEFAULTS
from advisor.model import OBLIGATION_IDS, VERDICTS, Assessment, KnowledgeBase, Source
from advisor.resources import resources_dir
from advisor.rules.citations import normalise_whitespace

EU_MULTIMODAL_VERSIONS = {"3.2", "3.3", "4"}
OUTPUTS_BAN_VERSIONS = {"2", "3"}
DERIVATIVE_KINDS = ("same_llama", "merged_llama")  # a model that holds the version's weights
GRANT = "separate_license_from_meta"
STANDING_TERMS = frozenset({"indemnity", "litigation_termination", "termination", "trade_compliance", "governing_law"})


def format_2_file(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers a format-2 file gives: all but the questions format 3 added, where format 2
    never asked them (it asked separate_license_from_meta above 700 million users)."""
    asked_by_format_2 = {GRANT} if over_threshold(answers.get("mau")) else set()
    return {k: v for k, v in answers.items() if k not in FORMAT3_DEFAULTS or k in asked_by_format_2}


def over_threshold(mau: Any) -> bool:
    """§2: "greater than 700 million" (exactly 700,000,000 is not)."""
    return mau == "far_above_threshold" or (isinstance(mau, int) and mau > 700_000_000)


def developer(answers: dict[str, Any]) -> bool:
    return answers.get("role") == "developer"


def granted(answers: dict[str, Any]) -> bool:
    """A written grant from Meta (any developer, issue 16): it governs, and the advisor cannot read it."""
    return answers.get(GRANT) is True


def multimodal_restricted(answers: dict[str, Any]) -> bool:
    """The AUP paragraph of 3.2, 3.3 and 4 withholds §1(a) for multimodal models; end users are excepted.
    Llama 3.3 is text only and every Llama 4 model natively multimodal (model cards): neither is asked."""
    multimodal = answers.get("multimodal", answers["version"] == "4")
    return answers["version"] in EU_MULTIMODAL_VERSIONS and developer(answers) and multimodal


def prohibitions(answers: dict[str, Any]) -> tuple[bool, bool]:
    """(a settled reason to prohibit, a reason that rests on the reading that grants less).

    With a written grant from Meta, every prohibition of the community texts is shown for
    reference only: the grant's own words, which the advisor has not read, decide."""
    settled = open_point = False
    grant = granted(answers)

    def prohibit(settled_on_the_texts: bool) -> None:
        nonlocal settled, open_point
        if settled_on_the_texts and not grant:
            settled = True
        else:
            open_point = True

    if answers["critical_infrastructure"] or answers["aup_concerns"]:  # AUP, incorporated by §1.b.iv
        prohibit(True)
    if multimodal_restricted(answers):
        if answers["eu"]:
            # Own copy of the model: the AUP's words. Hosted API: whether an API customer is one of the
            # "end users of a product or service that incorporates" the model is open (issue 8 §1).
            # Only Meta's code or tokenizer: whether that is one of the "multimodal models" is open.
            prohibit(answers["access"] == "own_copy" and answers["takes"] != "code_or_tokenizer")
        elif answers["eu_affiliates_involved"]:  # FAQ: "Any EU based affiliates may not be involved"
            prohibit(True)
    if answers["version"] in OUTPUTS_BAN_VERSIONS and answers["trains_other_model"]:
        kind = answers["other_model_kind"]
        if kind in ("other_llama", "other_llm"):  # §1.b.v: "any other large language model (excluding Llama 2 …)"
            prohibit(True)
        # other_ai: §1.b.v says "large language model"; the FAQ says "AI model (LLM or otherwise)".
        # merged_llama: a derivative (excepted) that also improves a model of another Llama version (barred).
        elif kind in ("other_ai", "merged_llama"):
            prohibit(False)
    return settled, open_point


def expected_verdict(answers: dict[str, Any]) -> str:
    """The verdict read straight from the texts, independent of rules.yaml."""
    if answers["version"] == "1":
        # Llama 2 FAQ: "Llama 1 was limited to non-commercial use"; the model card's "Non-commercial
        # bespoke license" was granted to applicants, and no license covers a copy from anyone else,
        # nor lets an applicant pass the weights (or a fine-tune, or a delta) on.
        if answers["commercial"]:
            return "prohibited"
        if not answers["weights_from_meta"] or answers["shares_llama1_weights"] != "not_shared":
            return "license_required"
        return "permitted"
    if any(prohibitions(answers)):
        return "prohibited"
    # §1.b.ii lifts §2 for end users; a grant from Meta is what §2 asks for.
    if developer(answers) and over_threshold(answers["mau"]) and not granted(answers):
        return "license_required"  # §2: "you must request a license from Meta"
    return "permitted"


def open_points_under_permitted(answers: dict[str, Any]) -> bool:
    """A duty or caveat of a permitted use that rests on a point the texts leave open."""
    hosted_llama2 = answers["version"] == "2" and distributes(answers) and not answers["ships_copies"]
    own_terms_on_materials = answers.get("own_terms") is True and (distributes(answers) or derivative_out(answers))
    return (
        hosted_llama2  # Llama 2 §1.b.i: does a service "make the Llama Materials … available"?
        or granted(answers)  # the grant's own terms govern, unseen
        or answers.get("takes") == "code_or_tokenizer"  # is a tokenizer one of the "other elements"?
        or answers.get("adapter_only") is True  # is an adapter alone a derivative work?
        or answers.get("weights_fetched_on_first_run") == "from_third_party"  # who distributes that copy?
        or own_terms_on_materials  # §5.b makes you the owner, and says nothing about your terms
    )


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
    if expected_verdict(answers) == "permitted" and open_points_under_permitted(answers):
        return "unsettled"
    return "settled"


def distributes(answers: dict[str, Any]) -> bool:
    # End users are not asked whether they distribute (they received an integrated product), and
    # neither is a developer who takes only outputs (they are no Llama Materials).
    return developer(answers) and answers.get("distributes") is True


def derivative_out(answers: dict[str, Any]) -> bool:
    """A fine-tune or a merge of the version that is distributed or made available."""
    trains = answers["trains_other_model"]
    return trains and answers["other_model_kind"] in DERIVATIVE_KINDS and answers["other_model_distributed"]


def expected_obligations(answers: dict[str, Any]) -> set[str]:
    """The duties §1.b.i, §1.b.iii and §1.b.iv attach to the use (obligations ∪ if_licensed)."""
    version = answers["version"]
    if version == "1":
        return set()
    found = {"acceptable_use"}
    derivative = derivative_out(answers)
    model_out = answers["trains_other_model"] and answers["other_model_distributed"]
    # §1.b.i: Llama 2 "distribute or make … available to a third party" (a hosted service on the
    # cautious reading); Llama 3 a "product or service that uses any of them", 3.1+ "that contains
    # any of them" (the FAQ: "built on or incorporates"). A distributed fine-tune or merge is a derivative.
    if distributes(answers) or derivative:
        found.add("license_copy")
        if version != "2":
            found.add("built_with")
    # §1.b.iii: the Notice goes "in all copies of the Llama Materials that you distribute"; a copy the
    # user's device fetches from a third party may be one you distribute (the cautious reading).
    ships = distributes(answers) and answers["ships_copies"]
    fetched = answers.get("weights_fetched_on_first_run") == "from_third_party"
    if ships or (derivative and not distributes(answers)) or (fetched and not ships):
        found.add("notice")
    # Naming (last sentence of §1.b.i): none in Llama 2; Llama 3 by using "the Llama Materials" (its own
    # derivative; any other model is banned by §1.b.v); 3.1+ also "any outputs or results", any model.
    derived = answers["trains_other_model"] and answers["other_model_kind"] in DERIVATIVE_KINDS
    if model_out and version != "2" and (derived or version not in OUTPUTS_BAN_VERSIONS):
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


def problems(
    kb: KnowledgeBase, answers: dict[str, Any], result: Assessment, citations: CitationChecker, answers_format: int
) -> list[str]:
    """Everything wrong with one assessment of `answers` (every answer the interview asked; a
    format-2 file leaves out those format 3 added), empty when it is sound."""
    found: list[str] = []
    version = kb.versions[result.version]
    used = result.answers
    if result.version != answers["version"]:
        found.append(f"version {result.version}")
    if any(used.get(key) != (tuple(v) if isinstance(v, list) else v) for key, v in answers.items()):
        found.append(f"answers read as {dict(used)}")
    if set(used) - set(answers) - {"multimodal"}:  # multimodal: implied for 3.3 and 4, not asked
        found.append(f"answers nobody gave: {sorted(set(used) - set(answers))}")
    left_out = set(answers) - set(format_2_file(answers)) if answers_format == 2 else set()
    if set(result.implicit) != left_out:
        found.append(f"implicit {result.implicit}, the format-2 file left out {sorted(left_out)}")
    if (result.answers_format, result.assumed, result.mapped) != (answers_format, {}, ()):
        found.append(f"a format-{answers_format} file was read as another format")
    if result.verdict not in VERDICTS:
        found.append(f"verdict {result.verdict!r}")
    if not result.reasons:
        found.append("no reason")
    verdict = expected_verdict(answers)
    if result.verdict != verdict:
        found.append(f"verdict {result.verdict}, the texts give {verdict}")
    if result.certainty != expected_certainty(answers):
        found.append(f"certainty {result.certainty}, the texts give {expected_certainty(answers)}")
    ids = [o.id for o in result.obligations]
    licensed = [o.id for o in result.if_licensed]
    duties = expected_obligations(answers)
    if set(ids) | set(licensed) != duties or set(ids) & set(licensed):
        found.append(f"obligations {ids} + if_licensed {licensed}, the texts give {sorted(duties)}")
    if result.verdict == "permitted" and licensed:
        found.append(f"if_licensed {licensed} with a permitted verdict")
    if result.verdict != "permitted" and set(ids) - {"acceptable_use"}:
        found.append(f"obligations {ids} with the verdict {result.verdict}")
    for listed in (ids, licensed):
        if listed != [i for i in OBLIGATION_IDS if i in listed]:
            found.append(f"obligations out of order {listed}")
    if any(o.versions != (result.version,) for o in (*result.obligations, *result.if_licensed)):
        found.append("an obligation not imposed by the one version assessed")
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
    if result.attribution.notices != ((result.attribution.notice,) if result.attribution.notice else ()):
        found.append(f"attribution notices {result.attribution.notices!r} for one version")
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
    if result.unused:
        found.append(f"unused answers {result.unused} in an interview's own answers")
    return found
