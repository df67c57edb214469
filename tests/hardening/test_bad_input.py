"""Hostile input (issue 11, defects 7 to 11): one clear line and exit 2, bounded time and memory."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import yaml
from hardening_support import ANSWERS_31, ANSWERS_TEXT, Run, environment, one_error, script

from advisor.engine.answers_file import MAX_BYTES, read_answers
from advisor.rules import load_knowledge_base, yamlsource

HEAD = 'version: "3.1"\nrole: developer\n'
REST = "critical_infrastructure: false\naup_concerns: []\ndistributes: true\ntrains_other_model: false\n"


def _answers(tmp_path: Path, text: str | bytes, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


# ---------------------------------------------------------------- 7: tracebacks become one line


@pytest.mark.parametrize(
    "value",
    ["9" * 4301, "0x" + "f" * 5000, "0b" + "1" * 20000, ":".join(["59"] * 3000), "1" + "0" * 200],
    ids=["4301-digits", "long-hex", "long-binary", "sexagesimal", "200-digits"],
)
def test_huge_integers_are_one_line(tmp_path: Path, run: Run, value: str) -> None:
    for body, where in (
        (HEAD + f"mau: {value}\n" + REST, "3: mau: "),
        (HEAD + f"mau: 5\naup_concerns: [{value}]\n", "4: "),
    ):
        line = one_error(run("assess", _answers(tmp_path, body)), f"answers.yaml:{where}")
        assert len(line) < 400


def test_huge_integer_version_is_one_line(tmp_path: Path, run: Run) -> None:
    line = one_error(run("assess", _answers(tmp_path, "version: " + "3" * 5000 + "\n")), "version")
    assert len(line) < 400


def test_full_standard_output(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [script(), "assess", str(ANSWERS_31)], stdout=full, stderr=subprocess.PIPE, env=environment(), check=False
        )
    one_error(result, "standard output", "No space left")


@pytest.mark.parametrize(
    ("redirect", "fragment"),
    [(">&-", "standard output"), ("<&-", "standard input")],
    ids=["stdout-closed", "stdin-closed"],
)
def test_closed_standard_streams(redirect: str, fragment: str) -> None:
    answers = "-" if redirect == "<&-" else str(ANSWERS_31)
    command = f'"{script()}" assess "{answers}" {redirect}'
    result = subprocess.run(["sh", "-c", command], capture_output=True, env=environment(), check=False)
    one_error(result, fragment, "closed")


@pytest.mark.parametrize("option", ["--title", "--product", "--organisation", "--assessor"])
def test_non_utf8_text_options(tmp_path: Path, run: Run, option: str) -> None:
    one_error(run("report", ANSWERS_31, "-o", tmp_path / "r.md", option, b"Acme \xff\xfe"), option, "UTF-8")
    assert not (tmp_path / "r.md").exists()


def test_non_utf8_file_names_work_and_are_shown_escaped(tmp_path: Path, run: Run) -> None:
    name = b"answers-\xff.yaml"
    (tmp_path / name.decode("utf-8", "surrogateescape")).write_text(ANSWERS_TEXT["a.yaml"], encoding="utf-8")
    assert run("assess", name).returncode == 0
    assert run("report", name, "-o", b"r-\xfe.md").returncode == 0
    assert run("bundle", name, "-o", b"b-\xfe", "--zip").returncode == 0
    assert (tmp_path / "b-\udcfe.zip").is_file()
    one_error(run("assess", b"no-such-\xff\n.yaml"), "no-such-\\udcff\\n.yaml", "no such file")


@pytest.mark.parametrize("epoch", ["99999999999999999999", "253402300800"])
def test_source_date_epoch_out_of_range(tmp_path: Path, run: Run, epoch: str) -> None:
    env = environment(SOURCE_DATE_EPOCH=epoch)
    one_error(run("report", ANSWERS_31, "-o", tmp_path / "r.md", env=env), "SOURCE_DATE_EPOCH", "out of range")
    one_error(run("bundle", ANSWERS_31, "-o", tmp_path / "b", "--zip", env=env), "SOURCE_DATE_EPOCH")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_source_date_epoch_beyond_what_a_zip_holds(tmp_path: Path, run: Run) -> None:
    result = run("bundle", ANSWERS_31, "-o", "b", "--zip", env=environment(SOURCE_DATE_EPOCH="9999999999"))
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- 8: YAML 1.1 numbers


@pytest.mark.parametrize(
    ("value", "shown"),
    [("0750000000", "0750000000"), ("12:30", "12:30"), ("0x2A", "0x2A"), ("0b11", "0b11")],
)
def test_mau_must_be_plain_decimal(tmp_path: Path, run: Run, value: str, shown: str) -> None:
    path = _answers(tmp_path, HEAD + f"mau: {value}\n" + REST)
    one_error(run("assess", path), f"{path}:3: mau: ", shown, "plain decimal")


@pytest.mark.parametrize("value", ["750000000", "750_000_000"])
def test_plain_mau_still_works(tmp_path: Path, run: Run, value: str) -> None:
    """Digit-group underscores are plain decimal (v0.1.0 read them so too): not a misreading."""
    result = run("assess", _answers(tmp_path, HEAD + f"mau: {value}\n" + REST), "--json")
    assert result.returncode == 0 and b'"license_required"' in result.stdout


@pytest.mark.parametrize("value", ["3.10", "0x3", "0b11", "3.0", "+3", "3.1e0", "03"])
def test_version_is_read_as_written(tmp_path: Path, run: Run, value: str) -> None:
    path = _answers(tmp_path, f"version: {value}\nrole: developer\n")
    one_error(run("assess", path), f"{path}:1: version: ", value)


@pytest.mark.parametrize("value", ["3.1", "3", "4", '"3.1"'])
def test_listed_versions_as_numbers_are_accepted(value: str) -> None:
    data = yamlsource.construct_answers(yamlsource.compose_answers(f"version: {value}\n"))
    assert data == {"version": value.strip('"')}


# ---------------------------------------------------------------- 9: duplicate keys


@pytest.mark.parametrize(
    ("text", "line", "first"),
    [
        (HEAD + "mau: 5\n" + REST + "mau: 900000000\n", 8, 3),
        ('{"version": "3.1",\n "role": "developer",\n "version": "2"}\n', 3, 1),
        (HEAD + '"mau": 5\nmau: 6\n', 4, 3),
    ],
    ids=["yaml", "json", "quoted"],
)
def test_duplicate_keys_name_both_lines(tmp_path: Path, run: Run, text: str, line: int, first: int) -> None:
    path = _answers(tmp_path, text)
    one_error(run("assess", path), f"{path}:{line}: ", f"lines {first} and {line}")


def test_error_line_is_the_line_of_that_key(tmp_path: Path, run: Run) -> None:
    text = 'role: developer\n# mau: 5\nversion: "3.1"\naup_concerns: [mau]\nmau: -1\n'
    path = _answers(tmp_path, text)
    one_error(run("assess", path), f"{path}:5: mau: ")


# ---------------------------------------------------------------- 10: bounded input


def test_endless_file_is_refused_quickly(run: Run) -> None:
    started = time.monotonic()
    one_error(run("assess", "/dev/zero"), "/dev/zero", "1 MiB")
    assert time.monotonic() - started < 10


def test_large_stdin_is_refused(run: Run) -> None:
    one_error(run("assess", "-", stdin=b"a: 1\n" * (MAX_BYTES // 4)), "<stdin>", "1 MiB")


def test_large_file_is_refused_but_the_limit_is_generous(tmp_path: Path, run: Run) -> None:
    comment = "# " + "x" * 1000 + "\n"
    near = ANSWERS_TEXT["a.yaml"] + comment * ((MAX_BYTES - 2000) // len(comment))
    assert run("assess", _answers(tmp_path, near)).returncode == 0
    one_error(run("assess", _answers(tmp_path, near + comment * 3)), "1 MiB")


def test_answers_are_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = yamlsource.AnswersLoader.get_single_node

    def counted(self):  # type: ignore[no-untyped-def]
        calls.append("compose")
        return original(self)

    def refused(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a second parse")

    monkeypatch.setattr(yamlsource.AnswersLoader, "get_single_node", counted)
    keys = "".join(f"unknown_{index}: {index}\n" for index in range(20_000))
    path = _answers(tmp_path, HEAD + keys)
    read_answers(str(path))
    load_knowledge_base()  # loaded (and kept) before the check: only the answers are of interest
    for name in ("parse", "compose", "load", "safe_load"):
        monkeypatch.setattr(yaml, name, refused)
    from advisor.cli.main import main

    assert main(["assess", str(path)]) == 2
    assert calls == ["compose", "compose"]  # once here, once for the command: one parse each


# ---------------------------------------------------------------- 11: user text in errors


def test_control_characters_in_a_key_are_shown_escaped(tmp_path: Path, run: Run) -> None:
    text = HEAD + '"evil\\nllama-advisor: all clear\\x1b[2J\\u202e\\0": true\n'
    line = one_error(run("assess", _answers(tmp_path, text)), "unknown key")
    assert "\\n" in line and "\\x1b" in line and "\\u202e" in line and "\\x00" in line
    assert "\x1b" not in line and "\u202e" not in line


def test_long_user_text_is_cut(tmp_path: Path, run: Run) -> None:
    line = one_error(run("assess", _answers(tmp_path, HEAD + "k" * 1000 + ": 1\n")), "unknown key")
    assert "k" * 100 not in line and "1,000 characters" in line
    text = HEAD + "mau: 5\ncritical_infrastructure: false\naup_concerns: [" + "x" * 100_000 + "]\n"
    line = one_error(run("assess", _answers(tmp_path, text)), "aup_concerns")
    assert len(line) <= 1200


def test_long_file_name_is_cut(tmp_path: Path, run: Run) -> None:
    line = one_error(run("assess", "d/" * 2000 + "x.yaml"), "no such file")
    assert len(line) < 400
