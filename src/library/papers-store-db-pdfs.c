/* papers-store-db-pdfs.c: a paper's PDF and its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-db-private.h"

gboolean
papers_store_db_set_pdf (PapersDb            *db,
                         const char          *id,
                         const char          *path,
                         gint64               size,
                         const char          *sha256,
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
  if (path == NULL)
    stmt = papers_db_prepare (db, "DELETE FROM pdfs WHERE paper = ?", error);
  else
    stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO pdfs (paper, path, size, sha256)"
                                  " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (path != NULL)
    {
      papers_db_bind_text (stmt, 2, path);
      sqlite3_bind_int64 (stmt, 3, size);
      papers_db_bind_text (stmt, 4, sha256);
    }
  if (!papers_db_run (db, stmt, error) || !papers_store_db_index_paper (db, rowid, FALSE, error))
    goto fail;
  papers_store_changes_note (changes->changed, id);
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}

gboolean
papers_store_db_set_pdf_text (PapersDb            *db,
                              const char          *id,
                              const char          *text,
                              GError             **error)
{
  sqlite3_stmt *stmt;
  gint64 rowid;

  if (!papers_db_begin (db, error))
    return FALSE;
  rowid = papers_store_db_lookup (db, id, error);
  if (rowid <= 0)
    goto fail;
  if (text == NULL || text[0] == '\0')
    stmt = papers_db_prepare (db, "DELETE FROM pdf_texts WHERE paper = ?", error);
  else
    stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO pdf_texts (paper, text) VALUES (?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (text != NULL && text[0] != '\0')
    papers_db_bind_text (stmt, 2, text);
  if (!papers_db_run (db, stmt, error) || !papers_store_db_index_paper (db, rowid, FALSE, error))
    goto fail;
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}
