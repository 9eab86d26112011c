#!/usr/bin/env python3
"""Each source keeps its own search: arXiv searched for `testing`, All
Papers still lists the library (not "No Results" under `testing`), Search
arXiv shows `testing` and its results again, and a search typed in All
Papers stays with All Papers."""

import time

import corpus_server
import papers_e2e

KEPT = ["Kept Paper One", "Kept Paper Two"]
ARXIV_RESULT = "Local Superfluidity at the Nanoscale"


def search_entry(app, window):
    return app.find_where(lambda n: n.name == "Search" and "button" not in n.roleName, root=window,
                          what="the search entry", showing=False)


def entry_shows(app, window, text):
    papers_e2e.wait_for(lambda: app.text_of(search_entry(app, window)) == text,
                        what="the search entry to show %r (it shows %r)"
                        % (text, app.text_of(search_entry(app, window))))


def test_source_search(start):
    corpus_server.require_corpus()
    papers_e2e.import_papers([(title, 2020 + i) for i, title in enumerate(KEPT)])
    server = corpus_server.CorpusServer().start()
    app = start(env=server.env())
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)

    # Search arXiv for "testing": its results.
    app.select(sidebar, "Search arXiv")
    app.key("<Control>f")
    search_entry(app, window)
    time.sleep(0.3)
    app.type("testing")
    app.key("Return")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, ARXIV_RESULT, root=papers, timeout=20)
    papers_e2e.wait_for(lambda: any("search_query=all%3Atesting" in r for r in server.httpd.requests),
                        what="arXiv asked for all:testing")

    # All Papers: the library, unfiltered.
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    for title in KEPT:
        app.find(papers_e2e.PAPER_ROW, title, root=papers)
    app.absent("label", "No Results", root=window, timeout=2)
    entry_shows(app, window, "")
    app.screenshot("source-search-library")

    # Back to Search arXiv: its search and results again.
    app.select(sidebar, "Search arXiv")
    entry_shows(app, window, "testing")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, ARXIV_RESULT, root=papers, timeout=20)
    app.screenshot("source-search-arxiv-again")

    # A search typed in All Papers is All Papers' own.
    app.select(sidebar, "All Papers")
    app.key("<Control>f")
    time.sleep(0.3)
    app.type("One")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, KEPT[0], root=papers)
    app.absent(papers_e2e.PAPER_ROW, KEPT[1], root=papers)
    app.select(sidebar, "Search arXiv")
    entry_shows(app, window, "testing")
    app.select(sidebar, "All Papers")
    entry_shows(app, window, "One")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, KEPT[0], root=papers)
    app.absent(papers_e2e.PAPER_ROW, KEPT[1], root=papers)

    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_source_search)
