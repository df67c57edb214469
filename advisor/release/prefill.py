"""The interview answers a checked release settles: its version, and multimodal where asked."""

from __future__ import annotations

from typing import Any

from advisor.release.records import CheckResult


class PrefillError(Exception):
    """The release does not settle one version; the text says why in one line."""


def interview_answers(result: CheckResult) -> dict[str, Any]:
    """{"version": …} (plus "multimodal" for Llama 3.2, where it is a real question) from one model."""
    if not result.models:
        raise PrefillError(f"{result.path}: no Llama model found, so there is nothing to fill in")
    versions = {m.version for m in result.models}
    if len(versions) > 1 or None in versions:
        if len(result.models) == 1:
            raise PrefillError(f"{result.path}: the Llama version is not settled: {result.models[0].conflicts[0]}")
        found = ", ".join(f"{m.path} ({m.version or 'version not settled'})" for m in result.models)
        raise PrefillError(f"{result.path} holds several models ({found}); choose one folder or file")
    model = result.models[0]
    answers: dict[str, Any] = {"version": model.version}
    multimodal = {m.multimodal for m in result.models}
    if model.version == "3.2" and len(multimodal) == 1 and model.multimodal is not None:
        answers["multimodal"] = model.multimodal
    return answers
