"""The example answers files shipped with the README give the verdicts the README claims,
and the examples as v0.1.0 shipped them still assess the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.engine import assess
from advisor.model import ANSWERS_FORMAT, KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
V0_1 = ROOT / "tests" / "fixtures" / "v0_1"
# name: (verdict, certainty, obligations, if_licensed)
EXPECTED = {
    "synthetic-data-3.1.yaml": ("permitted", "settled", ["name_prefix", "acceptable_use"], []),
    "burlington-grid-3.2.yaml": ("prohibited", "settled", ["acceptable_use"], []),
    "eu-vision-end-user-3.2.yaml": ("permitted", "settled", ["acceptable_use"], []),
    # AUP of Llama 4: the restriction "does not apply to end users of a product or service that
    # incorporates" the model; whether an API customer is one is open, so the cautious verdict.
    "eu-api-customer-4.yaml": ("prohibited", "unsettled", ["acceptable_use"], ["license_copy", "built_with"]),
    # Lineage (issue 16): a Llama 4 fine-tune on Llama 3.3 outputs owes Llama 4's duties, and 3.3's prefix.
    "lineage-llama4-on-3.3-outputs.yaml": (
        "permitted",
        "settled",
        ["license_copy", "built_with", "notice", "name_prefix", "acceptable_use"],
        [],
    ),
    # An app shipping 3.2 1B and calling 3.3 through an API: both copies and phrases, one Notice line.
    "lineage-app-3.2-with-3.3.yaml": (
        "permitted",
        "settled",
        ["license_copy", "built_with", "notice", "acceptable_use"],
        [],
    ),
}
# The versions each lineage example's duties come from (Obligation.versions, main first).
EXPECTED_VERSIONS = {
    "lineage-llama4-on-3.3-outputs.yaml": {
        "license_copy": ("4",),
        "built_with": ("4",),
        "notice": ("4",),
        "name_prefix": ("4", "3.3"),
        "acceptable_use": ("4", "3.3"),
    },
    "lineage-app-3.2-with-3.3.yaml": {
        "license_copy": ("3.2", "3.3"),
        "built_with": ("3.2", "3.3"),
        "notice": ("3.2",),
        "acceptable_use": ("3.2", "3.3"),
    },
}
# The same examples as v0.1.0 shipped them (no `format`): v0.1.0's verdicts and obligations.
EXPECTED_V0_1 = {
    "synthetic-data-3.1.yaml": ("permitted", ["name_prefix", "acceptable_use"]),
    "burlington-grid-3.2.yaml": ("prohibited", ["acceptable_use"]),
    "eu-vision-end-user-3.2.yaml": ("permitted", ["acceptable_use"]),
}


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example(kb: KnowledgeBase, name: str) -> None:
    answers = _load(EXAMPLES / name)
    assert answers["format"] == ANSWERS_FORMAT  # examples show the current format
    assessment = assess(kb, answers)
    verdict, certainty, obligations, if_licensed = EXPECTED[name]
    assert (assessment.verdict, assessment.certainty) == (verdict, certainty)
    assert [o.id for o in assessment.obligations] == obligations
    assert [o.id for o in assessment.if_licensed] == if_licensed
    assert (assessment.assumed, assessment.mapped) == ({}, ())
    assert assessment.unused == ()  # every answer in an example matters
    if name in EXPECTED_VERSIONS:
        assert {o.id: o.versions for o in assessment.obligations} == EXPECTED_VERSIONS[name]


def test_every_example_is_covered() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED_V0_1))
def test_v0_1_example_still_assesses(kb: KnowledgeBase, name: str) -> None:
    answers = _load(V0_1 / name)
    assert "format" not in answers
    assessment = assess(kb, answers)
    verdict, obligations = EXPECTED_V0_1[name]
    assert assessment.verdict == verdict
    assert [o.id for o in assessment.obligations] == obligations
    assert assessment.answers_format == 1
    # Where the v0.1.0 and current example describe the same use, they agree.
    current = assess(kb, _load(EXAMPLES / name))
    assert (current.verdict, [o.id for o in current.obligations]) == (verdict, obligations)
