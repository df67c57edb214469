"""The report's sign-off block, obligation ticks and report details from the answers file,
and document titles (not repository paths) in "Texts relied on" (issue 10)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from advisor.engine import assess
from advisor.engine.answers_file import read_answers
from advisor.model import KnowledgeBase
from advisor.render.bundle import bundle_files
from advisor.render.context import ReportDetails
from advisor.render.report import markdown_headings, report_html, report_markdown, report_pdf

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SIGN_OFF = ("Name", "Role", "Date", "Decision", "Signature")
TICKED = """\
format: 2
obligations_done: [name_prefix]
report_details: {product: Acme Chat, assessor: Jo Smith, title: Acme model review}
"""


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "llama-advisor"
    return subprocess.run(
        [str(script), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=dict(os.environ, PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen"),
        timeout=120,
        check=False,
    )


@pytest.fixture
def ticked_file(tmp_path: Path) -> Path:
    body = (EXAMPLES / "synthetic-data-3.1.yaml").read_text(encoding="utf-8")
    body = "\n".join(line for line in body.splitlines() if not line.startswith("format:"))
    path = tmp_path / "ticked.yaml"
    path.write_text(TICKED + body + "\n", encoding="utf-8")
    return path


def _pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1] if text.stdout.endswith("\f") else text.stdout.split("\f")


@pytest.mark.parametrize(
    "example", ["synthetic-data-3.1.yaml", "eu-api-customer-4.yaml", "eu-vision-end-user-3.2.yaml"]
)
def test_every_form_ends_with_a_sign_off_block(kb: KnowledgeBase, example: str, tmp_path: Path) -> None:
    answers = read_answers(str(EXAMPLES / example))[0]
    assessment = assess(kb, answers)
    text = report_markdown(kb, assessment, answers)
    assert markdown_headings(text)[-1] == "Review and sign-off"
    block = text[text.index("## Review and sign-off") :]
    for field in ("Name", "Role", "Date", "Signature"):
        assert re.search(rf"^\| {field} \| \|$", block, re.MULTILINE), field  # blank, to fill in
    assert "| Decision | ☐ Approved ☐ Approved with conditions ☐ Not approved |" in block
    html = report_html(kb, assessment, answers)
    assert html.index("Review and sign-off") > html.index(kb.wording["headings.about"])
    path = tmp_path / "r.pdf"
    path.write_bytes(report_pdf(kb, assessment, answers))
    pages = _pdf_pages(path)
    last = pages[-1]
    for field in SIGN_OFF:
        assert re.search(rf"^\s*{field}\b", last, re.MULTILINE), field  # the whole block on one page
    assert "Review and sign-off" in last or all(field not in last for field in ("Name", "Role"))


def test_ticks_print_as_done_and_not_done_in_every_form(kb: KnowledgeBase, tmp_path: Path) -> None:
    answers = read_answers(str(EXAMPLES / "synthetic-data-3.1.yaml"))[0]
    assessment = assess(kb, answers)
    details = ReportDetails(done=("name_prefix",))
    text = report_markdown(kb, assessment, answers, details)
    prefix, use = kb.obligation_titles["name_prefix"], kb.obligation_titles["acceptable_use"]
    assert f"- [x] **{prefix}** (done)." in text
    assert f"- [ ] **{use}** (not done)." in text
    assert "1 of 2 marked done" in text
    html = report_html(kb, assessment, answers, details)
    assert "\N{BALLOT BOX WITH CHECK}\N{NO-BREAK SPACE}<strong>" in html
    assert "\N{BALLOT BOX}\N{NO-BREAK SPACE}<strong>" in html
    # with nothing ticked, every box is open and the report says so
    assert "None is marked done yet" in report_markdown(kb, assessment, answers)


def test_a_tick_for_a_duty_the_use_does_not_have_is_not_printed_or_saved(kb: KnowledgeBase) -> None:
    answers = read_answers(str(EXAMPLES / "synthetic-data-3.1.yaml"))[0]
    assessment = assess(kb, answers)
    files = bundle_files(kb, assessment, answers, ReportDetails(done=("notice", "name_prefix")))
    saved = yaml.safe_load(files["answers.yaml"])
    assert saved["obligations_done"] == ["name_prefix"]  # this use has no Notice duty


def test_cli_report_uses_the_files_ticks_and_details(ticked_file: Path, tmp_path: Path) -> None:
    done = _cli("report", ticked_file, "-o", tmp_path / "r.md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.startswith("# Acme model review\n")
    assert "| Product or model | Acme Chat |" in text and "| Assessor | Jo Smith |" in text
    assert "- [x] **" in text and "(done)." in text
    # an option given on the command line wins over the file, field by field
    done = _cli("report", ticked_file, "-o", tmp_path / "s.md", "--product", "Other", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert "| Product or model | Other |" in text and "| Assessor | Jo Smith |" in text


def test_cli_bundle_keeps_ticks_and_details_in_its_answers(ticked_file: Path, tmp_path: Path) -> None:
    done = _cli("bundle", ticked_file, "-o", tmp_path / "b", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    saved = yaml.safe_load((tmp_path / "b" / "answers.yaml").read_text(encoding="utf-8"))
    assert saved["obligations_done"] == ["name_prefix"]
    assert saved["report_details"] == {"product": "Acme Chat", "assessor": "Jo Smith", "title": "Acme model review"}
    report = (tmp_path / "b" / "compliance-report.md").read_text(encoding="utf-8")
    assert "Acme Chat" in report and "(done)." in report
    assert _cli("assess", tmp_path / "b" / "answers.yaml", cwd=tmp_path).returncode == 0


def test_texts_relied_on_show_titles_not_repository_paths(kb: KnowledgeBase) -> None:
    answers = read_answers(str(EXAMPLES / "synthetic-data-3.1.yaml"))[0]
    assessment = assess(kb, answers)
    text = report_markdown(kb, assessment, answers)
    section = text[text.index("## Texts relied on") : text.index("## " + kb.wording["headings.about"])]
    assert "licenses/" not in section and "faq/" not in section
    agreement = kb.documents[kb.versions["3.1"].agreement]
    assert f"- {agreement.title} (License agreement); file name" in section
    assert Path(agreement.file).name.replace("_", "\\_") in section or Path(agreement.file).name in section
    assert re.search(r"sha256 [0-9a-f]{64}", section)
