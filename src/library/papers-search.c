/* papers-search.c: the search plan
 *
 * Every part of a query is an FTS5 term: words and phrases match the text
 * columns, author: the authors column, and the keys (tag:, year:, is:,
 * has:) match tokens of the hidden "meta" column ("tag12", "y2024",
 * "st2", "starred", "haspdf"), so FTS5 intersects them all by skipping
 * through doclists, and SQL never looks a row up per match.
 *
 * Ranking every match with bm25() costs about 1.5 µs a row, so a word in
 * most abstracts ("learning") costs ~100 ms at 100 000 papers while a rare
 * word costs 1 ms.  Counting matches in rowid order is cheap and can stop
 * early, so the plan counts (up to CAP) before it ranks:
 *
 *  - fewer than CAP matches in all: rank them all with bm25 (title
 *    weighted 10, authors 4, notes 2, abstract 1), newest first among
 *    equals;
 *  - else (a broad query): the papers with the words in their title come
 *    first, ranked by bm25 if they are fewer than CAP, else newest first,
 *    then the papers that match elsewhere, newest first.
 *
 * A query with a prefix (word*) looks at the title first: TITLE_ENOUGH
 * title matches go first without counting the rest, because FTS5 merges
 * the prefix's terms again for every statement.
 *
 * Nothing ever ranks more than CAP rows, so broad queries cost what narrow
 * ones do.
 *
 * A prefix is dear all the same: FTS5 merges the doclists of every word
 * it begins ("mod*": model, models, modern, modal…) for each statement,
 * and bm25() merges them once more to weigh the prefix.  While a query
 * is typed, a quick find (papers_search_find() with @quick) takes its
 * first page in one statement a tier, newest first (papers whose title
 * has the words in order, then those whose title has them, then the
 * rest) and the window ranks the results properly once typing pauses.
 *
 * "Newest" is the order papers entered the database (rowid), which FTS5
 * walks backwards for free.
 *
 * The PDFs' text is an index of its own, "body_search" (schema v11), and
 * a lower tier: all of the above runs over the metadata ("search"), and
 * only when it leaves part of a page empty do the papers whose body has
 * every positive word (and none of the negated ones) follow, those the
 * metadata tier did not find, kept by the query's keys and negations over
 * "search".  A common word fills its first pages from the metadata, so
 * the bodies' long position lists are read only for rarer words; a
 * negated word takes a paper out of the metadata tier too when its body
 * has it.  A paper with one word in its title and another only in its
 * body is in the body tier.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* memrchr() */
#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include "papers-snippet.h"
#include "papers-store-private.h"
#include "papers-tag.h"

#define CAP 2000
#define TITLE_ENOUGH 100
#define BM25 "bm25 (search, 10.0, 1.0, 4.0, 2.0, 0.5, 0.0)"
#define TEXT_COLUMNS "{title abstract authors notes}"
#define MIN_YEAR 1900
#define MAX_YEAR 2100

static gint64
tag_id (PapersDb    *db,
        const char  *key,
        GError     **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "SELECT id FROM tags WHERE key = ?", error);
  gboolean row;
  gint64 id = 0;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (!papers_db_step (db, stmt, &row, error))
    return -1;
  if (row)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* The FTS5 term of a key; unknown tags become "tag0", which nothing has */
static gboolean
append_key_term (PapersDb               *db,
                 GString                *out,
                 const PapersQueryTerm  *term,
                 GError                **error)
{
  switch (term->kind)
    {
    case PAPERS_QUERY_AUTHOR:
      g_string_append (out, "{authors} : ");
      papers_query_append_fts_string (out, term->text, FALSE);
      return TRUE;

    case PAPERS_QUERY_TAG:
      {
        gint64 id = tag_id (db, term->text, error);

        if (id < 0)
          return FALSE;
        g_string_append_printf (out, "{meta} : \"tag%" G_GINT64_FORMAT "\"", id);
      }
      return TRUE;

    case PAPERS_QUERY_YEAR:
      {
        int from = MAX (term->year_from, MIN_YEAR);
        int to = MIN (term->year_to, MAX_YEAR);

        g_string_append (out, "{meta} : (\"y0\"");
        /* An FTS5 expression (bound to MATCH ?) of clamped integers. */
        for (int year = from; year <= to; year++)
          g_string_append_printf (out, " OR \"y%d\"", year); /* sql: constant */
        g_string_append_c (out, ')');
      }
      return TRUE;

    case PAPERS_QUERY_IS:
      if (g_str_equal (term->text, "starred"))
        g_string_append (out, "{meta} : \"starred\"");
      else
        {
          PapersReadStatus status = PAPERS_READ_STATUS_UNREAD;

          papers_read_status_from_string (term->text, &status);
          g_string_append_printf (out, "{meta} : \"st%d\"", status);
        }
      return TRUE;

    case PAPERS_QUERY_HAS:
      g_string_append_printf (out, "{meta} : \"has%s\"", term->text);
      return TRUE;

    case PAPERS_QUERY_WORD:
    case PAPERS_QUERY_PHRASE:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_meta_token (const char *token)
{
  static const char * const numbered[] = { "st", "y", "tag" };

  if (g_str_equal (token, "lib") || g_str_equal (token, "starred") || g_str_has_prefix (token, "has"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (numbered); i++)
    if (g_str_has_prefix (token, numbered[i]))
      {
        const char *digits = token + strlen (numbered[i]);

        if (*digits == '\0')
          return FALSE;
        for (; *digits != '\0'; digits++)
          if (!g_ascii_isdigit (*digits))
            return FALSE;
        return TRUE;
      }
  return FALSE;
}

/* Whether a word or phrase could match a meta token ("lib", "st2",
 * "y2024", "tag7", "starred", "haspdf"…) once tokenized: only then must
 * it be kept out of the meta column with a column filter, which costs
 * FTS5 a look at every match's positions. */
static gboolean
may_match_meta (const PapersQueryTerm *term)
{
  g_autofree char *lower = NULL;
  char *start;

  if (term->prefix)
    return TRUE;

  /* The tokenizer splits at everything but letters and digits */
  lower = g_utf8_strdown (term->text, -1);
  start = lower;
  for (char *p = lower;; p = g_utf8_next_char (p))
    {
      if (*p == '\0' || !g_unichar_isalnum (g_utf8_get_char (p)))
        {
          gboolean end = *p == '\0';

          *p = '\0';
          if (is_meta_token (start))
            return TRUE;
          if (end)
            return FALSE;
          start = p + 1;
        }
    }
}

typedef enum
{
  WORDS_ANYWHERE,
  WORDS_IN_TITLE,
  WORDS_AS_TITLE_PHRASE,
  WORDS_NONE,  /* the keys and negations alone: the body tier's filter */
} WordsMode;

/* The FTS5 expression of @query, every piece of user text quoted.  The
 * words go anywhere, or in the title, or in the title one after the
 * other (only for three or more plain words: a phrase of two common
 * words costs a scan of most of the index).  NULL when the mode does not
 * apply, and with no error for an empty query. */
static char *
build_fts (PapersDb     *db,
           PapersQuery  *query,
           WordsMode     mode,
           GError      **error)
{
  gboolean title_only = mode == WORDS_IN_TITLE || mode == WORDS_AS_TITLE_PHRASE;
  gboolean guard_meta = FALSE;
  guint n_words = 0;
  g_autoptr(GString) words = g_string_new (NULL);
  g_autoptr(GString) positive = g_string_new (NULL);
  g_autoptr(GString) negative = g_string_new (NULL);
  guint n = papers_query_get_n_terms (query);

  if (n == 0)
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      const PapersQueryTerm *term = papers_query_get_term (query, i);
      GString *out;

      if (term->negated)
        {
          out = negative;
          g_string_append (out, " NOT (");
        }
      else if (term->kind == PAPERS_QUERY_WORD || term->kind == PAPERS_QUERY_PHRASE)
        {
          if (mode == WORDS_AS_TITLE_PHRASE && (term->kind != PAPERS_QUERY_WORD || term->prefix))
            return NULL;
          if (mode == WORDS_NONE)
            continue;
          if (words->len > 0)
            g_string_append (words, mode == WORDS_AS_TITLE_PHRASE ? " + " : " AND ");
          papers_query_append_fts_string (words, term->text, term->prefix);
          guard_meta |= may_match_meta (term);
          n_words++;
          continue;
        }
      else
        {
          out = positive;
          if (out->len > 0)
            g_string_append (out, " AND ");
        }

      if (term->kind == PAPERS_QUERY_WORD || term->kind == PAPERS_QUERY_PHRASE)
        {
          g_string_append (out, TEXT_COLUMNS " : ");
          papers_query_append_fts_string (out, term->text, term->prefix);
        }
      else if (!append_key_term (db, out, term, error))
        return NULL;

      if (term->negated)
        g_string_append_c (out, ')');
    }

  if ((title_only && words->len == 0) || (mode == WORDS_AS_TITLE_PHRASE && n_words < 3))
    return NULL;

  if (words->len > 0)
    {
      if (positive->len > 0)
        g_string_append (positive, " AND ");
      if (title_only)
        g_string_append_printf (positive, "{title} : (%s)", words->str);
      else if (guard_meta)
        g_string_append_printf (positive, TEXT_COLUMNS " : (%s)", words->str);
      else
        g_string_append_printf (positive, "(%s)", words->str);
    }
  /* Only negations: start from the whole library */
  if (positive->len == 0)
    g_string_append (positive, "{meta} : \"lib\"");

  return g_strdup_printf ("(%s)%s", positive->str, negative->str);
}

/* Runs @stmt, bound, appending the first column of each row to @rowids */
static gboolean
step_rowids (PapersDb      *db,
             sqlite3_stmt  *stmt,
             GArray        *rowids,
             GError       **error)
{
  gboolean row;

  for (;;)
    {
      gint64 rowid;

      if (!papers_db_step (db, stmt, &row, error))
        return FALSE;
      if (!row)
        break;
      rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* A search's connection, and what its metadata tier leaves out */
typedef struct
{
  PapersDb   *db;
  /* The papers whose PDF has a negated word or phrase, sorted: no
   * match, wherever their other words are (the bodies are not in
   * "search"); NULL for a query without negated words.  Found once for
   * the search, not again in each of its statements. */
  GArray     *body_not;
} Plan;

#define BODY_NOT " AND NOT papers_rowid_in (?, rowid)"

static gboolean
collect (Plan          *plan,
         const char    *sql,
         const char    *fts,
         guint          limit,
         guint          offset,
         GArray        *rowids,
         GError       **error)
{
  g_autofree char *guarded = NULL;
  sqlite3_stmt *stmt;
  int n = 1;

  /* Each statement here has one "MATCH ?", over "search" or
   * "title_search", whose rowids are the same papers' */
  if (fts != NULL && plan->body_not != NULL)
    {
      const char *match = strstr (sql, "MATCH ?");

      g_assert (match != NULL);
      guarded = g_strdup_printf ("%.*sMATCH ?" BODY_NOT "%s", (int) (match - sql), sql,
                                 match + strlen ("MATCH ?"));
      sql = guarded;
    }
  stmt = papers_db_prepare (plan->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (fts != NULL)
    sqlite3_bind_text (stmt, n++, fts, -1, SQLITE_TRANSIENT);
  if (guarded != NULL)
    sqlite3_bind_pointer (stmt, n++, plan->body_not, PAPERS_DB_ROWID_SET, NULL);
  sqlite3_bind_int64 (stmt, n++, limit);
  sqlite3_bind_int64 (stmt, n, offset);

  return step_rowids (plan->db, stmt, rowids, error);
}

static gint64
count_up_to (Plan        *plan,
             const char  *fts,
             gint64       cap,
             GError     **error)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!collect (plan, "SELECT count (*) FROM (SELECT rowid FROM search WHERE search MATCH ? LIMIT ? OFFSET ?)",
                fts, MIN (cap, G_MAXINT), 0, counts, error))
    return -1;
  return counts->len > 0 ? g_array_index (counts, gint64, 0) : 0;
}

static gint64
count_capped (Plan        *plan,
              const char  *fts,
              GError     **error)
{
  return count_up_to (plan, fts, CAP, error);
}

static const char ranked[] =
  "SELECT rowid FROM search WHERE search MATCH ? ORDER BY " BM25 ", rowid DESC LIMIT ? OFFSET ?";
static const char recent[] =
  "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?";
/* The same over the title index, for a match in {title} alone */
static const char recent_titles[] =
  "SELECT rowid FROM title_search WHERE title_search MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?";

/* Title matches, then the other matches newest first */
static gboolean
run_tiers (Plan        *plan,
           const char  *fts,
           const char  *title_fts,
           gint64       n_title,
           guint        offset,
           guint        limit,
           GArray      *rowids,
           GError     **error)
{
  g_autoptr(GArray) tier = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *rest = NULL;
  guint want = offset + limit;
  guint appended;

  if (!collect (plan, n_title < CAP ? ranked : recent, title_fts, want, 0, tier, error))
    return FALSE;
  appended = offset < tier->len ? MIN (tier->len - offset, limit) : 0;
  if (appended > 0)
    g_array_append_vals (rowids, &g_array_index (tier, gint64, offset), appended);
  if (tier->len >= want)
    return TRUE;

  rest = g_strdup_printf ("%s NOT (%s)", fts, title_fts);
  return collect (plan, recent, rest, limit - appended, offset > tier->len ? offset - tier->len : 0,
                  rowids, error);
}

/* The plan for @fts, with @title_fts its title tier (nullable).  The
 * order depends on the query only, never on @offset, so pages follow on. */
static gboolean
run_plan (Plan        *plan,
          const char  *fts,
          const char  *title_fts,
          gboolean     title_first,
          guint        offset,
          guint        limit,
          GArray      *rowids,
          GError     **error)
{
  gint64 n_title = -1;
  gint64 n;

  /* With @title_first, enough title matches to fill a page come first,
   * and the whole index need not even be counted.  That is for prefixes,
   * whose terms FTS5 merges anew for every statement: it keeps them to
   * two statements.  Other queries count everything first, which for a
   * narrow query is the only count. */
  if (title_fts != NULL && title_first)
    {
      n_title = count_capped (plan, title_fts, error);
      if (n_title < 0)
        return FALSE;
      if (n_title >= TITLE_ENOUGH)
        return run_tiers (plan, fts, title_fts, n_title, offset, limit, rowids, error);
    }

  n = count_capped (plan, fts, error);
  if (n < 0)
    return FALSE;
  if (n < CAP)
    return collect (plan, ranked, fts, limit, offset, rowids, error);
  if (title_fts == NULL)
    return collect (plan, recent, fts, limit, offset, rowids, error);
  if (n_title < 0)
    {
      n_title = count_capped (plan, title_fts, error);
      if (n_title < 0)
        return FALSE;
    }
  return run_tiers (plan, fts, title_fts, n_title, offset, limit, rowids, error);
}

/* The quick plan: each tier newest first, without counting or ranking */
static gboolean words_only (PapersQuery *query);

static gboolean
run_quick (Plan        *plan,
           PapersQuery *query,
           const char  *fts,
           const char  *title_fts,
           const char  *phrase_fts,
           guint        limit,
           GArray      *rowids,
           GError     **error)
{
  const char *tiers[] = { phrase_fts, title_fts, fts };
  const char *previous = NULL;
  guint start = rowids->len;
  gboolean titles_only = words_only (query);

  for (guint i = 0; i < G_N_ELEMENTS (tiers) && rowids->len - start < limit; i++)
    {
      g_autofree char *tier = NULL;

      if (tiers[i] == NULL)
        continue;
      /* Each tier holds the one before it: leave that out */
      tier = previous != NULL ? g_strdup_printf ("%s NOT (%s)", tiers[i], previous) : g_strdup (tiers[i]);
      /* The titles' tiers of a query of words alone, "{title} : (…)",
       * in the title index */
      if (!collect (plan, i < 2 && titles_only ? recent_titles : recent, tier,
                    limit - (rowids->len - start), 0, rowids, error))
        return FALSE;
      previous = tiers[i];
    }
  return TRUE;
}

/* Only words and phrases, none negated: a match in the titles alone can
 * be looked up in the title index */
static gboolean
words_only (PapersQuery *query)
{
  for (guint i = 0; i < papers_query_get_n_terms (query); i++)
    {
      const PapersQueryTerm *term = papers_query_get_term (query, i);

      if (term->negated || (term->kind != PAPERS_QUERY_WORD && term->kind != PAPERS_QUERY_PHRASE))
        return FALSE;
    }
  return TRUE;
}

static gboolean
has_prefix (PapersQuery *query)
{
  for (guint i = 0; i < papers_query_get_n_terms (query); i++)
    if (papers_query_get_term (query, i)->prefix && !papers_query_get_term (query, i)->negated)
      return TRUE;
  return FALSE;
}

/* The metadata tier: the plan above over "search" */
static gboolean
search_metadata (Plan         *plan,
                 PapersQuery  *query,
                 const char   *fts,
                 gboolean      quick,
                 guint         offset,
                 guint         limit,
                 GArray       *rowids,
                 GError      **error)
{
  g_autofree char *title_fts = NULL;
  g_autofree char *phrase_fts = NULL;
  g_autoptr(GArray) tier = NULL;
  guint want = offset + limit;
  guint appended;
  gint64 n;

  title_fts = build_fts (plan->db, query, WORDS_IN_TITLE, error);
  phrase_fts = build_fts (plan->db, query, WORDS_AS_TITLE_PHRASE, error);
  if (quick && offset == 0)
    return run_quick (plan, query, fts, title_fts, phrase_fts, limit, rowids, error);
  if (phrase_fts == NULL)
    return run_plan (plan, fts, title_fts, has_prefix (query), offset, limit, rowids, error);

  n = count_capped (plan, phrase_fts, error);
  if (n < 0)
    return FALSE;
  tier = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (n > 0 && !collect (plan, n < CAP ? ranked : recent, phrase_fts, want, 0, tier, error))
    return FALSE;
  appended = offset < tier->len ? MIN (tier->len - offset, limit) : 0;
  if (appended > 0)
    g_array_append_vals (rowids, &g_array_index (tier, gint64, offset), appended);
  if (tier->len >= want)
    return TRUE;

  if (tier->len > 0)
    {
      g_autofree char *other = g_strdup_printf ("%s NOT (%s)", fts, phrase_fts);
      g_autofree char *other_title = g_strdup_printf ("%s NOT (%s)", title_fts, phrase_fts);

      return run_plan (plan, other, other_title, has_prefix (query), offset > tier->len ? offset - tier->len : 0,
                       limit - appended, rowids, error);
    }
  return run_plan (plan, fts, title_fts, has_prefix (query), offset, limit, rowids, error);
}

/* The words and phrases of @query over the bodies.  With @negated, the
 * body tier's driving expression: the positive ones ORed (a paper may
 * have one in its title and the others in its body), then the negated
 * ones NOTed, NULL when there is no positive one; without, for the
 * metadata tier's guard, the negated ones alone ORed, NULL for none.
 * Every piece of user text is quoted. */
static char *
build_body_fts (PapersQuery *query,
                gboolean     negated)
{
  g_autoptr(GString) positive = g_string_new (NULL);
  g_autoptr(GString) negative = g_string_new (NULL);

  for (guint i = 0; i < papers_query_get_n_terms (query); i++)
    {
      const PapersQueryTerm *term = papers_query_get_term (query, i);

      if (term->kind != PAPERS_QUERY_WORD && term->kind != PAPERS_QUERY_PHRASE)
        continue;
      if (term->negated)
        {
          g_string_append (negative, negated ? " NOT " : negative->len > 0 ? " OR " : "");
          papers_query_append_fts_string (negative, term->text, term->prefix);
        }
      else if (negated)
        {
          if (positive->len > 0)
            g_string_append (positive, " OR ");
          papers_query_append_fts_string (positive, term->text, term->prefix);
        }
    }
  if (!negated)
    return negative->len > 0 ? g_strdup (negative->str) : NULL;
  if (positive->len == 0)
    return NULL;
  return g_strdup_printf ("(%s)%s", positive->str, negative->str);
}

/* The body tier: papers whose PDF has the words, or some of them with
 * the rest in the metadata, which the metadata tier did not find (its
 * query @fts), that the query's keys and negations (@filter_fts, or the
 * library alone when NULL) keep; ranked by papers_body_rank() (BM25,
 * every word weighted alike) when fewer than CAP of them match, else
 * newest first, as the metadata's plan does, in one pass.  It runs
 * only for what the metadata tier left of a page: a broad word fills the
 * first pages from the metadata and never reaches here.  With two words
 * or more, each must be in the body or in the metadata: the body's hits
 * say which words it has (papers_phrases_found(), papers-db.c), and only
 * a word it lacks is looked for in the metadata, a set SQLite makes once
 * for the statement, when a row first needs it; a body with every word
 * never does.  The unary + on every rowid test keeps SQLite from
 * driving the statement by those sets, with a MATCH of the bodies for
 * each of their rowids (130 ms against 1 ms for a year filter at 2 000
 * papers), or refusing the MATCH when an OR of two sets drives it. */
#define BODY_TIER \
  " FROM body_search WHERE body_search MATCH ?1" \
  " AND +rowid NOT IN (SELECT rowid FROM search WHERE search MATCH ?2)"
#define IN_LIBRARY " AND EXISTS (SELECT 1 FROM library WHERE paper = body_search.rowid AND ?3 IS NULL)"
#define FILTERED " AND +rowid IN (SELECT rowid FROM search WHERE search MATCH ?3)"
#define WORD_SOMEWHERE \
  " AND (papers_phrases_found (body_search, %u) & %" G_GUINT64_FORMAT " != 0" \
  " OR +rowid IN (SELECT rowid FROM search WHERE search MATCH ?%u))"

typedef struct
{
  gint64 rowid;
  double rank;
} BodyHit;

/* Best rank first (the most negative), then newest */
static int
compare_body_hits (gconstpointer a,
                   gconstpointer b)
{
  const BodyHit *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->rowid > y->rowid ? -1 : x->rowid < y->rowid;
}

static gboolean
search_bodies (Plan         *plan,
               PapersQuery  *query,
               const char   *fts,
               const char   *body_fts,
               gboolean      quick,
               guint         offset,
               guint         limit,
               GArray       *rowids,
               GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *filter_fts = NULL;
  g_autoptr(GString) sql = g_string_new (quick ? "SELECT rowid" : "SELECT rowid, papers_body_rank (body_search)");
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  if (!words_only (query))
    {
      filter_fts = build_fts (plan->db, query, WORDS_NONE, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  g_string_append (sql, BODY_TIER);
  g_string_append (sql, filter_fts != NULL ? FILTERED : IN_LIBRARY);

  /* Each positive word over the bodies, then over the metadata */
  for (guint i = 0; i < papers_query_get_n_terms (query); i++)
    {
      const PapersQueryTerm *term = papers_query_get_term (query, i);
      GString *word;

      if (term->negated || (term->kind != PAPERS_QUERY_WORD && term->kind != PAPERS_QUERY_PHRASE))
        continue;
      word = g_string_new (NULL);
      papers_query_append_fts_string (word, term->text, term->prefix);
      if (may_match_meta (term))
        g_string_prepend (word, TEXT_COLUMNS " : ");
      g_ptr_array_add (words, g_string_free (word, FALSE));
    }
  /* Up to 62 words are told apart (a query holds 64 terms at most, and
   * more than 62 words find nothing in the bodies) */
  if (words->len > 62)
    return TRUE;
  if (words->len > 1)
    for (guint i = 0; i < words->len; i++)
      g_string_append_printf (sql, WORD_SOMEWHERE, words->len, (guint64) 1 << i, 6 + i); /* sql: constant */
  else
    g_ptr_array_set_size (words, 0);

  g_string_append (sql, " ORDER BY rowid DESC LIMIT ?4 OFFSET ?5");

  stmt = papers_db_prepare (plan->db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, body_fts, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, fts, -1, SQLITE_TRANSIENT);
  papers_db_bind_text (stmt, 3, filter_fts);
  for (guint i = 0; i < words->len; i++)
    sqlite3_bind_text (stmt, 6 + i, words->pdata[i], -1, SQLITE_TRANSIENT);
  if (quick)
    {
      sqlite3_bind_int64 (stmt, 4, limit);
      sqlite3_bind_int64 (stmt, 5, offset);
      return step_rowids (plan->db, stmt, rowids, error);
    }

  /* One pass over the matches, newest first, up to CAP of them with
   * their rank: fewer are ranked, more stay newest first, as the
   * metadata's plan does.  A count before, then the ranked statement,
   * then bm25()'s own pass (see papers_body_rank(), papers-db.c) read
   * a phrase's position lists through the bodies three times. */
  hits = g_array_new (FALSE, FALSE, sizeof (BodyHit));
  sqlite3_bind_int64 (stmt, 4, CAP);
  sqlite3_bind_int64 (stmt, 5, 0);
  for (;;)
    {
      gboolean row;
      BodyHit hit;

      if (!papers_db_step (plan->db, stmt, &row, error))
        return FALSE;
      if (!row)
        break;
      hit.rowid = sqlite3_column_int64 (stmt, 0);
      hit.rank = sqlite3_column_double (stmt, 1);
      g_array_append_val (hits, hit);
    }
  sqlite3_reset (stmt);
  if (hits->len < CAP)
    g_array_sort (hits, compare_body_hits);
  else if (offset + limit > hits->len)
    {
      /* Past the first CAP, newest first: the statement's own pages */
      sqlite3_bind_int64 (stmt, 4, limit);
      sqlite3_bind_int64 (stmt, 5, offset);
      return step_rowids (plan->db, stmt, rowids, error);
    }
  for (guint i = offset; i < hits->len && i < offset + limit; i++)
    g_array_append_val (rowids, g_array_index (hits, BodyHit, i).rowid);
  return TRUE;
}

/* The metadata tier, then the body tier for what is left of the page.
 * The body tier starts where the metadata tier ends: after a page it
 * filled in part, at 0; past its end, by its count. */
static gboolean
search_run (PapersDb     *db,
            PapersQuery  *query,
            gboolean      quick,
            guint         offset,
            guint         limit,
            GArray       *rowids,
            GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *fts = build_fts (db, query, WORDS_ANYWHERE, &local_error);
  g_autofree char *body_fts = NULL;
  g_autofree char *body_not = NULL;
  g_autoptr(GArray) body_not_rowids = NULL;
  Plan plan = { db, NULL };
  guint start = rowids->len;
  guint found;
  gint64 n_metadata;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (fts == NULL)
    return collect (&plan, "SELECT paper FROM library ORDER BY paper DESC LIMIT ? OFFSET ?",
                    NULL, limit, offset, rowids, error);

  body_not = build_body_fts (query, FALSE);
  if (body_not != NULL)
    {
      body_not_rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (!collect (&plan, "SELECT rowid FROM body_search WHERE body_search MATCH ? ORDER BY rowid LIMIT ? OFFSET ?",
                    body_not, G_MAXINT, 0, body_not_rowids, error))
        return FALSE;
      plan.body_not = body_not_rowids;
    }
  if (!search_metadata (&plan, query, fts, quick, offset, limit, rowids, error))
    return FALSE;
  found = rowids->len - start;
  body_fts = build_body_fts (query, TRUE);
  if (found >= limit || body_fts == NULL)
    return TRUE;

  if (found > 0 || offset == 0)
    n_metadata = offset + found;
  else
    {
      n_metadata = count_up_to (&plan, fts, G_MAXINT, error);
      if (n_metadata < 0)
        return FALSE;
    }
  return search_bodies (&plan, query, fts, body_fts, quick,
                        offset > n_metadata ? offset - n_metadata : 0, limit - found, rowids, error);
}

/**
 * papers_search_run:
 * @db: the connection
 * @query: a parsed query
 * @offset: results to skip
 * @limit: results to return at most
 * @rowids: (element-type gint64): where the results go, best first
 * @error: return location for an error
 *
 * Runs the search plan described above.  Before it, when the query is
 * three or more plain words, the papers whose title has them in that order come
 * first: someone typing a title finds that paper on top even when every
 * word is common.
 */
gboolean
papers_search_run (PapersDb     *db,
                   PapersQuery  *query,
                   guint         offset,
                   guint         limit,
                   GArray       *rowids,
                   GError      **error)
{
  return search_run (db, query, FALSE, offset, limit, rowids, error);
}

/* The orders of papers_search_find(): whole statements, chosen by the
 * enum, for the whole library (or the part a view's filter keeps) and for
 * a search's best matches.  Each order of the whole library walks an
 * index of schema version 5 (NULL dates and upvotes come last, NULL
 * titles first), so its first screenful costs what a page does. */
#define BY_ADDED "l.added DESC, l.paper DESC"
#define BY_PUBLISHED "p.published DESC, p.rowid DESC"
#define BY_TITLE "p.title COLLATE NOCASE, p.rowid"
#define BY_UPVOTES "p.upvotes DESC, p.rowid DESC"

#define ALL_PAPERS " WHERE ? IS NULL"
#define WITH_STATUS " WHERE l.status = ?"
#define STARRED " WHERE l.starred != 0 AND ? IS NULL"
#define WITH_TAG " WHERE EXISTS (SELECT 1 FROM paper_tags t WHERE t.paper = l.paper AND t.tag = ?)"
/* By date added the library's own index leads, and is all it reads (the
 * papers' rows are large: a lookup in them for each of 100 000 keys took
 * most of the 115 ms of listing the whole library); by the paper's
 * columns their index does (CROSS JOIN fixes the order: with a filter,
 * SQLite would rather scan the library and sort). */
#define LIBRARY(where, order) \
  "SELECT l.paper FROM library l" where " ORDER BY " order " LIMIT ? OFFSET ?"
#define BY_PAPER(where, order) \
  "SELECT p.rowid FROM papers p CROSS JOIN library l ON l.paper = p.rowid" where " ORDER BY " order \
  " LIMIT ? OFFSET ?"
#define SORTED(where) { LIBRARY (where, BY_ADDED), BY_PAPER (where, BY_PUBLISHED), LIBRARY (where, BY_ADDED), \
                        BY_PAPER (where, BY_TITLE), BY_PAPER (where, BY_UPVOTES) }
#define MATCHES_IN(order) \
  "SELECT p.rowid FROM json_each (?) j JOIN papers p ON p.rowid = j.value" \
  " JOIN library l ON l.paper = p.rowid ORDER BY " order

typedef enum
{
  FILTER_NONE,
  FILTER_STATUS,
  FILTER_STARRED,
  FILTER_TAG,
  N_FILTERS
} Filter;

static const char * const library_sorted[N_FILTERS][PAPERS_SORT_UPVOTES + 1] = {
  [FILTER_NONE] = SORTED (ALL_PAPERS),
  [FILTER_STATUS] = SORTED (WITH_STATUS),
  [FILTER_STARRED] = SORTED (STARRED),
  [FILTER_TAG] = SORTED (WITH_TAG),
};

static const char * const matches_sorted[] = {
  [PAPERS_SORT_RELEVANCE] = NULL,
  [PAPERS_SORT_PUBLISHED] = MATCHES_IN (BY_PUBLISHED),
  [PAPERS_SORT_ADDED] = MATCHES_IN (BY_ADDED),
  [PAPERS_SORT_TITLE] = MATCHES_IN (BY_TITLE),
  [PAPERS_SORT_UPVOTES] = MATCHES_IN (BY_UPVOTES),
};

/* A view's filter in SQL: is:unread, is:reading, is:read, is:starred and
 * tag:, the rest only through the search index.  @value is what binds. */
static gboolean
sql_filter (PapersDb    *db,
            const char  *key,
            const char  *name,
            Filter      *filter,
            gint64      *value,
            GError     **error)
{
  PapersReadStatus status;

  *value = 0;
  if (key == NULL)
    {
      *filter = FILTER_NONE;
      return TRUE;
    }
  if (g_str_equal (key, "is") && g_strcmp0 (name, "starred") == 0)
    {
      *filter = FILTER_STARRED;
      return TRUE;
    }
  if (g_str_equal (key, "is") && papers_read_status_from_string (name, &status))
    {
      *filter = FILTER_STATUS;
      *value = status;
      return TRUE;
    }
  if (g_str_equal (key, "tag") && name != NULL && *name != '\0')
    {
      g_autofree char *tag_key = papers_tag_dup_key (name);

      *filter = FILTER_TAG;
      *value = tag_id (db, tag_key, error);
      return *value >= 0;
    }
  *filter = N_FILTERS;
  return TRUE;
}

static gboolean
list_library (PapersDb    *db,
              const char  *sql,
              gint64       value,
              gboolean     bind_value,
              guint        limit,
              GArray      *rowids,
              GError     **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (bind_value)
    sqlite3_bind_int64 (stmt, 1, value);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, 0);
  return step_rowids (db, stmt, rowids, error);
}

/**
 * papers_search_find:
 * @db: the connection
 * @query: a parsed query
 * @filter_key: (nullable): a view's search key ("is", "tag"…)
 * @filter_value: (nullable): its value
 * @sort: the order
 * @quick: for a query being typed: by relevance, its first @limit as
 *   found fastest (see above) rather than ranked
 * @limit: results at most, 0 for all
 * @rowids: (element-type gint64): where the results go, in order
 * @error: return location for an error
 *
 * A query with terms takes its best @limit matches by the plan above
 * (with the filter as one more term) and, unless @sort is
 * %PAPERS_SORT_RELEVANCE, puts those in @sort order; an empty one lists
 * the library, or what a status or tag filter keeps of it, in @sort
 * order.
 */
gboolean
papers_search_find (PapersDb     *db,
                    PapersQuery  *query,
                    const char   *filter_key,
                    const char   *filter_value,
                    PapersSort    sort,
                    gboolean      quick,
                    guint         limit,
                    GArray       *rowids,
                    GError      **error)
{
  g_autoptr(GArray) best = NULL;
  g_autoptr(GString) json = NULL;
  sqlite3_stmt *stmt;
  Filter filter = FILTER_NONE;
  gint64 value = 0;

  if (limit == 0)
    limit = G_MAXINT;
  if ((guint) sort >= G_N_ELEMENTS (matches_sorted))
    sort = PAPERS_SORT_RELEVANCE;

  if (papers_query_get_n_terms (query) == 0)
    {
      if (!sql_filter (db, filter_key, filter_value, &filter, &value, error))
        return FALSE;
      if (filter != N_FILTERS)
        return list_library (db, library_sorted[filter][sort], value,
                             filter == FILTER_STATUS || filter == FILTER_TAG, limit, rowids, error);
    }
  if (filter_key != NULL && !papers_query_add_filter (query, filter_key, filter_value, error))
    return FALSE;

  if (sort == PAPERS_SORT_RELEVANCE)
    return search_run (db, query, quick, 0, limit, rowids, error);

  best = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!papers_search_run (db, query, 0, limit, best, error))
    return FALSE;
  if (best->len == 0)
    return TRUE;

  json = papers_store_rowids_json (best);

  stmt = papers_db_prepare (db, matches_sorted[sort], error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json->str, json->len, SQLITE_STATIC);
  return step_rowids (db, stmt, rowids, error);
}

/* The words and phrases a result must have, none negated, for snippets */
static GStrv
positive_words (PapersQuery  *query,
                GArray       *prefixes)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < papers_query_get_n_terms (query); i++)
    {
      const PapersQueryTerm *term = papers_query_get_term (query, i);

      if (term->negated || (term->kind != PAPERS_QUERY_WORD && term->kind != PAPERS_QUERY_PHRASE))
        continue;
      g_strv_builder_add (builder, term->text);
      g_array_append_val (prefixes, term->prefix);
    }
  return g_strv_builder_end (builder);
}

/* The first bytes of a PDF's text read for its snippet: four or five
 * pages, where a hit's words all are unless they are rare */
#define TEXT_HEAD 16384

/* The snippet and page of @rowid's PDF text, through @blob (opened on
 * the first call, moved to the row on the next).  It reads the text's
 * first pages alone and the rest only when no page there has every word:
 * a page of 75 body hits read 3.7 MB of text, most of the 8 ms left of a
 * phrase search's CPU past its statements, for snippets from page 1. */
static gboolean
body_snippet (PapersDb            *db,
              sqlite3_blob       **blob,
              gint64               rowid,
              const char * const  *words,
              const gboolean      *is_prefix,
              char               **snippet,
              int                 *page,
              GError             **error)
{
  g_autofree char *text = NULL;
  char *cut;
  int size, head;
  int rc;

  rc = *blob == NULL ? sqlite3_blob_open (papers_db_get_handle (db), "main", "pdf_texts", "text", rowid, 0, blob)
                     : sqlite3_blob_reopen (*blob, rowid);
  if (rc != SQLITE_OK)
    {
      papers_db_set_error (db, rc, error);
      return FALSE;
    }
  size = sqlite3_blob_bytes (*blob);
  head = MIN (size, TEXT_HEAD);
  text = g_malloc (size + 1);
  if ((rc = sqlite3_blob_read (*blob, text, head, 0)) != SQLITE_OK)
    {
      papers_db_set_error (db, rc, error);
      return FALSE;
    }
  text[head] = '\0';
  if (head < size)
    {
      /* The whole pages read so far */
      cut = memrchr (text, '\f', head);
      if (cut != NULL)
        {
          *cut = '\0';
          if (papers_snippet_find_all (text, words, is_prefix, snippet, page))
            return TRUE;
          *cut = '\f';
        }
      if ((rc = sqlite3_blob_read (*blob, text + head, size - head, head)) != SQLITE_OK)
        {
          papers_db_set_error (db, rc, error);
          return FALSE;
        }
      text[size] = '\0';
    }
  papers_snippet_find (text, words, is_prefix, snippet, page);
  return TRUE;
}

static void
blob_close (sqlite3_blob *blob)
{
  sqlite3_blob_close (blob);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_blob, blob_close)

/**
 * papers_search_mark_body_hits:
 * @db: the connection
 * @query: the query @papers were found by
 * @papers: (element-type PapersPaper): the results (NULL where a paper is
 *   gone), with their keys in @rowids
 *
 * Tells each of @papers that matches @query's words in its PDF's text
 * alone (not in its title, abstract, authors or note) where: the page and
 * a snippet (papers_paper_set_search_hit()).  One statement first finds
 * which results have text at all, so a library without PDFs (or a page
 * of results without any) costs that statement alone.
 */
gboolean
papers_search_mark_body_hits (PapersDb     *db,
                              PapersQuery  *query,
                              GArray       *rowids,
                              GPtrArray    *papers,
                              GError      **error)
{
  g_autoptr(GArray) prefixes = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_auto(GStrv) words = positive_words (query, prefixes);
  const gboolean *is_prefix = (const gboolean *) (gpointer) prefixes->data;
  g_autoptr(GHashTable) with_text = NULL;
  g_autoptr(GString) json = NULL;
  g_autoptr(sqlite3_blob) blob = NULL;
  sqlite3_stmt *stmt;

  if (words[0] == NULL || papers->len == 0)
    return TRUE;

  /* The results that have text, by their key */
  json = papers_store_rowids_json (rowids);
  stmt = papers_db_prepare (db, "SELECT paper FROM pdf_texts WHERE paper IN (SELECT value FROM json_each (?))",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json->str, json->len, SQLITE_STATIC);
  with_text = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (;;)
    {
      gboolean row;

      if (!papers_db_step (db, stmt, &row, error))
        return FALSE;
      if (!row)
        break;
      g_hash_table_add (with_text, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));
    }
  sqlite3_reset (stmt);
  if (g_hash_table_size (with_text) == 0)
    return TRUE;

  for (guint i = 0; i < papers->len && i < rowids->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);
      g_autofree char *snippet = NULL;
      g_autofree char *authors = NULL;
      const char *fields[4];
      int page = 0;

      if (paper == NULL || !g_hash_table_contains (with_text, &g_array_index (rowids, gint64, i)))
        continue;
      /* Found outside the body (annotations aside): no snippet.  Checked
       * on what was loaded, since a probe of the index per result cost
       * ten times more. */
      if (papers_paper_get_authors (paper) != NULL)
        authors = g_strjoinv (" ", (char **) papers_paper_get_authors (paper));
      fields[0] = papers_paper_get_title (paper);
      fields[1] = papers_paper_get_abstract (paper);
      fields[2] = authors;
      fields[3] = papers_paper_get_note (paper);
      if (papers_snippet_has_all (fields, G_N_ELEMENTS (fields), (const char * const *) words, is_prefix))
        continue;
      if (!body_snippet (db, &blob, g_array_index (rowids, gint64, i), (const char * const *) words, is_prefix,
                         &snippet, &page, error))
        return FALSE;
      if (snippet != NULL)
        papers_paper_set_search_hit (paper, snippet, page);
    }
  return TRUE;
}

/**
 * papers_search_count:
 *
 * Counts the library's papers in all and by state.
 */
gboolean
papers_search_count (PapersDb      *db,
                     PapersCounts  *counts,
                     GError       **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db,
                                          "SELECT count (*), total (status = 0), total (status = 1),"
                                          " total (status = 2), total (starred != 0) FROM library",
                                          error);
  gboolean row;

  if (stmt == NULL)
    return FALSE;
  if (!papers_db_step (db, stmt, &row, error))
    return FALSE;
  if (row)
    {
      counts->all = sqlite3_column_int (stmt, 0);
      counts->unread = sqlite3_column_int (stmt, 1);
      counts->reading = sqlite3_column_int (stmt, 2);
      counts->read = sqlite3_column_int (stmt, 3);
      counts->starred = sqlite3_column_int (stmt, 4);
    }
  sqlite3_reset (stmt);
  return TRUE;
}
