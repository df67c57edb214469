"""The Markdown and HTML report, ATTRIBUTION.md, and Markdown escaping."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime

import jinja2
import markdown
import pytest
from render_support import ANSWERS, INJECTIONS, LICENSE_REQUIRED, PROHIBITED, html_text

from advisor import __version__
from advisor.engine import assess
from advisor.engine.compiled import compiled
from advisor.model import KnowledgeBase
from advisor.render.attribution import attribution_markdown
from advisor.render.context import ReportDetails
from advisor.render.environment import markdown_environment
from advisor.render.escaping import code, escape_markdown
from advisor.render.report import markdown_headings, report_html, report_markdown

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
HOSTILE = ReportDetails(
    title=INJECTIONS[0] + " report",
    product=" ".join(INJECTIONS),
    organisation="Acme & Co. | Legal [x](http://evil.example) `tick`",
    assessor="# not a heading",
    generated=WHEN,
)


def _rendered_text(text: str) -> str:
    return " ".join(html_text(markdown.markdown(text, extensions=["tables"])).split())


@pytest.mark.parametrize(
    "value",
    [
        *INJECTIONS,
        "a | b",
        "1. not a list",
        "- not a bullet",
        "+ nor this",
        "# no heading",
        "[link](http://x)",
        "![img](x.png)",
        "back\\slash",
        "`code`",
        "&amp; stays",
        "under_score_s",
        "> not a quote",
        "trailing  spaces  ",
    ],
)
def test_escaped_markdown_renders_as_the_literal_text(value: str) -> None:
    escaped = escape_markdown(value)
    assert _rendered_text(escaped) == " ".join(value.split())
    assert _rendered_text(f"| a |\n|---|\n| {escaped} |") == "a " + " ".join(value.split())
    assert "<" not in escaped and ">" not in escaped


def test_code_span_holds_backticks() -> None:
    assert _rendered_text(code("a `b` c")) == "a `b` c"


def test_every_printed_value_is_escaped_and_none_is_refused() -> None:
    env = markdown_environment()
    assert env.from_string("{{ x }}").render(x="**b**") == "\\*\\*b\\*\\*"
    assert env.from_string("{{ x|code }}").render(x="**b**") == "`**b**`"
    with pytest.raises(ValueError):
        env.from_string("{{ x }}").render(x=None)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


@pytest.mark.parametrize("version", list(ANSWERS))
def test_report_holds_every_part(kb: KnowledgeBase, version: str) -> None:
    answers = ANSWERS[version]
    assessment = assess(kb, answers)
    text = report_markdown(kb, assessment, answers, ReportDetails(product="Acme Chat", generated=WHEN))
    plain = _rendered_text(text)
    assert "Acme Chat" in plain
    assert "2026-01-02 03:04:05 UTC" in plain
    assert f"Llama License Advisor {__version__}" in plain
    assert assessment.ruleset_version in plain and assessment.ruleset_sha256 in plain
    assert kb.wording["verdict.not_legal_advice"] in plain
    for question in kb.questions:
        if question.id in assessment.answers:
            assert compiled(kb).fill(question.prompt, kb.versions[assessment.version]) in plain, question.id
    for obligation in assessment.obligations:
        assert " ".join(obligation.text.split()) in plain
    for reason in assessment.reasons:
        assert " ".join(reason.text.split()) in plain, reason.rule
        assert " ".join(reason.source.quote.split()) in plain, reason.rule
        assert reason.source.section in plain
    for note in assessment.notes:
        assert " ".join(note.source.quote.split()) in plain, note.rule
    facts = kb.versions[version]
    for doc_id in (facts.agreement, facts.use_policy):
        if doc_id:
            assert kb.documents[doc_id].title in plain and kb.documents[doc_id].file.split("/")[-1] in plain
    assert "- [ ] **" in text or not assessment.obligations


def test_verdict_in_words(kb: KnowledgeBase) -> None:
    for answers, words in (
        (ANSWERS["3.1"], "Permitted."),
        (
            LICENSE_REQUIRED,
            "License required: request a separate license from Meta. The use described is not licensed.",
        ),
        (PROHIBITED, "Prohibited. The use described is not licensed."),
    ):
        assessment = assess(kb, answers)
        text = report_markdown(kb, assessment, answers)
        assert words in _rendered_text(text)
        # a checklist only when the use may go ahead (issue 8 §6); otherwise the duties are for reference
        ticks = len(re.findall(r"^- \[ \] ", text, re.MULTILINE))
        assert ticks == (len(assessment.obligations) if assessment.verdict == "permitted" else 0)
        assert assessment.verdict != "permitted" or ticks > 0


def test_llama1_report_says_there_is_no_agreement(kb: KnowledgeBase) -> None:
    answers = ANSWERS["1"]
    plain = _rendered_text(report_markdown(kb, assess(kb, answers), answers))
    assert "Llama 1 has no published license agreement" in plain
    assert "not Meta's text" in plain
    # quoted only as risks to check (issue 8 §7), and listed as what it is
    assert "quotes it only to list risks to check against your grant" in plain
    assert "(Unofficial copy (not Meta's text))" in plain
    assert "License agreement)" not in plain


def test_unused_and_implied_answers_are_shown(kb: KnowledgeBase) -> None:
    answers = {**ANSWERS["1"], "mau": 12345}
    plain = _rendered_text(report_markdown(kb, assess(kb, answers), answers))
    assert "Given, but not needed for this case" in plain
    assert "12,345" in plain
    assert "follows from the version; not asked" in plain


def test_user_fields_stay_literal_in_markdown_and_html(kb: KnowledgeBase) -> None:
    answers = ANSWERS["3.1"]
    assessment = assess(kb, answers)
    text = report_markdown(kb, assessment, answers, HOSTILE)
    assert "<script" not in text
    assert "{{ 7\\*7 }}" in text
    rendered = markdown.markdown(text, extensions=["tables"])
    page = report_html(kb, assessment, answers, HOSTILE)
    for markup in (rendered, page):
        assert "<script" not in markup
        assert "<strong>bold</strong>" not in markup
        assert 'href="http://evil.example"' not in markup
        shown = " ".join(html_text(markup).split())
        for value in INJECTIONS:
            assert value in shown
        assert "Acme & Co. | Legal [x](http://evil.example) `tick`" in shown
        assert "# not a heading" in shown
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; report</title>" in page
    assert markdown_headings(text)[0] == INJECTIONS[0] + " report"


def test_html_is_one_page_with_the_markdown_headings(kb: KnowledgeBase) -> None:
    answers = ANSWERS["3.1"]
    assessment = assess(kb, answers)
    details = ReportDetails(generated=WHEN)
    text = report_markdown(kb, assessment, answers, details)
    page = report_html(kb, assessment, answers, details)
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<body>") == 1
    headings = [html_text(h).strip() for h in re.findall(r"<h[1-6]>(.*?)</h[1-6]>", page)]
    assert headings == markdown_headings(text)
    assert "\N{BALLOT BOX}" in page


def test_attribution_per_version(kb: KnowledgeBase) -> None:
    for version in ("3", "3.1", "4"):
        facts = kb.versions[version]
        text = attribution_markdown(kb, assess(kb, ANSWERS[version]), ANSWERS[version])
        plain = _rendered_text(text)
        assert facts.built_with in plain and "Where: prominently" in plain
        assert f"{facts.name_prefix} Acme Assistant Yes" in plain
        assert f"Acme Assistant {facts.name_prefix} No" in plain
        assert facts.notice in plain
    assert "Llama Acme Assistant No begins with “Llama”, but the prefix is “Llama 3”" in _rendered_text(
        attribution_markdown(kb, assess(kb, ANSWERS["3"]), ANSWERS["3"])
    )
    llama2 = _rendered_text(attribution_markdown(kb, assess(kb, ANSWERS["2"]), ANSWERS["2"]))
    assert "For Llama 2, no “Built with” phrase and no model-name prefix are required." in llama2
    assert "has no naming rule" in llama2 and "§5.a" in llama2
    assert "Acme Assistant" not in llama2
    llama1 = _rendered_text(attribution_markdown(kb, assess(kb, ANSWERS["1"]), ANSWERS["1"]))
    assert "No published agreement" in llama1 and "#234" in llama1 and "not Meta's text" in llama1


def test_attribution_says_when_a_duty_is_not_triggered(kb: KnowledgeBase) -> None:
    answers = {**ANSWERS["3.1"], "distributes": False, "trains_other_model": False}
    for key in ("ships_copies", "other_model_kind", "other_model_distributed"):
        answers.pop(key)
    plain = _rendered_text(attribution_markdown(kb, assess(kb, answers), answers))
    # the "Built with" phrase, the name prefix, and the Notice file (no copy is handed out)
    assert plain.count("Needed for this use: no") == 3


def test_report_uses_the_knowledge_base_titles(kb: KnowledgeBase) -> None:
    answers = ANSWERS["3.1"]
    plain = _rendered_text(report_markdown(kb, assess(kb, answers), answers))
    for obligation_id in ("license_copy", "built_with", "notice", "name_prefix", "acceptable_use"):
        assert kb.obligation_titles[obligation_id] in plain


def test_rendering_modules_do_not_load_qt() -> None:
    probe = (
        "import sys, advisor.render.report, advisor.render.bundle, advisor.render.pdf, advisor.cli.documents\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_document_commands_module_loads_no_template_engine() -> None:
    probe = (
        "import sys, advisor.cli.documents\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'jinja2', 'markdown', 'docx')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
