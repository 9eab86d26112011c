"""A loopback HTTP server that answers like Hugging Face and arXiv with the
shared corpus' recorded responses, for the end-to-end tests.

    server = CorpusServer().start()
    env = server.env()          # PAPERS_HF_URL, PAPERS_ARXIV_*_URL
    server.stop()               # later requests fail: the app is offline
"""

import http.server
import json
import os
import re
import threading
import urllib.parse

CORPUS = os.environ.get("PAPERS_CORPUS_DIR", "")
DAILY_DAY = "2024-10-25"

# The corpus has no arXiv answer for an old-style id (archive/YYMMNNN), so
# the one old-style id the tests add is answered with a recorded entry whose
# id is rewritten to it, as a paper with one version, v1: arXiv answers
# id_list=ID and id_list=IDv1 alike then.  Any other id gets arXiv's
# recorded empty feed ("arXiv does not know the paper").
OLD_STYLE_ID = "astro-ph/0601001"
OLD_STYLE_RECORD = ("arxivpy-2016_id_list_1111.2011v2.atom.xml", "1111.2011v2")
OLD_STYLE_TITLE = ("Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large "
                   "Connectivity Limit")


def corpus_path(*parts):
    return os.path.join(CORPUS, *parts)


def hf_paper(paper_id):
    """Hugging Face's /api/papers/ID answer for a paper of the recorded
    Daily Papers: the `paper` object of its item, which is what that API
    returns; None for other papers."""
    path = corpus_path("hf", "deep-diver_paper-reviewer_daily_papers_2024-10-25_first8items.json")
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        for item in json.load(f):
            if item.get("paper", {}).get("id") == paper_id:
                return item["paper"]
    return None


def have_corpus():
    return os.path.isfile(corpus_path("hf", "deep-diver_paper-reviewer_daily_papers_2024-10-25_first8items.json"))


def require_corpus():
    """Skips the calling test (exit 77, counted as Skipped) when the shared
    corpus is absent.  The reason starts with "no corpus", which .ci/run
    looks for: with the corpus present, no test may skip for its lack."""
    if not have_corpus():
        import papers_e2e
        papers_e2e.skip("no corpus (%s)" % (CORPUS or "PAPERS_CORPUS_DIR is not set"))


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_file(self, path, content_type):
        with open(path, "rb") as f:
            body = f.read()
        self.send_body(body, content_type)

    def send_body(self, body, content_type, status=200):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_held(self, path, event):
        """Sends half of the file, then stalls until `event` is set and
        closes the connection: a download the app is still waiting on."""
        with open(path, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:len(body) // 2])
        self.wfile.flush()
        event.wait(60)
        self.close_connection = True

    def send_old_style(self):
        name, recorded_id = OLD_STYLE_RECORD
        with open(corpus_path("arxiv", name), "rb") as f:
            body = f.read()
        body = body.replace(recorded_id.encode(), (OLD_STYLE_ID + "v1").encode())
        self.send_body(body, "application/atom+xml")

    def send_known(self, paper_id):
        # A paper the corpus has no record of, answered with 1707.08567's
        # record under its id (so a test can add a paper a PDF cites).
        with open(corpus_path("arxiv", "arxivpy-2026_id_1707.08567_s0_m100_6a1afebfc6a3.atom.xml"), "rb") as f:
            body = f.read()
        self.send_body(body.replace(b"1707.08567v1", (paper_id + "v1").encode()), "application/atom+xml")

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        self.server.requests.append(self.path)
        if url.path == "/hf/api/daily_papers":
            page = query.get("p", ["0"])[0]
            if query.get("date", [""])[0] == DAILY_DAY and page == "0":
                return self.send_file(corpus_path("hf", "deep-diver_paper-reviewer_daily_papers_"
                                                  "2024-10-25_first8items.json"), "application/json")
            for key in ("week", "month", "sort"):
                answer = self.server.daily.get((key, query.get(key, [""])[0]))
                if answer is not None and page == "0":
                    return self.send_body(answer, "application/json")
            return self.send_body(b"[]", "application/json")
        if url.path.startswith("/hf/api/papers/"):
            paper = hf_paper(url.path[len("/hf/api/papers/"):])
            if paper is None:
                return self.send_body(b'{"error":"Entry not found"}', "application/json", 404)
            return self.send_body(json.dumps(paper).encode(), "application/json")
        if url.path.startswith("/rss/rss/"):
            return self.send_file(corpus_path("arxiv", "aioarxiv-2024_rss_mock_feed.rss.xml"),
                                  "application/rss+xml")
        if url.path == "/api":
            ids = query.get("id_list", [""])[0]
            if self.server.hold_api is not None:
                self.server.hold_api.wait(60)
            if re.fullmatch(re.escape(OLD_STYLE_ID) + "(v1)?", ids):
                return self.send_old_style()
            if ids in self.server.known_ids:
                return self.send_known(ids)
            name = ("arxivpy-2026_id_1707.08567_s0_m100_6a1afebfc6a3.atom.xml" if "1707.08567" in ids
                    else "arxivpy-2016_search_au_del_maestro.atom.xml" if "search_query" in query
                    else "arxivpy-2026_id_0000.0000_s0_m100_8b51d9633a68.atom.xml")
            return self.send_file(corpus_path("arxiv", name), "application/atom+xml")
        if url.path.startswith("/arxiv/pdf/"):
            pdf = self.server.pdf or corpus_path("pdf", "papermage__2304.02623v1.pdf")
            if self.server.hold_pdf is not None:
                return self.send_held(pdf, self.server.hold_pdf)
            return self.send_file(pdf, "application/pdf")
        self.send_body(b"not found", "text/plain", 404)


class CorpusServer:
    def __init__(self):
        self.httpd = None
        self.thread = None
        self.port = None
        # The file every PDF download gets; the corpus' paper by default.
        self.pdf = None

    def start(self):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port or 0), Handler)
        self.httpd.requests = []
        self.httpd.pdf = self.pdf
        # A threading.Event while PDF downloads should stall half-way.
        self.httpd.hold_pdf = None
        # A threading.Event while arXiv API answers should wait for it.
        self.httpd.hold_api = None
        # arXiv ids the API answers with a made-up record (see send_known).
        self.httpd.known_ids = set()
        # Daily Papers by week, month or sort, which the corpus has none
        # of: {("week", "2024-W43"): JSON bytes of the first page}.
        self.httpd.daily = {}
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def env(self):
        base = "http://127.0.0.1:%d" % self.port
        return {
            "PAPERS_HF_URL": base + "/hf",
            "PAPERS_ARXIV_API_URL": base + "/api",
            "PAPERS_ARXIV_RSS_URL": base + "/rss",
            "PAPERS_ARXIV_URL": base + "/arxiv",
        }


def start_daily(start, **extra_env):
    """Starts the server and papers on Daily Papers of 2024-10-25; returns
    (server, app, window); skips the test when the corpus is missing."""
    require_corpus()
    server = CorpusServer().start()
    env = dict(server.env(), PAPERS_DAILY_DATE=DAILY_DAY, **extra_env)
    app = start(env=env)
    return server, app, app.window("Papers")
