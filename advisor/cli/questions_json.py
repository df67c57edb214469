"""The interview as JSON, for people and tools that write answers files."""

from __future__ import annotations

from typing import Any

from advisor.engine.compiled import compiled
from advisor.model import KnowledgeBase, SourceRef
from advisor.rules.conditions import condition_to_data


def _source(ref: SourceRef) -> dict[str, Any]:
    if ref.source is not None:
        return ref.source.to_dict()
    if ref.kind == "clause":
        return {"clause": list(ref.clauses)}
    return {"aup": ref.category or "each"}


def questions_data(kb: KnowledgeBase) -> dict[str, Any]:
    questions = []
    fill = compiled(kb).fill  # placeholders read generically ("the chosen Llama version")
    for question in kb.questions:
        entry: dict[str, Any] = {
            "id": question.id,
            "label": question.label,
            "prompt": fill(question.prompt, None),
            "type": question.type,
            "why": fill(question.why, None),
            "help": fill(question.help, None),
            "source": _source(question.source),
            "relevant_when": condition_to_data(question.relevant_when),
        }
        if question.choices:
            entry["choices"] = [{"value": c.value, "label": fill(c.label, None)} for c in question.choices]
        if question.type == "multi":
            entry["choices"] = [
                {"value": cid, "label": cat.label, "versions": list(cat.texts)}
                for cid, cat in kb.aup_categories.items()
                if cid not in question.exclude
            ]
        if question.minimum is not None:
            entry["minimum"] = question.minimum
        if question.implied:
            entry["implied"] = [{"when": condition_to_data(i.when), "value": i.value} for i in question.implied]
        questions.append(entry)
    return {"ruleset": {"version": kb.ruleset_version, "sha256": kb.sha256}, "questions": questions}
