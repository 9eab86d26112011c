"""A loopback HTTP server that answers like Hugging Face and arXiv with the
shared corpus' recorded responses, for the end-to-end tests.

    server = CorpusServer().start()
    env = server.env()          # PAPERS_HF_URL, PAPERS_ARXIV_*_URL
    server.stop()               # later requests fail: the app is offline
"""

import http.server
import os
import threading
import urllib.parse

CORPUS = os.environ.get("PAPERS_CORPUS_DIR", "")
DAILY_DAY = "2024-10-25"


def corpus_path(*parts):
    return os.path.join(CORPUS, *parts)


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

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        self.server.requests.append(self.path)
        if url.path == "/hf/api/daily_papers":
            page = query.get("p", ["0"])[0]
            if query.get("date", [""])[0] == DAILY_DAY and page == "0":
                return self.send_file(corpus_path("hf", "deep-diver_paper-reviewer_daily_papers_"
                                                  "2024-10-25_first8items.json"), "application/json")
            return self.send_body(b"[]", "application/json")
        if url.path.startswith("/rss/rss/"):
            return self.send_file(corpus_path("arxiv", "aioarxiv-2024_rss_mock_feed.rss.xml"),
                                  "application/rss+xml")
        if url.path == "/api":
            ids = query.get("id_list", [""])[0]
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
