"""Exports and housekeeping: the filter decides the format, the bundle folder is chosen as a
folder, the title follows New and Save, no needless "unsaved" question, Copy buttons,
last-used folders, and the saved geometry under a scale factor (issue 10: 8, 9, 11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from answers_support import DEVELOPER_31, answers_along_path
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog

from advisor.gui import dialogs
from advisor.gui.app import APP_NAME, MainWindow
from advisor.gui.bundle_target import EARLIER_BUNDLE, EMPTY, NEW, REFUSED, BundleTargetDialog, target_state
from advisor.gui.widgets import CopyField
from advisor.render.context import ReportDetails

REAL_SAVE_FILE = dialogs.save_file  # taken before the dialog guard replaces it
REAL_OPEN_FILE = dialogs.open_answers_file


@pytest.fixture()
def at_result(window: MainWindow, kb: Any) -> MainWindow:
    window.wizard.kb  # noqa: B018 - builds the question pages
    window.wizard.load(answers_along_path(kb, DEVELOPER_31))
    window.wizard.next()
    assert window.wizard.result.assessment.verdict == "permitted"
    return window


# ---------------------------------------------------------------------- 8. the filter decides
@pytest.mark.parametrize(
    ("chosen_filter", "suffix", "starts"),
    [
        ("Markdown (*.md)", ".md", b"# "),
        ("HTML page (*.html)", ".html", b"<"),
        ("PDF document (*.pdf)", ".pdf", b"%PDF"),
    ],
)
def test_the_chosen_filter_decides_the_format_of_a_name_without_extension(
    at_result: MainWindow, dialog_guard: Any, tmp_path: Path, chosen_filter: str, suffix: str, starts: bytes
) -> None:
    dialog_guard.allow("preview_report", ("report", ReportDetails()))
    out = tmp_path / "out"
    out.mkdir()
    dialog_guard.allow("save_file_and_filter", (str(out / "report"), chosen_filter))
    at_result.wizard.result.export_report_button.click()
    written = out / f"report{suffix}"
    assert sorted(p.name for p in out.iterdir()) == [written.name]
    assert written.read_bytes().lstrip().startswith(starts)


def test_a_typed_extension_still_wins(at_result: MainWindow, dialog_guard: Any, tmp_path: Path) -> None:
    dialog_guard.allow("preview_report", ("report", ReportDetails()))
    dialog_guard.allow("save_file_and_filter", (str(tmp_path / "r.html"), "Markdown (*.md)"))
    at_result.wizard.result.export_report_button.click()
    assert (tmp_path / "r.html").read_text(encoding="utf-8").lstrip().startswith("<")


# ---------------------------------------------------------------------- 9. the bundle folder
def test_the_bundle_target_is_checked_before_it_can_be_chosen(tmp_path: Path, qtbot: Any) -> None:
    assert target_state(str(tmp_path), "bundle")[0] == NEW
    (tmp_path / "empty").mkdir()
    assert target_state(str(tmp_path), "empty")[0] == EMPTY
    project = tmp_path / "project"
    project.mkdir()
    (project / "thesis.txt").write_text("precious")
    state, sentence = target_state(str(tmp_path), "project")
    assert state == REFUSED and "thesis.txt" in sentence and sentence[0].isupper()
    assert target_state(str(tmp_path), "a/b")[0] == REFUSED
    assert target_state(str(tmp_path / "missing"), "bundle")[0] == REFUSED
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "NOTICE").write_text("old")
    assert target_state(str(tmp_path), "earlier")[0] == EARLIER_BUNDLE

    dialog = BundleTargetDialog(None, str(tmp_path), "project")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()  # a folder with other files cannot be chosen
    dialog.accept()
    assert dialog.result() != BundleTargetDialog.Accepted
    dialog.name_field.setText("fresh")
    assert dialog.ok_button.isEnabled() and dialog.target() == tmp_path / "fresh"


def test_save_bundle_uses_the_folder_chooser_and_writes_there(
    at_result: MainWindow, dialog_guard: Any, tmp_path: Path
) -> None:
    dialog_guard.allow("preview_report", ("bundle", ReportDetails()))
    calls = dialog_guard.allow("choose_bundle_folder", str(tmp_path / "acme-bundle"))
    at_result.wizard.result.save_bundle_button.click()
    assert calls and (tmp_path / "acme-bundle" / "MANIFEST").is_file()


# ---------------------------------------------------------------------- 11. housekeeping
def test_the_title_follows_save_and_new_and_no_question_right_after_a_save(
    at_result: MainWindow, dialog_guard: Any, tmp_path: Path
) -> None:
    window = at_result
    target = tmp_path / "acme.llama-advice.yaml"
    dialog_guard.allow("save_file", str(target))
    window.save_action.trigger()
    assert target.is_file()
    assert window.windowTitle() == f"{target.name} — {APP_NAME}"
    window.new_action.trigger()  # just saved: nothing to lose, so no question (ask_yes_no is guarded)
    assert window.windowTitle() == APP_NAME
    assert window.wizard.entered_answers() == {}


def test_a_change_after_saving_is_asked_about(at_result: MainWindow, dialog_guard: Any, tmp_path: Path) -> None:
    window = at_result
    dialog_guard.allow("save_file", str(tmp_path / "a.yaml"))
    window.save_action.trigger()
    window.wizard.question_pages["mau"].count_field.setText("6000000")
    asked = dialog_guard.allow("ask_yes_no", False)
    window.new_action.trigger()
    assert len(asked) == 1 and window.wizard.entered_answers()["mau"] == 6_000_000


def test_copy_buttons_say_copied_only_for_the_last_copy(at_result: MainWindow) -> None:
    fields = at_result.wizard.result.copy_fields
    assert len(fields) >= 2
    first, second = list(fields.values())[:2]
    first.copy_button.click()
    assert first.copy_button.text() == "Copied"
    second.copy_button.click()
    assert second.copy_button.text() == "Copied" and first.copy_button.text() == "Copy"
    QGuiApplication.clipboard().setText("something copied elsewhere")
    QApplication.processEvents()
    assert second.copy_button.text() == "Copy"
    assert isinstance(first, CopyField)


def test_file_dialogs_start_in_the_last_used_folder(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    starts: list[str] = []

    def fake_save(parent: Any, caption: str, start: str, file_filter: str) -> tuple[str, str]:
        starts.append(start)
        return str(tmp_path / "work" / "answers.yaml"), file_filter

    def fake_open(parent: Any, caption: str, start: str, file_filter: str) -> tuple[str, str]:
        starts.append(start)
        return "", ""

    (tmp_path / "work").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_open))
    REAL_SAVE_FILE(window, "Save answers", "answers.llama-advice.yaml")
    REAL_SAVE_FILE(window, "Save answers", "answers.llama-advice.yaml")
    REAL_OPEN_FILE(window)
    assert starts[1] == str(tmp_path / "work" / "answers.llama-advice.yaml")
    assert starts[2] == str(tmp_path / "work")


SHOW_AND_CLOSE = """
import sys
from PySide6.QtWidgets import QApplication
from advisor.gui.app import MainWindow, create_application
app = create_application(sys.argv[:1])
window = MainWindow()
window.show()
for _ in range(20):
    app.processEvents()
print(window.width(), window.height())
window.close()
"""


def test_a_run_at_scale_2_does_not_shrink_the_window_at_scale_1(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("QT_SCALE")}
    env.update(QT_QPA_PLATFORM="offscreen:size=1920x1080", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))

    def run(**extra: str) -> tuple[int, int]:
        done = subprocess.run(
            [sys.executable, "-c", SHOW_AND_CLOSE], env={**env, **extra}, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        width, height = done.stdout.split()[-2:]
        return int(width), int(height)

    run()
    steady = run()  # a restored geometry, as a user sees it the second time
    assert steady[0] > 700 and steady[1] > 600
    run(QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen:size=1024x768")  # squeezed to 640x480 there
    assert run() == steady
