"""A quote keeps its sentence: `validate` refuses one cut inside a sentence or without its opening condition."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.model import KnowledgeBase
from advisor.resources import resources_dir
from advisor.rules import KnowledgeError, load_knowledge_base
from advisor.rules.citations import cut_problem, missing_citations, normalise_whitespace, quote_starts

FAQ = resources_dir() / "faq" / "meta-llama-faq.txt"
GENERAL_CONTACT = (
    "If you are a researcher, academic institution, government agency, government partner, or other entity with a"
    " Llama use case that is currently prohibited by the Llama Community License or Acceptable Use Policy, or"
    " requires additional clarification, please contact llamamodels@meta.com with a detailed request."
)


def document(name: str) -> str:
    return (resources_dir() / name).read_text(encoding="utf-8")


def cut(name: str, quote: str) -> str | None:
    starts = quote_starts(document(name))
    assert normalise_whitespace(quote) in starts.text, "the test quote must be verbatim"
    return cut_problem(starts, quote)


@pytest.fixture()
def resources_copy(tmp_path: Path) -> Path:
    target = tmp_path / "resources"
    for name in ("knowledge", "licenses", "faq"):
        shutil.copytree(resources_dir() / name, target / name)
    return target


def edit(root: Path, name: str, old: str, new: str) -> int:
    """Replace the one `old` in knowledge/name; return the 1-based line it was on."""
    path = root / "knowledge" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture text {old!r} is not once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


# ---------------------------------------------------------------- the defect of issue 21


def test_eu_contact_meta_quotes_the_general_contact_sentence(kb: KnowledgeBase) -> None:
    """The FAQ's EU answer begins "Yes, if you are a company … outside of the EU": not for those the rule is for."""
    rule = next(r for r in kb.rules if r.id == "EU-CONTACT-META")
    assert rule.source.source is not None
    assert rule.source.source.quote == GENERAL_CONTACT
    assert rule.source.source.fragment == ""
    assert "llamamodels@meta.com" in rule.text
    assert "standard global distribution" not in rule.source.source.quote


def test_the_old_eu_contact_quote_is_refused_with_its_file_and_line(resources_copy: Path) -> None:
    old = (
        "you may distribute products or services that contain the Llama multimodal models in accordance with your"
        " standard global distribution business practices (for additional clarification, please contact"
        " llamamodels@meta.com)"
    )
    line = edit(
        resources_copy, "rules.yaml", f"quote: {GENERAL_CONTACT}\n\n  - id: EU-TEXT", f"quote: {old}\n\n  - id: EU-TEXT"
    )
    problems = missing_citations(load_knowledge_base(resources_copy), resources_copy)
    rules = resources_copy / "knowledge" / "rules.yaml"
    assert problems == [
        f"{rules}:{line}: EU-CONTACT-META: the quote leaves out the opening condition of its sentence:"
        " 'Yes, if you are a company with a principal place of business outside of the EU,'; quote its"
        " sentence from the start, or give the reason it may stand cut as `fragment:`"
    ]


def test_validate_refuses_a_cut_quote_and_exits_2(resources_copy: Path) -> None:
    quote = "please contact llamamodels@meta.com with a detailed request. We will consider requests on a case-by-case basis."
    line = edit(
        resources_copy,
        "rules.yaml",
        f"quote: {GENERAL_CONTACT} We will",
        "quote: please contact llamamodels@meta.com with a detailed request. We will",
    )
    assert quote in (resources_copy / "knowledge" / "rules.yaml").read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "validate"],
        capture_output=True,
        text=True,
        env=dict(os.environ, LLAMA_ADVISOR_RESOURCES=str(resources_copy), PYTHONIOENCODING="utf-8"),
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    rules = resources_copy / "knowledge" / "rules.yaml"
    assert done.stderr.startswith(
        f"llama-advisor: {rules}:{line}: REQUEST-LICENSE: the quote leaves out the opening condition of its"
        " sentence: 'If you are a researcher,"
    ), done.stderr


# ---------------------------------------------------------------- fragments


def test_a_fragment_needs_its_reason_in_the_yaml(resources_copy: Path) -> None:
    old = "        fragment: 'Item (B) of §1.b.i. Its condition, \"If you"
    text = (resources_copy / "knowledge" / "versions.yaml").read_text(encoding="utf-8")
    first = text.index(old)
    end = text.index("\n", first)
    line = text[:first].count("\n") + 1
    (resources_copy / "knowledge" / "versions.yaml").write_text(text[:first] + text[end + 1 :], encoding="utf-8")
    problems = missing_citations(load_knowledge_base(resources_copy), resources_copy)
    versions = resources_copy / "knowledge" / "versions.yaml"
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{versions}:{line - 1}: 3 clause built_with: the quote leaves out the opening condition of its sentence:"
        " 'If you distribute or make available the Llama Materials (or any derivative works thereof),"
    )
    assert problems[0].endswith("or give the reason it may stand cut as `fragment:`")


def test_an_empty_fragment_reason_is_a_structure_error(resources_copy: Path) -> None:
    line = edit(
        resources_copy,
        "rules.yaml",
        "      section: Critical infrastructure\n",
        "      section: Critical infrastructure\n      fragment: ''\n",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_base(resources_copy)
    assert str(caught.value).startswith(
        f"{resources_copy / 'knowledge' / 'rules.yaml'}:{line + 1}: expected non-empty text"
    )


def test_a_fragment_mark_on_a_whole_sentence_is_refused(resources_copy: Path) -> None:
    line = edit(
        resources_copy,
        "rules.yaml",
        "      section: Critical infrastructure\n",
        "      section: Critical infrastructure\n      fragment: not really\n",
    )
    problems = missing_citations(load_knowledge_base(resources_copy), resources_copy)
    assert problems == [
        f"{resources_copy / 'knowledge' / 'rules.yaml'}:{line + 1}: CRITICAL-INFRASTRUCTURE-FAQ: the quote is"
        " marked as a fragment but stands whole in its sentence: drop `fragment:`"
    ]


def test_the_fragment_reason_stays_out_of_the_assessment_json(kb: KnowledgeBase) -> None:
    source = kb.versions["3.1"].clauses["built_with"]
    assert source.fragment.startswith("Item (B) of §1.b.i.")
    assert source.to_dict() == {"document": source.document, "section": source.section, "quote": source.quote}
    assert "fragment" not in source.cited("title")


def test_every_shipped_fragment_is_item_b_of_the_built_with_clause(kb: KnowledgeBase) -> None:
    marked = {
        (version.id, name) for version in kb.versions.values() for name, s in version.clauses.items() if s.fragment
    }
    marked |= {(r.id, "") for r in kb.rules if r.source.source is not None and r.source.source.fragment}
    marked |= {(q.id, "") for q in kb.questions if q.source.source is not None and q.source.source.fragment}
    marked |= {(c.id, v) for c in kb.aup_categories.values() for v, s in c.texts.items() if s.fragment}
    assert marked == {(v, "built_with") for v in ("3", "3.1", "3.2", "3.3", "4")}


# ---------------------------------------------------------------- where a quote may start


LLAMA_3_2 = "licenses/llama3_2-LICENSE.txt"


@pytest.mark.parametrize(
    ("name", "quote"),
    [
        (
            LLAMA_3_2,
            "If, on the Llama 3.2 version release date, the monthly active users",
        ),  # after a heading "2. … Terms."
        (LLAMA_3_2, "2. Additional Commercial Terms."),  # a section number
        (LLAMA_3_2, "b. Subject to Meta’s ownership of Llama Materials"),  # from its marker
        (LLAMA_3_2, "Subject to Meta’s ownership of Llama Materials"),  # after its marker
        ("licenses/llama2-LICENSE.txt", "Llama 2 Version Release Date: July 18, 2023"),  # after a title in capitals
        ("licenses/llama2-LICENSE.txt", "You will not use the Llama Materials or any output"),  # after "v."
        ("licenses/llama1-MODEL_CARD.md", "This is version 1 of the model."),  # after a "**…**" heading
        ("licenses/llama3_1-USE_POLICY.md", "Violence or terrorism"),  # a "*" bullet
        ("licenses/llama2-USE_POLICY.md", "Violate the law or others’ rights, including to:"),  # a "1." item
        ("faq/meta-llama2-faq.txt", "On a limited case by case basis"),  # after "A:"
        ("faq/meta-llama-faq.txt", "Developer builds a GenAI tool using Llama 3.1-405B"),  # after "Example 1:"
        ("licenses/llama1-LICENSE_WEIGHTS.UNOFFICIAL-unmerged-PR234.txt", "a. use, modify, copy, reproduce"),
        ("licenses/llama1-LICENSE_WEIGHTS.UNOFFICIAL-unmerged-PR234.txt", "(ii) military purposes"),
    ],
)
def test_quotes_may_start_at_a_sentence_or_an_enumerated_item(name: str, quote: str) -> None:
    assert cut(name, quote) is None


@pytest.mark.parametrize(
    ("name", "quote", "problem"),
    [
        (LLAMA_3_2, "you must request a license from Meta", "leaves out the opening condition"),
        (LLAMA_3_2, "prominently display “Built with Llama”", "leaves out the opening condition"),
        (LLAMA_3_2, "(A) provide a copy of this Agreement", "leaves out the opening condition"),  # item (A)
        (LLAMA_3_2, "with respect to any derivative works and modifications", "leaves out the opening condition"),
        (LLAMA_3_2, "then any licenses granted to you under this Agreement shall terminate", "leaves out the opening"),
        (LLAMA_3_2, "THE LLAMA MATERIALS AND ANY OUTPUT AND RESULTS THEREFROM", "leaves out the opening condition"),
        (LLAMA_3_2, "Section 2 of this Agreement will not apply to you.", "leaves out the opening condition"),
        (LLAMA_3_2, "non-exclusive, worldwide, non-transferable", "starts inside a sentence"),
        (LLAMA_3_2, "(if you are located outside of the EEA or Switzerland)", "starts inside a sentence"),  # "Inc."
        (LLAMA_3_2, "neither Meta nor Licensee may use any name or mark", "starts inside a sentence"),
        ("licenses/llama2-LICENSE.txt", "modification of the Llama Materials set forth herein.", "starts inside"),
        ("licenses/llama2-LICENSE.txt", "Meta Platforms, Inc. All Rights Reserved.", "starts inside a sentence"),
        ("licenses/llama2-LICENSE.txt", "Meta Platforms, Inc. (if you are located", "starts inside a sentence"),
        ("faq/meta-llama-faq.txt", "you may distribute products or services", "leaves out the opening condition"),
        ("faq/meta-llama-faq.txt", "please contact llamamodels@meta.com with a detailed", "leaves out the opening"),
        ("faq/meta-llama-faq.txt", "that developer must include “Llama” at the beginning", "leaves out the opening"),
        ("faq/meta-llama-faq.txt", "Meta cannot access, view, or use your inputs or outputs.", "leaves out the"),
        ("faq/meta-llama-faq.txt", "this is allowed provided you include", "starts inside a sentence"),
        ("faq/meta-llama-faq.txt", "Llama 3.1 and Llama 3.2 (for text to text applications)", "starts inside"),
        (  # a lone "(c)" is no enumerated item
            "licenses/llama1-LICENSE_WEIGHTS.UNOFFICIAL-unmerged-PR234.txt",
            "(c) Meta Platforms, Inc. All Rights Reserved.",
            "starts inside a sentence",
        ),
        (  # after a semicolon inside an enumerated clause, no new item starts
            "licenses/llama1-LICENSE_WEIGHTS.UNOFFICIAL-unmerged-PR234.txt",
            "any such assignment or sublicense will be void",
            "starts inside a sentence",
        ),
    ],
)
def test_quotes_cut_inside_a_sentence_or_after_its_condition_are_refused(name: str, quote: str, problem: str) -> None:
    found = cut(name, quote)
    assert found is not None and found.startswith(problem), found


def test_yes_if_counts_as_an_opening_condition() -> None:
    starts = quote_starts("Can we ship it?\nYes, if you are outside the EU, you may ship it. Ask us.\n")
    assert cut_problem(starts, "you may ship it.") == (
        "leaves out the opening condition of its sentence: 'Yes, if you are outside the EU,'"
    )
    assert cut_problem(starts, "Yes, if you are outside the EU, you may ship it.") is None
    assert cut_problem(starts, "Ask us.") is None


def test_abbreviations_and_wrapped_lines_start_nothing() -> None:
    text = "Use it for research, i.e. Study of\nmodels. Keep it (e.g. Offline) safe.\nNo. 5 holds.\n"
    starts = quote_starts(text)
    assert cut_problem(starts, "Study of models.") is not None  # after "i.e."
    assert cut_problem(starts, "models. Keep it") is not None  # a line the text was wrapped onto
    assert cut_problem(starts, "Keep it (e.g. Offline) safe.") is None
    assert cut_problem(starts, "Offline) safe.") is not None  # after "e.g."
    assert cut_problem(starts, "5 holds.") is not None  # after "No."


def test_a_list_item_after_a_wrapped_line_needs_its_list() -> None:
    text = "It applies under section\n7. This is wrapped.\n\nYou shall:\n1. Ask\n2. Wait\n"
    starts = quote_starts(text)
    assert cut_problem(starts, "This is wrapped.") is None  # "7." ends a sentence here
    assert cut_problem(starts, "7. This is wrapped.") is not None  # but "7." starts no item
    assert cut_problem(starts, "Ask") is None and cut_problem(starts, "2. Wait") is None


def test_the_normalised_text_is_the_one_quotes_are_compared_with() -> None:
    for name in ("licenses/llama2-LICENSE.txt", "licenses/llama3_1-USE_POLICY.md", "faq/meta-llama2-faq.txt"):
        text = document(name)
        assert quote_starts(text).text == normalise_whitespace(text), name
    assert quote_starts("  a\n\n  b  ").text == "a b"


def test_the_changed_quotes_keep_their_sentences(kb: KnowledgeBase) -> None:
    """Issue 21's review: each quote that was cut now starts where its sentence (or list item) starts."""
    by_id = {r.id: r.source.source for r in kb.rules if r.source.source is not None}
    assert by_id["REQUEST-LICENSE"].quote == f"{GENERAL_CONTACT} We will consider requests on a case-by-case basis."
    assert by_id["EU-TEXT-ONLY-MODELS"].quote.startswith("The Llama 3.2 collection of multilingual large language")
    assert by_id["L1-UNOFFICIAL-RISKS"].quote.startswith("You will not, and will not permit, assist or cause any")
    assert missing_citations(kb) == []
