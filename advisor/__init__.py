"""Llama License Advisor: tells whether a planned use of a Meta Llama model is permitted.

The stable Python API (imports stay light; the work is loaded on first call)::

    from advisor import assess, assess_many, check
    assessment = assess({"version": "3.1", "role": "end_user", ...})
    assessment.verdict, assessment.to_dict()
    for outcome in assess_many(["a.yaml", "b.yaml", {"version": "2", ...}]):
        outcome.path, outcome.assessment, outcome.error   # error: one line, for bad input
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


_collection_held = False
"""True while the command line's start-up keeps the garbage collector off (see _resume_collection)."""

if _started_from_the_command_line():
    try:
        import signal

        signal.signal(signal.SIGINT, _interrupted_while_starting)
    except KeyboardInterrupt:  # while `signal` itself loaded
        _interrupted_while_starting(2, None)
    import gc

    # A command is over in milliseconds: collecting garbage while it loads its modules and
    # the knowledge base (objects that live to the end anyway) only costs time, about a
    # tenth of `assess FILE`. Anything that runs longer turns it back on.
    gc.disable()
    _collection_held = True


def _resume_collection() -> None:
    """Collect garbage again, if start-up turned it off: for a command that runs long, or the wizard.

    What exists by now (the modules, the knowledge base) is frozen first, so collections
    do not walk it again and again.
    """
    global _collection_held
    if _collection_held:
        import gc

        gc.freeze()
        gc.enable()
        _collection_held = False


def _skip_final_collection() -> None:
    """At the end of a short command still without collections: leave the objects to the exit.

    Python's shutdown would otherwise walk every object once more (several milliseconds).
    """
    if _collection_held:
        import gc

        gc.freeze()


def _start_up_done() -> None:
    """The entry point handles Ctrl-C from here: give it back to Python (KeyboardInterrupt)."""
    if "signal" in sys.modules:
        import signal

        if signal.getsignal(signal.SIGINT) is _interrupted_while_starting:
            signal.signal(signal.SIGINT, signal.default_int_handler)


from typing import TYPE_CHECKING, Any  # noqa: E402 - after the start-up handler

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping
    from os import PathLike
    from pathlib import Path

    from advisor.engine.many import Outcome
    from advisor.model import Assessment
    from advisor.release.records import CheckResult

__version__ = "0.1.0"
__all__ = ["__version__", "assess", "assess_many", "check"]


def assess(answers: dict[str, Any]) -> "Assessment":
    """Assess an answers mapping against the shipped knowledge base.

    The mapping is read as today's answers (every relevant answer must be given) unless
    it says otherwise: pass ``"format": 1`` for the answers of a v0.1.0 file. Without a
    ``format`` it is read as format 3 when it uses what format 3 added (``lineage``,
    ``other_parents``, ``takes``…), and otherwise as format 2, as before. Raises advisor.engine.errors.AnswersError (with a readable ``.message``) for
    invalid answers.
    """
    from advisor.engine import assess as engine_assess
    from advisor.engine.answers_format import implicit_format
    from advisor.rules import load_knowledge_base

    return engine_assess(load_knowledge_base(), {"format": implicit_format(answers), **answers})


def assess_many(items: "Iterable[Mapping[str, Any] | str | PathLike[str]]") -> "Iterator[Outcome]":
    """Assess each item in order, lazily: an answers mapping (read as `assess` reads it) or
    the path of an answers file (read as `llama-advisor assess FILE` reads it; "-" is
    standard input, once).

    Yields one advisor.engine.many.Outcome per item: ``.path`` (the path as given, None
    for a mapping), ``.assessment`` and ``.error`` (one line, for bad input; the
    assessment is then None). A bad item never stops the rest; ``.to_dict()`` gives the
    line `assess --json` prints for a file. Raises TypeError for an item that is neither
    a mapping nor a path.
    """
    from advisor.engine.many import assess_each
    from advisor.rules import load_knowledge_base

    yield from assess_each(load_knowledge_base(), items)


def check(path: "str | Path", name: str | None = None) -> "CheckResult":
    """Check a model folder, README.md, GGUF file, adapter, product folder or .zip.

    Raises advisor.release.InputError (one-line text) when the path cannot be checked.
    """
    from advisor.release import check_path
    from advisor.rules import load_knowledge_base

    return check_path(path, load_knowledge_base(), name)
