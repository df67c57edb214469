"""Moving through the wizard: validation, Back/Next, changed answers and the review page."""

from __future__ import annotations

from typing import Any

import pytest
from answers_support import DEVELOPER_31 as SHARED_DEVELOPER_31
from PySide6.QtWidgets import QLabel
from wizard_support import review_keys

from advisor.engine import assess
from advisor.gui.app import MainWindow
from advisor.gui.wizard import REVIEW_ID
from advisor.model import ANSWERS_FORMAT

# The shared Llama 3.1 developer (tests/answers_support.py), with two prohibited activities ticked.
DEVELOPER_31: dict[str, Any] = {**SHARED_DEVELOPER_31, "aup_concerns": ["spam", "harassment"]}


# The same use without the prohibited activities: ticked ones decide the verdict at once,
# so the interview stops there (tests/gui/test_gui_flow.py) and later pages are not shown.
NO_CONCERNS_31: dict[str, Any] = SHARED_DEVELOPER_31


def _review_texts(window: MainWindow) -> list[str]:
    """The texts in the review page's grid (replaced labels may await deletion, so not findChildren)."""
    grid = window.wizard.review._grid
    items = (grid.itemAt(index).widget() for index in range(grid.count()))
    return [widget.text() for widget in items if isinstance(widget, QLabel)]


def test_next_is_disabled_until_a_choice_is_made(driver: Any) -> None:
    driver.start()
    page = driver.page()
    assert page.question.id == "version"
    assert not page.isComplete()
    assert not driver.next_enabled()
    page.set_value("3.1")
    assert page.isComplete()
    assert driver.next_enabled()


def test_multi_choice_needs_a_tick_or_none_of_these(driver: Any) -> None:
    driver.run(DEVELOPER_31, stop_at="aup_concerns")
    page = driver.page()
    assert page.question.id == "aup_concerns"
    assert not driver.next_enabled()
    page._none_box.setChecked(True)
    assert page.value() == []
    assert driver.next_enabled()
    page._buttons["spam"].setChecked(True)  # ticking an activity clears "None of these"
    assert page.value() == ["spam"]
    assert not page._none_box.isChecked()
    page._buttons["spam"].setChecked(False)
    assert page.value() is None
    assert not driver.next_enabled()


@pytest.mark.parametrize("text", ["700,000,000", "700000000", "700M", " 700m ", "0.7 billion"])
def test_mau_field_accepts_common_spellings(driver: Any, text: str) -> None:
    driver.run(DEVELOPER_31, stop_at="mau")
    page = driver.page()
    assert page.question.id == "mau"
    assert not driver.next_enabled()
    page.count_field.setText(text)
    assert page.value() == 700_000_000
    assert page.isComplete()
    assert driver.next_enabled()
    assert not page.error_label.isVisible()
    assert page.count_echo.text() == "= 700,000,000 users"


@pytest.mark.parametrize(
    ("text", "reason"), [("abc", "is not a number"), ("-5", "cannot be negative"), ("5.5", "whole")]
)
def test_mau_field_rejects_bad_numbers_inline(driver: Any, text: str, reason: str) -> None:
    driver.run(DEVELOPER_31, stop_at="mau")
    page = driver.page()
    page.count_field.setText("12")
    assert driver.next_enabled()
    page.count_field.setText(text)
    assert page.value() is None
    assert not page.isComplete()
    assert not driver.next_enabled()
    assert page.error_label.isVisible()
    assert reason in page.error_label.text()
    page.count_field.setText("12")  # correcting it clears the error
    assert not page.error_label.isVisible()
    assert driver.next_enabled()


def test_back_then_next_keeps_every_answer(window: MainWindow, driver: Any) -> None:
    answers = {**DEVELOPER_31, "mau": "700M"}
    asked = driver.run(answers)
    first_answers = window.wizard.answers()
    assert first_answers["mau"] == 700_000_000
    driver.back_to("version")
    passed = driver.continue_to_review()
    assert passed == asked
    pages = window.wizard.question_pages
    assert pages["mau"].count_field.text() == "700M"
    assert set(pages["aup_concerns"].value()) == {"spam", "harassment"}
    assert pages["aup_concerns"]._buttons["spam"].isChecked()
    assert window.wizard.answers() == first_answers


def test_back_keeps_none_of_these(window: MainWindow, driver: Any) -> None:
    driver.run({**DEVELOPER_31, "aup_concerns": []})
    driver.back_to("critical_infrastructure")
    driver.continue_to_review()
    page = window.wizard.question_pages["aup_concerns"]
    assert page._none_box.isChecked()
    assert list(window.wizard.answers()["aup_concerns"]) == []


def test_changing_an_early_answer_drops_irrelevant_ones(window: MainWindow, driver: Any) -> None:
    wizard = window.wizard
    driver.run(NO_CONCERNS_31)
    assert {"mau", "distributes"} <= set(wizard.review.change_buttons)
    driver.back_to("role")
    driver.page().set_value("end_user")
    passed = driver.continue_to_review()
    assert "mau" not in passed and "distributes" not in passed

    assert "mau" not in wizard.review.change_buttons
    assert "distributes" not in wizard.review.change_buttons
    assert "Monthly active users" not in " ".join(_review_texts(window))
    assert {"mau", "distributes"} <= set(wizard.entered_answers())  # kept on their pages, not used
    driver.finish()
    assessment = wizard.result.assessment
    assert assessment.answers.get("role") == "end_user"
    assert "mau" not in assessment.answers and "distributes" not in assessment.answers
    assert "mau" not in assessment.unused and "distributes" not in assessment.unused


def test_switching_version_drops_an_answer_the_new_version_fixes(window: MainWindow, driver: Any) -> None:
    """A multimodal answer given for Llama 3.2 must not block Llama 3.1, which has no multimodal model."""
    wizard = window.wizard
    driver.run({**DEVELOPER_31, "version": "3.2", "multimodal": True, "eu": False, "eu_affiliates_involved": False})
    driver.back_to("version")
    passed = driver.run(DEVELOPER_31)  # the user count and use-policy items are asked again for 3.1
    assert "multimodal" not in passed and "eu" not in passed and "eu_affiliates_involved" not in passed
    assert wizard.answers()["multimodal"] is False
    assert "eu" not in wizard.answers() and "eu_affiliates_involved" not in wizard.answers()
    driver.finish()
    assert wizard.result.assessment.version == "3.1"


def test_review_lists_each_answer_in_words(window: MainWindow, driver: Any, kb: Any) -> None:
    asked = driver.run(DEVELOPER_31)
    wizard = window.wizard
    assert list(wizard.review.change_buttons) == review_keys(kb, dict.fromkeys(asked))
    texts = _review_texts(window)
    for qid in asked:
        assert f"<b>{kb.question(qid).label}</b>" in texts
    assert f"<b>{kb.wording['wizard_lineage.review_label']}</b>" in texts  # the lineage page's row
    assert kb.wording["wizard_lineage.review_none"].format(version_name="Llama 3.1") in texts
    labels = {cid: c.label for cid, c in kb.aup_categories.items()}
    assert "Llama 3.1 (July 2024)" in texts
    assert "5" in texts
    assert f"{labels['harassment']}; {labels['spam']}" in texts


@pytest.mark.parametrize("target", ["version", "role", "aup_concerns", "trains_other_model"])
def test_change_button_goes_back_and_forward_again(window: MainWindow, driver: Any, target: str) -> None:
    wizard = window.wizard
    driver.run(NO_CONCERNS_31)
    before = wizard.answers()
    wizard.review.change_buttons[target].click()
    assert wizard.currentId() == wizard.page_ids[target]
    assert driver.next_enabled()
    passed = driver.continue_to_review()
    assert passed == list(NO_CONCERNS_31)[list(NO_CONCERNS_31).index(target) :]
    assert wizard.currentId() == REVIEW_ID
    assert wizard.answers() == before
    assert list(wizard.review.change_buttons) == review_keys(window.kb, NO_CONCERNS_31)


def test_change_then_new_answer_shows_on_review(window: MainWindow, driver: Any, kb: Any) -> None:
    wizard = window.wizard
    driver.run(NO_CONCERNS_31)
    wizard.review.change_buttons["mau"].click()
    driver.page().count_field.setText("800M")
    driver.next()
    assert driver.question_id() == "separate_license_from_meta"  # asked of every developer: answered already
    assert driver.next_enabled() and driver.page().value() is False
    driver.continue_to_review()
    assert wizard.answers() == {**NO_CONCERNS_31, "mau": 800_000_000, "multimodal": False, "aup_concerns": ()}
    assert "800,000,000" in _review_texts(window)
    driver.finish()
    expected = assess(
        kb, {"format": ANSWERS_FORMAT, **NO_CONCERNS_31, "mau": 800_000_000, "separate_license_from_meta": False}
    )
    assert wizard.result.assessment.verdict == expected.verdict
