"""Ctrl-C while the command starts up (issue 19, F8): the one line, exit 130, nothing written.

The Ctrl-C comes at a chosen import, every time (see sigint_hooks): before the entry
point's own handling was in place, these printed a KeyboardInterrupt traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hardening_support import ANSWERS_31, script
from sigint_hooks import sigint_environment

# In the order a run imports them: advisor/__init__.py, the launcher, its interrupt
# handling, the command line, and what the commands load.
IMPORT_POINTS = [
    "typing",
    "advisor.launcher",
    "advisor.writer",
    "signal",
    "advisor.writer.interrupts",
    "argparse",
    "advisor.cli.main",
    "yaml",
    "advisor.engine",
]


def _interrupted(result: subprocess.CompletedProcess[bytes]) -> None:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 130, (result.returncode, err)
    assert err.strip() == "llama-advisor: interrupted", err
    assert result.stdout == b""


@pytest.mark.parametrize("module", IMPORT_POINTS)
def test_ctrl_c_while_the_command_line_loads(tmp_path: Path, module: str) -> None:
    env = sigint_environment(tmp_path, at_import=module)
    command = [script(), "report", str(ANSWERS_31), "-o", "r.md"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, timeout=60, check=False)
    _interrupted(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sigint-hook"]  # nothing written


@pytest.mark.parametrize("module", ["typing", "advisor.launcher", "advisor.writer.interrupts"])
def test_ctrl_c_while_python_m_advisor_loads(tmp_path: Path, module: str) -> None:
    env = sigint_environment(tmp_path, at_import=module)
    command = [sys.executable, "-m", "advisor", "assess", str(ANSWERS_31)]
    _interrupted(subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, timeout=60, check=False))


def test_the_hook_does_fire(tmp_path: Path) -> None:
    """A module the run never imports: no Ctrl-C, a normal run (the hook is not the cause above)."""
    env = sigint_environment(tmp_path, at_import="no_such_module_here")
    result = subprocess.run(
        [script(), "assess", str(ANSWERS_31)], env=env, capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_importing_advisor_leaves_ctrl_c_alone() -> None:
    """`import advisor` from a program of one's own does not take over Ctrl-C."""
    code = "import signal, advisor; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, check=False)
    assert result.stdout.strip() == b"True", result.stderr
