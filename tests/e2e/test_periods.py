#!/usr/bin/env python3
"""Daily Papers by week, by month and trending: the period toggles above
the list, the arrows and Alt+Left/Right stepping by the period shown, the
subtitle naming it, the request asking Hugging Face for it, and the copy
kept for offline.

The corpus has Daily Papers of one day (2024-10-25) and no weekly,
monthly or trending answer: the week holding that day (2024-W43) is
answered with the recorded day's papers, and the other periods with small
answers made here in the API's shape (see ../shared/APIS.md)."""

import json

import corpus_server
import papers_e2e

DAILY_PAPER = "Framer: Interactive Frame Interpolation"
WEEK_42 = "Papers of the Forty-Second Week"
MONTH_10 = "Papers of October"
MONTH_11 = "Papers of November"
TRENDING = "A Paper Trending Now"


def item(arxiv_id, title, published):
    """A Daily Papers item as Hugging Face answers it, with the fields
    Papers reads and a few it ignores."""
    paper = {
        "id": arxiv_id,
        "authors": [{"_id": "a" + arxiv_id, "name": "Ada Lovelace", "hidden": False}],
        "publishedAt": published + "T17:59:30.000Z",
        "title": title,
        "summary": "An abstract for %s, hard-wrapped\nas arXiv's are." % title,
        "upvotes": 7,
        "discussionId": "d" + arxiv_id,
    }
    return {
        "paper": paper,
        "publishedAt": published + "T20:00:00.000Z",
        "title": title,
        "summary": paper["summary"],
        "thumbnail": "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/%s.png" % arxiv_id,
        "numComments": 1,
        "submittedBy": {"_id": "u1", "fullname": "A Submitter", "user": "submitter", "type": "user"},
        "isAuthorParticipating": False,
    }


def answer(*items):
    return json.dumps(list(items)).encode()


def label_named(app, window, name, timeout=15.0):
    return app.find_where(lambda n: n.roleName == "label" and n.name == name, root=window,
                          timeout=timeout, what="the label %r" % name)


def requested(server, parameter):
    return [r for r in server.httpd.requests if r.startswith("/hf/api/daily_papers?") and parameter in r]


def test_periods(start):
    server, app, window = corpus_server.start_daily(start)
    with open(corpus_server.corpus_path("hf", "deep-diver_paper-reviewer_daily_papers_2024-10-25_first8items.json"),
              "rb") as f:
        server.httpd.daily[("week", "2024-W43")] = f.read()
    server.httpd.daily[("week", "2024-W42")] = answer(item("2410.11001", WEEK_42, "2024-10-15"))
    server.httpd.daily[("month", "2024-10")] = answer(item("2410.11002", MONTH_10, "2024-10-02"))
    server.httpd.daily[("month", "2024-11")] = answer(item("2411.11003", MONTH_11, "2024-11-04"))
    server.httpd.daily[("sort", "trending")] = answer(item("2410.11004", TRENDING, "2024-10-30"))

    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, DAILY_PAPER, root=papers)
    label_named(app, window, "Fri, 25 Oct 2024")
    period = app.find(None, "Period", root=window)

    # Week: the week holding the day, then the week before by the arrow
    app.click(app.find(None, "Week", root=period))
    label_named(app, window, "Week 43, 2024")
    app.find(papers_e2e.PAPER_ROW, DAILY_PAPER, root=papers, timeout=20)
    assert requested(server, "week=2024-W43&"), server.httpd.requests
    app.screenshot("periods-week")
    app.click(app.find(None, "Previous Week", root=window))
    label_named(app, window, "Week 42, 2024")
    app.find(papers_e2e.PAPER_ROW, WEEK_42, root=papers, timeout=20)
    assert requested(server, "week=2024-W42&"), server.httpd.requests
    # … and back by the keyboard
    app.key("<Alt>Right")
    label_named(app, window, "Week 43, 2024")
    app.find(papers_e2e.PAPER_ROW, DAILY_PAPER, root=papers, timeout=20)

    # Month: October, then November by the arrow
    app.click(app.find(None, "Month", root=period))
    label_named(app, window, "October 2024")
    app.find(papers_e2e.PAPER_ROW, MONTH_10, root=papers, timeout=20)
    assert requested(server, "month=2024-10&"), server.httpd.requests
    app.click(app.find(None, "Next Month", root=window))
    label_named(app, window, "November 2024")
    app.find(papers_e2e.PAPER_ROW, MONTH_11, root=papers, timeout=20)
    assert requested(server, "month=2024-11&"), server.httpd.requests

    # Trending: no date, so no arrows nor calendar, and they say why
    app.click(app.find(None, "Trending", root=period))
    label_named(app, window, "Trending")
    app.find(papers_e2e.PAPER_ROW, TRENDING, root=papers, timeout=20)
    assert requested(server, "sort=trending&"), server.httpd.requests
    for name in ("Previous Period", "Next Period", "Choose Day"):
        button = app.find(None, name, root=window)
        papers_e2e.wait_for(lambda: not button.sensitive, what="%s off" % name)
        assert button.description == "Trending papers have no date", (name, button.description)
    app.screenshot("periods-trending")

    # Day again: the day last stepped to, a day of November
    app.click(app.find(None, "Day", root=period))
    label_named(app, window, "Mon, 25 Nov 2024")
    app.find(None, "Previous Day", root=window)

    # Offline, a period fetched before is shown from the library's copy
    server.stop()
    app.click(app.find(None, "Month", root=period))
    label_named(app, window, "November 2024")
    app.find(papers_e2e.PAPER_ROW, MONTH_11, root=papers, timeout=30)
    app.find_where(lambda n: n.roleName == "label" and (n.name or "").startswith("Offline"), root=window,
                   timeout=30, what="the offline banner")

    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_periods)
