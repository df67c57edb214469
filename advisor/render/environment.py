"""The Jinja environments: templates from resources/templates, StrictUndefined.

Three environments share one loader:

- :func:`environment` for plain-text files (NOTICE), printed as they are;
- :func:`markdown_environment` for Markdown documents (the report, ATTRIBUTION.md),
  where every printed value is Markdown-escaped unless marked safe;
- :func:`html_environment` for the HTML shell around the report, autoescaped.

In all three a missing variable is an error, never a blank.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2

from advisor.render.escaping import code, code_block, finalize
from advisor.resources import resource_path


def _loader() -> jinja2.BaseLoader:
    return jinja2.FileSystemLoader(str(resource_path("templates")))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Plain-text environment: a missing variable is an error, never a blank."""
    return jinja2.Environment(
        loader=_loader(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - plain-text documents; HTML gets its own environment
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def markdown_environment() -> jinja2.Environment:
    """Markdown environment: printed values are escaped (see advisor.render.escaping)."""
    env = jinja2.Environment(
        loader=_loader(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - Markdown output; `finalize` escapes every printed value
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["code"] = code
    env.filters["code_block"] = code_block
    return env


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """HTML environment: autoescaped; only the converted report body is marked safe."""
    return jinja2.Environment(
        loader=_loader(),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
    )
