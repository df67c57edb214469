"""Throughput of `llama-advisor assess --json --from-list LIST` for 10,000 answers files, from an installed wheel.

Writes the files into a temporary folder: answer sets sampled (with a fixed seed) from
every set the interview can produce, a third of them with no use-policy concern (so all
three verdicts occur), half as YAML the way the wizard saves them and half as JSON, and
one in a hundred bad input (broken YAML, an unknown answer, no version, binary
data, a file that is not there). LIST names them, one a line. Builds and installs the
wheel as cli_assess.py does (or takes --venv), checks one run's output (a JSON line a
file, the bad ones as errors, exit code 2), then times whole runs with the output sent
to /dev/null and prints the median in files per second (target: 2,000 or more on two cores).

Usage: python benchmarks/assess_many.py [--runs 5] [--files 10000] [--venv DIR] [--text]
(--text: also time the table that text mode prints)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, install_wheel

TARGET = 2000
BAD_EVERY = 100


def answer_sets(count: int) -> list[dict[str, Any]]:
    from advisor.engine.combinations import all_answer_combinations
    from advisor.rules import load_knowledge_base

    every = list(all_answer_combinations(load_knowledge_base()))
    calm = [answers for answers in every if not answers.get("aup_concerns")]
    rng = random.Random(19)
    return [rng.choice(calm) if n % 3 == 0 else rng.choice(every) for n in range(count)]


def bad_file(path: Path, kind: int, answers: dict[str, Any]) -> Path:
    """One of five kinds of bad input at path (the last: no file at all)."""
    if kind == 0:
        path.write_text("version: [\n", encoding="utf-8")
    elif kind == 1:
        path.write_text(json.dumps({"format": 2, **answers, "multimodel": True}), encoding="utf-8")
    elif kind == 2:
        unversioned = {key: value for key, value in answers.items() if key != "version"}
        path.write_text(json.dumps({"format": 2, **unversioned}), encoding="utf-8")
    elif kind == 3:
        path.write_bytes(b"\x00\x01binary")
    return path


def write_files(folder: Path, count: int) -> tuple[Path, int]:
    """The answers files and LIST naming them; returns LIST and how many are bad."""
    from advisor.engine.answers_file import dump_answers
    from advisor.rules import load_knowledge_base

    kb = load_knowledge_base()
    paths: list[str] = []
    bad = 0
    for n, answers in enumerate(answer_sets(count)):
        path = folder / f"answers-{n:05d}.{'yaml' if n % 2 else 'json'}"
        if n % BAD_EVERY == BAD_EVERY - 1:
            bad_file(path, bad % 5, answers)
            bad += 1
        elif n % 2:
            path.write_text(dump_answers(kb, answers), encoding="utf-8")
        else:
            path.write_text(json.dumps({"format": 2, **answers}), encoding="utf-8")
        paths.append(str(path))
    listing = folder / "list.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return listing, bad


def check_output(command: list[str], count: int, bad: int, env: dict[str, str]) -> None:
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    errors = sum("error" in line for line in lines)
    verdicts = {line["verdict"] for line in lines if "verdict" in line}
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert (len(lines), errors) == (count, bad), (len(lines), errors)
    assert verdicts == {"permitted", "license_required", "prohibited"}, verdicts
    print(f"checked: {len(lines):,} lines, {errors} errors, every verdict, exit code 2")


def time_runs(command: list[str], runs: int, env: dict[str, str]) -> float:
    """The median seconds of whole runs, output to /dev/null."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--source", type=Path, default=ROOT, help="the advisor checkout to build (default: this one)")
    parser.add_argument("--venv", type=Path, help="an environment with the wheel installed already (nothing is built)")
    parser.add_argument("--text", action="store_true", help="also time text mode (the table)")
    args = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bin_dir = args.venv / "bin" if args.venv else install_wheel(folder, args.source)
        files = folder / "files"
        files.mkdir()
        listing, bad = write_files(files, args.files)
        command = [str(bin_dir / "llama-advisor"), "assess", "--json", "--from-list", str(listing)]
        check_output(command, args.files, bad, env)
        seconds = time_runs(command, args.runs, env)
        print(f"assess --json --from-list LIST  {args.files:,} files  median {seconds:.2f} s  "
              f"{args.files / seconds:,.0f} files/s  (target: {TARGET:,} or more; {args.runs} runs, {os.cpu_count()} cores)")  # fmt: skip
        if args.text:
            text = time_runs(command[:2] + command[3:], args.runs, env)
            print(f"assess --from-list LIST (table) {args.files:,} files  median {text:.2f} s  "
                  f"{args.files / text:,.0f} files/s")  # fmt: skip


if __name__ == "__main__":
    main()
