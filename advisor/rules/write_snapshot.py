"""Write the knowledge base's snapshot (advisor.rules.snapshot) beside its YAML files, once it validates."""

from __future__ import annotations

import os
from pathlib import Path

from advisor.rules import loader
from advisor.rules.snapshot import SNAPSHOT_NAME, SnapshotError, encode_snapshot


def write_snapshot(root: Path) -> Path:
    """Validate the knowledge base below root and write its snapshot beside the YAML files."""
    folder = root / "knowledge"
    try:
        loader.load_knowledge_base(root)  # an invalid knowledge base gets no snapshot
        texts, digest = loader.read_sources(folder)
        encoded = encode_snapshot(digest, loader.parse_sources(folder, texts))
    except loader.KnowledgeError as exc:
        raise SnapshotError(str(exc)) from None
    target = folder / SNAPSHOT_NAME
    temporary = folder / f".{SNAPSHOT_NAME}.{os.getpid()}"
    try:
        temporary.write_bytes(encoded)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise SnapshotError(f"{target}: cannot write: {exc.strerror}") from None
    return target
