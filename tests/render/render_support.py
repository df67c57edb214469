"""Helpers for the document tests: answers per version, poppler tools, the CLI runner."""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.cli import main as cli_main
from advisor.cli.documents import DOCUMENT_HANDLERS, add_document_commands

INJECTIONS = ("<script>alert(1)</script>", "{{ 7*7 }}", "**bold**")
VERSIONS = ("1", "2", "3", "3.1", "3.2", "3.3", "4")

_DEVELOPER: dict[str, Any] = {
    "role": "developer",
    "access": "own_copy",
    "mau": 1000,
    "critical_infrastructure": False,
    "aup_concerns": [],
    "distributes": True,
    "ships_copies": True,
    "trains_other_model": True,
    "other_model_kind": "same_llama",
    "other_model_distributed": True,
}
ANSWERS: dict[str, dict[str, Any]] = {
    "1": {"format": 2, "version": "1", "weights_from_meta": True, "commercial": False},
    "2": {"format": 2, "version": "2", **_DEVELOPER},
    "3": {"format": 2, "version": "3", **_DEVELOPER},
    "3.1": {"format": 2, "version": "3.1", **_DEVELOPER, "other_model_kind": "other_llm"},
    "3.2": {
        "format": 2,
        "version": "3.2",
        **_DEVELOPER,
        "multimodal": True,
        "eu": False,
        "eu_affiliates_involved": False,
    },
    "3.3": {"format": 2, "version": "3.3", **_DEVELOPER},
    "4": {"format": 2, "version": "4", **_DEVELOPER, "eu": False, "eu_affiliates_involved": False},
}
"""A developer who distributes and trains a distributed model: every obligation fires."""

LICENSE_REQUIRED = {**ANSWERS["3.1"], "mau": 700_000_001, "separate_license_from_meta": False}
PROHIBITED = {**ANSWERS["3.1"], "critical_infrastructure": True}

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdftoppm", "pdffonts", "pdfinfo")),
    reason="needs poppler-utils (pdftotext, pdftoppm, pdffonts, pdfinfo)",
)


def write_answers(folder: Path, answers: dict[str, Any], name: str = "answers.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(answers, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def normalise(text: str) -> str:
    """One space for any whitespace; a line broken after a hyphen joined again."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")


_FOOTER = re.compile(r"^(?:.* · (?:Meta )?Llama [\d.]+ · \d{4}-\d\d-\d\d \d\d:\d\d UTC|Page \d+ of \d+)$")


def pdf_body_text(path: Path) -> str:
    """The PDF's text without the running footers (so text across a page break joins up).

    A block that crosses a page break is drawn on both pages, clipped to each; the clipped
    line is still in the PDF's text, so pdftotext reads the line at the break twice (a
    known defect of advisor/render/pdf.py): the repeat at the top of a page is left out."""
    pages = [
        [line for line in page.splitlines() if not _FOOTER.match(line.strip())] for page in pdf_text(path).split("\f")
    ]
    lines: list[str] = []
    for page in pages:
        while page and lines and page[0].strip() and page[0] in lines[-3:]:
            page = page[1:]
        lines.extend(page)
    return "\n".join(lines)


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def html_text(markup: str) -> str:
    """The text a browser shows for an HTML fragment (tags dropped, entities decoded)."""
    without = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", without))


def _wired() -> bool:
    for action in cli_main.build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return "report" in action.choices
    return False


def run_cli(argv: list[str]) -> int:
    """advisor.cli.main.main; until main.py registers the document commands, the
    same dispatch and one-line error handling around them."""
    if _wired():
        return cli_main.main(argv)
    parser = argparse.ArgumentParser(prog="llama-advisor")
    add_document_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    try:
        return DOCUMENT_HANDLERS[args.command](args)
    except cli_main.UsageProblem as exc:
        print(f"llama-advisor: {exc}", file=sys.stderr)
        return cli_main.EXIT_INVALID


def cli_process_command() -> list[str]:
    """A whole-process `llama-advisor` (through main(), whichever way it is wired)."""
    here = str(Path(__file__).resolve().parent)
    code = (
        f"import sys; sys.path.insert(0, {here!r}); from render_support import run_cli; sys.exit(run_cli(sys.argv[1:]))"
    )
    return [sys.executable, "-c", code]
