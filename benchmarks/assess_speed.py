"""Paired timings for `llama-advisor assess FILE --json` and for bulk assessment.

1. Whole-process start-up: `assess --json` against a bare `python -c pass`, run
   alternately N times each; prints both medians and the ratio.
2. Throughput: every answer combination assessed in one process; prints assessments
   per second (median of several passes).

Usage: python benchmarks/assess_speed.py [--runs 30]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANSWERS = """version: "3.1"
role: developer
mau: 5000000
critical_infrastructure: false
aup_concerns: []
distributes: true
trains_other_model: true
other_model_is_llama_derivative: false
other_model_distributed: true
"""


def advisor_command() -> list[str]:
    script = shutil.which("llama-advisor") or str(Path(sys.executable).parent / "llama-advisor")
    return [script]


def time_process(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yaml"
        answers.write_text(ANSWERS)
        bare = [sys.executable, "-c", "pass"]
        advisor = [*advisor_command(), "assess", str(answers), "--json"]
        time_process(advisor)  # warm the file cache once
        bare_times, advisor_times = [], []
        for _ in range(runs):
            bare_times.append(time_process(bare))
            advisor_times.append(time_process(advisor))
    bare_median, advisor_median = statistics.median(bare_times), statistics.median(advisor_times)
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


def compile_advisor() -> None:
    """Write the advisor's bytecode first, as an installed package has it (this machine
    sets PYTHONDONTWRITEBYTECODE, which would otherwise recompile it in every run)."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "advisor"), quiet=1)


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
