"""`llama-advisor report` and `bundle`: formats, overwrite rules, and all-or-nothing writes."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from render_support import INJECTIONS, cli_process_command, html_text, needs_poppler, pdf_info, pdf_text

from advisor.writer import files as files_module

Cli = Callable[..., tuple[int, str, str]]
Answers = Callable[..., Path]


def _one_line_error(code: int, err: str, *fragments: str) -> None:
    assert code == 2
    assert err.startswith("llama-advisor: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


def _listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_report_in_each_format(tmp_path: Path, cli: Cli, answers_file: Answers, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    code, stdout, err = cli("report", answers_file("3.1"), "--format", fmt, "-o", out)
    assert code == 0, err
    assert stdout == ""
    assert "Report written to" in err
    data = out.read_bytes()
    assert {"md": b"# Llama license compliance report", "html": b"<!DOCTYPE html>", "pdf": b"%PDF-"}[fmt] in data[:200]


def test_format_follows_the_file_name(tmp_path: Path, cli: Cli, answers_file: Answers) -> None:
    assert cli("report", answers_file("4"), "-o", tmp_path / "r.PDF")[0] == 0
    assert (tmp_path / "r.PDF").read_bytes().startswith(b"%PDF-")
    assert cli("report", answers_file("4"), "-o", tmp_path / "r.htm")[0] == 0
    assert (tmp_path / "r.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, _, err = cli("report", answers_file("4"), "-o", tmp_path / "report.txt")
    _one_line_error(code, err, "--format")
    assert not (tmp_path / "report.txt").exists()


def test_markdown_to_standard_output(cli: Cli, answers_file: Answers) -> None:
    code, out, err = cli("report", answers_file("2"), "--format", "md", "-o", "-")
    assert code == 0, err
    assert out.startswith("# Llama license compliance report\n")


@needs_poppler
def test_user_fields_literal_in_every_format_from_the_command_line(
    tmp_path: Path, cli: Cli, answers_file: Answers
) -> None:
    source = answers_file("3.1")
    fields = ["--title", INJECTIONS[0], "--product", INJECTIONS[1], "--organisation", INJECTIONS[2]]
    fields += ["--assessor", " ".join(INJECTIONS)]
    for fmt in ("md", "html", "pdf"):
        assert cli("report", source, "-o", tmp_path / f"r.{fmt}", *fields)[0] == 0
    markdown_text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "<script" not in markdown_text
    import markdown

    shown_md = html_text(markdown.markdown(markdown_text, extensions=["tables"]))
    html_page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script" not in html_page and "<strong>bold</strong>" not in html_page
    shown_html = html_text(html_page)
    shown_pdf = pdf_text(tmp_path / "r.pdf")
    for shown in (shown_md, shown_html, shown_pdf):
        for value in INJECTIONS:
            assert value in shown
        assert " ".join(INJECTIONS) in " ".join(shown.split())


def test_existing_file_is_kept_without_force(tmp_path: Path, cli: Cli, answers_file: Answers) -> None:
    out = tmp_path / "report.md"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = cli("report", answers_file("3.1"), "-o", out)
    _one_line_error(code, err, "already exists", "--force")
    assert out.read_text(encoding="utf-8") == "keep me"
    code, _, err = cli("report", answers_file("3.1"), "-o", out, "--force")
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith("# Llama license compliance report")
    assert _listing(tmp_path) == sorted(["answers-3.1.yaml", "report.md"])


@pytest.mark.parametrize("kind", ["missing-parent", "parent-is-a-file", "target-is-a-folder"])
def test_unwritable_report_target(tmp_path: Path, cli: Cli, answers_file: Answers, kind: str) -> None:
    source = answers_file("3.1")
    before = _listing(tmp_path)
    blocker = tmp_path / "a-file"
    if kind == "missing-parent":
        target = tmp_path / "no" / "such" / "r.pdf"
    elif kind == "parent-is-a-file":
        blocker.write_text("x", encoding="utf-8")
        before = _listing(tmp_path)
        target = blocker / "r.pdf"
    else:
        target = tmp_path / "folder.pdf"
        target.mkdir()
        before = _listing(tmp_path)
    code, _, err = cli("report", source, "-o", target, "--force")
    _one_line_error(code, err, str(target))
    assert _listing(tmp_path) == before


def _as_root_without_its_override(*argv: str | Path) -> tuple[int, str, str]:
    """The whole command, run by root without the powers that let root write anywhere
    (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH): it then meets folder permissions as anyone does."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv (util-linux, in every Debian) is needed to test a read-only folder as root")
    command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--", *cli_process_command()]
    done = subprocess.run([*command, *map(str, argv)], capture_output=True, text=True, timeout=120, check=False)
    return done.returncode, done.stdout, done.stderr


def test_read_only_folder(tmp_path: Path, cli: Cli, answers_file: Answers) -> None:
    source = answers_file("3.1")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    run = _as_root_without_its_override if os.geteuid() == 0 else cli
    try:
        code, _, err = run("report", source, "-o", locked / "r.md")
        _one_line_error(code, err, "Permission denied")
        code, _, err = run("bundle", source, "-o", locked / "b")
        _one_line_error(code, err, "Permission denied")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs, where nobody may create files")
def test_folder_nobody_may_write_to(cli: Cli, answers_file: Answers) -> None:
    source = answers_file("3.1")
    for command in (("report", source, "-o", "/sys/llama-report.md"), ("bundle", source, "-o", "/sys/llama-bundle")):
        code, _, err = cli(*command)
        _one_line_error(code, err, "cannot write /sys/llama-")
        assert "Permission denied" in err or "Operation not permitted" in err
    assert not Path("/sys/llama-report.md").exists() and not Path("/sys/llama-bundle").exists()


def _fail_with(errno_value: int) -> Callable[..., None]:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno_value, os.strerror(errno_value))

    return fail


def test_disk_error_leaves_no_partial_report(
    tmp_path: Path, cli: Cli, answers_file: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = answers_file("3.1")
    before = _listing(tmp_path)
    monkeypatch.setattr(files_module.os, "replace", _fail_with(errno.ENOSPC))
    monkeypatch.setattr(files_module, "move_no_replace_file", _fail_with(errno.ENOSPC))
    code, _, err = cli("report", source, "-o", tmp_path / "r.pdf")
    _one_line_error(code, err, "No space left on device")
    assert _listing(tmp_path) == before


def test_disk_error_while_writing_leaves_nothing(
    tmp_path: Path, cli: Cli, answers_file: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = answers_file("3.1")
    before = _listing(tmp_path)
    monkeypatch.setattr(files_module.os, "fsync", _fail_with(errno.EIO))
    code, _, err = cli("report", source, "-o", tmp_path / "r.md")
    _one_line_error(code, err, "Input/output error")
    code, _, err = cli("bundle", source, "-o", tmp_path / "b", "--zip")
    _one_line_error(code, err, "Input/output error")
    assert _listing(tmp_path) == before


def test_invalid_answers_write_nothing(tmp_path: Path, cli: Cli) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('version: "3.1"\nmultimodel: true\n', encoding="utf-8")
    code, _, err = cli("report", bad, "-o", tmp_path / "r.pdf")
    _one_line_error(code, err, "multimodal")
    code, _, err = cli("bundle", bad, "-o", tmp_path / "b")
    _one_line_error(code, err, "multimodal")
    assert _listing(tmp_path) == ["bad.yaml"]


def test_bundle_refuses_a_non_empty_folder_without_force(tmp_path: Path, cli: Cli, answers_file: Answers) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "NOTICE").write_text("old", encoding="utf-8")
    code, _, err = cli("bundle", answers_file("3.1"), "-o", folder)
    _one_line_error(code, err, "not empty", "--force")
    assert _listing(folder) == ["NOTICE"]


def test_bundle_into_an_empty_folder(tmp_path: Path, cli: Cli, answers_file: Answers) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    assert cli("bundle", answers_file("3.1"), "-o", folder)[0] == 0
    assert "MANIFEST" in _listing(folder)


def test_force_replaces_a_previous_bundle_entirely(tmp_path: Path, cli: Cli, answers_file: Answers) -> None:
    folder = tmp_path / "b"
    assert cli("bundle", answers_file("3.1"), "-o", folder, "--zip")[0] == 0
    assert "LICENSE" in _listing(folder)
    code, _, err = cli("bundle", answers_file("1"), "-o", folder, "--zip")
    _one_line_error(code, err, "--force")
    code, _, err = cli("bundle", answers_file("1"), "-o", folder, "--zip", "--force")
    assert code == 0, err
    assert "LICENSE" not in _listing(folder) and "NOTICE" not in _listing(folder)
    assert b"Llama 1" in (folder / "ATTRIBUTION.md").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["answers-3.1.yaml", "answers-1.yaml", "b", "b.zip"])


def test_force_never_wipes_a_folder_that_is_not_a_bundle(tmp_path: Path, cli: Cli, answers_file: Answers) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_text("precious", encoding="utf-8")
    (folder / "NOTICE").write_text("old", encoding="utf-8")
    code, _, err = cli("bundle", answers_file("3.1"), "-o", folder, "--force")
    _one_line_error(code, err, "thesis.docx")
    assert (folder / "thesis.docx").read_text(encoding="utf-8") == "precious"
    assert _listing(folder) == ["NOTICE", "thesis.docx"]


def test_bundle_target_that_is_a_file_or_has_no_parent(tmp_path: Path, cli: Cli, answers_file: Answers) -> None:
    source = answers_file("3.1")
    target = tmp_path / "plain"
    target.write_text("x", encoding="utf-8")
    _one_line_error(*cli("bundle", source, "-o", target, "--force")[::2], "is a file")
    _one_line_error(*cli("bundle", source, "-o", tmp_path / "missing" / "b")[::2], "does not exist")
    assert _listing(tmp_path) == sorted(["answers-3.1.yaml", "plain"])


def test_existing_zip_is_kept_without_force(tmp_path: Path, cli: Cli, answers_file: Answers) -> None:
    (tmp_path / "b.zip").write_bytes(b"old zip")
    code, _, err = cli("bundle", answers_file("3.1"), "-o", tmp_path / "b", "--zip")
    _one_line_error(code, err, "b.zip", "--force")
    assert not (tmp_path / "b").exists()
    assert (tmp_path / "b.zip").read_bytes() == b"old zip"


def test_zip_failure_rolls_the_folder_back(
    tmp_path: Path, cli: Cli, answers_file: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "b"
    assert cli("bundle", answers_file("3.1"), "-o", folder)[0] == 0
    previous = {name: (folder / name).read_bytes() for name in _listing(folder)}
    monkeypatch.setattr(files_module.os, "replace", _fail_with(errno.ENOSPC))
    code, _, err = cli("bundle", answers_file("4"), "-o", folder, "--zip", "--force")
    _one_line_error(code, err, "No space left on device")
    assert {name: (folder / name).read_bytes() for name in _listing(folder)} == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["answers-3.1.yaml", "answers-4.yaml", "b"])


def test_written_files_get_ordinary_permissions(tmp_path: Path, cli: Cli, answers_file: Answers) -> None:
    assert cli("report", answers_file("3.1"), "-o", tmp_path / "r.md")[0] == 0
    assert cli("bundle", answers_file("3.1"), "-o", tmp_path / "b")[0] == 0
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "r.md").stat().st_mode & 0o777 == 0o666 & ~mask
    assert (tmp_path / "b").stat().st_mode & 0o777 == 0o777 & ~mask
    assert (tmp_path / "b" / "LICENSE").stat().st_mode & 0o777 == 0o666 & ~mask


@needs_poppler
@pytest.mark.parametrize(
    "display",
    [{}, {"DISPLAY": ":99", "QT_QPA_PLATFORM": ""}],
    ids=["no-display", "unreachable-display"],
)
def test_whole_process_pdf_without_a_display(tmp_path: Path, answers_file: Answers, display: dict[str, str]) -> None:
    """The command picks Qt's offscreen platform itself: no display is needed, or used."""
    env = {
        key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(display)
    out = tmp_path / "r.pdf"
    command = [*cli_process_command(), "report", str(answers_file("3.3")), "-o", str(out), "--paper", "letter"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert pdf_info(out)["Page size"] == "612 x 792 pts (letter)"
    assert "Traceback" not in result.stderr
