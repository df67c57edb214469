"""The installed Qt binding keeps the interpreter alive through a long session.

PySide6 6.12.0 on Python 3.11 loses a reference to None/True/False on calls such as
QAbstractButton.setChecked; after enough of them the interpreter aborts with "Fatal
Python error: none_dealloc", which in the app means a crash mid-session or on exit.
"""

from __future__ import annotations

import os
import subprocess
import sys

LONG_SESSION = """
from PySide6.QtWidgets import QApplication, QCheckBox
app = QApplication([])
box = QCheckBox()
box.toggled.connect(lambda checked: None)
for i in range(20000):
    box.setChecked(i % 2 == 0)
print("survived")
"""


def test_many_widget_calls_do_not_crash_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LONG_SESSION],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert "survived" in result.stdout
    assert "Fatal Python error" not in result.stderr
