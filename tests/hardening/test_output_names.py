"""Output names (issue 19: F12, F13): shown escaped, kept out of zip entry names, and a
trailing slash means a folder.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hardening_support import ANSWERS_31, Run, one_error

HOSTILE = "x\x1b[2J\u202e\nllama-advisor: fine"  # an escape sequence, a bidi override, a forged line
RAW = ("\x1b", "\u202e", "\n")


def _message(result, prefix: str) -> str:  # type: ignore[no-untyped-def]
    err = result.stderr.decode("utf-8")
    assert result.returncode == 0, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), err
    assert not any(char in lines[0] for char in RAW), lines[0]
    assert "\\x1b" in lines[0] and "\\u202e" in lines[0] and "\\n" in lines[0], lines[0]
    return lines[0]


# ---------------------------------------------------------------- F12: names in messages and zips


def test_report_written_shows_the_name_escaped(tmp_path: Path, run: Run) -> None:
    _message(run("report", ANSWERS_31, "-o", HOSTILE + ".md"), "Report written to ")
    assert (tmp_path / (HOSTILE + ".md")).is_file()


def test_bundle_written_shows_the_names_escaped(tmp_path: Path, run: Run) -> None:
    line = _message(run("bundle", ANSWERS_31, "-o", HOSTILE, "--zip"), "Bundle written to ")
    assert line.count("\\x1b") == 2  # the folder and the zip
    assert (tmp_path / HOSTILE).is_dir() and (tmp_path / (HOSTILE + ".zip")).is_file()


def test_zip_entry_names_are_a_safe_form_of_the_folder_name(tmp_path: Path, run: Run) -> None:
    assert run("bundle", ANSWERS_31, "-o", HOSTILE, "--zip").returncode == 0
    with zipfile.ZipFile(tmp_path / (HOSTILE + ".zip")) as archive:
        names = archive.namelist()
    assert names and all(name.isprintable() and name.isascii() for name in names), names
    folders = {name.split("/")[0] for name in names}
    assert len(folders) == 1 and all(name.count("/") == 1 for name in names), names
    assert "MANIFEST" in {name.split("/")[1] for name in names}


@pytest.mark.parametrize("name", ["acme-llama-bundle", "Bündel 3.1", "a\\b"])
def test_zip_entry_names_of_ordinary_folders(tmp_path: Path, run: Run, name: str) -> None:
    """A plain name is kept as it is (even beyond ASCII); a backslash, a separator on Windows, is not."""
    assert run("bundle", ANSWERS_31, "-o", name, "--zip").returncode == 0
    with zipfile.ZipFile(tmp_path / (name + ".zip")) as archive:
        folders = {entry.split("/")[0] for entry in archive.namelist()}
    assert folders == {name.replace("\\", "_")}


# ---------------------------------------------------------------- F13: a trailing slash means a folder


@pytest.mark.parametrize("output", ["new/", "new/.", "new//"])
def test_report_to_a_name_ending_in_a_slash_is_refused(tmp_path: Path, run: Run, output: str) -> None:
    one_error(run("report", ANSWERS_31, "--format", "md", "-o", output), output, "folder")
    assert list(tmp_path.iterdir()) == []


def test_report_into_an_existing_folder_is_refused(tmp_path: Path, run: Run) -> None:
    (tmp_path / "old").mkdir()
    one_error(run("report", ANSWERS_31, "--format", "md", "-o", "old/"), "old", "folder")
    assert list((tmp_path / "old").iterdir()) == []


def test_interview_to_a_name_ending_in_a_slash_is_refused(tmp_path: Path, run: Run) -> None:
    """Refused before the first question."""
    one_error(run("interview", "-o", "new/", stdin=b"3.1\n"), "new/", "folder")
    assert list(tmp_path.iterdir()) == []


def test_bundle_to_a_name_ending_in_a_slash_is_that_folder(tmp_path: Path, run: Run) -> None:
    result = run("bundle", ANSWERS_31, "-o", "new/", "--zip")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new").is_dir() and (tmp_path / "new" / "MANIFEST").is_file()
    assert (tmp_path / "new.zip").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "new.zip"]


def test_the_save_prompt_refuses_a_name_ending_in_a_slash(tmp_path: Path) -> None:
    from advisor.cli.interview_save import save_at_prompt

    replies = iter([str(tmp_path / "new") + "/", str(tmp_path / "a.yaml")])
    problems: list[str] = []
    saved = save_at_prompt("format: 2\n", lambda _prompt: next(replies), problems.append)
    assert saved == tmp_path / "a.yaml"
    assert problems and "folder" in problems[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]
