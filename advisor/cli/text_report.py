"""Plain-text rendering of an assessment and of the interview, for the terminal."""

from __future__ import annotations

import textwrap

from advisor.model import Assessment, KnowledgeBase, Source
from advisor.render.wording import NOT_LEGAL_ADVICE

WIDTH = 88


def wrap(text: str, indent: str = "", width: int = WIDTH, hang: str = "") -> str:
    """Fill text; `hang` is extra indentation for the lines after the first."""
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent + hang)


def cite(source: Source, title: str, indent: str) -> str:
    head = wrap(f"{title}, {source.section}:", indent)
    return head + "\n" + wrap(f"“{' '.join(source.quote.split())}”", indent + "  ")


def render_assessment(assessment: Assessment, kb: KnowledgeBase) -> str:
    out: list[str] = []
    out.append(f"{assessment.version_name}: {kb.verdict_labels[assessment.verdict].upper()}")
    out.append("")
    out.append("What you must do:")
    if not assessment.obligations:
        out.append("  The advisor can list no obligations for these answers; see the caveats below.")
    for obligation in assessment.obligations:
        out.append(f"  [ ] {kb.obligation_titles[obligation.id]} ({obligation.id})")
        out.append(wrap(obligation.text, "      "))
    out.append("")
    out.append("Exact strings:")
    attribution = assessment.attribution
    width = max(len(label) for label in kb.attribution_labels.values()) + 2
    for key, label in kb.attribution_labels.items():
        value = getattr(attribution, key)
        out.append(f"  {label + ':':{width}}{value if value is not None else '(not required)'}")
    out.append("")
    out.append("Why (the decision path):")
    for number, reason in enumerate(assessment.reasons, start=1):
        out.append(wrap(f"{number}. [{reason.rule}] {reason.text}", "  ", hang="   "))
        out.append(cite(reason.source, reason.document_title, "     "))
    if assessment.notes:
        out.append("")
        out.append("Caveats and points where the texts are unclear:")
        for note in assessment.notes:
            out.append(wrap(f"- {note.title} [{note.rule}]: {note.text}", "  ", hang="  "))
            out.append(cite(note.source, note.document_title, "    "))
    if assessment.unused:
        out.append("")
        out.append("Answers given but not needed for this case: " + ", ".join(assessment.unused))
    out.append("")
    out.append(f"Ruleset {assessment.ruleset_version} (sha256 {assessment.ruleset_sha256})")
    out.append(wrap(NOT_LEGAL_ADVICE))
    return "\n".join(out) + "\n"


def render_questions(kb: KnowledgeBase) -> str:
    out = ["Answers-file keys, in interview order. Only questions relevant to earlier answers", "are required.", ""]
    for question in kb.questions:
        out.append(f"{question.id} ({question.type}): {question.label}")
        out.append(wrap(question.prompt, "    "))
        if question.choices:
            for choice in question.choices:
                out.append(wrap(f'- "{choice.value}": {choice.label}', "      ", hang="  "))
        if question.type == "multi":
            for category_id, category in kb.aup_categories.items():
                if category_id in question.exclude:
                    continue
                versions = ", ".join(category.texts)
                out.append(wrap(f"- {category_id}: {category.label} (Llama {versions})", "      ", hang="  "))
        if question.type == "int" and question.minimum is not None:
            out.append(f"    a whole number, {question.minimum} or more")
        out.append(wrap("Why we ask: " + question.why, "    "))
        out.append("")
    return "\n".join(out)
