"""Answers files in the wizard: open, drop, save, and New assessment."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from answers_support import DEVELOPER_31 as SHARED_DEVELOPER_31
from answers_support import answers_text, v0_1
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWizard
from wizard_support import review_keys, usual

from advisor.engine import assess, check_answers
from advisor.engine.answers_file import read_answers
from advisor.engine.answers_format import upgrade_answers
from advisor.gui.app import APP_NAME, MainWindow
from advisor.gui.wizard import INTRO_ID, RESULT_ID, REVIEW_ID
from advisor.model import ANSWERS_FORMAT, KnowledgeBase

DEVELOPER_31 = answers_text(v0_1(SHARED_DEVELOPER_31))  # a v0.1.0 file (no `format`)
# name -> (file text, a fragment the CLI's reason must contain, so each case is what it claims)
INVALID = {
    "malformed.yaml": ('version: "3.1\nrole: developer\n', "not valid YAML"),
    "unknown-key.yaml": (DEVELOPER_31 + "colour: blue\n", "unknown key"),
    "contradiction.yaml": ('version: "4"\nrole: developer\nmultimodal: false\n', "cannot be false"),
    "missing-answer.yaml": ('version: "3.1"\nrole: developer\n', "missing answer"),
    "bad-number.yaml": (DEVELOPER_31.replace("mau: 5", "mau: lots"), "whole number"),
    "empty.yaml": ("", "empty"),
    "a-list.yaml": ("- 3.1\n", "mapping"),
}
EXAMPLES_DIR = Path(__file__).parents[2] / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))


def _state(window: MainWindow) -> dict[str, Any]:
    wizard = window.wizard
    return {
        "page": wizard.currentId(),
        "visited": wizard.visitedIds(),
        "entered": wizard.entered_answers(),
        "mau text": wizard.question_pages["mau"].count_field.text(),
        "title": window.windowTitle(),
    }


def _drop(window: MainWindow, *urls: Path | QUrl) -> tuple[bool, bool]:
    """Drag files onto the window and drop them; return whether the enter and the drop were accepted."""
    mime = QMimeData()
    mime.setUrls([url if isinstance(url, QUrl) else QUrl.fromLocalFile(str(url)) for url in urls])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False, False
    drop = QDropEvent(QPointF(20, 20), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, drop)
    return True, drop.isAccepted()


def _open(window: MainWindow, dialog_guard: Any, path: Path, how: str) -> None:
    if how == "menu":
        dialog_guard.allow("open_answers_file", str(path))
        window.open_action.trigger()
    elif how == "intro":
        window.wizard.restart()
        window.wizard.intro.open_saved.setChecked(True)
        dialog_guard.allow("open_answers_file", str(path))
        window.wizard.next()
    elif how == "drop":
        assert _drop(window, path) == (True, True)
    else:
        window.load_answers_file(str(path))


@pytest.mark.parametrize("how", ["load", "menu", "drop"])
@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_file_shows_the_cli_reason_and_changes_nothing(
    name: str,
    how: str,
    window: MainWindow,
    driver: Any,
    dialog_guard: Any,
    write_file: Callable[[str, str], Path],
    cli_reason: Callable[[Path], str],
) -> None:
    text, fragment = INVALID[name]
    path = write_file(name, text)
    reason = cli_reason(path)
    assert fragment in reason

    driver.run(read_answers(str(EXAMPLES_DIR / "synthetic-data-3.1.yaml"))[0], stop_at="mau")
    driver.page().count_field.setText("12M")
    before = _state(window)
    errors = dialog_guard.allow("show_error")
    _open(window, dialog_guard, path, how)
    assert_reads_as_the_cli_reason(errors, reason, fragment)
    assert _state(window) == before


def assert_reads_as_the_cli_reason(errors: list[tuple[Any, ...]], reason: str, fragment: str) -> None:
    """The dialog gives the command line's reason as a sentence: capital first, the question's
    label rather than only its key, and the file it is about."""
    ((title, text),) = errors
    assert title == "Cannot open answers"
    assert text[0].isupper(), text
    assert fragment.lower() in text.lower()
    key_message = reason.split(": ", 2)[-1]  # "FILE[:LINE]: key: message" -> "message"
    assert key_message[1:] in text or fragment.lower() in text.lower()


def test_invalid_file_from_the_intro_page_stays_there(
    window: MainWindow, dialog_guard: Any, write_file: Callable[[str, str], Path], cli_reason: Callable[[Path], str]
) -> None:
    path = write_file("unknown-key.yaml", INVALID["unknown-key.yaml"][0])
    errors = dialog_guard.allow("show_error")
    _open(window, dialog_guard, path, "intro")
    assert_reads_as_the_cli_reason(errors, cli_reason(path), "unknown key")
    assert window.wizard.currentId() == INTRO_ID
    assert window.wizard.intro.start_fresh.isChecked()
    assert window.wizard.entered_answers() == {}


def test_cancelled_open_changes_nothing(window: MainWindow, driver: Any, dialog_guard: Any) -> None:
    driver.run(usual({"version": "1", "weights_from_meta": True, "commercial": False}))
    before = _state(window)
    dialog_guard.allow("open_answers_file", "")
    window.open_action.trigger()
    assert _state(window) == before


@pytest.mark.parametrize("how", ["load", "menu", "intro", "drop"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_valid_file_lands_on_the_review_page(
    example: Path, how: str, window: MainWindow, driver: Any, dialog_guard: Any, kb: KnowledgeBase
) -> None:
    data, _ = read_answers(str(example))
    expected = assess(kb, data)
    if how != "intro":
        driver.run({"version": "1", "weights_from_meta": True, "commercial": True})  # something else on screen first
    _open(window, dialog_guard, example, how)
    wizard = window.wizard
    assert wizard.currentId() == REVIEW_ID
    assert window.windowTitle() == f"{example.name} — {APP_NAME}"
    assert list(wizard.review.change_buttons) == review_keys(kb, data)  # the lineage's rows after `takes`
    assert wizard.answers() == check_answers(kb, upgrade_answers(data).values).values
    driver.finish()
    assert wizard.result.assessment.verdict == expected.verdict
    assert wizard.result.assessment.answers == expected.answers


def test_json_file_and_unused_answers(
    window: MainWindow, kb: KnowledgeBase, write_file: Callable[[str, str], Path]
) -> None:
    data = {"version": "3.2", "role": "end_user", "multimodal": True, "mau": 5, "critical_infrastructure": False}
    data |= {"aup_concerns": [], "trains_other_model": False, "distributes": True}
    path = write_file("answers.json", json.dumps(data))
    assert window.load_answers_file(str(path))
    wizard = window.wizard
    assert wizard.currentId() == REVIEW_ID
    assert "mau" not in wizard.review.change_buttons and "distributes" not in wizard.review.change_buttons
    assert "mau" not in wizard.answers()


def test_loaded_implied_answer_does_not_block_a_version_change(
    window: MainWindow, driver: Any, write_file: Callable[[str, str], Path]
) -> None:
    """`multimodal: true` is implied for Llama 4; after changing to 3.1 it must not be held against the user."""
    text = DEVELOPER_31.replace('"3.1"', '"4"') + "multimodal: true\neu: false\n"
    assert window.load_answers_file(str(write_file("llama4.yaml", text)))
    wizard = window.wizard
    wizard.review.change_buttons["version"].click()
    loaded = wizard.entered_answers()
    driver.run({**loaded, "version": "3.1", "mau": 5})  # the user count is asked again for 3.1
    assert wizard.answers()["multimodal"] is False
    driver.finish()
    assert wizard.result.assessment.version == "3.1"


@pytest.mark.parametrize("names", [("notes.txt",), ("a.yaml", "b.yaml"), ("https://example.com/a.yaml",)])
def test_drag_refuses_what_is_not_one_local_answers_file(
    window: MainWindow, tmp_path: Path, write_file: Callable[[str, str], Path], names: tuple[str, ...]
) -> None:
    urls = [QUrl(name) if "://" in name else QUrl.fromLocalFile(str(write_file(name, DEVELOPER_31))) for name in names]
    window.wizard.kb  # noqa: B018 - builds the question pages, so _state can read them
    before = _state(window)
    assert _drop(window, *urls) == (False, False)
    assert _state(window) == before
    assert _drop(window, write_file("ok.yaml", DEVELOPER_31)) == (True, True)  # the same window does take one


def _saved_assessment(kb: KnowledgeBase, path: Path) -> Any:
    data, _ = read_answers(str(path))
    return assess(kb, data)


@pytest.mark.parametrize("how", ["menu", "result button"])
def test_save_answers_writes_a_file_the_engine_accepts(
    how: str, window: MainWindow, driver: Any, dialog_guard: Any, kb: KnowledgeBase, tmp_path: Path
) -> None:
    answers = {**read_answers(str(EXAMPLES[0]))[0]}
    driver.run(answers)
    driver.finish()
    shown = window.wizard.result.assessment
    target = tmp_path / "saved.yaml"
    calls = dialog_guard.allow("save_file", str(target))
    if how == "menu":
        window.save_action.trigger()
    else:
        window.wizard.result.save_answers_button.click()
    assert len(calls) == 1
    assert read_answers(str(target))[0]["format"] == ANSWERS_FORMAT  # read with today's meaning later
    saved = _saved_assessment(kb, target)
    assert saved.verdict == shown.verdict
    assert saved.answers == shown.answers
    assert not list(tmp_path.glob(".saved.yaml.tmp-*"))


def test_save_without_answers_says_so(window: MainWindow, dialog_guard: Any) -> None:
    infos = dialog_guard.allow("show_information")
    window.save_action.trigger()  # save_file is still guarded: it must not be called
    assert len(infos) == 1 and "no answers" in infos[0][1]


def test_save_cancelled_or_failing(window: MainWindow, driver: Any, dialog_guard: Any, tmp_path: Path) -> None:
    driver.run(usual({"version": "1", "weights_from_meta": True, "commercial": False}))
    dialog_guard.allow("save_file", "")
    window.save_action.trigger()
    assert list(tmp_path.iterdir()) == [tmp_path / "settings"]
    target = tmp_path / "no-such-folder" / "saved.yaml"
    dialog_guard.allow("save_file", str(target))
    errors = dialog_guard.allow("show_error")
    window.save_action.trigger()
    assert len(errors) == 1 and errors[0][0] == "Cannot save answers" and str(target) in errors[0][1]
    assert not target.parent.exists()


@pytest.mark.parametrize("confirm", [False, True])
@pytest.mark.parametrize("how", ["menu", "start over"])
def test_new_assessment_asks_and_clears_only_when_confirmed(
    confirm: bool, how: str, window: MainWindow, driver: Any, dialog_guard: Any
) -> None:
    wizard = window.wizard
    driver.run({"version": "1", "weights_from_meta": True, "commercial": True})
    driver.finish()
    before = _state(window)
    asked = dialog_guard.allow("ask_yes_no", confirm)
    if how == "menu":
        window.new_action.trigger()
    else:
        wizard.button(QWizard.FinishButton).click()
    assert len(asked) == 1
    if confirm:
        assert wizard.currentId() == INTRO_ID
        assert wizard.entered_answers() == {}
        assert wizard.answers() == {}
    else:
        assert _state(window) == before
        assert wizard.currentId() == RESULT_ID


def test_new_assessment_without_answers_does_not_ask(window: MainWindow) -> None:
    window.new_action.trigger()  # ask_yes_no is guarded
    assert window.wizard.currentId() == INTRO_ID
