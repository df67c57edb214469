"""Fixtures for the command-line tests: the real `llama-advisor` script, main() in-process, answers files."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from answers_support import DEVELOPER_31 as SHARED_DEVELOPER_31
from answers_support import answers_text, v0_1

from advisor.cli.main import main

# Answers files used by several modules (YAML text, one answer per line).
DEVELOPER_31 = answers_text(v0_1(SHARED_DEVELOPER_31))  # the shared developer, as a v0.1.0 file
ANSWERS: dict[str, str] = {
    "permitted": DEVELOPER_31,
    "license_required": DEVELOPER_31.replace("mau: 5", "mau: 700000001"),
    "prohibited": DEVELOPER_31.replace("aup_concerns: []", "aup_concerns: [spam]"),
    "llama2": DEVELOPER_31.replace('"3.1"', '"2"'),
    "llama1": 'version: "1"\ncommercial: false\n',
}


@dataclass(frozen=True)
class Result:
    """What a run of the command produced (same field names as subprocess.CompletedProcess)."""

    returncode: int
    stdout: str
    stderr: str


def script_path() -> str:
    found = shutil.which("llama-advisor")
    return found or str(Path(sys.executable).parent / "llama-advisor")


@pytest.fixture(autouse=True)
def _ctrl_c_given_back() -> Iterator[None]:
    """main() run in-process holds Ctrl-C back once it saves a file, for the rest of the
    process (advisor.writer.interrupts.hold_interrupts), as a command about to exit may:
    give it back after each test, or every later child process starts with SIGINT blocked."""
    if not hasattr(signal, "pthread_sigmask"):  # not on POSIX
        yield
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, ())
    yield
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


@pytest.fixture(scope="session")
def script() -> str:
    path = script_path()
    assert Path(path).is_file(), f"console script not installed: {path}"
    return path


@pytest.fixture
def cli(script: str, tmp_path: Path) -> Callable[..., Result]:
    """Run the installed console script; `stdin` is text or bytes fed to it."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")

    def run(*args: str, stdin: str | bytes = b"") -> Result:
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        done = subprocess.run(
            [script, *args], input=data, capture_output=True, cwd=tmp_path, env=env, timeout=60, check=False
        )
        return Result(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))

    return run


@pytest.fixture
def run_main(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Call advisor.cli.main.main(argv) in this process and capture its output."""

    def run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text or bytes to tmp_path/name and return the path."""

    def make(content: str | bytes, name: str = "answers.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return make


@pytest.fixture
def answers() -> Mapping[str, str]:
    return ANSWERS


@pytest.fixture
def expect_invalid() -> Callable[..., str]:
    """Assert exit 2 with one clean line on stderr containing every fragment; return that line.

    Nothing may reach stdout unless `printed` says the command had already started talking.
    """

    def check(result: Result, *fragments: str, printed: bool = False) -> str:
        assert result.returncode == 2, (result.returncode, result.stderr)
        assert "Traceback" not in result.stderr
        if not printed:
            assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        line = lines[0]
        assert line.startswith("llama-advisor: "), line
        for fragment in fragments:
            assert fragment in line, (fragment, line)
        return line

    return check
