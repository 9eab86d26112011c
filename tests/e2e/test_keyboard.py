#!/usr/bin/env python3
"""The paper list by keyboard alone: Ctrl+F, a query, Down into its
results, then Down, Page Down, End and Home move the selection, and the
detail page follows it."""

import papers_e2e

N_PAPERS = 40


def selected(table):
    selection = table.querySelection()
    if selection.nSelectedChildren < 1:
        return None
    return papers_e2e.accessible_name(selection.getSelectedChild(0))


def shown_in_detail(window, title):
    return len(window.findChildren(lambda n: n.roleName == "label" and n.name == title,
                                   showingOnly=True)) >= 1


def test_keyboard(start):
    papers_e2e.import_papers([("Keyboard Walk %02d" % i, 2000 + i % 25) for i in range(N_PAPERS)])

    app = start()
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find_where(lambda n: n.roleName == papers_e2e.PAPER_ROW
                   and papers_e2e.accessible_name(n).startswith("Keyboard Walk"),
                   root=papers, timeout=15, what="the papers imported")

    app.key("<Control>f")
    app.find_where(lambda n: n.name == "Search" and "button" not in n.roleName, root=window,
                   what="the search entry")
    app.type("keyboard walk")
    # The results, first quickly and then ranked once typing pauses.  When
    # the ranked ones come is not seen from outside, so the first result is
    # the one first when Down has selected it.
    papers_e2e.wait_for(lambda: papers_e2e.accessible_name(papers.children[0]).startswith("Keyboard Walk"),
                        what="the results")

    # Down leaves the search for the first result, selected
    app.key("Down")
    first = papers_e2e.wait_for(lambda: selected(papers) is not None
                                and selected(papers) == papers_e2e.accessible_name(papers.children[0])
                                and selected(papers),
                                what="the first result selected")
    assert first.startswith("Keyboard Walk"), first
    papers_e2e.wait_for(lambda: shown_in_detail(window, first), what="the first result in the detail page")

    app.key("Down")
    second = papers_e2e.wait_for(lambda: selected(papers) not in (None, first) and selected(papers),
                                 what="the second result selected")
    assert second == papers_e2e.accessible_name(papers.children[1]), second

    app.key("Page_Down")
    paged = papers_e2e.wait_for(lambda: selected(papers) not in (None, first, second) and selected(papers),
                                what="a page further down selected")

    app.key("End")
    last = papers_e2e.wait_for(lambda: selected(papers) not in (None, first, second, paged) and selected(papers),
                               what="the last result selected")
    papers_e2e.wait_for(lambda: papers_e2e.accessible_name(papers.children[-1]) == last,
                        what="the list scrolled to its end")
    papers_e2e.wait_for(lambda: shown_in_detail(window, last), what="the last result in the detail page")

    app.key("Home")
    papers_e2e.wait_for(lambda: selected(papers) == first, what="the first result selected again")
    app.screenshot("keyboard")

    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_keyboard)
