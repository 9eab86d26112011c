#!/usr/bin/env python3
"""Citations and references, end to end: a real paper (the corpus'
papermage PDF, a numbered list with no link annotations on its citations)
opens in the reader; Ctrl+J and Enter preview a citation with its entry;
Go to Reference jumps to the list and Back returns to the first page; the
References panel lists the entries with their state, and Add to Library
adds a cited paper by its arXiv id through the local arXiv server."""

import os
import shutil
import time

import gi
import pyatspi

gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GdkPixbuf  # noqa: E402

import corpus_server  # noqa: E402
import papers_e2e  # noqa: E402

PAPER = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
CITED = "2104.08809"
SHOTS = os.environ.get("PAPERS_SHOTS_DIR")


def shot(app, name):
    path = app.screenshot(name)
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        shutil.copy(path, os.path.join(SHOTS, name + ".png"))


# The ring the view draws around the keyboard's citation.
RING = b"\x36\x85\xe3"


def find_ring(path):
    """The bounding box (x1, y1, x2, y2) of the ring's pixels in a
    screenshot, or None."""
    pixbuf = GdkPixbuf.Pixbuf.new_from_file(path)
    data = pixbuf.get_pixels()
    stride, channels = pixbuf.get_rowstride(), pixbuf.get_n_channels()
    box = None
    for y in range(pixbuf.get_height()):
        row = data[y * stride:y * stride + pixbuf.get_width() * channels]
        start = 0
        while True:
            i = row.find(RING, start)
            if i < 0:
                break
            start = i + 1
            if i % channels:
                continue
            x = i // channels
            box = (x, y, x, y) if box is None else (min(box[0], x), min(box[1], y),
                                                    max(box[2], x), max(box[3], y))
    return box


def preview_heading(app, window):
    return app.find_where(lambda n: n.roleName == "label" and n.name.startswith("Cited as ["),
                          root=window, what="the citation's preview")


def no_preview(app, window):
    try:
        app.find_where(lambda n: n.roleName == "label" and n.name.startswith("Cited as ["), root=window,
                       timeout=0.5)
    except AssertionError:
        return True
    return False


def page_entry(app, window):
    return app.text_of(app.find("text", "Page", root=window))


def test_references(start):
    server, app, window = corpus_server.start_daily(start, **papers_e2e.without_leak_check())
    # The paper's fifth entry, "Scico … arXiv:2104.08809", is the first with an id.
    server.httpd.known_ids.add(CITED)
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, PAPER)
    app.set_in_library(window)
    app.click(app.find(None, "Read PDF", root=window))
    pages = app.find(None, "Document pages", root=window, timeout=20)
    papers_e2e.wait_for(lambda: page_entry(app, window) == "1", what="the first page")

    # The panel first: it says when the references have been read.
    app.click(app.find("toggle button", "References", root=window))
    add_all = app.find("button", "Add All With arXiv Ids", root=window, timeout=20)
    papers_e2e.wait_for(lambda: add_all.sensitive, timeout=40, what="the references read")
    app.find_where(lambda n: n.roleName == "list item" and n.name.startswith("[1] "), root=window)

    # The pointer's way: resting on a citation (found on screen by the
    # ring Ctrl+J draws around it, which Escape takes away) shows its
    # entry, and leaving it hides the popover.
    app.key("<Control>j")
    papers_e2e.wait_for(lambda: pages.focused, what="the pages focused")
    box = papers_e2e.wait_for(lambda: find_ring(app.screenshot("references-ring")), what="the ringed citation")
    app.key("Escape")
    pyatspi.Registry.generateMouseEvent((box[0] + box[2]) // 2, (box[1] + box[3]) // 2, pyatspi.MOUSE_ABS)
    hovered = preview_heading(app, window)
    shot(app, "citation-hover")
    print("hovered:", hovered.name)
    pyatspi.Registry.generateMouseEvent(box[0] - 300, box[3] + 200, pyatspi.MOUSE_ABS)
    time.sleep(0.2)
    pyatspi.Registry.generateMouseEvent(box[0] - 310, box[3] + 210, pyatspi.MOUSE_ABS)
    papers_e2e.wait_for(lambda: no_preview(app, window), what="the hover popover hidden")

    # The keyboard's way: Ctrl+J (from the panel's toggle too) rings a
    # citation on the first page, Enter previews it with its entry.
    app.key("<Control>j")
    app.key("Return")
    heading = preview_heading(app, window)
    go = app.find("button", "Go to Reference", root=window)
    app.find_where(lambda n: n.roleName == "label" and "arXiv" in n.name and "library" in n.name,
                   root=window, what="the entry's state")
    shot(app, "citation-popover")
    print("previewed:", heading.name)

    # Go to Reference, then Back to the same place.
    app.click(go)
    papers_e2e.wait_for(lambda: page_entry(app, window) != "1", what="the reference list's page")
    app.key("<Alt>Left")
    papers_e2e.wait_for(lambda: page_entry(app, window) == "1", what="Back on the first page")

    # Shift+Ctrl+J goes round to the last ring on screen: a figure's or a
    # table's mention when the page has one, whose preview is its region.
    app.key("<Shift><Control>j")
    app.key("Return")
    last = app.find_where(lambda n: n.roleName == "label" and
                          n.name.split(" ")[0] in ("Cited", "Figure", "Table", "Equation", "Section", "Appendix"),
                          root=window, what="the last preview")
    print("last ring:", last.name)
    if not last.name.startswith("Cited"):
        shot(app, "figure-popover")
    app.key("Escape")
    papers_e2e.wait_for(lambda: not last.showing or no_preview(app, window), what="the preview closed")

    # Add a cited paper by its arXiv id; the panel says it is kept.  The
    # entries before it (each with Find on arXiv) fill the panel: the list
    # is scrolled to it first.
    # (a list makes items only near what it shows: one scroll at a time)
    for number in range(2, 6):
        item = app.find_where(lambda n: n.roleName == "list item" and n.name.startswith("[%d] " % number),
                              root=window, showing=False, what="entry %d" % number)
        item.doActionNamed("listitem.scroll-to")
    fifth = item
    papers_e2e.wait_for(lambda: fifth.showing, what="the fifth entry on show")
    shot(app, "references-panel")
    button = app.find("button", "Add to Library", root=fifth)
    app.click(button)
    papers_e2e.wait_for(lambda: any(r.startswith("/api?") and CITED in r for r in server.httpd.requests),
                        what="the arXiv lookup of the cited paper")
    app.find_where(lambda n: n.roleName == "list item" and n.name.endswith("In your library"), root=window,
                   timeout=20, what="the entry in the library")
    shot(app, "references-panel-added")

    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_references)
