"""`llama-advisor check PATH`: checks a real release against its Llama license.

Exit codes (advisor.cli.shared): 0 checked (whatever the result), 2 bad input (no such
path, unreadable or corrupt GGUF, unsafe .zip), 3 a --fail-on gate tripped.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from advisor.cli.shared import EXIT_GATE, EXIT_INVALID, EXIT_OK

FORMATS = ("text", "json", "cyclonedx")
GATES = {"warn": ("warn", "fail"), "fail": ("fail",)}


def add_check_command(commands: Any) -> None:
    """Register `check` on the main parser's subcommands."""
    check = commands.add_parser(
        "check",
        help="check a model folder, model card, GGUF file, adapter or .zip against its Llama license",
        description="Check a real release against its Llama license: LICENSE, Notice, name, "
        '"Built with" phrase, license id and use policy. Not legal advice.',
    )
    check.add_argument("path", metavar="PATH", help="model folder, README.md, .gguf file, product folder or .zip")
    check.add_argument("--json", action="store_true", help="same as --format json")
    check.add_argument("--format", choices=FORMATS, help="text (default), json or cyclonedx (a CycloneDX 1.6 BOM)")
    check.add_argument("--name", help="the model's published name (default: from the card, folder or GGUF)")
    check.add_argument("--fix", action="store_true", help="write a missing NOTICE, LICENSE and USE_POLICY.md")
    check.add_argument("--force", action="store_true", help="with --fix: replace files that are wrong")
    check.add_argument("--fail-on", choices=tuple(GATES), help="exit 3 when any check is this bad or worse (for CI)")


def run_check(args: argparse.Namespace) -> int:
    from advisor.release import InputError, check_path
    from advisor.rules import KnowledgeError, load_knowledge_base

    output_format = args.format or ("json" if args.json else "text")
    if args.json and args.format not in (None, "json"):
        return _error("--json and --format cyclonedx/text cannot be combined")
    if args.force and not args.fix:
        return _error("--force only works with --fix")
    try:
        kb = load_knowledge_base()
    except (KnowledgeError, FileNotFoundError) as exc:
        return _error(f"the knowledge base is broken: {exc}")
    try:
        result = check_path(args.path, kb, args.name)
        if args.fix:
            from advisor.release.fix import apply_fixes
            from advisor.render.notice import notice_text
            from advisor.writer.interrupts import hold_interrupts

            # Ctrl-C is held back from just before the files are staged: it stops the write
            # before any file is in place, or comes too late to undo it (the run completes).
            for line in apply_fixes(result, kb, args.force, notice_text, before_writing=hold_interrupts):
                print(line, file=sys.stderr if output_format != "text" else sys.stdout)
            result = check_path(args.path, kb, args.name)
    except InputError as exc:
        return _error(str(exc))
    if output_format == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif output_format == "cyclonedx":
        from advisor.release.cyclonedx_bom import render_cyclonedx

        sys.stdout.write(render_cyclonedx(result, kb) + "\n")
    else:
        from advisor.render.check_view import render_check

        if args.fix:
            sys.stdout.write("\n")
        sys.stdout.write(render_check(result, kb))
    if args.fail_on and result.result in GATES[args.fail_on]:
        print(f"llama-advisor: gate tripped: result is {result.result}", file=sys.stderr)
        return EXIT_GATE
    return EXIT_OK


def _error(text: str) -> int:
    """The one error line, escaped as every error line of the CLI is (a path may hold anything)."""
    from advisor.rules.visible import one_line

    print(f"llama-advisor: {one_line(text)}", file=sys.stderr)
    return EXIT_INVALID


def interview_prefill(path: str | None, kb: Any) -> dict[str, Any] | None:
    """`interview --from PATH`: the answers the release settles (raises UsageProblem when it settles none)."""
    if path is None:
        return None
    from advisor.cli.shared import UsageProblem
    from advisor.release import InputError, check_path
    from advisor.release.prefill import PrefillError, interview_answers

    try:
        return interview_answers(check_path(path, kb), kb)
    except (InputError, PrefillError) as exc:
        raise UsageProblem(str(exc)) from None
