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
    symbolic = load(symbolic_path, problems)
    if symbolic is not None:
        check_common(symbolic_path, symbolic, 16, problems)
        used = colours(symbolic)
        if len(used) > 1:
            problems.append("%s: a symbolic icon uses one colour, not %s"
                            % (symbolic_path, ", ".join(sorted(used))))
        if any(local(e.tag) in ("linearGradient", "radialGradient") for e in symbolic.iter()):
            problems.append("%s: a symbolic icon has no gradients" % symbolic_path)
    return datacheck.report(problems, "icons ok")


if __name__ == "__main__":
    sys.exit(main())
