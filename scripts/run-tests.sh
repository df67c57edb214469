#!/usr/bin/env bash
# Set up (first run only) and run every check: ruff, mypy, then the whole pytest suite.
# Extra arguments go to pytest. Without them the whole suite runs with coverage, and the named
# modules must keep their floors (tools/coverage_floor.py); a partial run is not held to them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy"  # strict; the files and flags are in pyproject.toml [tool.mypy]
if [ $# -gt 0 ]; then
  "$VENV/bin/python" -m pytest -q "$@"
  exit
fi
COVERAGE_DIR="$ROOT/build/coverage"
mkdir -p "$COVERAGE_DIR"
rm -f "$COVERAGE_DIR"/.coverage* "$COVERAGE_DIR/coverage.json"
COVERAGE_FILE="$COVERAGE_DIR/.coverage" "$VENV/bin/python" -m pytest -q \
  --cov=advisor --cov-report="json:$COVERAGE_DIR/coverage.json"
"$VENV/bin/python" tools/coverage_floor.py "$COVERAGE_DIR/coverage.json"
