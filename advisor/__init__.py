"""Llama License Advisor: tells whether a planned use of a Meta Llama model is permitted.

The stable Python API (imports stay light; the work is loaded on first call)::

    from advisor import assess, check
    assessment = assess({"version": "3.1", "role": "end_user", ...})
    assessment.verdict, assessment.to_dict()
    result = check("path/to/model-folder")      # or a .gguf file, a README.md, a .zip
    result.result, result.to_dict()["models"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from advisor.model import Assessment
    from advisor.release.records import CheckResult

__version__ = "0.1.0"
__all__ = ["__version__", "assess", "check"]


def assess(answers: dict[str, Any]) -> Assessment:
    """Assess an answers mapping against the shipped knowledge base.

    The mapping is read as today's answers (format 2: every relevant answer must be
    given) unless it says otherwise: pass ``"format": 1`` for the answers of a v0.1.0
    file. Raises advisor.engine.errors.AnswersError (with a readable ``.message``) for
    invalid answers.
    """
    from advisor.engine import assess as engine_assess
    from advisor.model import ANSWERS_FORMAT
    from advisor.rules import load_knowledge_base

    return engine_assess(load_knowledge_base(), {"format": ANSWERS_FORMAT, **answers})


def check(path: str | Path, name: str | None = None) -> CheckResult:
    """Check a model folder, README.md, GGUF file, adapter, product folder or .zip.

    Raises advisor.release.InputError (one-line text) when the path cannot be checked.
    """
    from advisor.release import check_path
    from advisor.rules import load_knowledge_base

    return check_path(path, load_knowledge_base(), name)
