/* papers-snippet.c: where a search's words are in a PDF's text
 *
 * The search index is contentless, so FTS5's snippet() cannot be used;
 * the PDF's text is kept beside it (pages separated by '\f'), and this
 * finds the words in it as the index's tokenizer sees them: runs of
 * letters and digits, case and accents ignored.  It reads the text once,
 * without allocating for ASCII words, so a page of results costs a few
 * milliseconds whatever the papers' length.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* memmem() */
#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include "papers-snippet.h"

#define MAX_WORDS 32
#define BEFORE 60   /* bytes of context before the first word found */
#define AFTER 160   /* and after it */
/* fast_scan() reads the text once for each of up to three forms of
 * each word: past three words, reading its tokens once is cheaper (a
 * title of ten words typed as a query took 1 ms a body hit, 100 ms for a
 * page of results, with memmem()) */
#define FAST_WORDS 3

typedef struct
{
  char     *text;    /* normalized */
  gboolean  prefix;
} Word;

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Casefolded, accents removed, as unicode61's remove_diacritics does */
static char *
normalize (const char *token,
           gssize      len)
{
  g_autofree char *decomposed = g_utf8_normalize (token, len, G_NORMALIZE_NFKD);
  g_autoptr(GString) bare = g_string_new (NULL);

  if (decomposed == NULL)
    return g_strdup ("");
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, c);
    }
  return g_utf8_casefold (bare->str, bare->len);
}

/* The tokens of @text as the index's tokenizer splits it */
static void
add_words (GArray     *words,
           const char *text,
           gboolean    prefix)
{
  const char *start = NULL;
  const char *p = text;

  for (;;)
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;
      gboolean in_word = c != 0 && is_word_char (c);

      if (in_word && start == NULL)
        start = p;
      else if (!in_word && start != NULL)
        {
          Word word = { normalize (start, p - start), FALSE };

          if (words->len < MAX_WORDS && word.text[0] != '\0')
            g_array_append_val (words, word);
          else
            g_free (word.text);
          start = NULL;
        }
      if (c == 0)
        break;
      p = g_utf8_next_char (p);
    }
  /* Only the last token of a prefix is a prefix */
  if (prefix && words->len > 0)
    g_array_index (words, Word, words->len - 1).prefix = TRUE;
}

static void
word_clear (gpointer data)
{
  g_free (((Word *) data)->text);
}

/* The word of @words the token at @token (@len bytes) is, or -1 */
static int
match_token (GArray     *words,
             const char *token,
             gsize       len,
             gboolean    ascii)
{
  g_autofree char *folded = NULL;

  if (!ascii)
    folded = normalize (token, len);
  for (guint i = 0; i < words->len; i++)
    {
      const Word *word = &g_array_index (words, Word, i);
      gsize word_len = strlen (word->text);

      if (ascii)
        {
          if ((word->prefix ? len >= word_len : len == word_len) &&
              g_ascii_strncasecmp (token, word->text, word_len) == 0)
            return i;
        }
      else if (word->prefix ? g_str_has_prefix (folded, word->text) : g_str_equal (folded, word->text))
        return i;
    }
  return -1;
}

/* Returns FALSE to stop */
typedef gboolean (*TokenFunc) (const char *token,
                               gsize       len,
                               int         word,
                               int         page,
                               gpointer    data);

/* Calls @func for each token of @text[@from, @to) that is a word of
 * @words.  ASCII, most of a paper's text, is read a byte at a time. */
static void
each_match (GArray     *words,
            const char *text,
            gsize       from,
            gsize       to,
            int         page,
            TokenFunc   func,
            gpointer    data)
{
  const guchar *p = (const guchar *) text + from;
  const guchar *end = (const guchar *) text + to;
  guchar firsts[256] = { 0 };

  /* The first bytes a word can start with, as a token's would be */
  for (guint i = 0; i < words->len; i++)
    {
      guchar c = g_array_index (words, Word, i).text[0];

      firsts[c] = 1;
      firsts[(guchar) g_ascii_toupper (c)] = 1;
      if (c >= 0x80)
        memset (firsts + 0x80, 1, 0x80);
    }

  while (p < end)
    {
      const guchar *start;
      gboolean ascii = TRUE;
      gunichar c;

      if (*p < 0x80)
        {
          if (*p == '\f')
            page++;
          if (!g_ascii_isalnum (*p))
            {
              p++;
              continue;
            }
        }
      else
        {
          c = g_utf8_get_char_validated ((const char *) p, end - p);
          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              p++;
              continue;
            }
          if (!is_word_char (c))
            {
              p = (const guchar *) g_utf8_next_char (p);
              continue;
            }
        }
      start = p;
      while (p < end)
        {
          if (*p < 0x80)
            {
              if (!g_ascii_isalnum (*p))
                break;
              p++;
              continue;
            }
          c = g_utf8_get_char_validated ((const char *) p, end - p);
          if (c == (gunichar) -1 || c == (gunichar) -2 || !is_word_char (c))
            break;
          ascii = FALSE;
          p = (const guchar *) g_utf8_next_char (p);
        }
      /* A token no word can be (its first byte tells, for ASCII) */
      if (ascii && !firsts[*start])
        continue;
      {
        int word = match_token (words, (const char *) start, p - start, ascii);

        if (word >= 0 && !func ((const char *) start, p - start, word, page, data))
          return;
      }
    }
}

typedef struct
{
  int     n_pages;
  guint32 best_mask;
  int     best_page;
  gsize   best_offset;
  guint32 mask;
  int     page;
  gsize   first_offset;
  const char *text;
  guint32 all;
} Scan;

static void
scan_page_done (Scan *scan)
{
  if (scan->mask != 0 &&
      (scan->best_mask == 0 ||
       (scan->best_mask != scan->all &&
        __builtin_popcount (scan->mask) > __builtin_popcount (scan->best_mask))))
    {
      scan->best_mask = scan->mask;
      scan->best_page = scan->page;
      scan->best_offset = scan->first_offset;
    }
  scan->mask = 0;
}

static gboolean
scan_token (const char *token,
            gsize       len,
            int         word,
            int         page,
            gpointer    data)
{
  Scan *scan = data;

  if (page != scan->page)
    {
      scan_page_done (scan);
      scan->page = page;
    }
  if (scan->mask == 0)
    scan->first_offset = token - scan->text;
  scan->mask |= 1u << word;
  /* The first page with every word: no need to read on */
  return scan->mask != scan->all;
}

typedef struct
{
  GString    *out;
  const char *text;
  gsize       done;  /* bytes of the window written */
} Mark;

/* The text between matches, escaped, its runs of white space one space */
static void
append_plain (GString    *out,
              const char *text,
              gsize       len)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; p < text + len;)
    {
      gunichar c = g_utf8_get_char_validated (p, text + len - p);

      /* Bytes that are not UTF-8 are left out */
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      p = g_utf8_next_char (p);
      if (g_unichar_isspace (c) || c == '\f' || g_unichar_iscntrl (c))
        space = TRUE;
      else
        {
          /* A space between words, and after what was written before */
          if (space && (plain->len > 0 || out->len > 0))
            g_string_append_c (plain, ' ');
          space = FALSE;
          g_string_append_unichar (plain, c);
        }
    }
  if (space && len > 0)
    g_string_append_c (plain, ' ');
  {
    g_autofree char *escaped = g_markup_escape_text (plain->str, plain->len);

    g_string_append (out, escaped);
  }
}

static gboolean
mark_token (const char *token,
            gsize       len,
            int         word,
            int         page,
            gpointer    data)
{
  Mark *mark = data;
  gsize at = token - mark->text;
  g_autofree char *escaped = g_markup_escape_text (token, len);

  append_plain (mark->out, mark->text + mark->done, at - mark->done);
  g_string_append_printf (mark->out, "<b>%s</b>", escaped);
  mark->done = at + len;
  return TRUE;
}

/* Moves @at back to the start of a UTF-8 character, then to a space or
 * the page's edge */
static gsize
word_boundary (const char *text,
               gsize       at,
               gsize       low,
               gsize       high,
               gboolean    forward)
{
  while (at > low && at < high && (text[at] & 0xc0) == 0x80)
    at += forward ? 1 : -1;
  for (guint i = 0; i < 20 && at > low && at < high && !g_ascii_isspace (text[at]); i++)
    at += forward ? 1 : -1;
  while (at > low && at < high && (text[at] & 0xc0) == 0x80)
    at += forward ? 1 : -1;
  return at;
}

static GArray *
words_new (const char * const *terms,
           const gboolean     *prefixes)
{
  GArray *words = g_array_new (FALSE, TRUE, sizeof (Word));

  g_array_set_clear_func (words, word_clear);
  for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
    add_words (words, terms[i], prefixes != NULL && prefixes[i]);
  return words;
}

/**
 * papers_snippet_has_all:
 * @texts: (array zero-terminated=1): texts, NULL ones skipped
 * @terms: words or phrases
 * @prefixes: (nullable): for each of @terms, whether it is a prefix
 *
 * Returns: whether every word of @terms is in one of @texts, as the
 *   search index would find it
 */
gboolean
papers_snippet_has_all (const char * const *texts,
                        guint               n_texts,
                        const char * const *terms,
                        const gboolean     *prefixes)
{
  g_autoptr(GArray) words = words_new (terms, prefixes);
  Scan scan = { 0 };

  if (words->len == 0)
    return TRUE;
  scan.all = words->len >= 32 ? G_MAXUINT32 : (1u << words->len) - 1;
  for (guint i = 0; i < n_texts && scan.mask != scan.all; i++)
    if (texts[i] != NULL)
      {
        scan.text = texts[i];
        each_match (words, texts[i], 0, strlen (texts[i]), 1, scan_token, &scan);
      }
  return scan.mask == scan.all;
}

/* Whether the byte at @at (or the end) separates tokens, as the index
 * splits: a byte of a non-ASCII letter counts as part of a word */
static gboolean
is_separator_at (const char *text,
                 gsize       len,
                 gsize       at)
{
  return at >= len || (!g_ascii_isalnum (text[at]) && (guchar) text[at] < 0x80);
}

/* The scan for words all ASCII, with memmem() over their lower, capital
 * and upper case forms: ten times faster than reading every token, which
 * costs ~3 ns a byte, 0.15 ms for a paper.  A token in another mix of
 * cases ("iPhone") or accented ("Élan" for "elan") is missed, so it only
 * answers when it finds something; else the tokens are read.  It goes a
 * page at a time and stops at the first page with every word: common
 * words are on the first page or two, and reading all of each of a
 * hundred body hits' 30-80 KB took 0.2 ms a hit, half of a phrase's
 * search with 10 000 PDF texts. */
static gboolean
fast_scan (GArray     *words,
           const char *text,
           gsize       len,
           Scan       *scan)
{
  g_auto(GStrv) forms = g_new0 (char *, 3 * words->len + 1);
  guint32 best_mask = 0;
  gsize best_offset = 0;
  int best = -1;
  int page = 0;

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_array_index (words, Word, i).text;

      for (const char *c = word; *c != '\0'; c++)
        if ((guchar) *c >= 0x80)
          return FALSE;
      /* lower, Capital, UPPER; a form like the one before is left out */
      forms[3 * i] = g_strdup (word);
      forms[3 * i + 1] = g_strdup (word);
      forms[3 * i + 1][0] = g_ascii_toupper (word[0]);
      forms[3 * i + 2] = g_ascii_strup (word, -1);
    }

  for (gsize start = 0; start < len || (start == 0 && len == 0); page++)
    {
      const char *f = memchr (text + start, '\f', len - start);
      gsize end = f != NULL ? (gsize) (f - text) : len;
      guint32 mask = 0;
      gsize first = end;

      for (guint i = 0; i < words->len; i++)
        {
          const Word *word = &g_array_index (words, Word, i);
          gsize word_len = strlen (word->text);

          for (guint k = 0; k < 3; k++)
            {
              const char *form = forms[3 * i + k];
              const char *q = text + start;

              if (k > 0 && g_str_equal (form, forms[3 * i + k - 1]))
                continue;
              while (word_len > 0 && (q = memmem (q, text + end - q, form, word_len)) != NULL)
                {
                  gsize at = q - text;

                  q += word_len;
                  if ((at > 0 && !is_separator_at (text, len, at - 1)) ||
                      (!word->prefix && !is_separator_at (text, len, at + word_len)))
                    continue;
                  mask |= 1u << i;
                  first = MIN (first, at);
                  break;
                }
            }
        }
      if (mask != 0 && (best < 0 || __builtin_popcount (mask) > __builtin_popcount (best_mask)))
        {
          best = page;
          best_mask = mask;
          best_offset = first;
        }
      if (mask == scan->all)
        break;
      if (f == NULL)
        break;
      start = end + 1;
    }
  if (best < 0)
    return FALSE;
  scan->best_mask = best_mask;
  scan->best_page = best + 1;
  scan->best_offset = best_offset;
  return TRUE;
}

/**
 * papers_snippet_find:
 * @text: a PDF's text, pages separated by '\f'
 * @terms: the words or phrases searched for (their tokens are looked for
 *   one by one)
 * @prefixes: (nullable): for each of @terms, whether it is a prefix
 * @snippet: (out): Pango markup: the words around the best match, the
 *   words found in <b></b>, "…" where the text goes on
 * @page: (out): the page of the match, from 1
 *
 * Finds the first page holding the most of @terms' words (all of them if
 * a page does) and the text around the first of them there.
 *
 * Returns: whether any word was found
 */
static gboolean
snippet_find (const char         *text,
              const char * const *terms,
              const gboolean     *prefixes,
              gboolean            all,
              char              **snippet,
              int                *page);

gboolean
papers_snippet_find (const char         *text,
                     const char * const *terms,
                     const gboolean     *prefixes,
                     char              **snippet,
                     int                *page)
{
  return snippet_find (text, terms, prefixes, FALSE, snippet, page);
}

/**
 * papers_snippet_find_all:
 *
 * As papers_snippet_find(), but only a page with every word of @terms
 * counts: for a search that reads the start of a long text first and the
 * rest only when no page there has them all.
 *
 * Returns: whether a page has every word
 */
gboolean
papers_snippet_find_all (const char         *text,
                         const char * const *terms,
                         const gboolean     *prefixes,
                         char              **snippet,
                         int                *page)
{
  return snippet_find (text, terms, prefixes, TRUE, snippet, page);
}

static gboolean
snippet_find (const char         *text,
              const char * const *terms,
              const gboolean     *prefixes,
              gboolean            all,
              char              **snippet,
              int                *page)
{
  g_autoptr(GArray) words = NULL;
  Scan scan = { 0 };
  gsize len, page_start, page_end, from, to;
  Mark mark;

  *snippet = NULL;
  *page = 0;
  if (text == NULL)
    return FALSE;
  words = words_new (terms, prefixes);
  if (words->len == 0)
    return FALSE;

  len = strlen (text);
  scan.text = text;
  scan.all = words->len >= 32 ? G_MAXUINT32 : (1u << words->len) - 1;
  if (words->len > FAST_WORDS || !fast_scan (words, text, len, &scan))
    {
      each_match (words, text, 0, len, 1, scan_token, &scan);
      scan_page_done (&scan);
    }
  if (scan.best_mask == 0 || (all && scan.best_mask != scan.all))
    return FALSE;

  /* The page's bounds, then the window within them */
  page_start = scan.best_offset;
  while (page_start > 0 && text[page_start - 1] != '\f')
    page_start--;
  page_end = scan.best_offset;
  while (page_end < len && text[page_end] != '\f')
    page_end++;
  from = scan.best_offset > page_start + BEFORE ? scan.best_offset - BEFORE : page_start;
  to = MIN (scan.best_offset + AFTER, page_end);
  from = word_boundary (text, from, page_start, scan.best_offset, TRUE);
  to = word_boundary (text, to, scan.best_offset, page_end, FALSE);

  mark.out = g_string_new (from > page_start ? "…" : "");
  mark.text = text;
  mark.done = from;
  each_match (words, text, from, to, scan.best_page, mark_token, &mark);
  append_plain (mark.out, text + mark.done, to - mark.done);
  if (to < page_end)
    g_string_append (mark.out, "…");

  *snippet = g_strstrip (g_string_free (mark.out, FALSE));
  *page = scan.best_page;
  return TRUE;
}

char *
papers_snippet_to_plain (const char *snippet)
{
  static const struct { const char *from, *to; } replace[] = {
    { "<b>", "[" }, { "</b>", "]" }, { "&lt;", "<" }, { "&gt;", ">" },
    { "&quot;", "\"" }, { "&apos;", "'" }, { "&#39;", "'" }, { "&amp;", "&" },
  };
  g_autoptr(GString) plain = g_string_new (snippet);

  /* &amp; last, so that "&amp;lt;" stays "&lt;" */
  for (guint i = 0; i < G_N_ELEMENTS (replace); i++)
    g_string_replace (plain, replace[i].from, replace[i].to, 0);
  return g_string_free (g_steal_pointer (&plain), FALSE);
}
