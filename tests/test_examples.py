"""The example answers files shipped with the README give the verdicts the README claims."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.engine import assess
from advisor.model import KnowledgeBase

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXPECTED = {
    "synthetic-data-3.1.yaml": ("permitted", ["name_prefix", "acceptable_use"]),
    "burlington-grid-3.2.yaml": ("prohibited", ["acceptable_use"]),
    "eu-vision-end-user-3.2.yaml": ("permitted", ["acceptable_use"]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example(kb: KnowledgeBase, name: str) -> None:
    assessment = assess(kb, yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8")))
    verdict, obligations = EXPECTED[name]
    assert assessment.verdict == verdict
    assert [o.id for o in assessment.obligations] == obligations


def test_every_example_is_covered() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(EXPECTED)
