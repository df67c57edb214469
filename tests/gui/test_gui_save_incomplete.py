"""Saving half-way through the interview writes a partial file (`complete: false`) without asking first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advisor.engine.answers_file import read_answers
from advisor.gui.app import MainWindow


def test_saving_an_incomplete_interview_writes_a_partial_file(
    window: MainWindow, driver: Any, dialog_guard: Any, tmp_path: Path
) -> None:
    driver.run({"version": "3.1", "role": "developer", "access": "own_copy", "takes": "weights"}, stop_at="mau")
    target = tmp_path / "partial.yaml"
    calls = dialog_guard.allow("save_file", str(target))  # show_information stays guarded: no refusal
    window.save_action.trigger()
    assert len(calls) == 1
    data, text = read_answers(str(target))
    assert data["complete"] is False and "mau" not in data
    assert "# Not finished" in text
