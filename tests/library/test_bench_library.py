#!/usr/bin/env python3
"""The library benchmark's JSON contract, on a small library: the figures
the issues name (insert_s, search_p95_ms, …) and the floor of inserting
beside them (the same rows into plain tables), with the bytes moved."""

import json
import os
import subprocess
import sys
import tempfile


def main(bench):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        out = subprocess.run([bench, "library", "--papers", "300", "--db", db, "--json"],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        figures = json.loads(out.stdout)
        # The floor's own database is gone, the library's kept at --db
        assert not any(name.startswith("bench.db.floor") for name in os.listdir(tmp)), os.listdir(tmp)
        assert os.path.exists(db)
    assert figures["papers"] == 300, figures
    for key in ("insert_s", "insert_cpu_s", "search_p50_ms", "search_p95_ms", "sqlite_p95_ms",
                "rss_mb", "insert_floor_s", "insert_over_floor", "insert_read_mb", "insert_written_mb"):
        assert isinstance(figures[key], (int, float)), (key, figures)
    for key in ("insert_s", "insert_floor_s", "insert_over_floor", "insert_written_mb"):
        assert figures[key] > 0, (key, figures)
    # The ratio is of the unrounded times, each of which may be up to half
    # a millisecond either side of the three decimals printed: the ratio
    # lies between the smallest and the largest quotient those allow
    half = 0.0005
    low = max(figures["insert_s"] - half, 0) / (figures["insert_floor_s"] + half)
    high = (figures["insert_s"] + half) / max(figures["insert_floor_s"] - half, 1e-9)
    assert low * 0.99 <= figures["insert_over_floor"] <= high * 1.01, figures
    assert figures["title_top1"] == 1.0, figures
    print("1..1\nok 1 library benchmark JSON")


if __name__ == "__main__":
    main(sys.argv[1])
