"""The parsed knowledge base, written as JSON when the advisor is packaged.

Parsing the five YAML files is most of the time a command spends loading the
knowledge base. A wheel or app build (advisor.render.prebuild) writes
what they parse to, as JSON, to ``knowledge/parsed.json`` with the sha256 of the very
files it came from. The loader takes it only when that digest equals the files' own
digest, so an edited YAML file is always read again, and then validates it exactly
as if it had just been parsed (advisor.rules.write_snapshot writes it, after validating
the knowledge base). The file holds data, never code: a damaged or foreign
one is ignored. Commands take the validated knowledge base (advisor.rules.validated)
first; this one serves the wizard's first page, and any load that cannot take that.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

SNAPSHOT_NAME = "parsed.json"
SNAPSHOT_FORMAT = 1
KNOWLEDGE_FILES = ("documents.yaml", "versions.yaml", "aup.yaml", "questions.yaml", "rules.yaml", "wording.yaml")
"""The knowledge base's files, in the order they are read, hashed and kept in a snapshot."""


class SnapshotError(Exception):
    """The snapshot cannot be written; str() is one line."""


def sources_digest(sources: Iterable[tuple[str, bytes]]) -> str:
    """The sha256 of the knowledge files' names and bytes, in order: the digest a snapshot is for."""
    try:  # CPython's own sha256: hashlib would load OpenSSL's library first (about 2 ms a start)
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # another Python (3.12 renamed it)
        from hashlib import sha256

    digest = sha256()
    for name, data in sources:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return str(digest.hexdigest())


def read_snapshot(folder: Path, digest: str, names: tuple[str, ...]) -> dict[str, Any] | None:
    """The parsed files from folder's snapshot, or None unless it is one for exactly this digest."""
    try:
        text = (folder / SNAPSHOT_NAME).read_bytes()
    except OSError:  # absent or unreadable
        return None
    import json  # only for a snapshot to read (the validated knowledge base was not taken)

    try:
        data = json.loads(text)
    except ValueError:  # not JSON or not UTF-8
        return None
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT or data.get("sha256") != digest:
        return None
    files = data.get("files")
    if not isinstance(files, dict) or tuple(files) != names:
        return None
    return files


def encode_snapshot(digest: str, parsed: dict[str, Any]) -> bytes:
    """The snapshot's bytes; refuses data that JSON would not give back exactly."""
    import json

    try:
        encoded = json.dumps({"format": SNAPSHOT_FORMAT, "sha256": digest, "files": parsed}, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise SnapshotError(f"a value cannot be written as JSON ({exc})") from None
    for name, data in parsed.items():
        where = _difference(data, json.loads(encoded)["files"][name], name)
        if where:
            raise SnapshotError(f"{where}: this value would not read back the same from JSON")
    return encoded.encode("utf-8")


def _difference(original: Any, decoded: Any, where: str) -> str | None:
    """The path of the first value whose type or content JSON changed, or None."""
    if type(original) is not type(decoded):
        return where
    if isinstance(original, dict):
        if list(original) != list(decoded):
            return where
        for key in original:
            found = _difference(original[key], decoded[key], f"{where}/{key}")
            if found:
                return found
        return None
    if isinstance(original, list):
        if len(original) != len(decoded):
            return where
        for index, (a, b) in enumerate(zip(original, decoded, strict=True)):
            found = _difference(a, b, f"{where}/{index}")
            if found:
                return found
        return None
    return None if original == decoded else where
