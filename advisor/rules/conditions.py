"""Parse the declarative condition syntax of the YAML into Condition trees.

A leaf is {answer: KEY, OP: VALUE} or {fact: FIELD, OP: VALUE}; combinators are
all: [...], any: [...] and not: {...}. Nothing is ever passed to eval.
"""

from __future__ import annotations

from typing import Any

from advisor.model import FACT_NAMES, AllOf, Always, AnyOf, Condition, Not, Test
from advisor.rules.structure import StructureError, YamlPath, closest, expect_list, type_name

OPERATORS = ("eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "contains", "nonempty")
NUMERIC_OPERATORS = ("gt", "ge", "lt", "le")


def parse_condition(raw: Any, path: YamlPath, known_answers: tuple[str, ...]) -> Condition:
    """Build a Condition; answers must be among known_answers (earlier questions)."""
    if raw is None:
        return Always()
    if not isinstance(raw, dict) or len(raw) == 0:
        raise StructureError(path, f"a condition must be a mapping, found {type_name(raw)}")
    if "all" in raw or "any" in raw:
        if len(raw) != 1:
            raise StructureError(path, "all/any must be the only key of its mapping")
        key = "all" if "all" in raw else "any"
        items = expect_list(raw[key], path + (key,))
        if not items:
            raise StructureError(path + (key,), f"{key} needs at least one condition")
        parsed = tuple(parse_condition(item, path + (key, index), known_answers) for index, item in enumerate(items))
        return AllOf(parsed) if key == "all" else AnyOf(parsed)
    if "not" in raw:
        if len(raw) != 1:
            raise StructureError(path, "not must be the only key of its mapping")
        return Not(parse_condition(raw["not"], path + ("not",), known_answers))
    return _parse_test(raw, path, known_answers)


def _parse_test(raw: dict[str, Any], path: YamlPath, known_answers: tuple[str, ...]) -> Test:
    subjects = [key for key in ("answer", "fact") if key in raw]
    if len(subjects) != 1:
        raise StructureError(path, "a test names exactly one of answer or fact")
    subject = subjects[0]
    name = raw[subject]
    if subject == "answer" and name not in known_answers:
        raise StructureError(
            path + (subject,),
            f'condition names unknown or later question "{name}"{closest(str(name), known_answers)}',
        )
    if subject == "fact" and name not in FACT_NAMES:
        raise StructureError(path + (subject,), f'unknown fact "{name}"{closest(str(name), FACT_NAMES)}')
    ops = [key for key in raw if key != subject]
    if len(ops) != 1:
        raise StructureError(path, "a test has exactly one operator: " + ", ".join(OPERATORS))
    op = ops[0]
    if op not in OPERATORS:
        raise StructureError(path + (op,), f'unknown operator "{op}"{closest(op, OPERATORS)}')
    value = raw[op]
    if op in ("in", "not_in") and not isinstance(value, list):
        raise StructureError(path + (op,), f"{op} takes a list")
    if op in NUMERIC_OPERATORS and (isinstance(value, bool) or not isinstance(value, int)):
        raise StructureError(path + (op,), f"{op} takes a whole number")
    if op == "nonempty" and value is not True:
        raise StructureError(path + (op,), "nonempty takes true")
    return Test(subject, name, op, tuple(value) if isinstance(value, list) else value)


def answers_named(condition: Condition) -> set[str]:
    """The answer keys a condition reads."""
    if isinstance(condition, Test):
        return {condition.name} if condition.subject == "answer" else set()
    if isinstance(condition, (AllOf, AnyOf)):
        names: set[str] = set()
        for item in condition.items:
            names |= answers_named(item)
        return names
    if isinstance(condition, Not):
        return answers_named(condition.item)
    return set()


def condition_to_data(condition: Condition) -> Any:
    """The YAML/JSON form of a condition (None for 'always')."""
    if isinstance(condition, Test):
        value = list(condition.value) if isinstance(condition.value, tuple) else condition.value
        return {condition.subject: condition.name, condition.op: value}
    if isinstance(condition, AllOf):
        return {"all": [condition_to_data(item) for item in condition.items]}
    if isinstance(condition, AnyOf):
        return {"any": [condition_to_data(item) for item in condition.items]}
    if isinstance(condition, Not):
        return {"not": condition_to_data(condition.item)}
    return None


def holds_for_facts(condition: Condition, facts: Any) -> bool:
    """Evaluate a condition that reads version facts only (as terms' `when` do)."""
    if isinstance(condition, Always):
        return True
    if isinstance(condition, Test):
        if condition.subject != "fact":
            raise ValueError(f"a facts-only condition cannot read the answer {condition.name}")
        actual = getattr(facts, condition.name)
        same = actual == condition.value and type(actual) is type(condition.value)
        if condition.op == "eq":
            return same
        if condition.op == "ne":
            return not same
        if condition.op == "in":
            return actual in condition.value
        if condition.op == "not_in":
            return actual not in condition.value
        raise ValueError(f"operator {condition.op} is not used on facts")
    if isinstance(condition, AllOf):
        return all(holds_for_facts(item, facts) for item in condition.items)
    if isinstance(condition, AnyOf):
        return any(holds_for_facts(item, facts) for item in condition.items)
    if isinstance(condition, Not):
        return not holds_for_facts(condition.item, facts)
    raise TypeError(f"not a condition: {condition!r}")
