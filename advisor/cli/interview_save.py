"""Saving the terminal interview's answers: `-o FILE`, or the save prompt at the end.

`-o FILE` is checked before the first question and again when saving (the file may
have appeared meanwhile). An existing file is replaced only with `--force`, or, in an
interactive terminal, when the person says yes. At the save prompt `~` means the home
folder, a path that cannot be written is explained and asked again, and Ctrl-D (end
of input) at any prompt saves nothing and ends the run normally.

`--from FILE` reads such a file back: its answers are not asked again (format 3: nor its
lineage), so a saved or unfinished interview can be resumed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor.writer.files import OutputError, TargetExists, check_file_name, check_file_target, write_file
from advisor.writer.interrupts import hold_interrupts, release_interrupts

Ask = Callable[[str], str]
SAVE_PROMPT = "\nSave these answers to a file? Type a path, or press Enter to skip: "


RELEASE_FILES = (".gguf", ".zip")  # with README.md and folders: what `check` reads as a release


class SaveRefused(Exception):
    """The answers cannot be saved where asked; str() is one line."""


class PrefillRefused(Exception):
    """An answers file given to `--from` cannot be read; str() is one line naming the file."""


def _reply(ask: Ask, prompt: str) -> str | None:
    """The stripped reply, or None at the end of input (Ctrl-D)."""
    try:
        return ask(prompt).strip()
    except EOFError:
        print()
        return None
    except UnicodeDecodeError:
        return ""


def _yes(ask: Ask, path: Path) -> bool:
    reply = _reply(ask, f"{path} exists. Overwrite it? [y/N] ")
    return reply is not None and reply.lower() in ("y", "yes")


def output_path(name: str) -> Path:
    """The file a typed name means (`~` is the home folder); SaveRefused if it names a folder (`new/`)."""
    try:
        check_file_name(name)
    except OutputError as exc:
        raise SaveRefused(str(exc)) from None
    return Path(os.path.expanduser(name))


def check_output(path: Path, force: bool, ask: Ask | None) -> bool:
    """Before the interview: may `path` be written? Returns the force to use.

    `ask` is given only in an interactive terminal; then an existing file is a
    question instead of an error.
    """
    try:
        check_file_target(Path(os.path.abspath(path)), force)
        return force
    except OutputError as exc:
        if ask is None or not isinstance(exc, TargetExists):
            raise SaveRefused(str(exc)) from None
    if _yes(ask, path):
        return True
    raise SaveRefused(f"{path} already exists; not overwritten (use another name, or --force)")


def save(path: Path, text: str, force: bool, ask: Ask | None) -> bool:
    """Write the answers to `path`; True if written. Asks before replacing when it may."""
    data = text.encode("utf-8")
    hold_interrupts()  # a Ctrl-C from here on cannot leave a half-saved file
    try:
        write_file(path, data, force=force)
        return True
    except OutputError as exc:
        if ask is None or not isinstance(exc, TargetExists):
            raise SaveRefused(str(exc)) from None
    release_interrupts()
    if not _yes(ask, path):
        return False
    hold_interrupts()
    try:
        write_file(path, data, force=True)
    except OutputError as exc:
        raise SaveRefused(str(exc)) from None
    return True


def save_at_prompt(text: str, ask: Ask, report: Callable[[str], None]) -> Path | None:
    """Ask for a path until the answers are saved or the person skips; the path saved to."""
    while True:
        reply = _reply(ask, SAVE_PROMPT)
        if not reply:
            return None
        try:
            path = output_path(reply)
            if save(path, text, False, ask):
                return path
        except SaveRefused as exc:
            report(str(exc))
            continue
        finally:
            release_interrupts()
        report("not saved; type another path, or press Enter to skip")


def answers_file_given(path: str) -> bool:
    """Whether `--from PATH` names an answers file rather than a release (folder, README.md, .gguf, .zip)."""
    target = Path(path)
    return target.is_file() and target.name.lower() != "readme.md" and target.suffix.lower() not in RELEASE_FILES


def answers_prefill(path: str, kb: Any) -> dict[str, Any]:
    """The answers an answers file gives, for the interview not to ask them again.

    Answers a v0.1.0 file only implied, or gave in an older form, are asked. A finished
    format-3 file gives its lineage and other parents even when it lists none (they are
    not asked); an unfinished one, or an older format, leaves them to be asked.
    """
    from advisor.engine.answers_file import AnswersFileError, describe_answers_error, read_answers, source_name
    from advisor.engine.answers_format import COMPLETE_KEY, upgrade_answers
    from advisor.engine.errors import AnswersError
    from advisor.engine.lineage_answers import LINEAGE_KEY, OTHER_PARENTS_KEY
    from advisor.model import ANSWERS_FORMAT

    try:
        data, text = read_answers(path)
    except AnswersFileError as exc:
        raise PrefillRefused(str(exc)) from None
    try:
        upgraded = upgrade_answers(data)
    except AnswersError as exc:
        raise PrefillRefused(describe_answers_error(exc, source_name(path), text, data)) from None
    if not isinstance(upgraded.values, dict):
        raise PrefillRefused(
            f"{source_name(path)}: not an answers file (expected a mapping such as 'version: \"3.1\"')"
        )
    again = {*upgraded.filled, *(item.key for item in upgraded.mapped)}
    answers = {key: value for key, value in upgraded.values.items() if key not in again}
    finished = upgraded.format == ANSWERS_FORMAT and upgraded.meta.get(COMPLETE_KEY) is not False
    if finished or upgraded.lineage:
        answers[LINEAGE_KEY] = [entry.to_dict() for entry in upgraded.lineage]
    if finished or upgraded.other_parents:
        answers[OTHER_PARENTS_KEY] = [{"name": p.name, "license": p.license} for p in upgraded.other_parents]
    if not answers:
        raise PrefillRefused(f"{source_name(path)}: no answers to fill in")
    return answers
