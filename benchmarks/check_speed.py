"""Whole-process timing of `llama-advisor check` on a folder with a sparse 8 GB GGUF file.

The folder holds a normal model card (Meta's Llama 3.1 card with Hub front matter),
LICENSE, NOTICE, USE_POLICY.md, config.json and an 8 GB GGUF file whose header is a
real Llama 3 size (128,256 tokens, 280,147 merges, written with llama.cpp's `gguf`
writer) and whose tensor data is a hole. `check` reads headers only, so the size of the
file must not matter. Timed against a bare `python -c pass`, alternating, medians.

Usage: python benchmarks/check_speed.py [--runs 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from common import ROOT, advisor_command, compile_advisor, paired_medians

GGUF_SIZE = 8 << 30
FRONT_MATTER = """---
language:
- en
library_name: transformers
license: llama3.1
base_model: meta-llama/Llama-3.1-8B-Instruct
model_name: Llama-3.1-Acme-8B-Instruct
pipeline_tag: text-generation
tags:
- llama-3
- gguf
---

# Llama-3.1-Acme-8B-Instruct

Built with Llama.

"""


def make_release(folder: Path) -> Path:
    import gguf
    import numpy as np

    licenses = ROOT / "resources" / "licenses"
    (folder / "README.md").write_text(
        FRONT_MATTER + (licenses / "llama3_1-MODEL_CARD.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "LICENSE").write_bytes((licenses / "llama3_1-LICENSE.txt").read_bytes())
    (folder / "USE_POLICY.md").write_bytes((licenses / "llama3_1-USE_POLICY.md").read_bytes())
    (folder / "NOTICE").write_text(
        "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc."
        " All Rights Reserved.\n",
        encoding="utf-8",
    )
    (folder / "config.json").write_text('{"architectures": ["LlamaForCausalLM"], "vocab_size": 128256}\n')
    path = folder / "llama-3.1-acme-8b-instruct.Q8_0.gguf"
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("Llama 3.1 Acme 8B Instruct")
    writer.add_license("llama3.1")
    writer.add_base_model_count(1)
    writer.add_base_model_repo_url(0, "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct")
    writer.add_tokenizer_model("gpt2")
    writer.add_token_list([f"token-{i}" for i in range(128256)])
    writer.add_token_merges([f"a{i} b{i}" for i in range(280147)])
    writer.add_tensor("token_embd.weight", np.zeros((16, 16), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with path.open("r+b") as handle:
        handle.truncate(GGUF_SIZE)  # sparse: the tensor data is a hole
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    compile_advisor()
    with tempfile.TemporaryDirectory() as temporary:
        folder = make_release(Path(temporary))
        bare = [sys.executable, "-c", "pass"]
        check = [*advisor_command(), "check", str(folder), "--json"]
        bare_median, check_median = paired_medians(bare, check, args.runs)
    print(f"python -c pass                     median {bare_median * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"check FOLDER --json (8 GB GGUF)    median {check_median * 1000:7.1f} ms  ({args.runs} runs, alternating)")
    print(f"ratio                              {check_median / bare_median:7.2f}x  (target: under 300 ms absolute)")


if __name__ == "__main__":
    main()
