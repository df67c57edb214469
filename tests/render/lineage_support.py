"""Lineage assessments for the document tests: a main version and the versions it takes from.

Each is assessed by the engine (advisor.engine.lineage): the main answers assessed, each
lineage entry assessed with the main answers as the entry changes them, then combined.
The parts are assessed as format-2 answers, so these tests do not depend on the questions
format 3 adds to the interview.
"""

from __future__ import annotations

from typing import Any

from render_support import ANSWERS

from advisor.engine import assess
from advisor.model import Assessment, KnowledgeBase

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
    # the format-3 answers (render_support's are format 2), and a count nowhere near 700 million,
    # which carries over to every version's own month
    added = {"takes": "weights", "separate_license_from_meta": False, "own_terms": False}
    if given.get("distributes"):
        added["weights_fetched_on_first_run"] = "not_fetched"
    if given.get("other_model_kind") == "same_llama" and given.get("other_model_distributed"):
        added["adapter_only"] = False
    return {**given, **added, "mau": "far_below_threshold", "format": 3}


def lineage_assessment(kb: KnowledgeBase, name: str) -> Assessment:
    """The assessment the engine gives the answers (advisor.engine.lineage)."""
    return assess(kb, raw_answers(name))
