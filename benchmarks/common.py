"""Helpers shared by the benchmark scripts: the scenario, the command, paired timing."""

from __future__ import annotations

import compileall
import shutil
import site
import statistics
import subprocess
import sys
import sysconfig
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


def install_wheel(folder: Path, source: Path = ROOT) -> Path:
    """A fresh venv with the wheel of the advisor in source installed, bytecode compiled; returns its bin folder.

    The wheel is built without build isolation (this environment's setuptools, as the
    release build does), so its build step writes the validated knowledge base and the
    compiled templates. The venv finds PyYAML and the rest through a .pth file naming
    this environment's site-packages.
    """
    wheels = folder / "wheels"
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    shutil.rmtree(source / "build", ignore_errors=True)  # a stale build/lib would go into the wheel
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)], check=True)
    shutil.rmtree(source / "build", ignore_errors=True)  # what setuptools leaves in the checkout
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    wheel = next(wheels.glob("llama_license_advisor-*.whl"))
    subprocess.run([str(python), "-m", "pip", "-q", "--disable-pip-version-check", "install", "--no-deps", str(wheel)],
                   check=True)  # fmt: skip
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())  # fmt: skip
    ours = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    (purelib / "benchmark_dependencies.pth").write_text("\n".join(dict.fromkeys(ours)) + "\n")
    folders = [str(purelib / "advisor"), str(purelib / "advisor_resources")]
    subprocess.run([str(python), "-m", "compileall", "-q", *folders], check=True)  # PYTHONDONTWRITEBYTECODE: do it here
    return venv / "bin"
