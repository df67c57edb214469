"""advisor.assess_many: answers mappings and answers files in one call, one outcome each, lazily."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from answers_support import DEVELOPER_31, as_format_2
from answers_support import v0_1 as v0_1_answers

import advisor
from advisor.engine.many import Outcome

Writer = Callable[..., Path]


def test_mappings_and_paths_in_order(write: Writer, answers: Mapping[str, str]) -> None:
    path = write(answers["prohibited"])
    over = {**DEVELOPER_31, "mau": 700_000_001, "separate_license_from_meta": False}
    outcomes = list(advisor.assess_many([DEVELOPER_31, str(path), path, over, as_format_2(DEVELOPER_31)]))
    assert [o.path for o in outcomes] == [None, str(path), str(path), None, None]
    assert [o.assessment.verdict for o in outcomes if o.assessment] == [
        "permitted", "prohibited", "prohibited", "license_required", "permitted"
    ]  # fmt: skip
    assert all(o.error is None for o in outcomes)
    assert [o.assessment.answers_format for o in outcomes if o.assessment][3:] == [3, 2]  # as `assess` reads them


def test_a_mapping_is_read_as_assess_reads_it() -> None:
    (outcome,) = advisor.assess_many([DEVELOPER_31])
    assert outcome.assessment == advisor.assess(DEVELOPER_31)
    old = v0_1_answers(DEVELOPER_31)  # without the questions added since v0.1.0
    (today, v0_1) = advisor.assess_many([old, {**old, "format": 1}])
    assert today.assessment is None and today.error is not None
    assert today.error.startswith("access: missing answer: ")
    assert v0_1.assessment is not None and v0_1.assessment.answers_format == 1


def test_a_path_is_read_as_the_command_line_reads_it(write: Writer, answers: Mapping[str, str]) -> None:
    from advisor.cli.main import main

    path = write(answers["license_required"])
    (outcome,) = advisor.assess_many([path])
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", out)
        assert main(["assess", str(path), "--json"]) == 0
    assert outcome.assessment is not None
    assert outcome.assessment.to_dict() == json.loads(out.getvalue())


def test_bad_items_are_outcomes_with_one_line_errors(write: Writer, tmp_path: Path) -> None:
    bad_file = write("version: [\n", "bad.yaml")
    items = [{"version": "3.1", "mau": "lots"}, tmp_path / "none.yaml", bad_file, DEVELOPER_31]
    outcomes = list(advisor.assess_many(items))
    assert [o.assessment is None for o in outcomes] == [True, True, True, False]
    errors = [o.error for o in outcomes[:3]]
    assert all(error and "\n" not in error for error in errors)
    assert errors[1] == f"{tmp_path / 'none.yaml'}: no such file"
    assert errors[2] is not None and errors[2].startswith(f"{bad_file}:2: not valid YAML or JSON")


def test_to_dict_is_the_json_line(write: Writer, answers: Mapping[str, str]) -> None:
    path = str(write(answers["permitted"]))
    good, bad = advisor.assess_many([path, path + ".missing"])
    assert good.assessment is not None
    assert good.to_dict() == {"path": path, **good.assessment.to_dict()}
    assert bad.to_dict() == {"path": path + ".missing", "error": f"{path}.missing: no such file"}
    assert Outcome(None, good.assessment).to_dict() == good.assessment.to_dict(), "a mapping's has no path"


def test_it_is_lazy_and_refuses_what_is_neither_a_mapping_nor_a_path() -> None:
    outcomes = advisor.assess_many([DEVELOPER_31, 42])  # type: ignore[list-item]
    assert next(outcomes).assessment is not None
    with pytest.raises(TypeError, match="mappings or paths, not int"):
        next(outcomes)


def test_standard_input_is_read_once(monkeypatch: pytest.MonkeyPatch, answers: Mapping[str, str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(answers["prohibited"].encode())))
    first, second = advisor.assess_many(["-", "-"])
    assert first.assessment is not None and first.assessment.verdict == "prohibited"
    assert second.error == "<stdin>: standard input was read already (it holds the list of files, or an earlier -)"


def test_import_advisor_loads_nothing_until_called() -> None:
    probe = (
        "import sys, advisor\n"
        "outcomes = advisor.assess_many([])\n"
        "print(sorted(m for m in sys.modules if m.startswith('advisor')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['advisor']"
