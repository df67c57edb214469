"""The shipped JSON Schemas agree with the knowledge base and with real output."""

from __future__ import annotations

import json

import jsonschema
import pytest

from advisor.engine import assess
from advisor.model import KnowledgeBase
from advisor.resources import resource_path


def schema(name: str) -> dict:
    return json.loads(resource_path("schemas", name).read_text(encoding="utf-8"))


OLD_TRAINING_KEY = "other_model_is_llama_derivative"  # v0.1.0 files only


def test_answers_schema_lists_exactly_the_interview_keys(kb: KnowledgeBase) -> None:
    answers = schema("answers.schema.json")
    properties = list(answers["properties"])
    assert properties[0] == "format"
    file_keys = ("format", "complete", "obligations_done", "report_details")  # about the file, not the use
    assert properties[: len(file_keys)] == list(file_keys)
    lineage_keys = ("lineage", "other_parents")  # format 3: the other models taken from, after the answers
    assert properties[-len(lineage_keys) :] == list(lineage_keys)
    answer_keys = [key for key in properties if key not in (*file_keys, *lineage_keys, OLD_TRAINING_KEY)]
    assert answer_keys == [q.id for q in kb.questions]
    assert answers["properties"]["format"]["enum"] == [1, 2, 3]
    assert answers["properties"][OLD_TRAINING_KEY]["type"] == "boolean"
    assert answers["properties"][OLD_TRAINING_KEY]["deprecated"] is True
    assert answers["properties"]["version"]["enum"] == [c.value for c in kb.question("version").choices]
    assert answers["properties"]["other_model_kind"]["enum"] == [
        c.value for c in kb.question("other_model_kind").choices
    ]
    assert answers["properties"]["access"]["enum"] == [c.value for c in kb.question("access").choices]
    for key in ("takes", "weights_fetched_on_first_run", "shares_llama1_weights"):
        assert answers["properties"][key]["enum"] == [c.value for c in kb.question(key).choices], key
    entry = answers["properties"]["lineage"]["items"]
    assert entry["required"] == ["version", "takes"] and entry["additionalProperties"] is False
    assert entry["properties"]["version"]["enum"] == [c.value for c in kb.question("version").choices]
    # A lineage entry takes something from its version: "nothing" is no part of a lineage.
    assert set(entry["properties"]["takes"]["enum"]) == {"weights", "code_or_tokenizer", "outputs"}
    assert answers["properties"]["other_parents"]["items"]["required"] == ["name", "license"]
    expected = [c for c in kb.aup_categories if c not in kb.question("aup_concerns").exclude]
    assert answers["properties"]["aup_concerns"]["items"]["enum"] == expected


DEVELOPER_2 = {
    "format": 2, "version": "2", "role": "developer", "access": "own_copy", "mau": 700_000_001,
    "separate_license_from_meta": False, "critical_infrastructure": False, "aup_concerns": ["spam"],
    "distributes": True, "ships_copies": False, "trains_other_model": True, "other_model_kind": "other_ai",
    "other_model_distributed": True,
}  # fmt: skip


@pytest.mark.parametrize(
    "answers",
    [
        {"format": 2, "version": "1", "weights_from_meta": False, "commercial": False},
        DEVELOPER_2,
        {"format": 2, "version": "4", "role": "end_user", "critical_infrastructure": True, "aup_concerns": [],
         "trains_other_model": False},
        {"format": 2, "version": "4", "role": "developer", "access": "hosted_api", "eu": True,
         "mau": "far_below_threshold", "critical_infrastructure": False, "aup_concerns": [], "distributes": False,
         "trains_other_model": False},
        {"format": 2, "version": "3.2", "role": "developer", "access": "own_copy", "multimodal": True, "eu": False,
         "eu_affiliates_involved": True, "mau": "far_above_threshold", "separate_license_from_meta": True,
         "critical_infrastructure": False, "aup_concerns": [], "distributes": False, "trains_other_model": False},
        # A v0.1.0 file (no format): the old training key, no new key.
        {"version": "2", "role": "developer", "mau": 700_000_001, "critical_infrastructure": False,
         "aup_concerns": ["spam"], "distributes": True, "trains_other_model": True,
         "other_model_is_llama_derivative": False, "other_model_distributed": True},
        {"version": "1", "commercial": False},
        # Format 3: the questions it added, a lineage and a non-Llama parent.
        {"format": 3, "version": "4", "role": "developer", "access": "own_copy", "takes": "weights", "eu": False,
         "eu_affiliates_involved": False, "mau": "far_below_threshold", "separate_license_from_meta": False,
         "critical_infrastructure": False, "aup_concerns": [], "distributes": True, "ships_copies": True,
         "weights_fetched_on_first_run": "from_third_party", "trains_other_model": True,
         "other_model_kind": "merged_llama", "other_model_distributed": True, "adapter_only": False, "own_terms": True,
         "lineage": [{"version": "3.3", "takes": "weights"},
                     {"version": "3.2", "takes": "outputs", "multimodal": True, "ships_copies": False,
                      "access": "hosted_api"}],
         "other_parents": [{"name": "Qwen/Qwen2.5-7B-Instruct", "license": "apache-2.0"}]},
        {"format": 3, "version": "1", "weights_from_meta": True, "commercial": False,
         "shares_llama1_weights": "weight_diff"},
    ],
)  # fmt: skip
def test_valid_answers_and_their_assessment_match_the_schemas(kb: KnowledgeBase, answers: dict) -> None:
    jsonschema.validate(answers, schema("answers.schema.json"))
    jsonschema.validate(assess(kb, answers).to_dict(), schema("assessment.schema.json"))


def test_answers_schema_rejects_unknown_keys_and_bad_types() -> None:
    answers = schema("answers.schema.json")
    bad_answers = (
        {"version": "3.1", "multimodel": True},
        {"version": "3.1", "mau": -1},
        {"version": "5"},
        {"version": "3.1", "mau": "far_away"},
        {"version": "3.1", "format": 4},
        {"version": "3.1", "format": "3"},
        {"version": "3.1", "takes": "model"},
        {"version": "3.1", "shares_llama1_weights": True},
        {"version": "3.1", "format": 3, "lineage": [{"version": "3.3"}]},
        {"version": "3.1", "format": 3, "lineage": [{"version": "3.3", "takes": "nothing"}]},
        {"version": "3.1", "format": 3, "lineage": [{"version": "3.3", "takes": "weights", "eu": True}]},
        {"version": "3.1", "format": 3, "other_parents": [{"name": "Qwen"}]},
        {"version": "3.1", "other_model_kind": "llm"},
        {"version": "3.1", "access": "api"},
    )
    for bad in bad_answers:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, answers)


def test_the_shipped_answers_schema_is_the_one_generated_from_the_questions(kb: KnowledgeBase) -> None:
    from advisor.engine.answers_schema import schema_text

    shipped = resource_path("schemas", "answers.schema.json").read_bytes()
    assert shipped == schema_text(kb).encode("utf-8"), "out of date: run python -m advisor.engine.answers_schema"


def test_the_answers_schema_follows_a_change_to_the_questions(kb: KnowledgeBase) -> None:
    from advisor.engine.answers_schema import answers_schema

    access = kb.question("access")
    renamed = access._replace(label="Reach", choices=(*access.choices, access.choices[0]._replace(value="on_device")))
    changed = kb._replace(questions=tuple(renamed if q.id == "access" else q for q in kb.questions))
    generated = answers_schema(changed)["properties"]["access"]
    assert generated["enum"] == ["own_copy", "hosted_api", "on_device"]
    assert generated["description"].startswith("Reach: ")
