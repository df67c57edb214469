"""Bad answers files: the real `llama-advisor assess` exits 2 with one line naming the file, never a traceback."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

Runner = Callable[..., Any]  # the cli / run_main fixtures (tests/cli/conftest.py)
Writer = Callable[..., Path]
Check = Callable[..., str]

HEAD = 'version: "3.1"\nrole: developer\n'  # two valid lines before the one under test


# ---------------------------------------------------------------- the file itself


def test_malformed_yaml_names_file_and_line(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write("version: [3.1\n")
    line = expect_invalid(cli("assess", str(path)), "not valid YAML")
    assert re.match(rf"llama-advisor: {re.escape(str(path))}:\d+: ", line), line


def test_malformed_yaml_line_is_where_the_problem_is(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write(HEAD + "mau: 5: 6\n")
    expect_invalid(cli("assess", str(path)), f"{path}:3: ")


def test_empty_file(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write("")
    expect_invalid(cli("assess", str(path)), f"{path}: ", "empty")


def test_whitespace_only_file(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write("  \n\n\t\n   \n")
    expect_invalid(cli("assess", str(path)), f"{path}: ", "empty")


def test_comments_only_file(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write("# nothing answered yet\n")
    expect_invalid(cli("assess", str(path)), f"{path}: ", "mapping")


def test_list_instead_of_mapping(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write('- version: "3.1"\n- role: developer\n')
    expect_invalid(cli("assess", str(path)), f"{path}: ", "mapping", "list")


@pytest.mark.parametrize("document", ["42\n", "just some words\n", "true\n"])
def test_scalar_instead_of_mapping(cli: Runner, write: Writer, expect_invalid: Check, document: str) -> None:
    path = write(document)
    expect_invalid(cli("assess", str(path)), f"{path}: ", "mapping")


def test_binary_junk_with_nul_bytes(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    junk = bytes(range(256)) * 4 + b"\x00\xff\xfe\x00\x89PNG\r\n\x1a\n"
    path = write(junk, "junk.bin")
    expect_invalid(cli("assess", str(path)), f"{path}: ", "binary")


def test_invalid_utf8_without_nul(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write(b'version: "3.1"\nrole: d\xe9veloppeur\xff\xfe\n', "latin.yaml")
    expect_invalid(cli("assess", str(path)), f"{path}: ", "UTF-8")


def test_missing_file(cli: Runner, tmp_path: Path, expect_invalid: Check) -> None:
    path = tmp_path / "no-such-answers.yaml"
    expect_invalid(cli("assess", str(path)), f"{path}: ", "no such file")


def test_directory_as_file(cli: Runner, tmp_path: Path, expect_invalid: Check) -> None:
    folder = tmp_path / "answers.d"
    folder.mkdir()
    expect_invalid(cli("assess", str(folder)), f"{folder}: ", "folder")


@pytest.mark.parametrize("text", ["- " * 100_000 + "x\n", "[" * 100_000 + "]" * 100_000 + "\n", "[" * 100_000])
def test_absurdly_deep_nesting_is_refused_not_a_crash(
    cli: Runner, write: Writer, expect_invalid: Check, text: str
) -> None:
    path = write(text)
    expect_invalid(cli("assess", str(path)), f"{path}:1: ", "nested")


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("body", "key", "line", "fragment"),
    [
        ('version: "3.2"\nrole: developer\nmultimodal: true\neu: "yes"\n', "eu", 4, "true or false"),
        (
            HEAD + "mau: 5\ncritical_infrastructure: false\naup_concerns: []\ndistributes: 1\n",
            "distributes",
            6,
            "true or false",
        ),
        (HEAD + "mau: true\n", "mau", 3, "whole number"),
        (HEAD + "mau: 5\ncritical_infrastructure: false\naup_concerns: spam\n", "aup_concerns", 5, "list"),
        (HEAD + 'mau: 5\ncritical_infrastructure: "no"\n', "critical_infrastructure", 4, "true or false"),
        ('version: "5"\n', "version", 1, "3.1"),
        ('version: "3.1"\nrole: admin\n', "role", 2, "developer"),
    ],
    ids=["eu-text", "distributes-number", "mau-bool", "aup-scalar", "ci-no-string", "version-5", "role-admin"],
)
def test_wrong_type_names_key_and_line(
    cli: Runner, write: Writer, expect_invalid: Check, body: str, key: str, line: int, fragment: str
) -> None:
    path = write(body)
    expect_invalid(cli("assess", str(path)), f"{path}:{line}: {key}: ", fragment)


def test_negative_mau(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write(HEAD + "mau: -1\n")
    expect_invalid(cli("assess", str(path)), f"{path}:3: mau: ", "0 or more", "-1")


@pytest.mark.parametrize("value", ["700M", '"700000000"', "seven hundred million", "7e8"])
def test_non_numeric_mau_hints_digits(cli: Runner, write: Writer, expect_invalid: Check, value: str) -> None:
    path = write(HEAD + f"mau: {value}\n")
    expect_invalid(cli("assess", str(path)), f"{path}:3: mau: ", "whole number", "digits")


def test_fractional_mau(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write(HEAD + "mau: 700000000.5\n")
    expect_invalid(cli("assess", str(path)), f"{path}:3: mau: ", "whole number")


# ---------------------------------------------------------------- YAML python tags


def _payloads(marker: Path) -> dict[str, str]:
    return {
        "os.system": f'version: !!python/object/apply:os.system ["touch {marker}"]\n',
        "builtins.exec": f"!!python/object/apply:builtins.exec [\"open('{marker}', 'w').close()\"]\n",
        "nested-subprocess": HEAD + f'aup_concerns: [!!python/object/apply:subprocess.call [["touch", "{marker}"]]]\n',
        "object/new": f'version: !!python/object/new:os.system ["touch {marker}"]\n',
    }


PAYLOADS = ["os.system", "builtins.exec", "nested-subprocess", "object/new"]


@pytest.mark.parametrize("name", PAYLOADS)
def test_payloads_are_live(tmp_path: Path, name: str) -> None:
    """Control: an unsafe loader does run each payload, so the tests below check something real."""
    marker = tmp_path / f"PWNED-{uuid.uuid4().hex}"
    yaml.unsafe_load(_payloads(marker)[name])
    assert marker.exists()


@pytest.mark.parametrize("name", PAYLOADS)
def test_python_tags_are_refused_and_never_run(
    cli: Runner, write: Writer, tmp_path: Path, expect_invalid: Check, name: str
) -> None:
    marker = tmp_path / f"PWNED-{uuid.uuid4().hex}"
    path = write(_payloads(marker)[name])
    line = expect_invalid(cli("assess", str(path)), f"{path}:")
    assert "python" in line.lower()
    assert not marker.exists()


def test_python_tag_on_stdin_is_refused_and_never_run(cli: Runner, tmp_path: Path, expect_invalid: Check) -> None:
    marker = tmp_path / f"PWNED-{uuid.uuid4().hex}"
    expect_invalid(cli("assess", "-", stdin=_payloads(marker)["os.system"]), "<stdin>:1: ")
    assert not marker.exists()


# ---------------------------------------------------------------- keys and consistency


def test_unknown_key_suggests_close_match(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write(HEAD + "multimodel: true\n")
    expect_invalid(cli("assess", str(path)), f"{path}:3: multimodel: ", 'did you mean "multimodal"')


def test_unknown_key_without_close_match_lists_valid_keys(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write(HEAD + "colour: blue\n")
    line = expect_invalid(cli("assess", str(path)), f"{path}:3: colour: ", "unknown key")
    assert "did you mean" not in line
    assert "trains_other_model" in line


def test_missing_needed_answer_names_it(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write(HEAD)
    line = expect_invalid(cli("assess", str(path)), f"{path}: mau: ", "missing answer")
    assert "monthly active users" in line


def test_missing_answer_after_end_user_is_not_mau(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write('version: "3.1"\nrole: end_user\n')
    expect_invalid(cli("assess", str(path)), f"{path}: critical_infrastructure: ", "missing answer")


@pytest.mark.parametrize(
    ("version", "given", "fragment"),
    [("3.3", "true", "Llama 3.3 has no multimodal model"), ("4", "false", "Every Llama 4 model is multimodal")],
)
def test_contradiction_with_version_facts(
    cli: Runner, write: Writer, expect_invalid: Check, version: str, given: str, fragment: str
) -> None:
    path = write(f'version: "{version}"\nrole: developer\nmultimodal: {given}\n')
    expect_invalid(cli("assess", str(path)), f"{path}:3: multimodal: ", fragment)


def test_aup_category_not_in_that_versions_policy(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    body = 'version: "2"\nrole: developer\nmau: 5\ncritical_infrastructure: false\n'
    path = write(body + "aup_concerns: [circumvent_safety_measures]\n")
    line = expect_invalid(cli("assess", str(path)), f"{path}:5: aup_concerns: ", "not in the Llama 2 Acceptable Use")
    assert "circumvent_safety_measures" in line
    assert "valid ids:" in line and "spam" in line


def test_same_aup_category_is_accepted_where_the_policy_has_it(run_main: Runner, write: Writer) -> None:
    body = 'version: "3.3"\nrole: developer\nmau: 5\ncritical_infrastructure: false\n'
    rest = "aup_concerns: [circumvent_safety_measures]\ndistributes: false\ntrains_other_model: false\n"
    result = run_main("assess", str(write(body + rest)), "--json")
    assert result.returncode == 0, result.stderr
    assert '"verdict": "prohibited"' in result.stdout


def test_unknown_aup_category(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write(HEAD + "mau: 5\ncritical_infrastructure: false\naup_concerns: [spamming]\n")
    expect_invalid(cli("assess", str(path)), f"{path}:5: aup_concerns: ", '"spamming" is not a known category')


def test_duplicate_aup_category(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write(HEAD + "mau: 5\ncritical_infrastructure: false\naup_concerns: [spam, spam]\n")
    expect_invalid(cli("assess", str(path)), f"{path}:5: aup_concerns: ", "twice")


# ---------------------------------------------------------------- other commands share the checks


def test_notice_rejects_bad_input_the_same_way(cli: Runner, write: Writer, expect_invalid: Check) -> None:
    path = write(HEAD + "mau: -5\n")
    expect_invalid(cli("notice", str(path)), f"{path}:3: mau: ")


def test_bad_stdin_is_named_stdin(cli: Runner, expect_invalid: Check) -> None:
    expect_invalid(cli("assess", "-", stdin=HEAD + "mau: -1\n"), "<stdin>:3: mau: ", "0 or more")


def test_binary_stdin(cli: Runner, expect_invalid: Check) -> None:
    expect_invalid(cli("assess", "-", stdin=b"\x00\x01\x02junk\xff"), "<stdin>: ", "binary")
