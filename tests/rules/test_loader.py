"""The loader rejects a broken knowledge base with file, line and what is wrong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from advisor.resources import resources_dir
from advisor.rules import KnowledgeError, load_knowledge_base


@pytest.fixture()
def resources_copy(tmp_path: Path) -> Path:
    target = tmp_path / "resources"
    shutil.copytree(resources_dir(), target)
    return target


def edit(root: Path, name: str, old: str, new: str) -> int:
    """Replace the first `old` in knowledge/name; return the 1-based line it was on."""
    path = root / "knowledge" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def load_error(root: Path) -> KnowledgeError:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_base(root)
    return caught.value


def test_the_shipped_knowledge_base_loads() -> None:
    kb = load_knowledge_base()
    assert kb.ruleset_version and len(kb.sha256) == 64
    assert [q.id for q in kb.questions][:4] == ["version", "weights_from_meta", "commercial", "role"]


def test_unknown_key_is_reported_with_file_line_and_suggestion(resources_copy: Path) -> None:
    line = edit(resources_copy, "rules.yaml", "    verdict: license_required\n", "    verdcit: license_required\n")
    error = load_error(resources_copy)
    assert error.file.endswith("rules.yaml") and error.line == line
    assert 'unknown key "verdcit"' in str(error) and 'did you mean "verdict"' in str(error)
    assert str(error).startswith(f"{error.file}:{line}: ")


def test_condition_naming_an_unknown_question(resources_copy: Path) -> None:
    line = edit(resources_copy, "rules.yaml", "{answer: mau, gt: 700000000}", "{answer: maus, gt: 700000000}")
    error = load_error(resources_copy)
    assert error.line == line and 'unknown or later question "maus"' in error.message
    assert 'did you mean "mau"' in error.message


def test_relevance_may_not_depend_on_a_later_question(resources_copy: Path) -> None:
    line = edit(
        resources_copy,
        "questions.yaml",
        'relevant_when: {answer: version, ne: "1"}\n',
        "relevant_when: {answer: distributes, eq: true}\n",
    )
    error = load_error(resources_copy)
    assert error.file.endswith("questions.yaml") and error.line == line
    assert 'later question "distributes"' in error.message


def test_unknown_document_in_a_citation(resources_copy: Path) -> None:
    line = edit(resources_copy, "rules.yaml", "document: meta-llama2-faq", "document: meta-llama9-faq")
    error = load_error(resources_copy)
    assert error.line == line and 'unknown document "meta-llama9-faq"' in error.message


def test_duplicate_rule_id(resources_copy: Path) -> None:
    line = edit(resources_copy, "rules.yaml", "- id: MAU-WITHIN-THRESHOLD", "- id: MAU-OVER-THRESHOLD")
    error = load_error(resources_copy)
    assert error.line == line and 'duplicate rule id "MAU-OVER-THRESHOLD"' in error.message


def test_duplicate_question_id(resources_copy: Path) -> None:
    line = edit(resources_copy, "questions.yaml", "- id: mau\n", "- id: eu\n")
    error = load_error(resources_copy)
    assert error.line == line and 'duplicate question id "eu"' in error.message


def test_unknown_clause_and_placeholder(resources_copy: Path) -> None:
    line = edit(resources_copy, "rules.yaml", "source: {clause: grant}", "source: {clause: grants}")
    error = load_error(resources_copy)
    assert error.line == line and 'unknown clause "grants"' in error.message


def test_unknown_placeholder_in_rule_text(resources_copy: Path) -> None:
    edit(resources_copy, "rules.yaml", "You reported {mau} monthly", "You reported {maus} monthly")
    assert 'unknown placeholder "{maus}"' in load_error(resources_copy).message


def test_yaml_syntax_error_has_a_line(resources_copy: Path) -> None:
    line = edit(resources_copy, "aup.yaml", "- id: spam\n", "- id: [spam\n")
    error = load_error(resources_copy)
    assert error.file.endswith("aup.yaml") and error.line is not None and error.line >= line


def test_python_tags_are_refused_not_executed(resources_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    rules = (resources_copy / "knowledge" / "rules.yaml").read_text(encoding="utf-8")
    version_line = re.search(r"^ruleset_version: .*$", rules, re.MULTILINE)
    assert version_line is not None
    edit(
        resources_copy,
        "rules.yaml",
        version_line.group(0),
        f'ruleset_version: !!python/object/apply:os.system ["touch {marker}"]',
    )
    error = load_error(resources_copy)
    assert error.file.endswith("rules.yaml") and error.line is not None
    assert not marker.exists()


def test_unknown_verdict_word(resources_copy: Path) -> None:
    edit(resources_copy, "rules.yaml", "verdict: license_required", "verdict: licence_required")
    assert 'unknown verdict "licence_required"' in load_error(resources_copy).message


def test_missing_document_file(resources_copy: Path) -> None:
    (resources_copy / "licenses" / "llama4-USE_POLICY.md").unlink()
    error = load_error(resources_copy)
    assert error.file.endswith("documents.yaml") and "llama4-USE_POLICY.md" in error.message


def test_unknown_obligation_among_those_binding_every_user(resources_copy: Path) -> None:
    line = edit(
        resources_copy, "rules.yaml", "binds_every_user: [acceptable_use]", "binds_every_user: [acceptable_uses]"
    )
    error = load_error(resources_copy)
    assert error.line == line and 'unknown obligation "acceptable_uses"' in error.message
    assert '(did you mean "acceptable_use"?)' in error.message


def test_a_key_given_twice_in_the_knowledge_base_names_both_lines(resources_copy: Path) -> None:
    edit(resources_copy, "rules.yaml", "ruleset_version:", 'ruleset_version: "x"\nruleset_version:')
    error = load_error(resources_copy)
    assert "given twice, on lines" in error.message


def test_every_release_check_needs_its_label(resources_copy: Path) -> None:
    """The desktop advisor names each check from check_labels: one missing is an error, not a blank."""
    line = edit(resources_copy, "rules.yaml", "  license_id: License id in the card\n", "")
    error = load_error(resources_copy)
    assert error.file.endswith("rules.yaml") and "license_id" in error.message
    assert error.line is not None and abs(error.line - line) <= 7
    assert load_knowledge_base().check_labels["license_id"] == "License id in the card"
