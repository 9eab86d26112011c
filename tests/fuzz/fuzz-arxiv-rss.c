/* fuzz-arxiv-rss.c: libFuzzer target for the arXiv listing feed (RSS) parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-arxiv-id.h"
#include "papers-arxiv-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_rss (body, NULL, &error);

  g_assert_true ((papers == NULL) != (error == NULL));
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);
      const char * const *authors = papers_paper_get_authors (paper);

      g_assert_true (papers_arxiv_id_is_valid (papers_paper_get_id (paper)));
      for (guint a = 0; authors != NULL && authors[a] != NULL; a++)
        g_assert_true (authors[a][0] != '\0');
    }

  return 0;
}
