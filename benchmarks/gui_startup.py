"""Start-up until the first wizard page is painted: the advisor against a bare QWizard.

Both run as whole processes on the offscreen platform, alternately, N times each;
each child exits as soon as its first page has been painted. Prints both medians and
the ratio (target: the advisor at most 1.3x the bare three-page wizard).

The children run with -P: the folder the script is started from (this checkout) is not on
their path, so they time the advisor the interpreter has installed (the wheel), not the
checkout's own advisor/ beside it; the script prints which one it timed.

The whole process includes its exit (Qt's and Python's teardown, about 16 ms of either).
`--paint` also times, in the same runs, from the start of each process to its first
paint event alone (the child writes the moment, CLOCK_MONOTONIC, to its output).

Usage: python benchmarks/gui_startup.py [--runs 15] [--paint]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from common import compile_advisor, paired_medians

QUIT_ON_PAINT = """
from PySide6.QtCore import QEvent, QObject
class QuitOnPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Paint:
            app.quit()
        return False
"""

BARE = (
    "import sys\n"
    "from PySide6.QtWidgets import QApplication, QWizard, QWizardPage, QLabel, QVBoxLayout\n"
    "app = QApplication(sys.argv)\n" + QUIT_ON_PAINT + "wizard = QWizard()\n"
    "pages = []\n"
    "for n in range(3):\n"
    "    page = QWizardPage(); page.setTitle(f'Page {n}')\n"
    "    QVBoxLayout(page).addWidget(QLabel('Some text on this page.'))\n"
    "    wizard.addPage(page); pages.append(page)\n"
    "hook = QuitOnPaint(); pages[0].installEventFilter(hook)\n"
    "wizard.show()\n"
    "app.exec()\n"
)

ADVISOR = (
    "import sys\n"
    "from advisor.gui.app import MainWindow, create_application\n"
    "app = create_application(sys.argv[:1])\n" + QUIT_ON_PAINT + "window = MainWindow()\n"
    "hook = QuitOnPaint(); window.wizard.intro.installEventFilter(hook)\n"
    "window.show()\n"
    "app.exec()\n"
)


PYTHON = [sys.executable, "-P"]  # -P: not the current folder's advisor/ (see above)
PAINT_MARK = "import os, time; os.write(1, b'%r\\n' % time.perf_counter()); "


def with_paint_mark(script: str) -> str:
    """The script, writing the moment of its first paint event to its output before it quits."""
    marked = script.replace("            app.quit()", "            " + PAINT_MARK + "app.quit()")
    assert marked != script
    return marked


def time_to_paint(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting the process to its first paint event, and to its end."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    end = time.perf_counter()
    return float(done.stdout.split()[0]) - start, end - start


def paired_paint_medians(first: list[str], second: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Medians of (first to paint, first whole, second to paint, second whole), run alternately."""
    time_to_paint(first, env)
    time_to_paint(second, env)
    rows = []
    for _ in range(runs):
        rows.append((*time_to_paint(first, env), *time_to_paint(second, env)))
    return [statistics.median(row[column] for row in rows) for column in range(4)]


def main() -> None:
    compile_advisor()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--paint", action="store_true", help="also time each process to its first paint event")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    where = subprocess.run([*PYTHON, "-c", "import advisor; print(advisor.__file__)"], env=env, check=True,
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    print(f"advisor timed: {os.path.dirname(where)}")
    if args.paint:
        bare_paint, bare_median, advisor_paint, advisor_median = paired_paint_medians(
            [*PYTHON, "-c", with_paint_mark(BARE)], [*PYTHON, "-c", with_paint_mark(ADVISOR)], args.runs, env
        )
        print(f"bare 3-page QWizard   median {bare_median * 1000:7.1f} ms  to first paint {bare_paint * 1000:7.1f} ms")
        print(
            f"advisor first page    median {advisor_median * 1000:7.1f} ms  to first paint {advisor_paint * 1000:7.1f} ms"
        )
        print(f"ratio                 {advisor_median / bare_median:7.2f}x  (target: 1.3x or less)"
              f"  to first paint {advisor_paint / bare_paint:.2f}x  ({args.runs} runs, alternating)")  # fmt: skip
        return
    bare_median, advisor_median = paired_medians([*PYTHON, "-c", BARE], [*PYTHON, "-c", ADVISOR], args.runs, env)
    print(f"bare 3-page QWizard   median {bare_median * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"advisor first page    median {advisor_median * 1000:7.1f} ms  ({args.runs} runs, alternating)")
    print(f"ratio                 {advisor_median / bare_median:7.2f}x  (target: 1.3x or less)")


if __name__ == "__main__":
    main()
