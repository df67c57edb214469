"""What the document templates print: plain data built from an assessment.

The templates only lay out and word what this module gathers, so the Markdown
report, its HTML and PDF forms and ATTRIBUTION.md all say the same thing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from advisor import __version__
from advisor.engine.answers_format import DETAILS_KEY, DONE_KEY
from advisor.engine.compiled import compiled
from advisor.engine.explain import deciding_reason
from advisor.model import Assessment, KnowledgeBase, Question, Source, VersionFacts
from advisor.render.escaping import MarkdownSafe, MarkdownWording, code
from advisor.resources import resources_dir

DEFAULT_TITLE = ""
"""No title given: documents then use wording.yaml's `document.default_title`."""


class ReportDetails(NamedTuple):
    """Optional fields the user gives for the report, and when it was made."""

    title: str = DEFAULT_TITLE
    product: str | None = None
    organisation: str | None = None
    assessor: str | None = None
    generated: datetime | None = None
    done: tuple[str, ...] = ()  # ids of the obligations ticked as done

    def meta(self) -> dict[str, Any]:
        """The answers file's own keys for these details: report_details and obligations_done."""
        meta: dict[str, Any] = {}
        given = {
            key: value.strip()
            for key, value in (
                ("title", self.title),
                ("product", self.product),
                ("organisation", self.organisation),
                ("assessor", self.assessor),
            )
            if value is not None and value.strip()
        }
        if given:
            meta[DETAILS_KEY] = given
        if self.done:
            meta[DONE_KEY] = list(self.done)
        return meta

    @classmethod
    def from_meta(cls, meta: dict[str, Any], **overrides: Any) -> ReportDetails:
        """Details from an answers file's own keys; `overrides` that are not None win."""
        values: dict[str, Any] = dict(meta.get(DETAILS_KEY, {}))
        values["done"] = tuple(meta.get(DONE_KEY, ()))
        values.update({key: value for key, value in overrides.items() if value is not None})
        values["title"] = (values.get("title") or "").strip()
        return cls(**values)

    def timestamp(self) -> datetime:
        """The report's date and time (UTC): given, SOURCE_DATE_EPOCH, or now."""
        if self.generated is not None:
            return self.generated.astimezone(UTC)
        try:
            fixed = source_date()
        except ValueError:  # out of range: the command line refuses it; the wizard uses the current time
            fixed = None
        return fixed or datetime.now(UTC).replace(microsecond=0)


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH (reproducible builds) as a time, or None when it is not set.

    Raises ValueError when it is set to a number of seconds out of the calendar's range."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(epoch) from None


def saved_meta(assessment: Assessment, details: ReportDetails) -> dict[str, Any]:
    """The answers file's own keys a document carries: the details, and the ticks of this
    assessment's obligations (a tick for a duty that no longer applies is left out)."""
    current = {item.id for item in assessment.obligations} if assessment.licensed else set()
    return details._replace(done=tuple(key for key in details.done if key in current)).meta()


def joined_names(wording: Mapping[str, str], names: list[str] | tuple[str, ...]) -> str:
    """Names as one phrase: "a", "a and b", "a, b and c" (wording.yaml's lists.and)."""
    if len(names) < 2:
        return "".join(names)
    return wording["lists.and"].format(parts=", ".join(names[:-1]), value=names[-1])


def version_names(kb: KnowledgeBase, ids: tuple[str, ...]) -> str:
    """Version ids (an obligation's `versions`) as their names, in one phrase."""
    return joined_names(kb.wording, [kb.versions[i].name if i in kb.versions else i for i in ids])


def display_name(kb: KnowledgeBase, assessment: Assessment) -> str:
    """What an assessment is about: its version, or with a lineage "Llama 4 with Llama 3.3"."""
    others = list(dict.fromkeys(part.assessment.version_name for part in assessment.lineage))
    if not others:
        return assessment.version_name
    return kb.wording["lineage_view.combined_name"].format(
        version_name=assessment.version_name, others=joined_names(kb.wording, others)
    )


def part_takes(assessment: Assessment) -> tuple[str, ...]:
    """What is taken from each version of `assessment.parts`: the main answer, then each entry's."""
    main = str(assessment.answers.get("takes", "weights"))
    return (main, *(part.entry.takes for part in assessment.lineage))


def deciding_part(assessment: Assessment) -> Assessment:
    """The version's assessment that gives the verdict: the first, main first, with that verdict."""
    return next((part for part in assessment.parts if part.verdict == assessment.verdict), assessment)


def file_sha256(relative: str) -> str:
    import hashlib  # only for a report's texts relied on

    return hashlib.sha256((resources_dir() / relative).read_bytes()).hexdigest()


def format_answer(kb: KnowledgeBase, question: Question, value: Any, version: str | None = None) -> str:
    """An answer in words, as a reader of the report understands it."""
    facts = kb.versions.get(version) if version else None
    if question.type == "bool":
        return kb.wording["answers.answer_yes"] if value else kb.wording["answers.answer_no"]
    if question.type == "int":
        return compiled(kb).describe_answer(question.id, value).capitalize() if isinstance(value, str) else f"{value:,}"
    if question.type == "choice":
        for choice in question.choices:
            if choice.value == str(value):
                return compiled(kb).fill(choice.label, facts)
        return str(value)
    if question.type == "multi":
        items = list(value or ())
        if not items:
            return kb.wording["answers.none_of_them"]
        return "; ".join(kb.aup_categories[item].label if item in kb.aup_categories else str(item) for item in items)
    return str(value)


def _cited(source: Source, title: str) -> dict[str, str]:
    return {
        "title": title,
        "section": source.section,
        "quote": " ".join(source.quote.split()),
        "document": source.document,
    }


def document_rows(kb: KnowledgeBase, facts: VersionFacts, assessment: Assessment) -> list[dict[str, str]]:
    ids: list[str] = []
    for doc_id in (facts.agreement, facts.use_policy):
        if doc_id:
            ids.append(doc_id)
    sources: list[Source] = [item.source for item in assessment.reasons]
    for group in (assessment.obligations, assessment.if_licensed):
        sources += [item.source for item in group]
    sources += [note.source for note in assessment.notes]
    sources += [step.source for step in assessment.next_steps] + [term.source for term in assessment.terms]
    for source in sources:
        if source.document not in ids:
            ids.append(source.document)
    rows = []
    for doc_id in ids:
        document = kb.documents[doc_id]
        rows.append(
            {
                "id": doc_id,
                "title": document.title,
                "file": document.file,
                "file_name": os.path.basename(document.file),
                "kind": document.kind,
                "sha256": file_sha256(document.file),
            }
        )
    return rows


def answer_rows(
    kb: KnowledgeBase, assessment: Assessment, raw: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    used: list[dict[str, Any]] = []
    unused: list[dict[str, Any]] = []
    facts = kb.versions[assessment.version]
    for question in kb.questions:
        if question.id in assessment.answers:
            value = assessment.answers[question.id]
            used.append(
                {
                    "key": question.id,
                    "label": question.label,
                    "prompt": compiled(kb).fill(question.prompt, facts),
                    "answer": format_answer(kb, question, value, assessment.version),
                    "implied": question.id not in raw and question.id not in assessment.assumed,
                    "assumed": question.id in assessment.assumed,
                }
            )
        elif question.id in assessment.unused and question.id in raw:
            unused.append(
                {
                    "key": question.id,
                    "label": question.label,
                    "prompt": compiled(kb).fill(question.prompt, facts),
                    "answer": format_answer(kb, question, raw[question.id], assessment.version),
                }
            )
    return used, unused


def name_examples(kb: KnowledgeBase, prefix: str) -> list[dict[str, Any]]:
    """Model names that do and do not satisfy "include PREFIX at the beginning", each with
    why (wording.yaml's attribution.example_* texts)."""
    why = {
        key: kb.wording[f"attribution.example_{key}"].format(prefix=prefix)
        for key in ("begins", "at_end", "in_middle", "llama_only", "no_prefix")
    }
    examples = [
        {"name": f"{prefix} Acme Assistant", "complies": True, "why": why["begins"]},
        {"name": f"{prefix} Acme 8B Instruct", "complies": True, "why": why["begins"]},
        {"name": f"Acme Assistant {prefix}", "complies": False, "why": why["at_end"]},
        {"name": f"Acme {prefix} 8B", "complies": False, "why": why["in_middle"]},
    ]
    if prefix != "Llama" and prefix.startswith("Llama "):
        examples.append({"name": "Llama Acme Assistant", "complies": False, "why": why["llama_only"]})
    examples.append({"name": "Acme Assistant", "complies": False, "why": why["no_prefix"]})
    return examples


def _clauses(kb: KnowledgeBase, facts: VersionFacts) -> dict[str, dict[str, str]]:
    return {name: _cited(source, kb.documents[source.document].title) for name, source in facts.clauses.items()}


NOTICE = "NOTICE"
LICENSE = "LICENSE"
USE_POLICY = "USE_POLICY.md"


def license_name(assessment: Assessment, version: str) -> str:
    """The bundle's file for a version's agreement: LICENSE, or with a lineage LICENSE-<version>."""
    return f"{LICENSE}-{version}" if assessment.lineage else LICENSE


def use_policy_name(assessment: Assessment, version: str) -> str:
    """The bundle's file for a version's use policy: USE_POLICY.md, or USE_POLICY-<version>.md."""
    return f"USE_POLICY-{version}.md" if assessment.lineage else USE_POLICY


def notice_lines(kb: KnowledgeBase, assessment: Assessment) -> tuple[str, ...]:
    """The lines of the bundle's NOTICE file: every Notice line owed, main first; when none is
    owed, the main version's line (as a single version's bundle carries it)."""
    if not assessment.licensed:
        return ()
    main = kb.versions[assessment.version]
    owed = assessment.attribution.notices or ((assessment.attribution.notice,) if assessment.attribution.notice else ())
    if owed:
        return tuple(owed)
    return (main.notice,) if main.notice is not None and main.agreement is not None else ()


def _safe_joined(say: MarkdownWording, items: list[MarkdownSafe]) -> MarkdownSafe:
    """Markdown pieces (code spans) as one phrase: "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return MarkdownSafe("".join(items))
    return say("lists.and", parts=MarkdownSafe(", ".join(items[:-1])), value=items[-1])


def _part_context(kb: KnowledgeBase, whole: Assessment, part: Assessment, takes: str, number: int) -> dict[str, Any]:
    """What ATTRIBUTION.md prints for one version (with a lineage, each version has one)."""
    facts = kb.versions[part.version]
    agreement = kb.documents[facts.agreement] if facts.agreement else None
    use_policy = kb.documents[facts.use_policy] if facts.use_policy else None
    titles = [kb.obligation_titles[o.id] for o in part.obligations]
    if number == 0:
        heading = kb.wording["lineage_view.main_heading"].format(version_name=part.version_name)
    else:
        heading = kb.wording[f"lineage_view.part_{takes}"].format(version_name=part.version_name)
    return {
        "version": part.version,
        "version_name": part.version_name,
        "heading": heading,
        "h": MarkdownSafe("###" if whole.lineage else "##"),  # the level of its own headings
        "takes": kb.wording[f"lineage_view.short_{takes}"],
        "owes": "; ".join(titles) if titles else kb.wording["lineage_bundle.owes_nothing"],
        "headline": kb.verdict_labels[part.verdict],
        "agreement": {"title": agreement.title, "file": agreement.file} if agreement else None,
        "use_policy": {"title": use_policy.title, "file": use_policy.file} if use_policy else None,
        "license_file": code(license_name(whole, part.version)),
        "use_policy_file": code(use_policy_name(whole, part.version)),
        "facts": facts,
        "clauses": _clauses(kb, facts),
        "name_examples": name_examples(kb, facts.name_prefix) if facts.name_prefix else [],
        "product_trigger": facts.product_trigger,
        "attribution": part.attribution,
    }


def report_context(kb: KnowledgeBase, assessment: Assessment, details: ReportDetails | None = None) -> dict[str, Any]:
    """Everything the bundle's ATTRIBUTION.md and NOT-LICENSED.md print, as plain data.

    `parts` holds each version's own (only the assessed version's without a lineage);
    the names without `parts.` are the main version's, or the whole result's."""
    details = details or ReportDetails()
    facts = kb.versions[assessment.version]
    agreement = kb.documents[facts.agreement] if facts.agreement else None
    use_policy = kb.documents[facts.use_policy] if facts.use_policy else None
    say = MarkdownWording(kb.wording)
    fields = [
        (kb.wording[f"details.{key}"], value)
        for key, value in (
            ("product", details.product),
            ("organisation", details.organisation),
            ("assessor", details.assessor),
        )
        if value is not None and value.strip()
    ]
    decider = deciding_part(assessment)
    deciding = deciding_reason(kb, decider)
    parts = [
        _part_context(kb, assessment, part, takes, number)
        for number, (part, takes) in enumerate(zip(assessment.parts, part_takes(assessment), strict=True))
    ]
    with_agreement = list({p["version"]: p for p in parts if p["agreement"]}.values())
    licenses = [p["license_file"] for p in with_agreement]
    policies = [p["use_policy_file"] for p in with_agreement if p["use_policy"]]
    return {
        "licensed": assessment.verdict == "permitted",
        "certainty": assessment.certainty,
        "certainty_label": " ".join(kb.certainty_labels.get(assessment.certainty, "").split()),
        "deciding_reason": deciding.text if deciding else "",
        "deciding_version_name": decider.version_name,
        "next_steps": [
            {"text": step.text, "source": _cited(step.source, step.document_title)} for step in assessment.next_steps
        ],
        "product_trigger": facts.product_trigger,
        "title": details.title.strip() or kb.wording["document.default_title"],
        "generated": details.timestamp().strftime("%Y-%m-%d %H:%M:%S UTC"),
        "advisor": f"{kb.wording['document.advisor_name']} {__version__}",
        "ruleset_version": assessment.ruleset_version,
        "ruleset_sha256": assessment.ruleset_sha256,
        "version": assessment.version,
        "version_name": display_name(kb, assessment),
        "agreement": {"title": agreement.title, "file": agreement.file} if agreement else None,
        "use_policy": {"title": use_policy.title, "file": use_policy.file} if use_policy else None,
        "facts": facts,
        "clauses": _clauses(kb, facts),
        "name_examples": name_examples(kb, facts.name_prefix) if facts.name_prefix else [],
        "verdict": assessment.verdict,
        "headline": kb.verdict_labels[assessment.verdict],
        "attribution": assessment.attribution,
        "not_legal_advice": kb.wording["verdict.not_legal_advice"],
        "br": MarkdownSafe("  "),
        # each version's own part (with a lineage: main first), and the bundle's files
        "lineage": bool(assessment.lineage),
        "parts": parts,
        "with_agreement": with_agreement,
        "license_files": _safe_joined(say, licenses),
        "use_policy_files": _safe_joined(say, policies),
        "reference_files": _safe_joined(say, licenses + policies),
        "notice_lines": "\n".join(notice_lines(kb, assessment)),
        "notices_owed": bool(assessment.attribution.notices),
        # wording.yaml's texts, escaped for Markdown, and the report details as the bundle's first line gives them
        "say": say,
        "fields_said": MarkdownSafe(
            "".join(say("bundle.field", label=label.lower(), value=value) for label, value in fields)
        ),
    }
