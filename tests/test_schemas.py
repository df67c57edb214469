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


def test_answers_schema_lists_exactly_the_interview_keys(kb: KnowledgeBase) -> None:
    answers = schema("answers.schema.json")
    assert list(answers["properties"]) == [q.id for q in kb.questions]
    assert answers["properties"]["version"]["enum"] == [c.value for c in kb.question("version").choices]
    expected = [c for c in kb.aup_categories if c not in kb.question("aup_concerns").exclude]
    assert answers["properties"]["aup_concerns"]["items"]["enum"] == expected


@pytest.mark.parametrize(
    "answers",
    [
        {"version": "1", "commercial": False},
        {"version": "2", "role": "developer", "mau": 700_000_001, "critical_infrastructure": False,
         "aup_concerns": ["spam"], "distributes": True, "trains_other_model": True,
         "other_model_is_llama_derivative": False, "other_model_distributed": True},
        {"version": "4", "role": "end_user", "critical_infrastructure": True, "aup_concerns": [],
         "trains_other_model": False},
    ],
)  # fmt: skip
def test_valid_answers_and_their_assessment_match_the_schemas(kb: KnowledgeBase, answers: dict) -> None:
    jsonschema.validate(answers, schema("answers.schema.json"))
    jsonschema.validate(assess(kb, answers).to_dict(), schema("assessment.schema.json"))


def test_answers_schema_rejects_unknown_keys_and_bad_types() -> None:
    answers = schema("answers.schema.json")
    for bad in ({"version": "3.1", "multimodel": True}, {"version": "3.1", "mau": -1}, {"version": "5"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, answers)
