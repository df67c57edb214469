"""`check --fix` is one transaction (issue 19, F9): every file or none, and a Ctrl-C after
the files are in place no longer turns the run into a reported failure.

The Ctrl-C comes at a chosen call, every time (see sigint_hooks). Before, a Ctrl-C while
LICENSE was being written left NOTICE written and exited 130; one after the last file
exited 130 although all three were in place.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hardening_support import script
from sigint_hooks import sigint_environment

from tests.release.fixtures import card, license_text, model_folder, policy_text

NOTICE_LINE = "Llama 3.1 is licensed under the Llama 3.1 Community License"


def _release(tmp_path: Path) -> Path:
    """A 3.1 model folder with no NOTICE, no USE_POLICY.md and a LICENSE of another text."""
    readme = card(
        license_id="llama3.1", base_model="meta-llama/Llama-3.1-8B", title="Llama-Acme", body="Built with Llama"
    )
    folder = model_folder(tmp_path, "model", "3.1", readme=readme, notice=None, use_policy=False)
    (folder / "LICENSE").write_text(license_text("3.1").replace("700 million", "7 million"), encoding="utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {path.name: path.read_bytes() if path.is_file() else None for path in sorted(folder.iterdir())}


def _all_fixed(folder: Path) -> bool:
    return (
        NOTICE_LINE in (folder / "NOTICE").read_text(encoding="utf-8")
        and (folder / "LICENSE").read_text(encoding="utf-8") == license_text("3.1")
        and (folder / "USE_POLICY.md").read_text(encoding="utf-8") == policy_text("3.1")
    )


# Where the Ctrl-C comes: while each file is staged, as each goes in place, after all are in place.
MOMENTS = [
    "advisor.writer.renaming:new_work_file:1",
    "advisor.writer.renaming:new_work_file:2",
    "advisor.writer.renaming:new_work_file:3",
    "advisor.writer.renaming:move_no_replace_file:1",
    "advisor.writer.renaming:move_no_replace_file:2",
    "advisor.release:check_path:2",
    "advisor.render.check_view:render_check:1",
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_interrupted_fix_writes_every_file_or_none(tmp_path: Path, moment: str) -> None:
    folder = _release(tmp_path)
    before = _snapshot(folder)
    env = sigint_environment(tmp_path, at_call=moment)
    result = subprocess.run(
        [script(), "check", str(folder), "--fix", "--force"], env=env, capture_output=True, timeout=120, check=False
    )
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    if result.returncode == 130:
        assert err.strip() == "llama-advisor: interrupted", err
        assert _snapshot(folder) == before  # nothing written, no work file left
        assert moment.startswith("advisor.writer.renaming:new_work_file"), "a Ctrl-C after the commit stops nothing"
        return
    assert result.returncode == 0, err
    assert _all_fixed(folder)
    out = result.stdout.decode("utf-8")
    for name in ("NOTICE", "USE_POLICY.md"):
        assert f"{folder / name}: written" in out, out
    assert f"{folder / 'LICENSE'}: replaced" in out, out
    assert not [name for name in _snapshot(folder) if name.startswith(".lla-")]


def test_one_file_that_cannot_be_written_means_none_is(tmp_path: Path) -> None:
    """A target that is refused (here a folder where USE_POLICY.md should go) stops the others too."""
    folder = _release(tmp_path)
    (folder / "USE_POLICY.md").mkdir()
    before = _snapshot(folder)
    result = subprocess.run([script(), "check", str(folder), "--fix", "--force"], capture_output=True, check=False)
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr
    assert f"{folder / 'USE_POLICY.md'}: not written:" in out, out
    assert f"{folder / 'NOTICE'}: not written:" in out, out
    assert _snapshot(folder) == before
