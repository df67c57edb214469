"""C0 controls in report details (issue 19, F14): ESC and BEL never reach a report raw.

Every C0 control but tab and newline is removed, in every format (the one result view's
renderers all strip them, with the bidi controls); only the bidi controls were stripped before.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from hardening_support import ANSWERS_31, Run

CONTROLS = ("\x1b", "\x07")
DETAILS = ("--title", "Review \x1b[2J\x07done", "--product", "Acme\x1b[31m\x07 Assistant", "--assessor", "J.\x1b Doe")


def test_esc_and_bel_in_report_details_reach_no_format_raw(tmp_path: Path, run: Run) -> None:
    found: dict[str, list[str]] = {}
    for fmt in ("md", "html", "docx"):
        result = run("report", ANSWERS_31, "--format", fmt, "-o", f"r.{fmt}", *DETAILS)
        assert result.returncode == 0, result.stderr
        data = (tmp_path / f"r.{fmt}").read_bytes()
        if fmt == "docx":
            with zipfile.ZipFile(tmp_path / "r.docx") as document:
                data = b"".join(document.read(name) for name in document.namelist() if name.endswith(".xml"))
        text = data.decode("utf-8")
        assert "Assistant" in text, fmt  # the details are in the report
        found[fmt] = [repr(char) for char in CONTROLS if char in text]
    assert found == {"md": [], "html": [], "docx": []}


INVISIBLE = ("\ufffe", "\uffff", "\u200b", "\ufeff", "\U000e0041")


def test_noncharacters_and_invisible_characters_reach_no_report(tmp_path: Path, run: Run) -> None:
    """U+FFFE and U+FFFF cannot be in a Word file's XML at all (python-docx refuses them), and
    a zero-width space, byte-order mark or tag character would hide inside a name: every
    format writes the details without them."""
    name = "Acme" + "".join(INVISIBLE) + " Assistant"
    for fmt in ("md", "html", "docx", "pdf"):
        result = run("report", ANSWERS_31, "--format", fmt, "-o", f"r.{fmt}", "--product", name)
        assert result.returncode == 0, result.stderr
    for fmt in ("md", "html"):
        text = (tmp_path / f"r.{fmt}").read_text(encoding="utf-8")
        assert "Acme Assistant" in text and not any(char in text for char in INVISIBLE), fmt
    with zipfile.ZipFile(tmp_path / "r.docx") as document:
        xml = document.read("word/document.xml").decode("utf-8")
    assert "Acme Assistant" in xml and not any(char in xml for char in INVISIBLE)
