"""Saving the terminal interview's answers: `-o FILE`, or the save prompt at the end.

`-o FILE` is checked before the first question and again when saving (the file may
have appeared meanwhile). An existing file is replaced only with `--force`, or, in an
interactive terminal, when the person says yes. At the save prompt `~` means the home
folder, a path that cannot be written is explained and asked again, and Ctrl-D (end
of input) at any prompt saves nothing and ends the run normally.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from advisor.writer.files import OutputError, TargetExists, check_file_name, check_file_target, write_file
from advisor.writer.interrupts import hold_interrupts, release_interrupts

Ask = Callable[[str], str]
SAVE_PROMPT = "\nSave these answers to a file? Type a path, or press Enter to skip: "


class SaveRefused(Exception):
    """The answers cannot be saved where asked; str() is one line."""


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
