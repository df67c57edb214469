"""wording.yaml and the code that prints it: every key the code asks for exists and is given the
placeholders its text uses, no text is left unused, and a bad placeholder is refused with file:line."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from advisor.model import KnowledgeBase
from advisor.resources import resources_dir
from advisor.rules import KnowledgeError, load_knowledge_base
from advisor.rules.first_page import first_page
from advisor.rules.wording import placeholders_of

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "advisor"
TEMPLATES = ROOT / "resources" / "templates"
KEY = re.compile(r"[a-z][a-z0-9_]*\.[a-z0-9_]+")
SAYERS = {"say", "bold", "spans"}
"""Calls whose arguments name a wording key: say(...), kb's Wording(...)(...), .spans(...), pages.py's bold(...)."""
FILE_SUFFIXES = {"yaml", "yml", "json", "md", "txt", "py", "j2", "gguf", "zip", "pdf", "html", "docx"}
"""A file name such as answers.yaml looks like a key of a wording group; it is not one."""
MAPPINGS = {"wording", "say", "w"}
"""Names that hold kb.wording itself: wording["group.key"]."""


class Use(NamedTuple):
    where: str  # file:line
    key: str
    given: frozenset[str] | None  # the placeholders the call fills in; None when it cannot be told


def _keys_in(node: ast.AST) -> list[str]:
    """The literal keys an expression may give: "a.b", or each branch of `"a.b" if c else "c.d"`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.fullmatch(node.value):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _keys_in(node.body) + _keys_in(node.orelse)
    return []


def _prefix_of(node: ast.AST) -> str | None:
    """The fixed start of an f-string key (f"details.{key}" -> "details.")."""
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        start = str(node.values[0].value)
        return start if "." in start else None
    return None


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call) and _name(node.func) in ("Wording", "MarkdownWording"):
        return "say"  # Wording(kb.wording)("group.key")
    return ""


def _given(call: ast.Call | None) -> frozenset[str] | None:
    if call is None:
        return frozenset()
    if any(keyword.arg is None for keyword in call.keywords):
        return None  # **values
    return frozenset(str(keyword.arg) for keyword in call.keywords)


def python_uses() -> tuple[list[Use], set[str], set[str]]:
    """(each key asked for, with the placeholders given; f-string key prefixes; every key-like
    string in the code) over advisor/."""
    uses: list[Use] = []
    prefixes: set[str] = set()
    literals: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if not isinstance(parents.get(id(node)), ast.JoinedStr):  # f"group.{x}" is a prefix, not a key
                literals.update(_keys_in(node))
            if isinstance(node, ast.Call) and _name(node.func) in SAYERS:
                for arg in node.args:
                    uses += [Use(f"{where}:{node.lineno}", key, _given(node)) for key in _keys_in(arg)]
                    prefixes.update(filter(None, [_prefix_of(arg)]))
            elif isinstance(node, ast.Subscript) and _name(node.value) in MAPPINGS:
                # wording["group.key"], or wording["group.key"].format(...)
                parent = parents.get(id(node))
                grand = parents.get(id(parent)) if parent is not None else None
                formatted = (
                    grand
                    if isinstance(parent, ast.Attribute) and parent.attr == "format" and isinstance(grand, ast.Call)
                    else None
                )
                uses += [Use(f"{where}:{node.lineno}", key, _given(formatted)) for key in _keys_in(node.slice)]
                prefixes.update(filter(None, [_prefix_of(node.slice)]))
    return uses, prefixes, literals


_SAY_CALL = re.compile(r"\bsay\(")
_QUOTED_KEY = re.compile(r'"([a-z][a-z0-9_]*\.[a-z0-9_]+)"')


def _call_text(text: str, start: int) -> str:
    """The text of a call from its opening parenthesis to the matching closing one."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return text[start : index + 1]
    raise AssertionError(f"unbalanced call at {start}")


def _without_comments(text: str) -> str:
    """A template without its {# comments #} (their lines kept, so line numbers stay right)."""
    return re.sub(r"\{#.*?#\}", lambda match: "\n" * match.group(0).count("\n"), text, flags=re.DOTALL)


def template_uses() -> list[Use]:
    """Each say("group.key", name=...) of the templates, with the names given to it."""
    uses: list[Use] = []
    for path in sorted(TEMPLATES.glob("*.j2")):
        text = _without_comments(path.read_text(encoding="utf-8"))
        for match in _SAY_CALL.finditer(text):
            call = _call_text(text, match.end() - 1)
            inner = call[1:-1]
            # the call's own arguments, without those of a say() nested in them
            own = re.sub(r"say\([^()]*\)", "", inner)
            given = frozenset(re.findall(r"\b([a-z_]+)=", own))
            head = own.split(",")[0] if "," in own else own
            line = text[: match.start()].count("\n") + 1
            where = f"{path.relative_to(ROOT)}:{line}"
            uses += [Use(where, key, given) for key in _QUOTED_KEY.findall(head)]
    return uses


@pytest.fixture(scope="module")
def scanned() -> tuple[list[Use], set[str], set[str]]:
    uses, prefixes, literals = python_uses()
    return uses + template_uses(), prefixes, literals


def test_the_scan_finds_the_known_kinds_of_use(scanned: tuple[list[Use], set[str], set[str]]) -> None:
    """The scan itself: it sees a call, a subscript, a template's say() and an f-string prefix."""
    uses, prefixes, _ = scanned
    keys = {use.key for use in uses}
    assert {"check.license_fix", "verdict.not_legal_advice", "attribution.needed", "questions.intro"} <= keys
    assert {"markers.", "details."} <= prefixes
    assert any(use.where.startswith("resources/templates/NOT-LICENSED.md.j2") for use in uses)


def test_every_key_the_code_asks_for_exists(kb: KnowledgeBase, scanned: tuple[list[Use], set[str], set[str]]) -> None:
    uses, prefixes, literals = scanned
    missing = sorted(f"{use.where}: {use.key}" for use in uses if use.key not in kb.wording)
    assert not missing, "keys not in wording.yaml:\n" + "\n".join(missing)
    groups = {key.split(".")[0] for key in kb.wording}
    stray = sorted(
        key
        for key in literals
        if key.split(".")[0] in groups and key not in kb.wording and key.rsplit(".")[-1] not in FILE_SUFFIXES
    )
    assert not stray, f"strings in advisor/ that look like wording keys but are not in wording.yaml: {stray}"
    empty = sorted(prefix for prefix in prefixes if not any(key.startswith(prefix) for key in kb.wording))
    assert not empty, f"f-string keys with no wording.yaml text to match: {empty}"


def test_every_call_fills_in_the_placeholders_of_its_text(
    kb: KnowledgeBase, scanned: tuple[list[Use], set[str], set[str]]
) -> None:
    uses, _, _ = scanned
    unfilled = sorted(
        f"{use.where}: {use.key} needs {sorted(set(placeholders_of(kb.wording[use.key])) - use.given)}"
        for use in uses
        if use.key in kb.wording
        and use.given is not None
        and not set(placeholders_of(kb.wording[use.key])) <= use.given
    )
    assert not unfilled, "placeholders left unfilled (a KeyError when printed):\n" + "\n".join(unfilled)


def test_no_wording_is_left_unused(kb: KnowledgeBase, scanned: tuple[list[Use], set[str], set[str]]) -> None:
    uses, prefixes, literals = scanned
    used = {use.key for use in uses} | literals
    for path in TEMPLATES.glob("*.j2"):
        used |= set(_QUOTED_KEY.findall(_without_comments(path.read_text(encoding="utf-8"))))
    unused = sorted(key for key in kb.wording if key not in used and not key.startswith(tuple(prefixes)))
    assert not unused, f"wording.yaml texts nothing prints (remove them, or use them): {unused}"


@pytest.fixture()
def resources_copy(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "resources"
    shutil.copytree(resources_dir(), target, ignore=shutil.ignore_patterns("compiled", "parsed.json"))
    yield target


def _break_a_placeholder(root: Path) -> int:
    """Put an unknown placeholder into check.license_fix; return its line in wording.yaml."""
    path = root / "knowledge" / "wording.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  license_fix: Ship the {title},"
    assert old in text
    path.write_text(text.replace(old, "  license_fix: Ship the {titel},"), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_an_unknown_placeholder_is_refused_with_file_and_line(resources_copy: Path) -> None:
    line = _break_a_placeholder(resources_copy)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_base(resources_copy)
    assert caught.value.file.endswith("wording.yaml") and caught.value.line == line
    assert f"wording.yaml:{line}: " in str(caught.value) and '"{titel}"' in str(caught.value)
    assert 'did you mean "title"' in str(caught.value)


def test_validate_reports_an_unknown_placeholder(resources_copy: Path) -> None:
    line = _break_a_placeholder(resources_copy)
    env = {**os.environ, "LLAMA_ADVISOR_RESOURCES": str(resources_copy)}
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "validate"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode != 0 and not done.stdout
    assert f"wording.yaml:{line}: unknown placeholder" in done.stderr


def test_the_first_page_reads_what_the_knowledge_base_holds(kb: KnowledgeBase, resources_copy: Path) -> None:
    page = first_page()
    assert dict(page.wording) == dict(kb.wording)
    assert page.versions == tuple(facts.name for facts in kb.versions.values())
    wording = resources_copy / "knowledge" / "wording.yaml"
    wording.write_text(wording.read_text(encoding="utf-8").replace("prohibited: prohibited", "prohibited: forbidden"))
    assert first_page(resources_copy).wording["intro.prohibited"] == "forbidden"  # an edited file is read again


def test_the_first_page_reads_a_current_snapshot_without_yaml(resources_copy: Path) -> None:
    from advisor.rules.write_snapshot import write_snapshot

    write_snapshot(resources_copy)
    probe = (
        "import sys; from pathlib import Path; from advisor.rules.first_page import first_page\n"
        f"page = first_page(Path({str(resources_copy)!r}))\n"
        "print(page.versions[-1], 'yaml' in sys.modules, 'advisor.rules.loader' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split()[-2:] == ["False", "False"], done.stdout
