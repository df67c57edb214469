"""Paired timings for `llama-advisor assess FILE --json` and for bulk assessment.

1. Whole-process start-up: `assess --json` against a bare `python -c pass`, run
   alternately N times each; prints both medians and the ratio.
2. Throughput: every answer combination assessed in one process; prints assessments
   per second (median of several passes).

Usage: python benchmarks/assess_speed.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ANSWERS, advisor_command, compile_advisor, paired_medians


def startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yaml"
        answers.write_text(ANSWERS)
        bare = [sys.executable, "-c", "pass"]
        advisor = [*advisor_command(), "assess", str(answers), "--json"]
        bare_median, advisor_median = paired_medians(bare, advisor, runs)
    print(f"python -c pass        median {bare_median * 1000:7.1f} ms  ({runs} runs)")
    print(f"assess FILE --json    median {advisor_median * 1000:7.1f} ms  ({runs} runs, alternating)")
    print(f"ratio                 {advisor_median / bare_median:7.2f}x  (target: under 150 ms absolute)")


def throughput(passes: int) -> None:
    from advisor.engine import assess
    from advisor.engine.combinations import all_answer_combinations
    from advisor.rules import load_knowledge_base

    kb = load_knowledge_base()
    combinations = list(all_answer_combinations(kb))
    assess(kb, combinations[0])
    rates = []
    for _ in range(passes):
        start = time.perf_counter()
        for answers in combinations:
            assess(kb, answers)
        rates.append(len(combinations) / (time.perf_counter() - start))
    print(
        f"exhaustive            {len(combinations)} combinations, median {statistics.median(rates):,.0f} assessments/s "
        f"({passes} passes; target: 20,000/s or more)"
    )


def main() -> None:
    compile_advisor()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    startup(args.runs)
    throughput(args.passes)


if __name__ == "__main__":
    main()
