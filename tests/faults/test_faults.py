#!/usr/bin/env python3
"""Faults: the library survives bad luck with a clear message and no loss.

Drives the real `papers-reader` command line.  Read-only and full file systems are
real: a read-only bind mount and a size-limited tmpfs made with bubblewrap
(skipped where bubblewrap cannot make them).  Prints TAP.
"""

import hashlib
import http.server
import json
import os
import re
import threading
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

PAPERS = os.environ.get("PAPERS_BIN") or os.path.join(os.environ["PAPERS_BUILD_DIR"], "src", "papers-reader")
TMP = os.environ.get("PAPERS_TEST_TMPDIR") or tempfile.mkdtemp()
results = []


def env_for(data_home):
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = data_home
    env.pop("PAPERS_LIBRARY", None)
    return env


def papers(data_home, *args, check=True, wrap=()):
    proc = subprocess.run(list(wrap) + [PAPERS] + list(args), env=env_for(data_home),
                          capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError("papers %s failed (%d): %s" % (" ".join(args), proc.returncode, proc.stderr))
    return proc


def library_dir(data_home):
    return os.path.join(data_home, "org.example.Papers")


def db_path(data_home):
    return os.path.join(library_dir(data_home), "library.db")


def write_bib(path, n, first=0, abstract_chars=200):
    words = ["diffusion", "transformer", "contrastive", "memory", "scaling", "reasoning", "vision"]
    rng = random.Random(n)
    with open(path, "w") as f:
        for i in range(first, first + n):
            title = " ".join(rng.choice(words) for _ in range(6))
            f.write("@article{key%d,\n  title = {%s %d},\n  author = {Ada Lovelace and Alan Turing},\n"
                    "  year = {%d},\n  eprint = {2401.%05d},\n  archivePrefix = {arXiv},\n"
                    "  abstract = {%s}\n}\n\n"
                    % (i, title, i, 2000 + i % 25, i + 1, ("lorem " * (abstract_chars // 6))))
    return path


def ids(data_home, wrap=()):
    out = papers(data_home, "search", "", "--json", "--limit", "100000", wrap=wrap).stdout
    return {p["id"] for p in json.loads(out)}


def integrity_ok(path):
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def clear_message(stderr):
    """A sentence for people: no SQLite jargon, no C identifiers.  The
    file names it quotes (“…”) are the user's, whatever they contain: a
    temporary folder named tmpg_9o2be0 is no GLib function."""
    text = stderr.strip()
    assert text, "no message on standard error"
    words = re.sub(r"“[^”]*”", "“…”", text)
    for jargon in ("sqlite3_", "SQLITE_", "disk I/O error", "(code ", "Gtk-"):
        assert jargon not in words, "message shows internals: %r" % text
    assert not re.search(r"(?<![A-Za-z0-9])g_[a-z]", words), "message shows internals: %r" % text
    return text


def bwrap_works():
    try:
        return subprocess.run(["bwrap", "--dev-bind", "/", "/", "--size", "65536", "--tmpfs",
                               TMP, "true"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def case(name, needs_bwrap=False):
    def wrap(fn):
        results.append((name, fn, needs_bwrap))
        return fn
    return wrap


@case("read-only database", needs_bwrap=True)
def read_only():
    home = tempfile.mkdtemp(dir=TMP)
    papers(home, "import", write_bib(os.path.join(home, "a.bib"), 5))
    before = ids(home)
    with open(db_path(home), "rb") as f:
        bytes_before = f.read()
    lib = library_dir(home)
    ro = ["bwrap", "--dev-bind", "/", "/", "--ro-bind", lib, lib]

    proc = papers(home, "tag", "2401.00001", "+new", check=False, wrap=ro)
    assert proc.returncode != 0, "a write to a read-only library succeeded"
    text = clear_message(proc.stderr)
    assert "read-only" in text, text
    assert "damaged" not in text, "a read-only library was called damaged: " + text

    # Writable again: everything is there, unchanged, and intact.
    assert ids(home) == before
    assert integrity_ok(db_path(home))
    proc = papers(home, "search", "tag:new", "--json")
    assert json.loads(proc.stdout) == [], "the refused tag was stored"
    with open(db_path(home), "rb") as f:
        assert len(f.read()) >= len(bytes_before) // 2


@case("disk full", needs_bwrap=True)
def disk_full():
    outer = tempfile.mkdtemp(dir=TMP)
    small = os.path.join(outer, "small")
    os.makedirs(small)
    small_bib = write_bib(os.path.join(outer, "small.bib"), 20)
    big_bib = write_bib(os.path.join(outer, "big.bib"), 4000, first=1000, abstract_chars=1200)
    report = os.path.join(outer, "report.json")
    # Everything happens inside one bwrap: the 2 MB tmpfs lives as long as it.
    # (2 MB, not 1: a new library is made of 16 KB pages, so its tables and
    # indexes take about 640 KB, and as much again in the log while they are
    # made.  4 000 papers still need several times the room.)
    script = r"""
import json, subprocess, sqlite3, sys, os
papers, home, small_bib, big_bib, report = sys.argv[1:]
env = dict(os.environ, XDG_DATA_HOME=home)
def run(*a):
    return subprocess.run([papers] + list(a), env=env, capture_output=True, text=True)
first = run("import", small_bib)
big = run("import", big_bib)
after = run("search", "", "--json", "--limit", "100000")
db = os.path.join(home, "org.example.Papers", "library.db")
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
json.dump({"first": first.returncode, "big": big.returncode, "big_err": big.stderr,
           "after": after.returncode, "ids": [p["id"] for p in json.loads(after.stdout or "[]")],
           "integrity": integrity}, open(report, "w"))
"""
    subprocess.run(["bwrap", "--dev-bind", "/", "/", "--size", str(2 << 20), "--tmpfs", small,
                    sys.executable, "-c", script, PAPERS, small, small_bib, big_bib, report],
                   env=env_for(small), check=True, timeout=300)
    with open(report) as f:
        r = json.load(f)
    assert r["first"] == 0, "the small import did not fit in 2 MB"
    assert r["big"] != 0, "4 000 papers fitted in 2 MB?"
    text = clear_message(r["big_err"])
    assert "full" in text, text
    assert r["after"] == 0, "the library could not be read after the disk filled"
    assert r["integrity"] == "ok", r["integrity"]
    # The 20 papers acknowledged before the disk filled are all there.
    assert len(r["ids"]) >= 20, "lost papers: %d left" % len(r["ids"])


@case("database replaced by garbage")
def garbage():
    home = tempfile.mkdtemp(dir=TMP)
    papers(home, "import", write_bib(os.path.join(home, "a.bib"), 3))
    for suffix in ("-wal", "-shm"):
        if os.path.exists(db_path(home) + suffix):
            os.unlink(db_path(home) + suffix)
    garbage_bytes = bytes(random.Random(7).getrandbits(8) for _ in range(64 * 1024))
    with open(db_path(home), "wb") as f:
        f.write(garbage_bytes)

    for args in (("search", ""), ("tag", "2401.00001", "+x"), ("import", os.path.join(home, "a.bib"))):
        proc = papers(home, *args, check=False)
        assert proc.returncode != 0, "papers %s worked on garbage" % args[0]
        text = clear_message(proc.stderr)
        assert "damaged" in text, text

    # The damaged file is never overwritten or deleted.
    with open(db_path(home), "rb") as f:
        assert f.read() == garbage_bytes, "the damaged database was modified"


@case("killed during an import")
def killed_import():
    home = tempfile.mkdtemp(dir=TMP)
    papers(home, "import", write_bib(os.path.join(home, "first.bib"), 10))
    acknowledged = ids(home)
    big = write_bib(os.path.join(home, "big.bib"), 20000, first=100, abstract_chars=600)

    proc = subprocess.Popen([PAPERS, "import", big], env=env_for(home),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it while it works: once the write-ahead log has grown.  (A file
    # growing has no event to wait on; a slow build gets longer, as
    # $PAPERS_TEST_TIMEOUT_MULTIPLIER from tests/meson.build says.)
    wal = db_path(home) + "-wal"
    deadline = time.monotonic() + 20 * float(os.environ.get("PAPERS_TEST_TIMEOUT_MULTIPLIER", "1"))
    while time.monotonic() < deadline and proc.poll() is None:
        if os.path.exists(wal) and os.path.getsize(wal) > 256 * 1024:
            break
        time.sleep(0.01)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()

    assert integrity_ok(db_path(home))
    now = ids(home)
    assert acknowledged <= now, "acknowledged papers were lost"
    # The import is one transaction: all of it or none of it.
    assert len(now - acknowledged) in (0, 20000), "a partial import: %d" % len(now - acknowledged)
    if not killed:
        print("# the import finished before it could be killed")


# A PDF small enough to write by hand, big enough to cut in the middle.
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
       b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
       + b"% padding\n" * 4000 + b"trailer << /Root 1 0 R >>\n%%EOF\n")


class PdfServer(http.server.ThreadingHTTPServer):
    """Serves /pdf/ID on loopback: whole, or cut off half way ("drop")."""

    daemon_threads = True
    mode = "full"
    requests = 0


class PdfHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests += 1
        if self.path.startswith("/api/papers/"):
            # The paper itself, as Hugging Face describes one.
            paper_id = self.path.rsplit("/", 1)[-1]
            body = json.dumps({"id": paper_id, "title": "A paper about faults %s" % paper_id,
                               "summary": "What survives bad luck.", "upvotes": 3,
                               "publishedAt": "2024-01-02T00:00:00.000Z",
                               "authors": [{"name": "Ada Lovelace", "hidden": False}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if not self.path.startswith("/pdf/"):
            self.send_error(404)
            return
        body = PDF
        start = 0
        rng = self.headers.get("Range")
        if rng and rng.startswith("bytes=") and self.server.mode == "full":
            start = int(rng[6:].split("-")[0] or 0)
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(body) - 1, len(body)))
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(body) - start))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if self.server.mode == "drop":
            # Half the body, then the connection goes away.
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(body[start:])


def pdf_server():
    server = PdfServer(("127.0.0.1", 0), PdfHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def net_env(server):
    url = "http://127.0.0.1:%d" % server.server_address[1]
    return {"PAPERS_ARXIV_URL": url, "PAPERS_HF_URL": url, "PAPERS_ARXIV_API_URL": url + "/api/query",
            "PAPERS_ARXIV_RSS_URL": url}


def papers_net(data_home, server, *args):
    env = env_for(data_home)
    env.update(net_env(server))
    return subprocess.run([PAPERS] + list(args), env=env, capture_output=True, text=True, timeout=120)


def pdf_files(data_home):
    folder = os.path.join(library_dir(data_home), "pdfs")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def has_pdf(data_home):
    return {p["id"] for p in json.loads(papers(data_home, "search", "has:pdf", "--json").stdout)}


@case("network drops mid-download")
def network_drop():
    home = tempfile.mkdtemp(dir=TMP)
    server = pdf_server()
    try:
        server.mode = "drop"
        proc = papers_net(home, server, "download", "2401.00001")
        assert proc.returncode != 0, "a cut-off download succeeded"
        clear_message(proc.stderr)
        assert not any(f.endswith(".pdf") for f in pdf_files(home)), \
            "a partial PDF was put in place: %s" % pdf_files(home)
        assert "2401.00001" not in has_pdf(home), "a cut-off download was recorded"

        # Back online: the download completes, whole and recorded.
        server.mode = "full"
        proc = papers_net(home, server, "download", "2401.00001")
        assert proc.returncode == 0, proc.stderr
        pdfs = [f for f in pdf_files(home) if f.endswith(".pdf")]
        assert len(pdfs) == 1, pdf_files(home)
        with open(os.path.join(library_dir(home), "pdfs", pdfs[0]), "rb") as f:
            data = f.read()
        assert hashlib.sha256(data).hexdigest() == hashlib.sha256(PDF).hexdigest(), \
            "the PDF on disk is not what the server sent"
        assert "2401.00001" in has_pdf(home)
    finally:
        server.shutdown()


@case("PDF folder deleted between downloads")
def pdf_folder_deleted():
    home = tempfile.mkdtemp(dir=TMP)
    server = pdf_server()
    try:
        assert papers_net(home, server, "download", "2401.00001").returncode == 0
        shutil.rmtree(os.path.join(library_dir(home), "pdfs"))

        proc = papers_net(home, server, "download", "2401.00002")
        assert proc.returncode == 0, "download after the folder vanished: " + proc.stderr
        assert any(f.startswith("2401.00002") for f in pdf_files(home)), pdf_files(home)

        # The paper whose file went away downloads again rather than failing.
        proc = papers_net(home, server, "download", "2401.00001")
        assert proc.returncode == 0, proc.stderr
        assert any(f.startswith("2401.00001") for f in pdf_files(home)), pdf_files(home)
        assert integrity_ok(db_path(home))
    finally:
        server.shutdown()


def main():
    can_bwrap = bwrap_works()
    print("1..%d" % len(results))
    failed = 0
    for n, (name, fn, needs_bwrap) in enumerate(results, 1):
        if needs_bwrap and not can_bwrap:
            print("ok %d %s # SKIP bubblewrap cannot make mounts here" % (n, name))
            continue
        try:
            fn()
            print("ok %d %s" % (n, name))
        except Exception as e:
            failed += 1
            print("not ok %d %s" % (n, name))
            for line in str(e).splitlines():
                print("# " + line)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
