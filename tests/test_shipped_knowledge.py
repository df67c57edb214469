"""Rules about the shipped data: verbatim texts, citations found, facts that must hold."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.model import KnowledgeBase
from advisor.resources import resources_dir
from advisor.rules import load_knowledge_base
from advisor.rules.citations import all_citations, missing_citations, normalise_whitespace

LICENSES = resources_dir() / "licenses"


def provenance_hashes() -> dict[str, str]:
    """file name -> sha256, from the tables in licenses/PROVENANCE.md."""
    text = (LICENSES / "PROVENANCE.md").read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        hashes = [c for c in cells if re.fullmatch(r"[0-9a-f]{64}", c)]
        if cells and hashes and (LICENSES / cells[0]).suffix in (".txt", ".md"):
            found[cells[0]] = hashes[-1]
    return found


def test_every_shipped_license_text_matches_its_provenance_hash() -> None:
    hashes = provenance_hashes()
    shipped = sorted(p.name for p in LICENSES.iterdir() if p.name != "PROVENANCE.md")
    assert sorted(hashes) == shipped, "every shipped text needs a provenance row, and only those"
    for name, expected in hashes.items():
        assert hashlib.sha256((LICENSES / name).read_bytes()).hexdigest() == expected, name


def test_shipped_texts_are_identical_to_the_project_sources() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "sources" / "licenses"
    if not shared.is_dir():
        pytest.skip(f"the project's source texts are not at {shared} (shared/ beside the checkout, as in CI)")
    # Every file of a folder the advisor ships; a sub-folder of sources not shipped yet (companions/,
    # the guard and code models' texts) is compared once resources/licenses has it.
    compared = 0
    for source in sorted(shared.rglob("*")):
        relative = source.relative_to(shared)
        if source.is_file() and (LICENSES / relative.parent).is_dir():
            assert (LICENSES / relative).read_bytes() == source.read_bytes(), str(relative)
            compared += 1
    assert compared >= len(provenance_hashes()), "every shipped text has its source"


def test_faq_texts_match_their_provenance_hash() -> None:
    provenance = (resources_dir() / "faq" / "PROVENANCE.md").read_text(encoding="utf-8")
    for path in (resources_dir() / "faq").glob("*.txt"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"| {path.name} |" in provenance and digest in provenance, path.name


def test_every_quote_is_found_verbatim_in_the_document_it_cites(kb: KnowledgeBase) -> None:
    assert missing_citations(kb) == []
    assert sum(1 for _ in all_citations(kb)) > 150


def _resources_copy(folder: Path) -> Path:
    """The knowledge base and the documents it cites, copied below folder (the loader's root)."""
    for name in ("knowledge", "licenses", "faq"):
        shutil.copytree(resources_dir() / name, folder / name)
    return folder


def test_a_changed_quote_is_caught_with_its_file_and_line(tmp_path: Path) -> None:
    root = _resources_copy(tmp_path / "resources")
    versions = root / "knowledge" / "versions.yaml"
    text = versions.read_text(encoding="utf-8")
    original = "the Llama 2 version release date, the monthly active users"
    quote_start = text.index(original)  # Llama 2's §2 quote, as cited
    line = text.count("\n", 0, quote_start) + 1
    changed = text.replace(
        "Licensee's affiliates, is greater than 700 million", "Licensee's affiliates, is 700 million or more"
    )
    assert changed.count("700 million or more") == 1, "exactly one quote changes"
    versions.write_text(changed, encoding="utf-8")
    kb = load_knowledge_base(root)
    assert missing_citations(kb, root) == [
        f"{versions}:{line}: 2 clause mau: quote not found in llama2-license: "
        f"{kb.versions['2'].clauses['mau'].quote[:80]!r}"
    ]
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "validate"],
        capture_output=True,
        text=True,
        env=dict(os.environ, LLAMA_ADVISOR_RESOURCES=str(root), PYTHONIOENCODING="utf-8"),
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"llama-advisor: {versions}:{line}: 2 clause mau: quote not found"), done.stderr


@pytest.mark.parametrize(
    ("version", "notice"),
    [
        (
            "2",
            "Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta Platforms, Inc. All Rights Reserved.",
        ),
        (
            "3",
            "Meta Llama 3 is licensed under the Meta Llama 3 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
        ),
        (
            "3.1",
            "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
        ),
        (
            "4",
            "Llama 4 is licensed under the Llama 4 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
        ),
    ],
)
def test_notice_lines_are_exactly_as_the_agreements_write_them(kb: KnowledgeBase, version: str, notice: str) -> None:
    facts = kb.versions[version]
    assert facts.notice == notice
    agreement = (resources_dir() / kb.documents[facts.agreement].file).read_text(encoding="utf-8")
    assert notice in normalise_whitespace(agreement)


def test_version_facts_follow_the_agreements(kb: KnowledgeBase) -> None:
    v = kb.versions
    assert [v[x].built_with for x in ("2", "3", "3.1", "3.2", "3.3", "4")] == [
        None, "Built with Meta Llama 3", "Built with Llama", "Built with Llama", "Built with Llama", "Built with Llama",
    ]  # fmt: skip
    assert [v[x].name_prefix for x in ("2", "3", "3.1", "4")] == [None, "Llama 3", "Llama", "Llama"]
    assert [x for x in v if v[x].outputs_restriction] == ["2", "3"]
    assert [x for x in v if v[x].eu_multimodal_restriction] == ["3.2", "3.3", "4"]
    assert {x: v[x].multimodal_models for x in v} == {
        "1": "none", "2": "none", "3": "none", "3.1": "none", "3.2": "some", "3.3": "none", "4": "all",
    }  # fmt: skip
    assert v["1"].agreement is None and v["1"].notice is None, "Llama 1 has no Meta-published agreement"
    # §1.b.i: Llama 2 has no product-or-service clause; Llama 3 "a product or service that uses any of
    # them"; 3.1 and later "a product or service (including another AI model) that contains any of them".
    assert {x: v[x].product_trigger for x in v} == {
        "1": "none", "2": "none", "3": "uses", "3.1": "contains", "3.2": "contains", "3.3": "contains", "4": "contains",
    }  # fmt: skip
    for x in ("3", "3.1", "3.2", "3.3", "4"):
        license_copy = v[x].clauses["license_copy"]
        assert f"a product or service {'that uses' if x == '3' else '(including another AI model) that contains'}" in (
            license_copy.quote
        ), x


def test_llama1_never_cites_the_unofficial_copy_as_a_reason(kb: KnowledgeBase) -> None:
    for rule in kb.rules:
        if rule.kind != "note" and rule.source.source is not None:
            assert kb.documents[rule.source.source.document].kind != "unofficial", rule.id


def test_rule_ids_are_stable_upper_kebab(kb: KnowledgeBase) -> None:
    for rule in kb.rules:
        assert re.fullmatch(r"[A-Z0-9_]+(-[A-Z0-9_]+)*", rule.id), rule.id


def test_every_aup_category_id_is_usable_in_some_version(kb: KnowledgeBase) -> None:
    for category in kb.aup_categories.values():
        assert category.texts, category.id
        for version, item in category.texts.items():
            assert item.document == kb.versions[version].use_policy
