#!/usr/bin/env python3
"""Tags from the sidebar's context menu, by keyboard: rename, merge and
delete with undo; counts follow and papers keep their tags."""

import os
import subprocess
import tempfile

import pyatspi
from dogtail import rawinput

import papers_e2e

BIBTEX = """
@article{vision2024,
  title = {Seeing Further with Vision Transformers},
  author = {Ada Lovelace and Alan Turing},
  year = {2024},
  eprint = {2410.00001},
  archivePrefix = {arXiv},
}
@article{graphs2023,
  title = {Graphs All the Way Down},
  author = {Grace Hopper},
  year = {2023},
  eprint = {2310.00002},
  archivePrefix = {arXiv},
}
"""


def cli(*args):
    papers = os.environ.get("PAPERS_BIN") or os.path.join(papers_e2e.build_dir(), "src", "papers-reader")
    subprocess.run([papers] + list(args), check=True, capture_output=True, timeout=60)


def tag_menu(app, sidebar, name):
    """Opens the context menu of the tag's row with a secondary click (the
    window sits at the screen's origin under the test's Xvfb, so window
    coordinates are the screen's)."""
    row = app.find("list item", name, root=sidebar)
    x, y, width, height = row.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    rawinput.click(x + width // 2, y + height // 2, button=3)


def count_of(app, sidebar, name):
    row = app.find("list item", name, root=sidebar)
    labels = row.findChildren(lambda n: n.roleName == "label" and n.name.isdigit())
    return int(labels[0].name) if labels else 0


def test_tags(start):
    with tempfile.TemporaryDirectory() as tmp:
        bib = os.path.join(tmp, "papers.bib")
        with open(bib, "w", encoding="utf-8") as f:
            f.write(BIBTEX)
        cli("import", bib)
    cli("tag", "2410.00001", "+vision", "+to-read")
    cli("tag", "2310.00002", "+cv")

    app = start()
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)
    app.find("list item", "vision", root=sidebar)
    papers_e2e.wait_for(lambda: count_of(app, sidebar, "cv") == 1, what="cv counted")

    # The keyboard opens a row's menu too: Shift+F10 on the focused row.
    row = app.find("list item", "to-read", root=sidebar)
    x, y, width, height = row.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    rawinput.click(x + width // 2, y + height // 2)
    papers_e2e.wait_for(lambda: row.focused, what="the to-read row focused")
    app.key("<Shift>F10")
    app.find("menu item", "Rename…", showing=False)
    app.key("Escape")
    app.absent("menu item", "Rename…")

    # Rename "vision" to "computer vision".
    tag_menu(app, sidebar, "vision")
    app.click(app.find("menu item", "Rename…", showing=False))
    dialog = app.find("alert", "Rename Tag")
    entry = app.find("text", "New Name", root=dialog)
    papers_e2e.wait_for(lambda: entry.focused, what="the name entry focused")
    app.key("<Control>a")
    app.type("computer vision")
    app.key("Return")
    app.find("list item", "computer vision", root=sidebar)
    app.absent("list item", "vision", root=sidebar)

    # Merge "cv" into it: both papers now carry "computer vision".
    tag_menu(app, sidebar, "cv")
    app.click(app.find("menu item", "Merge Into…", showing=False))
    dialog = app.find("alert", "Merge Tag")
    merge = app.find_where(lambda n: "button" in n.roleName and n.name in ("Merge", "_Merge"), root=dialog,
                           what="the Merge button")
    app.click(merge)
    app.absent("list item", "cv", root=sidebar)
    papers_e2e.wait_for(lambda: count_of(app, sidebar, "computer vision") == 2,
                        what="computer vision on both papers")

    # Showing the tag lists both papers.
    app.select(sidebar, "computer vision")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, "Seeing Further with Vision Transformers", root=papers)
    app.find(papers_e2e.PAPER_ROW, "Graphs All the Way Down", root=papers)
    app.screenshot("tags-merged")

    # Delete it, then undo: it is back on both papers.
    tag_menu(app, sidebar, "computer vision")
    app.click(app.find("menu item", "Delete", showing=False))
    app.absent("list item", "computer vision", root=sidebar)
    app.click(app.find(None, "Undo", root=window))
    app.find("list item", "computer vision", root=sidebar)
    papers_e2e.wait_for(lambda: count_of(app, sidebar, "computer vision") == 2,
                        what="the tag back on both papers")
    # The other tag was never touched.
    papers_e2e.wait_for(lambda: count_of(app, sidebar, "to-read") == 1, what="to-read kept")

    app.key("<Control>q")
    assert app.wait_exit() == 0

    # After a restart everything is as left.
    app = start()
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)
    papers_e2e.wait_for(lambda: count_of(app, sidebar, "computer vision") == 2, what="the tag after restart")
    app.absent("list item", "vision", root=sidebar)
    app.absent("list item", "cv", root=sidebar)
    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_tags)
