"""The result view of one version's assessment: the sections, built once for every renderer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor import __version__
from advisor.engine.answers_file import dump_answers
from advisor.engine.answers_format import answers_to_check
from advisor.engine.explain import deciding_reason, first_sentence
from advisor.model import Assessment, KnowledgeBase, NextStep, Note, Obligation, Source, StandingTerm
from advisor.render.context import ReportDetails, answer_rows, document_rows, format_answer, saved_meta
from advisor.render.escaping import isolate, strip_bidi
from advisor.render.view import (
    Block,
    Citation,
    Cited,
    Code,
    DocumentInfo,
    ItemList,
    ListItem,
    Paragraph,
    Progress,
    ResultView,
    Section,
    Span,
    Table,
    Verdict,
    Wording,
    with_stop,
)


def citation(source: Source, title: str, rule: str = "") -> Citation:
    return Citation(title, source.section, " ".join(source.quote.split()), rule)


def document_title(kb: KnowledgeBase, details: ReportDetails) -> str:
    """The report's title: the one given, or the knowledge base's default."""
    return " ".join(strip_bidi(details.title).split()) or Wording(kb.wording)("document.default_title")


def advisor_label(kb: KnowledgeBase) -> str:
    return f"{Wording(kb.wording)('document.advisor_name')} {__version__}"


class ViewBuilder:
    """The sections of one assessment's view (advisor.render.lineage_view builds a lineage's)."""

    def __init__(self, kb: KnowledgeBase, assessment: Assessment, raw: Mapping[str, Any], details: ReportDetails):
        self.kb, self.assessment, self.raw, self.details = kb, assessment, raw, details
        self.say = Wording(kb.wording)
        self.facts = kb.versions[assessment.version]
        agreement = kb.documents[self.facts.agreement] if self.facts.agreement else None
        self.agreement_title = agreement.title if agreement else ""
        self.generated = details.timestamp().strftime("%Y-%m-%d %H:%M:%S UTC")
        self.name = assessment.version_name  # what the verdict and the document are about

    # ------------------------------------------------------------------ the whole view
    def view(self, record: bool = True) -> ResultView:
        """Every section; with `record` False, only those a result shows (not a kept report's)."""
        a, say = self.assessment, self.say
        title = document_title(self.kb, self.details)
        sections = [self._details(), self._verdict()] if record else [self._verdict()]
        if a.next_steps:
            sections.append(self._cited_section("next_steps", "headings.next_steps", a.next_steps, level=3))
        sections.append(self._duties() if a.licensed else self._not_licensed())
        if not a.licensed and a.if_licensed:
            items = tuple(
                self._item(o)._replace(lead=with_stop(self.kb.obligation_titles[o.id])) for o in a.if_licensed
            )
            sections.append(Section("if_licensed", say("headings.if_licensed"), 3, (ItemList(items),), collapsed=True))
        if a.licensed:
            sections.append(self._strings())
        sections.append(self._answers())
        sections.append(self._path())
        if a.notes:
            sections.append(self._caveats())
        if a.terms:
            sections.append(self._terms())
        sections += [self._texts(), self._about(), self._answers_file(), self._signoff()] if record else [self._about()]
        generated = self.details.timestamp().strftime("%Y-%m-%d %H:%M UTC")
        info = DocumentInfo(
            title=title,
            author=(self.details.assessor or "").strip(),
            subject=say("document.subject", version_name=self.name),
            footer=say("document.footer", title=isolate(title), version_name=self.name, generated=generated),
            page=say.template("document.page"),
        )
        return ResultView(info, tuple(sections))

    # ------------------------------------------------------------------ sections
    def _details(self) -> Section:
        a, say, d = self.assessment, self.say, self.details
        rows: list[tuple[str, str]] = [
            (say(f"details.{key}"), value.strip())
            for key, value in (("product", d.product), ("organisation", d.organisation), ("assessor", d.assessor))
            if value is not None and value.strip()
        ]
        rows += self._version_rows()
        rows += [
            (say("verdict.label"), self.kb.verdict_labels[a.verdict]),
            (say("verdict.reason"), self._reason_summary()),
            (say("verdict.certainty"), say("verdict.settled" if a.certainty == "settled" else "verdict.unsettled")),
            (say("details.generated"), self.generated),
            (say("details.prepared_with"), advisor_label(self.kb)),
            (
                say("details.ruleset"),
                say("details.ruleset_value", ruleset_version=a.ruleset_version, ruleset_sha256=a.ruleset_sha256),
            ),
        ]
        table = Table("details", (say("details.column_detail"), say("details.column_value")), tuple(rows))
        warning = Paragraph((Span(say("verdict.not_legal_advice"), "strong"),), "warning")
        return Section("details", say("headings.details"), 2, (table, warning), record=True)

    def _version_rows(self) -> list[tuple[str, str]]:
        version = self.say(
            "verdict.released", version_name=self.assessment.version_name, release_date=self.facts.release_date
        )
        return [(self.say("verdict.version"), version)]

    def _reason_summary(self) -> str:
        reason = deciding_reason(self.kb, self.assessment)
        return first_sentence(reason.text) if reason is not None else ""

    def _verdict(self) -> Section:
        a, say = self.assessment, self.say
        blocks: list[Block] = [
            Verdict(
                a.verdict,
                self.kb.verdict_labels[a.verdict],
                self.name,
                self._reason_summary(),
                a.certainty,
                say("verdict.settled") if a.certainty == "settled" else say("verdict.unsettled"),
                tuple(step.text for step in a.next_steps),
            )
        ]
        blocks += self._verdict_paragraphs()
        blocks.append(Paragraph((Span(say("verdict.not_legal_advice"), "strong"),)))
        return Section("verdict", say("headings.verdict"), 2, tuple(blocks))

    def _statement(self) -> list[Span]:
        """The verdict in a sentence: its label, then what it means under the agreement."""
        a, say = self.assessment, self.say
        has_agreement = bool(self.facts.agreement)
        if a.verdict == "permitted":
            key = "verdict.permitted" if has_agreement else "verdict.permitted_without_agreement"
        elif a.verdict == "license_required":
            key = "verdict.license_required"
        else:
            key = "verdict.prohibited" if has_agreement else "verdict.prohibited_without_agreement"
        headline = self.kb.verdict_labels[a.verdict]
        statement = [Span(headline + ". ", "strong"), Span(say(key, agreement_title=self.agreement_title))]
        if not a.licensed:
            statement.append(Span(" " + say("verdict.do_not_proceed")))
        return statement

    def _verdict_paragraphs(self, lead: tuple[Span, ...] = ()) -> list[Block]:
        """The verdict's statement, its deciding reason, how settled it is, and (Llama 1) why
        there is no agreement; `lead` goes before the statement."""
        a, say = self.assessment, self.say
        blocks: list[Block] = [Paragraph((*lead, *self._statement()))]
        reason = deciding_reason(self.kb, a)
        if reason is not None:
            blocks.append(Paragraph((Span(say("verdict.deciding") + " ", "strong"), Span(reason.text))))
        blocks.append(self._certainty())
        if not self.facts.published_agreement:
            blocks.append(
                Paragraph(
                    (
                        Span(say("verdict.no_agreement_title", version_name=a.version_name) + " ", "strong"),
                        Span(say("verdict.no_agreement", version_name=a.version_name)),
                    )
                )
            )
        return blocks

    def _certainty(self, *more: Span) -> Paragraph:
        a, say = self.assessment, self.say
        certainty_label = " ".join(self.kb.certainty_labels.get(a.certainty, "").split())
        mark = say("verdict.unsettled_mark" if a.certainty == "unsettled" else "verdict.settled_mark")
        role = "warning" if a.certainty == "unsettled" else ""
        return Paragraph((Span(mark + " ", "strong"), Span(certainty_label), *more), role)

    def _duty_text(self, obligation: Obligation) -> str:
        return obligation.text

    def _item(self, obligation: Obligation) -> ListItem:
        return ListItem(
            self.kb.obligation_titles[obligation.id],
            self._duty_text(obligation),
            obligation.id,
            obligation.id in self.details.done,
            citation(obligation.source, obligation.document_title, obligation.rule),
            self.say("duties.done" if obligation.id in self.details.done else "duties.not_done"),
        )

    def _duties(self) -> Section:
        a, say = self.assessment, self.say
        blocks: list[Block] = []
        if a.obligations:
            blocks.append(Progress(duties_progress(self.kb, a, self.details.done)))
            blocks.append(ItemList(tuple(self._item(o) for o in a.obligations), checklist=True))
        elif not self.facts.published_agreement:
            blocks.append(Paragraph((Span(say("duties.unknown", version_name=a.version_name)),)))
        else:
            blocks.append(Paragraph((Span(say("duties.none", agreement_title=self.agreement_title)),)))
        return Section("duties", say("headings.duties"), 2, tuple(blocks))

    def _not_licensed(self) -> Section:
        say = self.say
        blocks: list[Block] = [Paragraph((Span(say("duties.not_licensed")),), "warning")]
        for obligation in self.assessment.obligations:
            title = self.kb.obligation_titles[obligation.id]
            blocks.append(
                Cited(
                    say("duties.binding", title=title),
                    self._duty_text(obligation),
                    citation(obligation.source, obligation.document_title, obligation.rule),
                )
            )
        return Section("not_licensed", say("headings.not_licensed"), 2, tuple(blocks))

    def _strings(self) -> Section:
        a, say = self.assessment, self.say
        if not self.facts.published_agreement:
            return Section(
                "strings",
                say("headings.strings"),
                2,
                (Paragraph((Span(say("strings.unknown", version_name=a.version_name)),)),),
            )
        keys = ("built_with", "notice", "name_prefix")
        rows = tuple(
            (
                self.kb.attribution_labels[key],
                getattr(self.facts, key) or say("strings.no_such_string"),
                say("strings.needed") if getattr(a.attribution, key) is not None else say("strings.not_needed"),
            )
            for key in keys
        )
        exact = tuple(bool(getattr(self.facts, key)) for key in keys)
        header = (
            say("strings.column_string"),
            say("strings.column_value", version_name=a.version_name),
            say("strings.column_needed"),
        )
        blocks: list[Block] = [Paragraph((Span(say("strings.intro", version_name=a.version_name)),))]
        blocks.append(Table("strings", header, rows, keys, exact))
        if a.attribution.notice is not None:
            blocks.append(Paragraph((Span(say("strings.notice_file")),)))
        return Section("strings", say("headings.strings"), 2, tuple(blocks))

    def _answers(self) -> Section:
        a, say, kb = self.assessment, self.say, self.kb
        used, unused = answer_rows(kb, a, self.raw)
        rows = []
        for row in used:
            flag = say("answers.implied") if row["implied"] else say("answers.assumed") if row["assumed"] else ""
            rows.append((f"{row['label']}: {row['prompt']}", f"{row['answer']} {flag}".strip()))
        header = (say("answers.column_question"), say("answers.column_answer"))
        blocks: list[Block] = [
            Paragraph((Span(say("answers.intro")),)),
            Table("answers", header, tuple(rows), tuple(row["key"] for row in used)),
        ]
        if unused:
            blocks.append(Paragraph((Span(say("answers.unused")),)))
            blocks.append(
                ItemList(tuple(ListItem(with_stop(row["label"]), row["answer"], row["key"]) for row in unused))
            )
        if a.mapped or a.assumed:
            blocks.append(Paragraph((Span(say("answers.mapped")),)))
            items = []
            for item in a.mapped:
                question = kb.question(item.key)
                answer = format_answer(kb, question, item.value, a.version)
                old = f"{item.old_key}: {yaml_word(item.old_value)}"
                items.append(
                    ListItem("", say("answers.mapped_item", label=old, title=question.label, value=answer), item.key)
                )
            for key, value in a.assumed.items():
                question = kb.question(key)
                answer = format_answer(kb, question, value, a.version)
                written = f"{key}: {yaml_word(value)}"
                items.append(
                    ListItem("", say("answers.assumed_item", label=written, title=question.label, value=answer), key)
                )
            blocks.append(ItemList(tuple(items)))
        # the wizard shows the answers closed (its review page has them), unless they hold
        # something to see: answers not needed, or how an older file was read
        notable = bool(unused or a.mapped or a.assumed)
        return Section("answers", say("headings.answers"), 2, tuple(blocks), collapsed=not notable)

    def _path(self) -> Section:
        blocks: list[Block] = [Paragraph((Span(self.say("path.intro")),))]
        for number, reason in enumerate(self.assessment.reasons, start=1):
            blocks.append(Cited("", reason.text, citation(reason.source, reason.document_title, reason.rule), number))
        return Section("decision_path", self.say("headings.decision_path"), 2, tuple(blocks))

    def _caveats(self) -> Section:
        say = self.say
        blocks: list[Block] = [Paragraph((Span(say("caveats.intro")),))]
        for note in self.assessment.notes:
            blocks.append(self._note(note))
        return Section("caveats", say("headings.caveats"), 2, tuple(blocks))

    def _note(self, note: Note) -> Cited:
        title = with_stop(note.title)
        open_point = self.say("caveats.open_point")
        if note.unsettled and not note.title.startswith(open_point.rstrip(":")):
            title = f"{open_point} {title}"
        return Cited(title, note.text, citation(note.source, note.document_title, note.rule))

    def _terms(self) -> Section:
        say = self.say
        blocks: list[Block] = [Paragraph((Span(say("terms.intro", agreement_title=self.agreement_title)),))]
        for term in self.assessment.terms:
            blocks.append(self._term(term))
        return Section("terms", say("headings.terms"), 2, tuple(blocks), collapsed=True)

    def _term(self, term: StandingTerm) -> Cited:
        return Cited(with_stop(term.title), term.text, citation(term.source, term.document_title))

    def _cited_section(self, key: str, heading: str, steps: tuple[NextStep, ...], level: int) -> Section:
        items = tuple(ListItem("", s.text, s.id, citation=citation(s.source, s.document_title, s.rule)) for s in steps)
        return Section(key, self.say(heading), level, (ItemList(items),))

    def _texts(self) -> Section:
        say = self.say
        items = []
        for row in document_rows(self.kb, self.facts, self.assessment):
            kind = say(f"texts.{row['kind']}")
            text = say("texts.entry", title=row["title"], label=kind, file=row["file_name"], value=row["sha256"])
            items.append(ListItem("", text, row["id"]))
        blocks: list[Block] = [Paragraph((Span(say("texts.intro")),)), ItemList(tuple(items))]
        if not self.facts.agreement:
            blocks.append(Paragraph((Span(say("texts.no_agreement", version_name=self.assessment.version_name)),)))
        return Section("texts", say("headings.texts"), 2, tuple(blocks), record=True)

    def _about(self) -> Section:
        a, say = self.assessment, self.say
        prepared = say(
            "about.prepared",
            advisor=advisor_label(self.kb),
            generated=self.generated,
            ruleset_version=a.ruleset_version,
            ruleset_sha256=a.ruleset_sha256,
        )
        blocks = (Paragraph((Span(prepared),)), Paragraph((Span(say("verdict.not_legal_advice"), "strong"),)))
        return Section("about", say("headings.about"), 2, blocks)

    def _answers_file(self) -> Section:
        say = self.say
        answers, answers_format = answers_to_check(self.assessment, dict(self.raw))  # a v0.1.0 file's as given
        meta = saved_meta(self.assessment, ReportDetails(done=self.details.done))
        text = dump_answers(self.kb, answers, meta, answers_format)
        check = Paragraph(say.spans("about.check", command=Span("llama-advisor assess FILE", "code")))
        return Section("answers_file", say("headings.answers_file"), 2, (check, Code(text)), record=True)

    def _signoff(self) -> Section:
        say = self.say
        rows = tuple(
            (say(f"signoff.{key}"), say("signoff.decision_choices") if key == "decision" else "")
            for key in ("name", "role", "date", "decision", "conditions", "signature")
        )
        table = Table("signoff", (say("signoff.column_item"), say("signoff.column_entry")), rows)
        return Section(
            "signoff", say("headings.signoff"), 2, (Paragraph((Span(say("signoff.intro")),)), table), record=True
        )


def yaml_word(value: object) -> str:
    """A value as the answers file writes it (true, not True)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def duties_progress(kb: KnowledgeBase, assessment: Assessment, done: tuple[str, ...]) -> str:
    """How many of the duties are ticked, in words."""
    say = Wording(kb.wording)
    count = sum(1 for item in assessment.obligations if item.id in done)
    if not count:
        return say("duties.none_done")
    return say("duties.progress", count=count, total=len(assessment.obligations))
