#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that po/POTFILES.in lists exactly the files with translatable strings.

Fails when a file under src/ or data/ holds translatable strings but is not
listed (its strings would silently never be translated), when POTFILES.in
lists a file that does not exist (xgettext, and so the `org.example.Papers-pot`
target, would fail), or when it lists a file twice.  Files named in
po/POTFILES.skip are exempt.

When xgettext is given, it also extracts the listed files the way the
`org.example.Papers-pot` target does, into a temporary file, so that a source
xgettext cannot parse fails here rather than at translation time.

Usage: check-potfiles.py [--xgettext PATH] SOURCE_ROOT
"""

import os
import re
import subprocess
import sys
import tempfile

import datacheck

SCANNED_DIRS = ("src", "data")
SCANNED_SUFFIXES = (".c", ".h", ".ui", ".blp", ".py", ".js",
                    ".in", ".xml")

# C and C-like sources: gettext calls as the glib preset of meson's i18n
# module knows them.  GNU style puts a space before the parenthesis.
CODE_MARKER = re.compile(
    r"(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dgettext|g_dngettext|"
    r"g_dpgettext2?|ngettext|dgettext|dngettext)\s*\(")
# GtkBuilder and Blueprint files.
UI_MARKER = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"|\b_\s*\("')

# Data files whose every string is translatable by their format's ITS
# rules, without any marker in them.
ALWAYS_TRANSLATABLE = (".desktop.in", ".metainfo.xml.in", ".appdata.xml.in",
                       ".gschema.xml")


def read_list(path):
    """Returns the non-comment lines of a POTFILES-style file, in order."""
    entries = []
    if not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            # POTFILES.in may name a file as [type: gettext/glade]path.
            line = re.sub(r"^\[[^\]]*\]\s*", "", line)
            entries.append((number, line))
    return entries


def has_translatable_strings(path):
    name = os.path.basename(path)
    if name.endswith(ALWAYS_TRANSLATABLE):
        return True
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith((".ui", ".blp")) or name.endswith(".ui.in"):
        return UI_MARKER.search(text) is not None
    if name.endswith((".xml", ".xml.in")):
        return 'translatable="yes"' in text
    return CODE_MARKER.search(text) is not None


def scan(root):
    """Yields the files under SCANNED_DIRS (relative to root) with strings."""
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.endswith(SCANNED_SUFFIXES):
                    continue
                path = os.path.join(dirpath, name)
                if has_translatable_strings(path):
                    yield os.path.relpath(path, root).replace(os.sep, "/")


def run_xgettext(xgettext, root, potfiles):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "check.pot")
        args = [xgettext, "--package-name=papers", "--from-code=UTF-8",
                "--add-comments", "--keyword=_", "--keyword=N_",
                "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
                "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
                "--flag=g_strdup_printf:1:c-format",
                "--directory=" + root, "--files-from=" + potfiles,
                "--output=" + out]
        result = subprocess.run(args, capture_output=True, text=True)
        if result.returncode != 0:
            return [result.stderr.strip() or "xgettext failed"]
        return []


def check(root, xgettext=None):
    """Returns a list of problems; empty when POTFILES.in is right."""
    potfiles = os.path.join(root, "po", "POTFILES.in")
    if not os.path.exists(potfiles):
        return ["po/POTFILES.in does not exist"]
    problems = []
    listed = {}
    for number, entry in read_list(potfiles):
        if entry in listed:
            problems.append("po/POTFILES.in:%d: %s is listed twice (first on line %d)"
                            % (number, entry, listed[entry]))
            continue
        listed[entry] = number
        if not os.path.isfile(os.path.join(root, entry)):
            problems.append("po/POTFILES.in:%d: %s does not exist" % (number, entry))
    skipped = {entry for _, entry in read_list(os.path.join(root, "po", "POTFILES.skip"))}
    for path in scan(root):
        if path not in listed and path not in skipped:
            problems.append("%s has translatable strings but is missing from po/POTFILES.in"
                            % path)
    if not problems and xgettext:
        problems.extend(run_xgettext(xgettext, root, potfiles))
    return problems


def main():
    parser = datacheck.parser(__doc__)
    parser.add_argument("--xgettext", help="also extract with this xgettext")
    parser.add_argument("source_root")
    args = parser.parse_args()
    problems = check(os.path.abspath(args.source_root), args.xgettext)
    return datacheck.report(problems,
                            "po/POTFILES.in lists every file with translatable strings")


if __name__ == "__main__":
    sys.exit(main())
