#!/usr/bin/env python3
"""Fault: the library file replaced by garbage, in the window.

The real app (dogtail, on the e2e harness) first runs on a good library
with papers and tags until it has made its daily backup.  The library file
is then overwritten with random bytes.  Started again against the corpus
on a loopback server, the app must

- not claim anything was being updated, and load Daily Papers from the
  network, under a banner saying the library is unavailable;
- refuse to add a paper (the toggle is disabled);
- show, in the library's views, a page saying the file is damaged, that
  Papers has not changed it, and the date of the latest good backup;
- on "Restore Backup", bring back the papers and tags of the backup it
  made, keeping the damaged file beside the library, byte for byte.
"""

import glob
import hashlib
import os
import random
import sqlite3

import corpus_server
import papers_e2e
import pyatspi  # noqa: E402 (after papers_e2e, which sets up dogtail)
from library_files import TAG, library, library_dir, make_library, sha256

DAILY_PAPER = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
TITLES = ["Garbage In, Papers Out", "Backups Kept Daily", "A Library Restored"]


def backups():
    return sorted(glob.glob(library() + ".backup-*"))


def make_library_with_backup(start):
    """Three papers, two tagged; the app runs until its daily backup is
    written (PAPERS_MAINTENANCE_DELAY makes that a second, not a minute)."""
    make_library(TITLES)
    app = start(env={"PAPERS_MAINTENANCE_DELAY": "1"})
    app.window("Papers")
    papers_e2e.wait_for(backups, timeout=30, what="the daily backup")
    app.key("<Control>q")
    assert app.wait_exit() == 0, "papers did not exit cleanly"


def garble():
    garbage = bytes(random.Random(22).getrandbits(8) for _ in range(64 * 1024))
    for suffix in ("-wal", "-shm"):
        if os.path.exists(library() + suffix):
            os.unlink(library() + suffix)
    with open(library(), "wb") as f:
        f.write(garbage)
    return hashlib.sha256(garbage).hexdigest()


def sensitive(node):
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def test_damaged_library(start):
    make_library_with_backup(start)
    backup = backups()[-1]
    backup_sum = sha256(backup)
    garbage_sum = garble()

    server, app, window = corpus_server.start_daily(start)
    # Daily Papers comes from the network: no spinner waits on the library
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, DAILY_PAPER, root=papers, timeout=15)
    app.find(None, "The library is unavailable", root=window)
    assert window.findChild(lambda n: "could not be updated" in (n.name or ""), retry=False,
                            requireResult=False) is None, "a toast claims an update"
    app.screenshot("damaged-library-daily")

    # Nothing can be added: the toggle says no rather than failing later
    app.select(papers, DAILY_PAPER)
    toggle = app.find("toggle button", "In Library", root=window)
    papers_e2e.wait_for(lambda: not sensitive(toggle), what="In Library disabled")

    # The library's views explain and offer the backup
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    app.find(None, "Library Could Not Be Opened", root=window)
    description = app.find_where(lambda n: "latest good backup is from" in (n.name or ""), root=window,
                                 what="the backup's date")
    assert "Papers has not changed it" in description.name, description.name
    assert "holds 3 papers" in description.name, description.name
    app.find("button", "Show in Files", root=window)
    app.screenshot("damaged-library")
    assert sha256(library()) == garbage_sum, "the damaged file was changed before anyone asked"

    app.click(app.find("button", "Restore Backup", root=window))
    app.find_where(lambda n: (n.name or "").startswith("Restored 3 papers from the backup of"),
                   root=window, timeout=20, what="the toast saying what came back")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    for title in TITLES:
        app.find(papers_e2e.PAPER_ROW, title, root=papers)
    app.select(sidebar, TAG)
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, TITLES[0], root=papers)
    app.find(papers_e2e.PAPER_ROW, TITLES[1], root=papers)
    app.absent(papers_e2e.PAPER_ROW, TITLES[2], root=papers)
    app.absent(None, "The library is unavailable", root=window)
    app.screenshot("damaged-library-restored")
    app.key("<Control>q")
    assert app.wait_exit() == 0, "papers did not exit cleanly"
    server.stop()

    # Nothing the user had is lost: the damaged file beside the library,
    # the backup as it was, the restored library whole.
    damaged = glob.glob(library() + ".damaged-*")
    assert [p for p in damaged if not p.endswith(("-wal", "-shm"))], os.listdir(library_dir())
    assert any(sha256(p) == garbage_sum for p in damaged), "the damaged file was not kept as it was"
    assert sha256(backup) == backup_sum, "the backup was changed"
    con = sqlite3.connect("file:%s?mode=ro" % library(), uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM library").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM paper_tags pt JOIN tags t ON t.id = pt.tag"
                           " WHERE t.name = ?", (TAG,)).fetchone()[0] == 2
    finally:
        con.close()


if __name__ == "__main__":
    papers_e2e.run(test_damaged_library)
