"""`check`'s exit codes and error line are the rest of the CLI's: named codes, one escaped line."""

from __future__ import annotations

from pathlib import Path

from advisor.cli.shared import EXIT_GATE, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK
from tests.release.fixtures import card, model_folder


def _warned_release(tmp_path: Path) -> Path:
    """A Llama 3.1 fine-tune that passes every check but the advisory use-policy one (warn)."""
    readme = card(
        license_id="llama3.1",
        base_model="meta-llama/Llama-3.1-8B-Instruct",
        title="Llama-3.1-Acme-Support-8B",
        body="Built with Llama.\n\nA fine-tune for customer-support tickets.",
    )
    return model_folder(tmp_path, "Llama-3.1-Acme-Support-8B", "3.1", readme=readme, use_policy=False)


def test_the_exit_codes_keep_their_values() -> None:
    """Scripts and CI jobs test these numbers: they change only by addition."""
    assert (EXIT_OK, EXIT_INVALID, EXIT_GATE, EXIT_INTERRUPTED) == (0, 2, 3, 130)


def test_check_exits_with_the_named_codes(tmp_path: Path, run_check) -> None:
    folder = _warned_release(tmp_path)
    checked = run_check(str(folder), "--json")
    assert checked.json["result"] == "warn"
    assert checked.code == EXIT_OK
    assert run_check(str(folder), "--fail-on", "fail").code == EXIT_OK
    gate = run_check(str(folder), "--fail-on", "warn")
    assert gate.code == EXIT_GATE
    assert gate.err == "llama-advisor: gate tripped: result is warn\n"
    assert run_check(str(tmp_path / "missing")).code == EXIT_INVALID
    assert run_check(str(folder), "--force").code == EXIT_INVALID


def test_the_error_line_escapes_what_the_path_holds(tmp_path: Path, run_check) -> None:
    """A path is user text: a newline, an escape sequence or a bidi override in it must not reach
    the terminal as it is (it could forge a second `llama-advisor:` line, or recolour it)."""
    path = f"{tmp_path}/release\nllama-advisor: all clear\x1b[32m\u202e"
    run = run_check(path)
    assert run.code == EXIT_INVALID
    assert run.out == ""
    assert run.err == (
        f"llama-advisor: {tmp_path}/release\\nllama-advisor: all clear\\x1b[32m\\u202e: no such file or folder\n"
    )
    assert run.err.count("\n") == 1
