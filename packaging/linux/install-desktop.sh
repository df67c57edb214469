#!/usr/bin/env bash
# Install the Llama License Advisor's desktop entry, icons, AppStream metainfo and the
# answers-file MIME type for the current user (~/.local/share), pointing at this unpacked
# app folder. Run it from the unpacked folder: llama-advisor/share/install-desktop.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APP_DIR="$(cd "$HERE/.." && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
ID="io.github.llama_license_advisor.Advisor"

[ -x "$APP_DIR/llama-advisor" ] || { echo "install-desktop.sh: $APP_DIR/llama-advisor not found" >&2; exit 2; }

mkdir -p "$DATA/applications" "$DATA/metainfo" "$DATA/mime/packages" "$DATA/icons/hicolor/scalable/apps"
sed "s|^Exec=llama-advisor|Exec=\"$APP_DIR/llama-advisor\"|" "$HERE/$ID.desktop" > "$DATA/applications/$ID.desktop"
cp "$HERE/$ID.metainfo.xml" "$DATA/metainfo/"
cp "$HERE/$ID.mime.xml" "$DATA/mime/packages/$ID.xml"
cp "$HERE/llama-license-advisor.svg" "$DATA/icons/hicolor/scalable/apps/$ID.svg"
for size in 16 24 32 48 64 128 256; do
  mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
  cp "$HERE/llama-license-advisor-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"
done
command -v update-mime-database >/dev/null && update-mime-database "$DATA/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
echo "Installed the Llama License Advisor desktop entry for ${USER:-$(id -un)} (app folder: $APP_DIR)."
