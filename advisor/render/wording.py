"""Fixed wording of the documents that the knowledge base does not hold.

Verdict labels and obligation titles come from the knowledge base
(``kb.verdict_labels``, ``kb.obligation_titles``); the terminal report and every
document use this sentence.
"""

from __future__ import annotations

NOT_LEGAL_ADVICE = (
    "This assessment is not legal advice. It reads the published texts; have counsel review decisions that matter."
)
