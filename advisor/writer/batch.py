"""Several files written as one: all of them go in place, or none does (`check --fix`).

Every target is checked and every file staged under a work name beside its target (as
:func:`advisor.writer.files.write_file` does) before any goes in place. A Ctrl-C up to
then stops the write and leaves nothing; the caller holds Ctrl-C back from before the
commit (:func:`advisor.writer.interrupts.hold_interrupts`), so once the files start to
go in place they all do, and the run reports them. A file replaced (with ``force``) is
swapped with its staged copy, so if a later one fails (a file appeared meanwhile) the
earlier ones are put back as they were.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from advisor.writer.files import (
    OutputError,
    TargetExists,
    _forget_dead_files,
    _lstat,
    _reason,
    _umask,
    _write_all,
    check_file_target,
)
from advisor.writer.interrupts import interrupt_pending, interrupts_blocked
from advisor.writer.renaming import exchange, move_no_replace_file, new_work_file, work_tag


class FileNotWritten(OutputError):
    """One file of the batch cannot be written, so none was; `path` names it, str() is one line."""

    def __init__(self, path: Path, reason: OutputError) -> None:
        super().__init__(str(reason))
        self.path = path
        self.reason = reason


class _Staged:
    """A file staged at `work`; after a swap (`swapped`), `work` holds the file it replaced."""

    def __init__(self, path: Path, fd: int, work: Path) -> None:
        self.path = path
        self.fd = fd
        self.work = work
        self.moved = False  # the work file is now at `path`: nothing left at `work`
        self.swapped = False


def write_files(files: dict[Path, bytes], *, force: bool = False) -> None:
    """Write every file, or none; FileNotWritten names the one that stopped them all.

    An existing regular file is replaced only with `force`. Hold Ctrl-C back before
    calling (hold_interrupts): one that came while staging stops the write before
    anything is in place (KeyboardInterrupt).
    """
    targets = {Path(os.path.abspath(path)): data for path, data in files.items()}
    staged: list[_Staged] = []
    try:
        for path, data in targets.items():
            staged.append(_stage(path, data, force))
        if interrupt_pending():
            raise KeyboardInterrupt
        with interrupts_blocked():
            _commit(staged, force)
    finally:
        for item in staged:
            os.close(item.fd)
            if not item.moved:  # a staged file not used, or the file it replaced
                with contextlib.suppress(OSError):
                    os.unlink(item.work)


def _stage(path: Path, data: bytes, force: bool) -> _Staged:
    try:
        check_file_target(path, force)
        tag = work_tag(path.name)
        _forget_dead_files(path.parent, tag)
        fd, work = new_work_file(path.parent, tag)
    except OutputError as exc:
        raise FileNotWritten(path, exc) from None
    except OSError as exc:
        raise FileNotWritten(path, OutputError(f"cannot write {path}: {_reason(exc)}")) from None
    try:
        _write_all(fd, data)
        os.fchmod(fd, 0o666 & ~_umask())
    except OSError as exc:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(work)
        raise FileNotWritten(path, OutputError(f"cannot write {path}: {_reason(exc)}")) from None
    return _Staged(path, fd, work)


def _commit(staged: list[_Staged], force: bool) -> None:
    """Put every staged file in place; if one cannot go, undo the ones before it."""
    done: list[_Staged] = []
    for item in staged:
        try:
            if force and _lstat(item.path) is not None:
                check_file_target(item.path, True)  # still a regular file?
                exchange(item.work, item.path, _spare(item.work))
                item.swapped = True
            else:
                move_no_replace_file(item.work, item.path)
                item.moved = True
            done.append(item)
        except (OSError, OutputError) as exc:
            _undo(done)
            raise FileNotWritten(item.path, _why(item.path, exc)) from None


def _spare(work: Path) -> Path:
    return work.with_name(work.name + "-x")  # a third name, where a swap needs one


def _why(path: Path, exc: OSError | OutputError) -> OutputError:
    if isinstance(exc, OutputError):
        return exc
    if isinstance(exc, FileExistsError):
        return TargetExists(path, "already exists", "use --force to overwrite it")
    return OutputError(f"cannot write {path}: {_reason(exc)}")


def _undo(done: list[_Staged]) -> None:
    for item in reversed(done):
        with contextlib.suppress(OSError):
            if item.swapped:  # the replaced file back in place; the new one is deleted with the work files
                exchange(item.work, item.path, _spare(item.work))
                item.swapped = False
            else:
                os.unlink(item.path)
