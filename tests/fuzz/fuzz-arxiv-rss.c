/* fuzz-arxiv-rss.c: libFuzzer target for the arXiv listing feed (RSS) parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "papers-arxiv-parser.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;

  papers = papers_arxiv_parse_rss (body, "https://arxiv.org", &error);
  fuzz_check_papers (papers, error);

  return 0;
}
