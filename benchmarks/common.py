"""Helpers shared by the benchmark scripts: the scenario, the command, paired timing."""

from __future__ import annotations

import compileall
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A developer on Llama 3.1 who distributes and trains another model: most rules fire.
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
    """The pip-installed `llama-advisor` of this environment."""
    return [shutil.which("llama-advisor") or str(Path(sys.executable).parent / "llama-advisor")]


def compile_advisor() -> None:
    """Write the advisor's bytecode first, as an installed package has it (this machine
    sets PYTHONDONTWRITEBYTECODE, which would otherwise recompile it in every run)."""
    compileall.compile_dir(str(ROOT / "advisor"), quiet=1)


def time_process(command: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds one whole process takes."""
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def paired_medians(first: list[str], second: list[str], runs: int, env: dict | None = None) -> tuple[float, float]:
    """Median seconds of each command, run alternately `runs` times after one warm-up each."""
    time_process(first, env)
    time_process(second, env)
    first_times, second_times = [], []
    for _ in range(runs):
        first_times.append(time_process(first, env))
        second_times.append(time_process(second, env))
    return statistics.median(first_times), statistics.median(second_times)
