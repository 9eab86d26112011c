/* fuzz-csl-json.c: libFuzzer target for the CSL-JSON importer
 *
 * Any bytes are refused with an error or read into papers (each with a
 * title) and skipped entries (each with a reason), never a crash; what is
 * read exports to CSL-JSON that reads back to as many papers, none
 * skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-csl-json.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GPtrArray) skipped_again = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csl = NULL;

  papers = papers_csl_json_parse ((const char *) data, size, &skipped, &error);
  if (papers == NULL)
    {
      g_assert_nonnull (error);
      g_assert_null (skipped);
      return 0;
    }
  g_assert_no_error (error);
  for (guint i = 0; i < papers->len; i++)
    g_assert_nonnull (papers_paper_get_title (papers->pdata[i]));
  for (guint i = 0; i < skipped->len; i++)
    g_assert_nonnull (((PapersBibtexSkip *) skipped->pdata[i])->reason);

  csl = papers_csl_json_export (papers);
  again = papers_csl_json_parse (csl, strlen (csl), &skipped_again, &error);
  if (again == NULL || again->len != papers->len || skipped_again->len != 0)
    g_error ("%u papers exported as CSL-JSON read back as %u (%s):\n%s", papers->len, again ? again->len : 0,
             error ? error->message : "", csl);
  return 0;
}
