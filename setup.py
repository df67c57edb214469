"""Wheel build hook: the wheel carries the parsed knowledge base and the compiled templates.

Everything else about the package is in pyproject.toml. After the usual build_py, this
runs ``python -m advisor.render.prebuild`` on the copy of resources/ being packaged
(see that module). Editable installs read the checkout's files directly and skip it.
"""

import os
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithPrebuiltResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        build_lib = Path(self.build_lib).resolve()
        # The copy being packaged first, then whatever this build sees (an isolated build
        # puts its own PyYAML and Jinja2 on the path, not in the interpreter's site-packages).
        path = os.pathsep.join([str(build_lib), *(entry for entry in sys.path if entry)])
        env = {**os.environ, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("LLAMA_ADVISOR_RESOURCES", None)
        command = [sys.executable, "-m", "advisor.render.prebuild", str(build_lib / "advisor_resources")]
        subprocess.run(command, check=True, env=env, cwd=str(build_lib))


setup(cmdclass={"build_py": BuildWithPrebuiltResources})
