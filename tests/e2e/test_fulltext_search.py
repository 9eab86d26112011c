#!/usr/bin/env python3
"""Library search finds a word only a PDF's body has: the row says on
which page, with the words around it, and Read PDF opens the reader on
that page with the word in its find bar, found there.

The paper and its PDF (drawn by the test, the word on page 2 alone) are
put in the library with the command line, whose `download` indexes the
PDF's text before it exits."""

import json
import os
import subprocess
import tempfile

import corpus_server
import make_pdf
import papers_e2e

ARXIV_ID = "1707.08567"
TITLE = "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"
WORD = "zygomorphic"


def cli(env, *args):
    """What `papers-reader VERB …` prints about the test's library"""
    return subprocess.run([papers_e2e.papers_bin()] + list(args), env=dict(os.environ, **env), check=True,
                          capture_output=True, text=True, timeout=60 * papers_e2e.TIMEOUT_MULTIPLIER).stdout


def test_fulltext_search(start):
    corpus_server.require_corpus()
    pdf = os.path.join(tempfile.mkdtemp(prefix="papers-e2e-"), "paper.pdf")
    make_pdf.write(pdf, "Petals of %s flowers are mirror images." % WORD, sentence_page=1, sentence_line=2)
    server = corpus_server.CorpusServer()
    server.pdf = pdf
    server.start()
    env = server.env()
    cli(env, "add", ARXIV_ID)
    cli(env, "download", ARXIV_ID)
    found = json.loads(cli(env, "search", WORD, "--json"))
    assert len(found) == 1 and found[0]["page"] == 2 and "<b>%s</b>" % WORD in found[0]["snippet"], found

    app = start(env=dict(env, **papers_e2e.without_leak_check()))
    window = app.window("Papers")
    app.key("<Control>f")
    app.find_where(lambda n: n.name == "Search" and "button" not in n.roleName, root=window,
                   what="the search entry")
    app.type(WORD)
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    row = app.find(papers_e2e.PAPER_ROW, TITLE, root=papers)
    # What the row draws, a screen reader reads in its description.
    papers_e2e.wait_for(lambda: "Page 2: " in (row.description or "") and WORD in row.description,
                        what="the body hit in the row's description (%r)" % row.description)
    assert "<b>" not in row.description, row.description
    app.screenshot("fulltext-search-row")

    app.select(papers, TITLE)
    app.click(app.find(None, "Read PDF", root=window))
    app.find(None, "Document pages", root=window, timeout=20)
    page = app.find("text", "Page", root=window)
    papers_e2e.wait_for(lambda: app.text_of(page) == "2", what="the reader on page 2")
    find = app.find_where(lambda n: n.name == "Find in Document" and "button" not in n.roleName, root=window,
                          what="the reader's find entry")
    papers_e2e.wait_for(lambda: app.text_of(find) == WORD, what="the word in the find bar")
    app.find("label", "1 of 1", root=window)
    app.screenshot("fulltext-search-reader")

    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_fulltext_search)
