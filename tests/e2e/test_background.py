#!/usr/bin/env python3
"""The background service: `papers-reader --background`, as the autostart
entry (or the Background portal) starts it at login, with "Check for new
papers in the background" on.  It opens no window, runs one round at start
through the code `refresh --notify` runs and then one round per interval
(a few seconds here, set by the test-only $PAPERS_TEST_BACKGROUND_INTERVAL):
exactly one notification to the test notification server, none for the
later rounds with nothing new, none with the network gone.  Launching
Papers while it waits opens its window; closing that window goes back to
waiting; the notification's "Open" (app.show-for-you) opens it again.  With
the preference off, --background exits at once.

The waiting process never starts GTK: launching Papers, the notification's
Open and the Shell's "Search in Papers" turn it (exec, same PID) into the
window's process, showing what was asked; closing the last window turns it
back into the small one."""

import os
import subprocess
import sys
import time

import papers_e2e  # (first: it readies dogtail)
from gi.repository import Gio, GLib

import corpus_server
from test_refresh import LIBRARY, NotificationServer, settle

INTERVAL = 3


def app_id():
    return os.environ.get("PAPERS_APP_ID", "org.example.Papers")


def keyfile_env(enabled):
    """The keyfile settings backend, so the service reads the preference
    as the test left it"""
    folder = os.path.join(os.environ["XDG_CONFIG_HOME"], "glib-2.0", "settings")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "keyfile"), "w", encoding="utf-8") as out:
        out.write("[org/example/Papers]\ncheck-in-background=%s\n" % ("true" if enabled else "false"))
    return {"GSETTINGS_BACKEND": "keyfile"}


def windows():
    """The papers application's top-level windows on the a11y bus"""
    for app in papers_e2e.tree.root.applications():
        if app.name == papers_e2e.APP_NAME:
            return [c for c in app.children if c.roleName in ("frame", "window") and c.showing]
    return []


# What only GTK's start maps (the GL driver): the small service maps none
GTK_STARTED = ("libLLVM", "libgallium", "libEGL_mesa", "libGLX_mesa")


def cmdline(pid):
    with open("/proc/%d/cmdline" % pid, "rb") as f:
        return f.read().split(b"\0")


def rss_mb(pid):
    with open("/proc/%d/status" % pid, encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return -1


def is_service(pid):
    """The process is the windowless service: run as --background, with
    nothing of GTK's start mapped"""
    if b"--background" not in cmdline(pid):
        return False
    with open("/proc/%d/maps" % pid, encoding="utf-8", errors="replace") as f:
        maps = f.read()
    return not any(name in maps for name in GTK_STARTED)


def owned():
    """Whether a process owns the application id (between exec and
    registering, nobody does)"""
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
                          GLib.Variant("(s)", (app_id(),)), None, Gio.DBusCallFlags.NONE, 5000, None)
    return reply.unpack()[0]


def selected_view():
    """The sidebar's selected row in the window, or None"""
    for app in papers_e2e.tree.root.applications():
        if app.name != papers_e2e.APP_NAME:
            continue
        sidebar = app.findChild(lambda n: n.roleName == "list" and n.name == "Sources and Library",
                                retry=False, requireResult=False)
        if sidebar is None:
            return None
        selection = sidebar.querySelection()
        if selection.nSelectedChildren < 1:
            return None
        return papers_e2e.accessible_name(selection.getSelectedChild(0))
    return None


def text_is(node, text):
    try:
        # GTK 4.18 answers getText(0, -1) with "" for entries
        content = node.queryText()
        return content.getText(0, content.characterCount) == text
    except Exception:
        return False


def shows_text(text):
    """Whether the window shows an entry holding `text`"""
    for app in papers_e2e.tree.root.applications():
        if app.name == papers_e2e.APP_NAME:
            return app.findChild(lambda n: n.roleName in ("entry", "text") and text_is(n, text),
                                 retry=False, requireResult=False) is not None
    return False


def rounds(log):
    with open(log, encoding="utf-8", errors="replace") as f:
        return f.read().count("Background round:")


def test_background(start):
    corpus_server.require_corpus()
    papers_e2e.import_papers(LIBRARY)
    server = corpus_server.CorpusServer().start()
    notifications = NotificationServer().start()
    tmp = os.environ.get("PAPERS_TEST_TMPDIR", "/tmp")
    log = os.path.join(tmp, "service.log")

    # Off: --background leaves at once, opening nothing
    env = dict(os.environ, GNOTIFICATION_BACKEND="freedesktop", PAPERS_DAILY_DATE=corpus_server.DAILY_DAY,
               PAPERS_TEST_BACKGROUND_INTERVAL=str(INTERVAL), G_MESSAGES_DEBUG="Papers-UI",
               **server.env())
    env.update(keyfile_env(False))
    off = subprocess.run([papers_e2e.papers_bin(), "--background"], env=env, capture_output=True,
                         timeout=30 * papers_e2e.TIMEOUT_MULTIPLIER)
    assert off.returncode == 0, off
    assert notifications.count() == 0

    env.update(keyfile_env(True))
    with open(log, "w") as out:
        service = subprocess.Popen([papers_e2e.papers_bin(), "--background"], env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        # The login round: one notification, naming new papers for you
        papers_e2e.wait_for(lambda: notifications.count() >= 1, timeout=60, what="the login round's notification")
        sent = notifications.received[0]
        print("# login round: %r" % sent["summary"])
        assert "new paper" in sent["summary"] and "for you today" in sent["summary"], sent
        assert windows() == [], "the service opened a window"
        assert is_service(service.pid), "the service started GTK"
        print("# the service waiting: %.1f MB resident" % rss_mb(service.pid))

        # Later rounds, with nothing new: nothing sent
        papers_e2e.wait_for(lambda: rounds(log) >= 3, timeout=10 * INTERVAL, what="two more rounds")
        settle(notifications)
        assert notifications.count() == 1, notifications.received
        assert service.poll() is None, "the service left"

        # The network gone: the rounds go on, silently
        server.stop()
        done = rounds(log)
        papers_e2e.wait_for(lambda: rounds(log) >= done + 2, timeout=10 * INTERVAL, what="rounds offline")
        settle(notifications)
        assert notifications.count() == 1, notifications.received
        assert service.poll() is None, "the service left offline"

        # Launching Papers shows the service's window
        launched = subprocess.run([papers_e2e.papers_bin()], env=env, timeout=30 * papers_e2e.TIMEOUT_MULTIPLIER)
        assert launched.returncode == 0
        papers_e2e.wait_for(lambda: len(windows()) == 1, timeout=30, what="the window from the service")
        assert service.poll() is None
        assert b"--background" not in cmdline(service.pid), "the window is not the service's process"
        print("# with its window: %.1f MB resident" % rss_mb(service.pid))

        # Closing it goes back to waiting, as the small process
        papers_e2e.rawinput.keyCombo("<Control>w")
        papers_e2e.wait_for(lambda: windows() == [], what="the window closed")
        papers_e2e.wait_for(lambda: service.poll() is not None or is_service(service.pid), timeout=30,
                            what="the small service again")
        time.sleep(1)
        assert service.poll() is None, "closing the window ended the service"
        assert is_service(service.pid)
        print("# waiting again: %.1f MB resident" % rss_mb(service.pid))

        # Its rounds go on, at their rhythm, still sending nothing new
        done = rounds(log)
        papers_e2e.wait_for(lambda: rounds(log) >= done + 1, timeout=10 * INTERVAL, what="a round after the window")
        assert notifications.count() == 1, notifications.received

        # The notification's Open: the window again, on For You
        papers_e2e.wait_for(owned, what="the service on the bus")
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        bus.call_sync(app_id(), "/" + app_id().replace(".", "/"), "org.gtk.Actions", "Activate",
                      GLib.Variant("(sava{sv})", ("show-for-you", [], {})), None,
                      Gio.DBusCallFlags.NONE, 30000, None)
        papers_e2e.wait_for(lambda: len(windows()) == 1, timeout=30, what="the window from Open")
        papers_e2e.wait_for(lambda: selected_view() == "For You", timeout=30, what="the For You view")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "screenshot.py"),
                        os.path.join(papers_e2e.build_dir(), "screenshots", "background-open.png")])
        print("# rounds run: %d, notifications: %d" % (rounds(log), notifications.count()))

        # The Shell's "Search in Papers" while it waits: the window's search
        # with the terms, however odd (a quote, an option-like word)
        papers_e2e.rawinput.keyCombo("<Control>w")
        papers_e2e.wait_for(lambda: service.poll() is not None or (is_service(service.pid) and owned()),
                            timeout=30, what="the small service before the search")
        terms = ["--quit", "o'brien"]
        bus.call_sync(app_id(), "/org/example/Papers/SearchProvider", "org.gnome.Shell.SearchProvider2",
                      "LaunchSearch", GLib.Variant("(asu)", (terms, 0)), None,
                      Gio.DBusCallFlags.NONE, 30000, None)
        papers_e2e.wait_for(lambda: len(windows()) == 1, timeout=30, what="the window from the Shell's search")
        papers_e2e.wait_for(lambda: shows_text(" ".join(terms)), timeout=30, what="the Shell's terms in the search")
        assert service.poll() is None
    finally:
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f.read().splitlines()[-15:]:
                print("# log: %s" % line)
        service.terminate()
        service.wait(30)


if __name__ == "__main__":
    papers_e2e.run(test_background)
