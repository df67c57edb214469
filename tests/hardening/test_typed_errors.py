"""Errors carry what callers need as attributes and are caught by type, not by reading the message.

The message (str) stays what the command line prints; the interview's save prompt, the
bundle dialog and the answers-file dialog take the kind of problem and its parts from
the exception itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.cli.interview_save import SaveRefused, check_output, save
from advisor.engine.answers_file import AnswersFileError, read_answers
from advisor.gui.messages import file_problem
from advisor.writer.files import (
    OutputError,
    TargetExists,
    TargetRefused,
    check_file_target,
    check_folder_target,
    write_file,
)
from advisor.writer.interrupts import release_interrupts


def test_an_existing_file_is_target_exists_with_its_path(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old")
    with pytest.raises(TargetExists) as caught:
        write_file(target, b"new")
    assert caught.value.path == target
    assert (caught.value.problem, caught.value.advice) == ("already exists", "use --force to overwrite it")
    assert str(caught.value) == f"{target} already exists; use --force to overwrite it"
    assert target.read_text() == "old"


def test_a_folder_where_a_file_goes_is_refused_not_existing(tmp_path: Path) -> None:
    with pytest.raises(TargetRefused) as caught:
        check_file_target(tmp_path, force=True)
    assert not isinstance(caught.value, TargetExists)  # --force (or a yes) would not help
    assert str(caught.value) == f"{tmp_path} is a folder; give the name of a file to write"


def test_a_folder_of_other_files_is_refused_with_the_problem_alone(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "thesis.txt").write_text("precious")
    with pytest.raises(TargetRefused) as caught:
        check_folder_target(folder, True, ("NOTICE",))
    assert caught.value.path == folder
    assert caught.value.problem == "holds files that are not from a bundle (thesis.txt)"
    with pytest.raises(TargetExists):
        check_folder_target(folder, False, ("NOTICE",))


def test_the_save_prompt_asks_only_when_the_file_exists(tmp_path: Path) -> None:
    existing = tmp_path / "answers.yaml"
    existing.write_text("old")
    asked: list[str] = []

    def yes(prompt: str) -> str:
        asked.append(prompt)
        return "y"

    assert check_output(existing, False, yes) is True
    assert len(asked) == 1 and "exists. Overwrite it?" in asked[0]
    with pytest.raises(SaveRefused, match="is a folder"):  # not a question: a yes cannot help
        check_output(tmp_path, False, yes)
    try:
        with pytest.raises(SaveRefused, match="does not exist"):
            save(tmp_path / "missing" / "answers.yaml", "version: '3.1'\n", False, yes)
    finally:
        release_interrupts()  # save() holds Ctrl-C until its caller releases it
    assert len(asked) == 1


def test_an_answers_file_error_gives_its_line_and_problem(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text('version: "3.1"\nrole: developer\nmau: 5: 6\n', encoding="utf-8")
    with pytest.raises(AnswersFileError) as caught:
        read_answers(str(path))
    error = caught.value
    assert (error.name, error.line) == (str(path), 3)
    assert error.problem.startswith("not valid YAML or JSON: ")
    assert str(error) == f"{path}:3: {error.problem}"
    assert (
        file_problem(error, str(path)) == f"{error.problem[0].upper()}{error.problem[1:]}.\n\nIn answers.yaml, line 3."
    )


def test_an_answers_file_error_without_a_line(tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    with pytest.raises(AnswersFileError) as caught:
        read_answers(str(path))
    assert (caught.value.line, caught.value.problem, str(caught.value)) == (
        None,
        "no such file",
        f"{path}: no such file",
    )
    assert file_problem(caught.value, str(path)) == "No such file.\n\nIn gone.yaml."


def test_output_errors_are_still_one_family() -> None:
    """Callers that only report the problem catch OutputError, as before."""
    assert issubclass(TargetExists, TargetRefused) and issubclass(TargetRefused, OutputError)
