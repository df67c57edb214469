"""The result view of a release check: one section per model found, built once.

Text read from the checked files (paths, names, evidence) is shown escaped, so a file
cannot drive a terminal or a dialog: every invisible character reads as an escape.
"""

from __future__ import annotations

from advisor.model import KnowledgeBase
from advisor.release.records import CheckOutcome, CheckResult, ModelReport
from advisor.render.view import (
    Block,
    Citation,
    DocumentInfo,
    ItemList,
    ListItem,
    Paragraph,
    ResultView,
    Section,
    Span,
    Table,
    Wording,
)
from advisor.rules.visible import escaped

SHOWN_WITH_SOURCE = ("warn", "fail")
"""A check's clause and fix are shown when it is not passed."""


def _status(say: Wording, status: str) -> str:
    return say(f"check_view.status_{status}")


def _summary(say: Wording, result: CheckResult) -> str:
    if not result.models:
        return say("check_view.nothing_found", path=escaped(result.path))
    count = len(result.models)
    key = "check_view.summary_one" if count == 1 else "check_view.summary_many"
    return say(key, label=_status(say, result.result), count=count, path=escaped(result.path))


def _version(say: Wording, model: ModelReport) -> str:
    if model.version is None:
        return say("check_view.version_unsettled")
    name = f"Llama {model.version}"
    if model.multimodal is None:
        return name
    return say("check_view.multimodal" if model.multimodal else "check_view.text_only", version_name=name)


def _check_item(say: Wording, kb: KnowledgeBase, check: CheckOutcome) -> ListItem:
    text = escaped(check.text)
    citation = None
    if check.status in SHOWN_WITH_SOURCE:
        if check.fix:
            text = f"{text} {say('check_view.fix', detail=escaped(check.fix))}"
        if check.source is not None:
            source = check.source
            citation = Citation(source["title"], source["section"], " ".join(source["quote"].split()))
    lead = say("check_view.check", label=_status(say, check.status), title=kb.check_labels[check.id])
    return ListItem(lead, text, check.id, citation=citation)


def _model_section(say: Wording, kb: KnowledgeBase, index: int, model: ModelReport) -> Section:
    rows = [
        (say("check_view.path"), escaped(model.path)),
        (say("check_view.version"), _version(say, model)),
        (say("check_view.name"), escaped(model.name) if model.name else say("check_view.no_name")),
    ]
    if model.licenses:
        licence = say(
            "check_view.license_value",
            title=model.licenses["title"] or "",
            value=model.licenses["hub"] or "",
            name=model.licenses["scancode"] or say("check_view.no_scancode"),
        )
        rows.append((say("check_view.license"), licence))
    header = (say("check_view.column_item"), say("check_view.column_value"))
    blocks: list[Block] = [Table("model", header, tuple(rows))]
    for conflict in model.conflicts:
        blocks.append(Paragraph((Span(say("check_view.conflict") + " ", "strong"), Span(escaped(conflict))), "warning"))
    blocks.append(Paragraph((Span(say("check_view.checks"), "strong"),)))
    blocks.append(ItemList(tuple(_check_item(say, kb, check) for check in model.checks)))
    blocks.append(Paragraph((Span(say("check_view.evidence"), "strong"),)))
    evidence = tuple(
        ListItem("", f"{escaped(item.where)}: {escaped(item.value)}", item.kind) for item in model.evidence
    )
    blocks.append(ItemList(evidence))
    result = say("check_view.result", label=_status(say, model.result))
    blocks.append(Paragraph((Span(result, "strong"),)))
    heading = escaped(model.name) if model.name else escaped(model.path)
    return Section(f"model-{index}", heading, 2, tuple(blocks))


def check_view(kb: KnowledgeBase, result: CheckResult) -> ResultView:
    """The release check's result view: a summary, then one section per model found."""
    say = Wording(kb.wording)
    summary = Section("summary", say("check_view.heading"), 2, (Paragraph((Span(_summary(say, result)),)),))
    sections = [summary, *(_model_section(say, kb, i, m) for i, m in enumerate(result.models, start=1))]
    title = say("check_view.title", path=escaped(result.path))
    info = DocumentInfo(title=title, author="", subject=title, footer=title, page=say.template("document.page"))
    return ResultView(info, tuple(sections))


def summary_line(kb: KnowledgeBase, result: CheckResult) -> str:
    """The check's result in one sentence (the dialog's first line)."""
    return _summary(Wording(kb.wording), result)


def render_check(result: CheckResult, kb: KnowledgeBase) -> str:
    """The check's result as terminal text."""
    from advisor.render.text import render_text

    return render_text(check_view(kb, result))
