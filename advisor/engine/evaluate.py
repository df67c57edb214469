"""Evaluate the rules against checked answers and build the Assessment."""

from __future__ import annotations

from typing import Any

from advisor.engine.answers import check_answers
from advisor.engine.compiled import compiled
from advisor.model import OBLIGATION_IDS, VERDICTS, Assessment, Attribution, Finding, KnowledgeBase, Note, Obligation

_SEVERITY = {verdict: rank for rank, verdict in enumerate(VERDICTS)}


def assess(kb: KnowledgeBase, raw_answers: Any) -> Assessment:
    """Assess an answers mapping. Raises AnswersError for invalid answers."""
    checked = check_answers(kb, raw_answers)
    ck = compiled(kb)
    facts = checked.version
    values = checked.values
    reasons: list[Finding] = []
    obligations: dict[str, Obligation] = {}
    notes: list[Note] = []
    verdict_rank = -1
    for entry in ck.rules_by_version[facts.id]:
        if not entry.when(values, facts):
            continue
        rule = entry.rule
        for item in values.get(rule.for_each, ()) if rule.for_each else ("",):
            finding = ck.finding(entry, facts, values, item)
            if rule.kind == "note":
                notes.append(finding)  # type: ignore[arg-type]
                continue
            if rule.kind == "verdict":
                verdict_rank = max(verdict_rank, _SEVERITY[rule.outcome])
                reasons.append(finding)  # type: ignore[arg-type]
            else:
                reasons.append(finding.reason)  # type: ignore[union-attr]
                obligations.setdefault(rule.outcome, finding)  # type: ignore[arg-type]
    if verdict_rank < 0:
        raise LookupError(f"no rule decided a verdict for {facts.name}; the knowledge base is incomplete")
    return Assessment(
        version=facts.id,
        version_name=facts.name,
        verdict=VERDICTS[verdict_rank],
        answers={key: list(value) if isinstance(value, tuple) else value for key, value in values.items()},
        unused=checked.unused,
        obligations=tuple(obligations[key] for key in OBLIGATION_IDS if key in obligations),
        attribution=Attribution(
            built_with=facts.built_with if "built_with" in obligations else None,
            notice=facts.notice if "notice" in obligations else None,
            name_prefix=facts.name_prefix if "name_prefix" in obligations else None,
        ),
        reasons=tuple(reasons),
        notes=tuple(notes),
        ruleset_version=kb.ruleset_version,
        ruleset_sha256=kb.sha256,
    )
