"""Llama License Advisor: tells whether a planned use of a Meta Llama model is permitted.

The stable Python API (imports stay light; the work is loaded on first call)::

    from advisor import assess, check
    assessment = assess({"version": "3.1", "role": "end_user", ...})
    assessment.verdict, assessment.to_dict()
    result = check("path/to/model-folder")      # or a .gguf file, a README.md, a .zip
    result.result, result.to_dict()["models"]
"""

# No `from __future__ import annotations` here: it is an import, and the first lines must
# run before any import when the command line starts (see _interrupted_while_starting).
import os
import sys


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """Ctrl-C while `llama-advisor` loads its modules: the one line, exit 130.

    Nothing has been written yet, so the process ends at once: a KeyboardInterrupt
    raised inside an import would print a traceback (or "Exception ignored").
    advisor.launcher.run hands Ctrl-C back to Python once its own handling is in place.
    """
    try:  # noqa: SIM105 - contextlib would be one more import before the handler
        os.write(2, b"\nllama-advisor: interrupted\n")
    except OSError:
        pass
    os._exit(130)


def _started_from_the_command_line() -> bool:
    """True in the `llama-advisor` script (or `python -m advisor`), not in a program importing advisor."""
    argv = getattr(sys, "argv", None) or [""]
    if argv[0] == "-m":  # `python -m advisor`: argv[0] is "-m" while the package loads
        return "advisor" in getattr(sys, "orig_argv", ())
    name = os.path.basename(argv[0]).lower().removesuffix(".exe").removesuffix("-script.pyw")
    return name.removesuffix("-script.py") in ("llama-advisor", "llama-advisor-gui")


if _started_from_the_command_line():
    try:
        import signal

        signal.signal(signal.SIGINT, _interrupted_while_starting)
    except KeyboardInterrupt:  # while `signal` itself loaded
        _interrupted_while_starting(2, None)


def _start_up_done() -> None:
    """The entry point handles Ctrl-C from here: give it back to Python (KeyboardInterrupt)."""
    if "signal" in sys.modules:
        import signal

        if signal.getsignal(signal.SIGINT) is _interrupted_while_starting:
            signal.signal(signal.SIGINT, signal.default_int_handler)


from typing import TYPE_CHECKING, Any  # noqa: E402 - after the start-up handler

if TYPE_CHECKING:
    from pathlib import Path

    from advisor.model import Assessment
    from advisor.release.records import CheckResult

__version__ = "0.1.0"
__all__ = ["__version__", "assess", "check"]


def assess(answers: dict[str, Any]) -> "Assessment":
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


def check(path: "str | Path", name: str | None = None) -> "CheckResult":
    """Check a model folder, README.md, GGUF file, adapter, product folder or .zip.

    Raises advisor.release.InputError (one-line text) when the path cannot be checked.
    """
    from advisor.release import check_path
    from advisor.rules import load_knowledge_base

    return check_path(path, load_knowledge_base(), name)
