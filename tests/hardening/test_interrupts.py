"""Ctrl-C during a PDF report or a bundle (issue 11, defect 4): exit 130 and one line, or a whole result."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hardening_support import ANSWERS_31, environment, manifest_ok, script, zip_manifest

RUNS = 24  # per command; each run takes well under a second


def _interrupted_run(folder: Path, args: list[str], pauses: list[float]) -> tuple[int, str]:
    process = subprocess.Popen(
        [script(), *args], cwd=folder, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _wait_for_the_advisor(process.pid)
    for pause in pauses:
        time.sleep(pause)
        if process.poll() is not None:
            break
        process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    return process.returncode, err.decode("utf-8", "replace")


def _wait_for_the_advisor(pid: int) -> None:
    """Until the advisor's own code runs (it has loaded PyYAML's C part): a Ctrl-C while the
    Python interpreter itself starts up is Python's to handle, not the advisor's."""
    deadline = time.monotonic() + 20
    maps = Path(f"/proc/{pid}/maps")
    while time.monotonic() < deadline:
        try:
            if "_yaml" in maps.read_text(errors="replace"):
                return
        except OSError:
            return  # the process has ended
        time.sleep(0.002)


@pytest.mark.parametrize("command", ["report", "bundle"])
def test_ctrl_c_at_random_moments(tmp_path: Path, command: str) -> None:
    chance = random.Random(f"sigint-{command}{os.environ.get('LLAMA_TEST_SEED', '')}")  # same moments every run
    outcomes = {0: 0, 130: 0}
    for index in range(RUNS):
        folder = tmp_path / str(index)
        folder.mkdir()
        if command == "report":
            args, made = ["report", str(ANSWERS_31), "-o", "r.pdf"], ["r.pdf"]
        else:
            args, made = ["bundle", str(ANSWERS_31), "-o", "b", "--zip"], ["b", "b.zip"]
        pauses = [chance.uniform(0.0, 0.4)] + [chance.uniform(0.0, 0.05) for _ in range(chance.randrange(3))]
        code, err = _interrupted_run(folder, args, pauses)
        assert code in outcomes, (code, pauses, err)
        outcomes[code] += 1
        present = sorted(p.name for p in folder.iterdir())
        if code == 130:
            assert err.strip() == "llama-advisor: interrupted", (pauses, err)
            assert present == [], (pauses, present)  # nothing partial, no work files
            continue
        assert "written" in err and "Traceback" not in err, err
        assert present == made, present
        if command == "report":
            data = (folder / "r.pdf").read_bytes()
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        else:
            assert manifest_ok(folder / "b")
            assert zip_manifest(folder / "b.zip") == (folder / "b" / "MANIFEST").read_bytes()
    assert outcomes[130] >= RUNS // 4, outcomes  # the moments do fall inside the runs
