"""Paired timings: `llama-advisor assess FILE` from an installed wheel against `python -c "import re, yaml"`.

Builds the wheel (so it carries the validated knowledge base and compiled templates, as
a user's install does), installs it without dependencies into a fresh virtual
environment whose path also holds this environment's site-packages (for PyYAML and
the rest), compiles the bytecode, then times whole processes alternately (the order
reverses every round):

- advisor: ``VENV/bin/llama-advisor assess FILE`` (the terminal report);
- json:    ``VENV/bin/llama-advisor assess FILE --json``;
- floor:   ``VENV/bin/python -c "import re, yaml"``: what any console script (pip's
  launcher imports re) that reads a YAML file with PyYAML costs before its own work;
- bare:    ``VENV/bin/python -c pass`` from the same environment.

Prints the medians and the ratios to the floor (target: `assess FILE` at most 2.0x the
floor) and to bare.

Usage: python benchmarks/cli_assess.py [--runs 21] [--source DIR] [--venv DIR] [--other-bare PYTHON]
(--source: another checkout of the advisor to build, for a before-and-after comparison;
--venv: time an environment set up already (for example /tmp/v19), building nothing;
--other-bare: also time `PYTHON -c pass`, e.g. a development venv's interpreter, whose
editable-install hook makes it start slower)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from common import ANSWERS, ROOT, install_wheel, time_process

TARGET = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="rounds to time (default 21)")
    parser.add_argument("--source", type=Path, default=ROOT, help="the advisor checkout to build (default: this one)")
    parser.add_argument("--venv", type=Path, help="an environment with the wheel installed already (nothing is built)")
    parser.add_argument("--other-bare", metavar="PYTHON", help="also time PYTHON -c pass and give the ratio to it")
    args = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        answers = folder / "answers.yaml"
        answers.write_text(ANSWERS, encoding="utf-8")
        bin_dir = args.venv / "bin" if args.venv else install_wheel(folder, args.source)
        commands = {
            "bare": [str(bin_dir / "python"), "-c", "pass"],
            "floor": [str(bin_dir / "python"), "-c", "import re, yaml"],
            "advisor": [str(bin_dir / "llama-advisor"), "assess", str(answers)],
            "json": [str(bin_dir / "llama-advisor"), "assess", str(answers), "--json"],
        }
        if args.other_bare:
            commands["other"] = [args.other_bare, "-c", "pass"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():
            time_process(command, env)  # warm the file cache
        for index in range(args.runs):
            order = list(commands) if index % 2 == 0 else list(reversed(commands))
            for name in order:
                times[name].append(time_process(commands[name], env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    bare, floor = medians["bare"], medians["floor"]
    print(f"python -c pass                   median {bare * 1000:6.1f} ms")
    print(f"python -c 'import re, yaml'      median {floor * 1000:6.1f} ms  ({floor / bare:.2f}x bare: the floor)")
    for name, label in (("advisor", "llama-advisor assess FILE       "), ("json", "llama-advisor assess FILE --json")):
        ratio = medians[name] / floor
        print(f"{label} median {medians[name] * 1000:6.1f} ms  ({ratio:.2f}x the floor, "
              f"{medians[name] / bare:.2f}x bare)")  # fmt: skip
    met = "met" if medians["advisor"] / floor <= TARGET else "NOT met"
    print(f"target: assess FILE at most {TARGET}x the floor: {met}")
    if "other" in medians:
        other = medians["other"]
        print(f"{args.other_bare} -c pass  median {other * 1000:6.1f} ms  "
              f"(assess is {medians['advisor'] / other:.2f}x this)")  # fmt: skip
    print(f"({args.runs} rounds, order alternating; wheel installed with bytecode)")


if __name__ == "__main__":
    main()
