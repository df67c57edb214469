"""The answers file's JSON Schema (resources/schemas/answers.schema.json), generated from the knowledge base.

Every question of questions.yaml becomes a property, in interview order: its type, its
choices (or the use policy's categories) and, as the description, its label and prompt
with the version-specific words read generically. The file's own keys (format and the
rest, advisor.engine.answers_format) come first, and v0.1.0's training key sits beside
the key that replaced it. ``python -m advisor.engine.answers_schema`` writes the shipped
file; ``--check`` only says whether it is current (a test does the same).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from advisor.engine.answers_format import (
    COMPLETE_KEY,
    DETAIL_FIELDS,
    DETAILS_KEY,
    DONE_KEY,
    FORMAT3_DEFAULTS,
    FORMAT_KEY,
    KNOWN_FORMATS,
    OLD_TRAINING_KEY,
    OLD_TRAINING_VALUES,
    TRAINING_KEY,
    V1_IMPLIED,
)
from advisor.engine.compiled import compiled
from advisor.engine.lineage_answers import (
    ACCESS_VALUES,
    ENTRY_FIELDS,
    LINEAGE_KEY,
    MAX_ENTRIES,
    OTHER_PARENTS_KEY,
    PARENT_FIELDS,
    TEXT_LIMIT,
)
from advisor.model import ANSWERS_FORMAT, LINEAGE_TAKES, OBLIGATION_IDS, KnowledgeBase, Question

SCHEMA_NAME = "answers.schema.json"
SCHEMA_ID = "https://llama-license-advisor.invalid/schemas/answers.schema.json"
DESCRIPTION = (
    "Answers to the advisor's interview. Only the questions relevant to earlier answers are required; "
    "the engine (not this schema) decides which, and reports a missing needed answer by name. Known answers "
    "that do not matter for the case are accepted and listed as unused. Files written by the advisor start "
    f"with format: {ANSWERS_FORMAT}. A file without `format` is a v0.1.0 file: {OLD_TRAINING_KEY} is read as "
    f"{TRAINING_KEY}, and each question added since v0.1.0 takes the value v0.1.0 implied (listed in the "
    "assessment's assumed_answers)."
)


def answers_schema(kb: KnowledgeBase) -> dict[str, Any]:
    """The schema as data."""
    properties: dict[str, Any] = {
        FORMAT_KEY: {
            "description": f"answers-file format: {ANSWERS_FORMAT} for files written since v0.3 (it adds "
            f"{LINEAGE_KEY}, {OTHER_PARENTS_KEY} and the questions of format 3); 2 for files of v0.2; "
            "absent (or 1) for a v0.1.0 file",
            "enum": list(KNOWN_FORMATS),
        },
        COMPLETE_KEY: {
            "description": "false: a partial interview saved to resume later; `assess` on it exits 2 naming "
            "the first missing answer",
            "type": "boolean",
        },
        DONE_KEY: {
            "description": "obligation ids the user ticked as done (kept with the answers and printed in "
            "reports); never changes the assessment",
            "type": "array",
            "uniqueItems": True,
            "items": {"enum": list(OBLIGATION_IDS)},
        },
        DETAILS_KEY: {
            "description": "details printed on reports (never changes the assessment)",
            "type": "object",
            "additionalProperties": False,
            "properties": {field: {"type": "string"} for field in DETAIL_FIELDS},
        },
    }
    for question in kb.questions:
        properties[question.id] = _question(kb, question)
        if question.id == TRAINING_KEY:
            readings = ", ".join(f"{json.dumps(old)} is read as {new}" for old, new in OLD_TRAINING_VALUES.items())
            properties[OLD_TRAINING_KEY] = {
                "description": f"v0.1.0 files only (replaced by {TRAINING_KEY}): {readings}",
                "type": "boolean",
                "deprecated": True,
            }
    properties[LINEAGE_KEY] = _lineage(kb, properties)
    properties[OTHER_PARENTS_KEY] = {
        "description": f"format {ANSWERS_FORMAT}: parent models that are not Llama (a merge with Qwen, Mistral…); "
        "echoed back in the assessment with a note that their own license applies, never assessed",
        "type": "array",
        "maxItems": MAX_ENTRIES,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": list(PARENT_FIELDS),
            "properties": {
                field: {"type": "string", "minLength": 1, "maxLength": TEXT_LIMIT} for field in PARENT_FIELDS
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Llama License Advisor answers",
        "description": DESCRIPTION,
        "type": "object",
        "additionalProperties": False,
        "required": [kb.questions[0].id],
        "properties": properties,
    }


def _lineage(kb: KnowledgeBase, properties: dict[str, Any]) -> dict[str, Any]:
    flags = {"type": "boolean", "description": "optional; defaults to the top-level answer"}
    return {
        "description": f"format {ANSWERS_FORMAT}: the other Llama versions this product or model takes from "
        "(the top-level version is the main model). Each is assessed with the top-level answers, changed as "
        "the entry says, and the verdict is the most severe of all",
        "type": "array",
        "maxItems": MAX_ENTRIES,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["version", "takes"],
            "properties": {
                "version": {"enum": list(kb.versions)},
                "takes": {"enum": list(LINEAGE_TAKES)},
                **{field: dict(flags) for field in ENTRY_FIELDS[2:4]},
                "access": {"enum": list(ACCESS_VALUES), "description": "optional; defaults to the top-level answer"},
                "mau": {
                    **properties.get("mau", {}),
                    "description": "the user count for the month before this version's release; needed when the "
                    "top-level mau is a number (the words far_below_threshold and far_above_threshold carry over)",
                },
            },
        },
    }


def _question(kb: KnowledgeBase, question: Question) -> dict[str, Any]:
    fill = compiled(kb).fill  # version-specific words read generically ("the chosen Llama version")
    described = [f"{question.label}: {fill(question.prompt, None)}"]
    entry: dict[str, Any] = {}
    if question.type == "bool":
        entry["type"] = "boolean"
    elif question.type == "choice":
        values = [choice.value for choice in question.choices]
        described.append("Choices: " + "; ".join(f"{c.value} = {fill(c.label, None)}" for c in question.choices))
        if all(_is_number(value) for value in values):
            described.append("YAML readers may give a value as a number; the advisor accepts one whose text is listed.")
        entry["enum"] = values
    elif question.type == "int":
        named = [choice.value for choice in question.choices]
        whole: dict[str, Any] = {"type": "integer"}
        if question.minimum is not None:
            whole["minimum"] = question.minimum
        described.append(
            "A plain decimal whole number"
            + "".join(f"; or {choice.value} = {fill(choice.label, None)}" for choice in question.choices)
        )
        entry["oneOf"] = [whole, {"enum": named}] if named else [whole]
    elif question.type == "multi":
        categories = [category for category in kb.aup_categories if category not in question.exclude]
        described.append("Each item is a category of the chosen version's use policy (`llama-advisor questions`)")
        entry.update(type="array", uniqueItems=True, items={"enum": categories})
    else:  # the loader admits only the types above
        raise ValueError(f"question {question.id}: no schema for type {question.type!r}")
    if question.id in V1_IMPLIED:
        implied = V1_IMPLIED[question.id]
        assumed = "equal to distributes" if implied is None else json.dumps(implied).strip('"')
        described.append(f"In a v0.1.0 file: assumed {assumed}")
    if question.id in FORMAT3_DEFAULTS:
        described.append(
            f"In a file of format 1 or 2: read as {json.dumps(FORMAT3_DEFAULTS[question.id]).strip(chr(34))}"
        )
    return {"description": " ".join(_sentence(part) for part in described), **entry}


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def schema_text(kb: KnowledgeBase) -> str:
    """The shipped file's exact text."""
    return json.dumps(answers_schema(kb), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    from advisor.resources import resource_path
    from advisor.rules import load_knowledge_base

    parser = argparse.ArgumentParser(
        prog="python -m advisor.engine.answers_schema", description=__doc__.splitlines()[0]
    )
    parser.add_argument("path", nargs="?", help=f"where to write it (default: resources/schemas/{SCHEMA_NAME})")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is not current")
    args = parser.parse_args(argv)
    target = Path(args.path) if args.path else resource_path("schemas", SCHEMA_NAME)
    text = schema_text(load_knowledge_base())
    current = target.is_file() and target.read_text(encoding="utf-8") == text
    if args.check:
        print(f"{target}: {'current' if current else 'out of date: run python -m advisor.engine.answers_schema'}")
        return 0 if current else 1
    if not current:
        target.write_text(text, encoding="utf-8")
    print(f"{target}: {'unchanged' if current else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
