#!/usr/bin/env bash
# Set up everything the advisor and its tests need, on a Debian machine with only python3:
# the Debian packages (when run as root), a virtual environment in .venv, and the project
# installed into it with its test extra. Safe to run again: it only does what is missing.
# Sourced by run-advisor.sh and run-tests.sh; it sets VENV.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Debian packages: venv support, fonts (DejaVu; Droid Sans Fallback for Chinese, Japanese and
# Korean, 7 MB installed) and poppler for PDF reports (the tests read PDFs with its tools and ask
# fontconfig's fc-list which characters the fonts have), and what Qt's xcb platform plugin
# (every package advisor/gui/platform_check.py names) and an Xvfb screen need.
APT_PACKAGES=(
  python3-venv fonts-dejavu-core fonts-droid-fallback poppler-utils fontconfig
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-xfixes0 libxcb-cursor0 libxcb-xkb1 libx11-xcb1
  xvfb xauth x11-utils xdotool imagemagick desktop-file-utils appstream
)

install_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: not root, so these Debian packages were not installed: ${missing[*]}" >&2
    echo "bootstrap: install them with: sudo apt-get install -y ${missing[*]}" >&2
    return 0
  fi
  echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

make_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo "bootstrap: creating $VENV" >&2
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.installed-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "bootstrap: installing the advisor and its test tools into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[test]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

install_debian_packages
make_venv
