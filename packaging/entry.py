"""Entry point of the frozen app: the same launcher as the `llama-advisor` command."""

import os

from advisor.launcher import run

if __name__ == "__main__":
    if not any(os.environ.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")):
        os.environ["LC_CTYPE"] = "C.UTF-8"  # Qt wants a UTF-8 locale; a bare environment has none
    run()
