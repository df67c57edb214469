"""`python -m advisor` runs the same entry point as `llama-advisor`."""

from advisor.launcher import run

run()
