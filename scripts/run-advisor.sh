#!/usr/bin/env bash
# Set up (first run only) and start the Llama License Advisor.
# Arguments are passed to llama-advisor; with none, the interview starts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
if [ $# -eq 0 ]; then
  exec "$VENV/bin/llama-advisor" interview
fi
exec "$VENV/bin/llama-advisor" "$@"
