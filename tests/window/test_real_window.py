"""The packaged entry point opens a real X11 window under Xvfb, and it looks like a page.

Saves artifacts/screenshots/real-window-intro.png for people to look at. Needs the Debian
packages xvfb, xdotool and imagemagick (scripts/bootstrap.sh installs them as root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
TOOLS = ("Xvfb", "xdotool", "import", "identify", "compare")

pytestmark = pytest.mark.slow


def advisor_script() -> str:
    return shutil.which("llama-advisor") or str(Path(sys.executable).parent / "llama-advisor")


@pytest.fixture()
def xvfb() -> Iterator[str]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.geteuid() == 0:
            pytest.fail(f"missing {missing}: run scripts/bootstrap.sh, which installs them")
        pytest.skip(f"missing {missing} (install xvfb, xdotool and imagemagick)")
    display = f":{40 + os.getpid() % 50}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
    try:
        for _ in range(100):
            if subprocess.run(["xdotool", "getdisplaygeometry"], env={**os.environ, "DISPLAY": display},
                              capture_output=True).returncode == 0:  # fmt: skip
                break
            time.sleep(0.05)
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def window_env(display: str, home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    return env


@contextlib.contextmanager
def advisor_window(env: dict[str, str]) -> Iterator[Callable[[str], None]]:
    """Start the advisor on the display; yield key(name), which types into its window.
    The block must end with the app quit (ctrl+q); a traceback on stderr fails the test."""
    app = subprocess.Popen([advisor_script()], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        found = subprocess.run(
            ["xdotool", "search", "--sync", "--onlyvisible", "--name", "Llama License Advisor"],
            env=env, capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert found.returncode == 0, app.stderr.read() if app.poll() is not None else "no window appeared"
        window_id = found.stdout.split()[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", window_id], env=env, check=True, timeout=30)

        def key(name: str) -> None:
            assert app.poll() is None, "the advisor exited on its own"
            subprocess.run(["xdotool", "windowfocus", "--sync", window_id, "key", "--clearmodifiers", name],
                           env=env, check=True, timeout=30)  # fmt: skip

        yield key
        key("ctrl+q")
        assert app.wait(timeout=20) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert "Traceback" not in app.stderr.read()


def _shot(env: dict[str, str], name: str) -> Path:
    time.sleep(0.8)  # let it paint
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    subprocess.run(["import", "-window", "root", str(path)], env=env, check=True, timeout=30)
    return path


def _differing_pixels(first: Path, second: Path) -> int:
    done = subprocess.run(
        ["compare", "-metric", "AE", "-fuzz", "5%", str(first), str(second), "null:"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    return int(float(done.stderr.split()[0]))


def test_the_advisor_opens_a_real_window_and_quits_cleanly(xvfb: str, tmp_path: Path) -> None:
    env = window_env(xvfb, tmp_path)
    with advisor_window(env):
        shot = _shot(env, "real-window-intro.png")
        deviation = subprocess.run(
            ["identify", "-format", "%[fx:standard_deviation]", str(shot)], capture_output=True, text=True, check=True
        ).stdout
        assert float(deviation) > 0.05, "the screenshot is (nearly) one flat colour"


def test_escape_leaves_the_intro_and_a_question_page_on_screen(xvfb: str, tmp_path: Path) -> None:
    env = window_env(xvfb, tmp_path)
    with advisor_window(env) as key:
        intro = _shot(env, "escape-intro-before.png")
        key("Escape")
        after = _shot(env, "escape-intro-after.png")
        assert _differing_pixels(intro, after) < 50, "Escape changed the intro page"
        key("Return")  # "Start a new assessment" is chosen: Enter is Next
        question = _shot(env, "escape-question-before.png")
        assert _differing_pixels(intro, question) > 2000, "Enter did not open the first question"
        key("Escape")
        after = _shot(env, "escape-question-after.png")
        assert _differing_pixels(question, after) < 50, "Escape changed the question page"


def test_without_a_display_it_points_to_the_terminal_interview(tmp_path: Path) -> None:
    env = {
        key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run([advisor_script()], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "No display" in result.stderr and "llama-advisor interview" in result.stderr
    assert "Traceback" not in result.stderr
