#!/usr/bin/env python3
"""The ranking benchmark's JSON contract (issue 17): the quality figures
beside arXiv-sanity's baseline and the speed figures beside their floor.

Without --corpus it runs on a small synthetic arXiv RSS feed written here
(six categories of made-up abstracts, each with its own words); with
--corpus, on the shared corpus' real feed, which test-env.sh skips when
the corpus is absent."""

import json
import os
import random
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

KEYS = ("ap", "p_at_20", "ap_baseline", "p_at_20_baseline", "train_ms", "update_ms", "tokenize_cpu_ms",
        "rank_ms", "rss_mb", "tokenize_ms", "train_cpu_ms", "update_cpu_ms", "rank_cpu_ms")

TOPICS = {
    "cs.RO": "robot grasping locomotion legged gripper trajectory manipulator odometry",
    "astro-ph.GA": "galaxy redshift stellar halo quasar accretion luminosity nebula",
    "q-bio.BM": "protein enzyme ligand folding binding residue receptor antibody",
    "math.CO": "graph coloring permutation lattice combinatorial partition tableau matroid",
    "cs.CL": "language translation parsing token corpus summarization dialogue lexical",
    "hep-ph": "quark gluon hadron collider neutrino boson lepton decay",
}
COMMON = "we study a new method for the analysis of results and show improved performance".split()


def synthetic_feed(path):
    rand = random.Random(17)
    items = []
    n = 0
    for category, words in TOPICS.items():
        words = words.split()
        for _ in range(36):
            n += 1
            text = lambda k: " ".join(rand.choice(words) if rand.random() < 0.35 else rand.choice(COMMON)
                                      for _ in range(k))
            arxiv_id = "2411.%05d" % n
            items.append(
                "<item><title>%s</title><link>https://arxiv.org/abs/%s</link>"
                "<description>arXiv:%sv1 Announce Type: new \nAbstract: %s</description>"
                "<guid isPermaLink=\"false\">oai:arXiv.org:%sv1</guid><category>%s</category>"
                "<dc:creator>Author %d, Author %d</dc:creator></item>"
                % (escape(text(8)), arxiv_id, arxiv_id, escape(text(90)), arxiv_id, category,
                   rand.randrange(300), rand.randrange(300)))
    with open(path, "w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8'?>\n"
                  "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"2.0\"><channel>"
                  "<title>synthetic</title><link>http://rss.arxiv.org/rss/all</link>"
                  "<description>synthetic</description>%s</channel></rss>\n" % "".join(items))


def run(bench, args):
    out = subprocess.run([bench, "rank", "--json"] + args, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def check(figures):
    for key in KEYS:
        assert isinstance(figures[key], (int, float)), (key, figures)
        assert figures[key] >= 0, (key, figures)
    for key in ("ap", "p_at_20", "ap_baseline", "p_at_20_baseline"):
        assert 0 < figures[key] <= 1, (key, figures)
    assert figures["interests"] >= 5 and figures["readers"] >= 15, figures
    assert isinstance(figures["alternatives"], dict), figures


def main(bench, corpus):
    if corpus:
        figures = run(bench, ["--papers", "1000", "--no-alternatives"])
        check(figures)
        assert figures["feed_papers"] == 1504, figures
        # The method shipped beats arXiv-sanity's on the real feed
        assert figures["ap"] > figures["ap_baseline"], figures
        print("1..1\nok 1 /corpus/rank benchmark JSON on the arXiv feed")
        return
    with tempfile.TemporaryDirectory() as tmp:
        feed = os.path.join(tmp, "feed.rss.xml")
        synthetic_feed(feed)
        figures = run(bench, ["--feed", feed, "--papers", "300", "--no-alternatives"])
        missing = subprocess.run([bench, "rank", "--json", "--feed", os.path.join(tmp, "none.xml")],
                                 capture_output=True, text=True, timeout=60)
    check(figures)
    assert figures["feed_papers"] == 6 * 36, figures
    assert figures["papers"] == 300, figures
    # Topics with words of their own are easy: both find them
    assert figures["ap"] > 0.8 and figures["ap_baseline"] > 0.5, figures
    assert missing.returncode != 0 and "no feed" in missing.stderr, missing
    print("1..2\nok 1 rank benchmark JSON on a synthetic feed\nok 2 a missing feed is said")


if __name__ == "__main__":
    main(sys.argv[1], "--corpus" in sys.argv[2:])
