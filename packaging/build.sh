#!/usr/bin/env bash
# Build the double-clickable Llama License Advisor with PyInstaller, from a clean virtual
# environment made here (build/venv). Output: dist/llama-advisor/ (one folder) and
# dist/llama-advisor-<version>-linux-x86_64.tar.gz.
# Usage: packaging/build.sh            (from anywhere; needs python3 with venv)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
VENV="$BUILD/venv"
DIST="$ROOT/dist"
PYINSTALLER_VERSION="6.22.3"

cd "$ROOT"
rm -rf "$VENV" "$BUILD/pyinstaller" "$DIST/llama-advisor"
mkdir -p "$BUILD" "$DIST"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
# A regular (not editable) install, so the build sees exactly what a user would get.
"$VENV/bin/python" -m pip install -q --disable-pip-version-check "$ROOT" "pyinstaller==$PYINSTALLER_VERSION"

VERSION="$("$VENV/bin/python" -c 'import advisor; print(advisor.__version__)')"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --workpath "$BUILD/pyinstaller" --distpath "$DIST" "$ROOT/packaging/llama-advisor.spec"

# Desktop integration files travel with the app, for install-desktop.sh.
mkdir -p "$DIST/llama-advisor/share"
cp -r "$ROOT/packaging/linux/." "$DIST/llama-advisor/share/"
cp "$ROOT/resources/icons/"llama-license-advisor*.{svg,png} "$DIST/llama-advisor/share/"

case "$(uname -m)" in x86_64 | amd64) ARCH=x86_64 ;; *) ARCH="$(uname -m)" ;; esac
ARCHIVE="$DIST/llama-advisor-$VERSION-linux-$ARCH.tar.gz"
tar -C "$DIST" -czf "$ARCHIVE" llama-advisor
echo "Built $DIST/llama-advisor ($(du -sm "$DIST/llama-advisor" | cut -f1) MB) and $ARCHIVE"
