"""Answers-file formats: read a v0.1.0 file (no `format` key) as the current format.

A file written by v0.1.0 has no `format` key. Its answers keep their meaning, and each
question added since then takes the value that v0.1.0 implied (listed as assumed, so the
output can say so). `other_model_is_llama_derivative` (a yes/no) became the choice
`other_model_kind`. A `format: 2` file must give every relevant answer itself, except
the questions format 3 added (`FORMAT3_DEFAULTS`): they take the value format 2 meant,
and are not echoed back. A `format: 3` file gives every relevant answer, and may add
`lineage` and `other_parents` (advisor.engine.lineage_answers reads them).
"""

# No `from __future__ import annotations`: typing.NamedTuple would compile each field's annotation.
from collections.abc import Mapping
from typing import Any, NamedTuple

from advisor.engine.errors import AnswersError
from advisor.engine.lineage_answers import LINEAGE_KEY, OTHER_PARENTS_KEY, read_lineage, read_other_parents
from advisor.model import ANSWERS_FORMAT, OBLIGATION_IDS, Assessment, LineageEntry, MappedAnswer, OtherParent

FORMAT_KEY = "format"
# Optional keys about the file rather than the use (format 2): not answers, never assessed.
COMPLETE_KEY = "complete"  # false: a partial interview, saved to resume later
DONE_KEY = "obligations_done"  # obligation ids the user has ticked as done
DETAILS_KEY = "report_details"  # the report's title, product, organisation, assessor
DETAIL_FIELDS = ("title", "product", "organisation", "assessor")
META_KEYS = (FORMAT_KEY, COMPLETE_KEY, DONE_KEY, DETAILS_KEY)
LINEAGE_KEYS = (LINEAGE_KEY, OTHER_PARENTS_KEY)  # format 3: the other models taken from (not answers)
KNOWN_FORMATS = (1, 2, ANSWERS_FORMAT)
FORMAT3_DEFAULTS: dict[str, Any] = {
    "shares_llama1_weights": "not_shared",
    "takes": "weights",
    "separate_license_from_meta": False,  # format 2 asked it only above 700 million users
    "weights_fetched_on_first_run": "not_fetched",
    "adapter_only": False,
    "own_terms": False,
}
"""What a format-1 or format-2 file meant for each question format 3 added, where it is asked."""
FORMAT2_ASKED = ("separate_license_from_meta",)  # format 2 asked it too, above 700 million users
OLD_TRAINING_KEY = "other_model_is_llama_derivative"
TRAINING_KEY = "other_model_kind"
OLD_TRAINING_VALUES = {True: "same_llama", False: "other_llm"}
MAU_THRESHOLD = 700_000_000  # the agreements' "700 million monthly active users"

# What v0.1.0 implied for each question added in format 2 (None: copy `distributes`), or the
# cautious reading where what it implied is in doubt.
V1_IMPLIED: dict[str, Any] = {
    "weights_from_meta": False,  # v0.1.0 implied true; the cautious reading (advisor.engine.old_files)
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
    lineage: tuple[LineageEntry, ...] = ()
    other_parents: tuple[OtherParent, ...] = ()

    @property
    def defaults(self) -> dict[str, Any]:
        """Answers to questions added since the file's format, as that format meant them
        (format 2 asked for a written grant above 700 million users: there it must be given)."""
        if self.format == ANSWERS_FORMAT:
            return {}
        if self.format == 2 and _over_threshold(self.values.get("mau")):
            return {key: value for key, value in FORMAT3_DEFAULTS.items() if key not in FORMAT2_ASKED}
        return FORMAT3_DEFAULTS


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
    values = {key: value for key, value in raw.items() if key not in META_KEYS and key not in LINEAGE_KEYS}
    if version != 1 and OLD_TRAINING_KEY in values:
        raise AnswersError(
            f"format {version} files use {TRAINING_KEY} (same_llama, other_llama, other_llm or other_ai) "
            f"instead of {OLD_TRAINING_KEY}",
            OLD_TRAINING_KEY,
        )
    _lineage_only_in_format_3(raw, version)
    if version == ANSWERS_FORMAT:
        lineage = read_lineage(raw.get(LINEAGE_KEY))
        parents = read_other_parents(raw.get(OTHER_PARENTS_KEY))
        return UpgradedAnswers(values, ANSWERS_FORMAT, (), (), meta, lineage, parents)
    if version == 2:
        return UpgradedAnswers(values, 2, (), (), meta)
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
        if key == "separate_license_from_meta" and not _over_threshold(values.get("mau")):
            continue  # v0.1.0 implied it only above 700 million users; format 3's meaning fills it
        if implied is None:
            if not isinstance(values.get("distributes"), bool):
                continue
            implied = values["distributes"]
        values[key] = implied
        filled.append(key)
    return UpgradedAnswers(values, 1, tuple(filled), tuple(mapped), meta)


def implicit_format(answers: Mapping[str, Any]) -> int:
    """The format of an answers mapping given without `format` to the Python API: 3 when it
    uses anything format 3 added (a lineage, or a question of FORMAT3_DEFAULTS), else 2, so a
    caller's mapping written for format 2 keeps its meaning."""
    uses_3 = any(key in answers for key in (*LINEAGE_KEYS, *FORMAT3_DEFAULTS) if key not in FORMAT2_ASKED)
    return ANSWERS_FORMAT if uses_3 else 2


def _over_threshold(mau: Any) -> bool:
    """A user count of a v0.1.0 file above 700 million (where it implied no grant from Meta)."""
    if mau == "far_above_threshold":
        return True
    return isinstance(mau, int) and not isinstance(mau, bool) and mau > MAU_THRESHOLD


def _lineage_only_in_format_3(raw: dict[str, Any], version: int) -> None:
    for key in LINEAGE_KEYS:
        if key in raw and version != ANSWERS_FORMAT:
            raise AnswersError(f"{key} needs format: {ANSWERS_FORMAT} (this file says format {version})", key)


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
    given = {key for key in raw if key not in META_KEYS and key not in LINEAGE_KEYS}
    given |= set(assessment.assumed) | {item.key for item in assessment.mapped} | set(assessment.implicit)
    kept = {key: value for key, value in assessment.answers.items() if key in given}
    kept.update({key: raw[key] for key in assessment.unused if key in raw})  # given, valid, not needed
    if assessment.lineage:
        kept[LINEAGE_KEY] = [part.entry.to_dict() for part in assessment.lineage]
    if assessment.other_parents:
        kept[OTHER_PARENTS_KEY] = [{"name": p.name, "license": p.license} for p in assessment.other_parents]
    return kept


def answers_to_check(assessment: Assessment, raw: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The answers (and their format) that reproduce this assessment, open points included:
    a v0.1.0 file's own answers, read as v0.1.0 wrote them; otherwise answers_to_save."""
    if assessment.answers_format == 1:
        given = {key: value for key, value in raw.items() if key not in META_KEYS and key not in LINEAGE_KEYS}
        return given, 1
    return answers_to_save(assessment, raw), ANSWERS_FORMAT
