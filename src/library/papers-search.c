/* papers-search.c: the search plan
 *
 * Ranking every match with bm25() costs about 1.5 µs a row, so a word in
 * most abstracts ("learning") costs ~100 ms at 100 000 papers while a rare
 * word costs 1 ms.  Counting matches in rowid order is cheap and can stop
 * early, so the plan first counts up to CAP matches:
 *
 *  - fewer than CAP: rank them all with bm25 (title weighted 10, authors 4,
 *    notes 2, abstract 1), newest first among equals;
 *  - CAP or more (a broad query): papers whose title matches come first,
 *    ranked by bm25 if they are fewer than CAP, else newest first; then the
 *    papers that match elsewhere, newest first.  Nothing ever ranks more
 *    than CAP rows, so broad queries cost what narrow ones do.
 *
 * "Newest" is the order papers entered the database (rowid), which FTS5
 * walks backwards for free.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-private.h"

#define CAP 2000
#define BM25 "bm25 (search, 10.0, 1.0, 4.0, 2.0, 0.5)"

static gboolean
collect (PapersDb      *db,
         const char    *sql,
         const char    *fts,
         GPtrArray     *params,
         guint          limit,
         guint          offset,
         GArray        *rowids,
         GError       **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, sql, error);
  int n = 1;
  gboolean row;

  if (stmt == NULL)
    return FALSE;
  if (fts != NULL)
    sqlite3_bind_text (stmt, n++, fts, -1, SQLITE_TRANSIENT);
  papers_query_bind_params (stmt, n, params);
  n += params->len;
  sqlite3_bind_int64 (stmt, n++, limit);
  sqlite3_bind_int64 (stmt, n, offset);

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

static gint64
count_capped (PapersDb    *db,
              const char  *filter,
              const char  *fts,
              GPtrArray   *params,
              GError     **error)
{
  g_autofree char *sql = g_strconcat ("SELECT count (*) FROM (SELECT rowid FROM search"
                                      " WHERE search MATCH ?", filter, " LIMIT ? OFFSET ?)", NULL);
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!collect (db, sql, fts, params, CAP, 0, counts, error))
    return -1;
  return counts->len > 0 ? g_array_index (counts, gint64, 0) : 0;
}

gboolean
papers_search_run (PapersDb     *db,
                   PapersQuery  *query,
                   guint         offset,
                   guint         limit,
                   GArray       *rowids,
                   GError      **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GString) filter = g_string_new (NULL);
  g_autofree char *fts = papers_query_dup_fts (query, FALSE);
  g_autofree char *title_fts = NULL;
  g_autofree char *ranked = NULL;
  g_autofree char *recent = NULL;
  g_autoptr(GArray) tier = NULL;
  gint64 n;
  guint want = offset + limit;
  guint appended;

  if (fts == NULL)
    {
      g_autofree char *sql = NULL;

      papers_query_append_filter (query, "l.paper", filter, params);
      sql = g_strconcat ("SELECT l.paper FROM library l WHERE 1", filter->str,
                         " ORDER BY l.paper DESC LIMIT ? OFFSET ?", NULL);
      return collect (db, sql, NULL, params, limit, offset, rowids, error);
    }

  papers_query_append_filter (query, "search.rowid", filter, params);
  ranked = g_strconcat ("SELECT rowid FROM search WHERE search MATCH ?", filter->str,
                        " ORDER BY " BM25 ", rowid DESC LIMIT ? OFFSET ?", NULL);
  recent = g_strconcat ("SELECT rowid FROM search WHERE search MATCH ?", filter->str,
                        " ORDER BY rowid DESC LIMIT ? OFFSET ?", NULL);

  n = count_capped (db, filter->str, fts, params, error);
  if (n < 0)
    return FALSE;
  if (n < CAP)
    return collect (db, ranked, fts, params, limit, offset, rowids, error);

  /* A broad query.  Without words (only authors) there is no title tier. */
  title_fts = papers_query_dup_fts (query, TRUE);
  if (title_fts == NULL)
    return collect (db, recent, fts, params, limit, offset, rowids, error);

  n = count_capped (db, filter->str, title_fts, params, error);
  if (n < 0)
    return FALSE;

  tier = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!collect (db, n < CAP ? ranked : recent, title_fts, params, want, 0, tier, error))
    return FALSE;
  appended = offset < tier->len ? MIN (tier->len - offset, limit) : 0;
  if (appended > 0)
    g_array_append_vals (rowids, &g_array_index (tier, gint64, offset), appended);

  if (tier->len < want)
    {
      g_autofree char *rest = g_strdup_printf ("(%s) NOT (%s)", fts, title_fts);
      guint rest_offset = offset > tier->len ? offset - tier->len : 0;

      return collect (db, recent, rest, params, limit - appended, rest_offset, rowids, error);
    }
  return TRUE;
}
