"""The PyInstaller app: build it, then use it as someone with no Python would.

Slow (about a minute): builds dist/llama-advisor with packaging/build.sh.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor import __version__

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
APP = DIST / "llama-advisor" / "llama-advisor"
APP_ID = "io.github.llama_license_advisor.Advisor"
NOTICE_32 = (
    "Llama 3.2 is licensed under the Llama 3.2 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(platform.system() != "Linux", reason="the app is built and tested on Linux here"),
]


@pytest.fixture(scope="module")
def bundle() -> Iterator[Path]:
    subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], check=True, timeout=1200)
    yield APP


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """No Python, no venv: what a double-click from a fresh desktop session gives."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), **extra}


def test_the_folder_and_archive_are_built_and_lean(bundle: Path) -> None:
    assert bundle.is_file() and os.access(bundle, os.X_OK)
    size = sum(p.stat().st_size for p in bundle.parent.rglob("*") if p.is_file() and not p.is_symlink())
    assert size <= 140 * 1024 * 1024, f"the app folder is {size / 2**20:.0f} MB"
    plugins = bundle.parent / "_internal" / "PySide6" / "Qt" / "plugins"
    assert (plugins / "platforms" / "libqxcb.so").is_file()
    assert not (plugins / "platforms" / "libqwayland.so").exists()
    assert not list(bundle.parent.rglob("*.qm")), "Qt translations are not used"
    archive = DIST / f"llama-advisor-{__version__}-linux-x86_64.tar.gz"
    with tarfile.open(archive) as tar:
        assert "llama-advisor/llama-advisor" in tar.getnames()


def test_assess_from_the_bundle_gives_the_engines_verdict(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(bundle), "assess", str(ROOT / "examples" / "burlington-grid-3.2.yaml"), "--json"],
        env=bare_env(tmp_path), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assessment = json.loads(result.stdout)
    assert assessment["verdict"] == "prohibited"
    assert "CRITICAL-INFRASTRUCTURE" in [reason["rule"] for reason in assessment["reasons"]]
    bad = subprocess.run([str(bundle), "assess", str(tmp_path / "missing.yaml")], env=bare_env(tmp_path),
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert bad.returncode == 2 and "no such file" in bad.stderr and "Traceback" not in bad.stderr


def test_pdf_report_from_the_bundle_has_real_text(bundle: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        'version: "3.2"\nrole: developer\nmultimodal: false\nmau: 10\ncritical_infrastructure: false\n'
        "aup_concerns: []\ndistributes: true\ntrains_other_model: false\n"
    )
    pdf = tmp_path / "report.pdf"
    subprocess.run([str(bundle), "report", str(answers), "-o", str(pdf)], env=bare_env(tmp_path), check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Permitted" in text and NOTICE_32 in text


def test_word_report_from_the_bundle_opens_with_its_tables(bundle: Path, tmp_path: Path) -> None:
    """python-docx reads its templates through its package folders: the app must carry them."""
    import docx

    answers = tmp_path / "answers.yaml"
    answers.write_text(
        'version: "3.2"\nrole: developer\nmultimodal: false\nmau: 10\ncritical_infrastructure: false\n'
        "aup_concerns: []\ndistributes: true\ntrains_other_model: false\n"
    )
    review = tmp_path / "review.docx"
    done = subprocess.run([str(bundle), "report", str(answers), "-o", str(review)], env=bare_env(tmp_path),
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(review))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert NOTICE_32 in cells
    assert "Page" in document.sections[0].footer.paragraphs[0].text


def test_the_bundled_wizard_stays_up_until_it_is_closed(bundle: Path, tmp_path: Path) -> None:
    env = bare_env(tmp_path, QT_QPA_PLATFORM="offscreen", LLAMA_ADVISOR_QUIT_AFTER="4000")
    app = subprocess.Popen([str(bundle)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(2.0)
        assert app.poll() is None, app.stderr.read()
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
    assert "Traceback" not in app.stderr.read()


def test_desktop_files_validate_and_install_for_the_user(bundle: Path, tmp_path: Path) -> None:
    share = bundle.parent / "share"
    for tool in ("desktop-file-validate", "appstreamcli"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: scripts/bootstrap.sh installs it")
    desktop = share / f"{APP_ID}.desktop"
    checked = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
    assert checked.returncode == 0 and "error" not in checked.stdout.lower(), checked.stdout
    metainfo = subprocess.run(["appstreamcli", "validate", "--no-net", str(share / f"{APP_ID}.metainfo.xml")],
                              capture_output=True, text=True)  # fmt: skip
    assert metainfo.returncode == 0, metainfo.stdout + metainfo.stderr
    data = tmp_path / "data"
    subprocess.run(["bash", str(share / "install-desktop.sh")], env=bare_env(tmp_path, XDG_DATA_HOME=str(data)),
                   check=True, capture_output=True)  # fmt: skip
    installed = (data / "applications" / f"{APP_ID}.desktop").read_text()
    assert f'Exec="{bundle}" %f' in installed
    assert "MimeType=application/x-llama-advice+yaml;" in installed
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert "*.llama-advice.yaml" in (data / "mime" / "packages" / f"{APP_ID}.xml").read_text()
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()


def test_the_installed_wheel_finds_its_resources(bundle: Path, tmp_path: Path) -> None:
    """build.sh installs the advisor as a regular wheel: its resources come from site-packages."""
    venv = ROOT / "build" / "venv" / "bin"
    checked = subprocess.run([str(venv / "llama-advisor"), "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    where = subprocess.run(
        [str(venv / "python"), "-c", "from advisor.resources import resources_dir; print(resources_dir())"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert "site-packages" in where and where.endswith("advisor_resources")


def test_the_builds_carry_the_parsed_knowledge_base_and_compiled_templates(bundle: Path, tmp_path: Path) -> None:
    """The wheel (and so the app) reads no YAML and compiles no template for a shipped document."""
    venv = ROOT / "build" / "venv" / "bin"
    probe = (
        "import sys, json\n"
        "from advisor.rules import load_knowledge_base\n"
        "from advisor.render.environment import KINDS, loader\n"
        "load_knowledge_base()\n"
        "print(json.dumps({'yaml': 'yaml' in sys.modules,\n"
        "    'compiled': [type(loader(kind)).__name__ for kind in KINDS]}))\n"
    )
    seen = subprocess.run([str(venv / "python"), "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert seen.returncode == 0, seen.stderr
    assert json.loads(seen.stdout) == {"yaml": False, "compiled": ["ChoiceLoader"] * 2}  # text and markdown
    app_resources = bundle.parent / "_internal" / "advisor_resources"
    snapshot = json.loads((app_resources / "knowledge" / "parsed.json").read_bytes())
    assert set(snapshot["files"]) == {
        "documents.yaml", "versions.yaml", "aup.yaml", "questions.yaml", "rules.yaml", "wording.yaml",
    }  # fmt: skip
    assert (app_resources / "knowledge" / "validated.marshal").is_file()
    manifest = json.loads((app_resources / "templates" / "compiled" / "manifest.json").read_bytes())
    assert (
        manifest["markdown"]["ATTRIBUTION.md.j2"]
        == hashlib.sha256((ROOT / "resources" / "templates" / "ATTRIBUTION.md.j2").read_bytes()).hexdigest()
    )
    assert (app_resources / "templates" / "report.html").is_file()  # the PDF's page, read with no template engine
