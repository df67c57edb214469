"""--fix: writes the missing NOTICE, LICENSE and USE_POLICY.md, and says what to change by hand.

Files go through the atomic writer (advisor/writer/batch.py), all of them as one: every
file is written, or none is (a file that cannot be written stops the others). An existing
file is replaced only with ``force``. README.md is never edited and nothing is renamed:
the lines to add and the name to use are printed instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from advisor.model import KnowledgeBase, VersionFacts
from advisor.release.checks import suggested_name
from advisor.release.fingerprint import shipped_text
from advisor.release.records import CheckResult, ModelReport
from advisor.rules.visible import escaped
from advisor.rules.wording import say

NoticeText = Callable[[VersionFacts, KnowledgeBase], str]


def apply_fixes(
    result: CheckResult,
    kb: KnowledgeBase,
    force: bool,
    notice_text: NoticeText,
    before_writing: Callable[[], None] | None = None,
) -> list[str]:
    """Write what can be written, every file or none; return one line per thing done or to do by hand.

    `notice_text(facts, kb)` is the NOTICE file's text (advisor.render.notice.notice_text;
    the caller names it, as the release check sits below the renderers). `before_writing`
    is called once, just before the files are staged, when there is something to write
    (the command line holds Ctrl-C back there: from then on it stops the write before
    anything is in place, or comes too late to undo it)."""
    plans = [_plan(model, kb, force, notice_text) for model in result.models]
    wanted = {target: (text, exists) for plan in plans for target, text, exists in plan.writes}
    outcome = _write(wanted, force, before_writing, kb)
    lines: list[str] = []
    for plan in plans:
        lines += plan.before + [outcome[target] for target, _, _ in plan.writes] + plan.after
    return lines or [say(kb.wording, "check.fix_nothing")]


class _Plan:
    """What --fix does for one model: lines first, files to write (target, text, exists), lines after."""

    def __init__(self) -> None:
        self.before: list[str] = []
        self.writes: list[tuple[Path, str, bool]] = []
        self.after: list[str] = []


def _plan(model: ModelReport, kb: KnowledgeBase, force: bool, notice_text: NoticeText) -> _Plan:
    plan = _Plan()
    w = kb.wording
    if model.version is None:
        plan.before.append(say(w, "check.fix_unsettled", path=escaped(model.path)))
        return plan
    facts = kb.versions[model.version]
    writes: list[tuple[str, str, str | None, str]] = []  # (check id, default name, existing file, text)
    if facts.notice and model.check("notice").status != "pass":
        writes.append(("notice", "NOTICE", _existing(model, "notice"), notice_text(facts, kb)))
    if facts.agreement and model.check("license_copy").status != "pass":
        text = shipped_text(kb.documents[facts.agreement].file)
        writes.append(("license_copy", "LICENSE", _existing(model, "license_copy"), text))
    if facts.use_policy and model.check("use_policy").status != "pass":
        text = shipped_text(kb.documents[facts.use_policy].file)
        writes.append(("use_policy", "USE_POLICY.md", _existing(model, "use_policy"), text))
    if writes and model.folder is None:
        plan.before.append(say(w, "check.fix_not_a_folder", path=escaped(model.path)))
        writes = []
    for _check, default, existing, text in writes:
        target = Path(model.folder or ".") / (existing or default)
        if existing is not None and not force:
            plan.before.append(say(w, "check.fix_kept", path=escaped(str(target))))
        else:
            plan.writes.append((target, text, existing is not None))
    built = model.check("built_with")
    if built.status in ("warn", "fail") and facts.built_with:
        plan.after.append(say(w, "check.fix_built_with", phrase=facts.built_with))
    if model.check("license_id").status in ("warn", "fail") and facts.hub_license_id:
        plan.after.append(say(w, "check.fix_license_id", value=facts.hub_license_id))
    if model.check("name_prefix").status == "fail" and model.name and facts.name_prefix:
        plan.after.append(say(w, "check.fix_name", suggestion=escaped(suggested_name(model.name, facts.name_prefix))))
    return plan


def _existing(model: ModelReport, check_id: str) -> str | None:
    """The file the check judged, when it is in the folder (a README.md that links to a policy is
    evidence for the check, not a file that --fix may replace)."""
    name = model.check(check_id).file
    if name and model.folder and (Path(model.folder) / name).is_file():
        return name
    return None


def _write(
    wanted: dict[Path, tuple[str, bool]], force: bool, before_writing: Callable[[], None] | None, kb: KnowledgeBase
) -> dict[Path, str]:
    """Write every wanted file as one (all or none); the line that says what happened to each."""
    if not wanted:
        return {}
    from advisor.writer.batch import FileNotWritten, write_files

    if before_writing is not None:
        before_writing()
    try:
        write_files({target: text.encode("utf-8") for target, (text, _) in wanted.items()}, force=force)
    except FileNotWritten as exc:
        stopped = exc.path
        return {
            target: say(kb.wording, "check.fix_not_written", path=escaped(str(target)), detail=escaped(str(exc)))
            if Path(os.path.abspath(target)) == stopped
            else say(kb.wording, "check.fix_not_written_others", path=escaped(str(target)), file=escaped(stopped.name))
            for target in wanted
        }
    return {
        target: say(kb.wording, "check.fix_replaced" if exists else "check.fix_written", path=escaped(str(target)))
        for target, (_, exists) in wanted.items()
    }
