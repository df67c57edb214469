#!/usr/bin/env bash
# Set up (first run only) and start the Llama License Advisor: the desktop wizard when
# there is a display, otherwise the terminal interview. Arguments go to llama-advisor.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
if [ $# -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting the terminal interview (the desktop wizard needs a screen)." >&2
  exec "$VENV/bin/llama-advisor" interview
fi
exec "$VENV/bin/llama-advisor" "$@"
