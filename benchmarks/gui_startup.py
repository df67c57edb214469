"""Start-up until the first wizard page is painted: the advisor against a bare QWizard.

Both run as whole processes on the offscreen platform, alternately, N times each;
each child exits as soon as its first page has been painted. Prints both medians and
the ratio (target: the advisor at most 1.3x the bare three-page wizard).

Usage: python benchmarks/gui_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import sys

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


def main() -> None:
    compile_advisor()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    bare_median, advisor_median = paired_medians(
        [sys.executable, "-c", BARE], [sys.executable, "-c", ADVISOR], args.runs, env
    )
    print(f"bare 3-page QWizard   median {bare_median * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"advisor first page    median {advisor_median * 1000:7.1f} ms  ({args.runs} runs, alternating)")
    print(f"ratio                 {advisor_median / bare_median:7.2f}x  (target: 1.3x or less)")


if __name__ == "__main__":
    main()
