/* papers-query.c: parsing the search language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "papers-query.h"
#include "papers-tag.h"

/* More terms than this is not a search anyone types; it is refused with a
 * message rather than handed to FTS5 as a giant expression. */
#define MAX_TERMS 64

G_DEFINE_QUARK (papers-query-error-quark, papers_query_error)

struct _PapersQuery
{
  GArray *terms;  /* PapersQueryTerm */
};

static const char * const keys[] = { "tag", "author", "year", "is", "has", NULL };

static void
term_clear (PapersQueryTerm *term)
{
  g_free (term->text);
}

void
papers_query_free (PapersQuery *query)
{
  if (query == NULL)
    return;
  g_array_unref (query->terms);
  g_free (query);
}

guint
papers_query_get_n_terms (PapersQuery *query)
{
  return query->terms->len;
}

const PapersQueryTerm *
papers_query_get_term (PapersQuery *query,
                       guint        index)
{
  g_return_val_if_fail (index < query->terms->len, NULL);
  return &g_array_index (query->terms, PapersQueryTerm, index);
}

/* A word or phrase only matters if the FTS5 tokenizer keeps something of
 * it: "*", "^", "'" alone would become empty phrases. */
static gboolean
has_token_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
parse_year (const char *text,
            int        *year)
{
  guint64 value;

  if (strlen (text) != 4 || !g_ascii_string_to_unsigned (text, 10, 1000, 9999, &value, NULL))
    return FALSE;
  *year = (int) value;
  return TRUE;
}

static gboolean
parse_value (PapersQueryTerm  *term,
             const char       *key,
             const char       *value,
             GError          **error)
{
  if (value[0] == '\0')
    {
      g_set_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_BAD_VALUE,
                   _("“%s:” needs a value, for example %s:something"), key, key);
      return FALSE;
    }

  if (g_str_equal (key, "tag"))
    {
      term->kind = PAPERS_QUERY_TAG;
      term->text = papers_tag_dup_key (value);
    }
  else if (g_str_equal (key, "author"))
    {
      term->kind = PAPERS_QUERY_AUTHOR;
      term->text = g_strdup (value);
      if (!has_token_chars (value))
        {
          g_set_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_BAD_VALUE,
                       _("“author:” needs a name"));
          return FALSE;
        }
    }
  else if (g_str_equal (key, "year"))
    {
      const char *dots = strstr (value, "..");

      term->kind = PAPERS_QUERY_YEAR;
      if (dots == NULL)
        {
          if (!parse_year (value, &term->year_from))
            goto bad_year;
          term->year_to = term->year_from;
        }
      else
        {
          g_autofree char *from = g_strndup (value, dots - value);

          term->year_from = 0;
          term->year_to = 9999;
          if ((from[0] != '\0' && !parse_year (from, &term->year_from)) ||
              (dots[2] != '\0' && !parse_year (dots + 2, &term->year_to)) ||
              term->year_from > term->year_to || (from[0] == '\0' && dots[2] == '\0'))
            goto bad_year;
        }
    }
  else if (g_str_equal (key, "is"))
    {
      static const char * const values[] = { "unread", "reading", "read", "starred", NULL };
      g_autofree char *lower = g_ascii_strdown (value, -1);

      term->kind = PAPERS_QUERY_IS;
      if (!g_strv_contains (values, lower))
        {
          g_set_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_BAD_VALUE,
                       _("“is:%s” is not known; use is:unread, is:reading, is:read or is:starred"),
                       value);
          return FALSE;
        }
      term->text = g_steal_pointer (&lower);
    }
  else if (g_str_equal (key, "has"))
    {
      static const char * const values[] = { "pdf", "fulltext", "note", "annotations", NULL };
      g_autofree char *lower = g_ascii_strdown (value, -1);

      term->kind = PAPERS_QUERY_HAS;
      if (!g_strv_contains (values, lower))
        {
          g_set_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_BAD_VALUE,
                       _("“has:%s” is not known; use has:pdf, has:fulltext, has:note or has:annotations"),
                       value);
          return FALSE;
        }
      term->text = g_steal_pointer (&lower);
    }
  else
    g_assert_not_reached ();

  return TRUE;

bad_year:
  g_set_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_BAD_VALUE,
               _("“year:%s” is not a year; use a year like year:2024 or a range like year:2019..2023"),
               value);
  return FALSE;
}

/* Reads a quoted string starting at *p (on the opening quote); leaves *p
 * after the closing quote. */
static char *
read_quoted (const char  *start,
             const char **p,
             GError     **error)
{
  const char *open = *p;
  const char *close = strchr (open + 1, '"');

  if (close == NULL)
    {
      g_set_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_UNBALANCED_QUOTE,
                   _("The quote opened at character %ld is never closed"),
                   g_utf8_pointer_to_offset (start, open) + 1);
      return NULL;
    }
  *p = close + 1;
  return g_strndup (open + 1, close - open - 1);
}

/* "foo:bar" is a key (maybe unknown), but "BERT: Pre-training" is words
 * and so is a URL. */
static gboolean
is_key (const char *start,
        const char *colon)
{
  g_autofree char *key = NULL;

  if (colon == start || colon[1] == '/')
    return FALSE;
  for (const char *c = start; c < colon; c++)
    if (!g_ascii_isalpha (*c))
      return FALSE;
  if (colon[1] != '\0' && !g_ascii_isspace (colon[1]))
    return TRUE;
  key = g_ascii_strdown (start, colon - start);
  return g_strv_contains (keys, key);
}

/**
 * papers_query_parse:
 * @text: what the user typed
 * @error: return location for a #PAPERS_QUERY_ERROR
 *
 * Returns: (transfer full): the parsed query, or %NULL with a message
 *   meant for the user
 */
PapersQuery *
papers_query_parse (const char  *text,
                    GError     **error)
{
  g_autoptr(PapersQuery) query = g_new0 (PapersQuery, 1);
  g_autofree char *valid = NULL;
  const char *p;

  query->terms = g_array_new (FALSE, TRUE, sizeof (PapersQueryTerm));
  g_array_set_clear_func (query->terms, (GDestroyNotify) term_clear);

  valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  p = valid;

  for (;;)
    {
      PapersQueryTerm term = { 0 };
      const char *start;
      const char *colon = NULL;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      if (*p == '-' && p[1] != '\0' && !g_ascii_isspace (p[1]))
        {
          term.negated = TRUE;
          p++;
        }

      if (*p == '"')
        {
          term.kind = PAPERS_QUERY_PHRASE;
          term.text = read_quoted (valid, &p, error);
          if (term.text == NULL)
            return NULL;
        }
      else
        {
          start = p;
          while (*p != '\0' && !g_ascii_isspace (*p) && *p != '"' && (colon == NULL || p == colon))
            {
              if (*p == ':' && colon == NULL)
                colon = p;
              p++;
            }

          if (colon != NULL && is_key (start, colon))
            {
              g_autofree char *key = g_ascii_strdown (start, colon - start);
              g_autofree char *value = NULL;

              if (!g_strv_contains (keys, key))
                {
                  g_set_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_UNKNOWN_KEY,
                               _("“%s:” is not a search key; the keys are tag:, author:, "
                                 "year:, is: and has:"), key);
                  return NULL;
                }

              p = colon + 1;
              if (*p == '"')
                value = read_quoted (valid, &p, error);
              else
                {
                  const char *v = p;
                  while (*p != '\0' && !g_ascii_isspace (*p) && *p != '"')
                    p++;
                  value = g_strndup (v, p - v);
                }
              if (value == NULL || !parse_value (&term, key, value, error))
                {
                  term_clear (&term);
                  return NULL;
                }
            }
          else
            {
              /* Not a key: the word runs to the next space or quote. */
              while (*p != '\0' && !g_ascii_isspace (*p) && *p != '"')
                p++;
              term.kind = PAPERS_QUERY_WORD;
              term.text = g_strndup (start, p - start);
            }
        }

      if (term.kind == PAPERS_QUERY_WORD || term.kind == PAPERS_QUERY_PHRASE)
        {
          gsize len = strlen (term.text);

          if (*p == '*')
            {
              term.prefix = TRUE;
              while (*p == '*')
                p++;
            }
          while (len > 0 && term.text[len - 1] == '*')
            {
              term.text[--len] = '\0';
              term.prefix = TRUE;
            }
          if (!has_token_chars (term.text))
            {
              term_clear (&term);
              continue;
            }
        }

      if (query->terms->len == MAX_TERMS)
        {
          term_clear (&term);
          g_set_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_TOO_LONG,
                       _("The search is too long: it may have at most %d words and keys"),
                       MAX_TERMS);
          return NULL;
        }
      g_array_append_val (query->terms, term);
    }

  return g_steal_pointer (&query);
}

/**
 * papers_query_add_filter:
 * @key: a search key: "tag", "is", "has", "year" or "author"
 * @value: its value, taken whole (a tag name may hold spaces and quotes)
 *
 * Adds the term @key:@value, as a view of the library does around what
 * the user typed.
 */
gboolean
papers_query_add_filter (PapersQuery  *query,
                         const char   *key,
                         const char   *value,
                         GError      **error)
{
  PapersQueryTerm term = { 0 };
  g_autofree char *valid = g_utf8_make_valid (value != NULL ? value : "", -1);

  if (!g_strv_contains (keys, key))
    {
      g_set_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_UNKNOWN_KEY,
                   _("“%s:” is not a search key; the keys are tag:, author:, "
                     "year:, is: and has:"), key);
      return FALSE;
    }
  if (!parse_value (&term, key, valid, error))
    {
      term_clear (&term);
      return FALSE;
    }
  g_array_append_val (query->terms, term);
  return TRUE;
}

/* Below this many characters the word being typed is not searched as a
 * prefix: "m*" stands for thousands of words, which the search index
 * merges at every statement, and narrows nothing yet. */
#define MIN_PREFIX_CHARS 3

/**
 * papers_query_dup_incremental:
 * @text: a query as it is being typed
 *
 * Returns: (transfer full): what to search while @text is typed: its last
 *   word as a prefix ("langu" → "langu*") once it has three characters;
 *   shorter, it is left out when other words narrow the search already
 *   ("language m" → "language ") and searched whole when alone ("AI").
 *   Unchanged when @text ends in a space, a quote, a key's value or '*'.
 */
char *
papers_query_dup_incremental (const char *text)
{
  const char *end;
  const char *word;
  gunichar last;

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return g_strdup (text != NULL ? text : "");

  end = text + strlen (text);
  last = g_utf8_get_char (g_utf8_prev_char (end));
  if (!g_unichar_isalnum (last))
    return g_strdup (text);

  /* The last word starts after the last space */
  word = end;
  while (word > text && !g_ascii_isspace (word[-1]))
    word--;
  /* A negation, a key's value or the end of a phrase stays as typed */
  if (*word == '-' || strchr (word, ':') != NULL || strchr (word, '"') != NULL)
    return g_strdup (text);
  {
    gsize quotes = 0;

    for (const char *p = text; p < word; p++)
      quotes += *p == '"';
    if (quotes % 2 == 1)
      return g_strdup (text);
  }
  if (g_utf8_strlen (word, -1) >= MIN_PREFIX_CHARS)
    return g_strconcat (text, "*", NULL);
  {
    g_autofree char *before = g_strndup (text, word - text);

    /* Only spaces before it: the short word alone, whole */
    if (*g_strstrip (before) == '\0')
      return g_strdup (text);
    return g_strndup (text, word - text);
  }
}

/* FTS5 sees user text only inside a string: a double quote is doubled,
 * everything else (NEAR, AND, ^, *, :, parentheses) is just characters the
 * tokenizer splits on. */
void
papers_query_append_fts_string (GString    *out,
                                const char *text,
                                gboolean    prefix)
{
  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
  if (prefix)
    g_string_append_c (out, '*');
}
