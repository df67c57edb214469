"""Reads a model folder's files and works out the Llama version from every piece of evidence."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from advisor.model import KnowledgeBase
from advisor.release.card import Card, as_list, line_of_value, read_card
from advisor.release.fingerprint import LicenseMatch, match_license
from advisor.release.gguf_header import GGUFError, read_metadata
from advisor.release.names import (
    is_llama_license_id,
    version_from_architecture,
    version_from_license_id,
    version_from_name,
)
from advisor.release.records import Evidence
from advisor.release.tree import Folder, InputError
from advisor.rules.wording import say

LICENSE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "LICENCE.txt", "LICENCE.md")
NOTICE_NAMES = ("NOTICE", "NOTICE.txt", "NOTICE.md")
TEXT_MATCHES = {"exact": "check.text_exact", "whitespace": "check.text_whitespace"}
"""How a LICENSE file matches its agreement, in the evidence list's words (any other: modified)."""


class Gathered(NamedTuple):
    folder: Folder
    card: Card | None
    license_file: str | None
    license_match: LicenseMatch | None
    notice_file: str | None
    use_policy_file: str | None
    gguf: dict[str, dict[str, Any]]  # file name -> metadata
    evidence: tuple[Evidence, ...]
    has_config: bool


def gather(folder: Folder, kb: KnowledgeBase, gguf_names: list[str] | None = None) -> Gathered:
    evidence: list[Evidence] = []
    card = None
    readme = folder.find("README.md")
    if readme:
        card = read_card(folder.read_text(readme))
        evidence += _card_evidence(folder, readme, card, kb)
    license_file = folder.find(*LICENSE_NAMES)
    license_match = None
    if license_file:
        license_match = match_license(folder.read_text(license_file), kb)
        if license_match.version and license_match.document:
            detail = say(kb.wording, TEXT_MATCHES.get(license_match.kind, "check.text_modified"))
            evidence.append(
                Evidence(
                    folder.where(license_file, 1),
                    "license_text",
                    f"{kb.documents[license_match.document].title} ({detail})",
                    license_match.version,
                )
            )
    evidence += _config_evidence(folder, kb)
    metadata: dict[str, dict[str, Any]] = {}
    for name in folder.matching(".gguf") if gguf_names is None else gguf_names:
        metadata[name] = _read_gguf(folder, name)
        evidence += gguf_evidence(folder.where(name), metadata[name], kb)
    return Gathered(
        folder,
        card,
        license_file,
        license_match,
        folder.find(*NOTICE_NAMES),
        folder.find("USE_POLICY.md", "USE_POLICY.txt", "USE_POLICY"),
        metadata,
        tuple(evidence),
        bool(folder.find("config.json", "adapter_config.json")),
    )


def _read_gguf(folder: Folder, name: str) -> dict[str, Any]:
    try:
        with folder.open(name) as handle:
            return read_metadata(handle)
    except (GGUFError, OSError, ValueError, EOFError) as exc:
        raise InputError(f"{folder.where(name)}: cannot read the GGUF header: {exc}") from None


def _card_evidence(folder: Folder, readme: str, card: Card, kb: KnowledgeBase) -> list[Evidence]:
    found: list[Evidence] = []
    for key in ("license", "license_name"):
        for value in as_list(card.meta.get(key)):
            version = version_from_license_id(value, kb)
            if version or is_llama_license_id(value):
                where = folder.where(readme, line_of_value(card, key, value))
                found.append(Evidence(where, "license_id", f"{key}: {value}", version))
    for value in as_list(card.meta.get("license_link")):
        version, _ = version_from_name(value, kb)
        if version:
            where = folder.where(readme, line_of_value(card, "license_link", value))
            found.append(Evidence(where, "license_id", f"license_link: {value}", version))
    for value in as_list(card.meta.get("base_model")):
        version, multimodal = version_from_name(value, kb)
        if version:
            where = folder.where(readme, line_of_value(card, "base_model", value))
            found.append(Evidence(where, "base_model", f"base_model: {value}", version, True, multimodal))
    return found


def _config_evidence(folder: Folder, kb: KnowledgeBase) -> list[Evidence]:
    found: list[Evidence] = []
    adapter = folder.find("adapter_config.json")
    if adapter:
        data = _json(folder, adapter)
        base = data.get("base_model_name_or_path")
        if isinstance(base, str):
            version, multimodal = version_from_name(base, kb)
            if version:
                where = folder.where(adapter, _line(folder, adapter, "base_model_name_or_path"))
                found.append(
                    Evidence(where, "adapter_base", f"base_model_name_or_path: {base}", version, True, multimodal)
                )
    config = folder.find("config.json")
    if config:
        data = _json(folder, config)
        for architecture in as_list(data.get("architectures")):
            version = version_from_architecture(architecture, kb) if isinstance(architecture, str) else None
            if version:
                where = folder.where(config, _line(folder, config, architecture))
                found.append(Evidence(where, "architecture", architecture, version, True, True))
        model_type = data.get("model_type")
        version = version_from_architecture(model_type, kb) if isinstance(model_type, str) else None
        if version and not found:
            where = folder.where(config, _line(folder, config, "model_type"))
            found.append(Evidence(where, "architecture", f"model_type: {model_type}", version, True, True))
    return found


def gguf_evidence(where: str, meta: dict[str, Any], kb: KnowledgeBase) -> list[Evidence]:
    found: list[Evidence] = []
    for value in as_list(meta.get("general.license")):
        version = version_from_license_id(value, kb)
        if version or is_llama_license_id(value):
            found.append(Evidence(where, "gguf", f"general.license: {value}", version))
    count = meta.get("general.base_model.count")
    for index in range(count if isinstance(count, int) and count < 64 else 0):
        for field in ("repo_url", "organization", "name"):
            named = meta.get(f"general.base_model.{index}.{field}")
            if isinstance(named, str):
                version, multimodal = version_from_name(named, kb)
                if version:
                    key = f"general.base_model.{index}.{field}"
                    found.append(Evidence(where, "gguf", f"{key}: {named}", version, True, multimodal))
                    break
    architecture = meta.get("general.architecture")
    version = version_from_architecture(architecture, kb) if isinstance(architecture, str) else None
    if version:
        found.append(Evidence(where, "gguf", f"general.architecture: {architecture}", version, True, True))
    for field in ("general.name", "general.basename", "general.finetune"):
        named = meta.get(field)
        if isinstance(named, str):
            version, multimodal = version_from_name(named, kb)
            if version:
                found.append(Evidence(where, "name", f"{field}: {named}", version, False, multimodal))
    return found


def _json(folder: Folder, name: str) -> dict[str, Any]:
    try:
        data = json.loads(folder.read_text(name))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _line(folder: Folder, name: str, needle: str) -> int | None:
    for number, line in enumerate(folder.read_text(name).splitlines(), 1):
        if needle in line:
            return number
    return None
