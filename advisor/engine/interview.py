"""Interview helpers for front ends: which answers a change of version makes meaningless."""

from __future__ import annotations

from advisor.model import KnowledgeBase


def version_dependent_questions(kb: KnowledgeBase) -> tuple[str, ...]:
    """The questions whose answers mean something else for another version: lists of the
    version's use-policy items, counts for a month set by its release date, and choices
    that are the chosen version itself ("{version_name} or a model fine-tuned from it")."""
    return tuple(
        question.id
        for question in kb.questions
        if question.type == "multi"
        or "{count_month}" in question.prompt
        or "{release_date}" in question.prompt
        or any(choice.label.startswith("{version_name}") for choice in question.choices)
    )
