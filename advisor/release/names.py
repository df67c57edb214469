"""What a model name, a Hub licence id or an architecture says about the Llama version."""

from __future__ import annotations

import re

from advisor.model import KnowledgeBase

# "Llama-3.1-8B", "Meta-Llama-3-8B", "llama3_1", "Llama-2-7b", "Llama-4-Scout"; not "TinyLlama-1.1B"
_NAME = re.compile(r"(?<![a-z])(code)?llama[-_ ]?(\d)(?:[._p](\d)(?!\d))?", re.IGNORECASE)
_VISION = re.compile(r"vision", re.IGNORECASE)
ARCHITECTURES = {
    "MllamaForConditionalGeneration": ("3.2", True),
    "MllamaForCausalLM": ("3.2", True),
    "Llama4ForConditionalGeneration": ("4", True),
    "Llama4ForCausalLM": ("4", True),
}
MODEL_TYPES = {"mllama": ("3.2", True), "llama4": ("4", True)}


def version_from_name(name: str, kb: KnowledgeBase) -> tuple[str | None, bool | None]:
    """(version, multimodal) a model name or repo id points to, or (None, None)."""
    if re.search(r"(?<![a-z])codellama", name, re.IGNORECASE):
        return "2", False  # Code Llama is released under the Llama 2 agreement
    for match in _NAME.finditer(name):
        major, minor = match.group(2), match.group(3)
        version = f"{major}.{minor}" if minor else major
        if version in kb.versions and version != "1":
            vision = bool(_VISION.search(name)) if version == "3.2" else None
            return version, vision or None
    return None, None


def version_from_license_id(license_id: str, kb: KnowledgeBase) -> str | None:
    wanted = license_id.strip().lower()
    for facts in kb.versions.values():
        if facts.hub_license_id and facts.hub_license_id.lower() == wanted:
            return facts.id
    return None


def is_llama_license_id(license_id: str) -> bool:
    return bool(re.fullmatch(r"llama[\d.]*", license_id.strip().lower()))
