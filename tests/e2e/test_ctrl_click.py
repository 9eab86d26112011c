#!/usr/bin/env python3
"""A plain Ctrl+click on a row of the list opens its paper in a new tab
(as a browser's Ctrl+click on a link does), beside the tabs already open;
a click without Ctrl only selects the row."""

import os
import tempfile

import make_pdf
import papers_e2e
import pyatspi
from dogtail import rawinput
from test_narrow_width import leave_reader
from test_tabs import ENV, open_with

ALPHA = "Alpha Click Paper"
BETA = "Beta Click Paper"


def test_ctrl_click(start):
    tmp = tempfile.mkdtemp(prefix="papers-ctrl-click-")
    paths = {}
    for title, pages in ((ALPHA, 5), (BETA, 3)):
        paths[title] = os.path.join(tmp, title + ".pdf")
        make_pdf.write(paths[title], "The paper called %s." % title, n_pages=pages, title=title)

    app = start(env=ENV)
    window = app.window("Papers")

    def reader_on(n):
        return app.find_where(lambda node: node.roleName == "text" and node.name == "Page" and
                              node.description == "of %d" % n, root=window, timeout=30,
                              what="the reader on a %d-page document" % n)

    def tab_names():
        return sorted(papers_e2e.accessible_name(n) for n in window.findChildren(
            lambda n: n.roleName in ("page tab", "tab"), showingOnly=True))

    def row_centre(papers, title):
        row = app.find(papers_e2e.PAPER_ROW, title, root=papers, timeout=20)
        x, y, width, height = row.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return x + width // 2, y + height // 2

    def ctrl_click(papers, title):
        x, y = row_centre(papers, title)
        rawinput.holdKey("Control_L")
        try:
            rawinput.click(x, y)
        finally:
            rawinput.releaseKey("Control_L")

    # Both papers in the library (each opened once and closed)
    for title in (ALPHA, BETA):
        open_with(paths[title])
        reader_on(5 if title == ALPHA else 3)
        app.key("<Control>w")
        app.absent(None, "Document pages", root=window)
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)

    # A plain click selects: the paper's page, no reader
    x, y = row_centre(papers, ALPHA)
    rawinput.click(x, y)
    app.find("label", ALPHA, root=window)
    app.absent(None, "Document pages", root=window)

    # Ctrl+click: Beta in the reader
    ctrl_click(papers, BETA)
    reader_on(3)
    app.screenshot("ctrl-click-first")

    # Back to the list, Ctrl+click Alpha: a second tab, Beta's kept
    leave_reader(app, window)
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    ctrl_click(papers, ALPHA)
    reader_on(5)
    papers_e2e.wait_for(lambda: len(tab_names()) == 2, what="Alpha in a second tab")
    assert tab_names() == sorted([ALPHA, BETA]), tab_names()
    app.screenshot("ctrl-click-second")

    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_ctrl_click)
