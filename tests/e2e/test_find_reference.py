#!/usr/bin/env python3
"""Find on arXiv: a reference that names no arXiv id or DOI is looked for
by its title. A PDF made here cites three such papers; the local arXiv
search answers with a recorded search (Adrian Del Maestro's papers).
The first reference's title is one of them word for word: it is added at
once. The second is only like one: the reader is asked, sees both titles,
and adds it. Both entries then show as in the library. The third matches
nothing: a toast says so, nothing added."""

import json
import os
import subprocess
import tempfile
import urllib.parse

import cairo
import corpus_server
import papers_e2e

SURE = ("1412.6529", "[1] A. Del Maestro and M. Boninsegni. Particle partition entanglement of bosonic "
        "Luttinger liquids. Phys. Rev. B 92, 2015.")
ASKED = ("1201.4869", "[2] A. Del Maestro and B. Rosenow. Luttinger liquid core of helium in nanopores. "
         "ACS Nano 6, 2012.")
NONE = "[3] J. Doe. Cooking pasta at high altitude. Food Journal 1, 2001."


def write_pdf(path):
    surface = cairo.PDFSurface(path, 612, 792)
    surface.set_metadata(cairo.PDFMetadata.TITLE, "A Paper Citing Without Identifiers")
    cr = cairo.Context(surface)
    cr.select_font_face("DejaVu Sans", cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_NORMAL)
    y = 100

    def line(text, size=10, x=72, step=14):
        nonlocal y
        cr.set_font_size(size)
        cr.move_to(x, y)
        cr.show_text(text)
        y += step

    for _ in range(3):
        line("Bosons in one dimension form a Luttinger liquid, whose entanglement is known [1].")
        line("Helium in nanopores shows such a core [2], unlike cooking at altitude [3].")
    y += 20
    line("References", size=12, step=18)
    for entry in (SURE[1], ASKED[1], NONE):
        # (one entry per line, at a size that fits the page's width)
        line(entry, size=7, step=12)
    cr.show_page()
    surface.finish()


def find_button(app, window, entry):
    """The entry's Find on arXiv in the References panel: every entry has
    one, told apart by its description (the entry's text)"""
    text = entry.split("] ", 1)[1]
    return app.find_where(lambda n: n.roleName == "button" and n.name == "Find on arXiv"
                          and text[:40] in (n.description or ""), root=window, timeout=20,
                          what="Find on arXiv of %r" % text[:40])


def open_in_library(app, window, entry):
    """The entry's Open in Library, shown once the library keeps its paper"""
    text = entry.split("] ", 1)[1]
    return app.find_where(lambda n: n.roleName == "button" and n.name == "Open in Library"
                          and text[:40] in (n.description or ""), root=window, timeout=20,
                          what="Open in Library of %r" % text[:40])


def library_ids():
    return sorted(p.get("arxiv_id") or p["id"] for p in json.loads(papers_e2e.cli_output("search", "", "--json")))


def test_find_reference(start):
    tmp = tempfile.mkdtemp(prefix="papers-find-")
    pdf = os.path.join(tmp, "citing.pdf")
    write_pdf(pdf)
    server, app, window = corpus_server.start_daily(start, **papers_e2e.without_leak_check())
    server.httpd.known_ids.update({SURE[0], ASKED[0]})
    env = dict(os.environ, GSETTINGS_BACKEND=papers_e2e.APP_SETTINGS_BACKEND)
    subprocess.run([papers_e2e.papers_bin(), pdf], env=env, check=True, timeout=30 * papers_e2e.TIMEOUT_MULTIPLIER)
    app.find(None, "Document pages", root=window, timeout=20)
    app.click(app.find("toggle button", "References", root=window))

    # Word for word: added at once, by the id the search found
    app.click(find_button(app, window, SURE[1]))
    papers_e2e.wait_for(lambda: SURE[0] in library_ids(), what="the paper found by its title added")
    asked = [urllib.parse.unquote(r) for r in server.httpd.requests]
    assert 'search_query=ti:"Particle partition entanglement of bosonic Luttinger liquids"' in " ".join(asked), asked
    # The entry now says the library keeps it (found by the paper's title)
    open_in_library(app, window, SURE[1])

    # Only alike: asked first, with both titles
    app.click(find_button(app, window, ASKED[1]))
    dialog = app.find("alert", "Is This the Paper?", timeout=20)
    app.find_where(lambda n: "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores" in
                   papers_e2e.accessible_name(n), root=dialog, what="the title found on arXiv")
    app.screenshot("find-reference-confirm")
    assert ASKED[0] not in library_ids()
    app.click(app.find("button", "Add to Library", root=dialog))
    papers_e2e.wait_for(lambda: ASKED[0] in library_ids(), what="the confirmed paper added")
    # Its title is only like the entry's: the reader's answer ties them
    open_in_library(app, window, ASKED[1])

    # Nothing like it: said, nothing added
    before = library_ids()
    app.click(find_button(app, window, NONE))
    app.find_where(lambda n: papers_e2e.accessible_name(n) == "No paper on arXiv has this title", root=window,
                   timeout=20, what="the toast")
    assert library_ids() == before, library_ids()

    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_find_reference)
