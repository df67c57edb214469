"""Dependency rules: model <- rules <- engine <- render <- {cli, gui}; Qt stays out of the core."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "advisor"
LAYER = {
    "model": 0,
    "resources": 0,
    "rules": 1,
    "engine": 2,
    "render": 3,
    "release": 3,
    "api": 4,
    "cli": 4,
    "gui": 4,
    "launcher": 5,
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE).parts
    if relative[0] == "__init__.py":
        return "api"  # the stable Python API: lazy wrappers over engine and release
    if relative[0] == "__main__.py":
        return "launcher"
    return relative[0].removesuffix(".py")


def imports(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    found: list[tuple[str, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, node))
    return found


def top_level_imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_dependencies_point_one_way(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = LAYER[layer_of(path)]
    for name, _ in imports(tree):
        if name.startswith("advisor."):
            target = name.split(".")[1]
            if target in LAYER:
                assert target != "gui" or layer_of(path) in ("gui", "launcher"), f"{path.name} imports gui"
                siblings = {layer_of(path), target} == {"cli", "gui"}
                assert not siblings, (
                    f"{path.name} ({layer_of(path)}) imports {name}: cli and gui are separate front ends"
                )
                if layer_of(path) != "cli" or target != "cli":
                    assert LAYER[target] <= own, f"{path.name} ({layer_of(path)}) imports {name}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_qt_is_imported_only_in_gui_and_lazily_for_pdf(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    qt = [name for name, _ in imports(tree) if name.split(".")[0] in ("PySide6", "shiboken6")]
    if not qt or layer_of(path) == "gui":
        return
    assert path.relative_to(PACKAGE).as_posix() == "render/pdf.py", f"{path} imports Qt"
    assert not any(n.startswith("PySide6") for n in top_level_imports(tree)), "pdf.py must import Qt lazily"


def test_assess_imports_no_qt_and_no_template_engine(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        'version: "2"\nrole: end_user\ncritical_infrastructure: false\naup_concerns: []\ntrains_other_model: false\n'
    )
    probe = (
        "import sys, json, io, contextlib\n"
        "from advisor.cli.main import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): code = main(['assess', {str(answers)!r}, '--json'])\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'jinja2', 'markdown'))]))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    code, loaded = json.loads(result.stdout)
    assert code == 0
    assert loaded == []
