#!/usr/bin/env python3
"""The window benchmark's JSON contract, on a small library: the figures
the main-window issue names, and the bare window's beside them."""

import json
import os
import subprocess
import sys
import tempfile


def main(bench):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        # (scaled for slow builds as tests/meson.build says)
        timeout = 120 * float(os.environ.get("PAPERS_TEST_TIMEOUT_MULTIPLIER", "1"))
        out = subprocess.run([bench, "gui", "--papers", "200", "--db", db, "--query", "net", "--json"],
                             capture_output=True, text=True, timeout=timeout)
        assert out.returncode == 0, out.stderr
        figures = json.loads(out.stdout)
    assert figures["suite"] == "gui", figures
    for key in ("first_frame_ms", "search_frame_p95_ms", "rss_mb",
                "bare_first_frame_ms", "bare_rss_mb", "first_frame_over_bare_ms"):
        assert isinstance(figures[key], (int, float)), (key, figures)
    for key in ("first_frame_ms", "search_frame_p95_ms", "rss_mb", "bare_first_frame_ms", "bare_rss_mb"):
        assert figures[key] > 0, (key, figures)
    assert figures["keystrokes"] == 3, figures
    assert abs(figures["first_frame_over_bare_ms"]
               - (figures["first_frame_ms"] - figures["bare_first_frame_ms"])) < 0.2, figures
    print("1..1\nok 1 gui benchmark JSON")


if __name__ == "__main__":
    main(sys.argv[1])
