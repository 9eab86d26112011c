#!/usr/bin/env python3
"""The main flow, on the real app against the corpus on a loopback server:
browse Daily Papers of 2024-10-25 and step to the day before, open a paper,
add it to the library, tag it twice (one tag new), write a note, find it by
tag and by a word of the note, mark it read, remove it and undo, quit and
start again: everything is still there."""

import json

import corpus_server
import papers_e2e

PAPER = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
PAPER_ID = "2410.17243"
OTHER = "Framer: Interactive Frame Interpolation"
NOTE = "tiling strategy worth trying"


def label_with(app, root, text, timeout=10.0):
    return app.find_where(lambda n: n.roleName == "label" and n.name == text, root=root,
                          timeout=timeout, what="label %r" % text)


def open_paper(app, window, title):
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, title)
    # The row is a list item named by the title; the detail page's heading
    # is a label.
    papers_e2e.wait_for(lambda: len(window.findChildren(lambda n: n.roleName == "label" and n.name == title,
                                                        showingOnly=True)) >= 1,
                        what="the detail page of %r" % title)


def stored(**wanted):
    """Whether the library has the paper with these fields (as `papers
    search --json` prints them), read by the command line while the app runs."""
    for paper in json.loads(papers_e2e.cli_output("search", "tag:contrastive", "--json")):
        if paper["id"] == PAPER_ID:
            return all(sorted(paper[k]) == sorted(v) if isinstance(v, list) else paper[k] == v
                       for k, v in wanted.items())
    return False


def test_library_flow(start):
    corpus_server.require_corpus()
    server = corpus_server.CorpusServer().start()
    env = dict(server.env(), PAPERS_DAILY_DATE="2024-10-25")
    app = start(env=env)
    window = app.window("Papers")

    # Daily Papers of 2024-10-25, then the day before and back.
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, PAPER, root=papers)
    label_with(app, window, "Fri, 25 Oct 2024")
    app.screenshot("flow-daily")
    app.click(app.find(None, "Previous Day", root=window))
    label_with(app, window, "Thu, 24 Oct 2024")
    app.find("label", "No Papers This Day", root=window)
    app.key("<Alt>Right")
    label_with(app, window, "Fri, 25 Oct 2024")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)

    # One paper tagged "to-read" first, so the next one reuses that tag.
    open_paper(app, window, OTHER)
    app.set_in_library(window, True)
    app.add_tag(window, "to-read")

    # Open the paper, add it, tag it with an existing and a new tag, note.
    open_paper(app, window, PAPER)
    app.set_in_library(window, True)
    app.add_tag(window, "to-read")
    app.add_tag(window, "contrastive")
    app.key("<Control>e")
    note = app.find("text", "Note", root=window)
    papers_e2e.wait_for(lambda: note.focused, what="the note focused")
    app.type(NOTE)
    # Saved a moment after the last key: the search below finds the note.
    papers_e2e.wait_for(lambda: stored(note=NOTE), what="the note in the library")
    app.screenshot("flow-detail")

    # Search by tag, then by a word of the note.
    app.key("<Control>f")
    search = app.find_where(lambda n: n.name == "Search" and "button" not in n.roleName, root=window,
                            what="the search entry")
    app.type("tag:contrastive")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    row = app.find(papers_e2e.PAPER_ROW, PAPER, root=papers)
    app.absent(papers_e2e.PAPER_ROW, OTHER, root=papers)
    # What the row draws, a screen reader reads in its description.
    papers_e2e.wait_for(lambda: "Tags: to-read, contrastive" in (row.description or "")
                        or "Tags: contrastive, to-read" in (row.description or ""),
                        what="the row's tags in its description (%r)" % row.description)
    assert "Unread" in row.description and "In Library" in row.description, row.description
    app.key("<Control>a")
    app.type("tiling")
    app.find(papers_e2e.PAPER_ROW, PAPER, root=papers)
    app.absent(papers_e2e.PAPER_ROW, OTHER, root=papers)
    app.screenshot("flow-search")

    # Save the search: it shows in the sidebar.
    app.click(app.find(None, "Save Search", root=window))
    sidebar = app.find("list", "Sources and Library", root=window)
    app.find("list item", "tiling", root=sidebar)
    app.key("Escape")

    # Mark it read from the paper menu.
    open_paper(app, window, PAPER)
    app.click(app.find("toggle button", "Paper Menu", root=window))
    app.click(app.find("menu item", "Mark as Read", showing=False))
    papers_e2e.wait_for(lambda: stored(status="read"), what="the paper read in the library")

    # Remove it, then undo.
    app.set_in_library(window, False)
    app.click(app.find(None, "Undo", root=window))
    button = app.find("toggle button", "In Library", root=window)
    papers_e2e.wait_for(lambda: app.pressed(button), what="the paper back in the library")
    papers_e2e.wait_for(lambda: stored(status="read", note=NOTE, tags=["to-read", "contrastive"]),
                        what="the paper back in the library with its tags, note and status")

    app.key("<Control>q")
    assert app.wait_exit() == 0, "papers did not exit cleanly"

    # Start again: the library still has the paper, its tags, note and status.
    app = start(env=env)
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "Read")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, PAPER, root=papers)
    app.absent(papers_e2e.PAPER_ROW, OTHER, root=papers)
    app.select(sidebar, "contrastive")
    open_paper(app, window, PAPER)
    app.find(None, "Remove Tag “to-read”", root=window)
    app.find(None, "Remove Tag “contrastive”", root=window)
    note = app.find("text", "Note", root=window)
    assert app.text_of(note) == NOTE, "the note was %r" % app.text_of(note)
    app.screenshot("flow-restarted")
    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_library_flow)
