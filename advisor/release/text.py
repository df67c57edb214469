"""The check result as text for a terminal (text read from the checked files is shown escaped)."""

from __future__ import annotations

import textwrap

from advisor.release.records import CheckResult, ModelReport
from advisor.rules.visible import escaped

WIDTH = 88
SYMBOL = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "not_applicable": "n/a "}


def render_check(result: CheckResult) -> str:
    if not result.models:
        return (
            f"{escaped(result.path)}: no Llama model found (no Llama license id, agreement text, base model, "
            "architecture or GGUF metadata). Nothing to check.\n"
        )
    parts = [_model(model) for model in result.models]
    if len(result.models) > 1:
        parts.append(f"Overall: {result.result.upper()} ({len(result.models)} models)\n")
    return "\n".join(parts)


def _model(model: ModelReport) -> str:
    out = [escaped(model.path)]
    version = f"Llama version: {_version(model)}"
    if model.multimodal is not None:
        version += " (multimodal)" if model.multimodal else " (text only)"
    out.append(f"  {version}")
    out.append(f"  Name: {escaped(model.name) if model.name else '(none found)'}")
    if model.licenses:
        scancode = model.licenses["scancode"] or "none"
        out.append(f"  License: {model.licenses['title']} (Hub id {model.licenses['hub']}, ScanCode {scancode})")
    out.append("  Evidence:")
    for item in model.evidence:
        out.append(f"    - {escaped(item.where)}: {escaped(item.value)}")
    for conflict in model.conflicts:
        out.append(_wrap(f"CONFLICT: {escaped(conflict)}", "  "))
    out.append("  Checks:")
    for check in model.checks:
        out.append(_wrap(f"{SYMBOL[check.status]}  {check.id}: {escaped(check.text)}", "    ", "          "))
        if check.fix and check.status in ("warn", "fail"):
            out.append(_wrap(f"Fix: {escaped(check.fix)}", "          "))
        if check.source and check.status in ("warn", "fail"):
            cited = check.source
            out.append(_wrap(f'{cited["title"]}, {cited["section"]}: "{cited["quote"]}"', "          "))
    out.append(f"  Result: {model.result.upper()}")
    return "\n".join(out) + "\n"


def _version(model: ModelReport) -> str:
    if model.version is None:
        return "not settled"
    return model.version


def _wrap(text: str, indent: str, rest: str | None = None) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=rest or indent)
