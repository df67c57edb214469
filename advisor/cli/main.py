"""`llama-advisor`: argument parsing and the subcommands.

Exit codes: 0 an assessment was made (whatever the verdict), 2 invalid input (one line
on stderr, never a traceback), 3 a --fail-on gate tripped, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from advisor import __version__
from advisor.cli.documents import DOCUMENT_HANDLERS, add_document_commands

EXIT_OK, EXIT_INVALID, EXIT_GATE, EXIT_INTERRUPTED = 0, 2, 3, 130
COMMANDS = ("assess", "questions", "interview", "notice", "validate", "report", "bundle")
GATE_LEVELS = ("license_required", "prohibited")


class UsageProblem(Exception):
    """A problem to report in one line with exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="llama-advisor",
        description="Tells whether a planned use of a Meta Llama model is permitted, what must be done, and why.",
        epilog="Not legal advice. With no command (or with just an answers file), the desktop advisor opens.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    assess = commands.add_parser("assess", help="assess an answers file (YAML or JSON; - reads stdin)")
    assess.add_argument("file", metavar="FILE")
    assess.add_argument("--json", action="store_true", help="print the assessment as JSON")
    assess.add_argument(
        "--fail-on",
        choices=GATE_LEVELS,
        help="exit 3 when the verdict is this severe or worse (for CI gates)",
    )

    questions = commands.add_parser("questions", help="list the interview's questions and answer keys")
    questions.add_argument("--json", action="store_true", help="print as JSON")

    interview = commands.add_parser("interview", help="answer the questions in the terminal")
    interview.add_argument("-o", "--output", metavar="FILE", help="save the answers to FILE")
    interview.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    interview.add_argument("--json", action="store_true", help="print the assessment as JSON")

    notice = commands.add_parser("notice", help="print the NOTICE file text for an answers file")
    notice.add_argument("file", metavar="FILE")

    commands.add_parser("validate", help="check the knowledge base (structure and every citation)")
    add_document_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return _no_command()
        handler = {
            "assess": _assess,
            "questions": _questions,
            "interview": _interview,
            "notice": _notice,
            "validate": _validate,
            **DOCUMENT_HANDLERS,
        }[args.command]
        return handler(args)
    except UsageProblem as exc:
        print(f"llama-advisor: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("\nllama-advisor: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _no_command() -> int:
    build_parser().print_help()
    return EXIT_OK


def _knowledge():
    from advisor.rules import KnowledgeError, load_knowledge_base

    try:
        return load_knowledge_base()
    except (KnowledgeError, FileNotFoundError) as exc:
        raise UsageProblem(f"the knowledge base is broken: {exc}") from None


def load_and_assess(file: str) -> tuple[Any, Any, dict[str, Any]]:
    """(knowledge base, assessment, raw answers) for an answers file; UsageProblem on bad input."""
    from advisor.engine import AnswersError, assess
    from advisor.engine.answers_file import AnswersFileError, describe_answers_error, read_answers

    kb = _knowledge()
    try:
        data, text = read_answers(file)
    except AnswersFileError as exc:
        raise UsageProblem(str(exc)) from None
    try:
        return kb, assess(kb, data), data
    except AnswersError as exc:
        raise UsageProblem(describe_answers_error(exc, "<stdin>" if file == "-" else file, text, data)) from None


def _print_assessment(kb: Any, assessment: Any, as_json: bool) -> None:
    if as_json:
        json.dump(assessment.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from advisor.cli.text_report import render_assessment

        sys.stdout.write(render_assessment(assessment, kb))


def _assess(args: argparse.Namespace) -> int:
    from advisor.model import VERDICTS

    kb, assessment, _ = load_and_assess(args.file)
    _print_assessment(kb, assessment, args.json)
    if args.fail_on and VERDICTS.index(assessment.verdict) >= VERDICTS.index(args.fail_on):
        print(f"llama-advisor: gate tripped: verdict is {assessment.verdict}", file=sys.stderr)
        return EXIT_GATE
    return EXIT_OK


def _questions(args: argparse.Namespace) -> int:
    kb = _knowledge()
    if args.json:
        from advisor.cli.questions_json import questions_data

        json.dump(questions_data(kb), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from advisor.cli.text_report import render_questions

        sys.stdout.write(render_questions(kb))
    return EXIT_OK


def _interview(args: argparse.Namespace) -> int:
    from advisor.cli.interview import InterviewCancelled, run_interview
    from advisor.engine import assess
    from advisor.engine.answers_file import dump_answers

    output = Path(args.output) if args.output else None
    if output is not None:
        _check_writable(output, args.force)
    kb = _knowledge()
    try:
        answers = run_interview(kb, input, sys.stdout)
    except InterviewCancelled:
        raise UsageProblem("interview ended before all questions were answered; nothing was saved") from None
    assessment = assess(kb, answers)
    sys.stdout.write("\n")
    _print_assessment(kb, assessment, args.json)
    if output is None and sys.stdin.isatty():
        reply = input("\nSave these answers to a file? Type a path, or press Enter to skip: ").strip()
        output = Path(reply) if reply else None
        if output is not None and output.exists():
            if input(f"{output} exists. Overwrite it? [y/N] ").strip().lower() not in ("y", "yes"):
                print("Not saved.")
                return EXIT_OK
            args.force = True
    if output is not None:
        _write_atomically(output, dump_answers(kb, answers), args.force)
        print(f"Answers saved to {output}", file=sys.stderr)
    return EXIT_OK


def _check_writable(path: Path, force: bool) -> None:
    from advisor.render.files import OutputError, check_file_target

    try:
        check_file_target(Path(os.path.abspath(path)), force)
    except OutputError as exc:
        raise UsageProblem(str(exc)) from None


def _write_atomically(path: Path, text: str, force: bool) -> None:
    from advisor.render.files import OutputError, write_file

    try:
        write_file(path, text.encode("utf-8"), force=force)
    except OutputError as exc:
        raise UsageProblem(str(exc)) from None


def _notice(args: argparse.Namespace) -> int:
    from advisor.render.notice import notice_text

    kb, assessment, _ = load_and_assess(args.file)
    facts = kb.versions[assessment.version]
    if facts.notice is None:
        raise UsageProblem(
            f"{facts.name} has no Meta-published Notice line; the advisor cannot write a NOTICE file for it"
        )
    if assessment.attribution.notice is None:
        print(
            "llama-advisor: note: these answers do not trigger the Notice duty (nothing is distributed);"
            " printing the Notice file anyway",
            file=sys.stderr,
        )
    sys.stdout.write(notice_text(facts, kb))
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from advisor.rules.citations import missing_citations

    kb = _knowledge()
    problems = missing_citations(kb)
    for problem in problems:
        print(f"llama-advisor: {problem}", file=sys.stderr)
    if problems:
        return EXIT_INVALID
    print(
        f"Knowledge base OK: ruleset {kb.ruleset_version}, {len(kb.questions)} questions, {len(kb.rules)} rules, "
        f"{len(kb.versions)} versions, every citation found verbatim (sha256 {kb.sha256})"
    )
    return EXIT_OK
