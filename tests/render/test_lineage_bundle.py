"""The compliance bundle of a lineage: one NOTICE with every line owed (main first), each
agreement as LICENSE-<version>, an ATTRIBUTION.md that names each version and what it owes,
and answers that keep the lineage."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from lineage_support import QWEN, lineage_assessment, raw_answers
from render_support import ANSWERS

from advisor.engine import assess
from advisor.model import KnowledgeBase
from advisor.render.bundle import BUNDLE_NAMES, LINEAGE_VERSIONS, bundle_files
from advisor.render.notice import notice_text, notices_text
from advisor.resources import resources_dir
from advisor.writer.files import write_folder

# Written out here, not read from the knowledge base: the bytes the agreements give.
NOTICE_3_1 = (
    "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)
NOTICE_3_2 = (
    "Llama 3.2 is licensed under the Llama 3.2 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)
NOTICE_4 = (
    "Llama 4 is licensed under the Llama 4 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)
APP = "3.2+3.1-weights+3.3-outputs"
FINE_TUNE = "4+3.3-outputs"
BARRED = "3.1+2-outputs"


@pytest.fixture(scope="module")
def bundles(kb: KnowledgeBase) -> dict[str, dict[str, bytes]]:
    return {
        name: bundle_files(kb, lineage_assessment(kb, name), raw_answers(name)) for name in (APP, FINE_TUNE, BARRED)
    }


def _shipped(kb: KnowledgeBase, version: str, kind: str) -> bytes:
    facts = kb.versions[version]
    document = facts.agreement if kind == "agreement" else facts.use_policy
    assert document is not None
    return (resources_dir() / kb.documents[document].file).read_bytes()


def test_notice_holds_every_line_owed_main_first(bundles: dict[str, dict[str, bytes]]) -> None:
    assert bundles[APP]["NOTICE"] == f"{NOTICE_3_2}\n{NOTICE_3_1}\n".encode()
    assert bundles[FINE_TUNE]["NOTICE"] == f"{NOTICE_4}\n".encode()  # Llama 3.3's outputs ship no copy


def test_each_agreement_is_license_dash_version_unmodified(
    kb: KnowledgeBase, bundles: dict[str, dict[str, bytes]]
) -> None:
    files = bundles[APP]
    assert "LICENSE" not in files and "USE_POLICY.md" not in files
    for version in ("3.2", "3.1", "3.3"):
        assert files[f"LICENSE-{version}"] == _shipped(kb, version, "agreement")
        assert files[f"USE_POLICY-{version}.md"] == _shipped(kb, version, "use_policy")
    assert bundles[FINE_TUNE]["LICENSE-4"] == _shipped(kb, "4", "agreement")
    assert bundles[FINE_TUNE]["LICENSE-3.3"] == _shipped(kb, "3.3", "agreement")


def test_attribution_names_each_version_and_what_it_owes(bundles: dict[str, dict[str, bytes]]) -> None:
    attribution = bundles[APP]["ATTRIBUTION.md"].decode("utf-8")
    assert attribution.startswith("# Attribution for Llama 3.2 with Llama 3.1 and Llama 3.3\n")
    heads = [line for line in attribution.splitlines() if line.startswith("## ")]
    assert heads == [
        "## What each version requires",
        "## Notice file",
        "## Llama 3.2 — the main model",
        "## Llama 3.1 — its weights",
        "## Llama 3.3 — its outputs",
        "## Files in this bundle",
    ]
    assert "| Llama 3.3 | only its outputs | Comply with the Acceptable Use Policy |" in attribution
    assert (
        "| Llama 3.1 | its weights | Provide a copy of the agreement; Display the “Built with” phrase; " in attribution
    )
    assert f"    {NOTICE_3_2}\n    {NOTICE_3_1}\n" in attribution  # the NOTICE file, as it is
    for file in ("LICENSE-3.2", "LICENSE-3.1", "LICENSE-3.3", "USE_POLICY-3.1.md", "NOTICE"):
        assert f"- `{file}`: " in attribution
    assert attribution.count("### “Built with” phrase") == 3


def test_a_lineage_that_is_not_licensed_gets_no_kit(bundles: dict[str, dict[str, bytes]]) -> None:
    files = bundles[BARRED]
    assert "NOTICE" not in files and "ATTRIBUTION.md" not in files
    text = " ".join(files["NOT-LICENSED.md"].decode("utf-8").split())
    assert text.startswith("# Not licensed: Llama 3.1 with Llama 2 ")
    assert "Reason, from Llama 2: " in text
    assert "- Llama 3.1 (its weights): Permitted - Llama 2 (only its outputs): Prohibited" in text
    assert "the bundle includes `LICENSE-3.1`, `LICENSE-2`, `USE_POLICY-3.1.md` and `USE_POLICY-2.md`." in text


def test_manifest_and_names(bundles: dict[str, dict[str, bytes]]) -> None:
    for name, files in bundles.items():
        assert set(files) <= set(BUNDLE_NAMES), name
        listed = dict(reversed(line.split("  ", 1)) for line in files["MANIFEST"].decode().splitlines())
        assert listed == {n: hashlib.sha256(data).hexdigest() for n, data in files.items() if n != "MANIFEST"}


def test_every_version_with_an_agreement_has_bundle_names(kb: KnowledgeBase) -> None:
    assert set(LINEAGE_VERSIONS) == {key for key, facts in kb.versions.items() if facts.agreement}


def test_a_previous_lineage_bundle_may_be_replaced(tmp_path: Path, bundles: dict[str, dict[str, bytes]]) -> None:
    folder = tmp_path / "bundle"
    write_folder(folder, bundles[APP], replaceable=BUNDLE_NAMES)
    write_folder(folder, bundles[FINE_TUNE], force=True, replaceable=BUNDLE_NAMES)
    assert sorted(path.name for path in folder.iterdir()) == sorted(bundles[FINE_TUNE])


def test_the_bundled_answers_keep_the_lineage(bundles: dict[str, dict[str, bytes]]) -> None:
    saved = yaml.safe_load(bundles[FINE_TUNE]["answers.yaml"])
    assert saved["format"] == 3 and saved["version"] == "4"
    assert saved["lineage"] == [{"version": "3.3", "takes": "outputs"}]
    assert saved["other_parents"] == [QWEN]
    assert yaml.safe_load(bundles[APP]["answers.yaml"])["lineage"] == [
        {"version": "3.1", "takes": "weights"},
        {"version": "3.3", "takes": "outputs"},
    ]


def test_the_report_in_the_bundle_has_each_version(bundles: dict[str, dict[str, bytes]]) -> None:
    report = bundles[APP]["compliance-report.md"].decode("utf-8")
    for heading in ("## Llama 3.2 — the main model", "## Llama 3.1 — its weights", "## Llama 3.3 — its outputs"):
        assert f"\n{heading}\n" in report
    assert bundles[APP]["compliance-report.pdf"].startswith(b"%PDF-")


def test_notices_text_of_one_version_is_its_notice_file(kb: KnowledgeBase) -> None:
    for version in ("3.1", "4"):
        assessment = assess(kb, ANSWERS[version])
        assert notices_text(kb, assessment) == notice_text(kb.versions[version], kb)
    assert notices_text(kb, lineage_assessment(kb, APP)) == f"{NOTICE_3_2}\n{NOTICE_3_1}\n"


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lineage-llama4-on-3.3-outputs.yaml"


@pytest.mark.skipif(not EXAMPLE.is_file(), reason="needs examples/lineage-llama4-on-3.3-outputs.yaml")
def test_cli_bundle_of_a_format_3_file(
    tmp_path: Path, cli: Callable[..., tuple[int, str, str]], capsys: pytest.CaptureFixture[str], kb: KnowledgeBase
) -> None:
    import json

    from advisor.cli import main as cli_main

    folder = tmp_path / "bundle"
    code, _out, err = cli("bundle", EXAMPLE, "-o", folder)
    assert code == 0, err
    names = {path.name for path in folder.iterdir()}
    assert {"LICENSE-4", "LICENSE-3.3", "USE_POLICY-4.md", "NOTICE", "ATTRIBUTION.md"} <= names
    assert "LICENSE" not in names
    assert (folder / "LICENSE-4").read_bytes() == _shipped(kb, "4", "agreement")
    results = []
    for path in (EXAMPLE, folder / "answers.yaml"):
        code = cli_main.main(["assess", str(path), "--json"])
        results.append((code, json.loads(capsys.readouterr().out)))
    assert results[0] == results[1]  # the saved answers, lineage included, give the same result
    notices = results[0][1]["attribution"]["notices"]
    assert (folder / "NOTICE").read_text(encoding="utf-8") == "".join(line + "\n" for line in notices)
