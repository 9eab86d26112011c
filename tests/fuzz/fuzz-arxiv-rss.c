/* fuzz-arxiv-rss.c: libFuzzer target for the arXiv listing feed (RSS) parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-arxiv-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;

  papers = papers_arxiv_parse_rss (body, "https://arxiv.org", &error);
  g_assert_true ((papers == NULL) != (error == NULL));
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    g_assert_true (PAPERS_IS_PAPER (g_ptr_array_index (papers, i)));

  return 0;
}
