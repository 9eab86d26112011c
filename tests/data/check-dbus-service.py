#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the D-Bus service file against the desktop file.

The desktop file says DBusActivatable=true, so the session bus starts Papers
by the name in the service file; that name must be the desktop file's name
without ".desktop" (the app id), and Exec must start the installed binary as
a GApplication service.

Usage: check-dbus-service.py SERVICE_FILE DESKTOP_FILE BINDIR
"""

import configparser
import os
import shlex
import sys

import datacheck


def read(path, group, problems):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    try:
        with open(path, encoding="utf-8") as f:
            parser.read_file(f)
    except (OSError, UnicodeDecodeError, configparser.Error) as e:
        problems.append("%s: cannot be read: %s" % (path, e))
        return None
    if not parser.has_section(group):
        problems.append("%s: has no [%s] group" % (path, group))
        return None
    return parser[group]


def main():
    parser = datacheck.parser(__doc__)
    parser.add_argument("service_file")
    parser.add_argument("desktop_file")
    parser.add_argument("bindir")
    args = parser.parse_args()
    service_path, desktop_path, bindir = args.service_file, args.desktop_file, args.bindir
    problems = []
    service = read(service_path, "D-BUS Service", problems)
    desktop = read(desktop_path, "Desktop Entry", problems)
    if service is not None and desktop is not None:
        app_id = os.path.basename(desktop_path)[:-len(".desktop")]
        if service.get("Name") != app_id:
            problems.append("%s: Name is %r, not the desktop file's id %r"
                            % (service_path, service.get("Name"), app_id))
        if os.path.basename(service_path) != app_id + ".service":
            problems.append("%s: the file must be named %s.service" % (service_path, app_id))
        try:
            argv = shlex.split(service.get("Exec", ""))
        except ValueError as e:
            problems.append("%s: Exec cannot be parsed: %s" % (service_path, e))
            argv = []
        if argv != [os.path.join(bindir, "papers-reader"), "--gapplication-service"]:
            problems.append("%s: Exec is %r, not %s/papers --gapplication-service"
                            % (service_path, service.get("Exec"), bindir))
        if desktop.get("DBusActivatable") != "true":
            problems.append("%s: DBusActivatable is not true" % desktop_path)
    return datacheck.report(problems, "D-Bus service ok")


if __name__ == "__main__":
    sys.exit(main())
