#!/usr/bin/env python3
"""Save a PNG of the whole X screen named by $DISPLAY: screenshot.py FILE"""

import os
import sys

import gi

gi.require_version("Gdk", "3.0")
from gi.repository import Gdk  # noqa: E402


def screenshot(path):
    Gdk.init([])
    root = Gdk.get_default_root_window()
    _, _, width, height = root.get_geometry()
    pixbuf = Gdk.pixbuf_get_from_window(root, 0, 0, width, height)
    if pixbuf is None:
        raise RuntimeError("could not read the screen")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    pixbuf.savev(path, "png", [], [])


if __name__ == "__main__":
    screenshot(sys.argv[1])
