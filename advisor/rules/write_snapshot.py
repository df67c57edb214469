"""Write the knowledge base's snapshots beside its YAML files, once it validates.

``parsed.json`` (advisor.rules.snapshot) holds the parsed YAML, for the wizard's first
page; ``validated.marshal`` (advisor.rules.validated) the knowledge base built from it.
"""

from __future__ import annotations

import os
from pathlib import Path

from advisor.rules import loader
from advisor.rules.snapshot import SNAPSHOT_NAME, SnapshotError, encode_snapshot
from advisor.rules.validated import VALIDATED_NAME, ValidatedError, encode_knowledge


def write_snapshot(root: Path) -> Path:
    """Validate the knowledge base below root and write both snapshots; returns parsed.json's path."""
    folder = root / "knowledge"
    try:
        texts, digest = loader.read_sources(folder)
        parsed = loader.parse_sources(folder, texts)
        kb = loader.build_knowledge_base(str(root), texts, digest, parsed)  # an invalid one gets no snapshot
        encoded = encode_snapshot(digest, parsed)
        validated = encode_knowledge(kb, digest)
    except loader.KnowledgeError as exc:
        raise SnapshotError(str(exc)) from None
    except ValidatedError as exc:
        raise SnapshotError(str(exc)) from None
    _write(folder / VALIDATED_NAME, validated)
    return _write(folder / SNAPSHOT_NAME, encoded)


def _write(target: Path, data: bytes) -> Path:
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise SnapshotError(f"{target}: cannot write: {exc.strerror}") from None
    return target
