"""Paired timings: `llama-advisor report FILE --format pdf` against a bare Qt PDF export.

Both are whole processes, run alternately (the order swaps every pair) with the same
environment (no display, Qt's offscreen platform):

- advisor: ``llama-advisor report FILE --format pdf -o X --force`` for a full report
  (every obligation, reasons and caveats: several pages);
- bare: a script that imports PySide6, makes a QGuiApplication, loads the very HTML
  the advisor lays out into a QTextDocument (setHtml) and prints it to a QPdfWriter.

Prints the median of each, their ratio (target: 1.35x or less) and the median of the
per-pair ratios. --floor also times the bare script with ``import yaml`` added: the
least any report made from a YAML answers file can cost. By default the runs may cache compiled bytecode, as an installed
app does (pip compiles it at install time); --no-bytecode-cache keeps a
PYTHONDONTWRITEBYTECODE from the environment (a checkout with no __pycache__ then
compiles every advisor module on every run).

Usage: python benchmarks/pdf_export.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ANSWERS, advisor_command, time_process

BARE = """\
import sys
from PySide6.QtGui import QGuiApplication, QPageSize, QPdfWriter, QTextDocument

app = QGuiApplication([sys.argv[0]])
document = QTextDocument()
with open(sys.argv[1], encoding="utf-8") as stream:
    document.setHtml(stream.read())
writer = QPdfWriter(sys.argv[2])
writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
document.print_(writer)
"""


def report_html(answers: Path) -> str:
    """The HTML the advisor lays out for this report (same details, print styles)."""
    import yaml

    from advisor.engine import assess
    from advisor.render.report import report_html as render
    from advisor.rules import load_knowledge_base

    kb = load_knowledge_base()
    raw = yaml.safe_load(answers.read_text(encoding="utf-8"))
    return render(kb, assess(kb, raw), raw, for_print=True)


def pages(pdf: Path) -> str:
    if not shutil.which("pdfinfo"):
        return "?"
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21, help="pairs to time (default 21)")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE, so the advisor's modules are compiled on every run",
    )
    parser.add_argument("--floor", action="store_true", help="also time the bare export plus import yaml")
    args = parser.parse_args()
    dropped = ["DISPLAY", "WAYLAND_DISPLAY"] + ([] if args.no_bytecode_cache else ["PYTHONDONTWRITEBYTECODE"])
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        answers = root / "answers.yaml"
        answers.write_text(ANSWERS, encoding="utf-8")
        html = root / "report.html"
        html.write_text(report_html(answers), encoding="utf-8")
        bare_script = root / "bare.py"
        bare_script.write_text(BARE, encoding="utf-8")
        floor_script = root / "floor.py"
        floor_script.write_text("import yaml\n" + BARE, encoding="utf-8")
        advisor_pdf, bare_pdf = root / "advisor.pdf", root / "bare.pdf"
        advisor = [*advisor_command(), "report", str(answers), "--format", "pdf", "-o", str(advisor_pdf), "--force"]
        bare = [sys.executable, str(bare_script), str(html), str(bare_pdf)]
        floor = [sys.executable, str(floor_script), str(html), str(bare_pdf)]
        floor_times: list[float] = []
        for _ in range(2):  # warm the file cache
            time_process(advisor, env)
            time_process(bare, env)
        advisor_times: list[float] = []
        bare_times: list[float] = []
        for index in range(args.runs):
            if args.floor:
                floor_times.append(time_process(floor, env))
            if index % 2:
                bare_times.append(time_process(bare, env))
                advisor_times.append(time_process(advisor, env))
            else:
                advisor_times.append(time_process(advisor, env))
                bare_times.append(time_process(bare, env))
        advisor_pages, bare_pages = pages(advisor_pdf), pages(bare_pdf)
    advisor_median, bare_median = statistics.median(advisor_times), statistics.median(bare_times)
    pair_ratio = statistics.median(a / b for a, b in zip(advisor_times, bare_times, strict=True))
    print(f"bare QTextDocument->QPdfWriter   median {bare_median * 1000:7.1f} ms  ({bare_pages} pages)")
    print(f"llama-advisor report --format pdf median {advisor_median * 1000:7.1f} ms  ({advisor_pages} pages)")
    print(f"ratio of medians                  {advisor_median / bare_median:7.2f}x  (target: 1.35x or less)")
    print(f"median of per-pair ratios         {pair_ratio:7.2f}x  ({args.runs} alternating pairs)")
    if floor_times:
        floor_median = statistics.median(floor_times)
        print(f"bare + import yaml median {floor_median * 1000:7.1f} ms  "
              f"({floor_median / bare_median:.2f}x: the floor)")  # fmt: skip
    cache = "off (PYTHONDONTWRITEBYTECODE kept)" if args.no_bytecode_cache else "on"
    print(f"bytecode cache                    {cache}")


if __name__ == "__main__":
    main()
