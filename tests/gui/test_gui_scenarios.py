"""The wizard reaches every question and shows what the engine decides, string for string."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from advisor.engine import assess
from advisor.engine.combinations import all_answer_combinations
from advisor.gui.app import MainWindow
from advisor.gui.widgets import VERDICT_STYLE
from advisor.model import ANSWERS_FORMAT, KnowledgeBase
from advisor.render.view import with_stop

DEV = {
    "role": "developer",
    "access": "own_copy",
    "takes": "weights",
    "mau": 5_000_000,
    "separate_license_from_meta": False,
    "critical_infrastructure": False,
    "aup_concerns": [],
}
NO_TRAINING = {"trains_other_model": False}
SHIPS = {"distributes": True, "ships_copies": True, "weights_fetched_on_first_run": "not_fetched", "own_terms": False}

# Planned uses across every version, both roles, own copies and hosted APIs, the EU and EU
# affiliates, the 700M threshold (and a separate license), critical infrastructure,
# use-policy concerns, distribution and training, and what format 3 added: what is taken from
# Meta, weights fetched on first run, an adapter, terms of one's own and sharing Llama 1.
SCENARIOS: dict[str, dict[str, Any]] = {
    "1-research": {
        "version": "1",
        "weights_from_meta": True,
        "commercial": False,
        "shares_llama1_weights": "not_shared",
    },
    "1-research-shares-a-delta": {
        "version": "1",
        "weights_from_meta": True,
        "commercial": False,
        "shares_llama1_weights": "weight_diff",
    },
    "1-commercial": {"version": "1", "weights_from_meta": True, "commercial": True},
    "1-weights-from-elsewhere": {
        "version": "1",
        "weights_from_meta": False,
        "commercial": False,
        "shares_llama1_weights": "not_shared",
    },
    "2-distributes": {"version": "2", **DEV, **SHIPS, **NO_TRAINING},
    "3-trains-other-model": {
        "version": "3",
        **DEV,
        "distributes": False,
        "trains_other_model": True,
        "other_model_kind": "other_llm",
        "other_model_distributed": True,
        "own_terms": False,
    },
    "3.1-over-700m": {
        "version": "3.1",
        **DEV,
        "mau": 700_000_001,
        "separate_license_from_meta": False,
        **SHIPS,
        **NO_TRAINING,
    },
    "3.1-far-above-with-license": {
        "version": "3.1",
        **DEV,
        "mau": "far_above_threshold",
        "separate_license_from_meta": True,
        "distributes": False,
        **NO_TRAINING,
    },
    "3.1-synthetic-data": {
        "version": "3.1",
        **DEV,
        "distributes": False,
        "trains_other_model": True,
        "other_model_kind": "other_llm",
        "other_model_distributed": True,
        "own_terms": False,
    },
    "3.1-outputs-only-under-own-terms": {
        "version": "3.1",
        **DEV,
        "takes": "outputs",
        "trains_other_model": True,
        "other_model_kind": "other_llm",
        "other_model_distributed": True,
        "own_terms": True,
    },
    "3.1-app-fetches-weights-from-a-hub": {
        "version": "3.1",
        **DEV,
        **SHIPS,
        "weights_fetched_on_first_run": "from_third_party",
        **NO_TRAINING,
    },
    "3.2-eu-vision-developer": {
        "version": "3.2",
        "role": "developer",
        "access": "own_copy",
        "takes": "weights",
        "multimodal": True,
        "eu": True,
        "mau": 10,
        "separate_license_from_meta": False,
        "critical_infrastructure": False,
        "aup_concerns": [],
        "distributes": False,
        **NO_TRAINING,
    },
    "3.2-eu-affiliate-involved": {
        "version": "3.2",
        **DEV,
        "multimodal": True,
        "eu": False,
        "eu_affiliates_involved": True,
        "distributes": False,
        **NO_TRAINING,
    },
    "3.2-eu-vision-end-user": {
        "version": "3.2",
        "role": "end_user",
        "multimodal": True,
        "critical_infrastructure": False,
        "aup_concerns": [],
        **NO_TRAINING,
    },
    "3.3-critical-infrastructure": {
        "version": "3.3",
        **DEV,
        "critical_infrastructure": True,
        "distributes": False,
        **NO_TRAINING,
    },
    "4-aup-concern": {
        "version": "4",
        **DEV,
        "eu": True,
        "aup_concerns": ["spam", "impersonation"],
        **SHIPS,
        **NO_TRAINING,
    },
    "4-eu-hosted-api": {
        "version": "4",
        **DEV,
        "access": "hosted_api",
        "eu": True,
        "mau": "far_below_threshold",
        "distributes": True,
        "ships_copies": False,
        "weights_fetched_on_first_run": "not_fetched",
        "own_terms": False,
        **NO_TRAINING,
    },
    "4-fine-tune-distributed": {
        "version": "4",
        **DEV,
        "eu": False,
        "eu_affiliates_involved": False,
        **SHIPS,
        "trains_other_model": True,
        "other_model_kind": "same_llama",
        "other_model_distributed": True,
        "adapter_only": False,
    },
    "4-adapter-only": {
        "version": "4",
        **DEV,
        "eu": False,
        "eu_affiliates_involved": False,
        **SHIPS,
        "trains_other_model": True,
        "other_model_kind": "same_llama",
        "other_model_distributed": True,
        "adapter_only": True,
    },
    "4-end-user": {
        "version": "4",
        "role": "end_user",
        "critical_infrastructure": False,
        "aup_concerns": [],
        **NO_TRAINING,
    },
}


def _asked_only(kb: KnowledgeBase, answers: dict[str, Any]) -> dict[str, Any]:
    """The scenario without answers the interview would not ask (so the driver can use it as is)."""
    relevant = _assess(kb, answers).answers
    return {key: value for key, value in answers.items() if key in relevant}


def _assess(kb: KnowledgeBase, answers: dict[str, Any]) -> Any:
    """What the engine decides for the answers as a current (format 3) file: every relevant
    answer must be given, none is assumed."""
    return assess(kb, {"format": ANSWERS_FORMAT, **answers})


def test_scenarios_cover_the_brief(kb: KnowledgeBase) -> None:
    """The table is varied enough to test something: every version, verdict and exact string."""
    results = [_assess(kb, answers) for answers in SCENARIOS.values()]
    assert {r.version for r in results} == set(kb.versions)
    assert {r.verdict for r in results} == set(VERDICT_STYLE)
    assert {r.answers.get("role") for r in results} >= {"developer", "end_user"}
    for key in ("built_with", "notice", "name_prefix"):
        assert any(getattr(r.attribution, key) for r in results), key
    assert any(r.answers.get("eu") for r in results)
    assert {r.answers.get("access") for r in results} >= {"own_copy", "hosted_api"}
    assert {r.certainty for r in results} == {"settled", "unsettled"}


def _label_text(widget: Any) -> str:
    return widget.layout().itemAt(0).widget().text()


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_result_page_matches_the_engine(name: str, window: MainWindow, driver: Any, kb: KnowledgeBase) -> None:
    answers = SCENARIOS[name]
    asked = driver.run(_asked_only(kb, answers))
    driver.finish()
    # the engine on the answers the wizard asked for (it stops once the verdict cannot change)
    expected = _assess(kb, {key: answers[key] for key in asked})
    assert expected.verdict == _assess(kb, answers).verdict
    result = window.wizard.result
    assert result is not None and result.assessment is not None

    # The verdict: symbol, the words from the knowledge base and the version, not colour alone.
    assert result.assessment.verdict == expected.verdict
    assert result.assessment.answers == expected.answers
    assert result.banner.symbol.text() == VERDICT_STYLE[expected.verdict][0]
    assert result.banner.words.text().splitlines() == [kb.verdict_labels[expected.verdict], expected.version_name]

    # The obligations checklist, in the engine's order, each titled; only when the use may go
    # ahead (a use that is not licensed gets no checklist to tick off).
    assert list(result.obligation_boxes) == ([o.id for o in expected.obligations] if expected.licensed else [])
    for obligation in expected.obligations if expected.licensed else ():
        box = result.obligation_boxes[obligation.id]
        assert box.accessibleName() == f"{kb.obligation_titles[obligation.id]}: {obligation.text}"
        assert not box.isChecked()

    # Exact strings: a copy field for each non-null string, with that text, and a working Copy.
    strings = {
        key: getattr(expected.attribution, key)
        for key in ("built_with", "notice", "name_prefix")
        if getattr(expected.attribution, key) is not None
    }
    assert {key: field.field.text() for key, field in result.copy_fields.items()} == strings
    clipboard = QGuiApplication.clipboard()
    for key, value in strings.items():
        clipboard.setText("something else")
        result.copy_fields[key].copy_button.click()
        assert clipboard.text() == value

    # The decision path: every reason then every note, in order, each with its clause behind
    # a toggle, and no rule id anywhere a person reads.
    findings = (*expected.reasons, *expected.notes)
    assert len(result.reason_widgets) == len(findings)
    for number, (widget, finding) in enumerate(zip(result.reason_widgets, findings, strict=True), start=1):
        if number <= len(expected.reasons):
            assert _label_text(widget) == f"{number}. {finding.text}"
        else:
            assert _label_text(widget).endswith(f"{with_stop(finding.title)} {finding.text}")
        assert finding.rule not in _label_text(widget)
        assert widget.quote.isHidden()
        widget.toggle.click()
        assert widget.quote.isVisibleTo(widget)
        assert escape(" ".join(finding.source.quote.split())) in widget.quote.text()
        assert finding.rule not in widget.quote.text()  # no internal ids where a person reads


def _question_ids_shown(window: MainWindow) -> set[str]:
    return {qid for qid, page_id in window.wizard.page_ids.items() if page_id in window.wizard.visitedIds()}


def test_every_question_is_reachable(window: MainWindow, driver: Any, kb: KnowledgeBase) -> None:
    """For each question, a combination whose path asks it is driven; the wizard asks the same questions in order."""
    wanted = [question.id for question in kb.questions]
    chosen: list[dict[str, Any]] = []
    uncovered = set(wanted)
    for combination in all_answer_combinations(kb):
        if uncovered & set(combination):
            chosen.append(combination)
            uncovered -= set(combination)
        if not uncovered:
            break
    assert not uncovered, f"no answer combination asks {uncovered}"

    reached: set[str] = set()
    for combination in chosen:
        window.wizard.clear()
        asked = driver.run(combination)
        assert asked == list(combination)
        assert _question_ids_shown(window) == set(combination)
        reached |= set(asked)
        driver.finish()
        assert window.wizard.result.assessment.verdict == _assess(kb, combination).verdict
    assert reached == set(wanted)


def test_question_pages_come_from_the_yaml(window: MainWindow, kb: KnowledgeBase) -> None:
    wizard = window.wizard
    assert wizard.kb.sha256 == kb.sha256  # loading the knowledge base builds the pages
    assert list(wizard.question_pages) == [q.id for q in kb.questions]
    for question in kb.questions:
        page = wizard.question_pages[question.id]
        assert page.question == question
        assert wizard.page(wizard.page_ids[question.id]) is page
        assert page.title() == question.label
    prompts = [w.text() for w in wizard.question_pages["version"].findChildren(QLabel)]
    assert any(choice.label in prompts for choice in kb.question("version").choices)
