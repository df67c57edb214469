"""Output files (issue 11, defects 1, 2, 3 and 5): never destroy what the user did not ask to replace."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest
from hardening_support import (
    ANSWERS_31,
    ANSWERS_32,
    Run,
    environment,
    leftovers,
    manifest_ok,
    one_error,
    script,
    zip_manifest,
)
from kill_hooks import kill_environment

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _special(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "symlink":
        (path.parent / "real-file").write_text("precious\n", encoding="utf-8")
        path.symlink_to("real-file")
    elif kind == "dangling-symlink":
        path.symlink_to("nowhere-yet")
    elif kind == "device":  # a private copy of /dev/null's device numbers, in the test's own folder
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))


def _fingerprint(path: Path) -> tuple:
    found = os.lstat(path)
    link = os.readlink(path) if stat.S_ISLNK(found.st_mode) else None
    return (stat.S_IFMT(found.st_mode), found.st_ino, found.st_rdev, link)


KINDS = [
    "fifo",
    "socket",
    "symlink",
    "dangling-symlink",
    pytest.param("device", marks=pytest.mark.skipif(not IS_ROOT, reason="only root can make a device node")),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("force", [True, False], ids=["force", "no-force"])
def test_report_and_interview_refuse_special_targets(tmp_path: Path, run: Run, kind: str, force: bool) -> None:
    target = tmp_path / "out.md"
    _special(kind, target)
    before = _fingerprint(target)
    extra = ["--force"] if force else []
    reason = "symbolic link" if "symlink" in kind else "never replaces it"
    one_error(run("report", ANSWERS_31, "-o", target, *extra), str(target), reason)
    one_error(run("interview", "-o", target, *extra), str(target), reason)
    assert _fingerprint(target) == before
    if kind == "symlink":
        assert (tmp_path / "real-file").read_text(encoding="utf-8") == "precious\n"
    if kind == "dangling-symlink":
        assert not (tmp_path / "nowhere-yet").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", KINDS)
def test_bundle_refuses_special_folder_or_zip(tmp_path: Path, run: Run, kind: str) -> None:
    folder_target, zip_target = tmp_path / "b1", tmp_path / "b2.zip"
    _special(kind, folder_target)
    _special(kind, zip_target) if kind not in ("symlink",) else zip_target.symlink_to("real-file")
    before = (_fingerprint(folder_target), _fingerprint(zip_target))
    one_error(run("bundle", ANSWERS_31, "-o", folder_target, "--force"), str(folder_target))
    one_error(run("bundle", ANSWERS_31, "-o", tmp_path / "b2", "--zip", "--force"), str(zip_target))
    assert (_fingerprint(folder_target), _fingerprint(zip_target)) == before
    assert not (tmp_path / "b2").exists()


def test_symlink_to_a_folder_is_not_a_bundle_folder(tmp_path: Path, run: Run) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    one_error(run("bundle", ANSWERS_31, "-o", tmp_path / "link", "--force"), "symbolic link")
    assert list((tmp_path / "real").iterdir()) == []


def test_standard_output_is_still_the_dash(run: Run) -> None:
    result = run("report", ANSWERS_31, "--format", "md", "-o", "-")
    assert result.returncode == 0 and result.stdout.startswith(b"# ")


def test_twenty_parallel_bundles_exactly_one_wins(tmp_path: Path) -> None:
    command = [script(), "bundle", str(ANSWERS_31), "-o", "rb", "--zip"]
    runs = [
        subprocess.Popen(command, cwd=tmp_path, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(20)
    ]
    results = [(p.wait(timeout=180), p.stderr.read().decode()) for p in runs]  # type: ignore[union-attr]
    for p in runs:
        p.stdout.close()  # type: ignore[union-attr]
        p.stderr.close()  # type: ignore[union-attr]
    winners = [err for code, err in results if code == 0]
    losers = [err for code, err in results if code != 0]
    assert len(winners) == 1, results
    assert all(code == 2 for code, _ in results if code != 0), results
    assert [err for err in losers if "already exists" not in err or err.count("\n") != 1] == []
    assert manifest_ok(tmp_path / "rb")
    assert zip_manifest(tmp_path / "rb.zip") == (tmp_path / "rb" / "MANIFEST").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rb", "rb.zip"]


def test_twenty_parallel_reports_exactly_one_wins(tmp_path: Path) -> None:
    command = [script(), "report", str(ANSWERS_31), "-o", "r.md"]
    runs = [subprocess.Popen(command, cwd=tmp_path, env=environment(), stderr=subprocess.DEVNULL) for _ in range(20)]
    codes = sorted(p.wait(timeout=120) for p in runs)
    assert codes == [0] + [2] * 19
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


STEPS = ["bundle-staged", "bundle-folder", "bundle-zip", "bundle-done"]


@pytest.mark.parametrize("step", STEPS)
def test_killed_bundle_force_never_loses_the_bundle(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, run: Run, step: str
) -> None:
    assert run("bundle", ANSWERS_31, "-o", "b", "--zip").returncode == 0
    old = (tmp_path / "b" / "MANIFEST").read_bytes()
    env = kill_environment(tmp_path_factory.mktemp("hook"), step)
    killed = run("bundle", ANSWERS_32, "-o", "b", "--zip", "--force", env=env)
    assert killed.returncode == -9, killed.stderr
    assert manifest_ok(tmp_path / "b")  # the old bundle or the new one, whole, at every moment
    now = (tmp_path / "b" / "MANIFEST").read_bytes()
    assert now == old if step == "bundle-staged" else now != old
    # The next run for that bundle finishes (or undoes) the interrupted one before anything else,
    # even when it then stops on bad answers.
    (tmp_path / "bad.yaml").write_text("version: 9\n", encoding="utf-8")
    one_error(run("bundle", "bad.yaml", "-o", "b", "--zip", "--force"), "version")
    assert manifest_ok(tmp_path / "b")
    assert zip_manifest(tmp_path / "b.zip") == (tmp_path / "b" / "MANIFEST").read_bytes()
    assert (tmp_path / "b" / "MANIFEST").read_bytes() == now  # committed folder stays; the zip follows it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "b.zip", "bad.yaml"]


def test_killed_report_leaves_a_work_file_that_the_next_run_removes(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, run: Run
) -> None:
    killed = run(
        "report", ANSWERS_31, "-o", "r.md", env=kill_environment(tmp_path_factory.mktemp("hook"), "file-staged")
    )
    assert killed.returncode == -9
    assert not (tmp_path / "r.md").exists()
    assert run("report", ANSWERS_31, "-o", "r.md").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_killed_first_bundle_is_undone(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, run: Run) -> None:
    env = kill_environment(tmp_path_factory.mktemp("hook"), "bundle-staged")
    killed = run("bundle", ANSWERS_31, "-o", "b", "--zip", env=env)
    assert killed.returncode == -9
    assert not (tmp_path / "b").exists() and not (tmp_path / "b.zip").exists()
    assert run("bundle", ANSWERS_31, "-o", "b", "--zip").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "b.zip"]


@pytest.mark.parametrize("length", [238, 250, 255])
def test_longest_names_can_be_written(tmp_path: Path, run: Run, length: int) -> None:
    report = "r" * (length - 3) + ".md"
    folder = "b" * (length - 4)  # its zip's name is `length` bytes long
    assert run("report", ANSWERS_31, "-o", report).returncode == 0
    assert run("report", ANSWERS_31, "-o", report, "--force").returncode == 0
    result = run("bundle", ANSWERS_31, "-o", folder, "--zip")
    assert result.returncode == 0, result.stderr
    assert run("bundle", ANSWERS_31, "-o", folder, "--zip", "--force").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([report, folder, folder + ".zip"])
