/* fuzz-arxiv-atom.c: libFuzzer target for the arXiv API (Atom) parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-arxiv-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  int total = 0;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_atom (body, NULL, &total, &error);

  g_assert_true ((papers == NULL) != (error == NULL));
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);
      const char *abstract = papers_paper_get_abstract (paper);

      g_assert_true (papers_arxiv_id_is_valid (papers_paper_get_id (paper)));
      g_assert_cmpint (papers_paper_get_version (paper), >=, 0);
      g_assert_true (abstract == NULL || strchr (abstract, '\n') == NULL);
    }

  return 0;
}
