"""Answers-file formats: read a v0.1.0 file (no `format` key) as the current format.

A file written by v0.1.0 has no `format` key. Its answers keep their meaning, and each
question added since then takes the value that v0.1.0 implied (listed as assumed, so the
output can say so). `other_model_is_llama_derivative` (a yes/no) became the choice
`other_model_kind`. A `format: 2` file must give every relevant answer itself.
"""

# No `from __future__ import annotations`: typing.NamedTuple would compile each field's annotation.
from typing import Any, NamedTuple

from advisor.engine.errors import AnswersError
from advisor.model import ANSWERS_FORMAT, OBLIGATION_IDS, Assessment, MappedAnswer

FORMAT_KEY = "format"
# Optional keys about the file rather than the use (format 2): not answers, never assessed.
COMPLETE_KEY = "complete"  # false: a partial interview, saved to resume later
DONE_KEY = "obligations_done"  # obligation ids the user has ticked as done
DETAILS_KEY = "report_details"  # the report's title, product, organisation, assessor
DETAIL_FIELDS = ("title", "product", "organisation", "assessor")
META_KEYS = (FORMAT_KEY, COMPLETE_KEY, DONE_KEY, DETAILS_KEY)
KNOWN_FORMATS = (1, ANSWERS_FORMAT)
OLD_TRAINING_KEY = "other_model_is_llama_derivative"
TRAINING_KEY = "other_model_kind"
OLD_TRAINING_VALUES = {True: "same_llama", False: "other_llm"}

# What v0.1.0 implied for each question added in format 2 (None: copy `distributes`).
V1_IMPLIED: dict[str, Any] = {
    "weights_from_meta": True,
    "access": "own_copy",
    "eu_affiliates_involved": False,
    "separate_license_from_meta": False,
    "ships_copies": None,
}


class UpgradedAnswers(NamedTuple):
    values: dict[str, Any]  # answers in the current format, without the file's own keys
    format: int  # the format the file was written in
    filled: tuple[str, ...]  # keys given the value v0.1.0 implied (only some will be relevant)
    mapped: tuple[MappedAnswer, ...]
    meta: dict[str, Any] = {}  # noqa: RUF012 - complete / obligations_done / report_details, checked


def upgrade_answers(raw: Any) -> UpgradedAnswers:
    """Read raw answers of any known format as current answers. Raises AnswersError."""
    if not isinstance(raw, dict):
        return UpgradedAnswers(raw, ANSWERS_FORMAT, (), ())
    version = raw.get(FORMAT_KEY, 1)
    if type(version) is not int or version not in KNOWN_FORMATS:  # not True, not 2.0: a whole number
        known = ", ".join(str(f) for f in KNOWN_FORMATS)
        hint = f" (write format: {version}, a number, without quotes)" if version in ("1", "2") else ""
        if isinstance(version, float) and version in KNOWN_FORMATS:
            hint = f" (write format: {int(version)}, a whole number)"
        raise AnswersError(
            f"unknown answers-file format {version!r}{hint}; this advisor reads formats {known}", FORMAT_KEY
        )
    meta = _meta(raw)
    values = {key: value for key, value in raw.items() if key not in META_KEYS}
    if version == ANSWERS_FORMAT:
        if OLD_TRAINING_KEY in values:
            raise AnswersError(
                f"format {ANSWERS_FORMAT} files use {TRAINING_KEY} (same_llama, other_llama, other_llm or other_ai) "
                f"instead of {OLD_TRAINING_KEY}",
                OLD_TRAINING_KEY,
            )
        return UpgradedAnswers(values, ANSWERS_FORMAT, (), (), meta)
    mapped: list[MappedAnswer] = []
    if OLD_TRAINING_KEY in values:
        old = values.pop(OLD_TRAINING_KEY)
        if TRAINING_KEY in values:
            raise AnswersError(f"give {TRAINING_KEY} or the older {OLD_TRAINING_KEY}, not both", OLD_TRAINING_KEY)
        if not isinstance(old, bool):
            raise AnswersError(f"expected true or false, found {old!r}", OLD_TRAINING_KEY)
        values[TRAINING_KEY] = OLD_TRAINING_VALUES[old]
        mapped.append(MappedAnswer(OLD_TRAINING_KEY, old, TRAINING_KEY, values[TRAINING_KEY]))
    filled: list[str] = []
    for key, implied in V1_IMPLIED.items():
        if key in values:
            continue
        if implied is None:
            if not isinstance(values.get("distributes"), bool):
                continue
            implied = values["distributes"]
        values[key] = implied
        filled.append(key)
    return UpgradedAnswers(values, 1, tuple(filled), tuple(mapped), meta)


def _meta(raw: dict[str, Any]) -> dict[str, Any]:
    """The file's own optional keys, checked (they never change an assessment)."""
    meta: dict[str, Any] = {}
    if COMPLETE_KEY in raw:
        if not isinstance(raw[COMPLETE_KEY], bool):
            raise AnswersError(f"expected true or false, found {raw[COMPLETE_KEY]!r}", COMPLETE_KEY)
        meta[COMPLETE_KEY] = raw[COMPLETE_KEY]
    if DONE_KEY in raw:
        done = raw[DONE_KEY]
        if not isinstance(done, list) or not all(item in OBLIGATION_IDS for item in done):
            known = ", ".join(OBLIGATION_IDS)
            raise AnswersError(f"expected a list of obligation ids ({known})", DONE_KEY)
        meta[DONE_KEY] = list(dict.fromkeys(done))
    if DETAILS_KEY in raw:
        details = raw[DETAILS_KEY]
        if not isinstance(details, dict) or not all(
            key in DETAIL_FIELDS and isinstance(value, str) for key, value in details.items()
        ):
            raise AnswersError(f"expected a mapping of {', '.join(DETAIL_FIELDS)} to text", DETAILS_KEY)
        meta[DETAILS_KEY] = dict(details)
    return meta


def answers_to_save(assessment: Assessment, raw: dict[str, Any]) -> dict[str, Any]:
    """The answers a saved file should hold: what was given (read in today's format, unused
    ones included), plus what was assumed for an older file; not what a version fact fixes."""
    given = {key for key in raw if key not in META_KEYS}
    given |= set(assessment.assumed) | {item.key for item in assessment.mapped}
    kept = {key: value for key, value in assessment.answers.items() if key in given}
    kept.update({key: raw[key] for key in assessment.unused if key in raw})  # given, valid, not needed
    return kept
