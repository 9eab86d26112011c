#!/usr/bin/env python3
"""A figure's preview, end to end: the corpus' tracemonkey paper (no link
annotations) opens in the reader; on a page that names a figure,
Shift+Ctrl+J rings the last mention on screen and Enter shows the
figure's region, rendered; Go to Figure jumps there and Back returns."""

import corpus_server
import papers_e2e
import test_references

PAPER = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"


def test_figure_preview(start):
    corpus_server.require_corpus()
    server = corpus_server.CorpusServer()
    server.pdf = corpus_server.corpus_path("pdf", "pdfjs__tracemonkey.pdf")
    server.start()
    env = dict(server.env(), PAPERS_DAILY_DATE=corpus_server.DAILY_DAY, **papers_e2e.without_leak_check())
    app = start(env=env)
    window = app.window("Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, PAPER)
    app.set_in_library(window)
    app.click(app.find(None, "Read PDF", root=window))
    app.find(None, "Document pages", root=window, timeout=20)
    page = app.find("text", "Page", root=window)
    papers_e2e.wait_for(lambda: app.text_of(page) == "1", what="the first page")
    app.click(app.find("toggle button", "References", root=window))
    add_all = app.find("button", "Add All With arXiv Ids", root=window, timeout=20)
    app.find_where(lambda n: n.roleName == "label" and n.name == "19 References", root=window, timeout=40,
                   what="the references read")

    # Page by page until the last ring on screen is a figure's mention.
    found = None
    for number in range(2, 8):
        app.key("<Control>l")
        papers_e2e.wait_for(lambda: page.focused, what="the page entry focused")
        app.type(str(number))
        app.key("Return")
        papers_e2e.wait_for(lambda: app.text_of(page) == str(number), what="page %d" % number)
        app.key("<Shift><Control>j")
        app.key("Return")
        heading = app.find_where(lambda n: n.roleName == "label" and n.name.split(" ")[0] in
                                 ("Cited", "Figure", "Table", "Equation", "Section", "Appendix"),
                                 root=window, what="a preview")
        if heading.name.startswith("Figure"):
            found = heading
            break
        app.key("Escape")
        papers_e2e.wait_for(lambda: test_references.no_preview(app, window), what="the preview closed")
    assert found is not None, "no figure mention on pages 2 to 7"
    print("previewed:", found.name)
    app.find("image", found.name, root=window)
    test_references.shot(app, "figure-popover")
    app.click(app.find("button", "Go to " + found.name, root=window))
    papers_e2e.wait_for(lambda: test_references.no_preview(app, window), what="the preview closed")
    app.key("<Alt>Left")
    papers_e2e.wait_for(lambda: app.text_of(page) == str(number), what="Back on page %d" % number)
    del add_all

    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_figure_preview)
