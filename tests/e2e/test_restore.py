#!/usr/bin/env python3
"""Sidebar selection and selected paper are restored at start (with a
settings backend that keeps them, as on a desktop)."""

import pyatspi

import corpus_server
import papers_e2e

TITLE = "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"


def test_restore(start):
    corpus_server.require_corpus()
    server = corpus_server.CorpusServer().start()
    env = dict(server.env(), GSETTINGS_BACKEND="keyfile")
    app = start(env=env)
    window = app.window("Papers")
    app.key("<Control>n")
    app.find("alert", "Add by Identifier")
    app.type("1707.08567")
    app.key("Return")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, TITLE, root=papers, timeout=20)
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "Unread")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, TITLE)
    papers_e2e.wait_for(lambda: len(window.findChildren(lambda n: n.roleName == "label" and n.name == TITLE,
                                                        showingOnly=True)) >= 1, what="the paper open")
    app.key("<Control>q")
    assert app.wait_exit() == 0

    app = start(env=env)
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)
    unread = app.find("list item", "Unread", root=sidebar)
    papers_e2e.wait_for(lambda: unread.getState().contains(pyatspi.STATE_SELECTED), what="Unread selected")
    papers_e2e.wait_for(lambda: len(window.findChildren(lambda n: n.roleName == "label" and n.name == TITLE,
                                                        showingOnly=True)) >= 1, what="the paper open again")
    app.screenshot("restored")
    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_restore)
