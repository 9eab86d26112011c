/* papers-store-db-sync.c: the sync change log, plain rows the sync layer
 * encrypts and uploads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-db-private.h"

/* The stamp is the hybrid logical clock's send step done in SQL, inside
 * the writer's transaction: one past the larger of the last row's stamp
 * and the clock as received changes moved it (sync_meta "wall" and
 * "logical"), or the wall clock when that is ahead.  SQLite lets one
 * writer at a time in, so the window and the command line on one library
 * never make the same stamp. */
gboolean
papers_store_db_log (PapersDb    *db,
                     const char  *op,
                     const char  *paper,
                     gint64       rowid,
                     const char  *key,
                     const char  *text,
                     gboolean     flag,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  if (papers_db_get_sync_quiet (db))
    return TRUE;
  stmt = papers_db_prepare (db,
                            "INSERT INTO sync_log (wall, logical, op, paper, key, text, flag)"
                            " SELECT max (?1, w), CASE WHEN ?1 > w THEN 0 ELSE l + 1 END,"
                            "  ?2, coalesce (?3, (SELECT id FROM papers WHERE rowid = ?7)), ?4, ?5, ?6"
                            " FROM (SELECT w, l FROM"
                            "  (SELECT wall AS w, logical AS l FROM sync_log"
                            "    WHERE seq = (SELECT max (seq) FROM sync_log)"
                            "   UNION ALL SELECT (SELECT value FROM sync_meta WHERE key = 'wall'),"
                            "    (SELECT value FROM sync_meta WHERE key = 'logical')"
                            "   UNION ALL SELECT 0, 0)"
                            "  WHERE w IS NOT NULL ORDER BY w DESC, l DESC LIMIT 1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / 1000);
  papers_db_bind_text (stmt, 2, op);
  papers_db_bind_text (stmt, 3, paper);
  papers_db_bind_text (stmt, 4, key);
  papers_db_bind_text (stmt, 5, text);
  sqlite3_bind_int (stmt, 6, flag ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, rowid);
  return papers_db_run (db, stmt, error);
}
