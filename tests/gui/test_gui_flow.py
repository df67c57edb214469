"""A wizard that behaves like a document app (issue 10): progress panel, Back to review,
stopping once the verdict cannot change, a version change clearing what depends on it,
saving and resuming an unfinished interview, and unsaved changes in the title."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from answers_support import DEVELOPER_31
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from wizard_support import review_keys

from advisor.engine import AnswersError, assess
from advisor.engine.answers_file import read_answers
from advisor.engine.early import assess_decided, decided_early, questions_ahead
from advisor.gui.app import APP_NAME, MainWindow
from advisor.gui.mnemonics import control_text, mnemonic, mnemonic_controls
from advisor.gui.progress import RESULT_STEP, REVIEW_STEP
from advisor.gui.wizard import RESULT_ID, REVIEW_ID, AdvisorWizard
from advisor.model import ANSWERS_FORMAT, KnowledgeBase

USER_31: dict[str, Any] = DEVELOPER_31
EU_VISION_32: dict[str, Any] = {
    "version": "3.2",
    "role": "developer",
    "access": "own_copy",
    "takes": "weights",
    "multimodal": True,
    "eu": True,
    "mau": 5,
    "separate_license_from_meta": False,  # a written grant of Meta's own could allow it: asked first
}
STOP_NOTE_TITLE = "Later questions not asked"  # wording.yaml's stop.title


@pytest.fixture
def kb(window: MainWindow) -> KnowledgeBase:
    return window.wizard.kb


def steps(wizard: AdvisorWizard) -> list[tuple[str, bool]]:
    """The progress panel's steps: (shown text, can be clicked)."""
    assert wizard.progress is not None
    items = [wizard.progress.steps.item(row) for row in range(wizard.progress.steps.count())]
    return [(item.text(), bool(item.flags() & Qt.ItemIsSelectable)) for item in items]


def click_step(wizard: AdvisorWizard, key: str) -> None:
    assert wizard.progress is not None
    item = wizard.progress.item(key)
    assert item is not None, key
    wizard.progress.steps.itemClicked.emit(item)


def back_to_review_button(wizard: AdvisorWizard) -> Any:
    return wizard.button(QWizard.CustomButton1)


# ---------------------------------------------------------------------- progress
def test_the_panel_lists_the_path_and_counts_about_the_questions_left(window: MainWindow, driver: Any) -> None:
    wizard = window.wizard
    driver.run(USER_31, stop_at="role")
    assert wizard.progress is not None and wizard.progress.isVisible()
    assert steps(wizard) == [
        ("✓ Llama version", True),
        ("▸ Your role", False),
        ("   Review", False),
        ("   Result", False),
    ]
    first_estimate = int(wizard.progress.counter.text().removeprefix("Question 2 of about "))
    asked = ["version", *driver.run(USER_31, stop_at="trains_other_model"), "trains_other_model"]
    number = len(asked)
    # "Yes" asks which model, whether it is made available, whether only an adapter is handed
    # out (a fine-tune of 3.1 that is made available), and then the user's own terms
    assert wizard.progress.counter.text() == f"Question {number} of about {number + 4}"
    driver.page().set_value(False)
    assert wizard.progress.counter.text() == f"Question {number} of about {number + 1}"  # only own_terms follows "No"
    assert first_estimate >= number  # "about": not fewer than this path needs
    driver.next()
    assert driver.question_id() == "own_terms"
    driver.answer(USER_31["own_terms"])
    asked.append("own_terms")
    assert wizard.currentId() == REVIEW_ID
    assert steps(wizard)[-2:] == [("▸ Review", False), ("   Result", False)]
    labels = [f"✓ {window.kb.question(qid).label}" for qid in asked]
    labels.insert(asked.index("takes") + 1, f"✓ {window.kb.wording['wizard_lineage.step']}")  # the lineage page
    assert [text for text, _ in steps(wizard)[:-2]] == labels
    assert wizard.progress.counter.text() == f"{len(asked)} questions answered"


def test_the_panel_is_not_on_the_intro_page(window: MainWindow, driver: Any) -> None:
    wizard = window.wizard
    wizard.kb  # noqa: B018 - builds the panel
    assert wizard.progress is not None and not wizard.progress.isVisible()
    driver.start()
    assert wizard.progress.isVisible()
    assert wizard.progress.counter.text().startswith("Question 1 of about ")


def test_clicking_an_answered_step_goes_there_and_back_again(window: MainWindow, driver: Any) -> None:
    wizard = window.wizard
    driver.run(USER_31)
    click_step(wizard, "role")
    assert driver.question_id() == "role"
    assert dict(steps(wizard))["✓ Copies of the model leave your control"]  # later answered steps stay clickable
    click_step(wizard, "distributes")
    assert driver.question_id() == "distributes"
    click_step(wizard, REVIEW_STEP)
    assert wizard.currentId() == REVIEW_ID
    click_step(wizard, RESULT_STEP)  # ahead of Review: not a step to click yet
    assert wizard.currentId() == REVIEW_ID
    assert wizard.answers() == {**USER_31, "multimodal": False, "aup_concerns": ()}


def test_the_panel_takes_no_alt_letter(window: MainWindow, driver: Any) -> None:
    driver.run(USER_31, stop_at="distributes")
    panel = window.wizard.progress
    assert panel is not None
    assert [control_text(widget) for widget in mnemonic_controls(panel) if mnemonic(control_text(widget))] == []


def test_steps_not_reached_cannot_be_clicked(window: MainWindow, driver: Any) -> None:
    wizard = window.wizard
    driver.run(USER_31, stop_at="mau")
    click_step(wizard, REVIEW_STEP)
    assert driver.question_id() == "mau"


# ---------------------------------------------------------------------- Back to review
def test_change_from_review_returns_straight_to_review(window: MainWindow, driver: Any) -> None:
    wizard = window.wizard
    driver.run(USER_31)
    assert not back_to_review_button(wizard).isVisible()
    wizard.review.change_buttons["role"].click()
    assert driver.question_id() == "role"
    button = back_to_review_button(wizard)
    assert button.isVisible() and button.text().replace("&", "") == "Back to review"
    button.click()
    assert wizard.currentId() == REVIEW_ID
    assert not back_to_review_button(wizard).isVisible()
    assert list(wizard.review.change_buttons) == review_keys(window.kb, USER_31)


def test_back_to_review_goes_to_a_new_question_first(window: MainWindow, driver: Any) -> None:
    wizard = window.wizard
    driver.run(USER_31)
    wizard.review.change_buttons["trains_other_model"].click()
    driver.page().set_value(True)
    back_to_review_button(wizard).click()
    assert driver.question_id() == "other_model_kind"  # unanswered: asked before Review
    driver.page().set_value("other_ai")
    back_to_review_button(wizard).click()
    assert driver.question_id() == "other_model_distributed"
    driver.page().set_value(False)
    back_to_review_button(wizard).click()  # the questions after it (own_terms) are answered
    assert wizard.currentId() == REVIEW_ID
    assert wizard.answers()["other_model_kind"] == "other_ai"


def test_back_to_review_is_not_offered_on_an_ordinary_walk(window: MainWindow, driver: Any) -> None:
    driver.run(USER_31, stop_at="mau")
    assert not back_to_review_button(window.wizard).isVisible()


# ---------------------------------------------------------------------- stop early
def test_an_eu_company_with_a_vision_model_is_not_asked_more(window: MainWindow, driver: Any, kb: Any) -> None:
    wizard = window.wizard
    asked = driver.run(EU_VISION_32)
    assert asked == list(EU_VISION_32)
    assert wizard.currentId() == REVIEW_ID
    note = wizard.review.stop_note
    assert note.isVisibleTo(wizard.review)
    assert "no later answer can change that verdict" in note.text() and "“Critical infrastructure”" in note.text()
    driver.finish()
    assessment = wizard.result.assessment
    assert assessment.verdict == "prohibited" and assessment.certainty == "settled"
    assert "EU-MULTIMODAL-NOT-GRANTED" in [reason.rule for reason in assessment.reasons]
    assert assessment.notes[-1].title == STOP_NOTE_TITLE
    assert assessment == assess(kb, {"format": ANSWERS_FORMAT, **EU_VISION_32})  # what a saved file gives


def test_a_complete_path_is_not_cut_short(window: MainWindow, driver: Any) -> None:
    asked = driver.run(USER_31)
    assert asked == list(USER_31)
    assert not window.wizard.review.stop_note.isVisibleTo(window.wizard.review)


def test_decided_early_needs_a_settled_prohibition_on_answered_questions(kb: KnowledgeBase) -> None:
    assert decided_early(kb, EU_VISION_32)
    assert not decided_early(kb, {**EU_VISION_32, "eu": False})
    without_eu = {key: value for key, value in EU_VISION_32.items() if key != "eu"}
    assert not decided_early(kb, without_eu)
    assert not decided_early(kb, {**EU_VISION_32, "access": "hosted_api"})  # unsettled: later answers matter
    assert not decided_early(kb, {**EU_VISION_32, "separate_license_from_meta": True})  # Meta's own grant
    assert decided_early(kb, {**USER_31, "critical_infrastructure": True})
    assert not decided_early(kb, {})
    with pytest.raises(AnswersError):
        decided_early(kb, {"version": "9"})


def test_a_decided_file_with_answers_after_the_stop_lists_them_as_unused(kb: KnowledgeBase) -> None:
    assessment = assess(kb, {"format": ANSWERS_FORMAT, **EU_VISION_32, "distributes": True})
    assert assessment.verdict == "prohibited"
    assert assessment.unused == ("distributes",)
    assert "distributes" not in assessment.answers


def test_assess_decided_refuses_an_undecided_interview(kb: KnowledgeBase) -> None:
    with pytest.raises(AnswersError, match="not decided"):
        assess_decided(kb, {"version": "3.2", "role": "developer"})


def test_an_unfinished_file_is_never_assessed_even_if_decided(kb: KnowledgeBase) -> None:
    with pytest.raises(AnswersError, match="missing answer"):
        assess(kb, {"format": ANSWERS_FORMAT, "complete": False, **EU_VISION_32})


def test_questions_ahead_follow_the_answers(kb: KnowledgeBase) -> None:
    ahead = [question.id for question in questions_ahead(kb, {"version": "3.1", "role": "end_user"})]
    assert ahead[0] == "critical_infrastructure"
    assert "mau" not in ahead and "eu" not in ahead and "distributes" not in ahead
    llama1 = ["weights_from_meta", "commercial", "shares_llama1_weights"]  # sharing: asked of research use
    assert [question.id for question in questions_ahead(kb, {"version": "1"})] == llama1
    assert questions_ahead(kb, {"version": "1", "weights_from_meta": True, "commercial": True}) == ()


# ---------------------------------------------------------------------- version change
def test_changing_the_version_clears_what_depends_on_it_and_says_so(window: MainWindow, driver: Any) -> None:
    wizard = window.wizard
    driver.run(USER_31, stop_at="distributes")
    driver.back_to("version")
    driver.page().set_value("3.2")
    driver.next()
    pages = wizard.question_pages
    assert pages["mau"].value() is None  # the count of another month
    assert pages["aup_concerns"].value() is None  # another use policy
    assert pages["role"].value() == "developer"  # meaning unchanged: kept
    message = window.statusBar().currentMessage()
    assert "Version changed" in message and "Monthly active users" in message


def test_the_same_version_again_clears_nothing(window: MainWindow, driver: Any) -> None:
    driver.run(USER_31)
    window.wizard.review.change_buttons["version"].click()
    driver.next()
    assert window.wizard.question_pages["mau"].value() == 5
    assert window.statusBar().currentMessage() == ""


# ---------------------------------------------------------------------- save and resume
def _save(window: MainWindow, dialog_guard: Any, target: Path) -> dict[str, Any]:
    dialog_guard.allow("save_file", str(target))
    window.save_action.trigger()
    return read_answers(str(target))[0]


def test_saving_half_way_writes_a_partial_file_that_resumes(
    window: MainWindow, driver: Any, dialog_guard: Any, tmp_path: Path, cli_reason: Any
) -> None:
    driver.run(USER_31, stop_at="mau")
    target = tmp_path / "half.yaml"
    saved = _save(window, dialog_guard, target)
    assert saved == {
        "format": ANSWERS_FORMAT,
        "complete": False,
        "version": "3.1",
        "role": "developer",
        "access": "own_copy",
        "takes": "weights",
    }
    assert "unfinished" in window.statusBar().currentMessage()
    reason = cli_reason(target)  # `llama-advisor assess` exits 2 and names the missing answer
    assert reason.startswith(f"{target}: mau: missing answer: How many monthly active users")

    window.new_action.trigger()  # just saved: nothing to ask
    assert window.load_answers_file(str(target))
    assert driver.question_id() == "mau"  # the first unanswered question
    asked = ("version", "role", "access", "takes")
    assert window.wizard.answers() == {key: saved[key] for key in asked} | {"multimodal": False}
    assert window.windowTitle() == f"{target.name} — {APP_NAME}"
    rest = driver.run(USER_31)
    assert rest[0] == "mau"


def test_a_stopped_interview_saves_a_file_the_cli_assesses(
    window: MainWindow, driver: Any, dialog_guard: Any, tmp_path: Path
) -> None:
    driver.run(EU_VISION_32)
    saved = _save(window, dialog_guard, tmp_path / "eu.yaml")
    assert "complete" not in saved
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "assess", "--json", str(tmp_path / "eu.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"verdict": "prohibited"' in done.stdout and STOP_NOTE_TITLE in done.stdout
    window.new_action.trigger()
    assert window.load_answers_file(str(tmp_path / "eu.yaml"))
    assert window.wizard.currentId() == REVIEW_ID  # decided: nothing left to ask
    driver.finish()
    assert window.wizard.currentId() == RESULT_ID


# ---------------------------------------------------------------------- unsaved changes
def test_the_title_marks_unsaved_answers(window: MainWindow, driver: Any, dialog_guard: Any, tmp_path: Path) -> None:
    assert window.windowTitle() == APP_NAME and not window.isWindowModified()
    driver.run(USER_31, stop_at="role")
    assert window.windowTitle() == f"Untitled[*] — {APP_NAME}" and window.isWindowModified()  # shown as "Untitled*"
    _save(window, dialog_guard, tmp_path / "mine.yaml")
    assert window.windowTitle() == f"mine.yaml — {APP_NAME}" and not window.isWindowModified()
    driver.answer("developer")
    assert window.windowTitle() == f"mine.yaml[*] — {APP_NAME}" and window.isWindowModified()


def test_ticking_an_obligation_is_an_unsaved_change(
    window: MainWindow, driver: Any, dialog_guard: Any, tmp_path: Path
) -> None:
    """The ticks are saved with the answers (obligations_done), so ticking one is unsaved work."""
    driver.run(USER_31)
    driver.finish()
    _save(window, dialog_guard, tmp_path / "mine.yaml")
    assert not window.isWindowModified()
    box = next(iter(window.wizard.result.obligation_boxes.values()))
    box.click()
    assert window.isWindowModified() and window.windowTitle() == f"mine.yaml[*] — {APP_NAME}"
    _save(window, dialog_guard, tmp_path / "mine.yaml")
    assert not window.isWindowModified()
    assert "obligations_done" in (tmp_path / "mine.yaml").read_text(encoding="utf-8")


def test_quitting_asks_only_when_something_is_unsaved(
    window: MainWindow, driver: Any, dialog_guard: Any, tmp_path: Path
) -> None:
    driver.run(USER_31, stop_at="role")
    asked = dialog_guard.allow("ask_yes_no", False)
    window.close()
    assert len(asked) == 1 and window.isVisible()  # "no": the window and its answers stay
    _save(window, dialog_guard, tmp_path / "mine.yaml")
    window.close()  # saved: closes without a question
    assert len(asked) == 1 and not window.isVisible()
