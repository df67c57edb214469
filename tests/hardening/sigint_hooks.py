"""A Ctrl-C at a chosen moment of a real `llama-advisor` process, every time (no timing).

:func:`sigint_environment` writes a ``sitecustomize`` into a temporary folder and puts
that folder first on ``PYTHONPATH``. In the child process it sends SIGINT to itself:

- ``at_import="name"``: when module ``name`` is first looked up (it is not loaded yet);
- ``at_call="module:function:n"``: just before the n-th call of ``module.function``
  (wrapped as soon as the module has run, so ``from module import function`` sees it).

The hook itself uses only modules every Python has loaded before ``sitecustomize``.
"""

from __future__ import annotations

import os
from pathlib import Path

from hardening_support import environment

SITECUSTOMIZE = """
import os, sys, _signal

_AT_IMPORT = os.environ.get("_LLA_TEST_SIGINT_AT_IMPORT")
_AT_CALL = os.environ.get("_LLA_TEST_SIGINT_AT_CALL")


def _ctrl_c():
    os.kill(os.getpid(), _signal.SIGINT)


def _wrap(module, function, nth):
    original = getattr(module, function)
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == nth:
            _ctrl_c()
        return original(*args, **kwargs)

    setattr(module, function, wrapper)


class _Hook:
    def find_spec(self, name, path=None, target=None):
        if name == _AT_IMPORT:
            sys.meta_path.remove(self)
            _ctrl_c()
            return None
        if _AT_CALL and name == _AT_CALL.split(":")[0]:
            sys.meta_path.remove(self)
            from importlib.machinery import PathFinder

            spec = PathFinder.find_spec(name, path)
            module_name, function, nth = _AT_CALL.split(":")
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                _wrap(module, function, int(nth))

            spec.loader.exec_module = exec_module
            return spec
        return None


if _AT_IMPORT or _AT_CALL:
    sys.meta_path.insert(0, _Hook())
"""


def sigint_environment(folder: Path, *, at_import: str | None = None, at_call: str | None = None) -> dict[str, str]:
    """The environment of a run that gets one Ctrl-C at that import or call."""
    hooks = folder / "sigint-hook"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    extra = {"PYTHONPATH": os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")]))}
    if at_import:
        extra["_LLA_TEST_SIGINT_AT_IMPORT"] = at_import
    if at_call:
        extra["_LLA_TEST_SIGINT_AT_CALL"] = at_call
    return environment(**extra)
