"""The one place that knows where the shipped resources/ folder lives.

Three layouts are supported: a source checkout (resources/ beside advisor/), an
installed wheel (the folder is installed as the package ``advisor_resources``), and a
PyInstaller app (the folder is unpacked under ``sys._MEIPASS``).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

ENV_OVERRIDE = "LLAMA_ADVISOR_RESOURCES"


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """Return the resources folder, or raise FileNotFoundError naming where it looked."""
    candidates: list[Path] = []
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        candidates.append(Path(override))
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package_dir = Path(__file__).resolve().parent
    candidates.append(package_dir.parent / "resources")
    candidates.append(package_dir.parent / "advisor_resources")
    for candidate in candidates:
        if (candidate / "knowledge").is_dir():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"the advisor's resources folder is missing (looked in: {looked})")


def resource_path(*parts: str) -> Path:
    """Path of a file below the resources folder."""
    return resources_dir().joinpath(*parts)
