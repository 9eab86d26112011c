#!/usr/bin/env python3
"""Bad input for the reader's tabs: restoring ids the library no longer has
and a paper whose PDF vanished (both left out without a word, the others
restored), then 50 tabs opened at once from the command line and restored
at the next start.  (The tabs themselves: test_tabs.)"""

import json
import os
import tempfile

import make_pdf
import papers_e2e
from test_tabs import ALPHA, BETA, ENV, GAMMA, gsettings, open_with


def test_tabs_bad_input(start):
    tmp = tempfile.mkdtemp(prefix="papers-tabs-bad-")
    paths = {}
    for title in (ALPHA, BETA, GAMMA):
        paths[title] = os.path.join(tmp, title + ".pdf")
        make_pdf.write(paths[title], "The paper called %s." % title, n_pages=2, title=title)
    env = ENV

    def tab_names():
        return sorted(papers_e2e.accessible_name(n) for n in window.findChildren(
            lambda n: n.roleName in ("page tab", "tab"), showingOnly=True))

    # Three papers in the library, by the command line
    app = start(env=env)
    window = app.window("Papers")
    open_with(*paths.values())
    papers_e2e.wait_for(lambda: len(tab_names()) == 3, timeout=30, what="three tabs")
    app.key("<Control>q")
    assert app.wait_exit() == 0

    # Bad input: ids that no longer exist and a PDF that vanished are left out
    ids = {p["title"]: p["id"] for p in json.loads(papers_e2e.cli_output("search", "", "--json"))}
    os.rename(paths[BETA], paths[BETA] + ".gone")
    gsettings("set", "org.example.Papers", "open-tabs",
              str(["no-such-paper", ids[BETA], ids[ALPHA], "2401.00001", "", "x" * 10000, ids[GAMMA]]))
    gsettings("set", "org.example.Papers", "selected-tab", "1")
    app = start(env=env)
    window = app.window("Papers")
    papers_e2e.wait_for(lambda: len(tab_names()) == 2, what="the two tabs left")
    assert tab_names() == sorted([ALPHA, GAMMA]), tab_names()
    app.key("<Control>q")
    assert app.wait_exit() == 0
    assert json.loads(gsettings("get", "org.example.Papers", "open-tabs").replace("'", '"')) == \
        [ids[ALPHA], ids[GAMMA]]

    # 50 tabs at once from the command line, then restored
    many = []
    for i in range(50):
        many.append(os.path.join(tmp, "many-%02d.pdf" % i))
        make_pdf.write(many[-1], "Tab %d." % i, n_pages=1, title="Many Tabs %02d" % i)
    gsettings("set", "org.example.Papers", "open-tabs", "[]")
    app = start(env=env)
    window = app.window("Papers")
    open_with(*many)
    papers_e2e.wait_for(lambda: len(tab_names()) == 50, timeout=120, what="50 tabs")
    app.screenshot("tabs-fifty")
    app.key("<Control>q")
    assert app.wait_exit(timeout=60) == 0
    app = start(env=env)
    window = app.window("Papers")
    papers_e2e.wait_for(lambda: len(tab_names()) == 50, timeout=60, what="50 tabs restored")
    app.key("<Control>Page_Down")
    # The next tab, restored without its PDF read, reads it when shown
    app.find_where(lambda node: node.roleName == "text" and node.name == "Page" and
                   node.description == "of 1", root=window, timeout=30, what="the next tab's PDF read")
    app.key("<Control>q")
    assert app.wait_exit(timeout=60) == 0


if __name__ == "__main__":
    papers_e2e.run(test_tabs_bad_input)
