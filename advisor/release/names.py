"""What a model name, a Hub licence id or an architecture says about the Llama version."""

from __future__ import annotations

import re

from advisor.model import KnowledgeBase

# "Llama-3.1-8B", "Meta-Llama-3-8B", "llama3_1", "Llama-2-7b", "Llama-4-Scout"; not "TinyLlama-1.1B"
_NAME = re.compile(r"(?<![a-z])(code)?llama[-_ ]?(\d)(?:[._p](\d)(?!\d))?", re.IGNORECASE)
_VISION = re.compile(r"vision", re.IGNORECASE)


def version_from_name(name: str, kb: KnowledgeBase) -> tuple[str | None, bool | None]:
    """(version, multimodal) a model name or repo id points to, or (None, None)."""
    for facts in kb.versions.values():  # versions.yaml name_aliases, e.g. "codellama" for Llama 2
        for alias in facts.name_aliases:
            if re.search(rf"(?<![a-z]){re.escape(alias)}", name, re.IGNORECASE):
                return facts.id, facts.multimodal_models == "all"
    for match in _NAME.finditer(name):
        major, minor = match.group(2), match.group(3)
        version = f"{major}.{minor}" if minor else major
        found = kb.versions.get(version)
        if found is not None and found.published_agreement:  # "Llama 1" names prove nothing licensable
            vision = bool(_VISION.search(name)) if found.multimodal_models == "some" else None
            return version, vision or None
    return None, None


def version_from_architecture(name: str, kb: KnowledgeBase) -> str | None:
    """The version whose multimodal models alone use this architecture name (versions.yaml)."""
    return next((facts.id for facts in kb.versions.values() if name in facts.multimodal_architectures), None)


def version_from_license_id(license_id: str, kb: KnowledgeBase) -> str | None:
    wanted = license_id.strip().lower()
    for facts in kb.versions.values():
        if facts.hub_license_id and facts.hub_license_id.lower() == wanted:
            return facts.id
    return None


def is_llama_license_id(license_id: str) -> bool:
    return bool(re.fullmatch(r"llama[\d.]*", license_id.strip().lower()))
