"""`llama-advisor report` and `llama-advisor bundle`: the compliance documents.

This module is imported with the command line, so it imports nothing heavy at the
top: Jinja, Markdown and Qt are loaded inside the handlers, and only for the
documents that need them (Qt only for PDF).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.render.formats import PAPER_SIZES, REPORT_FORMATS, REPORT_SUFFIXES

if TYPE_CHECKING:
    from advisor.model import Assessment, KnowledgeBase


def add_document_commands(commands: Any) -> None:
    """Register `report` and `bundle` on the main parser's subcommands."""
    report = commands.add_parser(
        "report",
        help="write the compliance report for an answers file (Markdown, HTML, PDF or Word)",
        description="Write the compliance report for an answers file. Not legal advice.",
    )
    report.add_argument("file", metavar="FILE", help="answers file (YAML or JSON; - reads stdin)")
    report.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        help="md, html, pdf or docx (default: from the extension of OUT)",
    )
    report.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        required=True,
        help="the file to write; - writes Markdown or HTML to standard output",
    )
    _add_shared_options(report, "OUT")

    bundle = commands.add_parser(
        "bundle",
        help="write the compliance bundle: NOTICE, ATTRIBUTION.md, LICENSE, USE_POLICY.md, report, answers, MANIFEST",
        description=(
            "Write a folder with the files a product must carry (NOTICE, LICENSE, USE_POLICY.md), "
            "ATTRIBUTION.md, the report in Markdown and PDF, the answers and a MANIFEST of sha256 sums. "
            "Not legal advice."
        ),
    )
    bundle.add_argument("file", metavar="FILE", help="answers file (YAML or JSON; - reads stdin)")
    bundle.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to create (new or empty)")
    bundle.add_argument("--zip", action="store_true", help="also write DIR.zip")
    _add_shared_options(bundle, "DIR (a previous bundle only)")


def _add_shared_options(parser: argparse.ArgumentParser, target: str) -> None:
    details = parser.add_argument_group("report details (optional, printed in the report)")
    details.add_argument("--title", help="the report's title")
    details.add_argument("--product", help="product or model name")
    details.add_argument("--organisation", "--organization", dest="organisation", help="organisation")
    details.add_argument("--assessor", help="who made the assessment")
    parser.add_argument("--paper", choices=PAPER_SIZES, default="a4", help="PDF paper size (default: a4)")
    parser.add_argument("--force", action="store_true", help=f"replace an existing {target}")


def report_format(output: str, given: str | None) -> str:
    """The format asked for, or the one OUT's extension names."""
    if given:
        return given
    if output == "-":
        raise _usage("with -o - (standard output), add --format md or html")
    found = REPORT_SUFFIXES.get(Path(output).suffix.lower())
    if found is None:
        raise _usage(f"cannot tell the format from {output!r}; add --format md, html, pdf or docx")
    return found


def _usage(message: str) -> Exception:
    from advisor.cli.shared import UsageProblem

    return UsageProblem(message)


def _details(args: argparse.Namespace, raw: Any) -> Any:
    """The report details: each option given wins over the file's `report_details`; the
    file's `obligations_done` are printed as ticked."""
    from advisor.engine.answers_format import upgrade_answers
    from advisor.render.context import ReportDetails

    for option in ("title", "product", "organisation", "assessor"):
        _check_text(option, getattr(args, option))
    given = {option: getattr(args, option) for option in ("product", "organisation", "assessor")}
    given["title"] = args.title if args.title and args.title.strip() else None
    meta = upgrade_answers(raw).meta if isinstance(raw, dict) else {}  # checked when assessed
    return ReportDetails.from_meta(meta, generated=_source_date(), **given)


def _check_text(option: str, value: str | None) -> None:
    """Text printed in a report must be text: bytes that are not UTF-8 are refused, not mangled."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        from advisor.rules.visible import visible

        raise _usage(f"--{option} is not UTF-8 text: {visible(value)}") from None


def _source_date() -> Any:
    """SOURCE_DATE_EPOCH as the report's time (reproducible builds), checked; None: now."""
    from advisor.render.context import source_date

    try:
        return source_date()
    except ValueError as exc:
        from advisor.rules.visible import visible

        raise _usage(
            f"SOURCE_DATE_EPOCH={visible(exc, 30)} is out of range; give seconds since 1970 before the year 10000"
        ) from None


def _prepare_pdf() -> None:
    """Qt's offscreen platform when there is no display (set before Qt loads)."""
    from advisor.render.pdf import ensure_platform

    ensure_platform()


def run_report(args: argparse.Namespace) -> int:
    from advisor.cli.shared import load_and_assess
    from advisor.writer.files import OutputError, check_file_name, check_file_target, write_file
    from advisor.writer.interrupts import hold_interrupts

    to_stdout = args.output == "-"
    if not to_stdout:
        try:
            check_file_name(args.output)  # `new/` is a folder, never the file `new`
        except OutputError as exc:
            raise _usage(str(exc)) from None
    fmt = report_format(args.output, args.format)
    if to_stdout and fmt in ("pdf", "docx") and sys.stdout.isatty():
        raise _usage(f"a {fmt.upper()} file cannot go to a terminal; give a file with -o")
    if not to_stdout:
        try:
            check_file_target(Path(os.path.abspath(args.output)), args.force)
        except OutputError as exc:
            raise _usage(str(exc)) from None
    kb, assessment, raw = load_and_assess(args.file)
    if fmt == "pdf":
        _prepare_pdf()
    data = _render(lambda: _report_bytes(kb, assessment, raw, args, fmt))
    if to_stdout:
        _write_stdout(data)
        return 0
    hold_interrupts()  # from here a Ctrl-C either stops the write before its commit, or comes too late
    try:
        write_file(args.output, data, force=args.force)
    except OutputError as exc:
        raise _usage(str(exc)) from None
    _done(f"Report written to {args.output} ({_named(kb, assessment)}: {assessment.verdict})")
    return 0


def _write_stdout(data: bytes) -> None:
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stream (redirected in-process): Markdown and HTML are UTF-8 text
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    binary.write(data)
    binary.flush()


def _report_bytes(kb: Any, assessment: Any, raw: Any, args: argparse.Namespace, fmt: str) -> bytes:
    from advisor.render.report import render_report

    return render_report(kb, assessment, raw, _details(args, raw), fmt=fmt, paper=args.paper)


def run_bundle(args: argparse.Namespace) -> int:
    from advisor.cli.shared import load_and_assess
    from advisor.writer.files import OutputError, check_file_target, check_folder_target, write_folder
    from advisor.writer.interrupts import hold_interrupts

    folder = Path(os.path.abspath(args.output))
    archive = folder.with_name(folder.name + ".zip") if args.zip else None
    try:
        from advisor.render.bundle import BUNDLE_NAMES

        check_folder_target(folder, args.force, BUNDLE_NAMES)
        if archive is not None:
            check_file_target(archive, args.force)
    except OutputError as exc:
        raise _usage(str(exc)) from None
    kb, assessment, raw = load_and_assess(args.file)
    _prepare_pdf()
    from advisor.render.bundle import bundle_files
    from advisor.render.report import fixed_time

    details = fixed_time(_details(args, raw))
    files = _render(lambda: bundle_files(kb, assessment, raw, details, paper=args.paper))
    hold_interrupts()
    try:
        write_folder(
            folder,
            files,
            force=args.force,
            replaceable=BUNDLE_NAMES,
            zip_path=archive,
            when=details.generated,
        )
    except OutputError as exc:
        raise _usage(str(exc)) from None
    also = f" and {args.output.rstrip('/' + os.sep)}.zip" if archive is not None else ""
    _done(f"Bundle written to {args.output}{also}: {len(files)} files ({_named(kb, assessment)}: {assessment.verdict})")
    return 0


def _done(message: str) -> None:
    """The line that says what was written: one line, the names in it escaped as in errors."""
    from advisor.rules.visible import one_line

    print(one_line(message), file=sys.stderr)


def _render(make: Callable[[], Any]) -> Any:
    """Run a renderer; its known failures become one-line usage problems."""
    from advisor.render.pdf import PdfError

    try:
        return make()
    except PdfError as exc:
        raise _usage(f"cannot make the PDF: {exc}") from None
    except OSError as exc:
        raise _usage(f"cannot read a shipped text: {exc.strerror or exc}") from None


DOCUMENT_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"report": run_report, "bundle": run_bundle}
"""Handlers by command name, for advisor.cli.main's dispatch table."""


def _named(kb: KnowledgeBase, assessment: Assessment) -> str:
    """The versions an assessment is about, as the report names them ("Llama 4 with Llama 3.3")."""
    from advisor.render.context import display_name

    return display_name(kb, assessment)
