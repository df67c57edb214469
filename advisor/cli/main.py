"""`llama-advisor`: argument parsing and the subcommands.

Exit codes: 0 an assessment was made (whatever the verdict), 2 invalid input (one line
on stderr, never a traceback), 3 a --fail-on gate tripped, 130 interrupted.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.cli.quick_args import GATE_LEVELS, quick_assess_args
from advisor.cli.shared import (
    EXIT_GATE,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    UsageProblem,
    knowledge,
    load_and_assess,
)
from advisor.writer.interrupts import INTERRUPTED, forget_lost_interrupts, ignore_interrupts

if TYPE_CHECKING:
    import argparse

COMMANDS = ("assess", "questions", "interview", "notice", "validate", "report", "bundle", "check")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `command`, only that subcommand is registered.

    Registering the others (and importing their modules) would only cost start-up time:
    the parser for one subcommand parses and reports errors exactly as the whole one does.
    """
    import argparse

    parser = argparse.ArgumentParser(
        prog="llama-advisor",
        description="Tells whether a planned use of a Meta Llama model is permitted, what must be done, and why.",
        epilog="Not legal advice. With no command (or with just an answers file), the desktop advisor opens.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # prog: the name argparse would otherwise work out by laying out a usage line
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", prog=parser.prog)
    for name, register in _REGISTER.items():
        if command is None or command in name.split(","):
            register(commands)
    return parser


def _add_assess(commands: Any) -> None:
    assess = commands.add_parser(
        "assess", help="assess answers files (YAML or JSON; - reads stdin); several give one line each"
    )
    assess.add_argument("file", metavar="FILE", nargs="*", help="answers file (- reads stdin)")
    assess.add_argument(
        "--from-list",
        metavar="LIST",
        help="also assess each file named in LIST, one path a line (- reads the list from stdin)",
    )
    assess.add_argument(
        "--json", action="store_true", help="print the assessment as JSON (one line a file for several)"
    )
    assess.add_argument(
        "--fail-on",
        choices=GATE_LEVELS,
        help="exit 3 when the verdict is this severe or worse (for CI gates)",
    )


def _add_questions(commands: Any) -> None:
    questions = commands.add_parser("questions", help="list the interview's questions and answer keys")
    questions.add_argument("--json", action="store_true", help="print as JSON")


def _add_interview(commands: Any) -> None:
    interview = commands.add_parser("interview", help="answer the questions in the terminal")
    interview.add_argument("-o", "--output", metavar="FILE", help="save the answers to FILE")
    interview.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    interview.add_argument("--json", action="store_true", help="print the assessment as JSON")
    interview.add_argument(
        "--from",
        dest="from_path",
        metavar="PATH",
        help="fill in answers from an answers file, or the version (and multimodal) from a release",
    )


def _add_notice(commands: Any) -> None:
    notice = commands.add_parser("notice", help="print the NOTICE file text for an answers file")
    notice.add_argument("file", metavar="FILE")


def _add_validate(commands: Any) -> None:
    commands.add_parser("validate", help="check the knowledge base (structure and every citation)")


def _add_documents(commands: Any) -> None:
    from advisor.cli.documents import add_document_commands

    add_document_commands(commands)


def _add_check(commands: Any) -> None:
    from advisor.cli.check import add_check_command

    add_check_command(commands)


_REGISTER: dict[str, Callable[[Any], None]] = {
    "assess": _add_assess,
    "questions": _add_questions,
    "interview": _add_interview,
    "notice": _add_notice,
    "validate": _add_validate,
    "report,bundle": _add_documents,
    "check": _add_check,
}
"""Each subcommand's registration, in the order --help lists them (report and bundle come together)."""


def main(argv: list[str] | None = None) -> int:
    _usable_streams()
    try:
        words = sys.argv[1:] if argv is None else argv
        # argparse's Namespace, or for a plain `assess` the same attributes without argparse
        args: Any = quick_assess_args(words) or _parse(words)
        if args.command != "assess":  # the others may run long (a PDF, an interview): collect garbage
            from advisor import _resume_collection

            _resume_collection()
        if args.command is None:
            return _no_command()
        code = _handler(args.command)(args)
        sys.stdout.flush()  # a full disk or closed stdout shows here, not as a traceback at exit
        return code
    except UsageProblem as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        ignore_interrupts()  # one Ctrl-C is enough; more must not break the exit
        _silence_stdout()
        print(f"\n{INTERRUPTED}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:  # only standard output is written outside the handlers' own checks
        _silence_stdout()
        return _fail(f"cannot write to standard output: {exc.strerror or exc}")


def _parse(words: list[str]) -> argparse.Namespace:
    """argparse's reading of the command line (it exits 2 with usage for a bad one)."""
    parser = build_parser(words[0] if words and words[0] in COMMANDS else None)
    args, extra = parser.parse_known_args(words)
    if extra:  # `assess a.yaml --json b.yaml`: files after an option are files too
        if args.command != "assess" or any(item.startswith("-") and item != "-" for item in extra):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")  # as parse_args would
        args.file += extra
    return args


def _fail(message: str) -> int:
    from advisor.rules.visible import one_line

    print(f"llama-advisor: {one_line(message)}", file=sys.stderr)
    return EXIT_INVALID


class _ClosedStream(io.TextIOBase):
    """Stands in for a standard stream the caller closed: reads end, writes fail."""

    def __init__(self, name: str) -> None:
        self._name = name

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return ""  # the interview sees the end of its input

    def read(self, size: int | None = -1) -> str:
        raise OSError(errno.EBADF, f"standard {self._name} is closed")

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"standard {self._name} is closed")

    @property
    def buffer(self) -> _ClosedStream:
        return self


def _usable_streams() -> None:
    """Give a closed stdin/stdout/stderr (`<&-`, `>&-`) a stand-in that fails cleanly."""
    if sys.stdin is None:
        sys.stdin = _ClosedStream("input")
    if sys.stdout is None:
        sys.stdout = _ClosedStream("output")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process


def _silence_stdout() -> None:
    """After a failed write, send what is still buffered for stdout nowhere (not as a traceback at exit)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()


def _no_command() -> int:
    build_parser().print_help()
    return EXIT_OK


def _print_assessment(kb: Any, assessment: Any, as_json: bool, raw: Any = None) -> None:
    if as_json:
        import json

        json.dump(assessment.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from advisor.cli.text_report import render_assessment

        sys.stdout.write(render_assessment(assessment, kb, raw))


def _handler(command: str) -> Callable[[argparse.Namespace], int]:
    if command in ("report", "bundle"):
        from advisor.cli.documents import DOCUMENT_HANDLERS

        return DOCUMENT_HANDLERS[command]
    if command == "check":
        from advisor.cli.check import run_check

        return run_check
    handlers = {"assess": _assess, "questions": _questions, "interview": _interview, "notice": _notice}
    return handlers[command] if command != "validate" else _validate


def _assess(args: argparse.Namespace) -> int:
    if args.from_list is None and not args.file:
        raise UsageProblem("assess needs an answers file: FILE (several are fine), or --from-list LIST")
    if args.from_list is not None or len(args.file) > 1:
        from advisor.cli.many import run_many

        return run_many(args)
    from advisor.model import VERDICTS

    kb, assessment, raw = load_and_assess(args.file[0])
    _print_assessment(kb, assessment, args.json, raw)
    if args.fail_on and VERDICTS.index(assessment.verdict) >= VERDICTS.index(args.fail_on):
        print(f"llama-advisor: gate tripped: verdict is {assessment.verdict}", file=sys.stderr)
        return EXIT_GATE
    return EXIT_OK


def _questions(args: argparse.Namespace) -> int:
    kb = knowledge()
    if args.json:
        import json

        from advisor.cli.questions_json import questions_data

        json.dump(questions_data(kb), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from advisor.cli.text_report import render_questions

        sys.stdout.write(render_questions(kb))
    return EXIT_OK


def _interview(args: argparse.Namespace) -> int:
    from advisor.cli.check import interview_prefill
    from advisor.cli.interview import InterviewCancelled, run_interview
    from advisor.cli.interview_save import (
        PrefillRefused,
        SaveRefused,
        answers_file_given,
        answers_prefill,
        check_output,
        output_path,
        save,
        save_at_prompt,
    )
    from advisor.engine import AnswersError, assess
    from advisor.engine.answers_file import dump_answers
    from advisor.model import ANSWERS_FORMAT

    interactive = sys.stdin.isatty()
    ask = _ask if interactive else None
    try:
        output = output_path(args.output) if args.output else None
        force = check_output(output, args.force, ask) if output is not None else args.force
    except SaveRefused as exc:
        raise UsageProblem(str(exc)) from None
    kb = knowledge()
    from_file = args.from_path is not None and answers_file_given(args.from_path)
    try:
        prefill = answers_prefill(args.from_path, kb) if from_file else interview_prefill(args.from_path, kb)
    except PrefillRefused as exc:
        raise UsageProblem(str(exc)) from None
    try:
        answers = run_interview(kb, _ask, sys.stdout, prefill, from_file)
    except InterviewCancelled:
        raise UsageProblem("interview ended before all questions were answered; nothing was saved") from None
    try:
        assessment = assess(kb, {"format": ANSWERS_FORMAT, **answers})
    except AnswersError as exc:  # answers the interview could not settle (a lineage the engine refuses)
        raise UsageProblem(f"{exc.key}: {exc.message}" if exc.key else exc.message) from None
    sys.stdout.write("\n")
    _print_assessment(kb, assessment, args.json)
    text = dump_answers(kb, answers)
    if output is None and interactive:
        sys.stdout.flush()
        output = save_at_prompt(text, _ask, _report_problem)
        if output is None:
            print("Not saved.")
            return EXIT_OK
    elif output is not None:
        try:
            if not save(output, text, force, ask):
                print("Not saved.")
                return EXIT_OK
        except SaveRefused as exc:
            raise UsageProblem(f"{exc}; the answers were not saved") from None
    if output is not None:
        from advisor.rules.visible import one_line

        print(one_line(f"Answers saved to {output}"), file=sys.stderr)
    return EXIT_OK


def _report_problem(problem: str) -> None:
    from advisor.rules.visible import one_line

    print(f"llama-advisor: {one_line(problem)}", file=sys.stderr)


def _ask(prompt: str) -> str:
    """input(), with bytes that are not UTF-8 read as an unusable reply rather than a crash.

    A Ctrl-C kept from before (one Python could not raise) is dropped: the person is
    answering, so it no longer stops what they save."""
    forget_lost_interrupts()
    try:
        return input(prompt)
    except UnicodeDecodeError:
        return "\ufffd"


def _notice(args: argparse.Namespace) -> int:
    from advisor.render.notice import notice_text, notices_text
    from advisor.rules.wording import say

    kb, assessment, _ = load_and_assess(args.file)
    facts = kb.versions[assessment.version]
    if facts.notice is None:
        raise UsageProblem(say(kb.wording, "notes.no_notice_line", version_name=facts.name))
    if assessment.verdict != "permitted":
        note = say(kb.wording, "notes.notice_not_licensed", verdict=assessment.verdict)
        print(f"llama-advisor: {note}", file=sys.stderr)
    elif assessment.attribution.notice is None:
        print(f"llama-advisor: {say(kb.wording, 'notes.notice_not_needed')}", file=sys.stderr)
    owed = assessment.verdict == "permitted" and len(assessment.attribution.notices) > 1
    sys.stdout.write(notices_text(kb, assessment) if owed else notice_text(facts, kb))  # every line owed
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from advisor.rules.citations import missing_citations

    kb = knowledge(revalidate=True)  # every file, even with a build's validated snapshot
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
