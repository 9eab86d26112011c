/* fuzz-arxiv-id.c: libFuzzer target for the arXiv id/URL normalizer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-arxiv-id.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  int version = -1;

  if (papers_arxiv_id_parse (text, &id, &version))
    {
      /* Whatever is accepted is a valid unversioned id … */
      g_assert_true (papers_arxiv_id_is_valid (id));
      g_assert_cmpint (version, >=, 0);
    }
  else
    g_assert_null (id);

  /* … and no input ever yields a path that leaves its folder. */
  name = papers_arxiv_id_to_filename (text);
  if (name != NULL)
    {
      g_assert_null (strchr (name, '/'));
      g_assert_true (name[0] != '.');
      g_assert_cmpuint (strlen (name), <=, 128);
    }

  return 0;
}
