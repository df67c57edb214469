"""Issue 16, "Semantics to get right": what is taken from Meta, merges, adapters, own terms,
written grants, first-run downloads and Llama 1 sharing, read from the agreements' own words.

Each test assesses answers through the public API (`advisor.assess`, format 3) and checks the
verdict, the certainty, the rules that fire and the words they quote.
"""

from __future__ import annotations

from typing import Any

import pytest

from advisor import assess
from advisor.engine import next_question
from advisor.engine.compiled import compiled
from advisor.engine.errors import AnswersError
from advisor.model import Assessment, KnowledgeBase

COMMUNITY = ("2", "3", "3.1", "3.2", "3.3", "4")
OUTPUTS_BAN = ("2", "3")
NO_BAN = ("3.1", "3.2", "3.3", "4")
SUFFIX = {"2": "LLAMA2", "3": "LLAMA3", "3.1": "LLAMA3_1", "3.2": "LLAMA3_2", "3.3": "LLAMA3_3", "4": "LLAMA4"}
AU = "acceptable_use"


def dev(version: str, **extra: Any) -> dict[str, Any]:
    """A developer's format-3 answers: a few users, no grant, nothing prohibited, nothing made available."""
    answers: dict[str, Any] = {"version": version, "role": "developer", "access": "own_copy", "takes": "weights"}
    answers |= {"mau": 5, "separate_license_from_meta": False, "critical_infrastructure": False, "aup_concerns": []}
    answers |= {"distributes": False, "trains_other_model": False}
    if version == "3.2":
        answers["multimodal"] = False
    if version in ("3.2", "3.3", "4"):
        answers |= {"eu": False, "eu_affiliates_involved": False}
    answers.update(extra)
    return answers


def ships(version: str, **extra: Any) -> dict[str, Any]:
    """A developer who hands out copies of a product holding the model (no first-run fetch, no own terms)."""
    base = {
        "distributes": True,
        "ships_copies": True,
        "weights_fetched_on_first_run": "not_fetched",
        "own_terms": False,
    }
    return dev(version, **(base | extra))


def trains(version: str, kind: str, distributed: bool = True, **extra: Any) -> dict[str, Any]:
    """A developer who trains a model of `kind` with the version (or its outputs)."""
    answers = dev(version, trains_other_model=True, other_model_kind=kind, other_model_distributed=distributed)
    if distributed:
        answers |= {"own_terms": False, "adapter_only": False}
    return answers | extra


def fired(result: Assessment) -> set[str]:
    """Every rule on the decision path: reasons, duties, notes and next steps."""
    parts = (result.reasons, result.obligations, result.if_licensed, result.notes, result.next_steps)
    return {item.rule for part in parts for item in part}


def quote_of(result: Assessment, rule_id: str) -> str:
    for part in (result.reasons, result.obligations, result.if_licensed, result.notes):
        for item in part:
            if item.rule == rule_id:
                return " ".join(item.source.quote.split())
    raise AssertionError(f"{rule_id} did not fire")


def duties(result: Assessment) -> set[str]:
    return {o.id for o in result.obligations} | {o.id for o in result.if_licensed}


# ---------------------------------------------------------------- what is taken from Meta
def test_takes_is_asked_of_developers_right_after_how_they_reach_the_model(kb: KnowledgeBase) -> None:
    ids = [q.id for q in kb.questions]
    assert ids.index("takes") == ids.index("access") + 1
    partial = {"version": "3.1", "role": "developer", "access": "own_copy"}
    assert next_question(kb, partial).id == "takes"  # type: ignore[union-attr]
    assert "takes" not in assess(
        {"version": "3.1", "role": "end_user", "critical_infrastructure": False, "aup_concerns": [],
         "trains_other_model": False}
    ).answers  # fmt: skip


@pytest.mark.parametrize("version", COMMUNITY)
def test_a_re_implementation_from_scratch_is_not_governed_and_not_called_permitted(
    kb: KnowledgeBase, version: str
) -> None:
    question = kb.question("takes")
    facts = kb.versions[version]
    assert not compiled(kb).choice_open(question, "nothing", dev(version), facts)  # the wizard greys it out
    with pytest.raises(AnswersError) as caught:
        assess(dev(version, takes="nothing"))
    message = str(caught.value)
    assert "takes" in message
    assert f"is not governed by the {facts.name} agreement" in message
    assert "nothing for the advisor to assess" in message
    assert "permitted" not in message.replace("neither permits nor prohibits", "")


@pytest.mark.parametrize("version", COMMUNITY)
def test_code_or_tokenizer_is_llama_materials_quoting_the_versions_definition(version: str) -> None:
    result = assess(ships(version, takes="code_or_tokenizer"))
    rule = f"CODE-IS-LLAMA-MATERIALS-{SUFFIX[version]}"
    assert rule in fired(result)
    assert {f"CODE-IS-LLAMA-MATERIALS-{s}" for s in SUFFIX.values()} & fired(result) == {rule}
    quote = quote_of(result, rule)
    assert "inference-enabling code" in quote and "(and any portion thereof)" in quote
    assert "Llama Materials" in quote and "means, collectively" in quote
    # The agreement governs what is taken as it governs the weights: the copy and the Notice.
    assert result.verdict == "permitted"
    assert {"license_copy", "notice"} <= duties(result)
    assert result.certainty == "unsettled"  # the definition does not name the tokenizer


def test_outputs_only_as_the_main_version_brings_only_the_outputs_clauses() -> None:
    answers = trains("3.1", "other_llm", takes="outputs")
    result = assess(answers)
    assert result.verdict == "permitted" and result.certainty == "settled"
    assert {o.id for o in result.obligations} == {"name_prefix", AU}
    assert {"TAKES-OUTPUTS-ONLY", "OUTPUTS-ALLOWED", "NAME-PREFIX"} <= fired(result)
    assert not {"LICENSE-COPY", "BUILT-WITH", "NOTICE"} & fired(result)
    # Making outputs available is not distributing the Llama Materials: the question is not asked.
    assert "distributes" not in result.answers
    assert "distributes" in assess(answers | {"distributes": True, "ships_copies": True}).unused


@pytest.mark.parametrize("version", OUTPUTS_BAN)
def test_outputs_of_llama_2_or_3_may_not_improve_a_model_of_another_llama_version(version: str) -> None:
    result = assess(trains(version, "other_llama", takes="outputs"))
    assert result.verdict == "prohibited" and result.certainty == "settled"
    assert "OUTPUTS-TO-OTHER-MODEL" in fired(result)
    assert "any other large language model (excluding" in quote_of(result, "OUTPUTS-TO-OTHER-MODEL")


@pytest.mark.parametrize("version", NO_BAN)
def test_outputs_of_a_later_version_improving_another_llama_owe_the_llama_prefix(version: str) -> None:
    result = assess(trains(version, "other_llama", takes="outputs"))
    assert result.verdict == "permitted" and result.certainty == "settled"
    assert result.attribution.name_prefix == "Llama"
    assert "OUTPUTS-TO-OTHER-LLAMA-DUTIES" in fired(result)
    assert "include “Llama” at the beginning of any such AI model name" in quote_of(
        result, "OUTPUTS-TO-OTHER-LLAMA-DUTIES"
    )


# ---------------------------------------------------------------- the synthetic-data note
@pytest.mark.parametrize("kind", ["other_llm", "other_ai"])
def test_the_no_built_with_note_speaks_of_models_that_are_not_llama(kind: str) -> None:
    result = assess(trains("3.1", kind))
    assert "SYNTHETIC-DATA-NO-BUILT-WITH" in fired(result)
    assert "OUTPUTS-TO-OTHER-LLAMA-DUTIES" not in fired(result)


@pytest.mark.parametrize("takes", ["weights", "outputs"])
def test_the_no_built_with_note_is_not_given_for_a_model_of_another_llama_version(takes: str) -> None:
    result = assess(trains("3.3", "other_llama", takes=takes))
    assert "SYNTHETIC-DATA-NO-BUILT-WITH" not in fired(result)
    note = next(n for n in result.notes if n.rule == "OUTPUTS-TO-OTHER-LLAMA-DUTIES")
    assert "that version's agreement governs the model itself" in note.text


# ---------------------------------------------------------------- merges of two Llama versions
@pytest.mark.parametrize("version", OUTPUTS_BAN)
def test_a_merge_under_an_any_other_model_ban_is_prohibited_but_unsettled(version: str) -> None:
    result = assess(trains(version, "merged_llama"))
    assert result.verdict == "prohibited" and result.certainty == "unsettled"
    assert {"MERGE-OTHER-LLAMA-BARRED", "MERGE-OTHER-LLAMA-READINGS", "MERGE-DERIVATIVE-OF-BOTH"} <= fired(result)
    assert "OUTPUTS-TO-LLAMA-DERIVATIVE" not in fired(result)
    readings = next(n for n in result.notes if n.rule == "MERGE-OTHER-LLAMA-READINGS")
    assert readings.unsettled and "the merge is permitted" in readings.text
    assert "derivative works thereof" in quote_of(result, "MERGE-OTHER-LLAMA-BARRED")
    assert {"license_copy", "notice"} <= {o.id for o in result.if_licensed}


@pytest.mark.parametrize("version", NO_BAN)
def test_a_distributed_merge_owes_the_derivative_duties_of_both(version: str) -> None:
    result = assess(trains(version, "merged_llama"))
    assert result.verdict == "permitted" and result.certainty == "settled"
    assert {o.id for o in result.obligations} == {"license_copy", "built_with", "notice", "name_prefix", AU}
    assert result.attribution.built_with == "Built with Llama"
    assert "MERGE-DERIVATIVE-OF-BOTH" in fired(result)
    assert "(or any derivative works thereof)" in quote_of(result, "MERGE-DERIVATIVE-OF-BOTH")


def test_an_end_user_cannot_pick_a_merge() -> None:
    answers = {"version": "3.1", "role": "end_user", "critical_infrastructure": False, "aup_concerns": []}
    answers |= {"trains_other_model": True, "other_model_kind": "merged_llama", "other_model_distributed": False}
    with pytest.raises(AnswersError, match=r"A merge needs the Llama 3\.1 model files"):
        assess(answers)


# ---------------------------------------------------------------- adapters and quantisations
def test_an_adapter_alone_is_listed_as_a_derivative_with_the_question_left_open() -> None:
    result = assess(trains("3.1", "same_llama", adapter_only=True))
    assert result.verdict == "permitted" and result.certainty == "unsettled"
    assert {"license_copy", "built_with", "notice", "name_prefix"} <= duties(result)
    note = next(n for n in result.notes if n.rule == "ADAPTER-ONLY-READINGS")
    assert note.unsettled and "does not define derivative works" in note.text
    assert "QUANTISED-OR-CONVERTED-COPIES" not in fired(result)


def test_a_fine_tune_or_quantised_copy_is_a_copy_with_the_same_duties() -> None:
    result = assess(trains("3.1", "same_llama", adapter_only=False))
    assert result.certainty == "settled"
    assert "ADAPTER-ONLY-READINGS" not in fired(result)
    assert "QUANTISED-OR-CONVERTED-COPIES" in fired(result)
    assert "all copies of the Llama Materials that you distribute" in quote_of(result, "QUANTISED-OR-CONVERTED-COPIES")
    assert "QUANTISED-OR-CONVERTED-COPIES" in fired(assess(ships("4")))


def test_the_adapter_question_is_not_asked_of_a_hosted_service() -> None:
    answers = trains("3.1", "same_llama", distributes=True, ships_copies=False)
    answers |= {"weights_fetched_on_first_run": "not_fetched"}
    del answers["adapter_only"]
    assert "adapter_only" not in assess(answers).answers


# ---------------------------------------------------------------- your own terms
@pytest.mark.parametrize("version", COMMUNITY)
def test_own_terms_on_a_derivative_quote_the_copy_duty_and_ownership_and_stay_open(version: str) -> None:
    result = assess(ships(version, own_terms=True))
    rule = f"OWN-TERMS-OWNERSHIP-{SUFFIX[version]}"
    assert {"OWN-TERMS-AGREEMENT-TRAVELS", rule} <= fired(result)
    assert "you are and will be the owner of such derivative works and modifications" in quote_of(result, rule)
    copy_quote = quote_of(result, "OWN-TERMS-AGREEMENT-TRAVELS")
    assert "provide a copy of this Agreement" in copy_quote
    note = next(n for n in result.notes if n.rule == rule)
    assert note.unsettled and "Apache-2.0" in note.text and "CC-BY-NC" in note.text
    assert result.verdict == "permitted" and result.certainty == "unsettled"
    assert assess(ships(version)).certainty == "settled"  # without own terms nothing is left open


def test_own_terms_on_a_model_trained_only_on_outputs() -> None:
    result = assess(trains("3.1", "other_llm", own_terms=True))
    assert "OWN-TERMS-OUTPUTS-MODEL" in fired(result)
    assert not {"OWN-TERMS-AGREEMENT-TRAVELS", "OWN-TERMS-OWNERSHIP-LLAMA3_1"} & fired(result)
    assert result.certainty == "settled"


# ---------------------------------------------------------------- a written grant from Meta
def test_every_developer_is_asked_about_a_written_grant(kb: KnowledgeBase) -> None:
    partial = {key: value for key, value in dev("3.1").items() if key in ("version", "role", "access", "takes", "mau")}
    assert next_question(kb, partial).id == "separate_license_from_meta"  # type: ignore[union-attr]


def test_an_eu_company_with_a_grant_from_meta_is_told_the_grant_governs_unsettled() -> None:
    without = assess(dev("4", eu=True))
    assert (without.verdict, without.certainty) == ("prohibited", "settled")
    result = assess(dev("4", eu=True, separate_license_from_meta=True))
    assert result.verdict == "prohibited" and result.certainty == "unsettled"
    assert result.reasons[0].rule == "META-WRITTEN-GRANT"
    assert "That grant governs your use" in result.reasons[0].text
    assert not {"GRANT", "EU-MULTIMODAL-NOT-GRANTED"} & fired(result)
    shown = next(r for r in result.reasons if r.rule == "GRANT-HOLDER-EU-MULTIMODAL")
    assert "for reference" in shown.text
    assert "European Union" in shown.source.quote
    assert "MAU-SEPARATE-LICENSE-TERMS" in fired(result)


@pytest.mark.parametrize(
    ("extra", "rule"),
    [
        ({"critical_infrastructure": True}, "GRANT-HOLDER-CRITICAL-INFRASTRUCTURE"),
        ({"aup_concerns": ["spam"]}, "GRANT-HOLDER-AUP-PROHIBITED-USE"),
        (
            {"trains_other_model": True, "other_model_kind": "other_llm", "other_model_distributed": False},
            "GRANT-HOLDER-OUTPUTS-TO-OTHER-MODEL",
        ),
    ],
    ids=["critical-infrastructure", "use-policy", "outputs-ban"],
)
def test_with_a_grant_each_community_license_prohibition_is_shown_unsettled(extra: dict[str, Any], rule: str) -> None:
    assert assess(dev("3", **extra)).certainty == "settled"
    result = assess(dev("3", separate_license_from_meta=True, **extra))
    assert result.verdict == "prohibited" and result.certainty == "unsettled"
    assert rule in fired(result)
    assert not {"CRITICAL-INFRASTRUCTURE", "AUP-PROHIBITED-USE", "OUTPUTS-TO-OTHER-MODEL"} & fired(result)


def test_a_grant_below_the_threshold_is_permitted_unsettled_and_above_keeps_its_reason() -> None:
    below = assess(dev("3.1", separate_license_from_meta=True))
    assert (below.verdict, below.certainty) == ("permitted", "unsettled")
    assert "MAU-SEPARATE-LICENSE" not in fired(below)  # it speaks of more than 700 million users
    above = assess(dev("3.1", mau="far_above_threshold", separate_license_from_meta=True))
    assert above.verdict == "permitted"
    assert {"META-WRITTEN-GRANT", "MAU-SEPARATE-LICENSE"} <= fired(above)


# ---------------------------------------------------------------- weights fetched on first run
def test_weights_fetched_from_a_third_party_list_the_notice_unsettled() -> None:
    result = assess(ships("3.1", ships_copies=False, weights_fetched_on_first_run="from_third_party"))
    assert result.verdict == "permitted" and result.certainty == "unsettled"
    notice = next(o for o in result.obligations if o.id == "notice")
    assert notice.rule == "FIRST-RUN-THIRD-PARTY-NOTICE"
    assert result.attribution.notice is not None and result.attribution.notice.startswith("Llama 3.1 is licensed")
    assert "FIRST-RUN-THIRD-PARTY-READINGS" in fired(result)
    assert "NOTICE-SCOPE" not in fired(result)  # "no copy leaves your control" would mislead here


def test_weights_fetched_from_your_own_servers_are_copies_you_distribute() -> None:
    result = assess(ships("3.1", weights_fetched_on_first_run="from_you"))
    assert result.certainty == "settled"
    assert {"FIRST-RUN-FROM-YOU", "NOTICE"} <= fired(result)
    with pytest.raises(AnswersError, match="leave your control"):
        assess(ships("3.1", ships_copies=False, weights_fetched_on_first_run="from_you"))


# ---------------------------------------------------------------- Llama 1
def l1(**extra: Any) -> dict[str, Any]:
    return {
        "version": "1",
        "weights_from_meta": True,
        "commercial": False,
        "shares_llama1_weights": "not_shared",
    } | extra


@pytest.mark.parametrize(
    ("shared", "rule"), [("weights", "L1-SHARING-WEIGHTS"), ("weight_diff", "L1-WEIGHT-DIFF")], ids=["weights", "delta"]
)
def test_sharing_llama1_weights_or_a_delta_needs_meta(shared: str, rule: str) -> None:
    result = assess(l1(shares_llama1_weights=shared))
    assert result.verdict == "license_required" and result.certainty == "unsettled"
    assert {rule, "L1-SHARING-READINGS"} <= fired(result)
    assert "ask_meta" in {step.id for step in result.next_steps}
    assert "personal to you" in quote_of(result, "L1-SHARING-READINGS")


def test_llama1_kept_to_yourself_is_as_before() -> None:
    result = assess(l1())
    assert (result.verdict, result.certainty) == ("permitted", "unsettled")
    assert not {"L1-SHARING-WEIGHTS", "L1-WEIGHT-DIFF", "L1-SHARING-READINGS"} & fired(result)


def test_a_downloaded_llama1_fine_tune_is_llama1_weights_from_another_source() -> None:
    result = assess(l1(weights_from_meta=False))
    assert result.verdict == "license_required"
    assert {"L1-NOT-FROM-META", "L1-FINE-TUNES-ARE-LLAMA1"} <= fired(result)


# ---------------------------------------------------------------- older files
def test_a_format_2_file_keeps_its_verdict_without_the_new_questions() -> None:
    old = {
        "format": 2,
        **{k: v for k, v in dev("4", eu=True).items() if k not in ("takes", "separate_license_from_meta")},
    }
    result = assess(old)
    assert (result.verdict, result.certainty) == ("prohibited", "settled")
    assert "EU-MULTIMODAL-NOT-GRANTED" in fired(result)
