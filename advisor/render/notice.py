"""The NOTICE file: each Notice line owed, exactly as its agreement writes it."""

from __future__ import annotations

from advisor.model import Assessment, KnowledgeBase, VersionFacts
from advisor.render.context import notice_lines
from advisor.render.environment import environment


def notice_text(facts: VersionFacts, kb: KnowledgeBase) -> str:
    """The NOTICE file of one version: its Notice line."""
    if facts.notice is None or facts.agreement is None:
        raise ValueError(f"{facts.name} has no Notice line")
    return environment().get_template("NOTICE.j2").render(notice=facts.notice)


def notices_text(kb: KnowledgeBase, assessment: Assessment) -> str:
    """The NOTICE file of an assessment: every Notice line owed, one a line, main version first
    (with a lineage, one line for each version whose copies are shipped); when none is owed,
    the main version's line. Raises ValueError when there is no line to write."""
    lines = notice_lines(kb, assessment)
    if not lines:
        raise ValueError(f"{assessment.version_name} has no Notice line owed")
    return environment().get_template("NOTICE.j2").render(notice="\n".join(lines))
