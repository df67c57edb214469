"""Plain-text rendering of an assessment and of the interview, for the terminal."""

from __future__ import annotations

import textwrap

from advisor.engine.compiled import compiled
from advisor.engine.explain import deciding_reason
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
    reason = deciding_reason(kb, assessment)
    if reason is not None:
        out.append(wrap(reason.text))
    if assessment.certainty == "unsettled":
        out.append("")
        out.append(wrap(f"UNSETTLED: {' '.join(kb.certainty_labels['unsettled'].split())}"))
    _next_steps(out, assessment)
    _answers_read(out, assessment, kb)
    out.append("")
    if assessment.licensed:
        _duties(out, assessment, kb)
    else:
        _not_licensed(out, assessment, kb)
    out.append("")
    out.append("Why (the decision path):")
    for number, reason in enumerate(assessment.reasons, start=1):
        out.append(wrap(f"{number}. {reason.text} [rule {reason.rule}]", "  ", hang="   "))
        out.append(cite(reason.source, reason.document_title, "     "))
    if assessment.notes:
        out.append("")
        out.append("Caveats and points where the texts are unclear:")
        for note in assessment.notes:
            mark = "Open point: " if note.unsettled and not note.title.startswith("Open point") else ""
            out.append(wrap(f"- {mark}{note.title}: {note.text}", "  ", hang="  "))
            out.append(cite(note.source, note.document_title, "    "))
    if assessment.terms:
        out.append("")
        out.append("Standing terms of the license (they bind every licensee):")
        for term in assessment.terms:
            out.append(wrap(f"- {term.title}: {term.text}", "  ", hang="  "))
            out.append(cite(term.source, term.document_title, "    "))
    if assessment.unused:
        out.append("")
        out.append("Answers given but not needed for this case: " + ", ".join(assessment.unused))
    out.append("")
    out.append(f"Ruleset {assessment.ruleset_version} (sha256 {assessment.ruleset_sha256})")
    out.append(wrap(NOT_LEGAL_ADVICE))
    return "\n".join(out) + "\n"


def _next_steps(out: list[str], assessment: Assessment) -> None:
    if not assessment.next_steps:
        return
    out.append("")
    out.append("Next steps:")
    for step in assessment.next_steps:
        out.append(wrap(f"- {step.text}", "  ", hang="  "))
        out.append(cite(step.source, step.document_title, "    "))


def _answers_read(out: list[str], assessment: Assessment, kb: KnowledgeBase) -> None:
    """Say how an older answers file was read: keys mapped, values assumed."""
    if not (assessment.mapped or assessment.assumed):
        return
    out.append("")
    out.append(wrap("This answers file has no `format` key, so it was read as a v0.1.0 file:"))
    for item in assessment.mapped:
        out.append(wrap(f"- read {item.old_key}: {_yaml(item.old_value)} as {item.key}: {item.value}", "  ", hang="  "))
    for key, value in assessment.assumed.items():
        label = kb.question(key).label
        out.append(wrap(f"- assumed {key}: {_yaml(value)} ({label}), as v0.1.0 implied", "  ", hang="  "))


def _yaml(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _duties(out: list[str], assessment: Assessment, kb: KnowledgeBase) -> None:
    facts = kb.versions[assessment.version]
    out.append("What you must do:")
    if not assessment.obligations:
        out.append("  The advisor can list no obligations for these answers; see the caveats below.")
    for obligation in assessment.obligations:
        out.append(f"  [ ] {kb.obligation_titles[obligation.id]}")
        out.append(wrap(obligation.text, "      "))
    out.append("")
    out.append("Exact strings:")
    width = max(len(label) for label in kb.attribution_labels.values()) + 2
    missing = "(not required)" if facts.published_agreement else "(unknown: check the terms Meta granted you)"
    for key, label in kb.attribution_labels.items():
        value = getattr(assessment.attribution, key)
        out.append(f"  {label + ':':{width}}{value if value is not None else missing}")


def _not_licensed(out: list[str], assessment: Assessment, kb: KnowledgeBase) -> None:
    out.append(wrap("The use described is not licensed as planned. Do not go ahead on the strength of this report."))
    for obligation in assessment.obligations:
        out.append(wrap(f"Binding now: {kb.obligation_titles[obligation.id]}. {obligation.text}", "  ", hang="  "))
    if assessment.if_licensed:
        out.append("")
        out.append("Duties that would apply under a license (for reference only):")
        for obligation in assessment.if_licensed:
            out.append(wrap(f"- {kb.obligation_titles[obligation.id]}: {obligation.text}", "  ", hang="  "))


def render_questions(kb: KnowledgeBase) -> str:
    fill = compiled(kb).fill
    out = ["Answers-file keys, in interview order. Only questions relevant to earlier answers", "are required.", ""]
    out.append('Start a file with "format: 2"; a file without it is read as a v0.1.0 file.')
    out.append("Text in <angle brackets> is filled in for the version chosen.")
    out.append("")
    for question in kb.questions:
        out.append(f"{question.id} ({question.type}): {question.label}")
        out.append(wrap(fill(question.prompt, None), "    "))
        if question.choices:
            for choice in question.choices:
                out.append(wrap(f'- "{choice.value}": {fill(choice.label, None)}', "      ", hang="  "))
        if question.type == "multi":
            for category_id, category in kb.aup_categories.items():
                if category_id in question.exclude:
                    continue
                versions = ", ".join(category.texts)
                out.append(wrap(f"- {category_id}: {category.label} (Llama {versions})", "      ", hang="  "))
        if question.type == "int" and question.minimum is not None:
            extra = " (or one of the words above)" if question.choices else ""
            out.append(f"    a whole number, {question.minimum} or more{extra}")
        if question.help:
            out.append(wrap("How to answer: " + fill(question.help, None), "    "))
        out.append(wrap("Why we ask: " + fill(question.why, None), "    "))
        out.append("")
    return "\n".join(out)
