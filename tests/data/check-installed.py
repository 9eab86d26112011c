#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that `meson install` puts every data file where the desktop finds it.

Reads the install plan meson writes at configure time
(meson-info/intro-installed.json), so it needs no install and no root.

Usage: check-installed.py BUILD_DIR APP_ID BINDIR DATADIR
"""

import json
import os
import sys

import datacheck


def main():
    parser = datacheck.parser(__doc__)
    for name in ("build_dir", "app_id", "bindir", "datadir"):
        parser.add_argument(name)
    args = parser.parse_args()
    build_dir, app_id, bindir, datadir = args.build_dir, args.app_id, args.bindir, args.datadir
    plan = os.path.join(build_dir, "meson-info", "intro-installed.json")
    try:
        with open(plan, encoding="utf-8") as f:
            installed = set(json.load(f).values())
    except (OSError, ValueError) as e:
        print("%s: cannot be read: %s" % (plan, e), file=sys.stderr)
        return 1
    expected = [
        os.path.join(bindir, "papers-reader"),
        os.path.join(datadir, "applications", app_id + ".desktop"),
        os.path.join(datadir, "metainfo", app_id + ".metainfo.xml"),
        os.path.join(datadir, "icons", "hicolor", "scalable", "apps", app_id + ".svg"),
        os.path.join(datadir, "icons", "hicolor", "symbolic", "apps", app_id + "-symbolic.svg"),
        os.path.join(datadir, "glib-2.0", "schemas", "org.example.Papers.gschema.xml"),
        os.path.join(datadir, "dbus-1", "services", app_id + ".service"),
        os.path.join(datadir, "gnome-shell", "search-providers", app_id + ".search-provider.ini"),
    ]
    return datacheck.report(["not installed: %s" % path for path in expected
                             if path not in installed],
                            "all %d data files are installed" % len(expected))


if __name__ == "__main__":
    sys.exit(main())
