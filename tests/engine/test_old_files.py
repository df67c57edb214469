"""v0.1.0 answers files: the open points their questions left (issue 16), and the answers a
report or bundle gives "to check this result" reproduce the result, open points included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.engine import assess
from advisor.engine.answers_file import dump_answers
from advisor.engine.answers_format import answers_to_check
from advisor.model import KnowledgeBase

V0_1 = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1"
BASE: dict[str, Any] = {"role": "developer", "mau": 5, "critical_infrastructure": False, "aup_concerns": []}


def rules(raw: dict[str, Any], kb: KnowledgeBase) -> set[str]:
    return {note.rule for note in assess(kb, raw).notes}


def test_a_derivative_of_unnamed_version_is_unsettled_where_the_version_bars_other_models(kb: KnowledgeBase) -> None:
    raw = {**BASE, "version": "3", "distributes": False, "trains_other_model": True}
    raw |= {"other_model_is_llama_derivative": True, "other_model_distributed": False}
    result = assess(kb, raw)
    assert result.certainty == "unsettled" and "OLD-FILE-SAME-LLAMA" in rules(raw, kb)
    note = next(n for n in result.notes if n.rule == "OLD-FILE-SAME-LLAMA")
    assert "another Llama version" in note.text and "prohibited" in note.text
    later = {**raw, "version": "3.1"}  # 3.1 has no such ban: the reading changes nothing
    assert "OLD-FILE-SAME-LLAMA" not in rules(later, kb)
    given = {**raw, "format": 2, "access": "own_copy", "other_model_kind": "same_llama"}
    del given["other_model_is_llama_derivative"]
    assert "OLD-FILE-SAME-LLAMA" not in rules(given, kb)


@pytest.mark.parametrize("version", ["3.2", "4"])
def test_the_assumed_absence_of_eu_affiliates_is_an_open_point_for_multimodal_models(
    kb: KnowledgeBase, version: str
) -> None:
    raw = {**BASE, "version": version, "eu": False, "distributes": False, "trains_other_model": False}
    if version == "3.2":
        raw["multimodal"] = True
    result = assess(kb, raw)
    assert (result.verdict, result.certainty) == ("permitted", "unsettled")
    assert "OLD-FILE-EU-AFFILIATES" in {n.rule for n in result.notes}
    assert result.assumed["eu_affiliates_involved"] is False


@pytest.mark.parametrize("version", ["3.2", "4"])
def test_an_old_end_user_of_a_multimodal_model_is_an_open_point(kb: KnowledgeBase, version: str) -> None:
    raw = {"version": version, "role": "end_user", "critical_infrastructure": False, "aup_concerns": []}
    raw |= {"trains_other_model": False} | ({"multimodal": True} if version == "3.2" else {})
    result = assess(kb, raw)
    assert (result.verdict, result.certainty) == ("permitted", "unsettled")
    assert "OLD-FILE-END-USER" in {n.rule for n in result.notes}
    text_only = {**raw, "version": "3.1"}
    text_only.pop("multimodal", None)
    assert "OLD-FILE-END-USER" not in rules(text_only, kb)


@pytest.mark.parametrize("path", sorted(V0_1.glob("*.yaml")), ids=lambda p: p.name)
def test_the_answers_to_check_a_result_reproduce_it(kb: KnowledgeBase, path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = assess(kb, raw)
    answers, answers_format = answers_to_check(first, raw)
    text = dump_answers(kb, answers, None, answers_format)
    assert ("format:" in text) == (first.answers_format != 1)
    assert assess(kb, yaml.safe_load(text)).to_dict() == first.to_dict()
