"""Start-up and quit of a fresh process, as a user starts the advisor (benchmarks/gui_startup.py):
Fusion from the start without asking the style, menus and shortcuts there once the window
is shown, and the settings file written at quit only when the geometry changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

FRESH = """
import json
import sys
from advisor.gui.app import MainWindow, create_application
app = create_application(sys.argv[:1])
window = MainWindow()
window.show()
titles = [menu.text() for menu in window.menuBar().actions()]  # before any event is processed
actions = {a.text(): [k.toString() for k in a.shortcuts()] for m in window.menuBar().actions() for a in m.menu().actions()}
for _ in range(10):
    app.processEvents()
if len(sys.argv) > 1:
    window.resize(700, 500)
print(json.dumps([app.style().name(), titles, actions]))
window.close()
"""


def _run(tmp_path: Path, *args: str) -> list[Any]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("QT_SCALE")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QT_STYLE_OVERRIDE="windows",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    done = subprocess.run([sys.executable, "-c", FRESH, *args], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_fresh_start_is_fusion_with_its_menus_and_shortcuts_as_soon_as_shown(tmp_path: Path) -> None:
    style, titles, actions = _run(tmp_path)
    assert style == "fusion"  # although QT_STYLE_OVERRIDE asks for another
    assert titles == ["&File", "&Help"]
    assert "Ctrl+O" in actions["&Open answers…"] and "Ctrl+S" in actions["&Save answers…"]
    assert {"&New assessment", "&Check a model folder or GGUF file…", "&Quit", "&About"} <= set(actions)


@pytest.mark.parametrize("resize", [False, True])
def test_quitting_writes_the_settings_only_for_a_new_geometry(tmp_path: Path, resize: bool) -> None:
    _run(tmp_path)  # the first start writes the geometry
    _run(tmp_path)  # the window manager's frame may move it once
    (settings,) = (tmp_path / "config").rglob("*.conf")
    first = settings.read_bytes()
    os.utime(settings, (1, 1))
    _run(tmp_path, *(["resize"] if resize else []))
    assert (settings.stat().st_mtime == 1) == (not resize)
    assert (settings.read_bytes() == first) == (not resize)
