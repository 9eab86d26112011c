/* papers-store-db-pdfs.c: a paper's PDF and its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-db-private.h"

typedef struct
{
  const char *path;
  gint64      size;
  const char *sha256;
} PdfWrite;

static gboolean
write_pdf (PapersDb       *db,
           gint64          rowid,
           gconstpointer   data,
           GError        **error)
{
  const PdfWrite *pdf = data;
  sqlite3_stmt *stmt;

  if (pdf->path == NULL)
    stmt = papers_db_prepare (db, "DELETE FROM pdfs WHERE paper = ?", error);
  else
    stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO pdfs (paper, path, size, sha256)"
                                  " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (pdf->path != NULL)
    {
      papers_db_bind_text (stmt, 2, pdf->path);
      sqlite3_bind_int64 (stmt, 3, pdf->size);
      papers_db_bind_text (stmt, 4, pdf->sha256);
    }
  return papers_db_run (db, stmt, error);
}

gboolean
papers_store_db_set_pdf (PapersDb            *db,
                         const char          *id,
                         const char          *path,
                         gint64               size,
                         const char          *sha256,
                         PapersStoreChanges  *changes,
                         GError             **error)
{
  PdfWrite pdf = { path, size, sha256 };

  return papers_store_db_edit_paper (db, id, write_pdf, &pdf, changes, error);
}

static gboolean
write_pdf_text (PapersDb       *db,
                gint64          rowid,
                gconstpointer   data,
                GError        **error)
{
  const char *text = data;
  sqlite3_stmt *stmt;

  if (text == NULL || text[0] == '\0')
    stmt = papers_db_prepare (db, "DELETE FROM pdf_texts WHERE paper = ?", error);
  else
    stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO pdf_texts (paper, text) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (text != NULL && text[0] != '\0')
    papers_db_bind_text (stmt, 2, text);
  return papers_db_run (db, stmt, error);
}

/* Any paper the store knows, in the library or not; nothing announced */
gboolean
papers_store_db_set_pdf_text (PapersDb            *db,
                              const char          *id,
                              const char          *text,
                              GError             **error)
{
  return papers_store_db_edit_paper (db, id, write_pdf_text, text, NULL, error);
}
