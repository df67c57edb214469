"""The stable Python API, used as a toolkit would: `from advisor import assess, check`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.release.fixtures import card, model_folder

ROOT = Path(__file__).resolve().parents[2]


def test_check_and_assess_from_a_fresh_interpreter(tmp_path: Path) -> None:
    readme = card(
        license_id="llama3.1", base_model="meta-llama/Llama-3.1-8B", title="Llama-3.1-Api", body="Built with Llama"
    )
    folder = model_folder(tmp_path, "api", "3.1", readme=readme)
    answers = ROOT / "examples" / "synthetic-data-3.1.yaml"
    probe = (
        "import json, sys, yaml\n"
        "from advisor import assess, check\n"
        f"result = check({str(folder)!r})\n"
        f"assessment = assess(yaml.safe_load(open({str(answers)!r})))\n"
        "print(json.dumps([result.result, result.to_dict()['models'][0]['version'], assessment.verdict,"
        " assessment.to_dict()['verdict']]))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path)
    result, version, verdict, verdict_json = json.loads(run.stdout)
    assert (result, version) == ("pass", "3.1")
    cli = subprocess.run(
        [sys.executable, "-m", "advisor", "assess", str(answers), "--json"], capture_output=True, text=True, cwd=ROOT
    )
    assert verdict == verdict_json == json.loads(cli.stdout)["verdict"]


def test_importing_advisor_loads_nothing_heavy() -> None:
    probe = "import sys, advisor; print(sorted(m for m in sys.modules if m.startswith(('advisor.', 'yaml', 'gguf', 'numpy', 'cyclonedx'))))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_check_reports_bad_input_as_input_error(tmp_path: Path) -> None:
    import pytest

    from advisor import check
    from advisor.release import InputError

    with pytest.raises(InputError, match="no such file or folder"):
        check(tmp_path / "missing")


def test_assess_reads_a_mapping_as_todays_answers_unless_told_otherwise() -> None:
    """A missing answer is an error, not an assumption (v0.1.0 semantics only with format: 1)."""
    import pytest

    from advisor import assess
    from advisor.engine import AnswersError

    partial = {"version": "3.1", "role": "developer", "mau": 5, "critical_infrastructure": False}
    partial |= {"aup_concerns": [], "distributes": False, "trains_other_model": False}
    with pytest.raises(AnswersError) as raised:
        assess(partial)
    assert raised.value.key == "access"
    old = assess({**partial, "format": 1})
    assert old.assumed == {"access": "own_copy"} and old.verdict == "permitted"


def test_assess_reads_a_mapping_written_for_format_2_as_before() -> None:
    """Without `format`, a mapping that uses nothing format 3 added keeps its format-2 meaning: the
    questions format 3 added take the value format 2 meant. A format-2 mapping above 700 million
    users must answer separate_license_from_meta (format 2 asked it there), which is no sign of
    format 3."""
    import pytest

    from advisor import assess
    from advisor.engine import AnswersError

    below = {"version": "3.1", "role": "developer", "access": "own_copy", "mau": 5, "critical_infrastructure": False}
    below |= {"aup_concerns": [], "distributes": False, "trains_other_model": False}
    result = assess(below)
    assert (result.answers_format, result.verdict) == (2, "permitted")
    assert result.answers["takes"] == "weights" and result.answers["separate_license_from_meta"] is False
    over = {**below, "mau": 700_000_001, "separate_license_from_meta": False}
    result = assess(over)
    assert (result.answers_format, result.verdict) == (2, "license_required")
    assert "MAU-OVER-THRESHOLD" in {reason.rule for reason in result.reasons}
    # A mapping that gives a question only format 3 asks is read as format 3, and must then be complete.
    with pytest.raises(AnswersError) as raised:
        assess({**below, "takes": "weights"})
    assert raised.value.key == "separate_license_from_meta"
    assert assess({**below, "takes": "weights", "separate_license_from_meta": False}).answers_format == 3
