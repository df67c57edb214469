"""The wizard's "Check a model folder or GGUF file…": intro option, File menu, drop, results, pre-filled interview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from advisor.gui.check_view import CheckResultDialog
from advisor.gui.wizard import INTRO_ID
from advisor.release import check_path
from tests.gui.conftest import dialog_guard, settings_dir, window  # noqa: F401 - fixtures
from tests.release.fixtures import card, model_folder

VISION = {"version": "3.2", "multimodal": True}


def vision_folder(tmp_path: Path) -> Path:
    readme = card(
        license_id="llama3.2",
        base_model="meta-llama/Llama-3.2-11B-Vision-Instruct",
        title="Llama-3.2-Acme-Vision",
        body="Built with Llama",
    )
    config = {"architectures": ["MllamaForConditionalGeneration"]}
    return model_folder(tmp_path, "vision", "3.2", readme=readme, notice=None, config=config)


def test_intro_option_checks_and_starts_the_interview_prefilled(window, dialog_guard, tmp_path: Path) -> None:  # noqa: F811
    folder = vision_folder(tmp_path)
    dialog_guard.allow("choose_release", str(folder))
    shown = dialog_guard.allow("show_check_result", VISION)
    intro = window.wizard.intro
    assert intro.check_release.text() == "&Check a model folder or GGUF file…"
    intro.check_release.setChecked(True)
    window.wizard.next()
    ((kb, result, answers, why_not),) = shown
    assert kb is window.kb
    assert answers == VISION and why_not == ""
    assert result.models[0].check("notice").status == "fail"
    page = window.wizard.current_question_page()
    assert page is not None and page.question.id not in ("version", "multimodal")
    assert window.wizard.question_pages["version"].value() == "3.2"
    assert window.wizard.entered_answers()["multimodal"] is True  # shown filled in when its page comes


def test_file_menu_action_and_bad_input_shows_a_one_line_error(window, dialog_guard, tmp_path: Path) -> None:  # noqa: F811
    assert window.check_action.text() == "&Check a model folder or GGUF file…"
    dialog_guard.allow("choose_release", str(tmp_path / "gone"))
    errors = dialog_guard.allow("show_error")
    window.check_action.trigger()
    ((title, text),) = errors
    assert title == "Cannot check the release"
    assert text == f"Cannot check this release: {tmp_path / 'gone'}: no such file or folder"
    assert window.wizard.currentId() == INTRO_ID


def test_dropping_a_folder_checks_it(window, dialog_guard, tmp_path: Path) -> None:  # noqa: F811
    folder = vision_folder(tmp_path)
    shown = dialog_guard.allow("show_check_result", None)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(QPointF(20, 20), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)
    assert len(shown) == 1 and shown[0][2] == VISION
    assert window.wizard.currentId() == INTRO_ID  # closed without starting: nothing changes


def test_result_dialog_shows_each_check_and_offers_the_interview_only_when_settled(qtbot, tmp_path: Path, kb) -> None:
    result = check_path(vision_folder(tmp_path), kb)
    dialog = CheckResultDialog(None, kb, result, VISION, "")
    qtbot.addWidget(dialog)
    html = dialog.browser.toPlainText()
    assert "✘ Fail" in html and "Notice file" in html and "✔ Pass" in html
    assert "§1.b.iii" in html  # the clause the failing check rests on
    assert dialog.start_button.isEnabled()
    blocked = CheckResultDialog(None, kb, result, None, "the Llama version is not settled")
    qtbot.addWidget(blocked)
    assert not blocked.start_button.isEnabled()
    assert blocked.start_button.toolTip() == "The Llama version is not settled"
