/* papers-text.c: repairs of text as bibliographic sources send it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-text.h"

/* Whether @text holds "Ã" or "Â" followed by a character of U+0080–U+00BF,
 * in UTF-8 C3 83 or C3 82, then C2 80–BF: what the UTF-8 of "é" (C3 A9),
 * "ü" (C3 BC), a no-break space (C2 A0)… become when each of their bytes
 * is read as a Latin-1 character and encoded in UTF-8 again.  Text written
 * in a language that has "Ã" ("São", "NÃO") puts a letter after it, never
 * one of those. */
static gboolean
has_telltale (const char *text,
              gsize       len)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;

  while (end - p >= 4 && (p = memchr (p, 0xC3, end - p - 3)) != NULL)
    {
      if ((p[1] == 0x83 || p[1] == 0x82) && p[2] == 0xC2 && p[3] >= 0x80 && p[3] <= 0xBF)
        return TRUE;
      p++;
    }
  return FALSE;
}

/**
 * papers_text_repair_double_utf8:
 * @text: (nullable): text from a source: a title, a name, an abstract
 * @len: the length of @text in bytes, or -1 if it is nul-terminated
 *
 * Services and bibliography exports sometimes send UTF-8 that was read as
 * Latin-1 and encoded again: "Dirk WÃ¼bben" for "Dirk Wübben" (arXiv's
 * own answers have it).  This undoes that when it is unambiguous: @text has
 * the telltale "Ã"/"Â" sequences, every character of it is in Latin-1, and
 * those characters, taken as bytes, are valid UTF-8.  Text that mixes
 * such sequences with characters that are right already ("José RamÃ­rez")
 * or outside Latin-1 cannot be told apart from text that means what it
 * says, and is left alone, as is text that is not valid UTF-8.
 *
 * Returns: (transfer full) (nullable): the repaired text, or %NULL when
 *   @text is to be kept byte for byte as it is
 */
char *
papers_text_repair_double_utf8 (const char *text,
                                gssize      len)
{
  g_autofree char *out = NULL;
  const char *p, *end;
  char *o;

  if (text == NULL)
    return NULL;
  if (len < 0)
    len = strlen (text);
  /* The cheap test first: this runs on every title, abstract and name. */
  if (!has_telltale (text, len) || !g_utf8_validate_len (text, len, NULL))
    return NULL;

  /* Every character becomes one byte, so the input's size is enough. */
  out = o = g_malloc (len + 1);
  end = text + len;
  for (p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0xFF)
        return NULL;
      *o++ = (char) c;
    }
  *o = '\0';

  /* The bytes must be UTF-8 themselves */
  if (!g_utf8_validate_len (out, o - out, NULL))
    return NULL;
  return g_steal_pointer (&out);
}
