"""The six checks of a Llama release, each with its status, clause, evidence and fix."""

from __future__ import annotations

import re
from collections.abc import Mapping

from advisor.model import KnowledgeBase, VersionFacts, read_only
from advisor.release.evidence import Gathered
from advisor.release.fingerprint import match_notice, shipped_text, words
from advisor.release.records import CheckOutcome
from advisor.rules.wording import say

PROMINENCE_RULE = "BUILT-WITH-PROMINENCE"
PROMINENT_LINES = 15  # the phrase counts as prominent in the title or the first lines of the card
# an address in a model card: scheme optional, a port allowed; the path stops at markup
# (Markdown's <…>, […](…), `…`, **…**, HTML tags, tables) and at a query or fragment
_LINK = re.compile(r"(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?::\d+)?(/[^\s<>()\[\]{}\"'`*|#?]*)?", re.IGNORECASE)
_PATH_END = ".,;:!?_*/"  # sentence punctuation and Markdown emphasis after an address
_FOOTNOTE = re.compile(r"^\s*(\[\^[^\]]+\]:|<sup>|<small>|<sub>|\*\s*\(\d+\))", re.IGNORECASE)


def source(kb: KnowledgeBase, facts: VersionFacts, clause: str) -> Mapping[str, str] | None:
    cited = facts.clauses.get(clause)
    if cited is None:
        return None
    return read_only(cited.cited(kb.documents[cited.document].title))


def _rule_source(kb: KnowledgeBase, rule_id: str) -> Mapping[str, str] | None:
    for rule in kb.rules:
        if rule.id == rule_id and rule.source.source is not None:
            cited = rule.source.source
            return read_only(cited.cited(kb.documents[cited.document].title))
    return None


def license_copy(g: Gathered, kb: KnowledgeBase, facts: VersionFacts, lone_gguf: bool) -> CheckOutcome:
    cited = source(kb, facts, "license_copy")
    title = kb.documents[facts.agreement].title if facts.agreement else facts.name
    w = kb.wording
    fix = say(w, "check.license_fix", title=title)
    if g.license_file is None or g.license_match is None:
        if lone_gguf:
            return CheckOutcome(
                "license_copy",
                "warn",
                say(w, "check.license_gguf", title=title),
                cited,
                (),
                say(w, "check.license_gguf_fix"),
            )
        return CheckOutcome("license_copy", "fail", say(w, "check.license_missing", title=title), cited, (), fix)
    file = g.license_file
    where = (g.folder.where(file, 1),)
    match = g.license_match
    if match.version != facts.id:
        if match.version is None:
            text = say(w, "check.license_not_llama", file=file, title=title)
        else:
            other = kb.documents[match.document].title if match.document else match.version
            text = say(w, "check.license_other", file=file, other=other, title=title)
        return CheckOutcome("license_copy", "fail", text, cited, where, fix, file)
    if match.kind == "exact":
        text = say(w, "check.license_exact", file=file, title=title)
        return CheckOutcome("license_copy", "pass", text, cited, where, None, file)
    if match.kind == "whitespace":
        return CheckOutcome(
            "license_copy",
            "warn",
            say(w, "check.license_whitespace", file=file, title=title),
            cited,
            where,
            say(w, "check.license_whitespace_fix"),
            file,
        )
    changed = ", ".join(match.differs) or say(w, "check.license_modified_somewhere")
    return CheckOutcome(
        "license_copy",
        "fail",
        say(w, "check.license_modified", file=file, title=title, parts=changed),
        cited,
        where,
        say(w, "check.license_modified_fix"),
        file,
    )


NOTICE_DIFFERENCES = {
    "copyright_sign": "check.differs_copyright_sign",
    "quotes": "check.differs_quotes",
    "space": "check.differs_space",
    "final_stop": "check.differs_final_stop",
}
"""What differs between a Notice file's line and the agreement's (fingerprint.NoticeMatch), in words."""


def joined(wording: Mapping[str, str], items: list[str], key: str = "lists.and") -> str:
    """The items as one phrase: "a and b and c" (`key`: lists.and or lists.versus)."""
    phrase = items[0] if items else ""
    for item in items[1:]:
        phrase = say(wording, key, parts=phrase, value=item)
    return phrase


def notice(g: Gathered, kb: KnowledgeBase, facts: VersionFacts, lone_gguf: bool) -> CheckOutcome:
    cited = source(kb, facts, "notice")
    expected = facts.notice or ""
    w = kb.wording
    fix = say(w, "check.notice_fix", expected=expected)
    if g.notice_file is None:
        status = "warn" if lone_gguf else "fail"
        return CheckOutcome("notice", status, say(w, "check.notice_missing"), cited, (), fix)
    file = g.notice_file
    text = g.folder.read_text(file)
    others = {v.id: v.notice for v in kb.versions.values() if v.notice and v.id != facts.id}
    match = match_notice(text, expected, others)
    where = (g.folder.where(file, match.line),)
    differences = [say(w, NOTICE_DIFFERENCES[code]) for code in match.differences]
    if match.kind == "exact":
        text = say(w, "check.notice_exact", file=file, version_name=facts.name)
        return CheckOutcome("notice", "pass", text, cited, where, None, file)
    if match.kind == "near":
        return CheckOutcome(
            "notice",
            "warn",
            say(w, "check.notice_near", file=file, version_name=facts.name, parts=joined(w, differences)),
            cited,
            where,
            say(w, "check.notice_exact_fix", expected=expected),
            file,
        )
    if match.kind == "altered":
        return CheckOutcome(
            "notice",
            "fail",
            say(w, "check.notice_altered", file=file, version_name=facts.name, detail=differences[0]),
            cited,
            where,
            say(w, "check.notice_exact_fix", expected=expected),
            file,
        )
    if match.kind == "other_version":
        other = kb.versions[match.other_version].name if match.other_version else say(w, "check.notice_other_unknown")
        return CheckOutcome(
            "notice",
            "fail",
            say(w, "check.notice_other", file=file, other=other, version_name=facts.name),
            cited,
            where,
            fix,
            file,
        )
    return CheckOutcome(
        "notice",
        "fail",
        say(w, "check.notice_absent", file=file, version_name=facts.name),
        cited,
        (g.folder.where(file),),
        fix,
        file,
    )


def name_prefix(kb: KnowledgeBase, facts: VersionFacts, name: str | None, name_from: str) -> CheckOutcome:
    cited = source(kb, facts, "name_prefix")
    prefix = facts.name_prefix
    w = kb.wording
    if prefix is None:
        return CheckOutcome(
            "name_prefix", "not_applicable", say(w, "check.name_no_rule", version_name=facts.name), None
        )
    if not name:
        return CheckOutcome(
            "name_prefix",
            "warn",
            say(w, "check.name_missing"),
            cited,
            (),
            say(w, "check.name_missing_fix", prefix=prefix),
        )
    compact = re.sub(r"[\s_.\-]+", "", name).lower()
    if compact.startswith(re.sub(r"\s+", "", prefix).lower()):
        return CheckOutcome(
            "name_prefix", "pass", say(w, "check.name_ok", name=name, prefix=prefix), cited, (name_from,)
        )
    return CheckOutcome(
        "name_prefix",
        "fail",
        say(w, "check.name_wrong", name=name, prefix=prefix),
        cited,
        (name_from,),
        say(w, "check.name_wrong_fix", suggestion=suggested_name(name, prefix)),
    )


def suggested_name(name: str, prefix: str) -> str:
    stem = re.sub(r"[-_ ]?(meta[-_ ]?)?llama[-_ ]?\d?(?:[._]\d)?", "", name, flags=re.IGNORECASE).strip("-_ ")
    return f"{prefix.replace(' ', '-')}-{stem}" if stem else prefix.replace(" ", "-")


def built_with(g: Gathered, kb: KnowledgeBase, facts: VersionFacts) -> CheckOutcome:
    cited = source(kb, facts, "built_with")
    phrase = facts.built_with
    w = kb.wording
    if phrase is None:
        text = say(w, "check.built_with_no_rule", version_name=facts.name)
        return CheckOutcome("built_with", "not_applicable", text, None)
    fix = say(w, "check.built_with_fix", phrase=phrase)
    readme = g.folder.find("README.md")
    if g.card is None or readme is None:
        return CheckOutcome("built_with", "fail", say(w, "check.built_with_no_card", phrase=phrase), cited, (), fix)
    wanted = " ".join(words(phrase)).lower()
    body = list(range(g.card.body_start, len(g.card.lines) + 1))
    hits = [n for n in body if wanted in " ".join(words(g.card.lines[n - 1])).lower()]
    if not hits:
        return CheckOutcome(
            "built_with",
            "fail",
            say(w, "check.built_with_missing", phrase=phrase),
            cited,
            (g.folder.where(readme),),
            fix,
        )
    first = hits[0]
    content = [n for n in body if g.card.lines[n - 1].strip()]
    position = content.index(first) + 1 if first in content else first
    if position <= PROMINENT_LINES and not _FOOTNOTE.match(g.card.lines[first - 1]):
        text = say(w, "check.built_with_ok", phrase=phrase)
        return CheckOutcome("built_with", "pass", text, cited, (g.folder.where(readme, first),))
    faq = _rule_source(kb, PROMINENCE_RULE) or cited
    if _FOOTNOTE.match(g.card.lines[first - 1]):
        where = say(w, "check.built_with_in_footnote")
    else:
        where = say(w, "check.built_with_at_line", line=first, total=len(g.card.lines))
    return CheckOutcome(
        "built_with",
        "warn",
        say(w, "check.built_with_late", phrase=phrase, where=where),
        faq,
        (g.folder.where(readme, first),),
        fix,
    )


def use_policy(g: Gathered, kb: KnowledgeBase, facts: VersionFacts) -> CheckOutcome:
    cited = source(kb, facts, "acceptable_use")
    w = kb.wording
    title = kb.documents[facts.use_policy].title if facts.use_policy else say(w, "fallback.use_policy_title")
    fix = say(w, "check.use_policy_fix", title=title)
    if g.use_policy_file:
        file = g.use_policy_file
        shipped = (g.folder.where(file, 1),)
        ours = words(g.folder.read_text(file))
        if facts.use_policy and ours == words(shipped_text(kb.documents[facts.use_policy].file)):
            text = say(w, "check.use_policy_ok", file=file, title=title)
            return CheckOutcome("use_policy", "pass", text, cited, shipped, None, file)
        text = say(w, "check.use_policy_changed", file=file, title=title)
        return CheckOutcome("use_policy", "warn", text, cited, shipped, fix, file)
    linked = _policy_links(g, kb)
    for document, link in linked:
        if document == facts.use_policy:
            return CheckOutcome("use_policy", "pass", say(w, "check.use_policy_linked", title=title), cited, (link,))
    if linked:
        document, link = linked[0]
        other = kb.documents[document].title
        text = say(w, "check.use_policy_other", other=other, title=title)
        return CheckOutcome("use_policy", "warn", text, cited, (link,), fix)
    return CheckOutcome("use_policy", "warn", say(w, "check.use_policy_missing", title=title), cited, (), fix)


def _policy_links(g: Gathered, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(use-policy document id, README.md:line) for each link in the card to a use policy's
    published address (documents.yaml `url`). Meta has moved these pages between its hosts
    (llama.meta.com now redirects to llama.com), so a policy's path on any of the hosts
    those addresses use counts; http or https, with or without www."""
    if g.card is None:
        return []
    hosts: set[str] = set()
    paths: dict[str, str] = {}
    for document_id, document in kb.documents.items():
        if document.kind == "use_policy" and document.url and (match := _LINK.match(document.url)):
            host, path = _address(match)
            hosts.add(host)
            paths[path] = document_id
    found = []
    for number, line in enumerate(g.card.lines, 1):
        for match in _LINK.finditer(line.replace("\\", "")):  # Markdown escapes: llama3\_1
            host, path = _address(match)
            if host in hosts and path in paths:
                found.append((paths[path], g.folder.where("README.md", number)))
    return found


def _address(match: re.Match[str]) -> tuple[str, str]:
    """(host without www., path without trailing punctuation or slash), both lower case."""
    host = match.group(1).lower().removeprefix("www.")
    return host, (match.group(2) or "").rstrip(_PATH_END).lower()
