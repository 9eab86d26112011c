/* fuzz-text.c: libFuzzer target for the repair of text encoded twice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-text.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *repaired = papers_text_repair_double_utf8 ((const char *) data, size);
  g_autoptr(GString) again = NULL;

  if (repaired == NULL)
    return 0;

  /* What comes out is UTF-8, shorter than what went in… */
  g_assert_true (g_utf8_validate (repaired, -1, NULL));
  g_assert_cmpuint (strlen (repaired), <, size);

  /* …and encoding it twice again gives back the input byte for byte: the
   * repair only ever undoes exactly that. */
  again = g_string_new (NULL);
  for (const guchar *p = (const guchar *) repaired; *p != '\0'; p++)
    g_string_append_unichar (again, *p);
  g_assert_cmpuint (again->len, ==, size);
  g_assert_true (memcmp (again->str, data, size) == 0);

  return 0;
}
