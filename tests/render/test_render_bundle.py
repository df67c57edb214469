"""The compliance bundle: exact NOTICE lines, unmodified texts, a MANIFEST that verifies."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from render_support import ANSWERS, VERSIONS, needs_poppler, normalise, pdf_text

from advisor.cli import main as cli_main
from advisor.engine import assess
from advisor.engine.answers_format import FORMAT3_DEFAULTS
from advisor.model import KnowledgeBase
from advisor.render.bundle import BUNDLE_NAMES, bundle_files
from advisor.resources import resources_dir

# Written out here, not read from the knowledge base: the bytes the agreements give.
NOTICE_LINES = {
    "2": "Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta Platforms, Inc. All Rights Reserved.",
    "3": "Meta Llama 3 is licensed under the Meta Llama 3 Community License, Copyright \u00a9 Meta Platforms, Inc. All Rights Reserved.",
    "3.1": "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright \u00a9 Meta Platforms, Inc. All Rights Reserved.",
    "3.2": "Llama 3.2 is licensed under the Llama 3.2 Community License, Copyright \u00a9 Meta Platforms, Inc. All Rights Reserved.",
    "3.3": "Llama 3.3 is licensed under the Llama 3.3 Community License, Copyright \u00a9 Meta Platforms, Inc. All Rights Reserved.",
    "4": "Llama 4 is licensed under the Llama 4 Community License, Copyright \u00a9 Meta Platforms, Inc. All Rights Reserved.",
}
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def bundles(kb: KnowledgeBase) -> dict[str, dict[str, bytes]]:
    return {version: bundle_files(kb, assess(kb, ANSWERS[version]), ANSWERS[version]) for version in VERSIONS}


@pytest.mark.parametrize("version", list(NOTICE_LINES))
def test_notice_holds_the_exact_line(bundles: dict[str, dict[str, bytes]], version: str) -> None:
    notice = bundles[version]["NOTICE"]
    first_line = notice.split(b"\n", 1)[0]
    assert first_line == NOTICE_LINES[version].encode("utf-8")
    assert notice.endswith(b"\n")


@pytest.mark.parametrize("version", list(NOTICE_LINES))
def test_notice_line_is_the_agreements_own(
    kb: KnowledgeBase, bundles: dict[str, dict[str, bytes]], version: str
) -> None:
    agreement = " ".join(bundles[version]["LICENSE"].decode("utf-8").split())
    line = NOTICE_LINES[version]
    assert f"“{line}”" in agreement or f'"{line}"' in agreement


def test_copyright_sign_per_version(bundles: dict[str, dict[str, bytes]]) -> None:
    assert b"Copyright (c) Meta" in bundles["2"]["NOTICE"] and "©".encode() not in bundles["2"]["NOTICE"]
    for version in ("3", "3.1", "3.2", "3.3", "4"):
        assert "Copyright © Meta".encode() in bundles[version]["NOTICE"]


@pytest.mark.parametrize("version", list(NOTICE_LINES))
def test_license_and_use_policy_are_the_shipped_bytes(
    kb: KnowledgeBase, bundles: dict[str, dict[str, bytes]], version: str
) -> None:
    facts = kb.versions[version]
    files = bundles[version]
    assert files["LICENSE"] == (resources_dir() / kb.documents[facts.agreement].file).read_bytes()
    assert files["USE_POLICY.md"] == (resources_dir() / kb.documents[facts.use_policy].file).read_bytes()


@pytest.mark.parametrize("version", VERSIONS)
def test_manifest_lists_every_other_file_with_its_sha256(bundles: dict[str, dict[str, bytes]], version: str) -> None:
    files = bundles[version]
    assert set(files) <= set(BUNDLE_NAMES)
    listed = {}
    for line in files["MANIFEST"].decode("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert listed == {name: hashlib.sha256(data).hexdigest() for name, data in files.items() if name != "MANIFEST"}


def test_llama1_bundle_has_no_agreement(kb: KnowledgeBase, bundles: dict[str, dict[str, bytes]]) -> None:
    files = bundles["1"]
    assert not {"LICENSE", "NOTICE", "USE_POLICY.md"} & set(files)
    assert set(files) == {"ATTRIBUTION.md", "compliance-report.md", "compliance-report.pdf", "answers.yaml", "MANIFEST"}
    unofficial = (resources_dir() / kb.documents["llama1-license-unofficial"].file).read_text(encoding="utf-8")
    sample = " ".join(unofficial.split())[200:400]
    for name, data in files.items():
        if name.endswith((".md", ".yaml")):
            assert sample not in " ".join(data.decode("utf-8").split()), name
    attribution = files["ATTRIBUTION.md"].decode("utf-8")
    assert "## No published agreement" in attribution
    assert "contains no LICENSE, NOTICE or use-policy file" in attribution


def test_every_bundle_pdf_is_a_pdf(bundles: dict[str, dict[str, bytes]]) -> None:
    for version, files in bundles.items():
        assert files["compliance-report.pdf"].startswith(b"%PDF-"), version


@needs_poppler
def test_bundle_pdf_and_markdown_report_agree(tmp_path: Path, kb: KnowledgeBase, bundles: dict) -> None:
    files = bundles["3.1"]
    path = tmp_path / "r.pdf"
    path.write_bytes(files["compliance-report.pdf"])
    text = normalise(pdf_text(path))
    report = files["compliance-report.md"].decode("utf-8")
    generated = next(line for line in report.splitlines() if line.startswith("| Date and time |"))
    assert generated.split("|")[2].strip() in text


@pytest.mark.parametrize("version", VERSIONS)
def test_bundled_answers_reproduce_the_verdict(
    kb: KnowledgeBase, bundles: dict[str, dict[str, bytes]], version: str
) -> None:
    again = assess(kb, yaml.safe_load(bundles[version]["answers.yaml"]))
    original = assess(kb, ANSWERS[version])
    assert again.verdict == original.verdict
    saved, first = again.to_dict(), original.to_dict()
    assert saved.pop("answers_format") == 3  # the bundle's file spells out what format 2 meant
    first.pop("answers_format")
    assert {k: v for k, v in saved.pop("answers").items() if k not in original.implicit} == first.pop("answers")
    assert saved == first


def test_cli_bundle_writes_folder_and_zip(tmp_path: Path, cli: Cli, answers_file: Callable[..., Path]) -> None:
    folder = tmp_path / "bundle"
    code, _out, err = cli("bundle", answers_file("3.1"), "-o", folder, "--zip", "--product", "Acme Chat")
    assert code == 0, err
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(
        ["NOTICE", "LICENSE", "USE_POLICY.md", "ATTRIBUTION.md", "compliance-report.md", "compliance-report.pdf"]
        + ["answers.yaml", "MANIFEST"]
    )
    for line in (folder / "MANIFEST").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--check", "--quiet", "MANIFEST"], cwd=folder, check=True)
    with zipfile.ZipFile(tmp_path / "bundle.zip") as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(f"bundle/{name}" for name in names)
        for name in names:
            assert archive.read(f"bundle/{name}") == (folder / name).read_bytes()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_cli_bundle_answers_reproduce_the_verdict_through_assess(
    tmp_path: Path, cli: Cli, answers_file: Callable[..., Path], capsys: pytest.CaptureFixture[str], kb: KnowledgeBase
) -> None:
    folder = tmp_path / "b"
    source = answers_file("3", trains_other_model=False)  # two answers become unused
    assert cli("bundle", source, "-o", folder)[0] == 0
    results = []
    for path in (source, folder / "answers.yaml"):
        code = cli_main.main(["assess", str(path), "--json"])
        results.append((code, json.loads(capsys.readouterr().out)))
    (first_code, first), (again_code, again) = results
    assert first_code == again_code == 0
    assert (first.pop("answers_format"), again.pop("answers_format")) == (2, 3)  # saved as format 3
    first_answers, again_answers = first.pop("answers"), again.pop("answers")
    assert {k: v for k, v in again_answers.items() if k in first_answers} == first_answers
    assert set(again_answers) - set(first_answers) <= set(FORMAT3_DEFAULTS)  # what format 2 meant, spelled out
    assert first == again and first["unused_answers"]
    report = (folder / "compliance-report.md").read_text(encoding="utf-8")
    assert f"| Verdict | {kb.verdict_labels[results[0][1]['verdict']]} |" in report
