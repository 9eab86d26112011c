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

/* The words of a title, for comparing: case-folded, accents and
 * punctuation dropped ("Self-Attention" is "self" and "attention"), each
 * word once.  At most a few hundred words are looked at. */
#define MAX_TITLE_WORDS 256

static GHashTable *
title_words (const char *title)
{
  GHashTable *words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *folded = NULL;
  g_autofree char *plain = NULL;
  GString *word = g_string_new (NULL);

  if (title == NULL || !g_utf8_validate (title, -1, NULL))
    {
      g_string_free (word, TRUE);
      return words;
    }
  folded = g_utf8_casefold (title, -1);
  plain = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  for (const char *p = plain; p != NULL && *p != '\0' && g_hash_table_size (words) < MAX_TITLE_WORDS;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      /* (combining accents, left by the decomposition, are skipped) */
      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (g_unichar_isalnum (c))
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          g_hash_table_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
    }
  if (word->len > 0 && g_hash_table_size (words) < MAX_TITLE_WORDS)
    g_hash_table_add (words, g_strdup (word->str));
  g_string_free (word, TRUE);
  return words;
}

/**
 * papers_text_title_similarity:
 * @a: (nullable): a title, such as one guessed from a reference
 * @b: (nullable): another, such as one a search found
 *
 * How alike two titles are, by their words: twice the words they share
 * over the words each has (the Dice coefficient), whatever the case,
 * accents, punctuation and word order.  A reference's title and the
 * paper's own title differ in such ways ("BERT: pre-training of deep
 * bidirectional transformers…").
 *
 * Returns: from 0 (nothing shared, or either has no words) to 1 (the same
 *   words)
 */
double
papers_text_title_similarity (const char *a,
                              const char *b)
{
  g_autoptr(GHashTable) words_a = title_words (a);
  g_autoptr(GHashTable) words_b = title_words (b);
  GHashTableIter iter;
  gpointer word;
  guint shared = 0;
  guint total = g_hash_table_size (words_a) + g_hash_table_size (words_b);

  if (g_hash_table_size (words_a) == 0 || g_hash_table_size (words_b) == 0)
    return 0.0;
  g_hash_table_iter_init (&iter, words_a);
  while (g_hash_table_iter_next (&iter, &word, NULL))
    if (g_hash_table_contains (words_b, word))
      shared++;
  return 2.0 * shared / total;
}
