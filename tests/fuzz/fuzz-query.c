/* fuzz-query.c: libFuzzer target for the search language
 *
 * Every query either fails to parse with a GError of the query domain, or
 * yields an FTS5 expression that SQLite accepts: user text never turns
 * into an FTS5 or SQL syntax error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "papers-query.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static sqlite3 *db;

static void
check_fts (const char *expression)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (expression == NULL)
    return;

  rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    g_error ("FTS5 rejected %s: %s", expression, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersQuery) query = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autofree char *fts = NULL;
  g_autofree char *fts_title = NULL;

  if (db == NULL)
    {
      g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db,
                                     "CREATE VIRTUAL TABLE t USING fts5(title, abstract, authors,"
                                     " tokenize = 'unicode61 remove_diacritics 2');"
                                     "INSERT INTO t VALUES ('a title', 'an abstract', 'Ada Lovelace');",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
    }

  query = papers_query_parse (text, &error);
  if (query == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PAPERS_QUERY_ERROR);
      return 0;
    }

  fts = papers_query_dup_fts (query, FALSE);
  fts_title = papers_query_dup_fts (query, TRUE);
  check_fts (fts);
  check_fts (fts_title);

  sql = g_string_new ("SELECT 1 WHERE 1");
  params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  papers_query_append_filter (query, "p.rowid", sql, params);

  return 0;
}
