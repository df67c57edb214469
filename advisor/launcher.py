"""The `llama-advisor` entry point: the desktop advisor, or a command-line subcommand.

With no arguments, or with just an answers file, the desktop window opens; any
subcommand (`assess`, `questions`, ...) or option goes to the command line. This module
sits above both front ends and imports each only when it is chosen.
"""

from __future__ import annotations

import signal
import sys

GUI_FILE_SUFFIXES = (".yaml", ".yml", ".json")


def wants_gui(argv: list[str]) -> bool:
    if not argv:
        return True
    from advisor.cli.main import COMMANDS

    return len(argv) == 1 and argv[0] not in COMMANDS and argv[0].lower().endswith(GUI_FILE_SUFFIXES)


def run_gui(answers_file: str | None = None) -> int:
    from advisor.gui.platform_check import display_problem

    problem = display_problem()
    if problem:
        print(f"llama-advisor: {problem}", file=sys.stderr)
        return 2
    try:
        from advisor.gui.app import run
    except ImportError as exc:
        print(
            f"llama-advisor: the desktop advisor cannot start: {exc}.\n"
            "On Debian install: sudo apt-get install libegl1 libgl1 libxkbcommon0 libfontconfig1\n"
            "The terminal advisor works without them: llama-advisor interview",
            file=sys.stderr,
        )
        return 2
    return run(answers_file)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if wants_gui(args):
        from advisor import _resume_collection
        from advisor.writer.interrupts import stop_keeping_lost_interrupts

        _resume_collection()

        stop_keeping_lost_interrupts()
        return run_gui(args[0] if args else None)
    from advisor.cli.main import main as cli_main

    return cli_main(args)


def run() -> None:
    """Console-script entry point.

    Until the interrupt handling is loaded, a Ctrl-C is advisor/__init__.py's start-up
    handler's (the one line, exit 130); from then on it is a KeyboardInterrupt, which the
    command line turns into the same line and exit code.
    """
    try:
        from advisor.writer.interrupts import keep_lost_interrupts

        sys.unraisablehook = keep_lost_interrupts  # a Ctrl-C Python cannot raise still stops the command
        _start_up_done()
        code = main()
    except KeyboardInterrupt:  # Ctrl-C before the command line took over (while modules load)
        code = _interrupted()
    _ignore_interrupts()  # the outcome is decided: a late Ctrl-C must not kill the exit
    _skip_final_collection()
    sys.exit(code)


def run_gui_entry() -> None:
    """GUI-script entry point (double-click launchers); a file argument opens it."""
    try:
        _start_up_done()
        from advisor import _resume_collection

        _resume_collection()
        code = run_gui(sys.argv[1] if len(sys.argv) > 1 else None)
    except KeyboardInterrupt:
        code = _interrupted()
    sys.exit(code)


def _start_up_done() -> None:
    from advisor import _start_up_done as done

    done()


def _skip_final_collection() -> None:
    from advisor import _skip_final_collection as skip

    skip()


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _interrupted() -> int:
    """The end of a run stopped by Ctrl-C (needs nothing that may not have loaded)."""
    _ignore_interrupts()
    print("\nllama-advisor: interrupted", file=sys.stderr)  # advisor.writer.interrupts.INTERRUPTED
    return 130
