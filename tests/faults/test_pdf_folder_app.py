#!/usr/bin/env python3
"""Fault: the PDF folder deleted while the app runs.

Drives the real app (dogtail, on the e2e harness) against the corpus on a
loopback server: a paper is added to the library with a tag and a note and
its PDF downloaded and read.  With the app still running, the whole PDF
folder is deleted.  Read PDF then fetches the PDF again from the server and
opens it, or says clearly why it cannot; the app does not crash; and after a
restart the paper, its tag, its note and its PDF are all there, and the app
quits with the reader open without leaving memory behind.
"""

import os
import shutil

import corpus_server
import papers_e2e

PAPER = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
PDF_REQUEST = "/arxiv/pdf/2410.17243"
TAG = "kept"
NOTE = "written before the PDFs vanished"


def pdf_folder():
    return os.path.join(os.environ["XDG_DATA_HOME"], "org.example.Papers", "pdfs")


def pdfs():
    folder = pdf_folder()
    return sorted(f for f in os.listdir(folder) if f.endswith(".pdf")) if os.path.isdir(folder) else []


def downloads(server):
    return sum(1 for r in server.httpd.requests if PDF_REQUEST in r)


def read_and_return(app, window, server, before):
    """Presses Read PDF and waits for the PDF to be fetched (more requests
    than `before`) and the reader to cover the list, then goes back."""
    app.click(app.find(None, "Read PDF", root=window))
    papers_e2e.wait_for(lambda: downloads(server) > before, what="the PDF download")
    app.absent(papers_e2e.PAPER_LIST, "Papers", root=window, timeout=20)
    app.find(None, "Back", root=window)
    app.key("<Control>w")
    app.find(papers_e2e.PAPER_LIST, "Papers", root=window)


def test_pdf_folder_deleted(start):
    # This instance pops the reader twice: see papers_e2e.without_leak_check().
    server, app, window = corpus_server.start_daily(start, **papers_e2e.without_leak_check())

    # A library paper with a tag, a note and its PDF downloaded.
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, PAPER)
    app.set_in_library(window)
    app.add_tag(window, TAG)
    app.key("<Control>e")
    note = app.find("text", "Note", root=window)
    papers_e2e.wait_for(lambda: note.focused, what="the note focused")
    app.type(NOTE)
    read_and_return(app, window, server, 0)
    papers_e2e.wait_for(pdfs, what="the downloaded PDF on disk")

    # The whole folder goes while the app runs.
    shutil.rmtree(pdf_folder())
    before = downloads(server)
    app.select(app.find(papers_e2e.PAPER_LIST, "Papers", root=window), PAPER)
    read_and_return(app, window, server, before)
    assert app.proc.poll() is None, "papers exited after the PDF folder was deleted"
    papers_e2e.wait_for(pdfs, what="the PDF downloaded again into a new folder")
    app.screenshot("pdf-folder-deleted")
    app.key("<Control>q")
    assert app.wait_exit() == 0, "papers did not exit cleanly"

    # Restarted, the library still has the paper, its tag, note and PDF:
    # reading it needs no download now.  Quitting with the reader open and
    # its render jobs under way leaves nothing behind (the leak check is on).
    env = dict(server.env(), PAPERS_DAILY_DATE=corpus_server.DAILY_DAY)
    app = start(env=env)
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, TAG)
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, PAPER)
    app.find(None, "Remove Tag “%s”" % TAG, root=window)
    note = app.find("text", "Note", root=window)
    papers_e2e.wait_for(lambda: app.text_of(note) == NOTE,
                        what="the note after the restart (it is %r)" % app.text_of(note))
    before = downloads(server)
    app.click(app.find(None, "Read PDF", root=window))
    app.absent(papers_e2e.PAPER_LIST, "Papers", root=window, timeout=20)
    # A download would have been asked for before the document could open.
    app.find(None, "Document pages", root=window, timeout=20)
    assert downloads(server) == before, "the PDF was downloaded again although it is on disk"
    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_pdf_folder_deleted)
