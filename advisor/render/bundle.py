"""The compliance bundle: every file a product must carry, plus the report and a MANIFEST.

:func:`bundle_files` only builds the files in memory (name -> bytes); writing them
is :mod:`advisor.writer.files`'s job, so a rendering error never leaves a
half-written folder behind.
"""

from __future__ import annotations

import hashlib
from typing import Any

from advisor.engine.answers_file import dump_answers
from advisor.engine.answers_format import answers_to_save
from advisor.model import Assessment, KnowledgeBase
from advisor.render.attribution import attribution_markdown, not_licensed_markdown
from advisor.render.context import ReportDetails, saved_meta
from advisor.render.markdown_text import render_markdown
from advisor.render.notice import notice_text
from advisor.render.report import fixed_time, report_view, view_pdf
from advisor.resources import resources_dir

NOTICE = "NOTICE"
LICENSE = "LICENSE"
USE_POLICY = "USE_POLICY.md"
ATTRIBUTION = "ATTRIBUTION.md"
NOT_LICENSED = "NOT-LICENSED.md"
REPORT_MD = "compliance-report.md"
REPORT_PDF = "compliance-report.pdf"
ANSWERS = "answers.yaml"
MANIFEST = "MANIFEST"
BUNDLE_NAMES = (NOTICE, LICENSE, USE_POLICY, ATTRIBUTION, NOT_LICENSED, REPORT_MD, REPORT_PDF, ANSWERS, MANIFEST)
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

    Versions without a Meta-published agreement (Llama 1) get no NOTICE, LICENSE
    or USE_POLICY.md: ATTRIBUTION.md and the report say why. A use that is not
    licensed (license_required, prohibited) gets no NOTICE or ATTRIBUTION.md kit, which
    would read as a go-ahead: NOT-LICENSED.md says why instead.
    """
    details = fixed_time(details)
    facts = kb.versions[assessment.version]
    files: dict[str, bytes] = {}
    licensed = assessment.verdict == "permitted"
    if facts.agreement is not None:
        if facts.notice is not None and licensed:
            files[NOTICE] = notice_text(facts, kb).encode("utf-8")
        files[LICENSE] = (resources_dir() / kb.documents[facts.agreement].file).read_bytes()
    if facts.use_policy is not None:
        files[USE_POLICY] = (resources_dir() / kb.documents[facts.use_policy].file).read_bytes()
    if licensed:
        files[ATTRIBUTION] = attribution_markdown(kb, assessment, raw_answers, details).encode("utf-8")
    else:
        files[NOT_LICENSED] = not_licensed_markdown(kb, assessment, raw_answers, details).encode("utf-8")
    view = report_view(kb, assessment, raw_answers, details)
    files[REPORT_MD] = render_markdown(view).encode("utf-8")
    files[REPORT_PDF] = view_pdf(view, paper=paper)
    files[ANSWERS] = dump_answers(kb, answers_to_save(assessment, raw_answers), saved_meta(assessment, details)).encode(
        "utf-8"
    )
    files[MANIFEST] = manifest(files).encode("utf-8")
    return files


def manifest(files: dict[str, bytes]) -> str:
    """`sha256sum` format (check with `sha256sum -c MANIFEST`), sorted by name."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items()) if name != MANIFEST]
    return "\n".join(lines) + "\n"
