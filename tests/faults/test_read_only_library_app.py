#!/usr/bin/env python3
"""Fault: the library on a read-only file system, in the window.

The library (papers, tags, a note) lives in a folder that bubblewrap
mounts read-only for the real app (root writes through chmod, so the
mount is the honest test).  From the start the window must say the
library is read-only, show it as it is, and refuse every edit cleanly:
the controls are disabled, keys do nothing, no toast claims a change was
made or failed.  Afterwards the file is byte for byte what it was.
"""

import os
import shlex
import subprocess
import time

import papers_e2e
import pyatspi  # noqa: E402 (after papers_e2e, which sets up dogtail)
from library_files import TAG, binary, cli, library_dir, make_library, sha256

NOTE = "kept as it is"
TITLES = ["Written Before the Lock", "Read but Not Changed", "A Library Behind Glass"]
BANNER = "This library is read-only: changes can’t be saved"


def snapshot():
    """Every file of the library's folder and its sum"""
    return {name: sha256(os.path.join(library_dir(), name)) for name in sorted(os.listdir(library_dir()))
            if os.path.isfile(os.path.join(library_dir(), name))}


def has_state(node, state):
    return node.getState().contains(state)


def no_change_toast(window):
    return window.findChild(lambda n: (n.name or "").startswith(("The change was not saved", "Added to the")),
                            retry=False, requireResult=False) is None


def test_read_only_library(start):
    make_library(TITLES)
    cli("note", "2401.00001", "--set", NOTE)
    before = snapshot()

    ro = ["bwrap", "--dev-bind", "/", "/", "--ro-bind", library_dir(), library_dir()]
    if subprocess.run(ro + ["true"], capture_output=True).returncode != 0:
        papers_e2e.skip("bubblewrap cannot make a read-only mount here")
    os.environ["PAPERS_CMD"] = shlex.join(ro + [binary()])
    app = start()
    window = app.window("Papers")

    # Said from the start, wherever the window opens
    app.find(None, BANNER, root=window)
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    for title in TITLES:
        app.find(papers_e2e.PAPER_ROW, title, root=papers)
    app.find("list item", TAG, root=sidebar)
    app.find(None, BANNER, root=window)

    # The paper shows as it is; nothing on it can be changed
    app.select(papers, TITLES[0])
    toggle = app.find("toggle button", "In Library", root=window)
    papers_e2e.wait_for(lambda: not has_state(toggle, pyatspi.STATE_SENSITIVE), what="In Library disabled")
    assert app.pressed(toggle), "the paper does not show as in the library"
    entry = app.find("text", "Add Tag", root=window)
    assert not has_state(entry, pyatspi.STATE_SENSITIVE), "the tag entry takes tags"
    remove = app.find(None, "Remove Tag “%s”" % TAG, root=window)
    assert not has_state(remove, pyatspi.STATE_SENSITIVE), "a tag can be removed"
    note = app.find("text", "Note", root=window)
    assert app.text_of(note) == NOTE, app.text_of(note)
    assert not has_state(note, pyatspi.STATE_EDITABLE), "the note can be edited"
    app.screenshot("read-only-library")

    # Keys that would change it do nothing, and say nothing went wrong
    app.key("<Control>t")
    app.key("<Control>e")
    time.sleep(0.5)
    assert not entry.focused, "Ctrl+T went to a disabled tag entry"
    assert not note.focused, "Ctrl+E went to a note that cannot be edited"
    assert app.text_of(note) == NOTE, app.text_of(note)
    assert no_change_toast(window), "a toast speaks of a change"

    # Import… is there, and disabled
    app.click(app.find("toggle button", "Main Menu", root=window))
    item = app.find("menu item", "Import…", showing=False)
    papers_e2e.wait_for(lambda: not has_state(item, pyatspi.STATE_SENSITIVE), what="Import… disabled")
    app.key("Escape")
    app.key("<Control>q")
    assert app.wait_exit() == 0, "papers did not exit cleanly"

    # Nothing the user had is changed or lost
    assert snapshot() == before, "the library's folder changed: %s -> %s" % (before, snapshot())
    out = cli("search", "tag:" + TAG, "--json").stdout
    assert out.count('"id"') == 2, out


if __name__ == "__main__":
    papers_e2e.run(test_read_only_library)
