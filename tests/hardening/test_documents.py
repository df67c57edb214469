"""What the user typed appears exactly and cannot mislead (issue 11, defects 12 and 13)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hardening_support import ANSWERS_31, Run, one_error

from advisor.render.escaping import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE, escape_markdown, isolate

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def _covered(code: int) -> bool:
    """Whether fontconfig knows an installed font with this character."""
    if shutil.which("fc-list") is None:
        pytest.skip("needs fontconfig's fc-list")
    found = subprocess.run(["fc-list", f":charset={code:x}", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_cjk_product_name_is_in_the_pdf(tmp_path: Path, run: Run) -> None:
    product = "日本語の製品 中文产品"
    result = run("report", ANSWERS_31, "-o", "r.pdf", "--product", product)
    if not _covered(ord("製")):  # no CJK font: the PDF is refused, and the package named
        one_error(result, "製", "fonts-droid-fallback")
        assert not (tmp_path / "r.pdf").exists()
        return
    assert result.returncode == 0, result.stderr
    assert product in _pdf_text(tmp_path / "r.pdf")


def test_combining_marks_and_symbols_are_kept(tmp_path: Path, run: Run) -> None:
    product = "Cafe\u0301 Ŝ̌ ✓ ☺"
    assert run("report", ANSWERS_31, "-o", "r.md", "--product", product).returncode == 0
    assert product in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_korean_without_a_korean_font_names_a_korean_font_package(tmp_path: Path, run: Run) -> None:
    if _covered(0xD55C):
        pytest.skip("a font on this machine has Hangul")
    one_error(run("report", ANSWERS_31, "-o", "r.pdf", "--product", "한국어"), "U+D55C", "fonts-nanum")


@pytest.mark.parametrize("command", ["report", "bundle"])
def test_characters_no_font_has_are_named_and_nothing_is_written(tmp_path: Path, run: Run, command: str) -> None:
    runes = "\u16a0\u16c7\u16bb"  # Runic: no font that the advisor's tests install has it
    if _covered(0x16A0):
        pytest.skip("a font on this machine has Runic letters")
    target = "r.pdf" if command == "report" else "b"
    line = one_error(run(command, ANSWERS_31, "-o", target, "--product", f"Futhark {runes}"), "U+16A0", "install")
    assert "fonts-noto-core" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_isolate() -> None:
    assert isolate("Acme \u202eevil") == "Acme evil"
    hebrew = "\u05e9\u05dc\u05d5\u05dd"
    assert isolate(f"{hebrew} 2") == f"{FIRST_STRONG_ISOLATE}{hebrew} 2{POP_DIRECTIONAL_ISOLATE}"
    assert isolate(f"\u2067{hebrew}\u2069\u2069") == f"{FIRST_STRONG_ISOLATE}{hebrew}{POP_DIRECTIONAL_ISOLATE}"
    assert escape_markdown("plain") == "plain"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_bidi_controls_cannot_reach_the_text_documents(tmp_path: Path, run: Run, fmt: str) -> None:
    fields = [
        "--title",
        "\u202eTitle",
        "--product",
        "P\u202d\u2066x",
        "--organisation",
        "\u200fO",
        "--assessor",
        "A\u061c",
    ]
    assert run("report", ANSWERS_31, "-o", f"r.{fmt}", *fields).returncode == 0
    text = (tmp_path / f"r.{fmt}").read_text(encoding="utf-8")
    assert not set(BIDI_CONTROLS) & set(text)


def test_right_to_left_fields_are_isolated(tmp_path: Path, run: Run) -> None:
    hebrew = "\u05d3\u05d5\u05d7"
    assert run("report", ANSWERS_31, "-o", "r.md", "--product", f"{hebrew} 7").returncode == 0
    assert f"{FIRST_STRONG_ISOLATE}{hebrew} 7{POP_DIRECTIONAL_ISOLATE}" in (tmp_path / "r.md").read_text(
        encoding="utf-8"
    )


@needs_poppler
def test_bidi_override_in_the_title_cannot_rewrite_the_pdf_footer(tmp_path: Path, run: Run) -> None:
    for title in ("\u202eevil title", "\u202bevil\u202d title\u2067"):
        result = run("report", ANSWERS_31, "-o", "r.pdf", "--force", "--title", title)
        assert result.returncode == 0, result.stderr
        footer = [line for line in _pdf_text(tmp_path / "r.pdf").splitlines() if "Llama 3.1 ·" in line]
        assert footer, "no footer found"
        assert all("· Llama 3.1 · " in line and "UTC" in line.split("Llama 3.1 ·")[1] for line in footer), footer
        assert all(line.lstrip().startswith("evil title · Llama 3.1 · ") for line in footer), footer
