"""Find out, before Qt starts, whether a window can be shown at all.

Qt aborts the process when its platform plugin cannot load, and on Linux its message
blames libxcb-cursor0 even when other libraries are missing. This module checks the
display and the xcb libraries itself (no Qt import) and says which Debian packages
to install.
"""

from __future__ import annotations

import ctypes
import os
import sys

# Shared libraries Qt's xcb platform plugin loads, with the Debian package of each.
XCB_LIBRARIES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
}


def missing_xcb_packages() -> list[str]:
    """Debian packages whose libraries the xcb plugin needs but cannot load."""
    missing = []
    for library, package in XCB_LIBRARIES.items():
        try:
            ctypes.CDLL(library)
        except OSError:
            missing.append(package)
    return missing


def display_problem() -> str | None:
    """A message explaining why no window can open, or None when one can."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] in ("offscreen", "minimal", "vnc") or not sys.platform.startswith("linux"):
        return None
    wayland = bool(os.environ.get("WAYLAND_DISPLAY")) and platform != "xcb"
    if not os.environ.get("DISPLAY") and not wayland:
        return (
            "No display is available, so the desktop advisor cannot open a window.\n"
            "In a terminal or over SSH, use the same advisor without a window:\n"
            "    llama-advisor interview\n"
            "or assess a saved answers file with: llama-advisor assess FILE"
        )
    if wayland:
        return None
    missing = missing_xcb_packages()
    if missing:
        return (
            "The desktop advisor cannot open a window: system libraries that Qt needs "
            "for X11 are missing.\n"
            f"Install them with:\n    sudo apt-get install {' '.join(missing)}\n"
            "(Qt's own message may blame only libxcb-cursor0; the list above is what is "
            "really missing.)\n"
            "Meanwhile the terminal advisor works: llama-advisor interview"
        )
    return None
