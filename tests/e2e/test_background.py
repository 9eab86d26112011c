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
the preference off, --background exits at once."""

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

        # Closing it goes back to waiting
        papers_e2e.rawinput.keyCombo("<Control>w")
        papers_e2e.wait_for(lambda: windows() == [], what="the window closed")
        time.sleep(1)
        assert service.poll() is None, "closing the window ended the service"

        # The notification's Open: the window again, on For You
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        bus.call_sync(app_id(), "/" + app_id().replace(".", "/"), "org.gtk.Actions", "Activate",
                      GLib.Variant("(sava{sv})", ("show-for-you", [], {})), None,
                      Gio.DBusCallFlags.NONE, 30000, None)
        papers_e2e.wait_for(lambda: len(windows()) == 1, timeout=30, what="the window from Open")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "screenshot.py"),
                        os.path.join(papers_e2e.build_dir(), "screenshots", "background-open.png")])
        print("# rounds run: %d, notifications: %d" % (rounds(log), notifications.count()))
    finally:
        service.terminate()
        service.wait(30)


if __name__ == "__main__":
    papers_e2e.run(test_background)
