"""Realistic release fixtures: Hugging Face-style model folders, GGUF files, adapters, zips."""

from __future__ import annotations

import json
from pathlib import Path

from advisor.resources import resource_path

LICENSE_FILES = {
    "2": "llama2-LICENSE.txt",
    "3": "llama3-LICENSE.txt",
    "3.1": "llama3_1-LICENSE.txt",
    "3.2": "llama3_2-LICENSE.txt",
    "3.3": "llama3_3-LICENSE.txt",
    "4": "llama4-LICENSE.txt",
}
POLICY_FILES = {v: f.replace("LICENSE.txt", "USE_POLICY.md") for v, f in LICENSE_FILES.items()}
NOTICES = {
    "2": "Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta Platforms, Inc. All Rights Reserved.",
    "3": "Meta Llama 3 is licensed under the Meta Llama 3 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
    "3.1": "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
}
HUB_IDS = {"2": "llama2", "3": "llama3", "3.1": "llama3.1", "3.2": "llama3.2", "3.3": "llama3.3", "4": "llama4"}


def license_text(version: str) -> str:
    return resource_path("licenses", LICENSE_FILES[version]).read_text(encoding="utf-8")


def policy_text(version: str) -> str:
    return resource_path("licenses", POLICY_FILES[version]).read_text(encoding="utf-8")


def card(
    *,
    license_id: str | None,
    base_model: str | None,
    title: str,
    body: str,
    model_name: str | None = None,
    extra: str = "",
) -> str:
    lines = ["---", "language:", "- en", "library_name: transformers", "pipeline_tag: text-generation"]
    if license_id:
        lines.append(f"license: {license_id}")
    if base_model:
        lines += ["base_model:", f"- {base_model}"]
    if model_name:
        lines.append(f"model_name: {model_name}")
    lines += ["tags:", "- llama", "- fine-tuned", "- conversational"]
    if extra:
        lines.append(extra)
    lines += ["---", "", f"# {title}", "", body, ""]
    return "\n".join(lines)


def model_folder(
    root: Path,
    folder: str,
    version: str,
    *,
    readme: str | None,
    license: str | None = "shipped",
    notice: str | None = "shipped",
    notice_name: str = "NOTICE",
    use_policy: bool = True,
    config: dict | None = None,
) -> Path:
    path = root / folder
    path.mkdir(parents=True)
    if readme is not None:
        (path / "README.md").write_text(readme, encoding="utf-8")
    if license == "shipped":
        (path / "LICENSE").write_text(license_text(version), encoding="utf-8")
    elif license is not None:
        (path / "LICENSE").write_text(license, encoding="utf-8")
    if notice == "shipped":
        (path / notice_name).write_text(NOTICES[version] + "\n", encoding="utf-8")
    elif notice is not None:
        (path / notice_name).write_text(notice, encoding="utf-8")
    if use_policy:
        (path / "USE_POLICY.md").write_text(policy_text(version), encoding="utf-8")
    config = config or {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "hidden_size": 4096,
        "vocab_size": 128256,
        "torch_dtype": "bfloat16",
    }
    (path / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    (path / "generation_config.json").write_text('{"do_sample": true, "temperature": 0.6}', encoding="utf-8")
    return path


def gguf_file(path: Path, *, name: str, license_id: str | None, base_repo: str | None = None, vocab: int = 64) -> Path:
    """A GGUF file written with llama.cpp's own writer: metadata and one tiny tensor."""
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_basename(name.split(" ")[0])
    if license_id:
        writer.add_license(license_id)
    if base_repo:
        writer.add_base_model_count(1)
        writer.add_base_model_name(0, base_repo.split("/")[-1])
        writer.add_base_model_organization(0, base_repo.split("/")[0])
        writer.add_base_model_repo_url(0, f"https://huggingface.co/{base_repo}")
    writer.add_tags(["llama", "gguf"])
    writer.add_context_length(8192)
    writer.add_tokenizer_model("gpt2")
    writer.add_token_list([f"tok{i}" for i in range(vocab)])
    writer.add_tensor("token_embd.weight", np.zeros((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
