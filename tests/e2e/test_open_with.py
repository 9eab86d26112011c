#!/usr/bin/env python3
"""Open With Papers: `papers-reader FILE.bib` imports the bibliography and
says how many entries it took and skipped; `papers-reader FILE.pdf` while
Papers runs hands the file to the running instance, which adds the PDF to
the library and opens it in the reader; a .bib that is binary garbage is refused with a
clear message and adds nothing."""

import os
import subprocess
import tempfile

import make_pdf
import papers_e2e

BIB = """@article{good1,
  title = {Opened With Papers},
  author = {Lovelace, Ada},
  year = {2024},
}

@article{good2,
  title = {A Second Opened Paper},
  author = {Turing, Alan},
  year = {2023},
}

@article{broken,
  author = {Nobody},
}
"""


def label_named(app, name, timeout=15.0):
    return app.find_where(lambda n: papers_e2e.accessible_name(n) == name, timeout=timeout,
                          what="%r on screen" % name)


def test_open_with(start):
    tmp = tempfile.mkdtemp(prefix="papers-open-")
    bib = os.path.join(tmp, "refs.bib")
    with open(bib, "w", encoding="utf-8") as f:
        f.write(BIB)
    garbage = os.path.join(tmp, "garbage.bib")
    with open(garbage, "wb") as f:
        f.write(bytes(range(256)) * 64)
    pdf = os.path.join(tmp, "my reading.pdf")
    make_pdf.write(pdf, "A paper opened from the file manager")

    # The PDF's reader is closed: see papers_e2e.without_leak_check().
    app = start(env=papers_e2e.without_leak_check())
    window = app.window("Papers")
    env = dict(os.environ, GSETTINGS_BACKEND=papers_e2e.APP_SETTINGS_BACKEND)

    def open_with(path):
        # A second `papers-reader FILE` hands it to the running instance and exits
        subprocess.run([papers_e2e.papers_bin(), path], env=env, check=True,
                       timeout=30 * papers_e2e.TIMEOUT_MULTIPLIER)

    open_with(bib)
    # The toast lasts 5 s: Details at once, the screenshot after
    label_named(app, "Imported 2 papers, 1 skipped")
    app.click(app.find_where(lambda n: papers_e2e.accessible_name(n) == "Details", root=window,
                             what="the summary's Details"))
    app.find_where(lambda n: papers_e2e.accessible_name(n).strip() ==
                   "refs.bib:13: skipped entry “broken”: it has no title", what="why the entry was skipped")
    app.screenshot("open-with-bib-details")
    app.key("Escape")
    label_named(app, "Opened With Papers")
    found = papers_e2e.cli_output("search", "opened")
    assert "Opened With Papers" in found and "A Second Opened Paper" in found, found

    open_with(pdf)
    app.find(None, "Document pages", root=window, timeout=20)
    app.screenshot("open-with-pdf")
    app.key("<Control>w")
    # Named by the PDF's own title, as a dropped PDF is
    label_named(app, "Papers end-to-end test document")
    # ...and the library keeps that name, not the file's
    papers_e2e.wait_for(lambda: "Papers end-to-end test document" in papers_e2e.cli_output("search", ""),
                        what="the PDF's own title stored")

    open_with(garbage)
    label_named(app, "The bibliography could not be imported")
    app.screenshot("open-with-garbage")
    found = papers_e2e.cli_output("search", "")
    assert found.count("\n") == 3, found

    # A browser's download may have no .pdf in its name: what it holds
    # makes it a PDF
    download = os.path.join(tmp, "download")
    make_pdf.write(download, "A paper saved without a name")
    open_with(download)
    app.find(None, "Document pages", root=window, timeout=20)
    papers_e2e.wait_for(lambda: papers_e2e.cli_output("search", "").count("Papers end-to-end test document") == 2,
                        what="the download added under its own title")

    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_open_with)
