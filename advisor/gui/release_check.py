"""Checking a release from the wizard: its results, then the interview started with what the files settle."""

from __future__ import annotations

from typing import Any

from advisor.gui import dialogs


def check_release(window: Any, path: str | None = None) -> bool:
    """Check `path` (or one the user chooses) and show the results; True when the interview starts."""
    from advisor.release import InputError, check_path
    from advisor.release.prefill import PrefillError, interview_answers

    if not path:
        path = dialogs.choose_release(window)
        if not path:
            return False
    try:
        result = check_path(path, window.kb)
    except InputError as exc:
        dialogs.show_error(window, "Cannot check the release", f"Cannot check this release: {exc}")
        return False
    try:
        answers, why_not = interview_answers(result, window.kb), ""
    except PrefillError as exc:
        answers, why_not = None, str(exc)
    chosen = dialogs.show_check_result(window, window.kb, result, answers, why_not)
    if not chosen:
        return False
    start_interview(window.wizard, chosen)
    return True


def start_interview(wizard: Any, answers: dict[str, Any]) -> None:
    """Start afresh with `answers` filled in, at the first question they do not answer."""
    wizard.clear()
    for question_id, value in answers.items():
        wizard.question_pages[question_id].set_value(value)
    wizard.next()  # leave the intro page

    def unanswered() -> bool:
        page = wizard.current_question_page()
        return page is None or page.question.id not in answers

    wizard.walk_forward(unanswered)
