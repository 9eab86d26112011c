#!/usr/bin/env python3
"""Opening with Papers, as another program does: a PDF given to
`papers-reader FILE.pdf` or `gapplication launch org.example.Papers FILE.pdf`
is added and opens in the reader at once, its
first page drawn, whether Papers was starting (its library still opening)
or running, and a second one opened then opens in a new tab; a
paper's page on arXiv the library does not have is asked of arXiv (the
loopback server) and shown with Add to Library, not added; the same paper's
Hugging Face page, once it is kept, shows the library's paper, and its PDF
opened then is read from that file; one arXiv does not know is said so.  A file
that is not a PDF, a file that is gone and hostile addresses are refused
with a message in the window, and nothing is added."""

import os
import subprocess
import tempfile

import corpus_server
import make_pdf
import papers_e2e
from test_annotate import find_marker
from test_add_by_id import AEW10, heading_is

SENTENCE = "Opened from another program."


def count_papers():
    return papers_e2e.cli_output("search", "").count("\n")


def test_open_uri(start):
    corpus_server.require_corpus()
    tmp = tempfile.mkdtemp(prefix="papers-open-uri-")
    first = os.path.join(tmp, "first reading.pdf")
    make_pdf.write(first, SENTENCE, n_pages=5)
    second = os.path.join(tmp, "second reading.pdf")
    make_pdf.write(second, SENTENCE, n_pages=3)
    fake = os.path.join(tmp, "fake.pdf")
    with open(fake, "w", encoding="utf-8") as f:
        f.write("<html>a download that went wrong</html>\n")
    gone = os.path.join(tmp, "gone.pdf")

    server = corpus_server.CorpusServer().start()
    # Started with a PDF: it waits for the library to open, then is added
    # and read.  (The next PDF pops its reader: see
    # papers_e2e.without_leak_check().)
    app = start(args=[first], env=dict(server.env(), **papers_e2e.without_leak_check()))
    window = app.window("Papers")
    env = dict(os.environ, GSETTINGS_BACKEND=papers_e2e.APP_SETTINGS_BACKEND, **server.env())

    def open_with(*args):
        # A second `papers-reader ARG…` hands them to the running instance and exits
        subprocess.run([papers_e2e.papers_bin()] + list(args), env=env, check=True,
                       timeout=30 * papers_e2e.TIMEOUT_MULTIPLIER)

    def launch(*args):
        # What Files and the desktop do: the application's Open over D-Bus
        subprocess.run(["gapplication", "launch", "org.example.Papers"] + list(args), env=env, check=True,
                       timeout=30 * papers_e2e.TIMEOUT_MULTIPLIER)

    def page_count_is(n):
        page = app.find_where(lambda node: node.roleName == "text" and node.name == "Page" and
                              node.description == "of %d" % n, root=window, timeout=20,
                              what="the reader on a %d-page document" % n)
        papers_e2e.wait_for(lambda: app.text_of(page) == "1", what="page 1")

    app.find(None, "Document pages", root=window, timeout=20)
    app.find(None, "Back", root=window)
    page_count_is(5)
    box = papers_e2e.wait_for(lambda: find_marker(app.screenshot("open-uri-pdf")),
                              what="the first page drawn, its red square on screen")
    assert box[2] - box[0] >= 5, "the red square is %r" % (box,)
    assert count_papers() == 1
    # One opened while Papers runs opens in a new tab beside the first:
    # closing it shows the first again, closing that leads to its page.
    launch(second)
    page_count_is(3)
    assert count_papers() == 2
    app.screenshot("open-uri-second-pdf")
    app.key("<Control>w")
    page_count_is(5)
    app.key("<Control>w")
    app.absent(None, "Document pages", root=window)
    app.find("toggle button", "In Library", root=window)

    # A paper's arXiv page: asked of arXiv, shown, not added.
    open_with("https://arxiv.org/abs/1707.08567v1")
    papers_e2e.wait_for(lambda: heading_is(window, AEW10), timeout=30,
                        what="the paper's page headed by its title")
    papers_e2e.wait_for(lambda: any("id_list=1707.08567" in r for r in server.httpd.requests),
                        what="arXiv asked")
    button = app.find("toggle button", "In Library", root=window)
    assert not app.pressed(button), "a paper opened by its address was added"
    app.find("label", "Add to Library", root=window)
    app.screenshot("open-uri-arxiv")
    assert count_papers() == 2
    app.set_in_library(window)
    papers_e2e.wait_for(lambda: count_papers() == 3, what="the paper added on request")

    # Its Hugging Face page once it is kept: the library's paper, at once.
    asked = len(server.httpd.requests)
    launch("https://huggingface.co/papers/1707.08567")
    papers_e2e.wait_for(lambda: heading_is(window, AEW10), what="the library's paper")
    assert app.pressed(app.find("toggle button", "In Library", root=window))
    assert len(server.httpd.requests) == asked, server.httpd.requests[asked:]

    # Its PDF opened with Papers, named by its id: the library's paper,
    # which had none, is read from that file, not downloaded.
    named = os.path.join(tmp, "1707.08567v1.pdf")
    make_pdf.write(named, SENTENCE, n_pages=4)
    open_with(named)
    page_count_is(4)
    assert not any("/arxiv/pdf/" in r for r in server.httpd.requests), server.httpd.requests
    assert count_papers() == 3
    app.key("<Control>w")
    app.absent(None, "Document pages", root=window)

    # A paper arXiv does not know: said so, nothing shown in its place.
    open_with("https://arxiv.org/pdf/2401.00001v2.pdf")
    app.find_where(lambda n: papers_e2e.accessible_name(n) == "The paper could not be opened",
                   root=window, timeout=30, what="the refusal of a paper arXiv does not know")
    assert heading_is(window, AEW10)

    # Bad input: each refused in the window, the app alive, nothing added.
    open_with(fake)
    app.find_where(lambda n: papers_e2e.accessible_name(n) == "The file is not a PDF",
                   root=window, what="the refusal of a file that is not a PDF")
    app.screenshot("open-uri-not-pdf")
    open_with(gone)
    app.find_where(lambda n: papers_e2e.accessible_name(n) == "The file could not be opened",
                   root=window, what="the refusal of a file that is gone")
    long_uri = "https://arxiv.org/abs/" + "1" * 100000
    open_with("http://evil.example/abs/1707.08567", "javascript:alert(1)", long_uri)
    app.find_where(lambda n: papers_e2e.accessible_name(n) == "This address cannot be opened",
                   root=window, timeout=30, what="the refusal of a hostile address")
    app.click(app.find_where(lambda n: papers_e2e.accessible_name(n) == "Details", root=window,
                             what="the refusal's Details"))
    app.find_where(lambda n: "Papers opens only the page of a paper on arXiv or Hugging Face"
                   in papers_e2e.accessible_name(n) and "evil.example" in papers_e2e.accessible_name(n),
                   what="why the address was refused")
    app.screenshot("open-uri-refused")
    app.key("Escape")
    assert count_papers() == 3
    assert not any("evil" in r for r in server.httpd.requests)

    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_open_uri)
