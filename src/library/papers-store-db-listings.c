/* papers-store-db-listings.c: the sources' cached listings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-store-db-private.h"

gboolean
papers_store_db_save_listing (PapersDb     *db,
                              const char   *source,
                              const char   *key,
                              const char   *etag,
                              const char   *last_modified,
                              GPtrArray    *papers,
                              PapersStoreChanges *changes,
                              GError      **error)
{
  g_autoptr(GHashTable) to_index = papers_store_db_to_index_new ();
  sqlite3_stmt *stmt;
  gint64 listing;

  if (!papers_db_begin (db, error))
    return FALSE;

  stmt = papers_db_prepare (db, "INSERT INTO listings (source, key, fetched, etag, last_modified)"
                                " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (source, key) DO UPDATE"
                                " SET fetched = ?3, etag = ?4, last_modified = ?5"
                                " RETURNING id", error);
  if (stmt == NULL)
    goto fail;
  papers_db_bind_text (stmt, 1, source);
  papers_db_bind_text (stmt, 2, key);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  papers_db_bind_text (stmt, 4, etag);
  papers_db_bind_text (stmt, 5, last_modified);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      papers_db_set_error (db, sqlite3_reset (stmt), error);
      goto fail;
    }
  listing = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (!papers_store_db_exec_bound (db, "DELETE FROM listing_items WHERE listing = ?", listing, 0, error))
    goto fail;

  for (guint i = 0; papers != NULL && i < papers->len; i++)
    {
      gint64 rowid;

      if (!papers_store_db_upsert_one (db, papers->pdata[i], FALSE, NULL, changes, to_index, &rowid, error))
        goto fail;
      stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO listing_items (listing, position, paper)"
                                    " VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, listing);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_int64 (stmt, 3, rowid);
      if (!papers_db_run (db, stmt, error))
        goto fail;
    }

  if (!papers_store_db_to_index_run (db, to_index, error))
    goto fail;
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}

PapersCachedListing *
papers_store_db_load_listing (PapersDb    *db,
                              const char  *source,
                              const char  *key,
                              GError     **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GDateTime) fetched = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *last_modified = NULL;
  sqlite3_stmt *stmt;
  gint64 listing;
  gboolean row;

  stmt = papers_db_prepare (db, "SELECT id, fetched, etag, last_modified FROM listings"
                                " WHERE source = ? AND key = ?", error);
  if (stmt == NULL)
    return NULL;
  papers_db_bind_text (stmt, 1, source);
  papers_db_bind_text (stmt, 2, key);
  if (!papers_db_step (db, stmt, &row, error))
    return NULL;
  if (!row)
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
                   _("The listing was never saved"));
      return NULL;
    }
  listing = sqlite3_column_int64 (stmt, 0);
  fetched = papers_db_column_date (stmt, 1);
  etag = g_strdup (papers_db_column_text (stmt, 2));
  last_modified = g_strdup (papers_db_column_text (stmt, 3));
  sqlite3_reset (stmt);

  stmt = papers_db_prepare (db, "SELECT paper FROM listing_items WHERE listing = ? ORDER BY position",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, listing);
  for (;;)
    {
      gint64 rowid;

      if (!papers_db_step (db, stmt, &row, error))
        return NULL;
      if (!row)
        break;
      rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);

  papers = papers_store_db_load (db, rowids, error);
  if (papers == NULL)
    return NULL;
  return papers_cached_listing_new (source, key, papers, fetched, etag, last_modified);
}
