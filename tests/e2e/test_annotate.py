#!/usr/bin/env python3
"""Reading with annotations, end to end: a paper in the library (added and
downloaded with the command line, its PDF drawn by the test with cairo)
opens in the reader; a sentence selected with a triple click is highlighted
and given a comment in the annotations sidebar; the reader moves to another
page; after quitting and starting again, the highlight with its comment and
the reading position are back."""

import os
import subprocess
import tempfile
import time

import gi
import pyatspi

gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GdkPixbuf  # noqa: E402

import corpus_server  # noqa: E402
import make_pdf  # noqa: E402
import papers_e2e  # noqa: E402

TITLE = "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"
SENTENCE = "Reading is where users spend their hours."
COMMENT = "the whole point of the viewer"


def cli(env, *args):
    """Runs `papers-reader VERB …` on the test's library."""
    command = [os.environ.get("PAPERS_BIN", os.path.join(papers_e2e.build_dir(), "src", "papers-reader"))]
    subprocess.run(command + list(args), env=dict(os.environ, **env), check=True,
                   stdout=subprocess.DEVNULL)


def find_marker(path):
    """The bounding box (x1, y1, x2, y2) of the pure red pixels of a
    screenshot: the square the PDF has left of the sentence."""
    pixbuf = GdkPixbuf.Pixbuf.new_from_file(path)
    data = pixbuf.get_pixels()
    stride, channels = pixbuf.get_rowstride(), pixbuf.get_n_channels()
    box = None
    for y in range(pixbuf.get_height()):
        row = data[y * stride:y * stride + pixbuf.get_width() * channels]
        start = 0
        while True:
            i = row.find(b"\xff\x00\x00", start)
            if i < 0:
                break
            start = i + 1
            if i % channels:
                continue
            x = i // channels
            box = (x, y, x, y) if box is None else (min(box[0], x), min(box[1], y),
                                                    max(box[2], x), max(box[3], y))
    return box


def triple_click(x, y):
    pyatspi.Registry.generateMouseEvent(x, y, pyatspi.MOUSE_ABS)
    time.sleep(0.3)
    for _ in range(3):
        pyatspi.Registry.generateMouseEvent(x, y, "b1p")
        time.sleep(0.03)
        pyatspi.Registry.generateMouseEvent(x, y, "b1r")
        time.sleep(0.06)


def open_reader(app, window):
    """Opens the paper from the library; returns the page view."""
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, TITLE)
    app.click(app.find(None, "Read PDF", root=window))
    return app.find(None, "Document pages", root=window, timeout=20)


def annotation_rows(app, window):
    """The annotations sidebar's list, shown."""
    toggle = app.find("toggle button", "Annotations", root=window)
    if not app.pressed(toggle):
        app.click(toggle)
    return app.find("list", "Annotations", root=window)


def row_with(app, rows, *parts):
    return app.find_where(lambda n: n.roleName == "list item" and
                          all(p in papers_e2e.accessible_name(n) for p in parts),
                          root=rows, what="an annotation with %r" % (parts,))


def scroll_value(app, window):
    """The vertical scroll position of the pages, read from their scroll bar."""
    bar = app.find_where(lambda n: n.roleName == "scroll bar", root=window, what="the scroll bar")
    return bar.queryValue().currentValue


def test_annotate(start):
    corpus_server.require_corpus()
    pdf = os.path.join(tempfile.mkdtemp(prefix="papers-e2e-"), "paper.pdf")
    make_pdf.write(pdf, SENTENCE)
    server = corpus_server.CorpusServer()
    server.pdf = pdf
    server.start()
    env = server.env()
    # The library holds the paper and its PDF before the app starts.
    cli(env, "add", "1707.08567")
    cli(env, "download", "1707.08567")

    app = start(env=env)
    window = app.window("Papers")
    open_reader(app, window)
    page = app.find("text", "Page", root=window)
    papers_e2e.wait_for(lambda: app.text_of(page) == "1", what="page 1")
    assert page.description == "of 5", "the page entry is described as %r" % page.description

    # Point at the sentence through the red square drawn left of it.
    box = papers_e2e.wait_for(lambda: find_marker(app.screenshot("annotate-open")), what="the sentence on screen")
    triple_click(box[2] + 60, (box[1] + box[3]) // 2)
    # The selection's popover: "Comment" highlights the sentence and puts
    # the keyboard in the comment entry of the annotations sidebar.
    app.find("button", "Highlight in Yellow", root=app.node)
    app.click(app.find("button", "Comment", root=app.node))
    comment = app.find("text", "Comment", root=window)
    papers_e2e.wait_for(lambda: comment.focused, what="the comment entry focused")
    app.type(COMMENT)
    app.key("Return")
    rows = annotation_rows(app, window)
    row_with(app, rows, "Highlight in Yellow on page 1", SENTENCE, "Comment: " + COMMENT)
    app.screenshot("annotate-commented")

    # The sidebar closed again, so that the pages have the same width (and
    # fit-width zoom) as when the paper opens.  Then another page, a little
    # way into it, and quit at once.
    app.click(app.find("toggle button", "Annotations", root=window))
    app.key("<Control>l")
    papers_e2e.wait_for(lambda: page.focused, what="the page entry focused")
    app.type("3")
    app.key("Return")
    papers_e2e.wait_for(lambda: app.text_of(page) == "3", what="page 3")
    # One key at a time, each waited for: the position read is the one
    # the app had when it quit.
    for _ in range(3):
        before = scroll_value(app, window)
        app.key("Down")
        papers_e2e.wait_for(lambda: scroll_value(app, window) != before, what="the pages scrolled down")
    position = scroll_value(app, window)
    app.screenshot("annotate-page3")
    app.key("<Control>q")
    assert app.wait_exit() == 0

    # Again: the same page and place, the highlight and its comment.
    app = start(env=env)
    window = app.window("Papers")
    open_reader(app, window)
    page = app.find("text", "Page", root=window)
    papers_e2e.wait_for(lambda: app.text_of(page) == "3", what="page 3 again")
    papers_e2e.wait_for(lambda: abs(scroll_value(app, window) - position) < 1,
                        what="the scroll position %.0f again" % position)
    rows = annotation_rows(app, window)
    row_with(app, rows, "Highlight in Yellow on page 1", SENTENCE, "Comment: " + COMMENT)
    app.screenshot("annotate-restored")

    # Ctrl+F in the reader finds in the document, not in the library.
    app.key("<Control>f")
    app.find_where(lambda n: n.name == "Find in Document" and "button" not in n.roleName and n.focused,
                   root=window, what="the reader's find entry focused")
    app.type("hours")
    app.find("label", "1 of 1", root=window)
    app.key("Escape")
    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_annotate)
