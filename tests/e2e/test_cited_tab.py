#!/usr/bin/env python3
"""A cited paper opens in a new tab: the corpus' papermage paper is read,
its fifth reference (arXiv:2104.08809) is a paper the library keeps with
its PDF, and the References panel's "Open in Library" on that entry opens
it in a tab of its own beside the citing paper, which stays open in its
tab; Ctrl+W on the cited paper's tab shows the citing one again."""

import os
import subprocess

import corpus_server
import papers_e2e
import pyatspi

PAPER = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
CITED = "2104.08809"
# The title the local arXiv server gives any id it is told of (see
# corpus_server.Handler.send_known)
CITED_TITLE = "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"


def test_cited_tab(start):
    corpus_server.require_corpus()
    server = corpus_server.CorpusServer().start()
    server.httpd.known_ids.add(CITED)
    # The cited paper in the library with its PDF, as a reader who had
    # added and read it before
    cli_env = dict(os.environ, **server.env())
    for verb in ("add", "download"):
        subprocess.run([papers_e2e.papers_bin(), verb, CITED], env=cli_env, check=True,
                       stdout=subprocess.DEVNULL, timeout=60 * papers_e2e.TIMEOUT_MULTIPLIER)

    env = dict(server.env(), PAPERS_DAILY_DATE=corpus_server.DAILY_DAY, **papers_e2e.without_leak_check())
    app = start(env=env)
    window = app.window("Papers")

    def tab_names():
        return sorted(papers_e2e.accessible_name(n) for n in window.findChildren(
            lambda n: n.roleName in ("page tab", "tab"), showingOnly=True))

    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, PAPER)
    app.set_in_library(window)
    app.click(app.find(None, "Read PDF", root=window))
    app.find(None, "Document pages", root=window, timeout=20)
    assert tab_names() == [], tab_names()

    # The References panel, read, scrolled to the fifth entry: in the library
    app.click(app.find("toggle button", "References", root=window))
    add_all = app.find("button", "Add All With arXiv Ids", root=window, timeout=20)
    papers_e2e.wait_for(lambda: add_all.sensitive, timeout=40, what="the references read")
    # (a list makes items only near what it shows: one scroll at a time)
    for number in range(2, 6):
        item = app.find_where(lambda n: n.roleName == "list item" and n.name.startswith("[%d] " % number),
                              root=window, showing=False, what="entry %d" % number)
        item.doActionNamed("listitem.scroll-to")
    fifth = item
    papers_e2e.wait_for(lambda: fifth.showing and fifth.name.endswith("In your library"), timeout=20,
                        what="the fifth entry on show, in the library")
    app.click(app.find("button", "Open in Library", root=fifth))

    # A new tab: the cited paper's, beside the citing paper's
    papers_e2e.wait_for(lambda: len(tab_names()) == 2, timeout=30, what="the cited paper in a second tab")
    assert tab_names() == sorted([PAPER, CITED_TITLE]), tab_names()
    # The selected tab names the reader's page: the header's title
    app.find_where(lambda n: n.roleName == "label" and n.name == CITED_TITLE and
                   n.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[1] < 45, root=window,
                   what="the cited paper's tab selected")
    app.screenshot("cited-tab")

    # Closing it shows the citing paper, still open
    app.key("<Control>w")
    papers_e2e.wait_for(lambda: len(tab_names()) == 0, what="one tab left (the bar hidden)")
    app.find(None, "Document pages", root=window)
    papers_e2e.wait_for(lambda: any(papers_e2e.accessible_name(n) == PAPER for n in window.findChildren(
        lambda n: n.roleName in ("label", "heading"), showingOnly=True)), what="the citing paper shown")

    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_cited_tab)
