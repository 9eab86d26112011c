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
      static const char * const values[] = { "pdf", "note", "annotations", NULL };
      g_autofree char *lower = g_ascii_strdown (value, -1);

      term->kind = PAPERS_QUERY_HAS;
      if (!g_strv_contains (values, lower))
        {
          g_set_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_BAD_VALUE,
                       _("“has:%s” is not known; use has:pdf, has:note or has:annotations"),
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

static gboolean
is_key_name (const char *start,
             const char *colon)
{
  if (colon == start)
    return FALSE;
  for (const char *c = start; c < colon; c++)
    if (!g_ascii_isalpha (*c))
      return FALSE;
  return TRUE;
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

          if (colon != NULL && colon[1] != '/' && is_key_name (start, colon))
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

/* FTS5 sees user text only inside a string: a double quote is doubled,
 * everything else (NEAR, AND, ^, *, :, parentheses) is just characters the
 * tokenizer splits on. */
static void
append_fts_string (GString    *out,
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

static gboolean
is_fts_term (const PapersQueryTerm *term)
{
  return term->kind == PAPERS_QUERY_WORD || term->kind == PAPERS_QUERY_PHRASE ||
         term->kind == PAPERS_QUERY_AUTHOR;
}

static void
append_fts_term (GString               *out,
                 const PapersQueryTerm *term)
{
  if (term->kind == PAPERS_QUERY_AUTHOR)
    g_string_append (out, "{authors} : ");
  append_fts_string (out, term->text, term->prefix);
}

char *
papers_query_dup_fts (PapersQuery *query,
                      gboolean     title_only)
{
  g_autoptr(GString) words = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < query->terms->len; i++)
    {
      const PapersQueryTerm *term = &g_array_index (query->terms, PapersQueryTerm, i);

      if (term->negated || !is_fts_term (term))
        continue;

      if (term->kind == PAPERS_QUERY_AUTHOR)
        {
          if (out->len > 0)
            g_string_append (out, " AND ");
          append_fts_term (out, term);
        }
      else
        {
          if (words->len > 0)
            g_string_append (words, " AND ");
          append_fts_term (words, term);
        }
    }

  if (title_only && words->len == 0)
    return NULL;

  if (words->len > 0)
    {
      if (out->len > 0)
        g_string_append (out, " AND ");
      if (title_only)
        g_string_append_printf (out, "{title} : (%s)", words->str);
      else
        g_string_append_printf (out, "(%s)", words->str);
    }

  return out->len > 0 ? g_strdup (out->str) : NULL;
}

static gint64
year_start (int year)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (year, 1, 1, 0, 0, 0);

  return date != NULL ? g_date_time_to_unix (date) : 0;
}

void
papers_query_append_filter (PapersQuery *query,
                            const char  *rowid,
                            GString     *sql,
                            GPtrArray   *params)
{
  for (guint i = 0; i < query->terms->len; i++)
    {
      const PapersQueryTerm *term = &g_array_index (query->terms, PapersQueryTerm, i);

      if (is_fts_term (term) && !term->negated)
        continue;

      g_string_append (sql, term->negated ? " AND NOT (" : " AND (");
      switch (term->kind)
        {
        case PAPERS_QUERY_WORD:
        case PAPERS_QUERY_PHRASE:
        case PAPERS_QUERY_AUTHOR:
          {
            g_autoptr(GString) fts = g_string_new (NULL);

            append_fts_term (fts, term);
            g_string_append_printf (sql, "%s IN (SELECT rowid FROM search WHERE search MATCH ?)",
                                    rowid);
            g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (fts->str)));
          }
          break;
        case PAPERS_QUERY_TAG:
          g_string_append_printf (sql,
                                  "%s IN (SELECT pt.paper FROM paper_tags pt JOIN tags t"
                                  " ON t.id = pt.tag WHERE t.key = ?)", rowid);
          g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (term->text)));
          break;
        case PAPERS_QUERY_YEAR:
          g_string_append_printf (sql,
                                  "coalesce ((SELECT published FROM papers WHERE rowid = %s)"
                                  " BETWEEN ? AND ?, 0)", rowid);
          g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_int64 (year_start (term->year_from))));
          g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_int64 (year_start (term->year_to + 1) - 1)));
          break;
        case PAPERS_QUERY_IS:
          if (g_str_equal (term->text, "starred"))
            g_string_append_printf (sql, "(SELECT starred FROM library WHERE paper = %s) = 1", rowid);
          else
            {
              static const char * const statuses[] = { "unread", "reading", "read" };
              gint64 status = 0;

              for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
                if (g_str_equal (term->text, statuses[s]))
                  status = s;
              g_string_append_printf (sql, "(SELECT status FROM library WHERE paper = %s) = ?", rowid);
              g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_int64 (status)));
            }
          break;
        case PAPERS_QUERY_HAS:
          if (g_str_equal (term->text, "pdf"))
            g_string_append_printf (sql, "EXISTS (SELECT 1 FROM pdfs WHERE paper = %s)", rowid);
          else if (g_str_equal (term->text, "note"))
            g_string_append_printf (sql, "EXISTS (SELECT 1 FROM notes WHERE paper = %s)", rowid);
          else
            g_string_append_printf (sql, "EXISTS (SELECT 1 FROM annotations WHERE paper = %s)", rowid);
          break;
        default:
          g_assert_not_reached ();
        }
      g_string_append_c (sql, ')');
    }
}

void
papers_query_bind_params (sqlite3_stmt *stmt,
                          int           first,
                          GPtrArray    *params)
{
  for (guint i = 0; i < params->len; i++)
    {
      GVariant *value = params->pdata[i];

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        sqlite3_bind_text (stmt, first + i, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, first + i, g_variant_get_int64 (value));
    }
}
