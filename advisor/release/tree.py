"""Where a check reads from: a folder on disk, a single GGUF file, or a .zip, read safely.

A .zip is never extracted. Its entries are checked first (no absolute or ``../``
paths, no overlapping entries, no entry that inflates more than ``MAX_RATIO`` times),
then the few small files a check needs are read with a size cap, and a GGUF entry's
header is streamed.
"""

from __future__ import annotations

import itertools
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

MAX_TEXT = 4 << 20  # a README, LICENSE or config.json larger than this is not read whole
MAX_RATIO = 200  # deflated entries that grow more than this are taken for a zip bomb
MAX_ENTRIES = 100_000
MAX_DEPTH = 8
SKIPPED_DIRS = {".git", "node_modules", "__pycache__", ".venv", ".cache"}
MODEL_MARKERS = {"config.json", "adapter_config.json", "params.json", "adapter_model.safetensors"}


Opener = Callable[[str], IO[bytes]]
"""Opens one of a folder's files, by its real name, for reading bytes."""


class InputError(Exception):
    """PATH cannot be checked (missing, unreadable, unsafe archive); one line, exit code 2."""


class Folder:
    """One folder's direct files, on disk or inside a zip."""

    def __init__(self, label: str, files: dict[str, str], opener: Opener, disk: Path | None) -> None:
        self.label = label  # what a person reads: the folder's path, or archive.zip!inner/path
        self.files = files  # lower-cased name -> real name
        self._opener = opener
        self.disk = disk  # the folder on disk, when it is one (--fix writes there)

    def find(self, *names: str) -> str | None:
        for name in names:
            if name.lower() in self.files:
                return self.files[name.lower()]
        return None

    def matching(self, suffix: str) -> list[str]:
        return sorted(real for lower, real in self.files.items() if lower.endswith(suffix))

    def where(self, name: str, line: int | None = None) -> str:
        place = f"{self.label}{'' if self.label.endswith('!') else '/'}{name}"
        return f"{place}:{line}" if line else place

    def open(self, name: str) -> IO[bytes]:
        return self._opener(name)

    def read_text(self, name: str) -> str:
        with self.open(name) as handle:
            data = handle.read(MAX_TEXT + 1)
        return data[:MAX_TEXT].decode("utf-8", errors="replace").replace("\r\n", "\n").lstrip("\ufeff")


def is_model_folder(files: dict[str, str]) -> bool:
    names = set(files)
    if names & MODEL_MARKERS or any(n.endswith((".gguf", ".safetensors")) for n in names):
        return True
    return "readme.md" in names and any(n.startswith(("license", "notice")) for n in names)


# ------------------------------------------------------------------ disk
def disk_folders(root: Path) -> Iterator[Folder]:
    """The root if it is a model folder, else the model folders below it."""
    for folder, files in _walk(root, 0):
        if folder == root or is_model_folder(files):
            yield Folder(str(folder), files, _disk_opener(folder), folder)


def _disk_opener(folder: Path) -> Opener:
    def opener(name: str) -> IO[bytes]:
        return (folder / name).open("rb")

    return opener


def _walk(folder: Path, depth: int) -> Iterator[tuple[Path, dict[str, str]]]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"{folder}: {exc.strerror or exc}") from None
    files = {e.name.lower(): e.name for e in entries if e.is_file()}
    yield folder, files
    if depth < MAX_DEPTH:
        for entry in entries:
            hidden = entry.name in SKIPPED_DIRS or entry.name.startswith(".")
            if entry.is_dir(follow_symlinks=False) and not hidden:
                yield from _walk(Path(entry.path), depth + 1)


# ------------------------------------------------------------------ zip
def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path}: not a readable .zip ({exc})") from None
    _refuse_unsafe(path, archive)
    return archive


def _refuse_unsafe(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"{path}: refused: {len(infos)} entries (a zip bomb?)")
    for info in infos:
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
            raise InputError(f"{path}: refused: entry {info.filename!r} points outside the archive (path traversal)")
        inflated = info.compress_type != zipfile.ZIP_STORED and info.file_size > (1 << 20)
        if inflated and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                f"{path}: refused: entry {info.filename!r} inflates {info.file_size // max(info.compress_size, 1)}"
                " times (a zip bomb?)"
            )
    spans = sorted((i.header_offset, i.header_offset + i.compress_size, i.filename) for i in infos)
    for (_, end, name), (start, _, following) in itertools.pairwise(spans):
        if start < end:
            raise InputError(f"{path}: refused: entries {name!r} and {following!r} overlap (a zip bomb?)")


def zip_folders(path: Path, archive: zipfile.ZipFile) -> Iterator[Folder]:
    by_folder: dict[str, dict[str, str]] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        inner = PurePosixPath(info.filename.replace("\\", "/"))
        parent = "" if str(inner.parent) == "." else str(inner.parent)
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in inner.parent.parts):
            continue
        by_folder.setdefault(parent, {})[inner.name.lower()] = inner.name
    for parent in sorted(by_folder):
        files = by_folder[parent]
        if parent == "" or is_model_folder(files):
            prefix = f"{parent}/" if parent else ""
            yield Folder(f"{path}!{parent}", files, _zip_opener(archive, prefix), None)


def _zip_opener(archive: zipfile.ZipFile, prefix: str) -> Opener:
    def opener(name: str) -> IO[bytes]:
        return archive.open(prefix + name)

    return opener
