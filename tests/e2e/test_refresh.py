#!/usr/bin/env python3
"""`papers-reader refresh --notify`, one background round, against the
corpus' recorded Daily Papers and arXiv feed on a loopback server, with a
test notification server (org.freedesktop.Notifications) on the private
session bus run-headless started.  GLib sends a GNotification through
org.gtk.Notifications when GNOME Shell owns that name and through
org.freedesktop.Notifications otherwise; GNOTIFICATION_BACKEND=freedesktop
makes that choice explicit here.  The first round sends exactly one
notification naming the new papers For You; a second round with nothing
new sends none; a search followed then is fetched in the next round and
its papers announced; with the network gone the round says so clearly, exits
with 1 and sends nothing.  The round's CPU time (user + system, the child's
own rusage) is printed: the goal is 2 s."""

import json
import os
import resource
import subprocess

from gi.repository import Gio, GLib

import corpus_server
import papers_e2e
from bus_service import BusService

LIBRARY = [
    ("Aligning large language models to long context with preference optimization", 2024),
    ("Reasoning capability of large language models from synthetic questions", 2024),
    ("Hallucinations and knowledge editing in large language models", 2024),
    ("Contrastive loss at very large batch size with limited memory", 2024),
    ("The effective context length of large language models", 2024),
    ("Visual chart reasoning in multimodal large language models", 2024),
]

NOTIFICATIONS_XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
</node>
"""


class NotificationServer(BusService):
    """org.freedesktop.Notifications on the session bus, recording each
    Notify (summary, body, actions) in a thread of its own."""

    NAME = "org.freedesktop.Notifications"
    PATH = "/org/freedesktop/Notifications"
    XML = NOTIFICATIONS_XML

    def __init__(self):
        super().__init__()
        self.received = []

    def call(self, connection, sender, path, iface, method, params, invocation):
        if method == "Notify":
            args = params.unpack()
            with self.lock:
                self.received.append({"app": args[0], "summary": args[3], "body": args[4],
                                      "actions": args[5]})
                number = len(self.received)
            invocation.return_value(GLib.Variant("(u)", (number,)))
        elif method == "GetCapabilities":
            invocation.return_value(GLib.Variant("(as)", (["actions", "body"],)))
        elif method == "GetServerInformation":
            invocation.return_value(GLib.Variant("(ssss)", ("test", "papers", "1", "1.2")))
        else:
            invocation.return_value(None)

    def count(self):
        with self.lock:
            return len(self.received)


def refresh(env, *args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([papers_e2e.papers_bin(), "refresh"] + list(args), env=env,
                            capture_output=True, text=True, timeout=120 * papers_e2e.TIMEOUT_MULTIPLIER)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result, cpu


def settle(server):
    """Lets a call already sent reach the server: a ping to the bus
    after it, answered in order"""
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync("org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                  "org.freedesktop.Notifications", "GetCapabilities", None, None,
                  Gio.DBusCallFlags.NONE, 10000, None)


def test_refresh(start):
    corpus_server.require_corpus()
    papers_e2e.import_papers(LIBRARY)
    server = corpus_server.CorpusServer().start()
    notifications = NotificationServer().start()
    env = dict(os.environ, GNOTIFICATION_BACKEND="freedesktop",
               PAPERS_DAILY_DATE=corpus_server.DAILY_DAY, **server.env())

    first, cpu = refresh(env, "--notify", "--json")
    assert first.returncode == 0, first.stderr
    fresh = json.loads(first.stdout)
    print("# first round: %d new papers for you, %.2f s of CPU" % (len(fresh), cpu))
    assert fresh, "nothing new for you: %s" % first.stderr
    assert all(p["for_you_reason"] for p in fresh), fresh
    papers_e2e.wait_for(lambda: notifications.count() >= 1, what="the notification")
    settle(notifications)
    assert notifications.count() == 1, notifications.received
    sent = notifications.received[0]
    expected = "%d new paper%s for you today" % (len(fresh), "" if len(fresh) == 1 else "s")
    assert sent["summary"] == expected, sent
    assert fresh[0]["title"] in sent["body"], (sent, fresh[0])

    # Nothing new: nothing printed, nothing sent
    second, cpu2 = refresh(env, "--notify", "--json")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == [], second.stdout
    settle(notifications)
    assert notifications.count() == 1, notifications.received
    print("# second round: %.2f s of CPU" % cpu2)

    # A followed search is fetched too, and its papers announced as such
    subprocess.run([papers_e2e.papers_bin(), "follow", "search", "Luttinger liquid"], env=env, check=True,
                   capture_output=True, timeout=60 * papers_e2e.TIMEOUT_MULTIPLIER)
    third, _ = refresh(env, "--notify", "--json")
    assert third.returncode == 0, third.stderr
    topic = [p for p in json.loads(third.stdout) if p["for_you_reason"] == "Topic you follow: Luttinger liquid"]
    print("# third round: %r" % [p["id"] for p in topic])
    assert topic and all("Luttinger" in p["title"] or "Luttinger" in (p.get("abstract") or "") for p in topic), \
        third.stdout
    papers_e2e.wait_for(lambda: notifications.count() >= 2, what="the followed search's notification")
    settle(notifications)
    assert notifications.count() == 2, notifications.received

    # The network gone: a clear message, no notification
    server.stop()
    offline, _ = refresh(env, "--notify")
    assert offline.returncode == 1, (offline.returncode, offline.stdout, offline.stderr)
    assert "could not check for new papers" in offline.stderr, offline.stderr
    assert offline.stdout == "", offline.stdout
    settle(notifications)
    assert notifications.count() == 2, notifications.received


if __name__ == "__main__":
    papers_e2e.run(test_refresh)
