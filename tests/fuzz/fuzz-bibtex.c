/* fuzz-bibtex.c: libFuzzer target for the BibTeX importer and exporters
 *
 * Any UTF-8 text imports without crashing; what it yields exports to BibTeX
 * that imports back to as many papers, and to CSL-JSON that is valid JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "papers-bibtex.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GPtrArray) skipped_again = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *bibtex = NULL;
  g_autofree char *csl = NULL;

  papers = papers_bibtex_parse (text, &skipped, &error);
  if (papers == NULL)
    {
      /* Only text that is not UTF-8 is refused. */
      g_assert_nonnull (error);
      g_assert_false (g_utf8_validate (text, -1, NULL));
      return 0;
    }

  for (guint i = 0; i < papers->len; i++)
    {
      g_autofree char *key = papers_bibtex_citation_key (g_ptr_array_index (papers, i));

      g_assert_nonnull (key);
      g_assert_cmpuint (strlen (key), >, 0);
    }

  bibtex = papers_bibtex_export (papers);
  again = papers_bibtex_parse (bibtex, &skipped_again, &error);
  g_assert_no_error (error);
  if (again->len != papers->len)
    g_error ("%u papers exported as BibTeX imported back as %u:\n%s", papers->len, again->len, bibtex);

  csl = papers_csl_json_export (papers);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, csl, -1, &error))
    g_error ("CSL-JSON export is not JSON: %s\n%s", error->message, csl);

  return 0;
}
