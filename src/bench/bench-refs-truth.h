/* bench-refs-truth.h: the corpus papers' reference lists, counted by hand
 *
 * Counted once by reading each paper's reference list in its extracted
 * text (papers-bench refs --text FILE): entries, entries with a valid
 * arXiv id (papermage's "ArXiv abs/2022.99999" has no month 99, so it is
 * not one), and in-text citations picked across the paper with the
 * entries they name.  The pdflatex outline sample has no reference list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

typedef struct {
  int         page;      /* from 1 */
  const char *text;      /* the citation as the text has it */
  const char *labels;    /* its entries' labels, "|" between them */
} BenchRefsCitationTruth;

typedef struct {
  const char                   *file;
  unsigned                      entries;
  unsigned                      arxiv_ids;
  const BenchRefsCitationTruth  citations[20];
} BenchRefsTruth;

static const BenchRefsTruth bench_refs_truth[] = {
  /* Numbered "[n]" list; cites "(n)". */
  { "pdfjs__tracemonkey.pdf", 19, 0, {
      { 1, "(12)", "12" }, { 2, "(10)", "10" }, { 6, "(11)", "11" }, { 8, "(6)", "6" },
      { 8, "(4)", "4" }, { 8, "(2)", "2" }, { 9, "(10)", "10" }, { 10, "(3)", "3" },
      { 12, "(16)", "16" }, { 12, "(7)", "7" }, { 13, "(19)", "19" }, { 13, "(9)", "9" },
      { 13, "(5)", "5" }, { 0 } } },
  /* RevTeX: no heading, superscript labels on lines of their own (two of
   * them far from their entries in reading order), superscript citations. */
  { "arxivpy__1111.2011v2.pdf", 20, 0, {
      { 1, "2", "2" }, { 1, "3", "3" }, { 1, "4", "4" }, { 1, "5,6", "5|6" },
      { 2, "7", "7" }, { 2, "8,9", "8|9" }, { 2, "10", "10" }, { 2, "12–14", "12|13|14" },
      { 2, "11,15", "11|15" }, { 3, "16", "16" }, { 4, "17,18", "17|18" }, { 7, "19", "19" },
      { 8, "12", "12" }, { 8, "20", "20" }, { 0 } } },
  /* ACM numbered "[n]" list, author–year-like entries, arXiv ids in three
   * forms ("arXiv:…", "ArXiv abs/…", "http://arxiv.org/ abs/…"). */
  { "papermage__2304.02623v1.pdf", 35, 15, {
      { 1, "[4, 27, 32]", "4|27|32" }, { 1, "[7, 21, 31]", "7|21|31" }, { 1, "[23]", "23" },
      { 2, "[20]", "20" }, { 2, "[16, 23]", "16|23" }, { 2, "[8, 9, 14, 17, 25]", "8|9|14|17|25" },
      { 3, "[2, 13]", "2|13" }, { 3, "[35]", "35" }, { 3, "[5, 12, 26]", "5|12|26" },
      { 3, "[22]", "22" }, { 0 } } },
  { "pypdf__pdflatex-outline.pdf", 0, 0, { { 0 } } },
};
