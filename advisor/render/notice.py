"""The NOTICE file: the version's Notice line exactly as its agreement writes it."""

from __future__ import annotations

from advisor.model import KnowledgeBase, VersionFacts
from advisor.render.environment import environment


def notice_text(facts: VersionFacts, kb: KnowledgeBase) -> str:
    if facts.notice is None or facts.agreement is None:
        raise ValueError(f"{facts.name} has no Notice line")
    return environment().get_template("NOTICE.j2").render(notice=facts.notice)
