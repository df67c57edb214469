"""The `llama-advisor` entry point: the desktop advisor, or a command-line subcommand.

With no arguments, or with just an answers file, the desktop window opens; any
subcommand (`assess`, `questions`, ...) or option goes to the command line. This module
sits above both front ends and imports each only when it is chosen.
"""

from __future__ import annotations

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
        from advisor.render.interrupts import stop_keeping_lost_interrupts

        stop_keeping_lost_interrupts()
        return run_gui(args[0] if args else None)
    from advisor.cli.main import main as cli_main

    return cli_main(args)


def run() -> None:
    """Console-script entry point."""
    from advisor.render.interrupts import INTERRUPTED, ignore_interrupts, keep_lost_interrupts

    sys.unraisablehook = keep_lost_interrupts  # a Ctrl-C Python cannot raise still stops the command
    try:
        code = main()
    except KeyboardInterrupt:  # Ctrl-C before the command line took over (while modules load)
        ignore_interrupts()
        print(f"\n{INTERRUPTED}", file=sys.stderr)
        code = 130
    ignore_interrupts()  # the outcome is decided: a late Ctrl-C must not kill the exit
    sys.exit(code)


def run_gui_entry() -> None:
    """GUI-script entry point (double-click launchers); a file argument opens it."""
    sys.exit(run_gui(sys.argv[1] if len(sys.argv) > 1 else None))
