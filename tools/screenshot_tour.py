"""Screenshot every page of a full interview in a real X window (Xvfb), for review by eye.

Usage: python tools/screenshot_tour.py OUTDIR [--answers FILE] [--size 1024x768]
Starts its own Xvfb, opens the advisor on the xcb platform, walks the wizard with the
given answers (default: a Llama 3.2 developer scenario) and saves one PNG per page.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml

DEFAULT_ANSWERS = {
    "version": "3.2",
    "role": "developer",
    "multimodal": True,
    "eu": False,
    "mau": 12_000_000,
    "critical_infrastructure": False,
    "aup_concerns": [],
    "distributes": True,
    "trains_other_model": True,
    "other_model_is_llama_derivative": False,
    "other_model_distributed": True,
}


def start_xvfb(size: str) -> tuple[subprocess.Popen, str]:
    display = f":{90 + os.getpid() % 9}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"])
    for _ in range(50):
        if subprocess.run(["xdpyinfo", "-display", display], capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    return server, display


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--answers", type=Path)
    parser.add_argument("--size", default="1024x768")
    args = parser.parse_args()
    answers = yaml.safe_load(args.answers.read_text()) if args.answers else DEFAULT_ANSWERS
    args.outdir.mkdir(parents=True, exist_ok=True)
    server, display = start_xvfb(args.size)
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        import tempfile

        from PySide6.QtCore import QSettings

        from advisor.gui.app import MainWindow, create_application

        # keep the tour's window geometry out of the user's own settings
        QSettings.setDefaultFormat(QSettings.IniFormat)
        QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, tempfile.mkdtemp(prefix="tour-settings-"))
        app = create_application(sys.argv[:1])
        window = MainWindow()
        window.move(0, 0)
        window.show()
        wizard = window.wizard

        def shot(name: str) -> None:
            deadline = time.monotonic() + 0.6
            while time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.02)
            path = args.outdir / f"{name}.png"
            subprocess.run(["import", "-display", display, "-window", "root", str(path)], check=True)
            print(path)

        shot("00-intro")
        wizard.next()
        step = 1
        while wizard.currentPage() in wizard.question_pages.values():
            page = wizard.currentPage()
            page.set_value(answers[page.question.id])
            if page.question.id == "aup_concerns":
                page.why_button.setChecked(True)
            shot(f"{step:02d}-{page.question.id}")
            wizard.next()
            step += 1
        shot(f"{step:02d}-review")
        wizard.next()
        shot(f"{step + 1:02d}-result")
        window.wizard.result.reason_widgets[0].toggle.setChecked(True)
        bar = window.wizard.result.findChild(type(window.wizard.result.body.parentWidget().parentWidget()))
        if bar is not None:
            bar.verticalScrollBar().setValue(bar.verticalScrollBar().maximum() // 2)
        shot(f"{step + 2:02d}-result-scrolled")
        from advisor.gui.export import ReportPreviewDialog

        preview = ReportPreviewDialog(window, wizard.kb, wizard.result.assessment, wizard.answers())
        preview.fields["product"].setText("Acme Vision Assistant")
        preview.refresh()
        preview.move(40, 40)
        preview.show()
        shot(f"{step + 3:02d}-report-preview")
        preview.close()
        window.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
