#!/usr/bin/env python3
"""The header's menus and popovers, which the window makes when they are
first opened: the main menu, Sort (choosing Title reorders the list), the
search syntax, and the day of Daily Papers."""

import papers_e2e

TITLES = [("Zebra Crossings", 2024), ("Aardvark Burrows", 2020), ("Mongoose Dens", 2022)]


def row_names(papers):
    return [papers_e2e.accessible_name(c) for c in papers.children
            if c.roleName == papers_e2e.PAPER_ROW]


def test_popovers(start):
    papers_e2e.import_papers(TITLES)
    app = start(env={"PAPERS_DAILY_DATE": "2024-10-25"})
    window = app.window("Papers")
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    papers_e2e.wait_for(lambda: len(row_names(papers)) == 3, what="the three papers")

    # Sort by title, then by date again
    app.click(app.find("toggle button", "Sort", root=window))
    app.click(app.find(None, "Title", showing=False))
    papers_e2e.wait_for(lambda: row_names(papers) == sorted(t for t, _ in TITLES),
                        what="the papers by title (%r)" % row_names(papers))
    app.click(app.find("toggle button", "Sort", root=window))
    app.click(app.find(None, "Date", showing=False))
    papers_e2e.wait_for(lambda: row_names(papers)[0] == "Zebra Crossings", what="the newest first again")

    # The search syntax
    app.key("<Control>f")
    app.click(app.find("toggle button", "Search Syntax", root=window))
    app.find("label", "year:2019..2023", showing=False)
    app.screenshot("search-syntax")
    app.key("Escape")

    # The main menu
    app.click(app.find("toggle button", "Main Menu", root=window))
    app.find(None, "Keyboard Shortcuts", showing=False)
    app.key("Escape")

    # The day of Daily Papers: its calendar, at the day shown
    app.select(sidebar, "Daily Papers")
    app.click(app.find("toggle button", "Choose Day", root=window))
    app.find("label", "October")
    app.find("label", "2024")
    app.screenshot("choose-day")
    app.key("Escape")

    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_popovers)
