"""The one Jinja environment: templates from resources/templates, StrictUndefined."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from advisor.resources import resource_path


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Plain-text environment: a missing variable is an error, never a blank."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_path("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - plain-text documents; HTML gets its own environment
        keep_trailing_newline=True,
    )
