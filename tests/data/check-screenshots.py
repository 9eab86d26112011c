#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the screenshots the metainfo and the README show are committed.

Each <image> of the metainfo must name a file of data/screenshots/ (by its
address under the repository's raw files) that is a real PNG of a sensible
size, and every image the README links from data/screenshots/ must exist.

Usage: check-screenshots.py METAINFO README SCREENSHOTS_DIR
"""

import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

import datacheck

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or not head.startswith(PNG_SIGNATURE) or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def check_image(path, problems):
    if not os.path.isfile(path):
        problems.append("%s: no such screenshot" % path)
        return
    size = png_size(path)
    if size is None:
        problems.append("%s: not a PNG" % path)
    elif not (320 <= size[0] <= 3840 and 320 <= size[1] <= 2160):
        problems.append("%s: %dx%d is not a screen's size" % (path, size[0], size[1]))


def main():
    args = datacheck.parser(__doc__)
    args.add_argument("metainfo")
    args.add_argument("readme")
    args.add_argument("screenshots")
    opts = args.parse_args()
    problems = []

    root = ET.parse(opts.metainfo).getroot()
    images = [image.text.strip() for image in root.iter("image") if image.text]
    if not images:
        problems.append("%s: no screenshots" % opts.metainfo)
    defaults = [s for s in root.iter("screenshot") if s.get("type") == "default"]
    if len(defaults) != 1:
        problems.append("%s: %d default screenshots, not one" % (opts.metainfo, len(defaults)))
    for url in images:
        if not url.startswith("https://"):
            problems.append("%s: %s is not an https address" % (opts.metainfo, url))
        name = url.rsplit("/data/screenshots/", 1)
        if len(name) != 2:
            problems.append("%s: %s is not under data/screenshots/" % (opts.metainfo, url))
            continue
        check_image(os.path.join(opts.screenshots, name[1]), problems)

    with open(opts.readme, encoding="utf-8") as f:
        linked = re.findall(r"data/screenshots/([\w.-]+\.png)", f.read())
    if not linked:
        problems.append("%s: shows no screenshot" % opts.readme)
    for name in linked:
        check_image(os.path.join(opts.screenshots, name), problems)

    return datacheck.report(problems, "%d screenshots in the metainfo, %d in the README"
                            % (len(images), len(linked)))


if __name__ == "__main__":
    sys.exit(main())
