"""Checks a real Llama release (model folder, model card, GGUF file, adapter, product folder or
.zip) against its license: which version it is, and whether LICENSE, Notice, name,
"Built with" phrase, license id and use policy are as the agreement requires."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import IO

from advisor.model import KnowledgeBase
from advisor.release.analyse import analyse, license_identifiers
from advisor.release.evidence import gather
from advisor.release.records import CheckOutcome, CheckResult, Evidence, ModelReport
from advisor.release.tree import Folder, InputError, Opener, disk_folders, open_zip, zip_folders
from advisor.rules.visible import visible

__all__ = [
    "CheckOutcome",
    "CheckResult",
    "Evidence",
    "InputError",
    "ModelReport",
    "check_path",
    "license_identifiers",
]


def check_path(path: str | Path, kb: KnowledgeBase, name: str | None = None) -> CheckResult:
    """Check everything at `path`; InputError (one line) when it cannot be checked."""
    try:
        return _check(Path(path), kb, name)
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise InputError(f"{path}: a damaged .zip ({visible(exc)})") from None
    except OSError as exc:
        where = exc.filename or path
        raise InputError(f"{visible(where)}: cannot read ({exc.strerror or visible(exc)})") from None


def _check(target: Path, kb: KnowledgeBase, name: str | None) -> CheckResult:
    path = str(target)
    if not target.exists():
        raise InputError(f"{target}: no such file or folder")
    if target.is_file() and target.name.lower() == "readme.md":
        target = target.parent
    reports: list[ModelReport] = []
    if target.is_dir():
        for folder in disk_folders(target):
            reports += _report(folder, kb, name)
    elif target.suffix.lower() == ".gguf":
        folder = Folder(str(target.parent), {target.name.lower(): target.name}, _single(target), None)
        report = analyse(gather(folder, kb, [target.name]), kb, name, lone_gguf=True)
        reports += [report] if report else []
    elif target.suffix.lower() == ".zip":
        with open_zip(target) as archive:
            for folder in zip_folders(target, archive):
                reports += _report(folder, kb, name)
    else:
        raise InputError(f"{target}: not a model folder, README.md, .gguf file or .zip")
    return CheckResult(path, tuple(reports))


def _report(folder: Folder, kb: KnowledgeBase, name: str | None) -> list[ModelReport]:
    report = analyse(gather(folder, kb), kb, name)
    return [report] if report else []


def _single(target: Path) -> Opener:
    def opener(_name: str) -> IO[bytes]:
        return target.open("rb")

    return opener
