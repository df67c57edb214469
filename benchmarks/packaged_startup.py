"""Start-up of the packaged app against the pip-installed one, until the first page is painted.

Both are whole processes on the offscreen platform, run alternately; each quits as
soon as its first wizard page has been painted (LLAMA_ADVISOR_QUIT_AFTER=first-paint).
Prints both medians and the ratio (target: the bundle at most 1.2x the installed app).

Usage: python benchmarks/packaged_startup.py [--runs 15]   (after packaging/build.sh)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def time_start(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    bundled = ROOT / "dist" / "llama-advisor" / "llama-advisor"
    installed = shutil.which("llama-advisor") or str(Path(sys.executable).parent / "llama-advisor")
    if not bundled.exists():
        sys.exit("build the app first: packaging/build.sh")
    import compileall

    compileall.compile_dir(str(ROOT / "advisor"), quiet=1)
    home = tempfile.mkdtemp()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LLAMA_ADVISOR_QUIT_AFTER": "first-paint", "HOME": home}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare_env = {"PATH": "/usr/bin:/bin", "HOME": home, "QT_QPA_PLATFORM": "offscreen",
                "LLAMA_ADVISOR_QUIT_AFTER": "first-paint"}  # fmt: skip
    time_start([str(bundled)], bare_env)
    time_start([installed], env)
    bundle_times, installed_times = [], []
    for _ in range(args.runs):
        bundle_times.append(time_start([str(bundled)], bare_env))
        installed_times.append(time_start([installed], env))
    b, i = statistics.median(bundle_times), statistics.median(installed_times)
    print(f"pip-installed app     median {i * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"bundled app (env -i)  median {b * 1000:7.1f} ms  ({args.runs} runs, alternating)")
    print(f"ratio                 {b / i:7.2f}x  (target: 1.2x or less)")


if __name__ == "__main__":
    main()
