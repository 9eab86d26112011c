#!/bin/sh
# The reference parser on LaTeX papers made for the purpose, with their
# truth: papers-bench refs --dump on each, compared by compare.py.
#
#   tests/refs-lab/make_papers.py _build/reflab SEED [STYLE,...]   (needs
#       pdflatex and bibtex, e.g. Debian's texlive-latex-recommended,
#       texlive-publishers and texlive-bibtex-extra, on the host)
#   LAB=_build/reflab tests/refs-lab/run.sh
#
# Not part of the test suite: the build root has no TeX.  Run from the
# source tree, with _build built.
set -e
lab=${LAB:-_build/reflab}
for d in "$lab"/*/; do
  build-aux/papers-env exec _build/src/bench/papers-bench refs "$d/paper.pdf" --dump >"$d/dump.txt" 2>&1
done
python3 "$(dirname "$0")/compare.py" "$lab"
