"""Start-up of the packaged app against the pip-installed one, until the first page is painted.

Both are whole processes on the offscreen platform, run alternately; each quits as
soon as its first wizard page has been painted (LLAMA_ADVISOR_QUIT_AFTER=first-paint).
Prints both medians and the ratio (target: the bundle at most 1.2x the installed app).

Usage: python benchmarks/packaged_startup.py [--runs 15]   (after packaging/build.sh)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

from common import ROOT, advisor_command, compile_advisor, time_process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    bundled = ROOT / "dist" / "llama-advisor" / "llama-advisor"
    installed = advisor_command()
    if not bundled.exists():
        sys.exit("build the app first: packaging/build.sh")
    compile_advisor()
    home = tempfile.mkdtemp()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LLAMA_ADVISOR_QUIT_AFTER": "first-paint", "HOME": home}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare_env = {"PATH": "/usr/bin:/bin", "HOME": home, "QT_QPA_PLATFORM": "offscreen",
                "LLAMA_ADVISOR_QUIT_AFTER": "first-paint"}  # fmt: skip
    # the two need different environments, so they are timed in alternate pairs here
    time_process([str(bundled)], bare_env)
    time_process(installed, env)
    bundle_times, installed_times = [], []
    for _ in range(args.runs):
        bundle_times.append(time_process([str(bundled)], bare_env))
        installed_times.append(time_process(installed, env))
    b, i = statistics.median(bundle_times), statistics.median(installed_times)
    print(f"pip-installed app     median {i * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"bundled app (env -i)  median {b * 1000:7.1f} ms  ({args.runs} runs, alternating)")
    print(f"ratio                 {b / i:7.2f}x  (target: 1.2x or less)")


if __name__ == "__main__":
    main()
