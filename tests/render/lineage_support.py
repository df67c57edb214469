"""Lineage assessments for the document tests: a main version and the versions it takes from.

Each is built as the engine builds one (advisor.engine.lineage): the main answers assessed,
each lineage entry assessed with the main answers as the entry changes them, then combined.
The parts are assessed as format-2 answers, so these tests do not depend on the questions
format 3 adds to the interview.
"""

from __future__ import annotations

from typing import Any

from render_support import ANSWERS

from advisor.engine import assess
from advisor.engine.answers_format import upgrade_answers
from advisor.engine.lineage import combined, entry_answers
from advisor.model import Assessment, KnowledgeBase, LineagePart

QWEN = {"name": "Qwen/Qwen2.5-7B-Instruct", "license": "apache-2.0"}
_NOT_TRAINING = {"trains_other_model": False, "other_model_kind": None, "other_model_distributed": None}

LINEAGES: dict[str, dict[str, Any]] = {
    # a Llama 4 fine-tune, trained on Llama 3.3 outputs and merged with a Qwen model, published
    "4+3.3-outputs": {**ANSWERS["4"], "lineage": [{"version": "3.3", "takes": "outputs"}], "other_parents": [QWEN]},
    # an app that ships Llama 3.2 1B and Llama 3.1 8B, and uses text Llama 3.3 generated (no training)
    "3.2+3.1-weights+3.3-outputs": {
        **ANSWERS["3.2"],
        **_NOT_TRAINING,
        "multimodal": False,
        "lineage": [{"version": "3.1", "takes": "weights"}, {"version": "3.3", "takes": "outputs"}],
    },
    # a Llama 3.1 fine-tune trained on Llama 2 outputs: Llama 2 bars improving any other model
    "3.1+2-outputs": {
        **ANSWERS["3.1"],
        "other_model_kind": "same_llama",
        "lineage": [{"version": "2", "takes": "outputs"}],
    },
}
"""Answers with a `lineage` (and `other_parents`), as a format-3 file gives them."""


def raw_answers(name: str) -> dict[str, Any]:
    """The answers as a format-3 file holds them (what a report or bundle saves)."""
    given = {key: value for key, value in LINEAGES[name].items() if value is not None}
    return {**given, "format": 3}


def lineage_assessment(kb: KnowledgeBase, name: str) -> Assessment:
    upgraded = upgrade_answers(raw_answers(name))
    given = {key: value for key, value in upgraded.values.items() if key != "takes"}
    main = assess(kb, {**given, "format": 2})
    parts = []
    for entry in upgraded.lineage:
        answers = entry_answers(entry, given)
        answers.pop("takes", None)  # format 2 has no `takes`: it is read as weights
        parts.append(LineagePart(entry, assess(kb, {**answers, "format": 2})))
    return combined(kb, main, tuple(parts), upgraded)
