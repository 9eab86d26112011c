/* fuzz-hf-json.c: libFuzzer target for the Hugging Face parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-hf-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_paper (PapersPaper *paper)
{
  const char *title = papers_paper_get_title (paper);

  /* Every paper has a valid key, and cleaned text. */
  g_assert_true (papers_arxiv_id_is_valid (papers_paper_get_id (paper)));
  g_assert_true (title == NULL || (strchr (title, '\n') == NULL && g_utf8_validate (title, -1, NULL)));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) paper_error = NULL;
  g_autoptr(GPtrArray) papers = papers_hf_parse_listing (body, NULL, NULL, &error);
  g_autoptr(PapersPaper) paper = papers_hf_parse_paper (body, NULL, NULL, &paper_error);

  /* A result or an error, never both, never neither. */
  g_assert_true ((papers == NULL) != (error == NULL));
  g_assert_true ((paper == NULL) != (paper_error == NULL));

  for (guint i = 0; papers != NULL && i < papers->len; i++)
    check_paper (g_ptr_array_index (papers, i));
  if (paper != NULL)
    check_paper (paper);

  return 0;
}
