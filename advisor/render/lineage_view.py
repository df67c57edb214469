"""The result view of a lineage: the combined result, then a section for each Llama version.

A product or model that takes from several Llama versions (an answers file's `lineage`)
gets the combined verdict, duties and exact strings at the top, each duty naming the
versions that impose it; then one section per version, the main one first (key
`part.0`, then `part.1`, ...), each with what is taken from it, its own verdict,
certainty, duties, strings, decision path (`part.N.decision_path`), caveats
(`part.N.caveats`) and standing terms (`part.N.terms`), built as a single version's
view builds them. Other parent models (not Llama) get a section of their own.
"""

from __future__ import annotations

from typing import Any

from advisor.engine.explain import deciding_reason, first_sentence
from advisor.model import LineageEntry, Obligation
from advisor.render.context import (
    deciding_part,
    display_name,
    document_rows,
    format_answer,
    joined_names,
    part_takes,
    version_names,
)
from advisor.render.version_view import ViewBuilder, citation
from advisor.render.view import (
    Block,
    ItemList,
    ListItem,
    Paragraph,
    ResultView,
    Section,
    Span,
    Table,
    with_stop,
)

ATTRIBUTION_KEYS = ("built_with", "notice", "name_prefix")


class LineageBuilder(ViewBuilder):
    """The view of an assessment with a lineage (or other parents): see the module's docstring."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.name = display_name(self.kb, self.assessment)
        a = self.assessment
        self.builders = tuple(ViewBuilder(self.kb, part, self.raw, self.details) for part in a.parts)
        self.entries: tuple[LineageEntry | None, ...] = (None, *(part.entry for part in a.lineage))
        self.takes = part_takes(a)
        decider = deciding_part(a)
        self.decider = next(b for b in self.builders if b.assessment is decider)

    # ------------------------------------------------------------------ the whole view
    def view(self, record: bool = True) -> ResultView:
        single = super().view(record)
        if not self.assessment.lineage:  # other parents only: one version's view, and the parents
            return single._replace(sections=self._with_parents(single.sections))
        tail_keys = ("texts", "about", "answers_file", "signoff")
        kept = [s for s in single.sections if s.key not in ("decision_path", "caveats", "terms")]
        head = tuple(s for s in kept if s.key not in tail_keys)
        tail = tuple(s for s in kept if s.key in tail_keys)
        parts: list[Section] = []
        for number, builder in enumerate(self.builders):
            parts += self._part(number, builder)
        return single._replace(sections=(*self._with_parents(head), *parts, *tail))

    def _with_parents(self, sections: tuple[Section, ...]) -> tuple[Section, ...]:
        """The sections with the other parents' after the exact strings (or the duties)."""
        if not self.assessment.other_parents:
            return sections
        keys = [s.key for s in sections]
        after = next(
            (keys.index(key) for key in ("strings", "if_licensed", "not_licensed", "duties") if key in keys),
            len(keys) - 1,
        )
        return (*sections[: after + 1], self._other_parents(), *sections[after + 1 :])

    # ------------------------------------------------------------------ the combined result
    def _version_rows(self) -> list[tuple[str, str]]:
        say = self.say
        rows = super()._version_rows()
        if self.assessment.lineage:
            entries = [
                say("lineage_view.details_entry", version_name=b.assessment.version_name, takes=self._short(n))
                for n, b in enumerate(self.builders[1:], 1)
            ]
            rows.append((say("lineage_view.details_lineage"), "; ".join(entries)))
        return rows

    def _reason_summary(self) -> str:
        reason = deciding_reason(self.kb, self.decider.assessment)
        return first_sentence(reason.text) if reason is not None else ""

    def _verdict_paragraphs(self, lead: tuple[Span, ...] = ()) -> list[Block]:
        a, say = self.assessment, self.say
        if not a.lineage:
            return super()._verdict_paragraphs(lead)
        decider = self.decider
        if a.licensed:
            titles = [b.agreement_title for b in self.builders if b.agreement_title]
            text = say("lineage_view.permitted", title=joined_names(self.kb.wording, list(dict.fromkeys(titles))))
            statement = [Span(self.kb.verdict_labels[a.verdict] + ". ", "strong"), Span(text)]
        else:
            statement = decider._statement()
            decided = say("lineage_view.decided_by", version_name=decider.assessment.version_name)
            statement.append(Span(" " + decided))
        blocks: list[Block] = [Paragraph((*lead, *statement))]
        reason = deciding_reason(self.kb, decider.assessment)
        if reason is not None:
            blocks.append(Paragraph((Span(say("verdict.deciding") + " ", "strong"), Span(reason.text))))
        unsettled = tuple(p.version for p in a.parts if p.certainty == "unsettled")
        more = (Span(" " + say("lineage_view.unsettled_versions", versions=version_names(self.kb, unsettled))),)
        blocks.append(self._certainty(*(more if unsettled else ())))
        return blocks

    def _duty_text(self, obligation: Obligation) -> str:
        if not obligation.versions:
            return obligation.text
        key = "lineage_view.imposed_by_several" if len(obligation.versions) > 1 else "lineage_view.imposed_by"
        imposed = self.say(key, versions=version_names(self.kb, obligation.versions))
        return f"{obligation.text} {imposed}"

    def _duties(self) -> Section:
        return self._with_intro(super()._duties(), 0)

    def _not_licensed(self) -> Section:
        return self._with_intro(super()._not_licensed(), 1)

    def _with_intro(self, section: Section, at: int) -> Section:
        """A section of the combined duties, with a lineage saying how they are listed."""
        if not self.assessment.lineage or not self.assessment.obligations:
            return section
        intro = Paragraph((Span(self.say("lineage_view.duties_intro")),))
        return section._replace(blocks=(*section.blocks[:at], intro, *section.blocks[at:]))

    def _strings(self) -> Section:
        """Every string some version's agreement requires for this use, once, with those versions."""
        say = self.say
        if not self.assessment.lineage:
            return super()._strings()
        owed: dict[tuple[str, str], list[str]] = {}
        for part in self.assessment.parts:
            for key in ATTRIBUTION_KEYS:
                value = getattr(part.attribution, key)
                if value is not None:
                    owed.setdefault((key, value), []).append(part.version)
        for line in self.assessment.attribution.notices:  # every Notice line owed, main first
            owed.setdefault(("notice", line), [])
        rows = tuple(
            (self.kb.attribution_labels[key], value, version_names(self.kb, tuple(versions)))
            for key in ATTRIBUTION_KEYS
            for (kind, value), versions in owed.items()
            if kind == key
        )
        if not rows:
            return Section(
                "strings", say("headings.strings"), 2, (Paragraph((Span(say("lineage_view.strings_none")),)),)
            )
        header = (
            say("lineage_view.column_string"),
            say("lineage_view.column_value"),
            say("lineage_view.column_versions"),
        )
        keys = tuple(key for key in ATTRIBUTION_KEYS for kind, _ in owed if kind == key)
        blocks: list[Block] = [
            Paragraph((Span(say("lineage_view.strings_intro")),)),
            Table("strings", header, rows, keys, (True,) * len(rows)),
        ]
        if any(key == "notice" for key in keys):
            blocks.append(Paragraph((Span(say("lineage_view.notice_file")),)))
        return Section("strings", say("headings.strings"), 2, tuple(blocks))

    def _answers(self) -> Section:
        section = super()._answers()
        if not self.assessment.lineage:
            return section
        say = self.say
        rows = tuple((b.assessment.version_name, self._short(n)) for n, b in enumerate(self.builders[1:], 1))
        header = (say("lineage_view.column_version"), say("lineage_view.column_takes"))
        blocks = (Paragraph((Span(say("lineage_view.answers_lineage")),)), Table("lineage", header, rows))
        return section._replace(blocks=(*section.blocks, *blocks))

    def _texts(self) -> Section:
        """The texts relied on by every version, once each."""
        section = super()._texts()
        seen: set[str] = set()
        items: list[ListItem] = []
        for builder in self.builders:
            for row in document_rows(self.kb, builder.facts, builder.assessment):
                if row["id"] in seen:
                    continue
                seen.add(row["id"])
                kind = self.say(f"texts.{row['kind']}")
                text = self.say(
                    "texts.entry", title=row["title"], label=kind, file=row["file_name"], value=row["sha256"]
                )
                items.append(ListItem("", text, row["id"]))
        blocks = tuple(ItemList(tuple(items)) if isinstance(b, ItemList) else b for b in section.blocks)
        return section._replace(blocks=blocks)

    def _other_parents(self) -> Section:
        say, a = self.say, self.assessment
        items = tuple(
            ListItem(with_stop(p.name), say("lineage_view.other_parent", label=p.license)) for p in a.other_parents
        )
        blocks: list[Block] = [ItemList(items), Paragraph((Span(a.other_parent_note),))]
        return Section("other_parents", say("lineage_view.other_parents_heading"), 2, tuple(blocks))

    # ------------------------------------------------------------------ one version
    def _short(self, number: int) -> str:
        return self.say(f"lineage_view.short_{self.takes[number]}")

    def _part(self, number: int, builder: ViewBuilder) -> list[Section]:
        """The sections of one version: what is taken, its verdict and duties, then why."""
        say, part = self.say, builder.assessment
        key = f"part.{number}"
        if number == 0:
            heading = say("lineage_view.main_heading", version_name=part.version_name)
        else:
            heading = say(f"lineage_view.part_{self.takes[number]}", version_name=part.version_name)
        taken = [Span(say("lineage_view.taken") + " ", "strong"), Span(say(f"lineage_view.takes_{self.takes[number]}"))]
        entry = self.entries[number]
        if entry is not None:
            taken += [Span(" " + text) for text in _given(builder, entry)]
        blocks: list[Block] = [Paragraph(tuple(taken))]
        lead = (Span(say("lineage_view.part_verdict", version_name=part.version_name) + " ", "strong"),)
        blocks += builder._verdict_paragraphs(lead)
        blocks += self._part_duties(builder)
        if (
            part.licensed and builder.facts.published_agreement
        ):  # its own strings; the combined table is the one to copy
            blocks += [
                b._replace(kind="version_strings") if isinstance(b, Table) else b for b in builder._strings().blocks
            ]
        sections = [Section(key, heading, 2, tuple(blocks))]
        path = builder._path()
        sections.append(
            Section(
                f"{key}.decision_path", say("lineage_view.path_heading", version_name=part.version_name), 3, path.blocks
            )
        )
        if part.notes:
            caveats = builder._caveats()
            heading = say("lineage_view.caveats_heading", version_name=part.version_name)
            sections.append(Section(f"{key}.caveats", heading, 3, caveats.blocks))
        if part.terms:
            terms = builder._terms()
            heading = say("lineage_view.terms_heading", version_name=part.version_name)
            sections.append(Section(f"{key}.terms", heading, 3, terms.blocks, collapsed=True))
        return sections

    def _part_duties(self, builder: ViewBuilder) -> list[Block]:
        """A version's own duties, each with its clause (the checklist to tick is the combined one)."""
        say, part = self.say, builder.assessment
        if not part.licensed:
            blocks = list(builder._not_licensed().blocks)
            if part.if_licensed:
                blocks.append(Paragraph((Span(say("lineage_view.part_if_licensed")),)))
                blocks.append(ItemList(tuple(_listed(builder, o) for o in part.if_licensed)))
            return blocks
        if part.obligations:
            intro = Paragraph((Span(say("lineage_view.part_duties", version_name=part.version_name)),))
            return [intro, ItemList(tuple(_listed(builder, o) for o in part.obligations))]
        return list(builder._duties().blocks)


def _listed(builder: ViewBuilder, obligation: Obligation) -> ListItem:
    title = builder.kb.obligation_titles[obligation.id]
    return ListItem(
        with_stop(title),
        obligation.text,
        obligation.id,
        citation=citation(obligation.source, obligation.document_title, obligation.rule),
    )


def _given(builder: ViewBuilder, entry: LineageEntry) -> list[str]:
    """What a lineage entry gives for its own version, each answer in words."""
    kb, part = builder.kb, builder.assessment
    given = []
    for key, value in entry.to_dict().items():
        if key in ("version", "takes"):
            continue
        question = kb.question(key)
        answer = format_answer(kb, question, value, part.version)
        given.append(builder.say("lineage_view.given", label=question.label, value=answer.rstrip(".")))
    return given
