"""`llama-advisor assess FILE...` and `--from-list LIST`: one JSON line or table row per answers file.

A bad file is its own line (its one-line error) and never ends the run. The exit code
is the worst outcome: 3 when the --fail-on gate trips on any file (even if others are
bad input), else 2 when any file is bad input, else 0. Output goes out in whole lines,
a batch at a time with Ctrl-C held back while it is written, so an interrupted run never
leaves half a line.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from advisor import _resume_collection
from advisor.cli.shared import EXIT_GATE, EXIT_INVALID, EXIT_OK, UsageProblem, knowledge
from advisor.engine.answers_file import NAME_LIMIT, source_name
from advisor.engine.many import STDIN, Outcome, assess_each
from advisor.model import VERDICTS
from advisor.rules.visible import visible

if TYPE_CHECKING:
    import argparse

CHUNK = 1 << 16  # characters of output written (and flushed) at once
KEPT_RECORDS = 20_000  # the JSON of this many findings is kept (a ruleset has a few hundred)
HEADERS = ("FILE", "VERSION", "VERDICT", "CERTAINTY")
WIDTHS = (7, len("license_required"), len("unsettled"))
_LINE_PREFIX = re.compile(r"(\d+): ")


def read_list(source: str) -> list[str]:
    """The paths in a list file ('-' is standard input): one a line, blank lines skipped."""
    name = source_name(source)
    try:
        if source == STDIN:
            raw = sys.stdin.buffer.read()
        else:
            with open(source, "rb") as stream:
                raw = stream.read()
    except FileNotFoundError:
        raise UsageProblem(f"{name}: no such file (the list of answers files)") from None
    except IsADirectoryError:
        raise UsageProblem(f"{name}: is a folder, not a list of answers files") from None
    except OSError as exc:
        raise UsageProblem(f"{name}: cannot read the list of answers files ({exc.strerror or exc})") from None
    if b"\0" in raw:
        raise UsageProblem(f"{name}: this is binary data, not a list of answers files (one path a line)")
    lines = raw.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    return [os.fsdecode(line.removesuffix(b"\r")) for line in lines if line.strip()]


def run_many(args: argparse.Namespace) -> int:
    """Assess every FILE, then every path of --from-list; print one line each; the worst exit code."""
    listed = read_list(args.from_list) if args.from_list is not None else []
    paths = [*args.file, *listed]
    kb = knowledge()
    _resume_collection()  # thousands of files: their garbage is collected as usual
    outcomes = assess_each(kb, paths, stdin=args.from_list != STDIN)
    output = _Output()
    if args.json:
        counts = _tally(outcomes, args.fail_on, output, JsonLines())
    else:
        shown = [visible(path, NAME_LIMIT) for path in paths]
        width = max([len(HEADERS[0]), *(len(name) for name in shown)])  # the longest name (shown shortened)
        output.add(_row(width, HEADERS[0], HEADERS[1:]))
        counts = _tally(outcomes, args.fail_on, output, lambda outcome: _table_row(outcome, width))
        output.add(_summary(len(paths), counts) + "\n")
    output.flush()
    return _exit_code(len(paths), counts, args.fail_on)


class _Output:
    """Whole lines to standard output, written a chunk at a time with Ctrl-C held back."""

    def __init__(self) -> None:
        self._pending: list[str] = []
        self._size = 0

    def add(self, line: str) -> None:
        self._pending.append(line)
        self._size += len(line)
        if self._size >= CHUNK:
            self.flush()

    def flush(self) -> None:
        text = "".join(self._pending)
        self._pending, self._size = [], 0
        with _whole_writes():
            _write_all(text)


def _write_all(text: str) -> None:
    """All of text to standard output. An unbuffered stdout (PYTHONUNBUFFERED) can take
    part of a write when a signal comes, and its text layer would drop the rest: so the
    bytes are written here until none is left."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stand-in (io.StringIO)
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    data = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
    while data:
        data = data[buffer.write(data) or 0 :]
    buffer.flush()


@contextlib.contextmanager
def _whole_writes() -> Iterator[None]:
    """Ctrl-C noted, not raised, while the block writes; raised after it.

    Blocking the signal is not enough: one Python has already caught would raise inside
    the write and cut a line. signal.signal runs any caught one (the old way) first.
    """
    noted: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: noted.append(signum))
    except ValueError:  # not the main thread (a program calling main() from another): no signals here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if noted and callable(previous):
        previous(signal.SIGINT, None)  # Python's own handler raises KeyboardInterrupt
    elif noted and previous == signal.SIG_DFL:
        signal.raise_signal(signal.SIGINT)


def _tally(outcomes: Iterable[Outcome], fail_on: str | None, output: _Output, line: Any) -> dict[str, int]:
    """Write each outcome's line; count the verdicts, the bad files ("error") and the gate trips ("gate")."""
    counts = dict.fromkeys((*VERDICTS, "error", "gate"), 0)
    level = VERDICTS.index(fail_on) if fail_on else len(VERDICTS)
    for outcome in outcomes:
        output.add(line(outcome))
        if outcome.assessment is None:
            counts["error"] += 1
            continue
        verdict = outcome.assessment.verdict
        counts[verdict] += 1
        if VERDICTS.index(verdict) >= level:
            counts["gate"] += 1
    return counts


class _Raw(str):
    """JSON text made already, to put into a line as it is."""


class JsonLines:
    """Each outcome as one line: exactly ``json.dumps(outcome.to_dict(), ensure_ascii=False,
    separators=(",", ":"))``, made faster.

    The reasons, notes and terms of one assessment are mostly the very records of the
    next (the engine keeps one of each), so the JSON of each record is made once and kept.
    """

    def __init__(self) -> None:
        self._encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        self._string: Any = json.encoder.encode_basestring
        self._kept: dict[Any, _Raw] = {}
        self._keys: dict[str, str] = {}

    def __call__(self, outcome: Outcome) -> str:
        if outcome.assessment is None:
            line = self._encode(outcome.to_dict())
        else:
            fields = {"path": outcome.path, **outcome.assessment.to_dict(self._record)}
            line = "{" + ",".join(f"{self._key(key)}:{self._value(value)}" for key, value in fields.items()) + "}"
        if not _utf8(outcome.path or ""):  # a file name that is not UTF-8: its bytes as \udcXX escapes
            line = json.dumps(outcome.to_dict(), separators=(",", ":"))  # (answers and errors always are)
        return line + "\n"

    def _record(self, record: Any) -> Any:
        try:
            kept = self._kept.get(record)
        except TypeError:  # holds a list (an old answer's value): not kept
            return record.to_dict()
        if kept is None:
            if len(self._kept) >= KEPT_RECORDS:
                self._kept.clear()
            kept = self._kept[record] = _Raw(self._encode(record.to_dict()))
        return kept

    def _key(self, key: str) -> str:
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = self._string(key)
        return found

    def _value(self, value: Any) -> str:
        kind = type(value)
        if kind is str:
            return str(self._string(value))
        if kind is list and any(type(item) is _Raw for item in value):
            return "[" + ",".join(item if type(item) is _Raw else self._encode(item) for item in value) + "]"
        return self._encode(value)


def _row(width: int, name: str, cells: Iterable[str]) -> str:
    padded = [f"{name:<{width}}", *(f"{cell:<{size}}" for cell, size in zip(cells, WIDTHS, strict=False))]
    return "  ".join(padded).rstrip() + "\n"


def _table_row(outcome: Outcome, width: int) -> str:
    name = visible(outcome.path, NAME_LIMIT)
    if outcome.assessment is None:
        return f"{name:<{width}}  error: {_problem(outcome)}\n"
    assessment = outcome.assessment
    return _row(width, name, (assessment.version, assessment.verdict, assessment.certainty))


def _problem(outcome: Outcome) -> str:
    """The error without the file name the row already shows ('line 3: ...' for a line)."""
    error = outcome.error or ""
    name = source_name(outcome.path or "")
    if not error.startswith(f"{name}:"):
        return error
    rest = error[len(name) + 1 :]
    numbered = _LINE_PREFIX.match(rest)
    return f"line {numbered.group(1)}: {rest[numbered.end() :]}" if numbered else rest.strip()


def _summary(total: int, counts: dict[str, int]) -> str:
    parts = [f"{counts[verdict]} {verdict}" for verdict in VERDICTS if counts[verdict]]
    if counts["error"]:
        parts.append(f"{counts['error']} bad input")
    files = "answers file" if total == 1 else "answers files"
    return f"{total} {files}" + (f": {', '.join(parts)}" if parts else "")


def _exit_code(total: int, counts: dict[str, int], fail_on: str | None) -> int:
    if counts["error"]:
        print(f"llama-advisor: {_of(counts['error'], total)} bad input (see their lines)", file=sys.stderr)
    if counts["gate"]:
        levels = " or ".join(VERDICTS[VERDICTS.index(fail_on or VERDICTS[-1]) :])
        print(f"llama-advisor: gate tripped: {_of(counts['gate'], total)} {levels}", file=sys.stderr)
        return EXIT_GATE
    return EXIT_INVALID if counts["error"] else EXIT_OK


def _of(count: int, total: int) -> str:
    return f"{count} of {total} answers {'file is' if count == 1 else 'files are'}"


def _utf8(text: str) -> bool:
    try:
        return text.isascii() or bool(text.encode("utf-8"))
    except UnicodeEncodeError:
        return False
