#!/usr/bin/env python3
"""Several papers open in the reader's tabs: two opened from the list's row
menu ("Open in New Tab"), Ctrl+Page Down shows the other paper, Ctrl+W
closes a tab (the last one goes back to the list), a PDF opened from the
command line while Papers runs opens in a new tab, and after a restart the
tabs come back, each at its page; narrow, the tabs are behind a button.
(Bad input: test_tabs_bad_input.)"""

import os
import subprocess
import tempfile
import time

import make_pdf
import papers_e2e
import pyatspi
from dogtail import rawinput
from test_annotate import find_marker

ALPHA = "Alpha Tabs Paper"
BETA = "Beta Tabs Paper"
GAMMA = "Gamma Tabs Paper"
# Kept between starts, as on a desktop (see test_restore)
ENV = dict(GSETTINGS_BACKEND="keyfile", **papers_e2e.without_leak_check())


def open_with(*args):
    """`papers-reader FILE…` while the app runs: handed to it"""
    subprocess.run([papers_e2e.papers_bin()] + list(args), env=dict(os.environ, **ENV), check=True,
                   timeout=60 * papers_e2e.TIMEOUT_MULTIPLIER)


def gsettings(*args):
    """The app's settings as the next start reads them"""
    return subprocess.run(["gsettings"] + list(args), env=dict(os.environ, **ENV), check=True,
                          capture_output=True, text=True).stdout.strip()


def test_tabs(start):
    tmp = tempfile.mkdtemp(prefix="papers-tabs-")
    paths = {}
    for title, pages in ((ALPHA, 5), (BETA, 3), (GAMMA, 4)):
        paths[title] = os.path.join(tmp, title + ".pdf")
        make_pdf.write(paths[title], "The paper called %s." % title, n_pages=pages, title=title,
                       sentence_page=0 if title != GAMMA else 2)
    env = ENV

    app = start(env=env)
    window = app.window("Papers")

    def page_count_is(n, page=None):
        entry = app.find_where(lambda node: node.roleName == "text" and node.name == "Page" and
                               node.description == "of %d" % n, root=window, timeout=30,
                               what="the reader on a %d-page document" % n)
        if page is not None:
            papers_e2e.wait_for(lambda: app.text_of(entry) == str(page), what="page %d" % page)
        return entry

    def tab_names():
        return sorted(papers_e2e.accessible_name(n) for n in window.findChildren(
            lambda n: n.roleName in ("page tab", "tab"), showingOnly=True))

    # Two papers in the library, each opened and closed: the last tab
    # closed goes back to the list.
    for title in (ALPHA, BETA):
        open_with(paths[title])
        page_count_is(5 if title == ALPHA else 3)
        app.key("<Control>w")
        app.absent(None, "Document pages", root=window)
        app.find(papers_e2e.PAPER_LIST, "Papers", root=window)

    # Both from the list's row menu, each in a new tab
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    for title in (ALPHA, BETA):
        app.find(papers_e2e.PAPER_ROW, title, root=papers, timeout=20)
        app.select(papers, title)
        app.find("label", title, root=window)
        # A secondary click on the row (the window sits at the screen's
        # origin under the test's Xvfb: see test_tags.tag_menu())
        row = app.find(papers_e2e.PAPER_ROW, title, root=papers)
        x, y, width, height = row.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        rawinput.click(x + width // 2, y + height // 2, button=3)
        app.click(app.find_where(lambda n: n.roleName.endswith("menu item") and
                                 papers_e2e.accessible_name(n) == "Open in New Tab",
                                 what="the row menu's Open in New Tab"))
        page_count_is(5 if title == ALPHA else 3)
        if title == ALPHA:
            # Back to the list (the header's Back, left of the reader's
            # own Back in its history): the tab stays open
            backs = window.findChildren(lambda n: papers_e2e.accessible_name(n) == "Back" and
                                        n.roleName == "button", showingOnly=True)
            backs.sort(key=lambda n: n.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[0])
            app.click(backs[0])
            papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    papers_e2e.wait_for(lambda: len(tab_names()) == 2, what="two tabs")
    app.screenshot("tabs-wide")

    # Ctrl+Page Down: the other paper, its red square (on its first page) drawn
    app.key("<Control>Page_Down")
    page_count_is(5)
    box = papers_e2e.wait_for(lambda: find_marker(app.screenshot("tabs-switched")),
                              what="the other paper's first page drawn")
    assert box[2] - box[0] >= 5, box
    # Ctrl+W closes it: Beta is shown
    app.key("<Control>w")
    page_count_is(3)
    papers_e2e.wait_for(lambda: len(window.findChildren(
        lambda n: n.roleName in ("page tab", "tab"), showingOnly=True)) == 0, what="the tab bar hidden, one tab")

    # A PDF from the command line while Papers runs: a new tab beside Beta
    open_with(paths[GAMMA])
    entry = page_count_is(4)
    papers_e2e.wait_for(lambda: len(tab_names()) == 2, what="Gamma in a new tab")
    assert tab_names() == sorted([BETA, GAMMA]), tab_names()
    # Gamma's third page, kept as its place
    app.key("<Control>l")
    app.type("3\n")
    papers_e2e.wait_for(lambda: app.text_of(entry) == "3", what="Gamma on page 3")
    papers_e2e.wait_for(lambda: gsettings("get", "org.example.Papers", "open-tabs").count(",") == 1 and
                        gsettings("get", "org.example.Papers", "selected-tab") == "1",
                        what="the tabs saved")
    time.sleep(2)  # the position is saved once scrolling rests for a second
    app.key("<Control>q")
    assert app.wait_exit() == 0

    # Restarted: both tabs, Gamma selected at its page
    app = start(env=env)
    window = app.window("Papers")
    page_count_is(4, page=3)
    assert tab_names() == sorted([BETA, GAMMA]), tab_names()
    app.key("<Control>Page_Up")
    page_count_is(3, page=1)
    app.screenshot("tabs-restored")
    app.key("<Control>q")
    assert app.wait_exit() == 0

    # Narrow: the tabs behind a button, in an overview
    gsettings("set", "org.example.Papers", "window-width", "360")
    gsettings("set", "org.example.Papers", "window-height", "640")
    app = start(env=env)
    window = app.window("Papers")
    page_count_is(3)
    button = app.find(None, "Show Open Papers", root=window)
    app.screenshot("tabs-narrow")
    # (the AdwTabButton itself has no accessible action: its button has)
    clickable = button if button.actions else button.findChild(lambda n: bool(n.actions), retry=False)
    app.click(clickable)
    time.sleep(1)
    app.screenshot("tabs-narrow-overview")
    app.key("Escape")
    # The keyboard's way, as GNOME Web's
    app.key("<Control><Shift>o")
    time.sleep(1)
    app.screenshot("tabs-narrow-overview-key")
    app.key("Escape")
    app.key("<Control>q")
    assert app.wait_exit() == 0
    gsettings("reset", "org.example.Papers", "window-width")
    gsettings("reset", "org.example.Papers", "window-height")

    # Ctrl+Enter on a row of the list: a new tab beside the two
    app = start(env=env)
    window = app.window("Papers")
    page_count_is(3)
    backs = window.findChildren(lambda n: papers_e2e.accessible_name(n) == "Back" and
                                n.roleName == "button", showingOnly=True)
    backs.sort(key=lambda n: n.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[0])
    app.click(backs[0])
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    row = app.find(papers_e2e.PAPER_ROW, ALPHA, root=papers, timeout=20)
    x, y, width, height = row.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    rawinput.click(x + width // 2, y + height // 2)
    app.find("label", ALPHA, root=window)
    app.key("<Control>Return")
    page_count_is(5)
    papers_e2e.wait_for(lambda: len(tab_names()) == 3, what="Alpha in a third tab")
    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_tabs)
