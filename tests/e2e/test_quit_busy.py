#!/usr/bin/env python3
"""Quitting while a PDF download is stalled half-way, a tag just added and a
note still being typed: the app exits at once, cleanly, and (under the
sanitizers) without leaving memory behind; started again, the paper is in
the library with its tag and note, and Read PDF completes the download and
opens the reader."""

import threading
import time

import corpus_server
import papers_e2e

PAPER = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
PDF_REQUEST = "/arxiv/pdf/2410.17243"
TAG = "unfinished"
NOTE = "typed while quitting"


def pdf_requests(server):
    return sum(1 for r in server.httpd.requests if PDF_REQUEST in r)


def test_quit_busy(start):
    server, app, window = corpus_server.start_daily(start)
    server.httpd.hold_pdf = threading.Event()
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, PAPER)
    app.set_in_library(window)
    app.click(app.find(None, "Read PDF", root=window))
    papers_e2e.wait_for(lambda: pdf_requests(server) > 0, what="the PDF download")
    app.add_tag(window, TAG)
    app.key("<Control>e")
    note = app.find("text", "Note", root=window)
    papers_e2e.wait_for(lambda: note.focused, what="the note focused")
    app.type(NOTE)

    # The download hangs; quitting must not wait for it.
    quit_at = time.monotonic()
    app.key("<Control>q")
    assert app.wait_exit() == 0, "papers did not exit cleanly"
    assert time.monotonic() - quit_at < 4, "quitting waited for the stalled download"
    server.httpd.hold_pdf.set()
    server.httpd.hold_pdf = None

    # Started again: the paper is in the library and its PDF downloads.
    env = dict(server.env(), PAPERS_DAILY_DATE=corpus_server.DAILY_DAY)
    app = start(env=env)
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, PAPER)
    app.find(None, "Remove Tag “%s”" % TAG, root=window)
    note = app.find("text", "Note", root=window)
    papers_e2e.wait_for(lambda: app.text_of(note) == NOTE,
                        what="the note after the restart (it is %r)" % app.text_of(note))
    before = pdf_requests(server)
    app.click(app.find(None, "Read PDF", root=window))
    papers_e2e.wait_for(lambda: pdf_requests(server) > before, what="the PDF download again")
    app.absent(papers_e2e.PAPER_LIST, "Papers", root=window, timeout=20)
    app.find(None, "Back", root=window)
    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_quit_busy)
