"""The Jinja environments: templates from resources/templates, StrictUndefined.

Two environments, each for the templates named for it:

- :func:`environment` for plain-text files (``NOTICE.j2``), printed as they are;
- :func:`markdown_environment` for the bundle's Markdown documents (``*.md.j2``:
  ATTRIBUTION.md, NOT-LICENSED.md), where every printed value is Markdown-escaped unless
  marked safe.

The reports themselves are laid out from the result view without a template engine
(advisor.render.markdown_text, advisor.render.html_text). In both a missing variable is an error, never a blank. A packaged advisor ships
the templates compiled as well (see advisor.render.prebuild); an environment uses them
only while every template of its kind is byte for byte the one they were compiled from.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import jinja2

from advisor.render.escaping import code, code_block, finalize, strong
from advisor.resources import resource_path

KINDS = ("text", "markdown")
COMPILED_FOLDER = "compiled"
COMPILED_MANIFEST = "manifest.json"
COMPILED_FORMAT = 1


def template_kind(name: str) -> str:
    """Which environment renders the template called name ("" for a file that is no template)."""
    if not name.endswith(".j2"):
        return ""
    if name.endswith(".md.j2"):
        return "markdown"
    return "text"


def template_digests(folder: Path, kind: str) -> dict[str, str]:
    """sha256 of each template of this kind in folder, by name."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.glob("*.j2"))
        if template_kind(path.name) == kind
    }


def compiled_digests(folder: Path) -> dict[str, str]:
    """sha256 of each compiled template module in folder, by file name."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.glob("*.py"))}


def _compiled_loader(folder: Path, kind: str) -> jinja2.BaseLoader | None:
    """The compiled templates of this kind, if they were compiled from today's files by this
    Jinja and are, byte for byte, what that build wrote."""
    compiled = folder / COMPILED_FOLDER / kind
    try:
        manifest = json.loads((folder / COMPILED_FOLDER / COMPILED_MANIFEST).read_bytes())
        fresh = (
            isinstance(manifest, dict)
            and manifest.get("format") == COMPILED_FORMAT
            and manifest.get("jinja2") == jinja2.__version__
            and manifest.get(kind) == template_digests(folder, kind)
            and isinstance(manifest.get("modules"), dict)
            and manifest["modules"].get(kind) == compiled_digests(compiled)
        )
    except (OSError, ValueError):
        return None
    return jinja2.ModuleLoader(str(compiled)) if fresh else None


def loader(kind: str, folder: Path | None = None) -> jinja2.BaseLoader:
    """The loader for one kind of template: compiled when fresh, else from their source.

    folder is the templates folder (default: the shipped one).
    """
    folder = folder or resource_path("templates")
    source = jinja2.FileSystemLoader(str(folder))
    prebuilt = _compiled_loader(folder, kind)
    return jinja2.ChoiceLoader([prebuilt, source]) if prebuilt else source


def make_environment(kind: str, template_loader: jinja2.BaseLoader) -> jinja2.Environment:
    """A new environment of one kind (text or markdown) reading templates with template_loader."""
    if kind == "markdown":
        env = jinja2.Environment(
            loader=template_loader,
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # noqa: S701 - Markdown output; `finalize` escapes every printed value
            finalize=finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["code"] = code
        env.filters["code_block"] = code_block
        env.filters["strong"] = strong
        return env
    return jinja2.Environment(
        loader=template_loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - plain text (the NOTICE file) is printed as it is
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Plain-text environment: a missing variable is an error, never a blank."""
    return make_environment("text", loader("text"))


@lru_cache(maxsize=1)
def markdown_environment() -> jinja2.Environment:
    """Markdown environment: printed values are escaped (see advisor.render.escaping)."""
    return make_environment("markdown", loader("markdown"))
