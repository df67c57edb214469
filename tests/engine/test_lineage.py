"""Lineage (answers format 3): each other Llama version a product or model takes from is
assessed as a use of that version, and the results are combined (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from advisor.engine import assess
from advisor.engine.answers_file import dump_answers
from advisor.engine.answers_format import answers_to_save
from advisor.engine.errors import AnswersError
from advisor.model import Assessment, KnowledgeBase

# A non-EU company that fine-tunes the main version and publishes the weights.
PUBLISHED_FINE_TUNE: dict[str, Any] = {
    "format": 3,
    "role": "developer",
    "access": "own_copy",
    "takes": "weights",
    "mau": "far_below_threshold",
    "separate_license_from_meta": False,
    "critical_infrastructure": False,
    "aup_concerns": [],
    "distributes": True,
    "ships_copies": True,
    "trains_other_model": True,
    "other_model_kind": "same_llama",
    "other_model_distributed": True,
    "own_terms": False,
    "weights_fetched_on_first_run": "not_fetched",
    "adapter_only": False,
}
NOT_IN_THE_EU = {"eu": False, "eu_affiliates_involved": False}


def answers(kb: KnowledgeBase, version: str, **changes: Any) -> dict[str, Any]:
    """PUBLISHED_FINE_TUNE for a version, with only the keys this knowledge base asks."""
    given = {**PUBLISHED_FINE_TUNE, "version": version, **changes}
    known = {q.id for q in kb.questions} | {"format", "lineage", "other_parents"}
    return {key: value for key, value in given.items() if key in known}


def duties(assessment: Assessment) -> dict[str, tuple[str, ...]]:
    return {o.id: o.versions for o in (*assessment.obligations, *assessment.if_licensed)}


def test_llama4_fine_tune_trained_on_llama_3_3_outputs_owes_the_llama4_duties(kb: KnowledgeBase) -> None:
    """The 3.3 run alone said "Built with" and the Notice are not required; the model is a
    Llama 4 derivative, so it owes Llama 4's copy, phrase, Notice and prefix."""
    raw = answers(kb, "4", **NOT_IN_THE_EU, lineage=[{"version": "3.3", "takes": "outputs"}])
    result = assess(kb, raw)
    assert result.verdict == "permitted"
    owed = duties(result)
    for duty in ("license_copy", "built_with", "notice", "name_prefix"):
        assert owed[duty][0] == "4", duty
    assert "3.3" in owed["name_prefix"]  # 3.1 and later: outputs count too, "Llama" first in the name
    assert "3.3" not in owed.get("notice", ())  # no 3.3 files are shipped
    assert result.attribution.notices == (kb.versions["4"].notice,)
    assert result.attribution.notice == kb.versions["4"].notice
    (part,) = result.lineage
    assert (part.entry.takes, part.assessment.version) == ("outputs", "3.3")
    data = result.to_dict()
    assert [entry["version"] for entry in data["lineage"]] == ["3.3"]
    assert data["lineage"][0]["takes"] == "outputs" and "name_prefix" in data["lineage"][0]["obligations"]


def test_an_eu_company_gets_the_llama4_eu_restriction_through_its_fine_tune(kb: KnowledgeBase) -> None:
    raw = answers(kb, "4", eu=True, lineage=[{"version": "3.3", "takes": "outputs"}])
    result = assess(kb, raw)
    assert result.verdict == "prohibited"
    assert result.lineage[0].assessment.verdict == "permitted"  # the 3.3 outputs alone were fine
    assert result.attribution[:3] == (None, None, None) and not result.attribution.notices


def test_llama3_outputs_used_to_fine_tune_llama_3_1_are_prohibited_by_the_llama3_agreement(
    kb: KnowledgeBase,
) -> None:
    """The two runs used to give opposite verdicts; the permitted one never mentioned Llama 3."""
    raw = answers(kb, "3.1", lineage=[{"version": "3", "takes": "outputs"}])
    result = assess(kb, raw)
    assert result.main is not None and result.main.verdict == "permitted"
    assert result.lineage[0].assessment.verdict == "prohibited"
    assert result.verdict == "prohibited"
    quotes = " ".join(r.source.quote for r in result.lineage[0].assessment.reasons)
    assert "excluding Meta Llama 3 or derivative works thereof" in quotes
    assert result.to_dict()["lineage"][0]["verdict"] == "prohibited"


def test_two_shipped_versions_owe_one_notice_line_each_main_first(kb: KnowledgeBase) -> None:
    raw = answers(kb, "3.1", trains_other_model=False, lineage=[{"version": "3.3", "takes": "weights"}])
    raw.pop("other_model_kind"), raw.pop("other_model_distributed")
    result = assess(kb, raw)
    assert result.verdict == "permitted"
    assert result.attribution.notices == (kb.versions["3.1"].notice, kb.versions["3.3"].notice)
    assert duties(result)["license_copy"] == ("3.1", "3.3")
    assert duties(result)["notice"] == ("3.1", "3.3")


def test_an_app_that_ships_3_2_and_calls_3_3_through_an_api_owes_one_notice_line(kb: KnowledgeBase) -> None:
    raw = answers(
        kb,
        "3.2",
        multimodal=False,
        trains_other_model=False,
        lineage=[{"version": "3.3", "takes": "weights", "ships_copies": False}],
    )
    raw.pop("other_model_kind"), raw.pop("other_model_distributed")
    result = assess(kb, raw)
    assert result.verdict == "permitted"
    assert result.attribution.notices == (kb.versions["3.2"].notice,)
    assert duties(result)["built_with"] == ("3.2", "3.3")
    assert duties(result)["notice"] == ("3.2",)


def test_a_merge_of_llama3_and_llama_3_1_is_unsettled_where_llama3_bars_improving_any_other_model(
    kb: KnowledgeBase,
) -> None:
    raw = answers(kb, "3.1", lineage=[{"version": "3", "takes": "weights"}])
    result = assess(kb, raw)
    part = result.lineage[0].assessment
    assert part.answers["other_model_kind"] == "merged_llama"
    assert (part.verdict, part.certainty) == ("prohibited", "unsettled")
    assert (result.verdict, result.certainty) == ("prohibited", "unsettled")


def test_a_lineage_version_that_needs_an_answer_the_main_questions_did_not_ask(kb: KnowledgeBase) -> None:
    raw = answers(kb, "3.1", trains_other_model=False)
    raw.pop("other_model_kind"), raw.pop("other_model_distributed")
    raw["lineage"] = [{"version": "3.2", "takes": "weights", "multimodal": True}]
    with pytest.raises(AnswersError) as raised:
        assess(kb, raw)
    assert raised.value.key == "lineage"
    assert "lineage entry 1 (version 3.2)" in raised.value.message and "eu" in raised.value.message
    raw.update(NOT_IN_THE_EU)
    assert assess(kb, raw).lineage[0].assessment.answers["multimodal"] is True


def test_other_parents_are_echoed_with_a_note_and_never_assessed(kb: KnowledgeBase) -> None:
    raw = answers(kb, "3.1", other_parents=[{"name": "Qwen/Qwen2.5-7B-Instruct", "license": "apache-2.0"}])
    data = assess(kb, raw).to_dict()
    (parent,) = data["other_parents"]
    assert parent["name"] == "Qwen/Qwen2.5-7B-Instruct" and parent["license"] == "apache-2.0"
    assert "does not assess" in parent["note"]
    assert data["lineage"] == []


@pytest.mark.parametrize(
    ("lineage", "problem"),
    [
        pytest.param("3.3", "expected a list", id="not-a-list"),
        pytest.param([{"version": "3.3"}], "takes must be one of", id="no-takes"),
        pytest.param([{"version": "3.3", "takes": "vibes"}], "takes must be one of", id="bad-takes"),
        pytest.param([{"version": "3.3", "takes": "outputs", "colour": 1}], "unknown key", id="unknown-key"),
        pytest.param([{"version": "9", "takes": "outputs"}], "unknown version", id="unknown-version"),
        pytest.param([{"version": "3.1", "takes": "outputs"}], "names the main version", id="main-again"),
        pytest.param([{"version": "3.3", "takes": "outputs"}] * 2, "listed twice", id="twice"),
        pytest.param([{"version": "3.3", "takes": "weights", "ships_copies": "yes"}], "true or false", id="flag"),
    ],
)
def test_bad_lineage_entries_are_one_line_errors_naming_the_entry(
    kb: KnowledgeBase, lineage: Any, problem: str
) -> None:
    with pytest.raises(AnswersError) as raised:
        assess(kb, answers(kb, "3.1", lineage=lineage))
    assert raised.value.key == "lineage" and problem in raised.value.message
    assert "\n" not in raised.value.message


def test_a_lineage_needs_format_3(kb: KnowledgeBase) -> None:
    raw = answers(kb, "3.1", lineage=[{"version": "3.3", "takes": "outputs"}])
    raw["format"] = 2
    with pytest.raises(AnswersError) as raised:
        assess(kb, raw)
    assert raised.value.key == "lineage" and "format: 3" in raised.value.message


def test_a_saved_lineage_reads_back_to_the_same_assessment(kb: KnowledgeBase) -> None:
    raw = answers(
        kb,
        "4",
        **NOT_IN_THE_EU,
        lineage=[{"version": "3.3", "takes": "outputs"}, {"version": "3.2", "takes": "weights", "multimodal": False}],
        other_parents=[{"name": "Qwen/Qwen2.5-7B-Instruct", "license": "apache-2.0"}],
    )
    first = assess(kb, raw)
    text = dump_answers(kb, answers_to_save(first, raw))
    assert text.count("lineage:") == 1 and "format: 3" in text
    again = assess(kb, yaml.safe_load(text))
    assert again.to_dict() == first.to_dict()


def test_a_format_2_mapping_reads_as_before_and_spells_out_nothing_new(kb: KnowledgeBase) -> None:
    raw = answers(kb, "3.1", format=2)
    raw.pop("takes")
    for key in ("own_terms", "weights_fetched_on_first_run"):
        raw.pop(key, None)
    data = assess(kb, raw).to_dict()
    assert "takes" not in data["answers"] and data["answers_format"] == 2
    assert data["lineage"] == [] and data["other_parents"] == []
    assert all(o["versions"] == ["3.1"] for o in data["obligations"])
    assert data["attribution"]["notices"] == [data["attribution"]["notice"]]


def test_the_main_multimodal_answer_is_not_carried_to_a_version_that_fixes_it(kb: KnowledgeBase) -> None:
    raw = answers(kb, "3.2", multimodal=False, **NOT_IN_THE_EU, lineage=[{"version": "4", "takes": "weights"}])
    result = assess(kb, raw)
    assert result.lineage[0].assessment.answers["multimodal"] is True  # every Llama 4 model is
    assert result.main is not None and result.main.answers["multimodal"] is False


def test_answers_a_lineage_version_needed_are_not_listed_as_unused(kb: KnowledgeBase) -> None:
    raw = answers(kb, "3.1", **NOT_IN_THE_EU, lineage=[{"version": "3.2", "takes": "weights", "multimodal": True}])
    result = assess(kb, raw)
    assert result.main is not None and "eu" in result.main.unused
    assert "eu" not in result.unused and "eu_affiliates_involved" not in result.unused


def test_outputs_of_a_version_that_train_nothing_are_only_a_use_of_that_version(kb: KnowledgeBase) -> None:
    raw = answers(kb, "3.1", trains_other_model=False, lineage=[{"version": "3", "takes": "outputs"}])
    raw.pop("other_model_kind"), raw.pop("other_model_distributed")
    part = assess(kb, raw).lineage[0].assessment
    assert part.answers["trains_other_model"] is False and part.verdict == "permitted"


def test_outputs_that_train_a_model_that_is_not_llama_keep_that_kind(kb: KnowledgeBase) -> None:
    raw = answers(kb, "3.1", other_model_kind="other_llm", lineage=[{"version": "3", "takes": "outputs"}])
    part = assess(kb, raw).lineage[0].assessment
    assert part.answers["other_model_kind"] == "other_llm" and part.verdict == "prohibited"


def test_an_interview_stopped_where_the_verdict_was_decided_says_which_versions_it_did_not_assess(
    kb: KnowledgeBase,
) -> None:
    order = [q.id for q in kb.questions]
    stop = order.index("critical_infrastructure")
    raw = {key: value for key, value in answers(kb, "3.1").items() if key not in order[stop + 1 :]}
    raw["critical_infrastructure"] = True
    raw["lineage"] = [{"version": "3.2", "takes": "weights", "multimodal": True}]  # would need `eu`
    result = assess(kb, raw)
    assert (result.verdict, result.certainty) == ("prohibited", "settled")
    assert result.lineage == ()
    (note,) = [n for n in result.notes if n.title == kb.wording["lineage.not_assessed_title"]]
    assert "Llama 3.2" in note.text


def test_a_user_count_is_given_for_each_versions_own_month(kb: KnowledgeBase) -> None:
    """Each agreement counts the month before its own release: a count near 700 million given
    for the main version's month is not taken for another version's (terminal helper's find)."""
    raw = answers(kb, "3.1", mau=650_000_000, lineage=[{"version": "3.3", "takes": "outputs"}])
    with pytest.raises(AnswersError) as raised:
        assess(kb, raw)
    assert raised.value.key == "lineage" and "mau" in raised.value.message
    assert "November 2024" in raised.value.message  # the month Llama 3.3 counts
    raw["lineage"] = [{"version": "3.3", "takes": "outputs", "mau": 720_000_000}]
    result = assess(kb, raw)
    assert result.lineage[0].assessment.verdict == "license_required" and result.verdict == "license_required"
    worded = answers(kb, "3.1", lineage=[{"version": "3.3", "takes": "outputs"}])  # far below: carries over
    assert assess(kb, worded).lineage[0].assessment.answers["mau"] == "far_below_threshold"
