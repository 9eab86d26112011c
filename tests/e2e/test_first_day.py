#!/usr/bin/env python3
"""A new user's first day, the walk of issue 15 end to end: Daily Papers,
Search arXiv for `testing`, Add by Identifier with an old-style arXiv
address, All Papers, Read PDF, find in it.

What the corpus lacks is replaced, and said here: it has Daily Papers of
2024-10-25, not of 2026-02-26; no recorded arXiv answer to all:testing
(the loopback server answers every arXiv search with the recorded search
au:del_maestro); no answer for an old-style id (corpus_server rewrites a
recorded entry to astro-ph/0601001); and no 37-page paper (the PDF read
is the 14-page tracemonkey paper)."""

import re
import time

import corpus_server
import papers_e2e

DAILY_PAPER = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
ARXIV_RESULT = "Local Superfluidity at the Nanoscale"
OLD_STYLE_URL = "https://arxiv.org/abs/%sv1" % corpus_server.OLD_STYLE_ID
PDF_PAGES = 14
FIND = "TraceMonkey"


def label_where(app, root, predicate, what, timeout=10.0):
    return app.find_where(lambda n: n.roleName == "label" and predicate(n.name or ""), root=root,
                          timeout=timeout, what=what)


def test_first_day(start):
    server, app, window = corpus_server.start_daily(start)
    server.httpd.pdf = corpus_server.corpus_path("pdf", "pdfjs__tracemonkey.pdf")
    sidebar = app.find("list", "Sources and Library", root=window)

    # Daily Papers of the recorded day
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, DAILY_PAPER, root=papers)
    label_where(app, window, lambda name: name == "Fri, 25 Oct 2024", "the day")
    app.screenshot("first-day-daily")

    # Search arXiv for "testing"
    app.select(sidebar, "Search arXiv")
    app.key("<Control>f")
    app.find_where(lambda n: n.name == "Search" and "button" not in n.roleName, root=window,
                   what="the search entry")
    time.sleep(0.3)
    app.type("testing")
    app.key("Return")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, ARXIV_RESULT, root=papers, timeout=20)
    app.screenshot("first-day-search")

    # Add by Identifier, an old-style address: the window shows the paper
    # in All Papers, with arXiv's title, and the arXiv search does not
    # filter the library.
    app.key("<Control>n")
    dialog = app.find("alert", "Add by Identifier")
    time.sleep(0.3)
    app.type(OLD_STYLE_URL)
    add = app.find(None, "Add", root=dialog)
    papers_e2e.wait_for(lambda: add.sensitive, what="Add to turn on")
    app.key("Return")
    app.absent("alert", "Add by Identifier", timeout=20)
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, corpus_server.OLD_STYLE_TITLE, root=papers, timeout=20)
    label_where(app, window, lambda name: name == corpus_server.OLD_STYLE_TITLE, "the paper's heading")

    # All Papers: the paper added, no "No Results" under the arXiv search
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, corpus_server.OLD_STYLE_TITLE, root=papers)
    app.absent("label", "No Results", root=window, timeout=2)
    app.screenshot("first-day-library")

    # Read its PDF and find in it
    app.select(papers, corpus_server.OLD_STYLE_TITLE)
    app.click(app.find(None, "Read PDF", root=window))
    app.find(None, "Document pages", root=window, timeout=30)
    label_where(app, window, lambda name: name == "of %d" % PDF_PAGES, "the page count", timeout=20)
    app.key("<Control>f")
    app.find_where(lambda n: n.name == "Find in Document" and "button" not in n.roleName and n.focused,
                   root=window, what="the reader's find entry focused")
    app.type(FIND)
    found = label_where(app, window, lambda name: re.fullmatch(r"1 of [1-9][0-9]*", name) is not None,
                        "the first of the matches", timeout=30)
    app.screenshot("first-day-find")
    print("# %s: %s" % (FIND, found.name))
    assert any("/arxiv/pdf/%s" % corpus_server.OLD_STYLE_ID in r for r in server.httpd.requests), \
        server.httpd.requests

    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_first_day)
