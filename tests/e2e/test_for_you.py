#!/usr/bin/env python3
"""For You in the window: with an empty library, Daily Papers sorted For
You says it is still learning and goes by upvotes; with a library, the row
that ranks first says why, ranked For You by a tag, Not Interested and
its Undo, following an author
from the paper's menu, and the For You view with that author as a filter.

The library is six papers on video frame interpolation (with abstracts,
imported before the app starts and tagged "interpolation"), so of the
corpus day's eight papers "Framer: Interactive Frame Interpolation", sixth
by upvotes, ranks first, for the library and for the tag."""

import json

import os
import subprocess
import tempfile
import time

import corpus_server
import papers_e2e

FRAMER = "Framer: Interactive Frame Interpolation"
TAG = "interpolation"
MOST_UPVOTED = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
DISMISSED = "Can Knowledge Editing Really Correct Hallucinations?"
# The corpus day's papers as rows name them
DAY = {
    MOST_UPVOTED, DISMISSED, FRAMER,
    "LOGO -- Long cOntext aliGnment via efficient preference Optimization",
    "Unleashing Reasoning Capability of LLMs via Scalable Question Synthesis from Scratch",
    "Unbounded: A Generative Infinite Game of Character Life Simulation",
    "Distill Visual Chart Reasoning Ability from LLMs to MLLMs",
    "Why Does the Effective Context Length of LLMs Fall Short?",
}

LIBRARY = [
    ("Video Frame Interpolation with Deformable Convolutions",
     "We interpolate intermediate video frames between two input frames using deformable convolutions "
     "and optical flow estimated by a neural network."),
    ("Real-Time Intermediate Flow Estimation for Video Frame Interpolation",
     "A real-time video frame interpolation method that estimates intermediate optical flow and "
     "synthesizes frames with a fusion network."),
    ("Depth-Aware Video Frame Interpolation",
     "Frame interpolation that uses depth to detect occlusion, warping input frames with optical "
     "flow to synthesize the intermediate frame of a video."),
    ("Softmax Splatting for Video Frame Interpolation",
     "Differentiable forward warping by softmax splatting of frames along optical flow for video "
     "frame interpolation and motion synthesis."),
    ("Interactive Keyframe Interpolation with Diffusion Models",
     "Users drag points to control the motion between keyframes; a video diffusion model generates "
     "the interpolated frames with smooth, interactive trajectories."),
    ("Large Motion Video Frame Interpolation with Generative Priors",
     "Generative video diffusion priors help frame interpolation between distant frames with large "
     "motion, producing temporally coherent intermediate frames."),
]


def import_library():
    with tempfile.TemporaryDirectory() as tmp:
        bib = os.path.join(tmp, "library.bib")
        with open(bib, "w", encoding="utf-8") as out:
            for i, (title, abstract) in enumerate(LIBRARY):
                out.write("@article{interp%d,\n  title = {%s},\n  author = {Lovelace, Ada},\n"
                          "  abstract = {%s},\n  year = {2024},\n}\n\n" % (i, title, abstract))
        subprocess.run([papers_e2e.papers_bin(), "import", bib], check=True, stdout=subprocess.DEVNULL)
    for paper in json.loads(papers_e2e.cli_output("search", "--json", "")):
        papers_e2e.cli_output("tag", paper["id"], "+" + TAG)


def rows(papers):
    return [c for c in papers.children if c.roleName == papers_e2e.PAPER_ROW]


def row_names(papers):
    return [papers_e2e.accessible_name(c) for c in rows(papers)]


def row_named(papers, name):
    for c in rows(papers):
        if papers_e2e.accessible_name(c) == name:
            return c
    return None


def menu_item(app, name):
    return app.find_where(lambda n: n.roleName.endswith("menu item") and papers_e2e.accessible_name(n) == name,
                          showing=False, what="the menu item %r" % name)


def sort_for_you(app, window):
    app.click(app.find("toggle button", "Sort", root=window))
    app.click(menu_item(app, "For You"))


def test_for_you(start):
    # Cold start: an empty library cannot rank; the list goes by upvotes
    # and says it is still learning
    server, app, window = corpus_server.start_daily(start)
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, FRAMER, root=papers)
    sort_for_you(app, window)
    app.find_where(lambda n: (n.name or "").startswith("Still learning your interests"), root=window,
                   what="the Still learning banner")
    try:
        papers_e2e.wait_for(lambda: row_names(papers)[:1] == [MOST_UPVOTED], what="the most upvoted first")
    except AssertionError:
        print("# rows: %r" % row_names(papers))
        app.screenshot("for-you-debug")
        raise
    assert not any("Like ‘" in (r.description or "") for r in rows(papers))
    app.screenshot("for-you-learning")
    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()

    import_library()
    server, app, window = corpus_server.start_daily(start, **papers_e2e.without_leak_check())
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.find(papers_e2e.PAPER_ROW, FRAMER, root=papers)

    # Sort For You: the paper nearest the library goes first and says why
    sort_for_you(app, window)
    papers_e2e.wait_for(lambda: row_names(papers)[:1] == [FRAMER],
                        what="Framer first For You (%r)" % row_names(papers))
    framer = row_named(papers, FRAMER)
    papers_e2e.wait_for(lambda: "Like ‘" in (row_named(papers, FRAMER).description or ""),
                        what="a reason on Framer's row (%r)" % framer.description)
    app.screenshot("for-you-sorted")

    # For You by a tag: the sort menu lists the library's tags; the rows
    # say which tag they are like; For You alone is the whole library again
    app.click(app.find("toggle button", "Sort", root=window))
    app.screenshot("for-you-tag-menu")
    app.click(menu_item(app, TAG))
    papers_e2e.wait_for(lambda: "Tag: " + TAG in (row_named(papers, FRAMER).description or ""),
                        what="Framer ranked for the tag (%r)" % row_named(papers, FRAMER).description)
    assert row_names(papers)[:1] == [FRAMER], row_names(papers)
    app.screenshot("for-you-tag")
    sort_for_you(app, window)
    papers_e2e.wait_for(lambda: "Like ‘" in (row_named(papers, FRAMER).description or ""),
                        what="Framer ranked for the library again")

    # Not Interested from the paper's menu, then Undo
    app.select(papers, DISMISSED)
    app.find("label", DISMISSED, root=window)
    app.click(app.find("toggle button", "Paper Menu", root=window))
    app.click(menu_item(app, "Not Interested"))
    papers_e2e.wait_for(lambda: DISMISSED not in row_names(papers), what="the paper gone from the list")
    app.click(app.find(None, "Undo", root=window))
    papers_e2e.wait_for(lambda: DISMISSED in row_names(papers), what="the paper back in the list")

    # The same from the keyboard: the row's menu on Shift+F10
    app.select(papers, DISMISSED)
    app.find("label", DISMISSED, root=window)
    # (AT-SPI cannot focus a row of a GTK grid: a pointer click does)
    row_named(papers, DISMISSED).click()
    app.key("<Shift>F10")
    # (showing: the paper menu's own item is there too, hidden)
    app.click(app.find_where(lambda n: n.roleName.endswith("menu item") and
                             papers_e2e.accessible_name(n) == "Not Interested",
                             what="the row menu's Not Interested"))
    papers_e2e.wait_for(lambda: DISMISSED not in row_names(papers), what="the paper gone, from the keyboard")
    app.click(app.find(None, "Undo", root=window))
    papers_e2e.wait_for(lambda: DISMISSED in row_names(papers), what="the paper back again")

    # Follow Framer's first author from its page
    app.select(papers, FRAMER)
    app.find("label", FRAMER, root=window)
    app.click(app.find("toggle button", "Paper Menu", root=window))
    app.click(menu_item(app, "Follow an Author"))
    app.click(menu_item(app, "Wen Wang"))
    papers_e2e.wait_for(lambda: "author\tWen Wang" in papers_e2e.cli_output("follow", "--list"),
                        what="Wen Wang followed in the library")

    # The For You view: the day's papers and the followed feeds, ranked,
    # and the author followed as a filter
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "For You")
    # (a feed's paper among the day's: the merge is there)
    papers_e2e.wait_for(lambda: any(n not in DAY for n in row_names(papers)), timeout=40,
                        what="the day's papers and the feeds (%r)" % row_names(papers)[:3])
    papers_e2e.wait_for(lambda: any("Like ‘" in (r.description or "") or "Author you follow" in (r.description or "")
                                    for r in rows(papers)),
                        what="reasons in the For You view")
    # Framer was opened from a listing: it is marked as seen
    papers_e2e.wait_for(lambda: row_named(papers, FRAMER) is not None and
                        "Seen" in (row_named(papers, FRAMER).description or ""),
                        what="Framer marked as seen")
    app.screenshot("for-you-view")
    # (GTK names a drop-down by its choice, and describes it by its label)
    show = app.find_where(lambda n: n.roleName == "toggle button" and n.description == "Show Papers Of",
                          root=window, what="the For You filter")
    app.click(show)
    app.find("label", "Author: Wen Wang", showing=False)
    # (the keyboard: the popup's list has the focus, on Everything)
    app.key("Down")
    app.key("Return")
    papers_e2e.wait_for(lambda: row_names(papers) == [FRAMER], what="only Wen Wang's paper")

    # Unfollow the author from the filter: back to everything
    app.click(app.find("button", "Unfollow", root=window))
    papers_e2e.wait_for(lambda: "Wen Wang" not in papers_e2e.cli_output("follow", "--list"),
                        what="Wen Wang no longer followed")
    papers_e2e.wait_for(lambda: len(row_names(papers)) > 1, what="every paper again")

    # Follow an arXiv search as a topic: it becomes a filter of For You
    app.select(sidebar, "Search arXiv")
    app.key("<Control>f")
    # (as test_source_search: the entry shows focused, AT-SPI may not say so yet)
    time.sleep(0.3)
    app.type("quantum")
    app.key("Return")
    follow = app.find("toggle button", "Follow This Search", root=window)
    app.click(follow)
    papers_e2e.wait_for(lambda: "search\tquantum" in papers_e2e.cli_output("follow", "--list"),
                        what="the search followed in the library")
    app.find("toggle button", "Unfollow This Search", root=window)
    app.select(sidebar, "For You")
    app.click(app.find_where(lambda n: n.roleName == "toggle button" and n.description == "Show Papers Of",
                             root=window, what="the For You filter"))
    app.find("label", "Topic: quantum", showing=False)
    app.key("Escape")

    app.key("<Control>q")
    assert app.wait_exit() == 0
    server.stop()


if __name__ == "__main__":
    papers_e2e.run(test_for_you)
