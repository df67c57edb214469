"""The `assess` command line read without argparse, for the plain forms argparse reads the same way.

`llama-advisor assess FILE` is the command run most (CI gates, scripts), and importing
argparse and building its parser is about a tenth of its time (argparse asks gettext,
locale and shutil on the way). Only these forms are read here: FILE arguments (or -),
--json, and --fail-on LEVEL and --from-list LIST (or with =), each option at most once.
Anything else (a help request, an abbreviation, --, an unknown option, a level that is
not one, a missing value) gives None, and argparse then reads or refuses it as always.
"""

from __future__ import annotations

from types import SimpleNamespace

GATE_LEVELS = ("license_required", "prohibited")
_OPTIONS = {"--fail-on": "fail_on", "--from-list": "from_list"}


def quick_assess_args(argv: list[str]) -> SimpleNamespace | None:
    """The arguments argparse would give for this `assess` command line, or None to ask argparse."""
    if not argv or argv[0] != "assess":
        return None
    values: dict[str, str] = {}
    files: list[str] = []
    as_json = False
    rest = iter(argv[1:])
    for item in rest:
        if item == "--json":
            as_json = True
            continue
        if item == "-" or not item.startswith("-"):
            files.append(item)
            continue
        option, equals, value = item.partition("=")
        if option not in _OPTIONS or _OPTIONS[option] in values:
            return None
        if not equals:
            value = next(rest, "")
            if value.startswith("-") and value != "-":
                return None  # argparse: "expected one argument"
        if not value or (option == "--fail-on" and value not in GATE_LEVELS):
            return None
        values[_OPTIONS[option]] = value
    return SimpleNamespace(
        command="assess",
        file=files,
        from_list=values.get("from_list"),
        json=as_json,
        fail_on=values.get("fail_on"),
    )
