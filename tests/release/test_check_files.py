"""`check` on GGUF files, adapters and product zips, and the command's contract (exit codes, formats)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jsonschema

from advisor import check
from advisor.resources import resource_path
from tests.release.fixtures import card, gguf_file, model_folder


def test_gguf_with_general_license_is_read_from_its_header(tmp_path: Path) -> None:
    path = gguf_file(tmp_path / "acme.Q4_K_M.gguf", name="Llama 3.3 Acme 70B", license_id="llama3.3", vocab=2000)
    (model,) = check(path).models
    assert model.version == "3.3" and model.name == "Llama 3.3 Acme 70B"
    assert any(e.value == "general.license: llama3.3" and e.where.endswith("acme.Q4_K_M.gguf") for e in model.evidence)
    assert model.check("license_id").status == "pass"
    # a lone file cannot carry the agreement or the Notice; the check says so instead of passing
    assert model.check("license_copy").status == model.check("notice").status == "warn"


def test_gguf_reader_agrees_with_ggufs_own_reader(tmp_path: Path) -> None:
    import gguf

    from advisor.release.gguf_header import read_gguf_file

    path = gguf_file(
        tmp_path / "m.gguf", name="Llama 3.1 Mini", license_id="llama3.1", base_repo="meta-llama/Llama-3.1-8B"
    )
    ours = read_gguf_file(str(path))
    theirs = gguf.GGUFReader(str(path))
    for key in ("general.name", "general.license", "general.base_model.0.repo_url"):
        assert ours[key] == theirs.get_field(key).contents()
    assert ours["general.tags"] == ["llama", "gguf"]


def test_gguf_in_a_model_folder_is_evidence_for_that_folder(tmp_path: Path) -> None:
    readme = card(
        license_id="llama3.1",
        base_model="meta-llama/Llama-3.1-8B-Instruct",
        title="Llama-3.1-Q",
        body="Built with Llama",
    )
    folder = model_folder(tmp_path, "q", "3.1", readme=readme)
    gguf_file(
        folder / "q.gguf", name="Llama 3.1 Q", license_id="llama3.1", base_repo="meta-llama/Llama-3.1-8B-Instruct"
    )
    (model,) = check(folder).models
    assert model.result == "pass"
    assert {e.kind for e in model.evidence} >= {"gguf", "license_text", "base_model"}


def test_corrupt_gguf_is_bad_input(tmp_path: Path, run_check) -> None:
    path = tmp_path / "broken.gguf"
    path.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\x01" * 10)
    run = run_check(str(path))
    assert run.code == 2
    assert run.err.startswith("llama-advisor: ") and "broken.gguf" in run.err and "Traceback" not in run.err


def test_adapter_whose_base_is_meta_llama_3_8b(tmp_path: Path) -> None:
    folder = tmp_path / "acme-lora"
    folder.mkdir()
    (folder / "adapter_config.json").write_text(
        json.dumps(
            {"base_model_name_or_path": "meta-llama/Meta-Llama-3-8B", "peft_type": "LORA", "r": 16, "lora_alpha": 32},
            indent=2,
        ),
        encoding="utf-8",
    )
    (folder / "adapter_model.safetensors").write_bytes(b"\x00" * 64)
    (model,) = check(folder).models
    assert model.version == "3"
    (base,) = [e for e in model.evidence if e.kind == "adapter_base"]
    assert base.where.endswith("adapter_config.json:2")
    assert model.check("license_copy").status == "fail"
    assert model.check("name_prefix").text.startswith('"acme-lora" does not begin with "Llama 3"')


def product_zip(tmp_path: Path) -> Path:
    readme = card(
        license_id="llama3.1", base_model="meta-llama/Llama-3.1-8B", title="Llama-3.1-Inside", body="Built with Llama"
    )
    folder = model_folder(tmp_path / "src", "models/llama-inside", "3.1", readme=readme)
    gguf_file(tmp_path / "src" / "models" / "extra.gguf", name="Llama 3.2 1B Tiny", license_id="llama3.2")
    archive = tmp_path / "product.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("app/main.py", "print('hello')\n")
        for file in sorted(folder.iterdir()):
            out.write(file, f"models/llama-inside/{file.name}")
        out.write(tmp_path / "src" / "models" / "extra.gguf", "models/extra.gguf")
    return archive


def test_product_zip_checks_each_model_inside(tmp_path: Path) -> None:
    result = check(product_zip(tmp_path))
    versions = {m.path.split("!")[-1]: m.version for m in result.models}
    assert versions == {"models/llama-inside": "3.1", "models": "3.2"}
    inside = next(m for m in result.models if m.version == "3.1")
    assert inside.result == "pass"
    assert inside.check("notice").evidence[0].endswith("product.zip!models/llama-inside/NOTICE:1")
    assert result.result == "fail"  # the loose GGUF has no LICENSE or NOTICE beside it


def test_zip_with_parent_paths_is_refused(tmp_path: Path, run_check) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("model/README.md", "---\nlicense: llama3.1\n---\n")
        out.writestr("../../etc/cron.d/evil", "* * * * * root true\n")
    run = run_check(str(archive))
    assert run.code == 2
    assert "path traversal" in run.err and run.out == ""


def test_zip_bomb_is_refused(tmp_path: Path, run_check) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("model/README.md", b"\0" * (64 << 20))
    run = run_check(str(archive))
    assert run.code == 2 and "zip bomb" in run.err


def test_missing_path_is_bad_input(tmp_path: Path, run_check) -> None:
    run = run_check(str(tmp_path / "nope"))
    assert (run.code, run.err.strip()) == (2, f"llama-advisor: {tmp_path / 'nope'}: no such file or folder")


def test_json_output_matches_the_schema_and_fail_on_gates(tmp_path: Path, run_check) -> None:
    archive = product_zip(tmp_path)
    run = run_check(str(archive), "--json")
    assert run.code == 0
    schema = json.loads(resource_path("schemas", "check.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(run.json, schema)
    assert run.json["result"] == "fail" and len(run.json["models"]) == 2
    assert run_check(str(archive), "--json", "--fail-on", "fail").code == 3
    assert run_check(str(archive), "--fail-on", "warn").code == 3


def test_no_llama_text_output_says_so(tmp_path: Path, run_check) -> None:
    (tmp_path / "README.md").write_text("# My app\n", encoding="utf-8")
    run = run_check(str(tmp_path))
    assert run.code == 0 and "no Llama model found" in run.out
    assert run_check(str(tmp_path), "--json").json == {"path": str(tmp_path), "result": "not_applicable", "models": []}
    assert run_check(str(tmp_path), "--fail-on", "warn").code == 0


def test_cyclonedx_bom_validates_with_the_official_library(tmp_path: Path, run_check) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    archive = product_zip(tmp_path)
    run = run_check(str(archive), "--format", "cyclonedx")
    assert run.code == 0
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(run.out) is None
    bom = json.loads(run.out)
    assert bom["specVersion"] == "1.6"
    models = {c["name"]: c for c in bom["components"]}
    assert {c["type"] for c in models.values()} == {"machine-learning-model"}
    inside = models["Llama-3.1-Inside"]
    assert inside["licenses"] == [{"expression": "LicenseRef-scancode-llama-3.1-license-2024"}]
    properties = {p["name"]: p["value"] for p in inside["properties"]}
    assert properties["llama-advisor:check:notice"] == "pass" and properties["llama-advisor:version"] == "3.1"


def test_cyclonedx_uses_name_and_url_where_scancode_has_no_key(tmp_path: Path, run_check) -> None:
    path = gguf_file(tmp_path / "scout.gguf", name="Llama 4 Scout Acme", license_id="llama4")
    bom = json.loads(run_check(str(path), "--format", "cyclonedx").out)
    (component,) = bom["components"]
    assert component["licenses"] == [
        {
            "license": {
                "name": "Llama 4 Community License Agreement",
                "url": "https://github.com/meta-llama/llama-models/blob/main/models/llama4/LICENSE",
            }
        }
    ]


def test_a_damaged_zip_entry_is_bad_input_not_a_crash(tmp_path: Path) -> None:
    import zipfile

    import pytest

    from advisor import check
    from advisor.release import InputError

    archive = tmp_path / "product.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("model/README.md", "---\nlicense: llama3.1\n---\n# Llama-3.1-Acme\n" + "text " * 2000)
        out.writestr("model/NOTICE", "Llama 3.1 is licensed under the Llama 3.1 Community License\n")
    data = bytearray(archive.read_bytes())
    start = data.index(b"model/README.md") + len("model/README.md")
    data[start + 10 : start + 60] = bytes(50)  # corrupt the compressed stream
    archive.write_bytes(bytes(data))
    with pytest.raises(InputError) as raised:
        check(archive)
    assert "product.zip" in str(raised.value) and "\n" not in str(raised.value)
