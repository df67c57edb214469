"""Saving half-way through the interview refuses (the file could not be assessed) and says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advisor.gui.app import MainWindow


def test_saving_an_incomplete_interview_names_the_next_question(
    window: MainWindow, driver: Any, dialog_guard: Any, tmp_path: Path
) -> None:
    driver.run({"version": "3.1", "role": "developer", "access": "own_copy"}, stop_at="mau")
    informed = dialog_guard.allow("show_information")
    window.save_action.trigger()  # save_file stays guarded: no file dialog may open
    assert len(informed) == 1
    assert "Monthly active users" in informed[0][-1]
    assert list(tmp_path.glob("*.yaml")) == []
