"""`check` on model folders: the cases publishers get wrong, each checked against the agreement."""

from __future__ import annotations

from pathlib import Path

from advisor import check
from tests.release.fixtures import NOTICES, card, license_text, model_folder


def statuses(report) -> dict[str, str]:
    return {c.id: c.status for c in report.checks}


def compliant_31(tmp_path: Path) -> Path:
    readme = card(
        license_id="llama3.1",
        base_model="meta-llama/Llama-3.1-8B-Instruct",
        title="Llama-3.1-Acme-Support-8B",
        body="Built with Llama.\n\nA fine-tune of Llama 3.1 8B Instruct for customer-support tickets.\n\n"
        "## Intended use\n\nEnglish support conversations. See the Acceptable Use Policy.",
    )
    return model_folder(tmp_path, "Llama-3.1-Acme-Support-8B", "3.1", readme=readme)


def test_compliant_31_fine_tune_passes_every_check(tmp_path: Path) -> None:
    result = check(compliant_31(tmp_path))
    (model,) = result.models
    assert (model.version, model.multimodal, model.name) == ("3.1", False, "Llama-3.1-Acme-Support-8B")
    assert set(statuses(model).values()) == {"pass"}
    assert result.result == "pass"
    assert model.licenses == {
        "hub": "llama3.1",
        "scancode": "llama-3.1-license-2024",
        "title": "Llama 3.1 Community License Agreement",
    }
    kinds = {e.kind: e.where for e in model.evidence}
    assert kinds["license_id"].endswith("README.md:6")
    assert kinds["license_text"].endswith("LICENSE:1")
    assert kinds["base_model"].endswith("README.md:8")


def test_llama3_in_the_middle_of_the_name_fails_name_prefix(tmp_path: Path) -> None:
    readme = card(
        license_id="llama3",
        base_model="meta-llama/Meta-Llama-3-8B",
        title="Hermes-2-Pro-Llama-3-8B",
        body="Built with Meta Llama 3\n\nHermes 2 Pro is an upgraded, retrained version of Nous Hermes 2.",
    )
    folder = model_folder(tmp_path, "Hermes-2-Pro-Llama-3-8B", "3", readme=readme)
    (model,) = check(folder).models
    assert model.version == "3"
    prefix = model.check("name_prefix")
    assert prefix.status == "fail"
    assert '"Llama 3"' in prefix.text
    assert prefix.fix == 'Rename it, for example "Llama-3-Hermes-2-Pro-8B".'
    assert prefix.source["section"] == "§1.b.i, last sentence"
    assert statuses(model)["built_with"] == "pass"
    assert model.result == "fail"


def test_separators_after_the_prefix_are_fine(tmp_path: Path) -> None:
    readme = card(
        license_id="llama3", base_model="meta-llama/Meta-Llama-3-8B", title="x", body="Built with Meta Llama 3"
    )
    folder = model_folder(tmp_path, "m", "3", readme=readme)
    for name in ("Llama 3 Acme", "Llama-3-Acme", "Llama3_Acme"):
        assert check(folder, name=name).models[0].check("name_prefix").status == "pass", name


def llama2_folder(tmp_path: Path, notice: str) -> Path:
    readme = card(
        license_id="llama2",
        base_model="meta-llama/Llama-2-7b-hf",
        title="Acme Llama 2 7B Chat",
        body="A chat fine-tune of Llama 2 7B.",
    )
    return model_folder(tmp_path, "acme-llama-2-7b-chat", "2", readme=readme, notice=notice, notice_name="Notice")


def test_llama2_notice_with_copyright_sign_warns_and_says_what_differs(tmp_path: Path) -> None:
    written = NOTICES["2"].replace("(c)", "©")
    (model,) = check(llama2_folder(tmp_path, written)).models
    notice = model.check("notice")
    assert notice.status == "warn"
    assert "© written as (c)" in notice.text
    assert notice.evidence[0].endswith("Notice:1")
    # Llama 2 has no name or "Built with" rule
    assert statuses(model)["name_prefix"] == statuses(model)["built_with"] == "not_applicable"
    assert model.result == "warn"


def test_llama3_notice_in_a_llama2_repository_fails(tmp_path: Path) -> None:
    (model,) = check(llama2_folder(tmp_path, NOTICES["3"] + "\n")).models
    notice = model.check("notice")
    assert notice.status == "fail"
    assert "Meta Llama 3 Notice line, not the Llama 2 one" in notice.text
    assert NOTICES["2"] in notice.fix


def test_front_matter_and_license_disagreeing_is_a_conflict_not_a_guess(tmp_path: Path) -> None:
    readme = card(license_id="llama3", base_model=None, title="Acme-8B", body="Built with Meta Llama 3")
    folder = model_folder(tmp_path, "acme", "3.1", readme=readme)
    result = check(folder)
    (model,) = result.models
    assert model.version is None and model.licenses is None
    assert model.result == result.result == "fail"
    (conflict,) = model.conflicts
    assert "Meta Llama 3 (" in conflict and "Llama 3.1 (" in conflict
    assert "README.md:6 license: llama3" in conflict and "LICENSE:1" in conflict
    assert model.check("license_id").status == "fail"


def test_modified_license_names_the_clauses_that_differ(tmp_path: Path) -> None:
    text = license_text("3.1").replace("greater than 700 million", "greater than 900 million")
    text = text.replace("Meta may terminate this Agreement", "Meta may not terminate this Agreement")
    readme = card(
        license_id="llama3.1", base_model="meta-llama/Llama-3.1-8B", title="Llama-3.1-X", body="Built with Llama"
    )
    (model,) = check(model_folder(tmp_path, "x", "3.1", readme=readme, license=text)).models
    copy = model.check("license_copy")
    assert copy.status == "fail"
    assert "these parts differ: §2, §6." in copy.text
    assert model.version == "3.1"  # a modified copy still points to its version


def test_license_with_only_whitespace_changes_warns(tmp_path: Path) -> None:
    text = license_text("3.1").replace("\n\n", "\n\n\n").replace(". ", ".  ")
    readme = card(
        license_id="llama3.1", base_model="meta-llama/Llama-3.1-8B", title="Llama-3.1-X", body="Built with Llama"
    )
    copy = check(model_folder(tmp_path, "x", "3.1", readme=readme, license=text)).models[0].check("license_copy")
    assert copy.status == "warn"
    assert "only whitespace" in copy.text


def test_built_with_only_in_the_last_line_of_a_long_readme_warns_citing_the_faq(tmp_path: Path) -> None:
    sections = "\n\n".join(f"## Section {n}\n\nDetails about evaluation run {n}." for n in range(40))
    readme = card(
        license_id="llama3.1",
        base_model="meta-llama/Llama-3.1-8B-Instruct",
        title="Llama-3.1-Acme-8B",
        body=sections + "\n\nBuilt with Llama",
    )
    (model,) = check(model_folder(tmp_path, "x", "3.1", readme=readme)).models
    built = model.check("built_with")
    assert built.status == "warn"
    assert "only at line" in built.text
    assert built.source["document"] == "meta-llama-faq"
    assert "last page or in a footnote" in built.source["quote"]


def test_wrong_built_with_phrase_for_llama3_fails(tmp_path: Path) -> None:
    readme = card(
        license_id="llama3", base_model="meta-llama/Meta-Llama-3-8B", title="Llama-3-X", body="Built with Llama"
    )
    built = check(model_folder(tmp_path, "x", "3", readme=readme)).models[0].check("built_with")
    assert built.status == "fail"
    assert "Built with Meta Llama 3" in built.text


def test_non_llama_model_is_not_applicable(tmp_path: Path) -> None:
    folder = tmp_path / "mistral-7b"
    folder.mkdir()
    (folder / "README.md").write_text(
        "---\nlicense: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1\n---\n\n# Mistral fine-tune\n",
        encoding="utf-8",
    )
    (folder / "config.json").write_text('{"architectures": ["MistralForCausalLM"]}', encoding="utf-8")
    (folder / "LICENSE").write_text("Apache License\nVersion 2.0, January 2004\n", encoding="utf-8")
    result = check(folder)
    assert result.models == ()
    assert result.result == "not_applicable"


def test_vision_architecture_is_llama_32_multimodal(tmp_path: Path) -> None:
    readme = card(
        license_id="llama3.2",
        base_model="meta-llama/Llama-3.2-11B-Vision-Instruct",
        title="Llama-3.2-Acme-Vision",
        body="Built with Llama",
    )
    config = {"architectures": ["MllamaForConditionalGeneration"], "model_type": "mllama"}
    folder = model_folder(tmp_path, "v", "3.2", readme=readme, notice=None, config=config)
    (model,) = check(folder).models
    assert (model.version, model.multimodal) == ("3.2", True)
    assert any(e.kind == "architecture" and e.value == "MllamaForConditionalGeneration" for e in model.evidence)


def test_license_id_naming_another_license_fails(tmp_path: Path) -> None:
    readme = card(license_id="mit", base_model="meta-llama/Llama-3.1-8B", title="Llama-3.1-X", body="Built with Llama")
    license_id = check(model_folder(tmp_path, "x", "3.1", readme=readme)).models[0].check("license_id")
    assert license_id.status == "fail"
    assert '"mit"' in license_id.text and license_id.fix == "Set `license: llama3.1` in the front matter of README.md."


def test_llama4_card_with_license_other_and_license_name(tmp_path: Path) -> None:
    # Meta's own Llama 4 repositories write `license: other` with `license_name: llama4`
    readme = card(
        license_id="other",
        base_model="meta-llama/Llama-4-Scout-17B-16E-Instruct",
        title="Llama-4-Scout-Acme",
        body="Built with Llama",
        extra="license_name: llama4",
    )
    config = {"architectures": ["Llama4ForConditionalGeneration"], "model_type": "llama4"}
    folder = model_folder(tmp_path, "scout", "4", readme=readme, notice=None, config=config)
    (model,) = check(folder).models
    assert (model.version, model.multimodal) == ("4", True)
    assert model.licenses == {"hub": "llama4", "scancode": None, "title": "Llama 4 Community License Agreement"}
    license_id = model.check("license_id")
    assert license_id.status == "pass" and license_id.evidence[0].endswith("README.md:13")
    assert model.check("notice").status == "fail"


def test_notice_without_the_final_full_stop_fails_and_says_so(tmp_path: Path) -> None:
    (model,) = check(llama2_folder(tmp_path, NOTICES["2"].rstrip(".") + "\n")).models
    notice = model.check("notice")
    assert notice.status == "fail"
    assert "the final full stop is missing" in notice.text


def test_notice_split_over_two_lines_and_quoted_warns(tmp_path: Path) -> None:
    written = "“" + NOTICES["2"].replace("License, ", "License,\n") + "”\n"
    notice = check(llama2_folder(tmp_path, written)).models[0].check("notice")
    assert notice.status == "warn"
    assert "whitespace or line breaks and quote marks differ" in notice.text


def test_a_name_alone_never_settles_the_version(tmp_path: Path) -> None:
    """A folder named like a Llama release, with nothing else pointing to Llama, is not guessed."""
    from advisor import check

    folder = tmp_path / "Llama2-chatbot"
    folder.mkdir()
    (folder / "LICENSE").write_text("MIT License\n\nPermission is hereby granted, free of charge...\n")
    (folder / "README.md").write_text("A chatbot.\n")
    result = check(folder)
    assert len(result.models) == 1
    model = result.models[0]
    assert model.version is None and model.result == "fail"
    assert any("Only a name points to Llama" in conflict for conflict in model.conflicts)


def test_text_from_the_checked_files_cannot_drive_the_terminal(tmp_path: Path) -> None:
    from advisor import check
    from advisor.render.check_view import render_check
    from advisor.rules import load_knowledge_base

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: llama3.1\n---\n# Acme \x1b[2J\x1b]0;pwned\x07 8B\n")
    (folder / "NOTICE").write_text("x\n")
    text = render_check(check(folder), load_knowledge_base())
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[2J" in text
