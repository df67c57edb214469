"""Low-level steps of the atomic writer: exclusive renames, swaps and private work names.

Linux's ``renameat2`` (reached through ctypes) gives a rename that never replaces
(``RENAME_NOREPLACE``) and one that swaps two names (``RENAME_EXCHANGE``). Where it
is missing (another system, or a file system without it) a hard link stands in for
the first, and a two-step move for the second. Work names are short (``.lla-`` and
a few hex digits), so a target name of 255 bytes still has room beside it, and each
work file or folder is held with ``flock`` while its process lives, so a later run
can tell a dead run's leftovers from a live one's.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

WORK_PREFIX = ".lla-"
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def work_tag(name: str) -> str:
    """Eight hex digits naming a target, shared by all work names made for it."""
    return hashlib.sha256(os.fsencode(name)).hexdigest()[:8]


def _renameat2(source: Path, target: Path, flags: int) -> bool:
    """renameat2(2); False when this system or file system does not have it."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(target))


def move_no_replace_file(source: Path, target: Path) -> None:
    """Move a file to `target`, failing with FileExistsError if anything is there."""
    if _renameat2(source, target, _RENAME_NOREPLACE):
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        # No hard links here: claim the name exclusively, then replace the claim.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
        os.replace(source, target)
        return
    os.unlink(source)


def exchange(first: Path, second: Path, spare: Path) -> None:
    """Swap two existing names atomically; where that is impossible, in two moves via `spare`."""
    if _renameat2(first, second, _RENAME_EXCHANGE):
        return
    os.rename(second, spare)
    os.rename(first, second)
    os.rename(spare, first)


def _held(fd: int) -> bool:
    """Lock `fd` for this process; False if the file was removed before the lock was taken."""
    fcntl.flock(fd, fcntl.LOCK_EX)
    return os.fstat(fd).st_nlink > 0


def new_work_file(folder: Path, tag: str) -> tuple[int, Path]:
    """A new empty file `.lla-TAG-XXXXXXXX` in `folder`, open for writing and locked."""
    while True:
        path = folder / f"{WORK_PREFIX}{tag}-{os.urandom(4).hex()}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except FileExistsError:
            continue
        if _held(fd):
            return fd, path
        os.close(fd)


def new_work_folder(folder: Path, tag: str) -> tuple[int, Path]:
    """A new empty folder `.lla-TAG-XXXXXXXX.d` in `folder`, locked (the fd holds the lock)."""
    while True:
        path = folder / f"{WORK_PREFIX}{tag}-{os.urandom(4).hex()}.d"
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        try:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:  # another run took it for a dead run's leftover: make another
            continue
        if _held(fd):
            return fd, path
        os.close(fd)


@contextlib.contextmanager
def dead_leftovers(folder: Path, tag: str) -> Iterator[list[Path]]:
    """Work files and folders for `tag` whose process has ended, locked while in use.

    A leftover whose lock is held belongs to a run still going and is not listed.
    """
    found: list[tuple[int, Path]] = []
    try:
        try:
            entries = [entry for entry in os.scandir(folder) if entry.name.startswith(f"{WORK_PREFIX}{tag}-")]
        except OSError:
            entries = []
        for entry in entries:
            path = Path(entry.path)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            found.append((fd, path))
        yield [path for _, path in found]
    finally:
        for fd, _ in found:
            os.close(fd)
