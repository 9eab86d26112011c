#!/usr/bin/env python3
"""Screenshots of Papers' main views for data/screenshots/.

Run under tests/run-headless (see build-aux/screenshots); with --narrow the
screen is expected to be phone-sized.  Each run uses the corpus on a
loopback server and a fresh library in the private XDG folders.

    make_screenshots.py OUTDIR [--dark] [--narrow]
"""

import os
import shutil
import sys
import time

import corpus_server
import papers_e2e

PAPER = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
OTHER = "Unbounded: A Generative Infinite Game of Character Life Simulation"


def save(app, outdir, name):
    path = app.screenshot("shot-" + name)
    shutil.copy(path, os.path.join(outdir, name + ".png"))


def tag(app, window, name):
    app.key("<Control>t")
    time.sleep(0.3)
    app.type(name)
    app.key("Return")
    app.find(None, "Remove Tag “%s”" % name, root=window)


def wide(app, window, outdir, suffix):
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, PAPER, root=papers)

    for title, tags in ((OTHER, ["games"]), (PAPER, ["contrastive", "to-read"])):
        app.select(papers, title)
        button = app.find("toggle button", "In Library", root=window)
        app.click(button)
        papers_e2e.wait_for(lambda: app.pressed(button), what="added")
        for name in tags:
            tag(app, window, name)
    app.key("<Control>e")
    time.sleep(0.3)
    app.type("Tile-based loss: try on the retrieval model first.")
    time.sleep(0.8)
    app.select(papers, PAPER)
    time.sleep(5.5)  # let the toasts go
    save(app, outdir, "daily" + suffix)

    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    app.key("<Control>f")
    app.type("tag:contrastive")
    time.sleep(1.0)
    save(app, outdir, "search" + suffix)


def narrow(app, window, outdir, suffix):
    save(app, outdir, "narrow-sidebar" + suffix)
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "cs.LG")
    app.click(app.find(None, "Back", root=window))
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "Daily Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, OTHER, root=papers)
    time.sleep(0.5)
    save(app, outdir, "narrow-list" + suffix)
    app.select(papers, OTHER)
    time.sleep(1.0)
    save(app, outdir, "narrow-detail" + suffix)


def main():
    outdir = os.path.abspath(sys.argv[1])
    dark = "--dark" in sys.argv
    is_narrow = "--narrow" in sys.argv
    os.makedirs(outdir, exist_ok=True)
    if not corpus_server.have_corpus():
        sys.exit("make_screenshots: the corpus is missing (PAPERS_CORPUS_DIR)")

    def shots(start):
        server = corpus_server.CorpusServer().start()
        env = dict(server.env(), PAPERS_DAILY_DATE="2024-10-25")
        if dark:
            env["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
        app = start(env=env)
        window = app.window("Papers")
        suffix = "-dark" if dark else ""
        (narrow if is_narrow else wide)(app, window, outdir, suffix)
        app.key("<Control>q")
        app.wait_exit()
        server.stop()

    shots.__name__ = "screenshots"
    papers_e2e.run(shots)


if __name__ == "__main__":
    main()
