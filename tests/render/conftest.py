"""Fixtures for the document tests (helpers live in render_support.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from render_support import ANSWERS, run_cli, write_answers


@pytest.fixture(autouse=True)
def _qt_application(qapp: Any) -> Any:
    """A QApplication made the way pytest-qt makes it, so that the PDF code (which
    would otherwise make a plain QGuiApplication) leaves widget tests a usable one."""
    return qapp


@pytest.fixture
def answers_file(tmp_path: Path) -> Callable[..., Path]:
    """answers_file("3.1", mau=5) -> path of a developer's answers for that version."""

    def make(version: str, **changes: Any) -> Path:
        return write_answers(tmp_path, {**ANSWERS[version], **changes}, f"answers-{version}.yaml")

    return make


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """cli("report", FILE, ...) -> (exit code, stdout, stderr), in this process."""

    def run(*argv: str | Path) -> tuple[int, str, str]:
        code = run_cli([str(arg) for arg in argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
