"""Fixtures for the release-check tests: run `llama-advisor check` in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import NamedTuple

import pytest

from advisor.cli.main import main


class Run(NamedTuple):
    code: int
    out: str
    err: str

    @property
    def json(self) -> dict:
        return json.loads(self.out)


@pytest.fixture
def run_check(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(*args: str) -> Run:
        code = main(["check", *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
