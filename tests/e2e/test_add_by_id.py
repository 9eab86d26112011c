#!/usr/bin/env python3
"""Add by Identifier (Ctrl+N) as a new user meets it, against arXiv's
recorded answers on a loopback server: the dialog waits for arXiv and
adds nothing when cancelled meanwhile; an id arXiv does not know is
refused in the dialog and nothing is added; an old-style address
(archive/YYMMNNN with a version) gets arXiv's title, not its id; and the
authors arXiv sends double-encoded ("Dirk WÃ¼bben") are shown repaired."""

import threading
import time

import corpus_server
import papers_e2e

UNKNOWN = "hep-th/9603067"
OLD_STYLE_URL = "https://arxiv.org/abs/%sv1" % corpus_server.OLD_STYLE_ID
AEW10 = "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"


def add_by_id(app, text):
    app.key("<Control>n")
    dialog = app.find("alert", "Add by Identifier")
    entry = app.find("text", "Identifier", root=dialog)
    papers_e2e.wait_for(lambda: entry.focused, what="the identifier entry focused")
    app.type(text)
    add = app.find(None, "Add", root=dialog)
    papers_e2e.wait_for(lambda: add.sensitive, what="Add to turn on")
    app.key("Return")
    return dialog


def heading_is(window, title):
    return any(n.name == title for n in window.findChildren(lambda n: n.roleName == "label",
                                                            showingOnly=True))


def test_add_by_id(start):
    corpus_server.require_corpus()
    server = corpus_server.CorpusServer().start()
    app = start(env=server.env())
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)

    # The dialog says it is looking up; cancelled meanwhile, nothing is
    # added when arXiv answers after all.
    server.httpd.hold_api = threading.Event()
    dialog = add_by_id(app, "1707.08567")
    app.find("label", "Looking up 1707.08567…", root=dialog, timeout=20)
    papers_e2e.wait_for(lambda: any("id_list=1707.08567" in r for r in server.httpd.requests),
                        what="arXiv asked")
    app.key("Escape")
    app.absent("alert", "Add by Identifier")
    server.httpd.hold_api.set()
    server.httpd.hold_api = None
    time.sleep(1.0)
    app.select(sidebar, "All Papers")
    app.find("label", "No Papers Yet", root=window)
    app.select(sidebar, "Daily Papers")

    # An id arXiv answers with an empty feed: the dialog says so, stays
    # open with the text to correct, and the library stays empty.
    dialog = add_by_id(app, UNKNOWN)
    app.find("label", "arXiv does not know the paper %s." % UNKNOWN, root=dialog, timeout=20)
    app.screenshot("add-by-id-unknown")
    app.click(app.find(None, "Cancel", root=dialog))
    app.absent("alert", "Add by Identifier")
    app.select(sidebar, "All Papers")
    app.find("label", "No Papers Yet", root=window)

    # An old-style address with its version: the title is arXiv's.
    add_by_id(app, OLD_STYLE_URL)
    app.absent("alert", "Add by Identifier", timeout=20)
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, corpus_server.OLD_STYLE_TITLE, root=papers, timeout=20)
    papers_e2e.wait_for(lambda: heading_is(window, corpus_server.OLD_STYLE_TITLE),
                        what="the detail page's heading to be the title")
    app.absent(papers_e2e.PAPER_ROW, corpus_server.OLD_STYLE_ID, root=papers)
    assert not heading_is(window, corpus_server.OLD_STYLE_ID), "the id is still a heading"
    app.screenshot("add-by-id-old-style")

    # Authors arXiv sends as UTF-8 read as Latin-1 are shown as written.
    add_by_id(app, "1707.08567")
    app.absent("alert", "Add by Identifier", timeout=20)
    app.find(papers_e2e.PAPER_ROW, AEW10, root=papers, timeout=20)
    authors = app.find_where(lambda n: n.roleName == "label" and "Dirk W" in (n.name or ""),
                             root=window, what="the authors of AEW10")
    assert "Dirk Wübben" in authors.name, authors.name
    assert "Ã" not in authors.name, authors.name
    app.screenshot("add-by-id-authors")

    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_add_by_id)
