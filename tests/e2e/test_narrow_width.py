#!/usr/bin/env python3
"""At 360 × 640 (a phone) the window fits the screen: its width is at most
360 and the header bar's Close button is on screen, on the library's list,
in the reader, and in the reader's tab overview (two papers open)."""

import os
import tempfile
import time

import make_pdf
import papers_e2e
import pyatspi
from test_tabs import ENV, open_with

ALPHA = "Alpha Narrow Paper"
BETA = "Beta Narrow Paper"
SCREEN_WIDTH = 360


def check_fits(app, window, what):
    """The window at most as wide as the screen, a Close button inside it"""
    def fits():
        x, y, width, height = window.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        closes = window.findChildren(lambda n: n.roleName == "button" and
                                     papers_e2e.accessible_name(n) == "Close", showingOnly=True)
        inside = [c for c in closes
                  if 0 <= c.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[0] and
                  sum(c.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[0:3:2]) <= SCREEN_WIDTH]
        return (width <= SCREEN_WIDTH and inside, width, [c.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
                                                         for c in closes])
    try:
        papers_e2e.wait_for(lambda: fits()[0], timeout=10, what="%s fitting the screen" % what)
    except AssertionError:
        ok, width, closes = fits()
        raise AssertionError("%s: window %d px wide, Close buttons at %r" % (what, width, closes))
    print("# %s: fits" % what)


def leave_reader(app, window):
    """The header's Back, left of the reader's own Back in its history:
    the list again, the tabs kept"""
    backs = papers_e2e.wait_for(lambda: window.findChildren(lambda n: papers_e2e.accessible_name(n) == "Back" and
                                                        n.roleName == "button", showingOnly=True),
                                what="the reader's Back")
    backs.sort(key=lambda n: n.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[0])
    app.click(backs[0])


def test_narrow_width(start):
    tmp = tempfile.mkdtemp(prefix="papers-narrow-width-")
    paths = {}
    for title, pages in ((ALPHA, 3), (BETA, 2)):
        paths[title] = os.path.join(tmp, title + ".pdf")
        make_pdf.write(paths[title], "The paper called %s." % title, n_pages=pages, title=title)

    app = start(env=dict(ENV))
    window = app.window("Papers")

    # Narrow, the sidebar comes first
    app.find("list", "Sources and Library", root=window)
    check_fits(app, window, "the sidebar")

    # The reader, one paper open
    open_with(paths[ALPHA])
    app.find(None, "Document pages", root=window, timeout=30)
    time.sleep(1)
    check_fits(app, window, "the reader")
    app.screenshot("narrow-width-reader")

    # Two papers: the tab overview
    open_with(paths[BETA])
    app.find_where(lambda n: n.roleName == "text" and n.name == "Page" and n.description == "of 2",
                   root=window, timeout=30, what="the second paper")
    app.key("<Control><Shift>o")
    time.sleep(1)
    check_fits(app, window, "the tab overview")
    app.screenshot("narrow-width-overview")
    app.key("Escape")

    # Back to the library's list, which has the two papers
    leave_reader(app, window)
    # (choosing the view already chosen opens nothing: another first)
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "Daily Papers")
    app.click(app.find(None, "Back", root=window))
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, ALPHA, root=papers)
    check_fits(app, window, "the list")
    app.screenshot("narrow-width-list")

    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_narrow_width)
