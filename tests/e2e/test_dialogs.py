#!/usr/bin/env python3
"""Add by Identifier (Ctrl+N, and Ctrl+V with an arXiv link), the
shortcuts window and Preferences."""

import select
import subprocess
import sys

import corpus_server
import papers_e2e


def test_dialogs(start):
    server = corpus_server.CorpusServer().start()
    app = start(env=server.env())
    window = app.window("Papers")

    # Add by Identifier: Add stays off until the text is an identifier.
    app.key("<Control>n")
    dialog = app.find("alert", "Add by Identifier")
    add = app.find(None, "Add", root=dialog)
    assert not add.sensitive, "Add is on for an empty identifier"
    app.type("not an id")
    assert not add.sensitive, "Add is on for text that is no identifier"
    app.key("<Control>a")
    app.type("1707.08567")
    papers_e2e.wait_for(lambda: add.sensitive, what="Add to turn on")
    app.screenshot("add-by-id")
    app.key("Return")
    app.absent("alert", "Add by Identifier")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    # The sources fill in the title from arXiv.
    if corpus_server.have_corpus():
        app.find(papers_e2e.PAPER_ROW, "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications",
                 root=papers, timeout=20)

    # Ctrl+V with a link in the clipboard and no text field focused.
    # The clipboard's owner must stay alive to answer the app's request; it
    # says when it owns the clipboard, from its main loop, once the request
    # to own it has gone to the X server.
    owner = subprocess.Popen([sys.executable, "-c",
                              "import gi\ngi.require_version('Gtk', '3.0')\n"
                              "from gi.repository import Gtk, Gdk, GLib\n"
                              "c = Gtk.Clipboard.get(Gdk.SELECTION_CLIPBOARD)\n"
                              "c.set_text('https://arxiv.org/pdf/2410.17243v1', -1)\n"
                              "GLib.idle_add(lambda: print('owner', flush=True))\n"
                              "GLib.timeout_add_seconds(%d, Gtk.main_quit)\nGtk.main()\n"
                              % (20 * papers_e2e.TIMEOUT_MULTIPLIER)],
                             stdout=subprocess.PIPE, text=True)
    papers_e2e.wait_for(lambda: select.select([owner.stdout], [], [], 0)[0], what="the clipboard's owner")
    assert owner.stdout.readline() == "owner\n", "the clipboard's owner did not start"
    list_view = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(list_view, papers_e2e.accessible_name(list_view.children[0]))
    app.key("<Control>v")
    # Hugging Face knows it: the paper comes with its title.
    if corpus_server.have_corpus():
        app.find(papers_e2e.PAPER_ROW, "Breaking the Memory Barrier: Near Infinite Batch Size Scaling "
                 "for Contrastive Loss", root=papers, timeout=15)
    owner.kill()
    owner.wait()

    # The shortcuts window lists the shortcuts.
    app.click(app.find("toggle button", "Main Menu", root=window))
    app.click(app.find("menu item", "Keyboard Shortcuts", showing=False))
    app.find("label", "Add by Identifier", showing=False)
    app.screenshot("shortcuts")
    app.key("Escape")
    app.absent("label", "Add by Identifier")
    # …and so does its key, the window building it anew each time.
    app.key("<Control><Shift>question")
    app.find("label", "Add by Identifier", showing=False)
    app.key("Escape")
    app.absent("label", "Add by Identifier")

    # Preferences: the followed categories and the style.
    app.key("<Control>comma")
    prefs = app.find("dialog", "Preferences")
    app.find(None, "Followed arXiv Categories", root=prefs, showing=False)
    app.find(None, "cs.LG", root=prefs, showing=False)
    app.screenshot("preferences")
    app.key("Escape")
    app.absent("dialog", "Preferences")

    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_dialogs)
