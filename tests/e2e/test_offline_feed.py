#!/usr/bin/env python3
"""An arXiv category feed, then the offline banner once the server is gone
(the cached listing stays, with Retry), and a status page with Retry for a
listing never fetched."""

import corpus_server
import papers_e2e


def banner_label(app, window, prefix, timeout=15.0):
    return app.find_where(lambda n: n.roleName == "label" and (n.name or "").startswith(prefix),
                          root=window, timeout=timeout, what="a label starting %r" % prefix)


def test_offline_feed(start):
    server, app, window = corpus_server.start_daily(start)
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, "Framer: Interactive Frame Interpolation", root=papers)

    # A followed category (cs.LG by default): the corpus feed's papers.
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "cs.LG")
    papers_e2e.wait_for(lambda: any(c.roleName == papers_e2e.PAPER_ROW for c in papers.children), timeout=30,
                        what="the feed's papers")
    app.screenshot("feed")

    # The server goes away: Daily Papers shows its cached copy and a banner.
    server.stop()
    app.select(sidebar, "Daily Papers")
    app.find(papers_e2e.PAPER_ROW, "Framer: Interactive Frame Interpolation", root=papers, timeout=30)
    banner_label(app, window, "Offline")
    app.find(None, "Retry", root=window)
    app.screenshot("offline")

    # A day never fetched: a status page with Retry.
    app.key("<Alt>Left")
    app.find("label", "Could Not Load Papers", root=window, timeout=30)
    app.find(None, "Retry", root=window)
    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_offline_feed)
