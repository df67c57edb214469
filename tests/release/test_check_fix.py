"""`check --fix` writes only what is missing (or, with --force, wrong) and never touches README.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.release.fixtures import NOTICES, card, license_text, model_folder


def folder_missing_notice(tmp_path: Path) -> Path:
    readme = card(
        license_id="llama3.1",
        base_model="meta-llama/Llama-3.1-8B-Instruct",
        title="Acme-Assistant-8B",
        body="An assistant fine-tune.\n\n" + "\n\n".join(f"Paragraph {n}." for n in range(30)) + "\n\nBuilt with Llama",
    )
    return model_folder(tmp_path, "acme", "3.1", readme=readme, notice=None, use_policy=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_fix_twice_writes_once_and_then_changes_nothing(tmp_path: Path, run_check) -> None:
    folder = folder_missing_notice(tmp_path)
    readme = (folder / "README.md").read_bytes()
    first = run_check(str(folder), "--fix")
    assert first.code == 0
    assert f"{folder / 'NOTICE'}: written" in first.out
    assert f"{folder / 'USE_POLICY.md'}: written" in first.out
    assert 'Add to README.md, in its title or first lines (not edited for you): "Built with Llama"' in first.out
    assert "Name to use (nothing renamed): Llama-Acme-Assistant-8B" in first.out
    assert NOTICES["3.1"] in (folder / "NOTICE").read_text(encoding="utf-8")
    assert (folder / "README.md").read_bytes() == readme
    assert "✔ Pass: Notice file." in first.out  # the report after fixing

    before = snapshot(folder)
    second = run_check(str(folder), "--fix")
    assert second.code == 0
    assert snapshot(folder) == before
    assert "written" not in second.out and "replaced" not in second.out


def test_fix_leaves_a_wrong_file_alone_without_force(tmp_path: Path, run_check) -> None:
    folder = folder_missing_notice(tmp_path)
    modified = license_text("3.1").replace("700 million", "7 million")
    (folder / "LICENSE").write_text(modified, encoding="utf-8")
    run = run_check(str(folder), "--fix", "--json")
    assert "LICENSE: left as it is (it exists; --force replaces it)" in run.err
    assert (folder / "LICENSE").read_text(encoding="utf-8") == modified
    assert run.json["models"][0]["checks"][0]["status"] == "fail"
    forced = run_check(str(folder), "--fix", "--force", "--json")
    assert f"{folder / 'LICENSE'}: replaced" in forced.err
    assert (folder / "LICENSE").read_text(encoding="utf-8") == license_text("3.1")
    assert forced.json["models"][0]["checks"][0]["status"] == "pass"


def test_force_without_fix_is_a_usage_error(tmp_path: Path, run_check) -> None:
    run = run_check(str(tmp_path), "--force")
    assert run.code == 2 and run.err == "llama-advisor: --force only works with --fix\n"


def test_interview_from_a_release_fills_in_the_version(tmp_path: Path, monkeypatch, capsys) -> None:
    from advisor.cli.main import main

    readme = card(
        license_id="llama3.2", base_model="meta-llama/Llama-3.2-11B-Vision", title="Llama-V", body="Built with Llama"
    )
    config = {"architectures": ["MllamaForConditionalGeneration"]}
    folder = model_folder(tmp_path, "v", "3.2", readme=readme, notice=None, config=config)
    asked: list[str] = []

    def no_more(prompt: str) -> str:
        asked.append(prompt)
        raise EOFError

    monkeypatch.setattr("builtins.input", no_more)
    assert main(["interview", "--from", str(folder)]) == 2
    out = capsys.readouterr().out
    assert "Filled in from the release you checked: version: 3.2, multimodal: yes." in out
    assert "Which Llama version" not in out  # the version question is not asked again


def test_interview_from_a_release_without_llama_is_bad_input(tmp_path: Path, capsys) -> None:
    from advisor.cli.main import main

    assert main(["interview", "--from", str(tmp_path)]) == 2
    assert "no Llama model found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("version", "license_id", "base_model", "architecture", "expected"),
    [
        ("3.2", "llama3.2", "meta-llama/Llama-3.2-11B-Vision", "MllamaForConditionalGeneration", {"multimodal": True}),
        ("3.2", "llama3.2", "meta-llama/Llama-3.2-1B", "LlamaForCausalLM", {"multimodal": False}),
        ("4", "llama4", "meta-llama/Llama-4-Scout-17B-16E", "Llama4ForConditionalGeneration", {}),
        ("3.1", "llama3.1", "meta-llama/Llama-3.1-8B", "LlamaForCausalLM", {}),
    ],
)
def test_a_release_fills_in_multimodal_only_where_the_interview_asks_it(
    tmp_path: Path, version: str, license_id: str, base_model: str, architecture: str, expected: dict
) -> None:
    """questions.yaml decides (multimodal is asked where a version has some multimodal models)."""
    from advisor.release import check_path
    from advisor.release.prefill import interview_answers
    from advisor.rules import load_knowledge_base

    readme = card(license_id=license_id, base_model=base_model, title="Llama-X", body="Built with Llama")
    folder = model_folder(tmp_path, "m", version, readme=readme, notice=None, config={"architectures": [architecture]})
    kb = load_knowledge_base()
    assert interview_answers(check_path(folder, kb), kb) == {"version": version, **expected}


@pytest.mark.parametrize(
    ("link", "status", "text"),
    [
        (
            "https://llama.meta.com/llama3_1/use-policy",
            "pass",
            "README.md links to the Llama 3.1 Acceptable Use Policy.",
        ),
        ("See <https://www.llama.com/llama3_1/use-policy/>.", "pass", "links to the Llama 3.1 Acceptable Use Policy"),
        (
            "[policy](http://ai.meta.com/llama/use-policy)",
            "warn",
            "README.md links to the Llama 2 Acceptable Use Policy, not the Llama 3.1 Acceptable Use Policy.",
        ),
        ("https://example.com/llama3_1/use-policy", "warn", "Neither USE_POLICY.md nor a link"),
        ("https://llama.meta.com.example.io/llama3_1/use-policy", "warn", "Neither USE_POLICY.md nor a link"),
        ("https://llama.meta.com/llama3_1/use-policy-draft", "warn", "Neither USE_POLICY.md nor a link"),
        ("See https://llama.meta.com/llama3_1/use-policy.", "pass", "links to the Llama 3.1"),
        ("Policy: **https://llama.meta.com/llama3_1/use-policy**, please read", "pass", "links to the Llama 3.1"),
        ("`https://llama.meta.com/llama3_1/use-policy`", "pass", "links to the Llama 3.1"),
        ("<span>https://llama.meta.com/llama3_1/use-policy</span>", "pass", "links to the Llama 3.1"),
        ("| policy | https://www.llama.com/llama3\\_1/use-policy |", "pass", "links to the Llama 3.1"),
        ("https://llama.meta.com:443/llama3_1/use-policy;", "pass", "links to the Llama 3.1"),
        ("www.llama.com/llama3_1/use-policy", "pass", "links to the Llama 3.1"),
        ("[policy](https://llama.meta.com/llama3_1/use-policy/?utm_source=x#top)", "pass", "links to the Llama 3.1"),
        ("HTTPS://LLAMA.META.COM/LLAMA3_1/USE-POLICY", "pass", "links to the Llama 3.1"),
    ],
    ids=[
        "agreement-address",
        "moved-host",
        "other-version",
        "other-site",
        "lookalike-host",
        "other-page",
        "sentence-end",
        "bold",
        "code",
        "html-tag",
        "escaped-underscore-in-table",
        "port-and-semicolon",
        "no-scheme",
        "query-and-fragment",
        "upper-case",
    ],
)
def test_a_readme_link_must_reach_this_versions_use_policy(tmp_path: Path, link: str, status: str, text: str) -> None:
    """The address each agreement gives for its policy (documents.yaml url), on Meta's hosts."""
    from advisor.release import check_path
    from advisor.rules import load_knowledge_base

    readme = card(license_id="llama3.1", base_model="meta-llama/Llama-3.1-8B", title="Llama-X", body=link)
    folder = model_folder(tmp_path, "m", "3.1", readme=readme, notice=None, use_policy=False)
    report = check_path(folder, load_knowledge_base()).models[0]
    outcome = next(check for check in report.checks if check.id == "use_policy")
    assert (outcome.status, text in outcome.text) == (status, True), outcome.text
    if status == "pass" or "links to" in text:
        assert outcome.evidence and outcome.evidence[0].endswith(f"README.md:{readme.splitlines().index(link) + 1}")


def test_fix_force_never_writes_the_policy_over_a_readme_that_links_elsewhere(tmp_path: Path, run_check) -> None:
    """The README.md line with the wrong policy's link is the use-policy check's evidence, not a
    file to replace: --fix --force writes USE_POLICY.md beside it and leaves the card alone."""
    readme = card(
        license_id="llama3.1",
        base_model="meta-llama/Llama-3.1-8B",
        title="Llama-X",
        body="[policy](http://ai.meta.com/llama/use-policy)",  # the Llama 2 policy
    )
    folder = model_folder(tmp_path, "m", "3.1", readme=readme, notice=None, use_policy=False)
    run = run_check(str(folder), "--fix", "--force", "--json")
    assert (folder / "README.md").read_text(encoding="utf-8") == readme
    assert f"{folder / 'USE_POLICY.md'}: written" in run.err
    assert "README.md: replaced" not in run.err
    assert run.json["models"][0]["checks"][-1]["status"] == "pass"
