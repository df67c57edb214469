"""Records of a release check: evidence, conflicts, checks, one report per model found."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

STATUSES = ("not_applicable", "pass", "warn", "fail")
"""Check statuses from least to most severe; a model's result is its worst check."""


class Evidence(NamedTuple):
    """One fact read from a file: where (file:line), what it says, and the version it points to."""

    where: str
    kind: str  # license_id | license_text | base_model | adapter_base | architecture | gguf | name
    value: str
    version: str | None
    strong: bool = True  # weak evidence (names) decides only when nothing strong is found
    multimodal: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "kind": self.kind,
            "value": self.value,
            "version": self.version,
            "multimodal": self.multimodal,
        }


class CheckOutcome(NamedTuple):
    id: str
    status: str
    text: str
    source: Mapping[str, str] | None  # the citation (read-only)
    evidence: tuple[str, ...] = ()
    fix: str | None = None
    file: str | None = None  # the folder's file the check judged (its real name), which --fix may replace

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "text": self.text,
            "source": None if self.source is None else dict(self.source),
            "evidence": list(self.evidence),
            "fix": self.fix,
        }


class ModelReport(NamedTuple):
    path: str
    version: str | None
    multimodal: bool | None
    name: str | None
    name_from: str
    licenses: Mapping[str, str | None] | None  # hub, scancode, title (read-only)
    evidence: tuple[Evidence, ...]
    conflicts: tuple[str, ...]
    checks: tuple[CheckOutcome, ...]
    folder: str | None = None  # the folder on disk that --fix may write into (None inside a .zip)

    @property
    def result(self) -> str:
        worst = worst_status(c.status for c in self.checks)
        return "fail" if self.conflicts else worst

    def check(self, check_id: str) -> CheckOutcome:
        return next(c for c in self.checks if c.id == check_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "version": self.version,
            "multimodal": self.multimodal,
            "name": self.name,
            "licenses": None if self.licenses is None else dict(self.licenses),
            "evidence": [e.to_dict() for e in self.evidence],
            "conflicts": list(self.conflicts),
            "checks": [c.to_dict() for c in self.checks],
            "result": self.result,
        }


class CheckResult(NamedTuple):
    """The whole answer for one PATH: one report per Llama model found in it."""

    path: str
    models: tuple[ModelReport, ...]

    @property
    def result(self) -> str:
        return worst_status(m.result for m in self.models)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "result": self.result, "models": [m.to_dict() for m in self.models]}


def worst_status(statuses: Iterable[str]) -> str:
    return max(statuses, key=STATUSES.index, default="not_applicable")
