"""Saving the terminal interview's answers (issue 11, defect 6).

The questions themselves are replaced by the answers the interview returns for the
Llama 3.1 developer of answers_support (their handling is tested in
tests/cli/test_cli_interview.py); what is tested here is what happens after them: the
file saved (format 3, holding every answer), `-o` checked again when saving, `~` at the
save prompt, Ctrl-D at the save and overwrite prompts, and asking before overwriting in
a terminal.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from answers_support import DEVELOPER_31, answers_along_path

from advisor.cli import interview as interview_module
from advisor.cli.main import main
from advisor.engine import assess
from advisor.engine.answers_file import read_answers
from advisor.model import KnowledgeBase
from advisor.writer.interrupts import release_interrupts

Replies = list[str | None]  # None: end of input (Ctrl-D)

# The answers format 3 added (issue 16), as the Llama 3.1 developer of answers_support gives them.
FORMAT_3 = {
    "takes": "weights",
    "separate_license_from_meta": False,
    "weights_fetched_on_first_run": "not_fetched",
    "own_terms": False,
}
# The same developer's model is a fine-tune of Llama 3.1, trained on Llama 3.3 outputs and published.
FINE_TUNE = {"trains_other_model": True, "other_model_kind": "same_llama", "other_model_distributed": True}
LINEAGE = {
    "lineage": [{"version": "3.3", "takes": "outputs", "mau": 5}],
    "other_parents": [{"name": "Qwen/Q", "license": "mit"}],
}


def interview_answers(kb: KnowledgeBase, **changed: Any) -> dict[str, Any]:
    """What the interview returns for the developer: an answer to each question it asks, in order."""
    return answers_along_path(kb, {**DEVELOPER_31, **FORMAT_3, "adapter_only": False, **changed})


@pytest.fixture
def answers(kb: KnowledgeBase) -> dict[str, Any]:
    return interview_answers(kb)


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch, answers: dict[str, Any]) -> Callable[..., tuple[int, list[str]]]:
    """Run `interview ARGS` in-process: the interview returns `returned` (else `answers`) at
    once, then `replies` are typed at the prompts."""

    def go(
        *args: str,
        replies: Replies = (),
        terminal: bool = True,
        during: Callable[[], None] = lambda: None,
        returned: dict[str, Any] | None = None,
    ):
        prompts: list[str] = []
        pending: Iterator[str | None] = iter(replies)

        def ask(prompt: str = "") -> str:
            prompts.append(prompt)
            reply = next(pending)
            if reply is None:
                raise EOFError
            return reply

        def interview(*_args, **_kwargs):  # type: ignore[no-untyped-def]
            during()
            return dict(answers if returned is None else returned)

        monkeypatch.setattr(builtins, "input", ask)
        monkeypatch.setattr(interview_module, "run_interview", interview)
        monkeypatch.setattr(sys.stdin, "isatty", lambda: terminal, raising=False)
        try:
            return main(["interview", *args]), prompts
        finally:  # saving holds Ctrl-C back for the rest of the process; later child processes inherit that
            release_interrupts()

    return go


def test_ctrl_d_at_the_save_prompt_saves_nothing(scripted, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, prompts = scripted(replies=[None])
    assert code == 0 and "Save these answers" in prompts[0]
    assert "Not saved." in capsys.readouterr().out


def test_tilde_at_the_save_prompt_is_the_home_folder(scripted, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    code, _ = scripted(replies=["~/saved.yaml"])
    assert code == 0
    assert read_answers(str(tmp_path / "saved.yaml"))[0]["version"] == "3.1"
    assert not (Path.cwd() / "~").exists()


@pytest.mark.parametrize("reply", [None, "n", ""])
def test_existing_file_at_the_save_prompt_is_asked_about(scripted, tmp_path: Path, reply) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "old.yaml"
    target.write_text("precious\n", encoding="utf-8")
    code, prompts = scripted(replies=[str(target), reply, ""])  # then Enter: skip
    assert code == 0
    assert "Overwrite it?" in prompts[1]
    assert target.read_text(encoding="utf-8") == "precious\n"


def test_yes_at_the_overwrite_prompt_replaces(scripted, tmp_path: Path, answers) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "old.yaml"
    target.write_text("precious\n", encoding="utf-8")
    assert scripted(replies=[str(target), "y"])[0] == 0
    assert read_answers(str(target))[0] == {"format": 3, **answers}


@pytest.mark.parametrize("lineage", [False, True], ids=["one-version", "lineage"])
def test_the_saved_file_holds_every_answer_and_gives_the_same_assessment(  # type: ignore[no-untyped-def]
    scripted, kb: KnowledgeBase, tmp_path: Path, answers, lineage: bool
) -> None:
    """Format 3: every answer the interview returned (format 3's questions, the lineage and
    other parents included), so `assess` on the file repeats the interview's assessment."""
    if lineage:
        answers = {**interview_answers(kb, **FINE_TUNE), **LINEAGE}
    target = tmp_path / "saved.yaml"
    assert scripted("-o", str(target), terminal=False, returned=answers)[0] == 0
    data = read_answers(str(target))[0]
    assert data == {"format": 3, **answers}
    assert set(FORMAT_3) <= set(data)
    result = assess(kb, data)
    assert result == assess(kb, {"format": 3, **answers})
    assert result.verdict == "permitted"
    assert [part.entry.version for part in result.lineage] == (["3.3"] if lineage else [])


def test_unwritable_path_at_the_save_prompt_asks_again(scripted, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, prompts = scripted(replies=[str(tmp_path / "missing" / "a.yaml"), str(tmp_path / "a.yaml")])
    assert code == 0 and len(prompts) == 2
    assert "does not exist" in capsys.readouterr().err
    assert (tmp_path / "a.yaml").is_file()


def test_output_existing_in_a_terminal_is_asked_about_first(scripted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "a.yaml"
    target.write_text("precious\n", encoding="utf-8")
    assert scripted("-o", str(target), replies=[None])[0] == 2  # Ctrl-D at the question: no
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert scripted("-o", str(target), replies=["yes"])[0] == 0
    assert read_answers(str(target))[0]["version"] == "3.1"


def test_output_existing_without_a_terminal_is_refused(scripted, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "a.yaml"
    target.write_text("precious\n", encoding="utf-8")
    assert scripted("-o", str(target), terminal=False)[0] == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "precious\n"


@pytest.mark.parametrize("terminal", [False, True], ids=["script", "terminal"])
def test_output_that_appears_during_the_interview_is_checked_again(scripted, tmp_path: Path, capsys, terminal) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "a.yaml"

    def someone_else_writes() -> None:
        target.write_text("written meanwhile\n", encoding="utf-8")

    code, prompts = scripted("-o", str(target), replies=[None], terminal=terminal, during=someone_else_writes)
    assert target.read_text(encoding="utf-8") == "written meanwhile\n"
    if terminal:  # asked, and Ctrl-D means no
        assert code == 0 and "Overwrite it?" in prompts[0]
    else:
        assert code == 2
        err = capsys.readouterr().err
        assert "already exists" in err and "not saved" in err and err.count("\n") == 1


def test_output_tilde_is_the_home_folder(scripted, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    assert scripted("-o", "~/a.yaml", terminal=False)[0] == 0
    assert (tmp_path / "a.yaml").is_file()
