"""Plain-text rendering of an assessment and of the interview, for the terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.engine.compiled import compiled
from advisor.model import Assessment, KnowledgeBase
from advisor.render.text import render_text, wrap
from advisor.rules.wording import say


def render_assessment(assessment: Assessment, kb: KnowledgeBase, raw_answers: Mapping[str, Any] | None = None) -> str:
    """The assessment as terminal text: the result view's own sections."""
    from advisor.render.assessment_view import assessment_view

    return render_text(assessment_view(kb, assessment, raw_answers, record=False))


def render_questions(kb: KnowledgeBase) -> str:
    fill, wording = compiled(kb).fill, kb.wording
    out = [wrap(wording["questions.intro"]), ""]
    out.append(wrap(wording["questions.format"]))
    out.append(wrap(wording["questions.markers"]))
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
            out.append(wrap(say(wording, "questions.how", detail=fill(question.help, None)), "    "))
        out.append(wrap(say(wording, "questions.why", reason=fill(question.why, None)), "    "))
        out.append("")
    return "\n".join(out)
