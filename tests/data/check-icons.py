#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the app icon and its symbolic variant.

Both must be well-formed, self-contained SVG (no bitmaps, scripts, text or
external references, which icon themes and Flatpak exports do not carry);
the app icon is drawn on GNOME's 128x128 canvas, the symbolic one on 16x16
in a single colour, which GTK replaces with the theme's foreground colour.

Usage: check-icons.py APP_ICON SYMBOLIC_ICON
"""

import re
import sys
import xml.etree.ElementTree as ET

import datacheck

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
FORBIDDEN_ELEMENTS = {"image", "script", "text", "foreignObject", "use"}
COLOR = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)")


def local(tag):
    return tag[len(SVG):] if tag.startswith(SVG) else tag


def load(path, problems):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        problems.append("%s: not well-formed XML: %s" % (path, e))
        return None
    if root.tag != SVG + "svg":
        problems.append("%s: the root element is %s, not an SVG <svg>" % (path, root.tag))
        return None
    return root


def check_common(path, root, size, problems):
    for attr in ("width", "height"):
        if root.get(attr) not in (str(size), "%dpx" % size):
            problems.append("%s: %s is %r, not %d" % (path, attr, root.get(attr), size))
    if root.get("viewBox", "").split() != ["0", "0", str(size), str(size)]:
        problems.append("%s: viewBox is %r, not '0 0 %d %d'"
                        % (path, root.get("viewBox"), size, size))
    drawn = 0
    for element in root.iter():
        name = local(element.tag)
        if name in FORBIDDEN_ELEMENTS:
            problems.append("%s: <%s> is not allowed in an icon" % (path, name))
        if name in ("path", "rect", "circle", "ellipse", "polygon", "polyline", "line"):
            drawn += 1
        for key in ("href", XLINK_HREF):
            value = element.get(key)
            if value is not None and not value.startswith("#"):
                problems.append("%s: external reference %r" % (path, value))
        style = element.get("style", "")
        if "url(" in style and "url(#" not in style:
            problems.append("%s: external reference in style %r" % (path, style))
    if drawn == 0:
        problems.append("%s: draws nothing" % path)


def render(path, size):
    """Renders an SVG with gdk-pixbuf's SVG loader (librsvg), the way GTK
    draws icons; returns the alpha channel, or None when that loader is not
    available (the XML checks still run)."""
    try:
        import gi
        gi.require_version("GdkPixbuf", "2.0")
        from gi.repository import GdkPixbuf, GLib
    except (ImportError, ValueError):
        return None
    if "svg" not in [f.get_name() for f in GdkPixbuf.Pixbuf.get_formats()]:
        return None
    try:
        pixbuf = GdkPixbuf.Pixbuf.new_from_file_at_size(path, size, size)
    except GLib.Error as e:
        return e.message
    if pixbuf.get_n_channels() != 4 or pixbuf.get_bits_per_sample() != 8:
        return "rendered without an alpha channel"
    data = pixbuf.get_pixels()
    stride = pixbuf.get_rowstride()
    return [data[y * stride + x * 4 + 3]
            for y in range(pixbuf.get_height()) for x in range(pixbuf.get_width())]


def check_rendering(path, size, low, high, problems):
    """The icon must render, covering between low and high of its canvas:
    neither empty nor a full square."""
    alpha = render(path, size)
    if alpha is None:
        print("%s: no SVG loader for gdk-pixbuf, not rendered" % path)
        return
    if isinstance(alpha, str):
        problems.append("%s: does not render: %s" % (path, alpha))
        return
    coverage = sum(a > 127 for a in alpha) / len(alpha)
    if not low <= coverage <= high:
        problems.append("%s: covers %.0f%% of its canvas, expected %.0f%%..%.0f%%"
                        % (path, coverage * 100, low * 100, high * 100))


def colours(root):
    found = set()
    for element in root.iter():
        for key in ("fill", "stroke", "stop-color", "color"):
            value = element.get(key)
            if value and value not in ("none", "currentColor", "inherit"):
                found.add(value.lower())
        for value in COLOR.findall(element.get("style", "")):
            found.add(value.lower())
    return found


def main():
    parser = datacheck.parser(__doc__)
    parser.add_argument("app_icon")
    parser.add_argument("symbolic_icon")
    args = parser.parse_args()
    app_path, symbolic_path = args.app_icon, args.symbolic_icon
    problems = []
    app = load(app_path, problems)
    if app is not None:
        check_common(app_path, app, 128, problems)
        check_rendering(app_path, 128, 0.35, 0.9, problems)
    symbolic = load(symbolic_path, problems)
    if symbolic is not None:
        check_common(symbolic_path, symbolic, 16, problems)
        check_rendering(symbolic_path, 16, 0.15, 0.8, problems)
        used = colours(symbolic)
        if len(used) > 1:
            problems.append("%s: a symbolic icon uses one colour, not %s"
                            % (symbolic_path, ", ".join(sorted(used))))
        if any(local(e.tag) in ("linearGradient", "radialGradient") for e in symbolic.iter()):
            problems.append("%s: a symbolic icon has no gradients" % symbolic_path)
    return datacheck.report(problems, "icons ok")


if __name__ == "__main__":
    sys.exit(main())
