"""What the wizard tests share besides the driver: the usual answers format 3 added, and the review rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.gui.wizard_lineage import LINEAGE_STEP
from advisor.model import KnowledgeBase

# The answer most people give to each question format 3 added, where the interview asks it: a
# Llama 1 researcher shares nothing, a developer takes the model itself, has no written grant of
# its own, ships weights inside the product, hands out more than an adapter and puts no terms
# of its own on it. Written out here (not read from the product) so a changed default shows.
USUAL_FORMAT3: dict[str, Any] = {
    "shares_llama1_weights": "not_shared",
    "takes": "weights",
    "separate_license_from_meta": False,
    "weights_fetched_on_first_run": "not_fetched",
    "adapter_only": False,
    "own_terms": False,
}


def usual(answers: Mapping[str, Any]) -> dict[str, Any]:
    """`answers`, with the usual answer to each format-3 question they leave out (for a driver
    that answers by the question shown: only the questions the wizard asks are used)."""
    return {**USUAL_FORMAT3, **answers}


def lineage_row_count(answers: Mapping[str, Any]) -> int:
    """How many rows the lineage page adds to the review: one per entry and other parent, or
    the single "No other model" row."""
    return max(1, len(answers.get("lineage") or ()) + len(answers.get("other_parents") or ()))


def review_keys(kb: KnowledgeBase, answers: Mapping[str, Any]) -> list[str]:
    """The keys of the review page's Change buttons for these asked answers: the questions in
    interview order, with the lineage page's rows right after `takes` (the question it follows)."""
    keys: list[str] = []
    for question in kb.questions:
        if question.id in answers:
            keys.append(question.id)
            if question.id == "takes":
                keys += [f"{LINEAGE_STEP}:{n}" for n in range(1, lineage_row_count(answers) + 1)]
    return keys
