"""The wizard's first page read from the build's validated knowledge base (start-up is measured)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from advisor.rules import validated
from advisor.rules.first_page import VALIDATED_FORMAT, VALIDATED_MAGIC, VALIDATED_NAME, first_page
from advisor.rules.loader import load_knowledge_base
from advisor.rules.snapshot import SNAPSHOT_NAME
from advisor.rules.write_snapshot import write_snapshot

PROBE = (
    "import sys; from pathlib import Path; from advisor.rules.first_page import first_page\n"
    "page = first_page(Path({root!r}))\n"
    "print(page.versions[-1], page.wording['intro.prohibited'], *(name in sys.modules for name in {modules!r}))"
)
HEAVY = ("json", "yaml", "advisor.model", "advisor.rules.loader", "advisor.rules.validated")


def _probe(root: Path) -> list[str]:
    code = PROBE.format(root=str(root), modules=HEAVY)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    ).stdout.split()


def test_the_header_it_checks_is_the_one_the_build_writes() -> None:
    assert (VALIDATED_NAME, VALIDATED_MAGIC, VALIDATED_FORMAT) == (
        validated.VALIDATED_NAME,
        validated.MAGIC,
        validated.FORMAT,
    )


def test_a_current_validated_file_is_read_with_nothing_else_imported(resources_copy: Path) -> None:
    write_snapshot(resources_copy)
    (resources_copy / "knowledge" / SNAPSHOT_NAME).unlink()  # not the parsed snapshot either
    kb = load_knowledge_base(resources_copy)
    page = first_page(resources_copy)
    assert dict(page.wording) == dict(kb.wording)
    assert page.versions == tuple(facts.name for facts in kb.versions.values())
    shown = _probe(resources_copy)
    assert shown[-len(HEAVY) :] == ["False"] * len(HEAVY), dict(zip(HEAVY, shown[-len(HEAVY) :]))


def test_an_edited_file_is_read_again_despite_a_validated_file(resources_copy: Path) -> None:
    write_snapshot(resources_copy)
    wording = resources_copy / "knowledge" / "wording.yaml"
    wording.write_text(wording.read_text(encoding="utf-8").replace("prohibited: prohibited", "prohibited: forbidden"))
    assert first_page(resources_copy).wording["intro.prohibited"] == "forbidden"


def test_a_damaged_or_foreign_validated_file_is_passed_over(resources_copy: Path) -> None:
    write_snapshot(resources_copy)
    expected = first_page(resources_copy)
    path = resources_copy / "knowledge" / VALIDATED_NAME
    good = path.read_bytes()
    for damaged in (
        b"",
        b"not marshal data",
        good[: len(good) // 2],
        good.replace(VALIDATED_MAGIC.encode(), b"x" * 38),
    ):
        path.write_bytes(damaged)
        page = first_page(resources_copy)
        assert (dict(page.wording), page.versions) == (dict(expected.wording), expected.versions)
