#!/usr/bin/env python3
"""A PDF through sync: device A (a home of its own, the command line)
downloads a paper's PDF and syncs; device B (the test's home, the app)
syncs, and Read on the paper fetches the PDF another device sent — arXiv
is not reachable for B — and the reader shows its first page.  A device
that fetched it sends nothing back.  Preferences → Sync shows Download All
PDFs in Advance, off."""

import http.server
import json
import os
import subprocess
import tempfile
import threading

import dav_server
import make_pdf
import papers_e2e
from test_annotate import find_marker
from test_sync_window import close_prefs, open_sync_page

TITLE = "Pages That Travel Between Devices"
PAPER_ID = "2410.00077"
BIBTEX = """
@article{travel2024,
  title = {%s},
  author = {Grace Hopper},
  year = {2024},
  eprint = {%s},
  archivePrefix = {arXiv},
}
""" % (TITLE, PAPER_ID)
SENTENCE = "This page came through the reader's own storage."
PASSPHRASE = "a long passphrase for the pdf test"


class PdfHandler(http.server.BaseHTTPRequestHandler):
    """arXiv for device A only: any /pdf/ path is the test's PDF"""
    pdf = b""

    def do_GET(self):
        if "/pdf/" not in self.path:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(self.pdf)))
        self.end_headers()
        self.wfile.write(self.pdf)

    def log_message(self, *args):
        pass


def device_env(home):
    env = dict(os.environ)
    env["HOME"] = home
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache")):
        path = os.path.join(home, sub)
        os.makedirs(path, exist_ok=True)
        env[var] = path
    return env


def run(env, *args):
    return subprocess.run([papers_e2e.papers_bin()] + list(args), env=env, check=True,
                          capture_output=True, text=True, timeout=120 * papers_e2e.TIMEOUT_MULTIPLIER).stdout


def test_sync_pdf(start):
    reason = dav_server.available()
    if reason:
        papers_e2e.skip(reason)
    dav = dav_server.DavServer().start()
    base = os.environ.get("PAPERS_TEST_TMPDIR")
    tmp = tempfile.mkdtemp(prefix="sync-pdf-", dir=base)
    pdf = os.path.join(tmp, "paper.pdf")
    make_pdf.write(pdf, SENTENCE, n_pages=3, sentence_line=1)
    with open(pdf, "rb") as f:
        PdfHandler.pdf = f.read()
    arxiv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PdfHandler)
    threading.Thread(target=arxiv.serve_forever, daemon=True).start()
    sync = {"PAPERS_SYNC_URL": dav.url, "PAPERS_SYNC_USER": dav_server.USER,
            "PAPERS_SYNC_PASSWORD": dav_server.PASSWORD, "PAPERS_SYNC_PASSPHRASE": PASSPHRASE}
    app = None
    try:
        print("# Device A: the paper, its PDF downloaded, one sync", flush=True)
        a = device_env(os.path.join(tmp, "device-a"))
        a.update(sync)
        a["PAPERS_ARXIV_URL"] = "http://127.0.0.1:%d/arxiv" % arxiv.server_port
        bib = os.path.join(tmp, "paper.bib")
        with open(bib, "w", encoding="utf-8") as f:
            f.write(BIBTEX)
        run(a, "import", bib)
        run(a, "download", PAPER_ID)
        stats = json.loads(run(a, "sync", "--json"))
        assert stats["bytes_up"] > len(PdfHandler.pdf), stats
        stats = json.loads(run(a, "sync", "--json"))
        assert stats["bytes_up"] < len(PdfHandler.pdf), stats

        print("# Device B: syncs, knows of the PDF, has no file", flush=True)
        b = dict(os.environ)
        b.update(sync)
        # arXiv is out of reach for B: the PDF can only come through sync
        b["PAPERS_ARXIV_URL"] = "http://127.0.0.1:9/arxiv"
        stats = json.loads(run(b, "sync", "--json"))
        assert stats["received"] > 0, stats
        paper = [p for p in json.loads(run(b, "search", "Travel", "--json")) if p["id"] == PAPER_ID][0]
        assert paper.get("pdf_path") is None, paper

        print("# Device B's window: Read fetches it, the page shows", flush=True)
        # (Back pops the reader: see papers_e2e.without_leak_check())
        env = {k: v for k, v in b.items() if k.startswith("PAPERS_")}
        env.update(papers_e2e.without_leak_check())
        app = start(env=env)
        window = app.window("Papers")
        sidebar = app.find("list", "Sources and Library", root=window)
        app.select(sidebar, "All Papers")
        papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
        app.select(papers, TITLE, timeout=30)
        app.click(app.find(None, "Read PDF", root=window))
        app.absent(papers_e2e.PAPER_LIST, "Papers", root=window, timeout=60)
        app.find(None, "Back", root=window)

        def page_drawn():
            return find_marker(app.screenshot("sync-pdf-reader")) is not None
        papers_e2e.wait_for(page_drawn, timeout=30, what="the first page drawn")
        paper = [p for p in json.loads(run(b, "search", "Travel", "--json")) if p["id"] == PAPER_ID][0]
        assert paper.get("pdf_path"), paper
        with open(paper["pdf_path"], "rb") as f:
            assert f.read() == PdfHandler.pdf

        print("# Preferences → Sync has the in-advance switch, off", flush=True)
        prefs = open_sync_page(app)
        switch = app.find(None, "Download All PDFs in Advance", root=prefs)
        assert not switch.checked, "Download All PDFs in Advance is on by default"
        app.screenshot("sync-pdf-preference")
        close_prefs(app, prefs)

        app.key("<Control>q")
        assert app.wait_exit() == 0
        app = None
        print("# B has the same file: it sends nothing back", flush=True)
        stats = json.loads(run(b, "sync", "--json"))
        assert stats["bytes_up"] < len(PdfHandler.pdf), stats
    finally:
        if app is not None:
            app.kill()
        arxiv.shutdown()
        dav.stop()


if __name__ == "__main__":
    papers_e2e.run(test_sync_pdf)
