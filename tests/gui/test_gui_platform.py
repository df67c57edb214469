"""Before Qt starts: no display, missing xcb libraries, and which arguments open the window."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from advisor import launcher
from advisor.gui import app, platform_check

MISSING = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


@pytest.fixture
def x11_session(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A Linux desktop session with an X display, with this machine's real libraries."""
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    return monkeypatch


@pytest.fixture
def linux_x11(x11_session: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The same session, with every library present whatever this machine has."""
    x11_session.setattr(platform_check.ctypes, "CDLL", lambda name: object())
    return x11_session


@pytest.fixture
def no_display(linux_x11: pytest.MonkeyPatch) -> None:
    linux_x11.delenv("DISPLAY")


def _fake_cdll(missing: set[str]) -> Any:
    def load(name: str) -> object:
        if name in missing:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()

    return load


def test_a_working_desktop_has_no_problem(x11_session: pytest.MonkeyPatch) -> None:
    # The real libraries: each name in XCB_LIBRARIES must load here, where scripts/bootstrap.sh
    # installed the packages (a misspelt name or a library Debian renamed fails this).
    assert platform_check.missing_xcb_packages() == [], "scripts/bootstrap.sh installs these packages"
    assert platform_check.display_problem() is None


def test_a_library_that_does_not_load_is_named_by_its_package(x11_session: pytest.MonkeyPatch) -> None:
    absent = {"libllama-advisor-absent.so.7": "llama-advisor-absent7"}
    x11_session.setattr(platform_check, "XCB_LIBRARIES", {**platform_check.XCB_LIBRARIES, **absent})
    assert platform_check.missing_xcb_packages() == ["llama-advisor-absent7"]  # the real loader refused it
    problem = platform_check.display_problem()
    assert problem is not None and "sudo apt-get install llama-advisor-absent7\n" in problem


def test_the_setup_installs_every_package_the_check_asks_for() -> None:
    bootstrap = (Path(__file__).parents[2] / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    listed = re.search(r"^APT_PACKAGES=\((.*?)\)", bootstrap, re.S | re.M)
    assert listed is not None
    assert set(platform_check.XCB_LIBRARIES.values()) - set(listed.group(1).split()) == set()


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


QT_LOADED_AFTER_THE_CHECKS = """
import os, sys
from advisor import launcher
from advisor.gui import platform_check
os.environ["DISPLAY"] = ":0"
platform_check.display_problem()  # with a display: the xcb libraries are loaded and checked
del os.environ["DISPLAY"]
code = launcher.run_gui()  # without one: the explanation, and no window
print(code, sorted({name.split(".")[0] for name in sys.modules} & {"PySide6", "shiboken6"}))
"""


def test_the_checks_and_a_refused_start_do_not_load_qt() -> None:
    env = {
        key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-c", QT_LOADED_AFTER_THE_CHECKS],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n") == ["2 []", ""]
    assert done.stderr.startswith("llama-advisor: No display")


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
