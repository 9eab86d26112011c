/* papers-store-db.c: what the store's job files share on the connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-store-db-private.h"

void
papers_store_changes_init (PapersStoreChanges *changes)
{
  memset (changes, 0, sizeof *changes);
  changes->added = g_ptr_array_new_with_free_func (g_free);
  changes->removed = g_ptr_array_new_with_free_func (g_free);
  changes->changed = g_ptr_array_new_with_free_func (g_free);
  changes->annotations = g_ptr_array_new_with_free_func (g_free);
}

void
papers_store_changes_clear (PapersStoreChanges *changes)
{
  g_clear_pointer (&changes->added, g_ptr_array_unref);
  g_clear_pointer (&changes->removed, g_ptr_array_unref);
  g_clear_pointer (&changes->changed, g_ptr_array_unref);
  g_clear_pointer (&changes->annotations, g_ptr_array_unref);
}

void
papers_store_changes_note (GPtrArray  *ids,
                           const char *id)
{
  if (ids != NULL)
    g_ptr_array_add (ids, g_strdup (id));
}

gint64
papers_store_db_lookup_by (PapersDb    *db,
                           const char  *sql,
                           const char  *value,
                           GError     **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, sql, error);
  gboolean row;
  gint64 rowid = 0;

  if (stmt == NULL)
    return -1;
  papers_db_bind_text (stmt, 1, value);
  if (!papers_db_step (db, stmt, &row, error))
    return -1;
  if (row)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rowid;
}

gboolean
papers_store_db_exec_bound (PapersDb    *db,
                            const char  *sql,
                            gint64       a,
                            gint64       b,
                            GError     **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_int64 (stmt, 2, b);
  return papers_db_run (db, stmt, error);
}

/**
 * papers_store_db_edit_paper:
 * @changes: (nullable): with @changes the paper must be in the library and
 *   is announced as changed; without, any paper the store knows will do
 *   and nothing is announced (the PDF's text)
 * @write: changes the paper's tables
 *
 * One edit of a paper in a transaction of its own: @write, then the
 * paper's search row made again from the tables; if anything fails the
 * library is left as it was.
 */
gboolean
papers_store_db_edit_paper (PapersDb              *db,
                            const char            *id,
                            PapersStoreDbWrite     write,
                            gconstpointer          data,
                            PapersStoreChanges    *changes,
                            GError               **error)
{
  gint64 rowid;

  if (!papers_db_begin (db, error))
    return FALSE;
  rowid = changes != NULL ? papers_store_db_library_rowid (db, id, changes, error)
                          : papers_store_db_lookup (db, id, error);
  if (rowid <= 0 || !write (db, rowid, data, error) ||
      !papers_store_db_index_paper (db, rowid, FALSE, error))
    {
      papers_db_rollback (db);
      return FALSE;
    }
  if (changes != NULL)
    papers_store_changes_note (changes->changed, id);
  return papers_db_commit (db, error);
}
