"""The six checks of a Llama release, each with its status, clause, evidence and fix."""

from __future__ import annotations

import re

from advisor.model import KnowledgeBase, VersionFacts
from advisor.release.evidence import Gathered
from advisor.release.fingerprint import match_notice, shipped_text, words
from advisor.release.records import CheckOutcome

PROMINENCE_RULE = "BUILT-WITH-PROMINENCE"
PROMINENT_LINES = 15  # the phrase counts as prominent in the title or the first lines of the card
# an address in a model card: scheme optional, a port allowed; the path stops at markup
# (Markdown's <…>, […](…), `…`, **…**, HTML tags, tables) and at a query or fragment
_LINK = re.compile(r"(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?::\d+)?(/[^\s<>()\[\]{}\"'`*|#?]*)?", re.IGNORECASE)
_PATH_END = ".,;:!?_*/"  # sentence punctuation and Markdown emphasis after an address
_FOOTNOTE = re.compile(r"^\s*(\[\^[^\]]+\]:|<sup>|<small>|<sub>|\*\s*\(\d+\))", re.IGNORECASE)


def source(kb: KnowledgeBase, facts: VersionFacts, clause: str) -> dict[str, str] | None:
    cited = facts.clauses.get(clause)
    if cited is None:
        return None
    return {**cited.to_dict(), "title": kb.documents[cited.document].title}


def _rule_source(kb: KnowledgeBase, rule_id: str) -> dict[str, str] | None:
    for rule in kb.rules:
        if rule.id == rule_id and rule.source.source is not None:
            cited = rule.source.source
            return {**cited.to_dict(), "title": kb.documents[cited.document].title}
    return None


def license_copy(g: Gathered, kb: KnowledgeBase, facts: VersionFacts, lone_gguf: bool) -> CheckOutcome:
    cited = source(kb, facts, "license_copy")
    title = kb.documents[facts.agreement].title if facts.agreement else facts.name
    fix = f"Ship the {title}, unmodified, as LICENSE (llama-advisor check --fix writes it)."
    if g.license_file is None or g.license_match is None:
        if lone_gguf:
            return CheckOutcome(
                "license_copy",
                "warn",
                f"A GGUF file cannot carry the agreement; ship the {title} beside it.",
                cited,
                (),
                "Check the folder you publish: it must hold LICENSE next to the GGUF file.",
            )
        return CheckOutcome(
            "license_copy", "fail", f"No LICENSE file: a copy of the {title} must be shipped.", cited, (), fix
        )
    where = (g.folder.where(g.license_file, 1),)
    match = g.license_match
    if match.version != facts.id:
        if match.version is None:
            text = f"{g.license_file} is not a Llama agreement; the {title} must be shipped."
        else:
            other = kb.documents[match.document].title if match.document else match.version
            text = f"{g.license_file} is the {other}, not the {title}."
        return CheckOutcome("license_copy", "fail", text, cited, where, fix)
    if match.kind == "exact":
        return CheckOutcome("license_copy", "pass", f"{g.license_file} is the {title}, unmodified.", cited, where)
    if match.kind == "whitespace":
        return CheckOutcome(
            "license_copy",
            "warn",
            f"{g.license_file} has the words of the {title}; only whitespace or line breaks differ.",
            cited,
            where,
            "Replace it with the text exactly as Meta publishes it (llama-advisor check --fix --force).",
        )
    changed = ", ".join(match.differs) or "the wording"
    return CheckOutcome(
        "license_copy",
        "fail",
        f"{g.license_file} is a modified copy of the {title}; these parts differ: {changed}.",
        cited,
        where,
        "Ship the agreement unmodified (llama-advisor check --fix --force replaces it).",
    )


def notice(g: Gathered, kb: KnowledgeBase, facts: VersionFacts, lone_gguf: bool) -> CheckOutcome:
    cited = source(kb, facts, "notice")
    expected = facts.notice or ""
    fix = f'Ship a text file named NOTICE holding: "{expected}" (llama-advisor check --fix writes it).'
    if g.notice_file is None:
        status = "warn" if lone_gguf else "fail"
        return CheckOutcome("notice", status, "No Notice file (NOTICE or Notice, .txt or none).", cited, (), fix)
    text = g.folder.read_text(g.notice_file)
    others = {v.id: v.notice for v in kb.versions.values() if v.notice and v.id != facts.id}
    match = match_notice(text, expected, others)
    where = (g.folder.where(g.notice_file, match.line),)
    if match.kind == "exact":
        return CheckOutcome(
            "notice", "pass", f"{g.notice_file} holds the {facts.name} Notice line exactly.", cited, where
        )
    if match.kind == "near":
        differs = " and ".join(match.differences)
        return CheckOutcome(
            "notice",
            "warn",
            f"{g.notice_file} holds the {facts.name} Notice line, but {differs} differ from the agreement.",
            cited,
            where,
            f'Write the line exactly as the agreement does: "{expected}"',
        )
    if match.kind == "altered":
        return CheckOutcome(
            "notice",
            "fail",
            f"{g.notice_file} holds the {facts.name} Notice line, but {match.differences[0]}; "
            "the agreement asks for the line exactly.",
            cited,
            where,
            f'Write the line exactly as the agreement does: "{expected}"',
        )
    if match.kind == "other_version":
        other = kb.versions[match.other_version].name if match.other_version else "another version"
        return CheckOutcome(
            "notice",
            "fail",
            f"{g.notice_file} holds the {other} Notice line, not the {facts.name} one.",
            cited,
            where,
            fix,
        )
    return CheckOutcome(
        "notice",
        "fail",
        f"{g.notice_file} does not hold the {facts.name} Notice line.",
        cited,
        (g.folder.where(g.notice_file),),
        fix,
    )


def name_prefix(kb: KnowledgeBase, facts: VersionFacts, name: str | None, name_from: str) -> CheckOutcome:
    cited = source(kb, facts, "name_prefix")
    prefix = facts.name_prefix
    if prefix is None:
        return CheckOutcome("name_prefix", "not_applicable", f"{facts.name} has no model-name rule.", None)
    if not name:
        return CheckOutcome(
            "name_prefix",
            "warn",
            "No model name found; give one with --name.",
            cited,
            (),
            f'Begin the name with "{prefix}".',
        )
    compact = re.sub(r"[\s_.\-]+", "", name).lower()
    if compact.startswith(re.sub(r"\s+", "", prefix).lower()):
        return CheckOutcome("name_prefix", "pass", f'"{name}" begins with "{prefix}".', cited, (name_from,))
    return CheckOutcome(
        "name_prefix",
        "fail",
        f'"{name}" does not begin with "{prefix}". This applies when the model was created, trained or fine-tuned with Llama.',
        cited,
        (name_from,),
        f'Rename it, for example "{suggested_name(name, prefix)}".',
    )


def suggested_name(name: str, prefix: str) -> str:
    stem = re.sub(r"[-_ ]?(meta[-_ ]?)?llama[-_ ]?\d?(?:[._]\d)?", "", name, flags=re.IGNORECASE).strip("-_ ")
    return f"{prefix.replace(' ', '-')}-{stem}" if stem else prefix.replace(" ", "-")


def built_with(g: Gathered, kb: KnowledgeBase, facts: VersionFacts) -> CheckOutcome:
    cited = source(kb, facts, "built_with")
    phrase = facts.built_with
    if phrase is None:
        return CheckOutcome("built_with", "not_applicable", f'{facts.name} has no "Built with" rule.', None)
    fix = f'Put "{phrase}" in the model card\'s title or first lines.'
    readme = g.folder.find("README.md")
    if g.card is None or readme is None:
        return CheckOutcome(
            "built_with", "fail", f'No README.md, so "{phrase}" is not shown with the model.', cited, (), fix
        )
    wanted = " ".join(words(phrase)).lower()
    body = list(range(g.card.body_start, len(g.card.lines) + 1))
    hits = [n for n in body if wanted in " ".join(words(g.card.lines[n - 1])).lower()]
    if not hits:
        return CheckOutcome(
            "built_with",
            "fail",
            f'README.md does not show "{phrase}". (The agreement also accepts a related website, user interface,'
            " blog post, about page or product documentation; this check reads only the model card.)",
            cited,
            (g.folder.where(readme),),
            fix,
        )
    first = hits[0]
    content = [n for n in body if g.card.lines[n - 1].strip()]
    position = content.index(first) + 1 if first in content else first
    if position <= PROMINENT_LINES and not _FOOTNOTE.match(g.card.lines[first - 1]):
        return CheckOutcome(
            "built_with", "pass", f'README.md shows "{phrase}" near the top.', cited, (g.folder.where(readme, first),)
        )
    faq = _rule_source(kb, PROMINENCE_RULE) or cited
    where = (
        "in a footnote" if _FOOTNOTE.match(g.card.lines[first - 1]) else f"only at line {first} of {len(g.card.lines)}"
    )
    return CheckOutcome(
        "built_with",
        "warn",
        f'README.md shows "{phrase}" {where}. Meta\'s FAQ does not count a mention on the last page or in a footnote as prominent.',
        faq,
        (g.folder.where(readme, first),),
        fix,
    )


def use_policy(g: Gathered, kb: KnowledgeBase, facts: VersionFacts) -> CheckOutcome:
    cited = source(kb, facts, "acceptable_use")
    title = kb.documents[facts.use_policy].title if facts.use_policy else "use policy"
    fix = f"Ship the {title} as USE_POLICY.md or link to it from the README (advisory)."
    if g.use_policy_file:
        where = (g.folder.where(g.use_policy_file, 1),)
        ours = words(g.folder.read_text(g.use_policy_file))
        if facts.use_policy and ours == words(shipped_text(kb.documents[facts.use_policy].file)):
            return CheckOutcome("use_policy", "pass", f"{g.use_policy_file} is the {title}.", cited, where)
        return CheckOutcome(
            "use_policy", "warn", f"{g.use_policy_file} is not the {title} as Meta publishes it.", cited, where, fix
        )
    linked = _policy_links(g, kb)
    for document, where in linked:
        if document == facts.use_policy:
            return CheckOutcome("use_policy", "pass", f"README.md links to the {title}.", cited, (where,))
    if linked:
        document, where = linked[0]
        other = kb.documents[document].title
        text = f"README.md links to the {other}, not the {title}."
        return CheckOutcome("use_policy", "warn", text, cited, (where,), fix)
    return CheckOutcome(
        "use_policy", "warn", f"Neither USE_POLICY.md nor a link to the {title} was found.", cited, (), fix
    )


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
