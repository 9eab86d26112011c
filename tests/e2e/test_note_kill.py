#!/usr/bin/env python3
"""A note typed is saved as it is typed, without quitting: the process
killed then loses nothing."""

import papers_e2e

NOTE = "written just before the crash"


def test_note_kill(start):
    app = start()
    window = app.window("Papers")
    app.key("<Control>n")
    dialog = app.find("alert", "Add by Identifier")
    app.type("https://arxiv.org/abs/2410.17243v2")
    app.key("Return")
    app.absent("alert", "Add by Identifier")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, "2410.17243", root=papers)

    app.key("<Control>e")
    note = app.find("text", "Note", root=window)
    papers_e2e.wait_for(lambda: note.focused, what="the note focused")
    app.type(NOTE)
    # Half a second after the last key; the command line reads it.
    papers_e2e.wait_for(lambda: papers_e2e.cli_output("note", "2410.17243") == NOTE + "\n",
                        interval=0.25, what="the note in the library")
    app.kill()

    app = start()
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, "2410.17243")
    note = app.find("text", "Note", root=window)
    papers_e2e.wait_for(lambda: app.text_of(note) == NOTE,
                        what="the note after the crash (it is %r)" % app.text_of(note))
    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_note_kill)
