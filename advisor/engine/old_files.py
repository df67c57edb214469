"""Open points of a v0.1.0 answers file: answers its questions did not really give.

A v0.1.0 interview asked fewer questions, and some of its labels fitted more than one
case. Where the reading of such an answer decides the result, the assessment says so
in a note (worded in wording.yaml's `old_file` group, citing the clause that makes it
matter) and is not settled.
"""

from __future__ import annotations

from typing import Any

from advisor.engine.answers_format import OLD_TRAINING_KEY, UpgradedAnswers
from advisor.engine.compiled import compiled
from advisor.model import KnowledgeBase, Note, SourceRef, VersionFacts
from advisor.rules.wording import say


def old_file_doubts(
    kb: KnowledgeBase, facts: VersionFacts, values: dict[str, Any], upgraded: UpgradedAnswers
) -> tuple[Note, ...]:
    """The notes for a format-1 file's answers whose reading decides the result (none otherwise)."""
    if upgraded.format != 1:
        return ()
    found: list[tuple[str, str]] = []  # (wording key, question whose clause it cites)
    mapped = {item.old_key: item for item in upgraded.mapped}
    if OLD_TRAINING_KEY in mapped and values.get("other_model_kind") == "same_llama" and facts.outputs_restriction:
        found.append(("same_llama", "other_model_kind"))
    if "eu_affiliates_involved" in upgraded.filled and "eu_affiliates_involved" in values:
        found.append(("eu_affiliates", "eu_affiliates_involved"))
    if values.get("role") == "end_user" and facts.eu_multimodal_restriction and values.get("multimodal") is True:
        found.append(("end_user", "role"))
    if "weights_from_meta" in upgraded.filled and "weights_from_meta" in values:
        found.append(("weights_from_meta", "weights_from_meta"))
    return tuple(_note(kb, facts, key, question_id) for key, question_id in found)


def _note(kb: KnowledgeBase, facts: VersionFacts, key: str, question_id: str) -> Note:
    ck = compiled(kb)
    ref: SourceRef = kb.question(question_id).source
    source, title = ck.cite(ref, facts, f"old-file:{question_id}")
    text = say(kb.wording, f"old_file.{key}", version_name=facts.name)
    return Note(
        f"OLD-FILE-{key.upper().replace('_', '-')}", say(kb.wording, "old_file.title"), text, source, title, True
    )
