"""The tolerant YAML door (model cards' front matter): PyYAML's reading, within the advisor's limits."""

from __future__ import annotations

import time

import pytest
import yaml

from advisor.release.card import read_card
from advisor.rules.yamlsource import (
    TOLERANT_MAX_CHARS,
    YamlSyntaxError,
    YamlValueError,
    parse_tolerant_yaml,
)

# Nine levels of ten aliases: 10**9 values once expanded, in under a kilobyte.
LAUGHS = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]\n" for level in range(1, 9)
)


@pytest.mark.parametrize(
    "text",
    [
        "license: llama3.1\nbase_model:\n- meta-llama/Llama-3.1-8B\ntags: [a, b]\n",
        "license: mit\nlicense: llama3.1\n",  # a key given twice: the last one, as PyYAML reads it
        "languages: &langs [en, de]\nwidget_languages: *langs\n",  # aliases a card tool may write
        "model-index:\n- name: x\n  results: []\ndate: 2024-07-23\ncount: 0750\n",
        "",
    ],
)
def test_real_card_front_matter_reads_as_pyyaml_reads_it(text: str) -> None:
    assert parse_tolerant_yaml(text) == yaml.safe_load(text)


def test_an_alias_bomb_is_refused_at_once() -> None:
    started = time.perf_counter()
    with pytest.raises(YamlValueError, match="once its aliases are expanded") as caught:
        parse_tolerant_yaml(LAUGHS)
    assert caught.value.line is not None and caught.value.line <= 9
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("&a [*a]", "contains itself"),
        ("[" * 60 + "]" * 60, "nested more than 50 levels"),
        ("".join("  " * level + f"k{level}:\n" for level in range(60)), "nested more than 50 levels"),
        ("x: !!python/object/apply:os.system [echo]\n", "could not determine a constructor"),
        ("license: [llama3.1\n", "did not find expected"),
        ("date: 2023-02-30\n", "cannot be read"),
        ("x: " + "y" * TOLERANT_MAX_CHARS, "longer than"),
    ],
)
def test_what_is_refused(text: str, message: str) -> None:
    with pytest.raises(YamlSyntaxError, match=message):
        parse_tolerant_yaml(text)


def test_a_card_whose_front_matter_is_refused_keeps_its_title() -> None:
    card = read_card(f"---\n{LAUGHS}license: llama3.1\n---\n\n# Llama-3.1-Acme\n")
    assert card.meta == {} and card.problem is not None and "aliases" in card.problem
    assert (card.title, card.title_line) == ("Llama-3.1-Acme", 14)
    assert card.meta_lines["license"] == 11
