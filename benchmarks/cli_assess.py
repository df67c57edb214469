"""Paired timings: `llama-advisor assess FILE` from an installed wheel against `python -c pass`.

Builds the wheel (so it carries the parsed knowledge base and compiled templates, as
a user's install does), installs it without dependencies into a fresh virtual
environment whose path also holds this environment's site-packages (for PyYAML and
the rest), lets pip compile the bytecode, then times whole processes alternately:

- advisor: ``VENV/bin/llama-advisor assess FILE`` (the terminal report);
- bare:    ``VENV/bin/python -c pass`` from the same environment;
- floor:   ``VENV/bin/python -c "import re, yaml"``: what any console script (pip's
  launcher imports re) that reads a YAML file with PyYAML costs before its own work.

Prints the medians and the ratios (target: advisor at most 2x bare).

Usage: python benchmarks/cli_assess.py [--runs 21] [--source DIR] [--other-bare PYTHON]
(--source: another checkout of the advisor to build, for a before-and-after comparison;
--other-bare: also time `PYTHON -c pass`, e.g. a development venv's interpreter, whose
editable-install hook makes it start slower)
"""

from __future__ import annotations

import argparse
import os
import site
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from common import ANSWERS, ROOT, time_process


def install_wheel(folder: Path, source: Path) -> Path:
    """A venv with the wheel of the advisor in source installed; returns its bin folder."""
    wheels = folder / "wheels"
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], check=True)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    wheel = next(wheels.glob("llama_license_advisor-*.whl"))
    subprocess.run([str(python), "-m", "pip", "-q", "--disable-pip-version-check", "install", "--no-deps", str(wheel)],
                   check=True)  # fmt: skip
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()  # fmt: skip
    ours = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    (Path(purelib) / "benchmark_dependencies.pth").write_text("\n".join(dict.fromkeys(ours)) + "\n")
    return venv / "bin"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="rounds to time (default 21)")
    parser.add_argument("--source", type=Path, default=ROOT, help="the advisor checkout to build (default: this one)")
    parser.add_argument("--other-bare", metavar="PYTHON", help="also time PYTHON -c pass and give the ratio to it")
    args = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        answers = folder / "answers.yaml"
        answers.write_text(ANSWERS, encoding="utf-8")
        bin_dir = install_wheel(folder, args.source)
        commands = {
            "bare": [str(bin_dir / "python"), "-c", "pass"],
            "floor": [str(bin_dir / "python"), "-c", "import re, yaml"],
            "advisor": [str(bin_dir / "llama-advisor"), "assess", str(answers)],
        }
        if args.other_bare:
            commands["other"] = [args.other_bare, "-c", "pass"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():
            time_process(command, env)  # warm the file cache and the bytecode
        for index in range(args.runs):
            order = list(commands) if index % 2 == 0 else list(reversed(commands))
            for name in order:
                times[name].append(time_process(commands[name], env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    bare = medians["bare"]
    print(f"python -c pass                   median {bare * 1000:6.1f} ms")
    print(
        f"python -c 'import re, yaml'      median {medians['floor'] * 1000:6.1f} ms  ({medians['floor'] / bare:.2f}x)"
    )
    print(f"llama-advisor assess FILE        median {medians['advisor'] * 1000:6.1f} ms  "
          f"({medians['advisor'] / bare:.2f}x; target: 2x or less)")  # fmt: skip
    if "other" in medians:
        other = medians["other"]
        print(f"{args.other_bare} -c pass  median {other * 1000:6.1f} ms  "
              f"(assess is {medians['advisor'] / other:.2f}x this)")  # fmt: skip
    print(f"({args.runs} rounds, order alternating; wheel installed with bytecode)")


if __name__ == "__main__":
    main()
