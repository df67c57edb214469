"""--fix: writes the missing NOTICE, LICENSE and USE_POLICY.md, and says what to change by hand.

Files go through the atomic writer (advisor/render/files.py); an existing file is
replaced only with ``force``. README.md is never edited and nothing is renamed: the
lines to add and the name to use are printed instead.
"""

from __future__ import annotations

from pathlib import Path

from advisor.model import KnowledgeBase
from advisor.release.checks import suggested_name
from advisor.release.fingerprint import shipped_text
from advisor.release.records import CheckResult, ModelReport


def apply_fixes(result: CheckResult, kb: KnowledgeBase, force: bool) -> list[str]:
    """Write what can be written; return one line per thing done or to do by hand."""
    lines: list[str] = []
    for model in result.models:
        lines += _fix_model(model, kb, force)
    return lines or ["Nothing to fix."]


def _fix_model(model: ModelReport, kb: KnowledgeBase, force: bool) -> list[str]:
    if model.version is None:
        return [f"{model.path}: not fixed: settle the conflicting evidence first."]
    facts = kb.versions[model.version]
    lines: list[str] = []
    writes: list[tuple[str, str, str | None, str]] = []  # (check id, default name, existing file, text)
    if facts.notice and model.check("notice").status != "pass":
        from advisor.render.notice import notice_text

        writes.append(("notice", "NOTICE", _existing(model, "notice"), notice_text(facts, kb)))
    if facts.agreement and model.check("license_copy").status != "pass":
        text = shipped_text(kb.documents[facts.agreement].file)
        writes.append(("license_copy", "LICENSE", _existing(model, "license_copy"), text))
    if facts.use_policy and model.check("use_policy").status != "pass":
        text = shipped_text(kb.documents[facts.use_policy].file)
        writes.append(("use_policy", "USE_POLICY.md", _existing(model, "use_policy"), text))
    if writes and model.folder is None:
        lines.append(f"{model.path}: nothing written: --fix writes only into a folder on disk.")
        writes = []
    for _check, default, existing, text in writes:
        lines.append(_write(Path(model.folder or "."), existing or default, existing is not None, text, force))
    built = model.check("built_with")
    if built.status in ("warn", "fail") and facts.built_with:
        lines.append(f'Add to README.md, in its title or first lines (not edited for you): "{facts.built_with}"')
    if model.check("license_id").status in ("warn", "fail") and facts.hub_license_id:
        lines.append(f"Set in README.md's front matter (not edited for you): license: {facts.hub_license_id}")
    if model.check("name_prefix").status == "fail" and model.name and facts.name_prefix:
        lines.append(f"Name to use (nothing renamed): {suggested_name(model.name, facts.name_prefix)}")
    return lines


def _existing(model: ModelReport, check_id: str) -> str | None:
    for place in model.check(check_id).evidence:
        name = Path(place.rsplit(":", 1)[0] if place.rsplit(":", 1)[-1].isdigit() else place).name
        if model.folder and (Path(model.folder) / name).is_file():
            return name
    return None


def _write(folder: Path, name: str, exists: bool, text: str, force: bool) -> str:
    from advisor.render.files import OutputError, write_file

    target = folder / name
    if exists and not force:
        return f"{target}: left as it is (it exists; --force replaces it)"
    try:
        write_file(target, text.encode("utf-8"), force=force)
    except OutputError as exc:
        return f"{target}: not written: {exc}"
    return f"{target}: {'replaced' if exists else 'written'}"
