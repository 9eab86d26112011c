#!/usr/bin/env python3
"""Turning "Check for new papers in the background" on runs a round at
once (once it is allowed: outside Flatpak, the autostart file written):
exactly one notification from the test notification server, without
waiting for the next login or four hours.  Turning it off and on five
times more right after runs no other round: no new request for Daily
Papers, no other notification."""

import os
import time

import papers_e2e  # (first: it readies dogtail)

import corpus_server
from test_background_pref import autostart_file, close, preference, toggle
from test_refresh import LIBRARY, NotificationServer


def daily_requests(server):
    return sum(1 for r in server.httpd.requests if r.startswith("/hf/api/daily_papers"))


def test_background_turned_on(start):
    corpus_server.require_corpus()
    papers_e2e.import_papers(LIBRARY)
    server = corpus_server.CorpusServer().start()
    notifications = NotificationServer().start()
    env = dict(GNOTIFICATION_BACKEND="freedesktop", PAPERS_DAILY_DATE=corpus_server.DAILY_DAY,
               **server.env())
    # The window shows the Daily Papers itself: only the round's requests
    # are counted, from the moment the preference is on
    app = start(env=env)
    app.window()
    prefs, row = preference(app)
    assert not app.pressed(row), "on by default"
    time.sleep(2)
    before = daily_requests(server)
    assert notifications.count() == 0

    toggle(app, row, True)
    papers_e2e.wait_for(lambda: os.path.exists(autostart_file()), what="the autostart file")
    papers_e2e.wait_for(lambda: notifications.count() >= 1, timeout=60, what="the round's notification")
    sent = notifications.received[0]
    print("# turned on: %r" % sent["summary"])
    assert daily_requests(server) > before
    after_first = daily_requests(server)

    # Toggled again and again: no storm
    for _ in range(5):
        toggle(app, row, False)
        toggle(app, row, True)
    time.sleep(5 * papers_e2e.TIMEOUT_MULTIPLIER)
    assert notifications.count() == 1, notifications.received
    assert daily_requests(server) == after_first, server.httpd.requests

    toggle(app, row, False)
    papers_e2e.wait_for(lambda: not os.path.exists(autostart_file()), what="the autostart file removed")
    close(app)
    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_background_turned_on)
