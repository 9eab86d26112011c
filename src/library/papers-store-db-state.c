/* papers-store-db-state.c: a paper's library state: its status, star and note
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-db-private.h"

gboolean
papers_store_db_write_note (PapersDb    *db,
                            gint64       rowid,
                            const char  *text,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  if (text == NULL || text[0] == '\0')
    {
      stmt = papers_db_prepare (db, "DELETE FROM notes WHERE paper = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      return papers_db_run (db, stmt, error);
    }

  stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO notes (paper, text, updated) VALUES (?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  papers_db_bind_text (stmt, 2, text);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  return papers_db_run (db, stmt, error);
}

gboolean
papers_store_db_set_state (PapersDb            *db,
                           const char          *id,
                           const char          *column,
                           int                  value,
                           PapersStoreChanges  *changes,
                           GError             **error)
{
  sqlite3_stmt *stmt;
  gint64 rowid;

  if (!papers_db_begin (db, error))
    return FALSE;
  rowid = papers_store_db_library_rowid (db, id, changes, error);
  if (rowid == 0)
    goto fail;
  /* @column is one of our constants, never user text. */
  stmt = papers_db_prepare (db, g_str_equal (column, "status")
                                  ? "UPDATE library SET status = ? WHERE paper = ?"
                                  : "UPDATE library SET starred = ? WHERE paper = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, value);
  sqlite3_bind_int64 (stmt, 2, rowid);
  if (!papers_db_run (db, stmt, error) || !papers_store_db_index_paper (db, rowid, FALSE, error))
    goto fail;
  papers_store_changes_note (changes->changed, id);
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}

gboolean
papers_store_db_set_note (PapersDb            *db,
                          const char          *id,
                          const char          *text,
                          PapersStoreChanges  *changes,
                          GError             **error)
{
  gint64 rowid;

  if (!papers_db_begin (db, error))
    return FALSE;
  rowid = papers_store_db_library_rowid (db, id, changes, error);
  if (rowid == 0 || !papers_store_db_write_note (db, rowid, text, error) ||
      !papers_store_db_index_paper (db, rowid, FALSE, error))
    {
      papers_db_rollback (db);
      return FALSE;
    }
  papers_store_changes_note (changes->changed, id);
  return papers_db_commit (db, error);
}
