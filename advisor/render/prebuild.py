"""Build step: the parsed knowledge base and the compiled templates, written into resources/.

``python -m advisor.render.prebuild RESOURCES_DIR`` is run by the wheel build (setup.py)
and so by the app build. It writes ``knowledge/parsed.json`` (advisor.rules.snapshot)
and ``templates/compiled/`` (each template compiled by the environment that renders
it, with a manifest of the templates' sha256). The advisor uses either only while the
files they came from are unchanged, so a checkout without them, or with stale ones,
reads the YAML and templates as before.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import jinja2

from advisor.render.environment import (
    COMPILED_FOLDER,
    COMPILED_FORMAT,
    COMPILED_MANIFEST,
    KINDS,
    compiled_digests,
    make_environment,
    template_digests,
    template_kind,
)
from advisor.rules.snapshot import SnapshotError
from advisor.rules.write_snapshot import write_snapshot


class PrebuildError(Exception):
    """A build step failed; str() is one line."""


def compile_templates(resources: Path) -> Path:
    """Compile every template below resources/templates into templates/compiled/."""
    folder = resources / "templates"
    target = folder / COMPILED_FOLDER
    manifest: dict[str, object] = {"format": COMPILED_FORMAT, "jinja2": jinja2.__version__}
    staging = Path(tempfile.mkdtemp(prefix=".compiled-", dir=folder))
    staging.chmod(0o755)  # mkdtemp makes it private; the shipped folder is for every user
    try:
        for kind in KINDS:
            env = make_environment(kind, jinja2.FileSystemLoader(str(folder)))

            def wanted(name: str, kind: str = kind) -> bool:
                return "/" not in name and template_kind(name) == kind

            env.compile_templates(
                str(staging / kind),
                filter_func=wanted,
                zip=None,
                ignore_errors=False,
                log_function=lambda _message: None,
            )
            manifest[kind] = template_digests(folder, kind)
        manifest["modules"] = {kind: compiled_digests(staging / kind) for kind in KINDS}
        (staging / COMPILED_MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except jinja2.TemplateError as exc:
        raise PrebuildError(f"{folder}: a template does not compile: {exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def prebuild(resources: Path) -> list[Path]:
    """Both build outputs for the resources folder; returns what was written."""
    try:
        return [write_snapshot(resources), compile_templates(resources)]
    except SnapshotError as exc:
        raise PrebuildError(str(exc)) from None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m advisor.render.prebuild RESOURCES_DIR", file=sys.stderr)
        return 2
    try:
        written = prebuild(Path(argv[0]))
    except PrebuildError as exc:
        print(f"advisor.render.prebuild: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
