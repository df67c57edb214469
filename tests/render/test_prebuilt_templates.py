"""Templates compiled at build time: the very same documents, and only while the sources are unchanged."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pytest
from render_support import ANSWERS, INJECTIONS

from advisor.engine import assess
from advisor.render import environment as environments
from advisor.render.bundle import MANIFEST, REPORT_PDF, bundle_files
from advisor.render.context import ReportDetails
from advisor.render.prebuild import PrebuildError, compile_templates, prebuild
from advisor.render.report import report_html, report_markdown
from advisor.resources import resources_dir
from advisor.rules import load_knowledge_base

DETAILS = ReportDetails(
    title=INJECTIONS[0], product="{{ 7*7 }} Assistant", organisation="**Acme**", assessor="Ana",
    generated=datetime(2026, 11, 30, 12, 0, tzinfo=UTC), done=("notice",),
)  # fmt: skip
SCENARIOS = {
    "permitted-3.1": ANSWERS["3.1"],
    "llama-1": ANSWERS["1"],
    "prohibited-3.2": {**ANSWERS["3.2"], "critical_infrastructure": True},
    "license-required-4": {**ANSWERS["4"], "mau": 900_000_000, "separate_license_from_meta": False},
}


@pytest.fixture()
def templates_copy(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "resources"
    shutil.copytree(resources_dir(), target, ignore=shutil.ignore_patterns("compiled", "parsed.json"))
    yield target / "templates"
    _use_templates(None)


def _use_templates(folder: Path | None, monkeypatch: pytest.MonkeyPatch | None = None) -> None:
    """Point the three shared environments at folder (None: back to the shipped templates)."""
    for factory in (environments.environment, environments.markdown_environment):
        factory.cache_clear()
    if folder is not None and monkeypatch is not None:
        monkeypatch.setattr(environments, "resource_path", lambda *parts: folder.joinpath(*parts[1:]))


def _documents() -> dict[str, bytes]:
    kb = load_knowledge_base()
    out: dict[str, bytes] = {}
    for name, raw in SCENARIOS.items():
        assessment = assess(kb, raw)
        out[f"{name}/report.md"] = report_markdown(kb, assessment, raw, DETAILS).encode()
        out[f"{name}/report.html"] = report_html(kb, assessment, raw, DETAILS).encode()
        files = bundle_files(kb, assessment, raw, DETAILS)
        # The PDF is laid out from report.html (compared above) and carries its own creation
        # time, as does the MANIFEST line with its digest.
        files.pop(REPORT_PDF)
        files[MANIFEST] = b"".join(line for line in files[MANIFEST].splitlines(True) if REPORT_PDF.encode() not in line)
        out.update({f"{name}/bundle/{file}": data for file, data in files.items()})
    return out


def _is_compiled(template_loader: jinja2.BaseLoader) -> bool:
    return isinstance(template_loader, jinja2.ChoiceLoader) and isinstance(
        template_loader.loaders[0], jinja2.ModuleLoader
    )


def test_compiled_templates_make_byte_identical_documents(
    templates_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_templates(templates_copy, monkeypatch)
    from_source = _documents()
    assert not _is_compiled(environments.markdown_environment().loader)
    compile_templates(templates_copy.parent)
    _use_templates(templates_copy, monkeypatch)
    for factory in (environments.environment, environments.markdown_environment):
        assert _is_compiled(factory().loader), factory.__name__
    from_compiled = _documents()
    assert from_compiled.keys() == from_source.keys()
    assert {"permitted-3.1/bundle/NOTICE", "prohibited-3.2/bundle/NOT-LICENSED.md"} <= from_source.keys()
    for name, data in from_source.items():
        assert from_compiled[name] == data, name


def test_each_kind_is_compiled_by_its_own_environment(templates_copy: Path) -> None:
    target = compile_templates(templates_copy.parent)
    manifest = json.loads((target / environments.COMPILED_MANIFEST).read_text())
    assert sorted(manifest["text"]) == ["NOTICE.j2"]
    assert sorted(manifest["markdown"]) == ["ATTRIBUTION.md.j2", "NOT-LICENSED.md.j2"]
    for kind in environments.KINDS:
        assert len(list((target / kind).glob("tmpl_*.py"))) == len(manifest[kind])


def test_an_edited_template_is_read_from_its_source(templates_copy: Path) -> None:
    compile_templates(templates_copy.parent)
    assert _is_compiled(environments.loader("text", templates_copy))
    notice = templates_copy / "NOTICE.j2"
    notice.write_text(notice.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    edited = environments.loader("text", templates_copy)
    assert not _is_compiled(edited)
    env = environments.make_environment("text", edited)
    assert env.get_template("NOTICE.j2").render(notice="N").endswith("edited\n")
    assert _is_compiled(environments.loader("markdown", templates_copy)), "other kinds are still current"


def test_an_added_template_makes_its_kind_read_from_source(templates_copy: Path) -> None:
    compile_templates(templates_copy.parent)
    (templates_copy / "EXTRA.md.j2").write_text("extra\n", encoding="utf-8")
    assert not _is_compiled(environments.loader("markdown", templates_copy))


@pytest.mark.parametrize(
    "damage",
    [
        lambda manifest: "{not json",
        lambda manifest: json.dumps({**manifest, "jinja2": "0.0"}),
        lambda manifest: json.dumps({**manifest, "format": 2}),
        lambda manifest: json.dumps([manifest]),
    ],
    ids=["garbage", "other-jinja", "other-format", "not-a-mapping"],
)
def test_a_damaged_or_foreign_manifest_means_source_templates(templates_copy: Path, damage) -> None:
    target = compile_templates(templates_copy.parent)
    path = target / environments.COMPILED_MANIFEST
    path.write_text(damage(json.loads(path.read_text())), encoding="utf-8")
    for kind in environments.KINDS:
        assert not _is_compiled(environments.loader(kind, templates_copy))


def test_a_template_that_does_not_compile_stops_the_build(templates_copy: Path) -> None:
    compile_templates(templates_copy.parent)
    (templates_copy / "ATTRIBUTION.md.j2").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(PrebuildError, match="does not compile"):
        compile_templates(templates_copy.parent)
    assert _is_compiled(environments.loader("text", templates_copy)), "the last good build is kept"
    assert not [p for p in templates_copy.iterdir() if p.name.startswith(".compiled-")], "staging left behind"


def test_prebuild_writes_both_outputs(templates_copy: Path) -> None:
    written = prebuild(templates_copy.parent)
    assert [path.name for path in written] == ["parsed.json", "compiled"]
    assert all(path.exists() for path in written)


def test_a_changed_compiled_module_means_source_templates(templates_copy: Path) -> None:
    """The modules are imported as code: only the very files the build wrote are used."""
    target = compile_templates(templates_copy.parent)
    module = next((target / "markdown").glob("tmpl_*.py"))
    module.write_text("this is not Python(\n", encoding="utf-8")
    assert not _is_compiled(environments.loader("markdown", templates_copy))
    assert _is_compiled(environments.loader("text", templates_copy)), "other kinds are still current"
    env = environments.make_environment("markdown", environments.loader("markdown", templates_copy))
    assert env.get_template("ATTRIBUTION.md.j2") is not None  # read from its source, no SyntaxError


def test_the_compiled_folder_is_readable_by_every_user(templates_copy: Path) -> None:
    target = compile_templates(templates_copy.parent)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_the_checkout_ships_no_compiled_templates() -> None:
    """A checkout reads its templates: compiled ones left in it would hide template and code changes."""
    root = Path(__file__).resolve().parents[2]
    assert "resources/templates/compiled/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert not (root / "resources" / "templates" / "compiled").exists(), (
        "remove resources/templates/compiled: prebuild is for a build's copy of resources/"
    )
