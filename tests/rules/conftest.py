"""Fixtures the knowledge-base tests share: a copy of the shipped resources without build outputs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.resources import resources_dir
from advisor.rules import loader
from advisor.rules.snapshot import SNAPSHOT_NAME
from advisor.rules.validated import VALIDATED_NAME


@pytest.fixture()
def resources_copy(tmp_path: Path) -> Iterator[Path]:
    """resources/ copied without the parsed and validated knowledge base or compiled templates."""
    target = tmp_path / "resources"
    shutil.copytree(resources_dir(), target, ignore=shutil.ignore_patterns(SNAPSHOT_NAME, VALIDATED_NAME, "compiled"))
    loader._load.cache_clear()
    yield target
    loader._load.cache_clear()
