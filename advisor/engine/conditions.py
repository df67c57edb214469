"""Compile Condition trees into plain Python closures (no eval, no exec).

A test on an answer that is absent (not needed for this case) is false; `not` simply
inverts its operand, so rules should test `eq: false` rather than negate `eq: true`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advisor.model import AllOf, Always, AnyOf, Condition, Not, Test, VersionFacts

Predicate = Callable[[dict[str, Any], VersionFacts | None], bool]
_MISSING = object()


def _compare(op: str, expected: Any) -> Callable[[Any], bool]:
    if op == "eq":
        return lambda actual: actual == expected and type(actual) is type(expected)
    if op == "ne":
        return lambda actual: not (actual == expected and type(actual) is type(expected))
    if op == "in":
        return lambda actual: actual in expected
    if op == "not_in":
        return lambda actual: actual not in expected
    if op == "gt":
        return lambda actual: isinstance(actual, int) and actual > expected
    if op == "ge":
        return lambda actual: isinstance(actual, int) and actual >= expected
    if op == "lt":
        return lambda actual: isinstance(actual, int) and actual < expected
    if op == "le":
        return lambda actual: isinstance(actual, int) and actual <= expected
    if op == "contains":
        return lambda actual: isinstance(actual, (list, tuple)) and expected in actual
    if op == "nonempty":
        return lambda actual: isinstance(actual, (list, tuple)) and len(actual) > 0
    raise ValueError(f"unknown operator {op}")


def compile_condition(condition: Condition) -> Predicate:
    """Return a predicate over (answers, version facts)."""
    if isinstance(condition, Always):
        return lambda answers, facts: True
    if isinstance(condition, Test):
        check = _compare(condition.op, condition.value)
        name = condition.name
        if condition.subject == "answer":

            def answer_test(answers: dict[str, Any], facts: VersionFacts | None) -> bool:
                value = answers.get(name, _MISSING)
                return value is not _MISSING and check(value)

            return answer_test

        def fact_test(answers: dict[str, Any], facts: VersionFacts | None) -> bool:
            return facts is not None and check(getattr(facts, name))

        return fact_test
    if isinstance(condition, AllOf):
        return _chain([compile_condition(item) for item in condition.items], every=True)
    if isinstance(condition, AnyOf):
        return _chain([compile_condition(item) for item in condition.items], every=False)
    if isinstance(condition, Not):
        inner = compile_condition(condition.item)
        return lambda answers, facts: not inner(answers, facts)
    raise TypeError(f"not a condition: {condition!r}")


def _chain(parts: list[Predicate], every: bool) -> Predicate:
    """Short-circuit `and` (every) or `or` of predicates, as nested closures (faster than all())."""
    combined = parts[-1]
    for part in reversed(parts[:-1]):
        combined = _and(part, combined) if every else _or(part, combined)
    return combined


def _and(first: Predicate, rest: Predicate) -> Predicate:
    return lambda answers, facts: first(answers, facts) and rest(answers, facts)


def _or(first: Predicate, rest: Predicate) -> Predicate:
    return lambda answers, facts: first(answers, facts) or rest(answers, facts)


def specialise(condition: Condition, facts: VersionFacts, version_id: str) -> Condition | bool:
    """Fold the version's facts (and the version answer) into a condition.

    Returns True or False when the condition is decided by the version alone, otherwise
    a smaller condition over the remaining answers.
    """
    if isinstance(condition, Always):
        return True
    if isinstance(condition, Test):
        if condition.subject == "fact":
            return compile_condition(condition)({}, facts)
        if condition.name == "version":
            return compile_condition(condition)({"version": version_id}, facts)
        return condition
    if isinstance(condition, Not):
        inner = specialise(condition.item, facts, version_id)
        return (not inner) if isinstance(inner, bool) else Not(inner)
    decided_by = condition.__class__ is AnyOf  # any: one True decides; all: one False decides
    remaining: list[Condition] = []
    for item in condition.items:
        result = specialise(item, facts, version_id)
        if result is decided_by:
            return decided_by
        if not isinstance(result, bool):
            remaining.append(result)
    if not remaining:
        return not decided_by
    if len(remaining) == 1:
        return remaining[0]
    return AnyOf(tuple(remaining)) if decided_by else AllOf(tuple(remaining))
