"""The library's files for the app-driven fault tests: where they are, a
library of a few papers made through the command line, and sums."""

import hashlib
import os
import subprocess
import tempfile

import papers_e2e

TAG = "thesis"


def library_dir():
    return os.path.join(os.environ["XDG_DATA_HOME"], "org.example.Papers")


def library():
    return os.path.join(library_dir(), "library.db")


def binary():
    return os.environ.get("PAPERS_BIN") or os.path.join(papers_e2e.build_dir(), "src", "papers-reader")


def cli(*args):
    return subprocess.run([binary()] + list(args), check=True, capture_output=True, text=True, timeout=60)


def make_library(titles):
    """The papers 2401.00001… titled `titles`, the first two tagged TAG."""
    with tempfile.TemporaryDirectory() as tmp:
        bib = os.path.join(tmp, "kept.bib")
        with open(bib, "w", encoding="utf-8") as f:
            for i, title in enumerate(titles):
                f.write("@article{kept%d,\n  title = {%s},\n  author = {Ada Lovelace},\n  year = {2024},\n"
                        "  eprint = {2401.%05d},\n  archivePrefix = {arXiv},\n}\n\n" % (i, title, i + 1))
        cli("import", bib)
    cli("tag", "2401.00001", "+" + TAG)
    cli("tag", "2401.00002", "+" + TAG)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()
