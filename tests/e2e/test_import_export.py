#!/usr/bin/env python3
"""Import and export in the window: Import… from the main menu (and Ctrl+O)
takes a .bib, shows the summary and undoes it, removing only the papers it
added; a summary with skipped entries lists them under Details, whose Undo
Import does the same; a CSL-JSON file opened with Papers is imported too;
Export… writes the notes of the view on show as Markdown, and the paper
shown alone as CSL-JSON.

GTK's own file chooser (there is no portal here) cannot be driven reliably
through AT-SPI: the app's test-only PAPERS_TEST_IMPORT_FILE and
PAPERS_TEST_EXPORT_FILE name the file the dialog would have given."""

import json
import os
import subprocess
import tempfile

import papers_e2e

KEPT = ("Already Kept Before the Import", 2020)

BIB = """@article{kept,
  title = {%s},
  author = {Lovelace, Ada},
  year = {%d},
}

@article{new1,
  title = {Imported From the Menu},
  author = {Hopper, Grace},
  year = {2024},
}

@article{new2,
  title = {A Second Imported Paper},
  author = {Turing, Alan},
  year = {2023},
}
""" % KEPT

BROKEN = """
@article{broken,
  author = {Nobody},
}
"""

CSL = [
    {"id": "csl1", "type": "article", "title": "Opened as CSL-JSON",
     "author": [{"family": "Noether", "given": "Emmy"}], "issued": {"date-parts": [[2022, 5, 1]]}},
    {"id": "untitled", "author": [{"family": "Nobody"}]},
]


def named(app, name, root=None, timeout=15.0):
    # (the details end with a line break)
    return app.find_where(lambda n: papers_e2e.accessible_name(n).strip() == name, root=root, timeout=timeout,
                          what="%r on screen" % name)


def library_titles():
    return sorted(p["title"] for p in json.loads(papers_e2e.cli_output("search", "", "--json")))


def menu(app, window, item):
    app.click(app.find("toggle button", "Main Menu", root=window))
    app.click(app.find("menu item", item, showing=False))


def test_import_export(start):
    tmp = tempfile.mkdtemp(prefix="papers-files-")
    bib = os.path.join(tmp, "refs.bib")
    with open(bib, "w", encoding="utf-8") as f:
        f.write(BIB)
    csl = os.path.join(tmp, "refs.json")
    with open(csl, "w", encoding="utf-8") as f:
        json.dump(CSL, f)
    exported = os.path.join(tmp, "notes.md")
    papers_e2e.import_papers([KEPT])
    kept = json.loads(papers_e2e.cli_output("search", "", "--json"))[0]["id"]

    app = start(env={"PAPERS_TEST_IMPORT_FILE": bib, "PAPERS_TEST_EXPORT_FILE": exported})
    window = app.window("Papers")

    # Import… from the main menu: all three taken, one of them known already
    menu(app, window, "Import…")
    named(app, "Imported 3 papers")
    app.screenshot("import-summary")
    assert library_titles() == sorted([KEPT[0], "Imported From the Menu", "A Second Imported Paper"])
    named(app, "Imported From the Menu", root=window)
    # Undo removes the two it added, not the one that was in the library
    app.click(app.find("button", "Undo", root=window))
    named(app, "Removed 2 imported papers")
    papers_e2e.wait_for(lambda: library_titles() == [KEPT[0]], what="the imported papers gone")
    app.absent(None, "Imported From the Menu", root=window)

    # Ctrl+O, a file with an entry skipped: Details says why, and undoes
    with open(bib, "a", encoding="utf-8") as f:
        f.write(BROKEN)
    app.key("<Control>o")
    named(app, "Imported 3 papers, 1 skipped")
    app.click(app.find_where(lambda n: papers_e2e.accessible_name(n) == "Details", root=window,
                             what="the summary's Details"))
    named(app, "refs.bib:19: skipped entry “broken”: it has no title")
    app.screenshot("import-summary-details")
    assert len(library_titles()) == 3
    app.click(named(app, "Undo Import"))
    named(app, "Removed 2 imported papers")
    papers_e2e.wait_for(lambda: library_titles() == [KEPT[0]], what="the imported papers gone")

    # A CSL-JSON file opened with Papers while it runs
    env = dict(os.environ, GSETTINGS_BACKEND=papers_e2e.APP_SETTINGS_BACKEND)
    subprocess.run([papers_e2e.papers_bin(), csl], env=env, check=True, timeout=30 * papers_e2e.TIMEOUT_MULTIPLIER)
    named(app, "Imported 1 paper, 1 skipped")
    named(app, "Opened as CSL-JSON", root=window)
    assert library_titles() == sorted([KEPT[0], "Opened as CSL-JSON"])

    # Export… of the library view as Markdown: the paper with a note
    papers_e2e.cli_output("note", kept, "--set", "Worth *reading* again")
    menu(app, window, "Export…")
    dialog = app.find("alert", "Export")
    markdown = app.find("toggle button", "Markdown (notes and annotations)", root=dialog)
    app.click(markdown)
    papers_e2e.wait_for(lambda: app.pressed(markdown), what="Markdown chosen")
    app.screenshot("export-dialog")
    app.click(app.find("button", "Export…", root=dialog))
    # (after the toasts before it, each shown for its time)
    named(app, "Exported 1 paper", timeout=40)
    app.screenshot("export-markdown")
    with open(exported, encoding="utf-8") as f:
        text = f.read()
    assert text.startswith("# " + KEPT[0] + "\n"), text
    assert "Worth \\*reading\\* again" in text, text
    assert "Opened as CSL-JSON" not in text, text

    # Export… of the paper shown alone, as CSL-JSON (to the same test
    # file), from the keyboard
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, "Opened as CSL-JSON")
    papers_e2e.wait_for(lambda: window.findChild(lambda n: n.roleName == "label" and n.name == "Opened as CSL-JSON",
                                                 retry=False, requireResult=False, showingOnly=True),
                        what="the paper shown")
    app.key("<Shift><Control>e")
    dialog = app.find("alert", "Export")
    app.click(app.find("toggle button", "Only the paper shown", root=dialog))
    csl_toggle = app.find("toggle button", "CSL-JSON", root=dialog)
    app.click(csl_toggle)
    papers_e2e.wait_for(lambda: app.pressed(csl_toggle), what="CSL-JSON chosen")
    app.screenshot("export-dialog-paper")
    app.click(app.find("button", "Export…", root=dialog))
    papers_e2e.wait_for(lambda: os.path.getsize(exported) > 0 and open(exported, encoding="utf-8").read().startswith("["),
                        what="the paper written as CSL-JSON")
    with open(exported, encoding="utf-8") as f:
        written = json.load(f)
    assert [e["title"] for e in written] == ["Opened as CSL-JSON"], written
    assert written[0]["author"] == [{"family": "Noether", "given": "Emmy"}], written

    # While an import reads and writes, the list shows it is under way and
    # Import… waits: a named pipe holds the import open until the test
    # writes the file's text into it
    os.remove(bib)
    os.mkfifo(bib)
    app.key("<Control>o")
    app.find("progress bar", "Importing papers", root=window)
    app.screenshot("import-progress")
    with open(bib, "w", encoding="utf-8") as f:
        f.write(BIB)
    named(app, "Imported 3 papers")
    app.absent("progress bar", "Importing papers", root=window)

    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_import_export)
