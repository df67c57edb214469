"""Turns what was read from one model folder (or GGUF file) into a model report."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import advisor.release.checks as checks
from advisor.engine.compiled import compiled
from advisor.model import KnowledgeBase, VersionFacts
from advisor.release.card import as_list, line_of_value
from advisor.release.evidence import Gathered
from advisor.release.names import is_llama_license_id, version_from_license_id, version_from_name
from advisor.release.records import CheckOutcome, Evidence, ModelReport
from advisor.rules.wording import say


def license_identifiers(kb: KnowledgeBase, version_id: str) -> Mapping[str, str | None]:
    """The version's license as tools name it: Hugging Face Hub id, ScanCode key, agreement title
    (the same identifiers `assess --json` gives)."""
    return compiled(kb).license_identifiers(kb.versions[version_id])


def analyse(g: Gathered, kb: KnowledgeBase, given_name: str | None, lone_gguf: bool = False) -> ModelReport | None:
    """The report for one model, or None when nothing in it points to Llama."""
    name, name_from = _name(g, given_name, lone_gguf)
    evidence = list(g.evidence)
    if name and name_from != "--name" and all(e.value.split(": ")[-1] != name for e in evidence):
        version, multimodal = version_from_name(name, kb)
        if version:
            evidence.append(Evidence(name_from, "name", name, version, False, multimodal))
    if not evidence:
        return None
    version, conflicts = _settle(evidence, kb)
    path = g.folder.label if not lone_gguf else g.folder.where(next(iter(g.gguf)))
    if version is None:
        return ModelReport(
            path,
            None,
            None,
            name,
            name_from,
            None,
            tuple(evidence),
            tuple(conflicts),
            _unsettled(g, kb, evidence, conflicts),
            str(g.folder.disk) if g.folder.disk else None,
        )
    facts = kb.versions[version]
    outcomes = (
        checks.license_copy(g, kb, facts, lone_gguf),
        checks.notice(g, kb, facts, lone_gguf),
        checks.name_prefix(kb, facts, name, name_from),
        checks.built_with(g, kb, facts)
        if not lone_gguf
        else _na("built_with", say(kb.wording, "check.built_with_gguf")),
        _license_id(g, kb, facts),
        checks.use_policy(g, kb, facts),
    )
    return ModelReport(
        path,
        version,
        _multimodal(facts, evidence, g),
        name,
        name_from,
        license_identifiers(kb, version),
        tuple(evidence),
        (),
        outcomes,
        str(g.folder.disk) if g.folder.disk else None,
    )


def _name(g: Gathered, given: str | None, lone_gguf: bool) -> tuple[str | None, str]:
    """--name, else model_name or the card's title, else the folder's name, else GGUF general.name."""
    if given:
        return given, "--name"
    if g.card is not None:
        readme = g.folder.find("README.md") or "README.md"
        value = g.card.meta.get("model_name")
        if isinstance(value, str) and value.strip():
            return value.strip(), g.folder.where(readme, g.card.meta_lines.get("model_name"))
        if g.card.title:
            return g.card.title, g.folder.where(readme, g.card.title_line)
    if not lone_gguf:
        archive, _, inner = g.folder.label.rpartition("!")
        folder = Path(inner).name if archive else Path(g.folder.label).name
        folder = folder or Path(archive).stem
        if folder:
            return folder, f"folder name ({g.folder.label})"
    for file, meta in g.gguf.items():
        for key in ("general.name", "general.basename"):
            if isinstance(meta.get(key), str) and meta[key].strip():
                return meta[key].strip(), f"{g.folder.where(file)} {key}"
    return None, ""


def _settle(evidence: list[Evidence], kb: KnowledgeBase) -> tuple[str | None, list[str]]:
    w = kb.wording
    strong = [e for e in evidence if e.strong and e.version]
    pool = strong or [e for e in evidence if e.version]
    versions = sorted({e.version for e in pool if e.version}, key=list(kb.versions).index)
    if not strong and versions:
        # a name is a claim, not evidence: "Llama2-chatbot" with an MIT LICENSE is no Llama 2 release
        named = "; ".join(f"{e.where} {e.value}" for e in pool)
        return None, [say(w, "check.only_a_name", found=named)]
    if len(versions) == 1:
        return versions[0], []
    if not versions:
        return None, [say(w, "check.no_version")]
    parts = []
    for version in versions:
        cited = "; ".join(f"{e.where} {e.value}" for e in pool if e.version == version)
        parts.append(say(w, "check.version_found", version_name=kb.versions[version].name, found=cited))
    return None, [say(w, "check.disagrees", parts=checks.joined(w, parts, "lists.versus"))]


def _multimodal(facts: VersionFacts, evidence: list[Evidence], g: Gathered) -> bool | None:
    if facts.multimodal_models == "none":
        return False
    if facts.multimodal_models == "all":
        return True
    flagged = [e.multimodal for e in evidence if e.version == facts.id and e.multimodal is not None]
    if flagged:
        return any(flagged)
    return False if g.has_config else None


def _na(check_id: str, text: str) -> CheckOutcome:
    return CheckOutcome(check_id, "not_applicable", text, None)


def _card_ids(g: Gathered) -> list[tuple[str, str]]:
    """(where, id) of every license id the card or GGUF metadata gives."""
    found = []
    if g.card is not None:
        readme = g.folder.find("README.md") or "README.md"
        for key in ("license", "license_name"):
            for value in as_list(g.card.meta.get(key)):
                if key == "license_name" or value.lower() != "other":
                    found.append((g.folder.where(readme, line_of_value(g.card, key, value)), value))
    for file, meta in g.gguf.items():
        for value in as_list(meta.get("general.license")):
            found.append((f"{g.folder.where(file)} general.license", value))
    return found


def _license_id(g: Gathered, kb: KnowledgeBase, facts: VersionFacts) -> CheckOutcome:
    cited = checks.source(kb, facts, "license_copy")
    hub = facts.hub_license_id
    w = kb.wording
    fix = say(w, "check.license_id_fix", value=hub) if hub else None
    ids = _card_ids(g)
    if not ids:
        return CheckOutcome("license_id", "warn", say(w, "check.license_id_missing"), cited, (), fix)
    wrong = [(where, value) for where, value in ids if version_from_license_id(value, kb) != facts.id]
    if not wrong:
        text = say(w, "check.license_id_ok", version_name=facts.name, value=hub)
        return CheckOutcome("license_id", "pass", text, cited, tuple(where for where, _ in ids))
    _, value = wrong[0]
    kind = say(w, "check.license_id_other_llama" if is_llama_license_id(value) else "check.license_id_not_llama")
    return CheckOutcome(
        "license_id",
        "fail",
        say(w, "check.license_id_wrong", value=value, kind=kind, version_name=facts.name),
        cited,
        tuple(where for where, _ in wrong),
        fix,
    )


def _unsettled(
    g: Gathered, kb: KnowledgeBase, evidence: list[Evidence], conflicts: list[str]
) -> tuple[CheckOutcome, ...]:
    text = say(kb.wording, "check.unsettled")
    ids = [e.where for e in evidence if e.kind in ("license_id", "gguf") and "license" in e.value]
    outcomes = [_na(check_id, text) for check_id in ("license_copy", "notice", "name_prefix", "built_with")]
    outcomes.append(
        CheckOutcome(
            "license_id",
            "fail",
            conflicts[0] if conflicts else text,
            None,
            tuple(ids),
            say(kb.wording, "check.unsettled_fix"),
        )
    )
    outcomes.append(_na("use_policy", text))
    return tuple(outcomes)
