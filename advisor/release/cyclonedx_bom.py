"""The check result as a CycloneDX 1.6 JSON BOM, built with the official cyclonedx-python-lib.

Each Llama model is a ``machine-learning-model`` component. Its license is the ScanCode
``LicenseRef-scancode-…`` key where ScanCode has one, else the agreement's name and
URL; the check results are component properties named ``llama-advisor:…``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor import __version__
from advisor.model import KnowledgeBase
from advisor.release.records import CheckResult, ModelReport

if TYPE_CHECKING:  # the library itself is imported only when a BOM is written
    from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression

PROPERTY = "llama-advisor:"


def agreement_url(kb: KnowledgeBase, version: str) -> str | None:
    """Where Meta publishes the version's agreement (documents.yaml `url`)."""
    facts = kb.versions[version]
    return kb.documents[facts.agreement].url if facts.agreement else None


def render_cyclonedx(result: CheckResult, kb: KnowledgeBase) -> str:
    from cyclonedx.model import Property
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.output.json import JsonV1Dot6

    bom = Bom()
    bom.metadata.tools.components.add(
        Component(type=ComponentType.APPLICATION, name="llama-advisor", version=__version__)
    )
    bom.metadata.properties.add(Property(name=f"{PROPERTY}path", value=result.path))
    bom.metadata.properties.add(Property(name=f"{PROPERTY}result", value=result.result))
    for index, model in enumerate(result.models):
        properties = [Property(name=f"{PROPERTY}{key}", value=value) for key, value in _properties(model)]
        bom.components.add(
            Component(
                type=ComponentType.MACHINE_LEARNING_MODEL,
                name=model.name or model.path,
                bom_ref=f"model-{index + 1}",
                licenses=_licenses(model, kb),
                properties=properties,
            )
        )
    return JsonV1Dot6(bom).output_as_string(indent=2)


def _licenses(model: ModelReport, kb: KnowledgeBase) -> list[LicenseExpression | DisjunctiveLicense]:
    from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression

    if model.version is None or not model.licenses:
        return []
    if model.licenses["scancode"]:
        return [LicenseExpression(f"LicenseRef-scancode-{model.licenses['scancode']}")]
    from cyclonedx.model import XsUri

    url = agreement_url(kb, model.version)
    return [DisjunctiveLicense(name=model.licenses["title"], url=XsUri(url) if url else None)]


def _properties(model: ModelReport) -> list[tuple[str, str]]:
    found = [
        ("path", model.path),
        ("version", model.version or "not settled"),
        ("multimodal", "unknown" if model.multimodal is None else str(model.multimodal).lower()),
        ("result", model.result),
    ]
    if model.licenses and model.licenses["hub"]:
        found.append(("hub-license-id", model.licenses["hub"]))
    found += [(f"check:{check.id}", check.status) for check in model.checks]
    found += [(f"check:{check.id}:text", check.text) for check in model.checks]
    found += [("conflict", conflict) for conflict in model.conflicts]
    found += [("evidence", f"{item.where}: {item.value}") for item in model.evidence]
    return found
