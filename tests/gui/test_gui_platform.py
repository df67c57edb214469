"""Before Qt starts: no display, missing xcb libraries, and which arguments open the window."""

from __future__ import annotations

import ctypes
import sys
from typing import Any

import pytest

from advisor import launcher
from advisor.gui import app, platform_check

MISSING = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


@pytest.fixture
def linux_x11(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A Linux desktop session with an X display and every library present."""
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(platform_check.ctypes, "CDLL", lambda name: object())
    return monkeypatch


@pytest.fixture
def no_display(linux_x11: pytest.MonkeyPatch) -> None:
    linux_x11.delenv("DISPLAY")


def _fake_cdll(missing: set[str]) -> Any:
    def load(name: str) -> object:
        if name in missing:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()

    return load


def test_a_working_desktop_has_no_problem(linux_x11: pytest.MonkeyPatch) -> None:
    assert platform_check.display_problem() is None
    assert platform_check.missing_xcb_packages() == []


@pytest.mark.usefixtures("no_display")
def test_no_display_points_to_the_terminal_interview() -> None:
    problem = platform_check.display_problem()
    assert problem is not None
    assert "No display" in problem
    assert "llama-advisor interview" in problem


def test_wayland_alone_is_a_display(no_display: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert platform_check.display_problem() is None


@pytest.mark.parametrize("platform", ["offscreen", "minimal"])
def test_headless_qt_platforms_need_no_display(
    no_display: None, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    assert platform_check.display_problem() is None


def test_missing_xcb_libraries_are_named_as_debian_packages(linux_x11: pytest.MonkeyPatch) -> None:
    linux_x11.setattr(platform_check.ctypes, "CDLL", _fake_cdll(MISSING))
    assert platform_check.missing_xcb_packages() == ["libxcb-icccm4", "libxcb-keysyms1"]
    problem = platform_check.display_problem()
    assert problem is not None
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in problem
    assert "llama-advisor interview" in problem


def test_the_check_does_not_import_qt() -> None:
    source = platform_check.__loader__.get_source(platform_check.__name__)
    assert "PySide6" not in source
    assert platform_check.ctypes is ctypes


@pytest.mark.parametrize(
    ("argv", "gui"),
    [
        ([], True),
        (["x.yaml"], True),
        (["answers.JSON"], True),
        (["assess", "x.yaml"], False),
        (["interview"], False),
        (["--help"], False),
        (["x.txt"], False),
        (["a.yaml", "b.yaml"], False),
    ],
)
def test_wants_gui(argv: list[str], gui: bool) -> None:
    assert launcher.wants_gui(argv) is gui


def test_main_opens_the_window_with_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str | None] = []
    monkeypatch.setattr(launcher, "run_gui", lambda answers_file=None: opened.append(answers_file) or 0)
    assert launcher.main(["x.yaml"]) == 0
    assert launcher.main([]) == 0
    assert opened == ["x.yaml", None]


def _never_start(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    started: list[str | None] = []
    monkeypatch.setattr(app, "run", lambda answers_file=None: started.append(answers_file) or 0)
    return started


@pytest.mark.usefixtures("no_display")
def test_run_gui_without_a_display_explains_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started = _never_start(monkeypatch)
    assert launcher.run_gui("x.yaml") == 2
    assert started == []
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("llama-advisor: No display")
    assert "llama-advisor interview" in captured.err


def test_run_gui_with_missing_libraries_exits_2(
    linux_x11: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linux_x11.setattr(platform_check.ctypes, "CDLL", _fake_cdll(MISSING))
    started = _never_start(linux_x11)
    assert launcher.run_gui() == 2
    assert started == []
    assert "libxcb-icccm4 libxcb-keysyms1" in capsys.readouterr().err


def test_run_gui_with_a_display_starts_the_app(linux_x11: pytest.MonkeyPatch) -> None:
    started = _never_start(linux_x11)
    assert launcher.run_gui("x.yaml") == 0
    assert started == ["x.yaml"]
