"""Explain an assessment in one line: the reason that decided its verdict."""

from __future__ import annotations

from advisor.model import Assessment, Finding, KnowledgeBase


def deciding_reason(kb: KnowledgeBase, assessment: Assessment) -> Finding | None:
    """The first reason on the decision path whose rule gives the final verdict."""
    verdict_rules = {rule.id for rule in kb.rules if rule.kind == "verdict" and rule.outcome == assessment.verdict}
    return next((reason for reason in assessment.reasons if reason.rule in verdict_rules), None)


def first_sentence(text: str) -> str:
    """The first sentence of a rule's explanation (the whole text if it has one sentence)."""
    cleaned = " ".join(text.split())
    for index, char in enumerate(cleaned):
        if char == "." and (index + 1 == len(cleaned) or cleaned[index + 1] == " "):
            before = cleaned[max(0, index - 3) : index]
            if not before.endswith(("e.g", "i.e", " vs")):
                return cleaned[: index + 1]
    return cleaned
