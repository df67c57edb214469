"""Ctrl-C around a command's commit: held back, honoured before it, never after it.

A command that writes a document holds SIGINT back from just before its commit
(:func:`hold_interrupts`); the writer checks :func:`interrupt_pending` before it
commits and gives up cleanly if a Ctrl-C came. :func:`keep_lost_interrupts` is the
command line's ``sys.unraisablehook``: Python cannot raise a Ctrl-C that arrives inside
a finalizer or a weakref callback (an import's lock cleanup is one), and would print
"Exception ignored in ..." and carry on; the hook keeps it, silently, for the same
check.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from typing import Any

INTERRUPTED = "llama-advisor: interrupted"  # the one line a command stopped by Ctrl-C prints
_lost = False  # a Ctrl-C came where Python could not raise it


def ignore_interrupts() -> None:
    """From now on Ctrl-C does nothing: the outcome is decided, and more must not break the exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def interrupts_blocked() -> Iterator[None]:
    """Hold SIGINT back (it stays pending) for the duration; Python raises it after."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def hold_interrupts() -> None:
    """Hold SIGINT back for the rest of this process (a command about to commit its output).

    A Ctrl-C that arrives before the commit is still honoured (see interrupt_pending);
    one that arrives after cannot turn a written document into a reported failure.
    """
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def release_interrupts() -> None:
    """Undo hold_interrupts (before asking the person something); a waiting Ctrl-C then arrives.

    A kept Ctrl-C (keep_lost_interrupts) is forgotten: the person carries on answering.
    """
    forget_lost_interrupts()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def interrupt_pending() -> bool:
    """True if a held-back Ctrl-C is waiting, or one came that Python could not raise."""
    return _lost or (hasattr(signal, "sigpending") and signal.SIGINT in signal.sigpending())


def keep_lost_interrupts(unraisable: Any) -> None:
    """sys.unraisablehook for a command: keep a Ctrl-C Python could not raise; report anything else as usual."""
    global _lost
    if issubclass(unraisable.exc_type, KeyboardInterrupt):
        _lost = True
        return
    sys.__unraisablehook__(unraisable)


def forget_lost_interrupts() -> None:
    """Drop a kept Ctrl-C: the person has since been asked something and answered."""
    global _lost
    _lost = False


def stop_keeping_lost_interrupts() -> None:
    """Back to Python's own hook, with nothing kept (the desktop window: it has no commit check)."""
    forget_lost_interrupts()
    sys.unraisablehook = sys.__unraisablehook__
