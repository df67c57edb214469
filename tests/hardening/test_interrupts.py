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


LOST_CTRL_C = (
    "import sys\n"
    "from advisor.writer.interrupts import interrupt_pending, keep_lost_interrupts\n"
    "sys.unraisablehook = keep_lost_interrupts\n"
    "class Finalized:\n"
    "    def __del__(self):\n"
    "        raise KeyboardInterrupt\n"
    "print('before', interrupt_pending())\n"
    "Finalized()\n"
    "print('after', interrupt_pending())\n"
    "class Broken:\n"
    "    def __del__(self):\n"
    "        raise ValueError('other errors are still reported')\n"
    "Broken()\n"
)


def test_a_ctrl_c_python_cannot_raise_is_kept_for_the_commit_check(tmp_path: Path) -> None:
    """In a finalizer (an import's lock cleanup is one) Python printed "Exception ignored
    in ..." for a Ctrl-C and carried on as if none had come."""
    import sys

    program = tmp_path / "finalizer.py"
    program.write_text(LOST_CTRL_C)
    run = subprocess.run([sys.executable, str(program)], capture_output=True, text=True, timeout=60)
    assert run.stdout == "before False\nafter True\n"
    assert "KeyboardInterrupt" not in run.stderr and "other errors are still reported" in run.stderr


def test_a_kept_ctrl_c_stops_a_report_before_its_commit(tmp_path: Path, monkeypatch) -> None:
    from types import SimpleNamespace

    from advisor.cli.main import main
    from advisor.writer import interrupts

    monkeypatch.setattr(interrupts, "_lost", False)
    interrupts.keep_lost_interrupts(SimpleNamespace(exc_type=KeyboardInterrupt))
    monkeypatch.chdir(tmp_path)
    handler, mask = signal.getsignal(signal.SIGINT), signal.pthread_sigmask(signal.SIG_BLOCK, ())
    try:
        assert main(["report", str(ANSWERS_31), "-o", "r.md"]) == 130
    finally:  # the command line takes Ctrl-C over for the rest of its process: give it back
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    assert list(tmp_path.iterdir()) == []


def test_a_kept_ctrl_c_is_dropped_once_the_person_answers_a_prompt(monkeypatch) -> None:
    """The interview goes on after a kept Ctrl-C; what the person then saves must not be lost."""
    from types import SimpleNamespace

    from advisor.cli import main as cli_main
    from advisor.writer import interrupts

    monkeypatch.setattr(interrupts, "_lost", False)
    interrupts.keep_lost_interrupts(SimpleNamespace(exc_type=KeyboardInterrupt))
    assert interrupts.interrupt_pending()
    monkeypatch.setattr("builtins.input", lambda prompt: "3.1")
    assert cli_main._ask("Which Llama version? ") == "3.1"
    assert not interrupts.interrupt_pending()
    interrupts.keep_lost_interrupts(SimpleNamespace(exc_type=KeyboardInterrupt))
    interrupts.release_interrupts()
    assert not interrupts.interrupt_pending()


def test_the_desktop_window_does_not_keep_lost_ctrl_c(monkeypatch) -> None:
    """The window has no commit check: a kept Ctrl-C there would refuse every later save."""
    import sys
    from types import SimpleNamespace

    from advisor import launcher
    from advisor.writer import interrupts

    monkeypatch.setattr(interrupts, "_lost", False)
    monkeypatch.setattr(sys, "unraisablehook", interrupts.keep_lost_interrupts)
    interrupts.keep_lost_interrupts(SimpleNamespace(exc_type=KeyboardInterrupt))
    opened: list[str | None] = []
    monkeypatch.setattr(launcher, "run_gui", lambda answers_file=None: opened.append(answers_file) or 0)
    assert launcher.main([]) == 0 and opened == [None]
    assert sys.unraisablehook is sys.__unraisablehook__
    assert not interrupts.interrupt_pending()
