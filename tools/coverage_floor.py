"""Fail the test run when the coverage of a named module falls below its floor.

Usage: python tools/coverage_floor.py COVERAGE_JSON

COVERAGE_JSON is coverage.py's JSON report of the whole test run (scripts/run-tests.sh
writes it with pytest-cov). Each group below is a set of files, by path prefix; its figure
is the share of their statements that the tests ran. A floor sits a couple of points under
the figure measured when it was set: raise it when coverage rises, never lower it to let a
change through. Code that the tests run only in a child process (the console script, say)
is not counted, so the figures are what the in-process tests reach.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# group -> (path prefixes, floor in percent of statements). Measured when set (the suite without
# the slow tests): engine 93.0%, rules 88.7%, escaping 96.2%, writer 71.7%.
FLOORS: dict[str, tuple[tuple[str, ...], float]] = {
    "engine (advisor/engine)": (("advisor/engine/",), 91.0),
    "rules loader (advisor/rules)": (("advisor/rules/",), 86.0),
    "escaping (render/escaping.py, rules/visible.py)": (
        ("advisor/render/escaping.py", "advisor/rules/visible.py"),
        94.0,
    ),
    "crash-safe writer (advisor/writer)": (("advisor/writer/",), 69.0),
}


def group_figures(report: dict) -> dict[str, tuple[int, int]]:
    """group -> (statements run, statements) from a coverage JSON report."""
    figures: dict[str, tuple[int, int]] = {}
    files = {name.replace("\\", "/"): data["summary"] for name, data in report["files"].items()}
    for group, (prefixes, _floor) in FLOORS.items():
        matched = [summary for name, summary in files.items() if name.startswith(prefixes)]
        figures[group] = (
            sum(summary["covered_lines"] for summary in matched),
            sum(summary["num_statements"] for summary in matched),
        )
    return figures


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    report = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    failed = []
    print("Coverage of the named modules (statements run by the tests):")
    for group, (run, statements) in group_figures(report).items():
        floor = FLOORS[group][1]
        if statements == 0:
            print(f"  {group}: no files measured (moved or renamed? update tools/coverage_floor.py)")
            failed.append(group)
            continue
        percent = 100.0 * run / statements
        below = percent < floor
        print(f"  {group}: {percent:.1f}% of {statements} (floor {floor:.0f}%){'  BELOW THE FLOOR' if below else ''}")
        if below:
            failed.append(group)
    if failed:
        print(f"coverage_floor: below the floor: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
