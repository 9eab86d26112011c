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
    {
      /* A forgotten PDF takes its text out of the search with it */
      if (!papers_store_db_exec_bound (db, "DELETE FROM pdf_texts WHERE paper = ?", rowid, 0, error))
        return FALSE;
      stmt = papers_db_prepare (db, "DELETE FROM pdfs WHERE paper = ?", error);
    }
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

typedef struct
{
  const char *text;
  gint64      size;
  gint64      mtime;
  const char *sha256;
} PdfPagesWrite;

static gboolean
write_pdf_pages (PapersDb       *db,
                 gint64          rowid,
                 gconstpointer   data,
                 GError        **error)
{
  const PdfPagesWrite *pages = data;
  sqlite3_stmt *stmt;

  /* Kept even when empty: a scan read once is not read again */
  stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO pdf_texts (paper, text, size, mtime, sha256)"
                                " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  papers_db_bind_text (stmt, 2, pages->text != NULL ? pages->text : "");
  sqlite3_bind_int64 (stmt, 3, pages->size);
  sqlite3_bind_int64 (stmt, 4, pages->mtime);
  papers_db_bind_text (stmt, 5, pages->sha256);
  return papers_db_run (db, stmt, error);
}

/* The pages' text joined by form feeds, with what it was read from */
gboolean
papers_store_db_set_pdf_pages (PapersDb            *db,
                               const char          *id,
                               const char          *text,
                               gint64               size,
                               gint64               mtime,
                               const char          *sha256,
                               GError             **error)
{
  PdfPagesWrite pages = { text, size, mtime, sha256 };

  return papers_store_db_edit_paper (db, id, write_pdf_pages, &pages, NULL, error);
}

/* Every PDF of the library (or @id's), with the stamp of its text */
GPtrArray *
papers_store_db_list_pdf_texts (PapersDb    *db,
                                const char  *id,
                                GError     **error)
{
  g_autoptr(GPtrArray) stamps = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_pdf_text_stamp_free);
  sqlite3_stmt *stmt;
  gboolean row;

  stmt = papers_db_prepare (db, "SELECT p.id, f.path, f.size, f.sha256, t.paper IS NOT NULL,"
                                " t.size, t.mtime, t.sha256"
                                " FROM pdfs f JOIN papers p ON p.rowid = f.paper"
                                " JOIN library l ON l.paper = f.paper"
                                " LEFT JOIN pdf_texts t ON t.paper = f.paper"
                                " WHERE ?1 IS NULL OR p.id = ?1 ORDER BY f.paper DESC", error);
  if (stmt == NULL)
    return NULL;
  papers_db_bind_text (stmt, 1, id);
  for (;;)
    {
      PapersPdfTextStamp *stamp;

      if (!papers_db_step (db, stmt, &row, error))
        return NULL;
      if (!row)
        break;
      stamp = g_new0 (PapersPdfTextStamp, 1);
      stamp->id = g_strdup (papers_db_column_text (stmt, 0));
      stamp->path = g_strdup (papers_db_column_text (stmt, 1));
      stamp->size = sqlite3_column_int64 (stmt, 2);
      stamp->sha256 = g_strdup (papers_db_column_text (stmt, 3));
      stamp->indexed = sqlite3_column_int (stmt, 4) != 0;
      stamp->indexed_size = sqlite3_column_int64 (stmt, 5);
      stamp->indexed_mtime = sqlite3_column_int64 (stmt, 6);
      stamp->indexed_sha256 = g_strdup (papers_db_column_text (stmt, 7));
      g_ptr_array_add (stamps, stamp);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&stamps);
}
