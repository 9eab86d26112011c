#!/usr/bin/env python3
"""Launch, open About from the primary menu, close it, quit with Ctrl+Q."""

import papers_e2e


def test_about(start):
    app = start()
    window = app.window("Papers")
    app.screenshot("main-window")

    app.click(app.find("toggle button", "Main Menu", root=window))
    app.click(app.find("menu item", "About Papers", showing=False))

    about = app.find(name="About", role="dialog")
    app.screenshot("about")
    app.find("label", "Papers", root=about)
    app.key("Escape")
    app.absent(role="dialog", name="About")

    app.key("<Control>q")
    assert app.wait_exit() == 0, "papers did not exit cleanly"


if __name__ == "__main__":
    papers_e2e.run(test_about)
