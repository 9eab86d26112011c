#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest org.example.Papers.json.

The sandbox must stay as small as Papers needs: network for the paper
services, Wayland with X11 only as a fallback (plus IPC, which X11's shared
memory needs), and the GPU.  Files come and go through portals, so any
filesystem access, any host or Flatpak-spawn talk name or all devices fail
the check.  Poppler, its data and libsodium are built from upstream release
tarballs pinned by sha256; Papers itself comes last, from the checkout.

Usage: check-manifest.py [--app-id ID] MANIFEST
"""

import json
import re
import sys
from urllib.parse import urlparse

import datacheck

RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
COMMAND = "papers-reader"
# The oldest GNOME runtime we still call current.
MIN_RUNTIME_VERSION = 48

REQUIRED_FINISH_ARGS = {
    "--share=network",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}
ALLOWED_FINISH_ARGS = REQUIRED_FINISH_ARGS | {"--share=ipc"}

# Named so that the failure says why, not only "not allowed".
FORBIDDEN = [
    (re.compile(r"^--filesystem"), "no filesystem access: files go through portals"),
    (re.compile(r"^--socket=x11$"), "X11 only as --socket=fallback-x11"),
    (re.compile(r"^--device=all$"), "only --device=dri"),
    (re.compile(r"^--talk-name=org\.freedesktop\.Flatpak$"),
     "no escape to the host through flatpak-spawn"),
    (re.compile(r"^--(talk|own|system-talk|system-own)-name="), "no extra D-Bus names"),
    (re.compile(r"^--socket=(session|system)-bus$"), "no whole D-Bus bus"),
    (re.compile(r"^--persist="), "no persisted home folders"),
    (re.compile(r"^--allow="), "no extra features"),
]

SHA256 = re.compile(r"^[0-9a-f]{64}$")
ARCHIVE_MODULES = {
    "poppler-data": re.compile(r"/poppler-data-(\d+(?:\.\d+)+)\.tar\.(?:gz|xz)$"),
    "poppler": re.compile(r"/poppler-(\d+(?:\.\d+)+)\.tar\.xz$"),
    # The sync layer's cryptography; the GNOME runtime has none.  Its
    # release tag's archive, which is also Debian's .orig tarball.
    "libsodium": re.compile(r"^/jedisct1/libsodium/archive/(\d+(?:\.\d+)+)\.tar\.gz$"),
}


def reject_duplicate_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            # json would silently keep the last one, and a reviewer reading
            # the first would be misled about what the sandbox allows.
            raise ValueError("duplicate key %r" % key)
        result[key] = value
    return result


class Problems(list):
    def add(self, message, *args):
        self.append(message % args if args else message)


def check_finish_args(manifest, problems):
    args = manifest.get("finish-args")
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        problems.add("finish-args must be a list of strings")
        return
    if len(set(args)) != len(args):
        problems.add("finish-args has duplicates")
    for arg in args:
        reasons = [why for pattern, why in FORBIDDEN if pattern.search(arg)]
        if reasons:
            problems.add("finish-args: %s is forbidden (%s)", arg, reasons[0])
        elif arg not in ALLOWED_FINISH_ARGS:
            problems.add("finish-args: %s is not in the allowed set %s",
                         arg, " ".join(sorted(ALLOWED_FINISH_ARGS)))
    for arg in sorted(REQUIRED_FINISH_ARGS - set(args)):
        problems.add("finish-args: %s is missing", arg)


def check_archive_module(module, name, problems):
    sources = module.get("sources")
    if not isinstance(sources, list) or len(sources) != 1 or not isinstance(sources[0], dict):
        problems.add("module %s: needs exactly one source", name)
        return
    source = sources[0]
    if source.get("type") != "archive":
        problems.add("module %s: source must be a release tarball (type archive)", name)
    url = source.get("url")
    if not isinstance(url, str) or urlparse(url).scheme != "https" or not urlparse(url).netloc:
        problems.add("module %s: url %r is not an https URL", name, url)
    elif not ARCHIVE_MODULES[name].search(urlparse(url).path):
        problems.add("module %s: url %s is not a %s release tarball", name, url, name)
    sha = source.get("sha256")
    if not isinstance(sha, str) or not SHA256.match(sha):
        problems.add("module %s: sha256 %r is not 64 lowercase hex digits", name, sha)


def check_modules(manifest, problems):
    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        problems.add("modules must be a non-empty list")
        return
    names = []
    for i, module in enumerate(modules):
        if not isinstance(module, dict) or not isinstance(module.get("name"), str):
            problems.add("modules[%d] must be an object with a name (no external files)", i)
            return
        names.append(module["name"])
    for name in ARCHIVE_MODULES:
        if names.count(name) != 1:
            problems.add("module %s must appear exactly once", name)
            continue
        check_archive_module(modules[names.index(name)], name, problems)
    if "poppler-data" in names and "poppler" in names \
       and names.index("poppler-data") > names.index("poppler"):
        problems.add("poppler-data must be built before poppler")

    last = modules[-1]
    if last.get("name") != "papers":
        problems.add("the last module must be papers, not %r", last.get("name"))
        return
    if last.get("buildsystem") != "meson":
        problems.add("module papers: buildsystem must be meson")
    sources = last.get("sources")
    if not isinstance(sources, list) or len(sources) != 1 or not isinstance(sources[0], dict) \
       or sources[0].get("type") != "dir" or sources[0].get("path") != ".":
        problems.add('module papers: sources must be [{"type": "dir", "path": "."}]')


def check(manifest, app_id):
    problems = Problems()
    if not isinstance(manifest, dict):
        problems.add("the manifest must be a JSON object")
        return problems
    if manifest.get("app-id") != app_id:
        problems.add("app-id is %r, not %r", manifest.get("app-id"), app_id)
    if "id" in manifest:
        problems.add("use app-id only, not id")
    if manifest.get("runtime") != RUNTIME:
        problems.add("runtime is %r, not %r", manifest.get("runtime"), RUNTIME)
    if manifest.get("sdk") != SDK:
        problems.add("sdk is %r, not %r", manifest.get("sdk"), SDK)
    version = manifest.get("runtime-version")
    if not isinstance(version, str) or not re.fullmatch(r"\d+", version) \
       or int(version) < MIN_RUNTIME_VERSION:
        problems.add("runtime-version %r is not a current GNOME release (>= %d)",
                     version, MIN_RUNTIME_VERSION)
    if manifest.get("command") != COMMAND:
        problems.add("command is %r, not %r", manifest.get("command"), COMMAND)
    check_finish_args(manifest, problems)
    check_modules(manifest, problems)
    return problems


def main():
    parser = datacheck.parser(__doc__)
    parser.add_argument("--app-id", default="org.example.Papers")
    parser.add_argument("manifest")
    args = parser.parse_args()
    try:
        with open(args.manifest, encoding="utf-8") as f:
            manifest = json.load(f, object_pairs_hook=reject_duplicate_keys)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as e:
        print("%s: cannot read the manifest: %s" % (args.manifest, e), file=sys.stderr)
        return 1
    problems = check(manifest, args.app_id)
    return datacheck.report(["%s: %s" % (args.manifest, p) for p in problems],
                            "%s: ok" % args.manifest)


if __name__ == "__main__":
    sys.exit(main())
