"""A cache of parsed YAML, keyed by the sha256 of the text, in the user's cache folder.

Parsing the knowledge base is most of the advisor's start-up; its text rarely
changes between runs. The parsed data is stored as a pickle named after the sha256
of the text (and of this cache's format), so a changed file is simply a different
entry and is parsed afresh: nothing can go stale. The folder is
``$XDG_CACHE_HOME/llama-advisor`` (or ``~/.cache/llama-advisor``), never the source
tree. An entry is read only from a folder that belongs to this user and that nobody
else may write to; any problem with the cache means the text is parsed as usual.
``LLAMA_ADVISOR_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import secrets
import stat
import sys
from pathlib import Path
from typing import Any, NamedTuple

CACHE_FORMAT = b"yaml-parse-1"  # change when the parser's results change (StrictLoader)
MAX_ENTRIES = 64


class Cached(NamedTuple):
    value: Any


def _folder() -> Path | None:
    if os.environ.get("LLAMA_ADVISOR_NO_CACHE") or not hasattr(os, "geteuid"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    return Path(base) / "llama-advisor" / "yaml"


def _trusted(folder: Path) -> bool:
    try:
        found = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(found.st_mode) and found.st_uid == os.geteuid() and not found.st_mode & 0o022


def _entry(folder: Path, text: str) -> Path:
    digest = hashlib.sha256(CACHE_FORMAT + b"\0" + sys.version.encode() + b"\0" + text.encode("utf-8"))
    return folder / f"{digest.hexdigest()}.pickle"


def cached(text: str) -> Cached | None:
    """The parsed data stored for exactly this text, if any."""
    folder = _folder()
    if folder is None or not _trusted(folder):
        return None
    try:
        with open(_entry(folder, text), "rb") as stream:
            return Cached(pickle.load(stream))  # noqa: S301 - written by this user, into a folder only they may write
    except Exception:  # a missing or damaged entry just means parsing again
        return None


def store(text: str, data: Any) -> None:
    """Keep `data` as the parse of `text` (quietly does nothing when the cache cannot be written)."""
    folder = _folder()
    if folder is None:
        return
    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _trusted(folder):
            return
        _prune(folder)
        work = folder / f".{secrets.token_hex(4)}.tmp"
        with open(work, "wb") as stream:
            pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(work, _entry(folder, text))


def _prune(folder: Path) -> None:
    """Keep the folder small: drop the oldest entries beyond MAX_ENTRIES."""
    entries = sorted(folder.glob("*.pickle"), key=lambda path: path.stat().st_mtime)
    for old in entries[: max(len(entries) - MAX_ENTRIES + 1, 0)]:
        with contextlib.suppress(OSError):
            old.unlink()
