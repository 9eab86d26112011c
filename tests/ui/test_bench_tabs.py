#!/usr/bin/env python3
"""The tabs benchmark's JSON contract: five 40-page papers in the reader's
tabs, the memory with them and with one, the frames to switch, and the
bare window's memory beside them."""

import json
import os
import subprocess
import sys


def main(bench):
    corpus = os.environ.get("PAPERS_CORPUS_DIR", "")
    if not os.path.exists(os.path.join(corpus, "pdf", "pdfjs__tracemonkey.pdf")):
        print("1..0 # SKIP the corpus' PDFs are not here")
        sys.exit(77)
    # (scaled for slow builds as tests/meson.build says)
    timeout = 240 * float(os.environ.get("PAPERS_TEST_TIMEOUT_MULTIPLIER", "1"))
    out = subprocess.run([bench, "tabs", "--json"], capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["suite"] == "tabs", figures
    assert figures["tabs"] == 5 and figures["pages"] == 40, figures
    for key in ("rss_mb", "one_paper_rss_mb", "bare_rss_mb", "switch_frames_median", "switch_frames_max",
                "switch_ms_median"):
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, (key, figures)
    assert figures["switches"] == 10, figures
    assert figures["rss_mb"] >= figures["one_paper_rss_mb"] >= figures["bare_rss_mb"], figures
    print("1..1\nok 1 tabs benchmark JSON")


if __name__ == "__main__":
    main(sys.argv[1])
