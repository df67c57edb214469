"""The result of a lineage in every format: the combined verdict first, then a section for
each Llama version (main first) with its verdict, certainty, duties, strings and quoted
clauses; each duty names the versions that impose it; every Notice line owed is given."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import markdown
import pytest
from lineage_support import QWEN, lineage_assessment, raw_answers
from render_support import ANSWERS, html_text, needs_poppler

from advisor.engine import assess
from advisor.model import Assessment, KnowledgeBase
from advisor.render.assessment_view import assessment_view
from advisor.render.context import ReportDetails
from advisor.render.docx_file import render_docx
from advisor.render.html_text import render_html
from advisor.render.markdown_text import render_markdown
from advisor.render.report import markdown_headings, view_pdf
from advisor.render.text import render_text
from advisor.render.view import ResultView, Table, Verdict, block_sentences

NOTICE_3_1 = (
    "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)
NOTICE_3_2 = (
    "Llama 3.2 is licensed under the Llama 3.2 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)
NOTICE_3_3 = (
    "Llama 3.3 is licensed under the Llama 3.3 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)
NOTICE_4 = (
    "Llama 4 is licensed under the Llama 4 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)
PREFIX_QUOTE = (  # §1.b.i, last sentence, as the 3.1, 3.2, 3.3 and 4 agreements word it
    "If you use the Llama Materials or any outputs or results of the Llama Materials to create, train, fine tune, "
    "or otherwise improve an AI model, which is distributed or made available, you shall also include “Llama” at "
    "the beginning of any such AI model name."
)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def formats(view: ResultView) -> dict[str, str]:
    """What a reader of each format sees (the terminal: the result's sections)."""
    return {
        "terminal": render_text(view),
        "markdown": html_text(markdown.markdown(render_markdown(view), extensions=["tables"])),
        "html": html_text(render_html(view)),
        "docx": docx_text(render_docx(view)),
    }


@pytest.fixture(scope="module")
def fine_tune(kb: KnowledgeBase) -> Assessment:
    """Llama 4 fine-tuned on Llama 3.3 outputs, merged with a Qwen model, published."""
    return lineage_assessment(kb, "4+3.3-outputs")


@pytest.fixture(scope="module")
def app(kb: KnowledgeBase) -> Assessment:
    """An app shipping Llama 3.2 and Llama 3.1 weights, its model trained on Llama 3.3 outputs."""
    return lineage_assessment(kb, "3.2+3.1-weights+3.3-outputs")


@pytest.fixture(scope="module")
def barred(kb: KnowledgeBase) -> Assessment:
    """A Llama 3.1 fine-tune trained on Llama 2 outputs."""
    return lineage_assessment(kb, "3.1+2-outputs")


def _view(kb: KnowledgeBase, assessment: Assessment, name: str, *, record: bool = True) -> ResultView:
    return assessment_view(kb, assessment, raw_answers(name), ReportDetails(product="Acme Chat"), record=record)


def test_a_section_for_each_version_main_first(kb: KnowledgeBase, fine_tune: Assessment) -> None:
    view = _view(kb, fine_tune, "4+3.3-outputs")
    keys = [section.key for section in view.sections]
    assert keys.index("verdict") < keys.index("duties") < keys.index("strings") < keys.index("part.0")
    assert keys.index("part.0") < keys.index("part.0.decision_path") < keys.index("part.1")
    assert keys.index("part.1") < keys.index("part.1.decision_path") < keys.index("about")
    main, outputs = view.section("part.0"), view.section("part.1")
    assert main is not None and outputs is not None
    assert main.heading == "Llama 4 — the main model"
    assert outputs.heading == "Llama 3.3 — its outputs"
    taken = " ".join(sentence for block in outputs.blocks for sentence in block_sentences(block))
    assert "What is taken from it: only its outputs" in taken
    assert "Verdict for Llama 3.3: Permitted." in taken
    assert "Settled." in taken
    # one table of strings to copy from: each version's own is a "version_strings" table
    kinds = [block.kind for section in view.sections for block in section.blocks if isinstance(block, Table)]
    assert kinds.count("strings") == 1 and kinds.count("version_strings") == 2
    # the single version's own path, caveats and terms move into each version's section
    assert not {"decision_path", "caveats", "terms"} & set(keys)


def test_the_combined_verdict_heads_the_result(kb: KnowledgeBase, fine_tune: Assessment, barred: Assessment) -> None:
    banner = _view(kb, fine_tune, "4+3.3-outputs").sections[1].blocks[0]
    assert isinstance(banner, Verdict)
    assert (banner.verdict, banner.version_name) == ("permitted", "Llama 4 with Llama 3.3")
    view = _view(kb, barred, "3.1+2-outputs", record=False)
    banner = view.sections[0].blocks[0]
    assert isinstance(banner, Verdict) and banner.verdict == "prohibited"
    assert banner.version_name == "Llama 3.1 with Llama 2"
    text = render_text(view)
    assert text.startswith("Llama 3.1 with Llama 2: PROHIBITED\n")
    assert "it is Llama 2's" in " ".join(text.split())  # which version gives the verdict
    assert "under the Llama 2 Community License Agreement" in " ".join(text.split())
    sections = {section.key: section for section in view.sections}
    main = " ".join(s for block in sections["part.0"].blocks for s in block_sentences(block))
    barring = " ".join(s for block in sections["part.1"].blocks for s in block_sentences(block))
    assert "Verdict for Llama 3.1: Permitted." in main
    assert "Verdict for Llama 2: Prohibited." in barring


def test_each_duty_names_the_versions_that_impose_it(kb: KnowledgeBase, fine_tune: Assessment) -> None:
    duties = _view(kb, fine_tune, "4+3.3-outputs").section("duties")
    assert duties is not None
    items = {item.key: item.text for block in duties.blocks if hasattr(block, "items") for item in block.items}
    assert items["name_prefix"].endswith("Required by the agreements of Llama 4 and Llama 3.3.")
    assert items["notice"].endswith("Required by the agreement of Llama 4.")
    for text in items.values():  # version names, never ids
        named = re.split(r"Required by the agreements? of ", text)[1]
        assert not re.search(r"\d", re.sub(r"(?:Meta )?Llama \d+(?:\.\d+)?", "", named)), named


def test_every_notice_line_owed_and_each_string_with_its_versions(kb: KnowledgeBase, app: Assessment) -> None:
    strings = _view(kb, app, "3.2+3.1-weights+3.3-outputs").section("strings")
    assert strings is not None
    table = next(block for block in strings.blocks if isinstance(block, Table))
    rows = {(row[0], row[1]): row[2] for row in table.rows}
    assert rows[("Notice line", NOTICE_3_2)] == "Llama 3.2"
    assert rows[("Notice line", NOTICE_3_1)] == "Llama 3.1"
    assert ("Notice line", NOTICE_3_3) not in rows  # only its outputs are taken: no copy is shipped
    assert rows[("“Built with” phrase", "Built with Llama")] == "Llama 3.2 and Llama 3.1"
    assert "Model-name prefix" not in {row[0] for row in table.rows}  # no model is trained and published
    notices = [row[1] for row, key in zip(table.rows, table.keys, strict=True) if key == "notice"]
    assert notices == [NOTICE_3_2, NOTICE_3_1] == list(app.attribution.notices)  # main first
    assert all(table.exact)


@pytest.mark.parametrize("name", ["4+3.3-outputs", "3.2+3.1-weights+3.3-outputs", "3.1+2-outputs"])
def test_every_format_prints_every_version_heading_verdict_and_quote(kb: KnowledgeBase, name: str) -> None:
    assessment = lineage_assessment(kb, name)
    view = _view(kb, assessment, name)
    for fmt, shown in formats(view).items():
        flat = squeezed(shown)
        record = fmt != "terminal"
        missing = [
            part
            for section in view.shown(record=record)
            for part in (section.heading, *(s for block in section.blocks for s in block_sentences(block)))
            if part.strip()
            and not (fmt == "terminal" and isinstance(section.blocks[0], Verdict) and part == section.heading)
            and squeezed(part) not in flat
        ]
        assert not missing, f"{fmt} leaves out: {missing[:3]}"
        for part in assessment.parts:  # each version's own deciding clause, quoted
            assert squeezed(part.reasons[0].source.quote) in flat, (fmt, part.version)
            assert squeezed(f"Verdict for {part.version_name}:") in flat, (fmt, part.version)


def test_the_quotes_and_notice_lines_of_every_version_in_the_markdown_report(
    kb: KnowledgeBase, app: Assessment
) -> None:
    report = render_markdown(_view(kb, app, "3.2+3.1-weights+3.3-outputs"))
    headings = markdown_headings(report)
    assert headings.index("Verdict") < headings.index("Llama 3.2 — the main model")
    assert headings.index("Llama 3.2 — the main model") < headings.index("Llama 3.1 — its weights")
    assert headings.index("Llama 3.1 — its weights") < headings.index("Llama 3.3 — its outputs")
    assert "## Llama 3.3 — its outputs" in report and "### Llama 3.3: why, the decision path" in report
    flat = " ".join(report.split())
    for line in (NOTICE_3_2, NOTICE_3_1):
        assert line in flat
    outputs = report.split("\n## Llama 3.3 — its outputs\n")[1].split("\n## ")[0]
    assert "*Llama 3.3 Community License Agreement, §1.a:*" in outputs  # its own clauses, quoted
    assert "Verdict for Llama 3.3:** **Permitted.**" in outputs


def test_the_name_prefix_owed_for_outputs_names_that_version(kb: KnowledgeBase, fine_tune: Assessment) -> None:
    view = _view(kb, fine_tune, "4+3.3-outputs")
    strings = view.section("strings")
    assert strings is not None
    table = next(block for block in strings.blocks if isinstance(block, Table))
    assert dict(((row[0], row[1]), row[2]) for row in table.rows)[("Model-name prefix", "Llama")] == (
        "Llama 4 and Llama 3.3"
    )
    outputs = render_markdown(view).split("\n## Llama 3.3 — its outputs\n")[1].split("\n## ")[0]
    assert f"“{PREFIX_QUOTE}”" in " ".join(outputs.split())  # the naming clause its outputs trigger, quoted


def test_other_parents_are_listed_with_their_licence_and_the_note(kb: KnowledgeBase, fine_tune: Assessment) -> None:
    view = _view(kb, fine_tune, "4+3.3-outputs", record=False)
    section = view.section("other_parents")
    assert section is not None and section.heading == "Other parent models, not Llama"
    text = " ".join(render_text(view).split())
    assert f"{QWEN['name']}. License given: {QWEN['license']}" in text
    assert fine_tune.other_parent_note and " ".join(fine_tune.other_parent_note.split()) in text
    keys = [s.key for s in view.sections]
    assert keys.index("strings") < keys.index("other_parents") < keys.index("part.0")


def test_the_details_and_the_answers_name_the_other_versions(kb: KnowledgeBase, app: Assessment) -> None:
    view = _view(kb, app, "3.2+3.1-weights+3.3-outputs")
    details = view.section("details")
    answers = view.section("answers")
    assert details is not None and answers is not None
    rows = dict(next(block for block in details.blocks if isinstance(block, Table)).rows)
    assert rows["Other Llama versions taken from"] == "Llama 3.1 (its weights); Llama 3.3 (only its outputs)"
    assert view.info.subject == "Llama license assessment of Llama 3.2 with Llama 3.1 and Llama 3.3"
    lineage = next(block for block in answers.blocks if isinstance(block, Table) and block.kind == "lineage")
    assert lineage.rows == (("Llama 3.1", "its weights"), ("Llama 3.3", "only its outputs"))
    texts = view.section("texts")
    assert texts is not None
    listed = " ".join(s for block in texts.blocks for s in block_sentences(block))
    for title in ("Llama 3.1 Community License Agreement", "Llama 3.2 Community License Agreement",
                  "Llama 3.3 Community License Agreement"):  # fmt: skip
        assert title in listed


def test_the_saved_answers_hold_the_lineage(kb: KnowledgeBase, fine_tune: Assessment) -> None:
    import yaml

    section = _view(kb, fine_tune, "4+3.3-outputs").section("answers_file")
    assert section is not None
    saved = yaml.safe_load(section.blocks[-1].text)  # type: ignore[union-attr]
    assert saved["format"] == 3
    assert saved["lineage"] == [{"version": "3.3", "takes": "outputs"}]
    assert saved["other_parents"] == [QWEN]


def test_one_version_renders_without_lineage_sections(kb: KnowledgeBase) -> None:
    answers = ANSWERS["3.1"]
    view = assessment_view(kb, assess(kb, answers), answers)
    keys = [section.key for section in view.sections]
    assert not [key for key in keys if key.startswith("part.") or key == "other_parents"]
    assert {"decision_path", "strings", "duties"} <= set(keys)
    assert "Required by the agreement" not in render_markdown(view)


@needs_poppler
def test_the_pdf_holds_every_version_section(kb: KnowledgeBase, app: Assessment, tmp_path: Path) -> None:
    view = _view(kb, app, "3.2+3.1-weights+3.3-outputs")
    path = tmp_path / "lineage.pdf"
    path.write_bytes(view_pdf(view))
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    flat = squeezed(text)
    for section in view.sections:
        assert squeezed(section.heading) in flat, section.heading
    for line in (NOTICE_3_2, NOTICE_3_1):
        assert squeezed(line) in flat
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True
        )
        assert list(tmp_path.glob("p*.png"))


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lineage-app-3.2-with-3.3.yaml"


@pytest.mark.skipif(not EXAMPLE.is_file(), reason="needs examples/lineage-app-3.2-with-3.3.yaml")
def test_what_an_entry_gives_for_its_version_is_said(kb: KnowledgeBase) -> None:
    import yaml

    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assessment = assess(kb, raw)
    view = assessment_view(kb, assessment, raw, record=False)
    number, entry = next((n, part.entry) for n, part in enumerate(assessment.lineage, 1) if part.entry.access)
    section = view.section(f"part.{number}")
    assert section is not None
    said = " ".join(s for block in section.blocks for s in block_sentences(block))
    question = kb.question("access")
    label = next(choice.label for choice in question.choices if choice.value == entry.access)
    assert f"Given for this version, “{question.label}”: {' '.join(label.split())}." in " ".join(said.split())
