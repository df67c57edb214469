"""Writing documents safely: all or nothing, and never over the user's files by surprise.

A file is written to a temporary file beside it and renamed into place; a folder
is built as a temporary folder beside it and renamed into place. An existing
file, or a folder that is not empty, is replaced only with ``force``, and a folder
only when everything in it is a file a bundle writes (so ``--force`` cannot wipe
an unrelated folder). Every failure is an :class:`OutputError` whose text is one
line, and leaves no partial file or folder behind.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path


class OutputError(Exception):
    """A document could not be written; str() is one line."""


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


def check_file_target(path: Path, force: bool) -> None:
    """Raise OutputError unless `path` may be written (before any work is done)."""
    _check_parent(path)
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give the name of a file to write")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it")


def _write_temporary(folder: Path, name: str, data: bytes, mode: int) -> Path:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return Path(temporary)


def write_file(path: Path | str, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` atomically (temporary file, then rename)."""
    path = Path(os.path.abspath(path))
    check_file_target(path, force)
    temporary: Path | None = None
    try:
        temporary = _write_temporary(path.parent, path.name, data, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None


def check_folder_target(folder: Path, force: bool, replaceable: Iterable[str]) -> None:
    """Raise OutputError unless a bundle may be written as `folder`."""
    _check_parent(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder; give a new or empty folder")
    if not folder.exists():
        return
    try:
        entries = sorted(os.listdir(folder))
    except OSError as exc:
        raise OutputError(f"cannot use {folder}: {_reason(exc)}") from None
    if not entries:
        return
    if not force:
        raise OutputError(f"{folder} already exists and is not empty; use --force to replace it")
    allowed = set(replaceable)
    foreign = [name for name in entries if name not in allowed or not (folder / name).is_file()]
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise OutputError(
            f"{folder} holds files that are not from a bundle ({shown}); --force only replaces a previous bundle"
        )


def _zip_bytes_to(path: Path, folder_name: str, files: dict[str, bytes], when: datetime, mode: int) -> Path:
    """A zip of `files` (under `folder_name/`) written to a temporary file beside `path`."""
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
        for name, data in files.items():
            info = zipfile.ZipInfo(f"{folder_name}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return _write_temporary(path.parent, path.name, content.getvalue(), mode)


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
    allowed = tuple(replaceable) or tuple(files)
    check_folder_target(folder, force, allowed)
    archive = Path(os.path.abspath(zip_path)) if zip_path is not None else None
    if archive is not None:
        check_file_target(archive, force)
    mask = _umask()
    staging: Path | None = None
    staged_zip: Path | None = None
    old: Path | None = None
    placed = False
    try:
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".part"))
        for name, data in files.items():
            _write_temporary(staging, name, data, 0o666 & ~mask).rename(staging / name)
        os.chmod(staging, 0o777 & ~mask)
        if archive is not None:
            staged_zip = _zip_bytes_to(archive, folder.name, files, when or datetime.now(), 0o666 & ~mask)
        if folder.exists():
            old = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".old"))
            os.rmdir(old)
            os.rename(folder, old)
        try:
            os.rename(staging, folder)
        except OSError:
            if old is not None:
                os.rename(old, folder)
                old = None
            raise
        placed = True
        staging = None
        if archive is not None and staged_zip is not None:
            os.replace(staged_zip, archive)
            staged_zip = None
    except OSError as exc:
        if placed:  # the zip failed after the folder was in place: put things back
            shutil.rmtree(folder, ignore_errors=True)
            if old is not None:
                with contextlib.suppress(OSError):
                    os.rename(old, folder)
                old = None
        raise OutputError(f"cannot write {folder}: {_reason(exc)}") from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if staged_zip is not None:
            with contextlib.suppress(OSError):
                staged_zip.unlink()
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
