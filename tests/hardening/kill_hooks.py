"""A SIGKILL at a chosen step of a real `llama-advisor` write, every time (no timing, no hook in the product).

:func:`kill_environment` writes a ``sitecustomize`` into a folder of its own and puts that
folder first on ``PYTHONPATH``. In the child process it wraps ``module.function`` as soon
as the module has run (so ``from module import function`` sees the wrapper too) and sends
SIGKILL to the process just before, or just after, the n-th call. A point that is never
reached leaves the run alive, and a function that is not there stops it with an error,
so a test expecting the kill fails either way.

:data:`STEPS` names the moments of the crash-safe writer (advisor/writer/files.py) the
tests kill at, each as the call that starts or ends it.
"""

from __future__ import annotations

import os
from pathlib import Path

from hardening_support import environment

STEPS = {
    # write_file: the work file is written and closed to others, nothing renamed yet
    "file-staged": "advisor.writer.files:interrupt_pending:1:before",
    # write_folder: the new bundle (and zip) staged with its record, nothing in place yet
    "bundle-staged": "advisor.writer.files:_stage:1:after",
    # replacing a bundle: the new folder swapped in, the zip not yet
    "bundle-folder": "advisor.writer.files:exchange:1:after",
    # folder and zip in place, the old bundle not yet deleted
    "bundle-zip": "advisor.writer.files:_commit:1:after",
    # everything done, the process still running
    "bundle-done": "advisor.writer.files:write_folder:1:after",
}

SITECUSTOMIZE = """
import os, sys, _signal

_AT = os.environ.get("_LLA_TEST_SIGKILL_AT")


def _kill():
    os.kill(os.getpid(), _signal.SIGKILL)


def _wrap(module, function, nth, when):
    original = getattr(module, function)
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == nth and when == "before":
            _kill()
        result = original(*args, **kwargs)
        if calls[0] == nth:
            _kill()
        return result

    setattr(module, function, wrapper)


class _Hook:
    def find_spec(self, name, path=None, target=None):
        module_name, function, nth, when = _AT.split(":")
        if name != module_name:
            return None
        sys.meta_path.remove(self)
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            _wrap(module, function, int(nth), when)

        spec.loader.exec_module = exec_module
        return spec


if _AT:
    sys.meta_path.insert(0, _Hook())
"""


def kill_environment(folder: Path, step: str) -> dict[str, str]:
    """The environment of a run that is killed at `step` (a key of STEPS); the hook lives in `folder`."""
    hooks = folder / "sigkill-hook"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")]))
    return environment(PYTHONPATH=path, _LLA_TEST_SIGKILL_AT=STEPS[step])
