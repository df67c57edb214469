"""Evaluate the rules against checked answers and build the Assessment.

When the verdict is not `permitted`, only the duties that bind anyone who uses the model
stay in `obligations`; the others move to `if_licensed` and no attribution string is
given. `certainty` is `unsettled` when the verdict rests on a reading the texts leave
open, or when the verdict is `permitted` and any duty or caveat does (a wrong
"permitted" costs most, so every open point under it is flagged).
"""

from __future__ import annotations

from typing import Any

from advisor.engine.answers_format import UpgradedAnswers
from advisor.engine.compiled import compiled
from advisor.engine.old_files import old_file_doubts
from advisor.model import (
    OBLIGATION_IDS,
    VERDICTS,
    Assessment,
    Attribution,
    Finding,
    KnowledgeBase,
    NextStep,
    Note,
    Obligation,
    VersionFacts,
    read_only,
)

_SEVERITY = {verdict: rank for rank, verdict in enumerate(VERDICTS)}


def assessment_of(
    kb: KnowledgeBase, facts: VersionFacts, values: dict[str, Any], unused: tuple[str, ...], upgraded: UpgradedAnswers
) -> Assessment:
    """Run the version's rules over checked answers (the part of `assess` after checking;
    advisor.engine.assessing checks them)."""
    ck = compiled(kb)
    reasons: list[Finding] = []
    obligations: dict[str, Obligation] = {}
    notes: list[Note] = []
    steps: dict[str, NextStep] = {}
    verdict_rank = settled_rank = -1
    unsettled_duty = False  # a duty, or a caveat, resting on an open point
    for entry in ck.rules_by_version[facts.id]:
        if not entry.when(values, facts):
            continue
        rule = entry.rule
        for item in values.get(rule.for_each, ()) if rule.for_each else ("",):
            finding = ck.finding(entry, facts, values, item)
            kind = rule.kind
            if kind == "note":
                notes.append(finding)  # type: ignore[arg-type]
                unsettled_duty = unsettled_duty or rule.unsettled
            elif kind == "next_step":
                steps.setdefault(finding.id, finding)  # type: ignore[union-attr, arg-type]
            elif kind == "verdict":
                rank = _SEVERITY[rule.outcome]
                verdict_rank = max(verdict_rank, rank)
                if not rule.unsettled:
                    settled_rank = max(settled_rank, rank)
                reasons.append(finding)  # type: ignore[arg-type]
            else:
                reasons.append(finding.reason)  # type: ignore[union-attr]
                obligations.setdefault(rule.outcome, finding)  # type: ignore[arg-type]
                unsettled_duty = unsettled_duty or rule.unsettled
    if verdict_rank < 0:
        raise LookupError(f"no rule decided a verdict for {facts.name}; the knowledge base is incomplete")
    verdict = VERDICTS[verdict_rank]
    ordered = tuple(obligations[key] for key in OBLIGATION_IDS if key in obligations)
    permitted = verdict == "permitted"
    doubts = old_file_doubts(kb, facts, values, upgraded)  # a v0.1.0 file's answers that decide the result
    notes.extend(doubts)
    unsettled = settled_rank < verdict_rank or (permitted and unsettled_duty) or bool(doubts and permitted)
    kept = ordered if permitted else tuple(o for o in ordered if o.id in kb.binds_every_user)
    return Assessment(
        version=facts.id,
        version_name=facts.name,
        verdict=verdict,
        answers=read_only({key: tuple(value) if isinstance(value, list) else value for key, value in values.items()}),
        implicit=tuple(key for key in upgraded.defaults if key in values and key not in upgraded.values),
        unused=tuple(key for key in unused if key not in upgraded.filled),
        obligations=kept,
        attribution=Attribution(
            built_with=facts.built_with if permitted and "built_with" in obligations else None,
            notice=facts.notice if permitted and "notice" in obligations else None,
            name_prefix=facts.name_prefix if permitted and "name_prefix" in obligations else None,
            notices=(facts.notice,) if permitted and "notice" in obligations and facts.notice else (),
        ),
        reasons=tuple(reasons),
        notes=tuple(notes),
        ruleset_version=kb.ruleset_version,
        ruleset_sha256=kb.sha256,
        if_licensed=() if permitted else tuple(o for o in ordered if o.id not in kb.binds_every_user),
        next_steps=tuple(steps.values()),
        certainty="unsettled" if unsettled else "settled",
        terms=ck.standing_terms(facts),
        assumed=read_only({key: values[key] for key in upgraded.filled if key in values}),
        mapped=upgraded.mapped,
        answers_format=upgraded.format,
        licenses=ck.license_identifiers(facts),
    )
