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

  if (!papers_store_db_log (db, "note", NULL, rowid, NULL, text != NULL ? text : "", FALSE, error))
    return FALSE;
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

typedef struct
{
  const char *column;
  int         value;
} StateWrite;

static gboolean
write_state (PapersDb       *db,
             gint64          rowid,
             gconstpointer   data,
             GError        **error)
{
  const StateWrite *state = data;
  /* The column is one of our constants, never user text. */
  sqlite3_stmt *stmt = papers_db_prepare (db, g_str_equal (state->column, "status")
                                                ? "UPDATE library SET status = ? WHERE paper = ?"
                                                : "UPDATE library SET starred = ? WHERE paper = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, state->value);
  sqlite3_bind_int64 (stmt, 2, rowid);
  if (!papers_db_run (db, stmt, error))
    return FALSE;
  if (g_str_equal (state->column, "status"))
    return papers_store_db_log (db, "status", NULL, rowid, NULL,
                                papers_read_status_to_string (state->value), FALSE, error);
  return papers_store_db_log (db, "star", NULL, rowid, NULL, NULL, state->value != 0, error);
}

gboolean
papers_store_db_set_state (PapersDb            *db,
                           const char          *id,
                           const char          *column,
                           int                  value,
                           PapersStoreChanges  *changes,
                           GError             **error)
{
  StateWrite state = { column, value };

  return papers_store_db_edit_paper (db, id, write_state, &state, changes, error);
}

static gboolean
write_note (PapersDb       *db,
            gint64          rowid,
            gconstpointer   data,
            GError        **error)
{
  return papers_store_db_write_note (db, rowid, data, error);
}

gboolean
papers_store_db_set_note (PapersDb            *db,
                          const char          *id,
                          const char          *text,
                          PapersStoreChanges  *changes,
                          GError             **error)
{
  return papers_store_db_edit_paper (db, id, write_note, text, changes, error);
}
