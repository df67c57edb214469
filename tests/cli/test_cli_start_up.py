"""`assess FILE` starts light: argparse only when needed (same reading), the other commands' modules not loaded."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from advisor.cli.main import build_parser
from advisor.cli.quick_args import quick_assess_args

READ_THE_SAME = [
    ["assess", "a.yaml"],
    ["assess", "a.yaml", "--json"],
    ["assess", "--json", "a.yaml", "b.yaml"],
    ["assess", "-"],
    ["assess", "a.yaml", "--fail-on", "prohibited"],
    ["assess", "a.yaml", "--fail-on=license_required", "--json"],
    ["assess", "--from-list", "list.txt", "--json"],
    ["assess", "--from-list=-", "x.yaml"],
    ["assess", "--from-list", "-"],
    ["assess", "a.yaml", "--json", "--json"],
    ["assess", "a b.yaml", "ü.yaml"],
]
LEFT_TO_ARGPARSE = [
    [],
    ["questions"],
    ["assess", "--help"],
    ["assess", "-h", "a.yaml"],
    ["assess", "--js", "a.yaml"],  # argparse takes abbreviations
    ["assess", "--", "-a.yaml"],
    ["assess", "-a.yaml"],
    ["assess", "a.yaml", "--fail-on", "maybe"],
    ["assess", "a.yaml", "--fail-on"],
    ["assess", "a.yaml", "--fail-on", "--json"],
    ["assess", "a.yaml", "--fail-on=prohibited", "--fail-on", "prohibited"],
    ["assess", "--from-list", ""],
    ["assess", "--from-list=", "a.yaml"],
    ["assess", "a.yaml", "--bogus"],
    ["--version"],
]


def argparse_reading(argv: list[str]) -> dict[str, object]:
    """What main() gets from argparse (files after an option are files too, as main adds them)."""
    args, extra = build_parser().parse_known_args(argv)
    assert not extra or all(not item.startswith("-") or item == "-" for item in extra)
    args.file += extra
    return vars(args)


@pytest.mark.parametrize("argv", READ_THE_SAME, ids=" ".join)
def test_the_quick_reading_is_argparses(argv: list[str]) -> None:
    quick = quick_assess_args(argv)
    assert quick is not None
    assert vars(quick) == argparse_reading(argv)


@pytest.mark.parametrize("argv", LEFT_TO_ARGPARSE, ids=lambda argv: " ".join(argv) or "(none)")
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert quick_assess_args(argv) is None


def test_a_subcommand_parser_holds_just_that_command() -> None:
    def commands(parser: object) -> list[str]:
        import argparse

        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # type: ignore[attr-defined]
        return list(action.choices)

    assert commands(build_parser()) == [
        "assess", "questions", "interview", "notice", "validate", "report", "bundle", "check"
    ]  # fmt: skip
    assert commands(build_parser("assess")) == ["assess"]
    assert commands(build_parser("bundle")) == ["report", "bundle"]


PROBE = """
import atexit, gc, sys
sys.argv = ["llama-advisor", *sys.argv[1:]]
def report():
    names = ("argparse", "json", "advisor.cli.documents", "advisor.cli.check", "advisor.release",
             "advisor.cli.many", "jinja2")
    print(repr({"loaded": [n for n in names if n in sys.modules], "collecting": gc.isenabled()}), file=sys.stderr)
from advisor.launcher import run
atexit.register(report)
run()
"""


def probe(*argv: str) -> dict[str, object]:
    """Run the command line as the console script does; what it loaded and whether it collected garbage."""
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=60, check=False)
    found = ast.literal_eval(done.stderr.splitlines()[-1])
    assert isinstance(found, dict)
    return found


def test_assess_file_loads_neither_argparse_nor_other_commands(write: object, answers: Mapping[str, str]) -> None:
    path = write(answers["permitted"])  # type: ignore[operator]
    found = probe("assess", str(path))
    assert found["loaded"] == [], "assess FILE (text) loaded more than it needs"
    assert found["collecting"] is False, "a short command needs no garbage collection"
    assert probe("assess", str(path), "--json")["loaded"] == ["json"]


def test_longer_commands_collect_garbage(tmp_path: Path, write: object, answers: Mapping[str, str]) -> None:
    path = write(answers["permitted"])  # type: ignore[operator]
    assert probe("questions")["collecting"] is True
    found = probe("assess", str(path), str(path), "--json")
    assert found["collecting"] is True, "thousands of files: garbage is collected"
    assert "argparse" not in found["loaded"]


def test_the_wizard_collects_garbage(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import advisor
    from advisor import launcher

    monkeypatch.setattr(advisor, "_collection_held", True)  # as the command line's start-up leaves it
    monkeypatch.setattr(launcher, "run_gui", lambda answers_file=None: 0)
    gc.disable()
    try:
        assert launcher.main([]) == 0
        assert gc.isenabled()
        assert advisor._collection_held is False
    finally:
        gc.unfreeze()
        gc.enable()
