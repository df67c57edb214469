"""The layers (model <- writer <- rules <- engine <- release <- render <- cli, gui), no import cycles, no Qt in the core."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "advisor"
# Each layer may import its own and the layers below it, never one above. The crash-safe
# writer and the Ctrl-C handling sit just above the data classes, beside the rules: every
# layer above may use them, and they use only model and resources.
LAYER = {
    "model": 0,
    "resources": 0,
    "writer": 1,
    "rules": 2,
    "engine": 3,
    "release": 4,
    "render": 5,
    "api": 5,
    "cli": 6,
    "gui": 6,
    "launcher": 7,
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


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {layer_of(path) for path in modules()}
    assert parts == set(LAYER), f"not in LAYER: {sorted(parts - set(LAYER))}; gone: {sorted(set(LAYER) - parts)}"


def test_the_readme_draws_every_layer_in_order() -> None:
    """The README's layout line names the layers in LAYER's order (the same picture)."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("- Layout:") :].split("\n- ", 1)[0]
    drawn = [layer for layer in LAYER if layer not in ("api", "launcher", "resources")]
    positions = [layout.find(f"advisor/{layer}") for layer in drawn]
    assert -1 not in positions, f"the README's layout line misses {[d for d, at in zip(drawn, positions) if at < 0]}"
    assert positions == sorted(positions), "the README's layout line draws the layers in another order"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_dependencies_point_one_way(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = LAYER[layer_of(path)]
    for name, node in imports(tree):
        # advisor/__init__.py: __version__ is a constant anyone may read; the rest is the Python API
        if name == "advisor" and any(alias.name != "__version__" for alias in getattr(node, "names", ())):
            assert LAYER["api"] <= own, f"{path.name} ({layer_of(path)}) imports the Python API"
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


# ---------------------------------------------------------------------- import cycles
def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(node: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import that can run, at any depth (inside functions too), but not under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                found += _runtime_imports(ast.Module(body=[other], type_ignores=[]))
            continue
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            found.append(child)
        found += _runtime_imports(child)
    return found


def import_graph(package: Path) -> dict[str, dict[str, int]]:
    """module -> {module it imports: line}, for the modules of the package folder.

    `from a.b import c` imports a.b (its __init__ runs, and c is read from it) and, when c is
    a module, a.b.c; `import a.b.c` and `import a.b.c as c` import a.b.c.
    """
    names: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    graph: dict[str, dict[str, int]] = {}
    for name, path in names.items():
        edges: dict[str, int] = {}
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges |= {alias.name: node.lineno for alias in node.names if alias.name in names}
                continue
            base = node.module or ""
            if node.level:
                here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                here = here[: len(here) - node.level + 1]
                base = ".".join([*here, *([node.module] if node.module else [])])
            if base in names:
                edges.setdefault(base, node.lineno)
            edges |= {f"{base}.{alias.name}": node.lineno for alias in node.names if f"{base}.{alias.name}" in names}
        edges.pop(name, None)
        graph[name] = edges
    return graph


def import_cycles(graph: dict[str, dict[str, int]]) -> list[str]:
    """Each group of modules that import one another in a circle, as 'a:line -> b:line -> a'."""
    found: list[str] = []
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path = _circle_through(graph, start)
        if path is None:
            continue
        done |= set(path)
        steps = [f"{module}:{graph[module][path[i + 1]]}" for i, module in enumerate(path[:-1])]
        found.append(" -> ".join([*steps, path[-1]]))
    return found


def _circle_through(graph: dict[str, dict[str, int]], start: str) -> list[str] | None:
    """The shortest import path from start back to start, or None."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        module = queue.pop(0)
        for target in sorted(graph[module]):
            if target == start:
                return [*paths[module], start]
            if target not in paths:
                paths[target] = [*paths[module], target]
                queue.append(target)
    return None


def test_no_module_imports_itself_round_a_circle() -> None:
    """Function-level imports count: they only postpone the circle to the first call."""
    cycles = import_cycles(import_graph(PACKAGE))
    assert cycles == [], "import cycles (move the shared piece into a lower module):\n" + "\n".join(cycles)


def test_the_cycle_finder_sees_hidden_and_package_cycles(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "import pkg.b\n",
        "b.py": "def f():\n    from pkg.a import x\n",  # hidden in a function
        "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import d\n",
        "d.py": "from pkg.c import y\n",  # c only names d for the type checker: no cycle
        "sub/__init__.py": "from pkg.sub.e import z\n",
        "sub/e.py": "from . import z\n",  # reads its own package while that package imports it
    }
    for name, text in files.items():
        (package / name).write_text(text)
    cycles = import_cycles(import_graph(package))
    assert cycles == ["pkg.a:1 -> pkg.b:2 -> pkg.a", "pkg.sub:1 -> pkg.sub.e:1 -> pkg.sub"]


# ---------------------------------------------------------------------- one of each
def test_the_resources_are_the_folder_importlib_resources_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """advisor.resources reads the package's own folder (cheaply); importlib.resources agrees."""
    import importlib.resources

    from advisor import resources

    monkeypatch.delenv(resources.ENV_OVERRIDE, raising=False)
    resources.resources_dir.cache_clear()
    try:
        found = resources.resources_dir()
    finally:
        resources.resources_dir.cache_clear()
    assert found == importlib.resources.files(resources.PACKAGE)
    assert (found / "knowledge" / "questions.yaml").is_file()


def test_the_version_is_written_once() -> None:
    """advisor.__version__ is the version; pyproject.toml, the installed metadata, the Windows
    version resource and the newest AppStream release take it from there or agree with it."""
    import importlib.metadata
    import tomllib
    import xml.etree.ElementTree as ET

    from advisor import __version__

    root = PACKAGE.parent
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "advisor.__version__"}
    assert importlib.metadata.version("llama-license-advisor") == __version__, "reinstall: pip install -e ."
    windows = (root / "packaging" / "windows" / "version_info.txt").read_text(encoding="utf-8")
    assert "@VERSION@" in windows and "@FILEVERS@" in windows and __version__ not in windows
    metainfo = ET.parse(root / "packaging" / "linux" / "io.github.llama_license_advisor.Advisor.metainfo.xml")
    newest = metainfo.getroot().find("releases/release")
    assert newest is not None and newest.get("version") == __version__
