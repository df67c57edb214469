"""Writing documents safely: all or nothing, and never over the user's files by surprise.

A file is written under a short work name beside it and renamed into place; a bundle
is built in a work folder beside it and moved into place. Only regular files (and,
for bundles, folders holding nothing but bundle files) are ever replaced, and only
with ``force``: a symbolic link (even a dangling one), a device, a FIFO or a socket
is refused. Without ``force`` the final rename itself refuses to replace anything, so
of several writers racing for one name exactly one wins.

Replacing a bundle swaps the new folder with the old one in one step, then the zip;
the old ones are deleted only after both are in place. A run killed in between
leaves its work folder (``.lla-…``) holding what is needed, and the next write of
that bundle first finishes or undoes it, so folder and zip end up from the same run.
Every failure is an :class:`OutputError` whose text is one line, and leaves no
partial file or folder behind.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import shutil
import stat
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from advisor.writer.interrupts import interrupt_pending, interrupts_blocked
from advisor.writer.renaming import (
    dead_leftovers,
    exchange,
    move_no_replace_file,
    new_work_file,
    new_work_folder,
    work_tag,
)

NEW, NEW_ZIP, SPARE, SPARE_ZIP, RECORD = "new", "new.zip", "spare", "spare.zip", "commit.json"


class OutputError(Exception):
    """A document could not be written; str() is one line."""


class TargetRefused(OutputError):
    """The target is there and is not written over: str() is "PATH PROBLEM; ADVICE".

    `problem` says what the target is ("is a folder; …" without the path), `advice` what to
    do instead, on the command line.
    """

    def __init__(self, path: Path | str, problem: str, advice: str) -> None:
        super().__init__(f"{path} {problem}; {advice}")
        self.path = Path(path)
        self.problem = problem
        self.advice = advice


class TargetExists(TargetRefused):
    """The target exists and is replaced only with force (for a person: after asking)."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _check_parent(path: Path) -> None:
    parent = path.parent
    if not parent.exists():
        raise OutputError(f"cannot write {path}: the folder {parent} does not exist")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: {parent} is not a folder")


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise OutputError(f"cannot use {path}: {_reason(exc)}") from None


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_special(path: Path, mode: int, wanted: str) -> None:
    if stat.S_ISLNK(mode):
        raise TargetRefused(path, "is a symbolic link", "the advisor never replaces or writes through links")
    raise TargetRefused(path, f"is {_kind(mode)}, not {wanted}", "the advisor never replaces it")


def check_file_target(path: Path, force: bool) -> None:
    """Raise OutputError unless `path` may be written (before any work is done)."""
    _check_parent(path)
    found = _lstat(path)
    if found is None:
        return
    if stat.S_ISDIR(found.st_mode):
        raise TargetRefused(path, "is a folder", "give the name of a file to write")
    if not stat.S_ISREG(found.st_mode):
        _refuse_special(path, found.st_mode, "a regular file")
    if not force:
        raise TargetExists(path, "already exists", "use --force to overwrite it")


def check_file_name(name: str) -> None:
    """Raise OutputError if `name`, as given, names a folder: it ends with a slash (or `.`, `..`).

    `new/` is a folder even when none exists yet; as a path it would lose the slash and
    be written as the file `new`.
    """
    if name.replace(os.altsep or os.sep, os.sep).rsplit(os.sep, 1)[-1] in ("", ".", ".."):
        raise OutputError(f"{name} names a folder, not a file; give the name of a file to write")


def _write_all(fd: int, data: bytes) -> None:
    with io.FileIO(fd, "wb", closefd=False) as stream:
        view = memoryview(data)
        while view:
            view = view[stream.write(view) :]
    os.fsync(fd)


def _forget_dead_files(folder: Path, tag: str) -> None:
    """Delete work files that killed runs left for a target with this tag."""
    with dead_leftovers(folder, tag) as dead:
        for path in dead:
            found = _lstat(path)
            if found is not None and stat.S_ISREG(found.st_mode):
                with contextlib.suppress(OSError):
                    os.unlink(path)


def write_file(path: Path | str, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` atomically (work file, then rename); a name ending in `/` is refused."""
    if isinstance(path, str):
        check_file_name(path)
    path = Path(os.path.abspath(path))
    check_file_target(path, force)
    tag = work_tag(path.name)
    fd: int | None = None
    work: Path | None = None
    try:
        _forget_dead_files(path.parent, tag)
        fd, work = new_work_file(path.parent, tag)
        _write_all(fd, data)
        os.fchmod(fd, 0o666 & ~_umask())
        if interrupt_pending():
            raise KeyboardInterrupt
        with interrupts_blocked():
            if force:
                check_file_target(path, True)  # still a regular file (or nothing)?
                os.replace(work, path)
            else:
                move_no_replace_file(work, path)
            work = None
    except FileExistsError:
        raise TargetExists(path, "already exists", "use --force to overwrite it") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
    finally:
        if work is not None:
            with contextlib.suppress(OSError):
                os.unlink(work)
        if fd is not None:
            os.close(fd)


def check_folder_target(folder: Path, force: bool, replaceable: Iterable[str]) -> None:
    """Raise OutputError unless a bundle may be written as `folder`.

    A write of this folder that a killed run left half-committed is finished (or
    undone) first, so the check sees a consistent folder.
    """
    folder = Path(os.path.abspath(folder))
    _check_parent(folder)
    _recover(folder.parent, folder.name)
    found = _lstat(folder)
    if found is None:
        return
    if stat.S_ISREG(found.st_mode):
        raise TargetRefused(folder, "is a file, not a folder", "give a new or empty folder")
    if not stat.S_ISDIR(found.st_mode):
        _refuse_special(folder, found.st_mode, "a folder")
    try:
        entries = sorted(os.listdir(folder))
    except OSError as exc:
        raise OutputError(f"cannot use {folder}: {_reason(exc)}") from None
    if not entries:
        return
    if not force:
        raise TargetExists(folder, "already exists and is not empty", "use --force to replace it")
    allowed = set(replaceable)
    foreign = [name for name in entries if name not in allowed or not _is_regular(folder / name)]
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise TargetRefused(
            folder, f"holds files that are not from a bundle ({shown})", "--force only replaces a previous bundle"
        )


def _is_regular(path: Path) -> bool:
    found = _lstat(path)
    return found is not None and stat.S_ISREG(found.st_mode)


_NOT_IN_ZIP_NAMES = frozenset('\\/:*?"<>|\ufffd')  # separators, what Windows refuses, undecodable bytes


def zip_folder_name(name: str) -> str:
    """The folder's name as the zip's entries give it: a safe form of it, never raw control text.

    A character that is not plainly visible (a control, an escape, a bidi override, a line
    break) or that a file system treats specially (`\\`, `:`, ...) becomes `_`, so
    `unzip -l` shows nothing it could replay; a zip names its entries in UTF-8.
    """
    text = os.fsencode(name).decode("utf-8", "replace")
    safe = "".join(char if char.isprintable() and char not in _NOT_IN_ZIP_NAMES else "_" for char in text)
    return safe.strip(" .") or "bundle"


def _zip_bytes(folder_name: str, files: dict[str, bytes], when: datetime) -> bytes:
    import zipfile  # only a bundle with --zip needs it

    folder_name = zip_folder_name(folder_name)
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
        stamp = max(min(stamp, (2107, 12, 31, 23, 59, 58)), (1980, 1, 1, 0, 0, 0))  # what a zip can hold
        for name, data in files.items():
            info = zipfile.ZipInfo(f"{folder_name}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return content.getvalue()


def _write_new(path: Path, data: bytes, mode: int) -> os.stat_result:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    try:
        _write_all(fd, data)
        os.fchmod(fd, mode)
        return os.fstat(fd)
    finally:
        os.close(fd)


def _stage(
    work: Path, folder: Path, files: dict[str, bytes], archive: Path | None, when: datetime | None, mask: int
) -> None:
    """Build the new bundle (and zip) inside `work`, then the record that allows committing it."""
    staged = work / NEW
    os.mkdir(staged, 0o700)
    for name, data in files.items():
        _write_new(staged / name, data, 0o666 & ~mask)
    os.chmod(staged, 0o777 & ~mask)
    made = os.lstat(staged)
    record: dict[str, object] = {"folder": os.fsencode(folder.name).hex(), "new": [made.st_dev, made.st_ino]}
    if archive is not None:
        zipped = _write_new(work / NEW_ZIP, _zip_bytes(folder.name, files, when or datetime.now()), 0o666 & ~mask)
        record.update(zip=os.fsencode(archive.name).hex(), new_zip=[zipped.st_dev, zipped.st_ino])
    _write_new(work / (RECORD + ".tmp"), json.dumps(record).encode("ascii"), 0o600)
    os.rename(work / (RECORD + ".tmp"), work / RECORD)
    fd = os.open(work, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _commit(work: Path, folder: Path, archive: Path | None, force: bool) -> None:
    """Put the staged folder, then the zip, in place; undo the folder if the zip fails."""
    swapped = force and _lstat(folder) is not None
    was_empty_folder = not force and _lstat(folder) is not None
    try:
        if swapped:
            exchange(work / NEW, folder, work / SPARE)
        else:
            os.rename(work / NEW, folder)  # never replaces a non-empty folder
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise FileExistsError(errno.EEXIST, "exists", str(folder)) from None
        raise
    if archive is None:
        return
    try:
        if force and _lstat(archive) is not None:
            exchange(work / NEW_ZIP, archive, work / SPARE_ZIP)
        elif force:
            os.replace(work / NEW_ZIP, archive)
        else:
            try:
                move_no_replace_file(work / NEW_ZIP, archive)
            except FileExistsError:
                raise FileExistsError(errno.EEXIST, "exists", str(archive)) from None
    except OSError:
        if swapped:
            exchange(work / NEW, folder, work / SPARE)
        else:
            os.rename(folder, work / NEW)
            if was_empty_folder:
                with contextlib.suppress(OSError):
                    os.mkdir(folder)
        raise


def write_folder(
    folder: Path | str,
    files: dict[str, bytes],
    *,
    force: bool = False,
    replaceable: Iterable[str] = (),
    zip_path: Path | str | None = None,
    when: datetime | None = None,
) -> None:
    """Write `files` as the folder `folder` (and optionally a zip of it), all or nothing."""
    folder = Path(os.path.abspath(folder))
    check_folder_target(folder, force, tuple(replaceable) or tuple(files))
    archive = Path(os.path.abspath(zip_path)) if zip_path is not None else None
    if archive is not None:
        check_file_target(archive, force)
    lock: int | None = None
    work: Path | None = None
    try:
        lock, work = new_work_folder(folder.parent, work_tag(folder.name))
        _stage(work, folder, files, archive, when, _umask())
        if interrupt_pending():
            raise KeyboardInterrupt
        with interrupts_blocked():
            _commit(work, folder, archive, force)
            shutil.rmtree(work)  # the old bundle, if one was replaced
            work = None
    except FileExistsError as exc:
        raise TargetExists(exc.filename or folder, "already exists", "use --force to replace it") from None
    except OSError as exc:
        raise OutputError(f"cannot write {folder}: {_reason(exc)}") from None
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        if lock is not None:
            os.close(lock)


def _recover(parent: Path, name: str) -> None:
    """Finish or undo what killed runs left for the bundle `name` in `parent`, then delete it."""
    with dead_leftovers(parent, work_tag(name)) as dead:
        for work in dead:
            found = _lstat(work)
            if found is None or not stat.S_ISDIR(found.st_mode):
                continue  # a work file: write_file's to clean
            try:
                record = json.loads((work / RECORD).read_bytes())
                if bytes.fromhex(record["folder"]) == os.fsencode(name):
                    _finish(parent, work, record)
            except (OSError, ValueError, KeyError, TypeError):
                pass  # no record: the run died while staging, and nothing was committed
            shutil.rmtree(work, ignore_errors=True)


def _same(path: Path, identity: list[int]) -> bool:
    found = _lstat(path)
    return found is not None and [found.st_dev, found.st_ino] == identity


def _finish(parent: Path, work: Path, record: dict[str, Any]) -> None:
    folder = parent / os.fsdecode(bytes.fromhex(record["folder"]))
    if not _same(folder, record["new"]):  # the new folder never went in place: undo
        if _lstat(folder) is None and _lstat(work / SPARE) is not None:
            os.rename(work / SPARE, folder)
        return
    if "zip" in record and _same(work / NEW_ZIP, record["new_zip"]):  # the zip did not follow: finish
        os.replace(work / NEW_ZIP, parent / os.fsdecode(bytes.fromhex(record["zip"])))
