"""Fixtures for the hardening tests (helpers live in hardening_support)."""

import tempfile
from pathlib import Path

from hardening_support import run
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps files (examples, constants) in .hypothesis/ of the working folder: not in the source tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "llama-advisor-hypothesis")

__all__ = ["run"]
