#!/usr/bin/env python3
"""At 360 × 640 every view is reachable: sidebar → list → detail and back."""

import corpus_server
import papers_e2e

TITLE = "Framer: Interactive Frame Interpolation"


def test_narrow(start):
    # Back pops pages: see papers_e2e.without_leak_check().
    server, app, window = corpus_server.start_daily(start, **papers_e2e.without_leak_check())

    # Narrow, the sidebar is the first page.
    sidebar = app.find("list", "Sources and Library", root=window)
    app.screenshot("narrow-sidebar")
    app.select(sidebar, "cs.LG")
    app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.click(app.find(None, "Back", root=window))
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "Daily Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, TITLE, root=papers)
    app.absent("list", "Sources and Library", root=window)
    app.screenshot("narrow-list")

    # Choosing a paper opens it.
    app.select(papers, TITLE)
    app.find("toggle button", "In Library", root=window)
    app.absent(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.screenshot("narrow-detail")

    # Back, back: list, then sidebar.
    app.click(app.find(None, "Back", root=window))
    app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.click(app.find(None, "Back", root=window))
    app.find("list", "Sources and Library", root=window)

    # Search reaches the list from anywhere.
    app.key("<Control>f")
    app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_narrow)
