"""The compliance bundle: every file a product must carry, plus the report and a MANIFEST.

:func:`bundle_files` only builds the files in memory (name -> bytes); writing them
is :mod:`advisor.writer.files`'s job, so a rendering error never leaves a
half-written folder behind.
"""

from __future__ import annotations

import hashlib
from typing import Any

from advisor.engine.answers_file import dump_answers
from advisor.engine.answers_format import answers_to_check
from advisor.model import Assessment, KnowledgeBase
from advisor.render.attribution import attribution_markdown, not_licensed_markdown
from advisor.render.context import (
    LICENSE,
    NOTICE,
    USE_POLICY,
    ReportDetails,
    license_name,
    notice_lines,
    saved_meta,
    use_policy_name,
)
from advisor.render.markdown_text import render_markdown
from advisor.render.notice import notices_text
from advisor.render.report import fixed_time, report_view, view_pdf
from advisor.resources import resources_dir

ATTRIBUTION = "ATTRIBUTION.md"
NOT_LICENSED = "NOT-LICENSED.md"
REPORT_MD = "compliance-report.md"
REPORT_PDF = "compliance-report.pdf"
ANSWERS = "answers.yaml"
MANIFEST = "MANIFEST"
LINEAGE_VERSIONS = ("2", "3", "3.1", "3.2", "3.3", "4")
"""The versions with an agreement, whose LICENSE-<version> and USE_POLICY-<version>.md a
lineage's bundle may hold (tests check that these are the knowledge base's)."""
BUNDLE_NAMES = (
    NOTICE,
    LICENSE,
    USE_POLICY,
    ATTRIBUTION,
    NOT_LICENSED,
    REPORT_MD,
    REPORT_PDF,
    ANSWERS,
    MANIFEST,
    *(f"{LICENSE}-{version}" for version in LINEAGE_VERSIONS),
    *(f"USE_POLICY-{version}.md" for version in LINEAGE_VERSIONS),
)
"""Every name a bundle can hold; a folder holding only these is a previous bundle."""


def bundle_files(
    kb: KnowledgeBase,
    assessment: Assessment,
    raw_answers: dict[str, Any],
    details: ReportDetails | None = None,
    *,
    paper: str = "a4",
) -> dict[str, bytes]:
    """The bundle's files, name -> bytes, MANIFEST last.

    With a lineage, NOTICE holds every Notice line owed (main first) and each version's
    texts are LICENSE-<version> and USE_POLICY-<version>.md (main first); a single
    version's are LICENSE and USE_POLICY.md. Versions without a Meta-published agreement
    (Llama 1) get no NOTICE, LICENSE or USE_POLICY.md: ATTRIBUTION.md and the report say why. A use that is not
    licensed (license_required, prohibited) gets no NOTICE or ATTRIBUTION.md kit, which
    would read as a go-ahead: NOT-LICENSED.md says why instead.
    """
    details = fixed_time(details)
    files: dict[str, bytes] = {}
    licensed = assessment.verdict == "permitted"
    if licensed and notice_lines(kb, assessment):
        files[NOTICE] = notices_text(kb, assessment).encode("utf-8")
    for part in assessment.parts:  # main first; with a lineage, LICENSE-<version> for each version
        facts = kb.versions[part.version]
        if facts.agreement is not None:
            files[license_name(assessment, part.version)] = _shipped(kb, facts.agreement)
        if facts.use_policy is not None:
            files[use_policy_name(assessment, part.version)] = _shipped(kb, facts.use_policy)
    if licensed:
        files[ATTRIBUTION] = attribution_markdown(kb, assessment, raw_answers, details).encode("utf-8")
    else:
        files[NOT_LICENSED] = not_licensed_markdown(kb, assessment, raw_answers, details).encode("utf-8")
    view = report_view(kb, assessment, raw_answers, details)
    files[REPORT_MD] = render_markdown(view).encode("utf-8")
    files[REPORT_PDF] = view_pdf(view, paper=paper)
    answers, answers_format = answers_to_check(assessment, raw_answers)  # a v0.1.0 file's as given
    files[ANSWERS] = dump_answers(kb, answers, saved_meta(assessment, details), answers_format).encode("utf-8")
    files[MANIFEST] = manifest(files).encode("utf-8")
    return files


def _shipped(kb: KnowledgeBase, document: str) -> bytes:
    """A bundled text's bytes, as the advisor ships it (unmodified)."""
    return (resources_dir() / kb.documents[document].file).read_bytes()


def manifest(files: dict[str, bytes]) -> str:
    """`sha256sum` format (check with `sha256sum -c MANIFEST`), sorted by name."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items()) if name != MANIFEST]
    return "\n".join(lines) + "\n"
