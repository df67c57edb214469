"""Property-based fuzzing of the answers reader and the engine (a bounded number of examples).

Whatever the bytes of an answers file, reading it gives data or one escaped line
naming the file; whatever the answers, the engine gives a verdict or one line naming
the answer. Numbers are read exactly as written, or refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.engine import AnswersError, assess
from advisor.engine.answers_file import AnswersFileError, describe_answers_error, read_answers
from advisor.model import VERDICTS
from advisor.rules import load_knowledge_base

FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
KB = load_knowledge_base()
KEYS = [question.id for question in KB.questions] + ["format", "multimodel", "mau\n", "a\x1b[2J"]

scalars = st.one_of(
    st.booleans(),
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["3.1", "3.10", "0750000000", "12:30", "0x3", "0b11", "700M", "yes", "~", "far_above_threshold"]),
    st.sampled_from([choice.value for question in KB.questions for choice in question.choices] or ["x"]),
)
values = st.one_of(
    scalars, st.lists(scalars, max_size=4), st.lists(st.sampled_from(sorted(KB.aup_categories)), max_size=3)
)
answers = st.dictionaries(st.sampled_from(KEYS), values, max_size=len(KEYS))


def _one_line(message: str) -> None:
    assert "\n" not in message and "\r" not in message and "\x1b" not in message and "\x00" not in message
    assert len(message) <= 1300


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each example's answers file is written (module-scoped: Hypothesis runs many examples per test)."""
    return tmp_path_factory.mktemp("fuzz")


def _read(folder: Path, content: bytes) -> Any:
    path = folder / "answers.yaml"
    path.write_bytes(content)
    try:
        return read_answers(str(path))
    except AnswersFileError as exc:
        _one_line(str(exc))
        assert str(exc).startswith(str(path)), str(exc)
        return None


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_read_or_refused_in_one_line(folder: Path, content: bytes) -> None:
    _read(folder, content)


@FUZZ
@given(
    st.text(alphabet=st.sampled_from(list("ab:-[]{}\"' ,\n#&*!|>?%@`0x.\t") + ["\u202e", "\x00", "\x1b"]), max_size=80)
)
def test_yaml_like_text_read_or_refused_in_one_line(folder: Path, text: str) -> None:
    _read(folder, text.encode("utf-8"))


def _yaml_line(key: str, value: Any) -> str:
    return f"{json.dumps(key)}: {json.dumps(value)}\n"


@FUZZ
@given(answers)
def test_engine_gives_a_verdict_or_one_line(folder: Path, raw: dict[str, Any]) -> None:
    text = "".join(_yaml_line(key, value) for key, value in raw.items())
    read = _read(folder, text.encode("utf-8"))
    if read is None:
        return
    data, source = read
    try:
        assessment = assess(KB, data)
    except AnswersError as exc:
        message = describe_answers_error(exc, "answers.yaml", source, data)
        _one_line(message)
        if exc.key and isinstance(data, dict) and exc.key in data:
            line = int(message.split(":")[1])
            assert source.splitlines()[line - 1].startswith(json.dumps(exc.key)), (message, source)
        return
    assert assessment.verdict in VERDICTS


@FUZZ
@given(st.integers(min_value=0, max_value=10**30), st.integers(min_value=1, max_value=3))
def test_mau_is_read_exactly_as_written(folder: Path, number: int, zeros: int) -> None:
    read = _read(folder, f"mau: {number}\n".encode())
    assert read is not None and read[0] == {"mau": number}
    padded = _read(folder, f"mau: {'0' * zeros}{number}\n".encode())
    assert padded is None or padded[0] == {"mau": f"{'0' * zeros}{number}"}  # refused, or text: never octal


@FUZZ
@given(st.sampled_from(["1", "2", "3", "3.1", "3.2", "3.3", "4"]), st.sampled_from(["", "0", "00"]))
def test_version_numbers_are_the_text_written(folder: Path, version: str, tail: str) -> None:
    written = version + ("." + tail if tail and "." not in version else tail)
    read = _read(folder, f"version: {written}\n".encode())
    assert read is not None and read[0] == {"version": written}


@pytest.mark.parametrize("twice", ["mau", "version", "a\nb"])
def test_duplicates_are_always_refused(folder: Path, twice: str) -> None:
    assert _read(folder, f"{_yaml_line(twice, 1)}x: 2\n{_yaml_line(twice, 3)}".encode()) is None
