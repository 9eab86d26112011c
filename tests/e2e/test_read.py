#!/usr/bin/env python3
"""Read PDF downloads the paper (progress in the button), opens the reader
over list and detail; Ctrl+W returns to the paper."""

import corpus_server
import papers_e2e

PAPER = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"


def test_read(start):
    # Ctrl+W pops the reader: see papers_e2e.without_leak_check().
    server, app, window = corpus_server.start_daily(start, **papers_e2e.without_leak_check())
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, PAPER)
    app.set_in_library(window)

    app.click(app.find(None, "Read PDF", root=window))
    papers_e2e.wait_for(lambda: any("/arxiv/pdf/2410.17243" in r for r in server.httpd.requests),
                        what="the PDF download")
    app.absent(papers_e2e.PAPER_LIST, "Papers", root=window, timeout=20)
    app.find(None, "Back", root=window)
    app.screenshot("reader")

    app.key("<Control>w")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find("toggle button", "In Library", root=window)
    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_read)
