"""The interview answers a checked release settles: its version, and multimodal where asked."""

from __future__ import annotations

from typing import Any

from advisor.engine.compiled import compiled
from advisor.model import KnowledgeBase
from advisor.release.records import CheckResult
from advisor.rules.visible import escaped


class PrefillError(Exception):
    """The release does not settle one version; the text says why in one line."""


def interview_answers(result: CheckResult, kb: KnowledgeBase) -> dict[str, Any]:
    """{"version": …} from one model, plus "multimodal" where the interview asks it for that version."""
    path = escaped(result.path)  # text from the checked files is shown escaped
    if not result.models:
        raise PrefillError(f"{path}: no Llama model found, so there is nothing to fill in")
    versions = {m.version for m in result.models}
    if len(versions) > 1 or None in versions:
        if len(result.models) == 1:
            raise PrefillError(f"{path}: the Llama version is not settled: {escaped(result.models[0].conflicts[0])}")
        found = ", ".join(f"{escaped(m.path)} ({m.version or 'version not settled'})" for m in result.models)
        raise PrefillError(f"{path} holds several models ({found}); choose one folder or file")
    model = result.models[0]
    answers: dict[str, Any] = {"version": model.version}
    multimodal = {m.multimodal for m in result.models}
    if len(multimodal) == 1 and model.multimodal is not None and _asked(kb, "multimodal", answers):
        answers["multimodal"] = model.multimodal
    return answers


def _asked(kb: KnowledgeBase, question_id: str, answers: dict[str, Any]) -> bool:
    """Whether the interview asks question_id once these answers are given (the questions.yaml condition)."""
    entry = next((entry for entry in compiled(kb).questions if entry.question.id == question_id), None)
    return entry is not None and entry.relevant(answers, kb.versions[answers["version"]])
