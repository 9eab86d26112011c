#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that nothing `meson install` puts down collides with GNOME Papers.

GNOME's document viewer is also called Papers (org.gnome.Papers): it installs
bin/papers, share/papers and the gettext domain "papers".  An install of this
project into the same prefix must shadow none of them, so every installed
path is named from the application id (org.example.Papers…), except the
executable, which is papers-reader.  The gettext domain the translations use
(named in the installed schema and metainfo) must be the application id too:
with no translation yet, no .mo file shows it.

Installs the build with `meson install --destdir` into a temporary folder
(no root needed, nothing outside it touched) and reads what is there.

Usage: check-install-names.py MESON BUILD_DIR PREFIX BASE_ID EXECUTABLE
"""

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile

import datacheck

# What GNOME Papers installs, relative to the prefix.  Named here so that
# the message says which of the viewer's files would have been shadowed.
GNOME_PAPERS = (
    "bin/papers",
    "bin/papers-thumbnailer",
    "bin/papers-previewer",
    "libexec/papers*",
    "share/papers",
    "share/papers/*",
    "share/locale/*/LC_MESSAGES/papers.mo",
    "share/help/*/papers",
    "share/help/*/papers/*",
    "share/man/man1/papers*",
    "share/thumbnailers/papers*",
    "*org.gnome.Papers*",
    "lib*/libpps*",
)


def installed_paths(root):
    """Every file and folder under root, as paths relative to it."""
    paths = []
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            paths.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(paths)


def gettext_domains(root):
    """The gettext domains the installed data files name, with the file."""
    domains = []
    patterns = (
        ("share/glib-2.0/schemas/*.gschema.xml", re.compile(r'gettext-domain="([^"]*)"')),
        ("share/metainfo/*.metainfo.xml", re.compile(r'<translation type="gettext">([^<]*)<')),
    )
    for path in installed_paths(root):
        for pattern, regex in patterns:
            if fnmatch.fnmatch(path, pattern):
                with open(os.path.join(root, path), encoding="utf-8") as f:
                    domains += [(path, domain) for domain in regex.findall(f.read())]
    return domains


def check(root, base_id, executable):
    problems = []
    paths = installed_paths(root)
    if not any(path.startswith("bin" + os.sep) for path in paths):
        problems.append("nothing installed in bin/: did the install run?")
    for path in paths:
        for pattern in GNOME_PAPERS:
            if fnmatch.fnmatch(path, pattern):
                problems.append("%s collides with GNOME Papers' %s" % (path, pattern))
        # Folders that only hold others (share/, share/icons/hicolor/…) are
        # everyone's; a file must carry the id in its own name or a folder's.
        if os.path.isdir(os.path.join(root, path)):
            continue
        if path == os.path.join("bin", executable):
            continue
        if not any(part.startswith(base_id) for part in path.split(os.sep)):
            problems.append("%s is not named from the application id %s" % (path, base_id))
    domains = gettext_domains(root)
    if not domains:
        problems.append("no installed schema or metainfo names a gettext domain")
    for path, domain in domains:
        if not domain.startswith(base_id):
            problems.append("%s uses the gettext domain %r, not one named from %s" % (path, domain, base_id))
    return problems, len(paths)


def main():
    parser = datacheck.parser(__doc__)
    for name in ("meson", "build_dir", "prefix", "base_id", "executable"):
        parser.add_argument(name)
    args = parser.parse_args()
    destdir = tempfile.mkdtemp(prefix="papers-install-")
    try:
        # --no-rebuild: meson test has built everything already, and other
        # tests are running on the same build directory meanwhile.
        proc = subprocess.run([args.meson, "install", "-C", args.build_dir, "--no-rebuild",
                               "--destdir", destdir],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            print(proc.stdout, file=sys.stderr)
            print("meson install failed with %d" % proc.returncode, file=sys.stderr)
            return 1
        # DESTDIR is prepended to the absolute prefix.
        root = os.path.join(destdir, os.path.relpath(args.prefix, os.sep))
        problems, count = check(root, args.base_id, args.executable)
        return datacheck.report(problems, "none of the %d installed paths collides with GNOME Papers"
                                % count)
    finally:
        shutil.rmtree(destdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
