"""Helpers for the hardening tests: the real command in a subprocess, answers files, bundle checks."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from answers_support import DEVELOPER_31, answers_text, v0_1

# Two answers files in the v0.1.0 format (which every later advisor reads), with different verdicts.
ANSWERS_TEXT = {
    "a.yaml": answers_text(v0_1(DEVELOPER_31)),
    "b.yaml": answers_text(v0_1({**DEVELOPER_31, "version": "3.3", "mau": 800_000_000})),
}
ANSWERS_DIR = Path(tempfile.mkdtemp(prefix="llama-hardening-"))
atexit.register(shutil.rmtree, ANSWERS_DIR, ignore_errors=True)  # module-level paths, so no tmp_path
for _name, _text in ANSWERS_TEXT.items():
    (ANSWERS_DIR / _name).write_text(_text, encoding="utf-8")
ANSWERS_31 = ANSWERS_DIR / "a.yaml"
ANSWERS_32 = ANSWERS_DIR / "b.yaml"


def script() -> str:
    found = shutil.which("llama-advisor")
    return found or str(Path(sys.executable).parent / "llama-advisor")


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen", **extra)
    return env


Run = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Run `llama-advisor ARGS` in tmp_path; bytes out, text err."""

    def go(*args: object, stdin: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [script(), *(os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args)],
            input=stdin,
            capture_output=True,
            cwd=tmp_path,
            env=env or environment(),
            timeout=120,
            check=False,
        )

    return go


def one_error(result: subprocess.CompletedProcess, *fragments: str) -> str:
    """Exit 2 with exactly one `llama-advisor:` line on stderr that holds every fragment."""
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, (result.returncode, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("llama-advisor: "), err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".lla-", ".")) and p.name != ".")


def manifest_ok(folder: Path) -> bool:
    """The folder holds a whole bundle: every file MANIFEST lists, with its sha256."""
    manifest = folder / "MANIFEST"
    if not manifest.is_file():
        return False
    names = set()
    for line in manifest.read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        names.add(name)
        if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
            return False
    return names | {"MANIFEST"} == {p.name for p in folder.iterdir()}


def zip_manifest(archive: Path) -> bytes:
    with zipfile.ZipFile(archive) as opened:
        [name] = [n for n in opened.namelist() if n.endswith("/MANIFEST")]
        return opened.read(name)
