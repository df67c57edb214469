"""The one place that knows where the shipped resources/ folder lives: the package ``advisor_resources``.

pyproject.toml installs resources/ as that package, so the import system finds it in every
layout: the checkout's resources/ for an editable install, site-packages/advisor_resources
for a wheel, and the folder PyInstaller unpacks for the app (packaging/llama-advisor.spec).
Its folder is what ``importlib.resources.files("advisor_resources")`` gives (a test checks
that); it is read from the package itself, as that module and the readers it loads would
cost a command over 10 ms to start. ``LLAMA_ADVISOR_RESOURCES`` names another folder
instead; its templates run as code, so point it only at one you trust as the code itself.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

ENV_OVERRIDE = "LLAMA_ADVISOR_RESOURCES"
PACKAGE = "advisor_resources"


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """Return the resources folder, or raise FileNotFoundError saying what is missing."""
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        folder = Path(override)
        where = f"{ENV_OVERRIDE}={override}"
    else:
        try:
            import advisor_resources
        except ModuleNotFoundError:
            raise FileNotFoundError(f"the advisor's resources are not installed (no package {PACKAGE})") from None
        folder = Path(next(iter(advisor_resources.__path__)))
        where = str(folder)
    if not (folder / "knowledge").is_dir():
        raise FileNotFoundError(f"the advisor's resources folder is missing its knowledge base ({where})")
    return folder


def resource_path(*parts: str) -> Path:
    """Path of a file below the resources folder."""
    return resources_dir().joinpath(*parts)
