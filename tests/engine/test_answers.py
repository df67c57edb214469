"""Contract tests for the answers mapping: required, unknown, contradictory and unused answers."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.engine import AnswersError, assess, next_question
from advisor.engine.answers_format import FORMAT3_DEFAULTS
from advisor.model import ANSWERS_FORMAT, KnowledgeBase

DEVELOPER_ONLY = ("access", "eu", "mau", "distributes", "ships_copies")
TRAINING = ("trains_other_model", "other_model_kind", "other_model_distributed")


def developer(version: str = "3.1", **extra: Any) -> dict[str, Any]:
    """A developer's answers as format 2 gathered them (no `format` key: see `v2`; `developer3`
    adds the questions format 3 added)."""
    answers: dict[str, Any] = {"version": version, "role": "developer", "access": "own_copy", "mau": 0}
    answers |= {"critical_infrastructure": False, "aup_concerns": [], "distributes": False, "trains_other_model": False}
    answers.update(extra)
    return answers


def end_user(version: str = "3.1", **extra: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {"version": version, "role": "end_user", "critical_infrastructure": False}
    answers |= {"aup_concerns": [], "trains_other_model": False}
    answers.update(extra)
    return answers


def v2(answers: dict[str, Any]) -> dict[str, Any]:
    """The same answers as a format-2 answers file, which must give every relevant answer but
    those format 3 added (they take the value format 2 meant: FORMAT3_DEFAULTS)."""
    return {"format": 2, **answers}


def v3(answers: dict[str, Any]) -> dict[str, Any]:
    """The same answers as a format-3 answers file, which must give every relevant answer."""
    return {"format": ANSWERS_FORMAT, **answers}


def with_format3_answers(kb: KnowledgeBase, answers: dict[str, Any]) -> dict[str, Any]:
    """`answers` with each question format 3 added that the interview asks, answered as format 2
    meant it; stops at the first other unanswered question (the interview's order)."""
    completed = dict(answers)
    while (question := next_question(kb, completed)) is not None and question.id in FORMAT3_DEFAULTS:
        completed[question.id] = FORMAT3_DEFAULTS[question.id]
    return completed


def error_for(kb: KnowledgeBase, answers: Any, answers_format: int = 2) -> AnswersError:
    with pytest.raises(AnswersError) as caught:
        assess(kb, {"format": answers_format, **answers} if isinstance(answers, dict) else answers)
    return caught.value


def developer3(version: str = "3.1", **extra: Any) -> dict[str, Any]:
    """A developer's answers with those format 3 added (what the interview gathers today)."""
    return developer(version, **({"takes": "weights", "separate_license_from_meta": False} | extra))


# ------------------------------------------------------------------ missing answers
@pytest.mark.parametrize(
    ("answers", "key"),
    [
        pytest.param({}, "version", id="empty"),
        pytest.param({"version": "3.1"}, "role", id="role"),
        pytest.param({"version": "1"}, "weights_from_meta", id="llama1-weights"),
        pytest.param({"version": "1", "weights_from_meta": True}, "commercial", id="llama1-commercial"),
        pytest.param({k: v for k, v in developer().items() if k != "access"}, "access", id="access"),
        pytest.param({k: v for k, v in developer().items() if k != "mau"}, "mau", id="mau"),
        pytest.param(developer("3.2"), "multimodal", id="multimodal-3.2"),
        pytest.param(developer("3.2", multimodal=True), "eu", id="eu-3.2-vision"),
        pytest.param(developer("4"), "eu", id="eu-4"),
        pytest.param(developer("4", eu=False), "eu_affiliates_involved", id="eu-affiliates-4"),
        pytest.param(developer(distributes=True), "ships_copies", id="ships-copies"),
        pytest.param({k: v for k, v in developer().items() if k != "aup_concerns"}, "aup_concerns", id="aup"),
        pytest.param(developer(trains_other_model=True), "other_model_kind", id="kind"),
        pytest.param(
            developer(trains_other_model=True, other_model_kind="other_llm"),
            "other_model_distributed",
            id="other-distributed",
        ),
        pytest.param(
            {k: v for k, v in end_user().items() if k != "trains_other_model"},
            "trains_other_model",
            id="end-user-trains",
        ),
        pytest.param(end_user("2", trains_other_model=True), "other_model_kind", id="end-user-kind"),
        pytest.param(
            end_user("3", trains_other_model=True, other_model_kind="other_ai"),
            "other_model_distributed",
            id="end-user-other-distributed",
        ),
    ],
)
def test_missing_needed_answer_is_named(kb: KnowledgeBase, answers: dict[str, Any], key: str) -> None:
    error = error_for(kb, answers)
    assert error.key == key
    assert str(error).startswith(f"{key}: missing answer")


@pytest.mark.parametrize("mau", [700_000_001, "far_above_threshold"])
def test_a_format_2_file_over_the_threshold_must_still_answer_the_written_grant(kb: KnowledgeBase, mau: Any) -> None:
    """Format 2 asked separate_license_from_meta above 700 million users, so a format-2 file that
    leaves it out there is incomplete, as it always was; only where format 2 never asked it (at or
    below the threshold) does it take the value format 2 meant (false)."""
    error = error_for(kb, developer(mau=mau))
    assert error.key == "separate_license_from_meta"
    assert str(error).startswith("separate_license_from_meta: missing answer")
    assert assess(kb, v2(developer(mau=700_000_000))).answers["separate_license_from_meta"] is False


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        pytest.param({k: v for k, v in developer3().items() if k != "takes"}, "takes", id="takes"),
        pytest.param(
            {k: v for k, v in developer3().items() if k != "separate_license_from_meta"},
            "separate_license_from_meta",
            id="written-grant-below-threshold",
        ),
        pytest.param(developer3(distributes=True, ships_copies=True), "weights_fetched_on_first_run", id="first-run"),
        pytest.param(
            developer3(distributes=True, ships_copies=False, weights_fetched_on_first_run="not_fetched"),
            "own_terms",
            id="own-terms",
        ),
        pytest.param(
            developer3(trains_other_model=True, other_model_kind="same_llama", other_model_distributed=True),
            "adapter_only",
            id="adapter-only",
        ),
        pytest.param(
            developer3(
                trains_other_model=True, other_model_kind="same_llama", other_model_distributed=True, adapter_only=True
            ),
            "own_terms",
            id="own-terms-fine-tune",
        ),
        pytest.param(
            end_user("3", trains_other_model=True, other_model_kind="other_ai", other_model_distributed=True),
            "own_terms",
            id="end-user-own-terms",
        ),
        pytest.param(
            {"version": "1", "weights_from_meta": True, "commercial": False},
            "shares_llama1_weights",
            id="llama1-sharing",
        ),
    ],
)
def test_missing_format_3_answer_is_named(kb: KnowledgeBase, answers: dict[str, Any], key: str) -> None:
    error = error_for(kb, answers, ANSWERS_FORMAT)
    assert error.key == key
    assert str(error).startswith(f"{key}: missing answer")


# ------------------------------------------------------------------ unknown keys
@pytest.mark.parametrize(
    ("typo", "suggested"),
    [
        ("multimodel", "multimodal"),
        ("verison", "version"),
        ("distribute", "distributes"),
        ("aup_concern", "aup_concerns"),
        # Case-insensitive: compared case-sensitively, "MAU" and "EU" share no character with "mau" and "eu".
        ("MAU", "mau"),
        ("Version", "version"),
        ("EU", "eu"),
    ],
)
def test_unknown_key_suggests_closest(kb: KnowledgeBase, typo: str, suggested: str) -> None:
    error = error_for(kb, {**developer(), typo: True})
    assert error.key == typo
    assert f'did you mean "{suggested}"?' in str(error)


def test_unknown_key_without_close_match_lists_valid_keys(kb: KnowledgeBase) -> None:
    error = error_for(kb, {**developer(), "zzzqqq": 1})
    assert error.key == "zzzqqq"
    assert "did you mean" not in str(error)
    assert "valid keys: version, weights_from_meta, commercial, role, access, takes, multimodal" in str(error)
    assert str(error).endswith("own_terms, shares_llama1_weights")  # every question, in interview order


# ------------------------------------------------------------------ contradictions and bad values
@pytest.mark.parametrize(
    ("answers", "key", "explanation"),
    [
        pytest.param(
            developer("3.3", multimodal=True), "multimodal", "Llama 3.3 has no multimodal model", id="3.3-multimodal"
        ),
        pytest.param(
            {"version": "3.1", "role": "end_user", "multimodal": True, "critical_infrastructure": False},
            "multimodal",
            "Llama 3.1 has no multimodal model",
            id="3.1-end-user-multimodal",
        ),
        pytest.param(
            developer("4", multimodal=False, eu=False), "multimodal", "Every Llama 4 model is multimodal", id="4-text"
        ),
        pytest.param(
            developer("2", aup_concerns=["circumvent_safety_measures"]),
            "aup_concerns",
            "is not in the Llama 2 Acceptable Use Policy",
            id="aup-not-in-version",
        ),
        pytest.param(
            developer(aup_concerns=["critical_infrastructure"]), "aup_concerns", "has its own question", id="aup-ci"
        ),
        pytest.param(developer(aup_concerns=["spam", "spam"]), "aup_concerns", "twice", id="aup-duplicate"),
        pytest.param(developer(aup_concerns=["nope"]), "aup_concerns", "not a known category", id="aup-unknown"),
        pytest.param(developer(mau=-1), "mau", "0 or more", id="mau-negative"),
        pytest.param(developer(mau="700000000"), "mau", "write the number in digits", id="mau-text"),
        pytest.param(developer(mau=True), "mau", "whole number", id="mau-bool"),
        pytest.param(developer(mau=7e8), "mau", "whole number", id="mau-float"),
        pytest.param(developer(role="admin"), "role", "expected one of developer, end_user", id="role"),
        pytest.param(
            developer(mau="far_below"), "mau", "far_below_threshold or far_above_threshold", id="mau-unknown-band"
        ),
        pytest.param(developer(access="api"), "access", "expected one of own_copy, hosted_api", id="access"),
        pytest.param(
            developer(takes="model"),
            "takes",
            "expected one of weights, code_or_tokenizer, outputs, nothing",
            id="takes",
        ),
        pytest.param(
            developer(takes="nothing"), "takes", "not governed by the Llama 3.1 agreement", id="takes-nothing-closed"
        ),
        pytest.param(
            developer(trains_other_model=True, other_model_kind="llm", other_model_distributed=False),
            "other_model_kind",
            "expected one of same_llama, merged_llama, other_llama, other_llm, other_ai",
            id="kind",
        ),
        pytest.param(
            {"version": "1", "weights_from_meta": True, "commercial": "yes"},
            "commercial",
            "true or false",
            id="bool-text",
        ),
        pytest.param({"version": 3.0}, "version", "expected one of 1, 2, 3, 3.1", id="version-3.0"),
        pytest.param({"version": True}, "version", "expected one of", id="version-bool"),
    ],
)
def test_contradiction_or_bad_value_is_explained(
    kb: KnowledgeBase, answers: dict[str, Any], key: str, explanation: str
) -> None:
    error = error_for(kb, answers)
    assert error.key == key
    assert explanation in str(error)


@pytest.mark.parametrize("raw", [[], None, "version: 3", 42])
def test_answers_must_be_a_mapping(kb: KnowledgeBase, raw: Any) -> None:
    error = error_for(kb, raw)
    assert error.key is None
    assert "must be a mapping" in str(error)


def test_next_question_rejects_invalid_partial(kb: KnowledgeBase) -> None:
    with pytest.raises(AnswersError, match="multimodel"):
        next_question(kb, {"version": "3.2", "multimodel": True})


# ------------------------------------------------------------------ relevance and unused answers
@pytest.mark.parametrize(
    "answers",
    [
        pytest.param({"version": "1", "weights_from_meta": True, "commercial": False}, id="llama1"),
        pytest.param(end_user(), id="end-user"),
        pytest.param(
            end_user("3", trains_other_model=True, other_model_kind="other_ai", other_model_distributed=False),
            id="end-user-trains",
        ),
        pytest.param(developer("3.1"), id="developer-3.1-no-eu"),
        pytest.param(developer("3.2", multimodal=False), id="developer-3.2-text-no-eu"),
        pytest.param(developer("3.3"), id="developer-3.3-multimodal-implied"),
        pytest.param(developer("4", eu=False, eu_affiliates_involved=False), id="developer-4-non-eu"),
        pytest.param(developer(mau="far_above_threshold", separate_license_from_meta=True), id="separate-license"),
        pytest.param(developer(distributes=True, ships_copies=False), id="hosted-service"),
    ],
)
def test_only_relevant_questions_are_required(kb: KnowledgeBase, answers: dict[str, Any]) -> None:
    result = assess(kb, v2(answers))
    assert result.unused == ()
    # Today's interview asks the questions format 3 added too, and nothing else.
    today = with_format3_answers(kb, answers)
    assert next_question(kb, today) is None
    assert set(today) - set(answers) <= set(FORMAT3_DEFAULTS)
    again = assess(kb, v3(today))
    assert again.unused == ()
    assert (again.verdict, again.certainty) == (result.verdict, result.certainty)
    assert again.obligations == result.obligations


def test_switching_role_to_end_user_makes_developer_answers_unused(kb: KnowledgeBase) -> None:
    answers = developer("3.2", multimodal=True, eu=True, distributes=True, ships_copies=True, trains_other_model=True)
    answers |= {"other_model_kind": "other_llm", "other_model_distributed": True}
    assert assess(kb, v2(answers)).verdict == "prohibited"
    switched = v2({**answers, "role": "end_user"})
    result = assess(kb, switched)
    assert result.verdict == "permitted"
    assert result.unused == DEVELOPER_ONLY  # interview order
    assert result.to_dict()["unused_answers"] == list(DEVELOPER_ONLY)
    assert not set(DEVELOPER_ONLY) & set(result.answers)
    assert {key: result.answers[key] for key in TRAINING} == {key: answers[key] for key in TRAINING}
    # distributes is unused, so no distribution duty; the naming rule still binds the end user.
    assert {o.id for o in result.obligations} == {"name_prefix", "acceptable_use"}
    assert result.attribution.name_prefix == "Llama"


@pytest.mark.parametrize("version", ["2", "3"])
def test_switching_role_to_end_user_keeps_the_outputs_ban(kb: KnowledgeBase, version: str) -> None:
    """§1.b.ii lifts only Section 2, so §1.b.v still forbids improving another LLM."""
    answers = developer(version, trains_other_model=True, other_model_kind="other_llm")
    answers["other_model_distributed"] = False
    switched = v2({**answers, "role": "end_user"})
    result = assess(kb, switched)
    assert result.verdict == "prohibited"
    assert "OUTPUTS-TO-OTHER-MODEL" in {r.rule for r in result.reasons}
    assert result.unused == ("access", "mau", "distributes")


def test_eu_and_mau_unused_for_llama1(kb: KnowledgeBase) -> None:
    result = assess(kb, v2({"version": "1", "weights_from_meta": True, "commercial": True, "eu": True, "mau": 5}))
    assert result.unused == ("eu", "mau")
    assert result.verdict == "prohibited"


# ------------------------------------------------------------------ interview order
def _interview(kb: KnowledgeBase, script: dict[str, Any]) -> list[str]:
    partial: dict[str, Any] = {}
    asked: list[str] = []
    while (question := next_question(kb, partial)) is not None:
        assert question.id not in asked, f"{question.id} asked twice"
        asked.append(question.id)
        partial[question.id] = script[question.id]
    assess(kb, v3(partial))
    return asked


def test_next_question_follows_questions_yaml_order(kb: KnowledgeBase) -> None:
    script = developer3("3.2", multimodal=True, eu=False, eu_affiliates_involved=False, trains_other_model=True)
    script |= {"other_model_kind": "other_llm", "other_model_distributed": True, "commercial": True}
    script |= {"mau": 800_000_000, "separate_license_from_meta": True, "distributes": True, "ships_copies": False}
    script |= {"weights_fetched_on_first_run": "from_third_party", "own_terms": True}
    asked = _interview(kb, script)
    order = [q.id for q in kb.questions]
    assert asked == [
        "version",
        "role",
        "access",
        "takes",
        "multimodal",
        "eu",
        "eu_affiliates_involved",
        "mau",
        "separate_license_from_meta",
        "critical_infrastructure",
        "aup_concerns",
        "distributes",
        "ships_copies",
        "weights_fetched_on_first_run",
        "trains_other_model",
        "other_model_kind",
        "other_model_distributed",
        "own_terms",
    ]
    assert asked == sorted(asked, key=order.index)


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        pytest.param(
            {"version": "1", "weights_from_meta": False, "commercial": False, "shares_llama1_weights": "not_shared"},
            ["version", "weights_from_meta", "commercial", "shares_llama1_weights"],
            id="llama1",
        ),
        pytest.param(
            {"version": "1", "weights_from_meta": True, "commercial": True},
            ["version", "weights_from_meta", "commercial"],
            id="llama1-commercial",
        ),
        pytest.param(
            end_user("4"),
            ["version", "role", "critical_infrastructure", "aup_concerns", "trains_other_model"],
            id="llama4-end-user",
        ),
        pytest.param(
            end_user(
                "2",
                trains_other_model=True,
                other_model_kind="other_llama",
                other_model_distributed=True,
                own_terms=False,
            ),
            [
                "version",
                "role",
                "critical_infrastructure",
                "aup_concerns",
                "trains_other_model",
                "other_model_kind",
                "other_model_distributed",
                "own_terms",
            ],
            id="llama2-end-user-trains",
        ),
        pytest.param(
            end_user("3.2", multimodal=True),
            ["version", "role", "multimodal", "critical_infrastructure", "aup_concerns", "trains_other_model"],
            id="llama3.2-vision-end-user",
        ),
        pytest.param(
            developer3("3.3"),
            [
                "version",
                "role",
                "access",
                "takes",
                "mau",
                "separate_license_from_meta",
                "critical_infrastructure",
                "aup_concerns",
                "distributes",
                "trains_other_model",
            ],
            id="llama3.3-developer",
        ),
        pytest.param(
            developer3(
                "3.1",
                takes="outputs",
                trains_other_model=True,
                other_model_kind="other_llm",
                other_model_distributed=True,
                own_terms=False,
            ),
            [
                "version",
                "role",
                "access",
                "takes",
                "mau",
                "separate_license_from_meta",
                "critical_infrastructure",
                "aup_concerns",
                "trains_other_model",
                "other_model_kind",
                "other_model_distributed",
                "own_terms",
            ],
            id="llama3.1-outputs-train-distributed",  # outputs alone: `distributes` is not asked
        ),
    ],
)
def test_interview_asks_only_relevant_questions(kb: KnowledgeBase, script: dict[str, Any], expected: list[str]) -> None:
    assert _interview(kb, script) == expected


def test_next_question_starts_with_version_and_ends_with_none(kb: KnowledgeBase) -> None:
    first = next_question(kb, {})
    assert first is not None and first.id == "version"
    assert next_question(kb, {"version": "3.1"}) == kb.question("role")
    assert next_question(kb, developer()) == kb.question("takes")  # a format-2 developer's answers lack it
    assert next_question(kb, developer3()) is None


# ------------------------------------------------------------------ YAML number versions
@pytest.mark.parametrize(("raw", "version"), [(3.1, "3.1"), (3.2, "3.2"), (3.3, "3.3"), (4, "4"), (2, "2")])
def test_numeric_version_is_accepted(kb: KnowledgeBase, raw: float, version: str) -> None:
    answers = v2({**developer(version, eu=False), "version": raw})
    if version == "3.2":
        answers["multimodal"] = False
    if version == "4":
        answers["eu_affiliates_involved"] = False
    result = assess(kb, answers)
    assert result.version == version
    assert result.answers["version"] == version
    assert result.to_dict()["version"] == version
