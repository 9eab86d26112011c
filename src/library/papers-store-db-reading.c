/* papers-store-db-reading.c: what the reader keeps: reading positions
 * and annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "papers-store-db-private.h"

gboolean
papers_store_db_get_position (PapersDb    *db,
                              const char  *id,
                              int         *page,
                              double      *offset,
                              double      *zoom,
                              GError     **error)
{
  gint64 rowid = papers_store_db_lookup (db, id, error);
  sqlite3_stmt *stmt;
  gboolean row;

  if (rowid <= 0)
    return FALSE;
  stmt = papers_db_prepare (db, "SELECT page, offset, zoom FROM reading_positions WHERE paper = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (!papers_db_step (db, stmt, &row, error))
    return FALSE;
  if (!row)
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
                   _("“%s” was never opened"), id);
      return FALSE;
    }
  *page = sqlite3_column_int (stmt, 0);
  *offset = sqlite3_column_double (stmt, 1);
  *zoom = sqlite3_column_double (stmt, 2);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
papers_store_db_set_position (PapersDb    *db,
                              const char  *id,
                              int          page,
                              double       offset,
                              double       zoom,
                              GError     **error)
{
  gint64 rowid;
  sqlite3_stmt *stmt;
  char offset_text[G_ASCII_DTOSTR_BUF_SIZE], zoom_text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *position = NULL;

  if (!papers_db_begin (db, error))
    return FALSE;
  rowid = papers_store_db_lookup (db, id, error);
  if (rowid <= 0)
    goto fail;
  stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO reading_positions (paper, page, offset, zoom, updated)"
                                " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_int (stmt, 2, page);
  sqlite3_bind_double (stmt, 3, offset);
  sqlite3_bind_double (stmt, 4, zoom);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  /* For sync: "PAGE OFFSET ZOOM", numbers in the C locale */
  position = g_strdup_printf ("%d %s %s", page, g_ascii_dtostr (offset_text, sizeof offset_text, offset),
                              g_ascii_dtostr (zoom_text, sizeof zoom_text, zoom));
  if (!papers_db_run (db, stmt, error) ||
      !papers_store_db_log (db, "position", id, 0, NULL, position, FALSE, error))
    goto fail;
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}

/* Adds @seconds (at most a day at once: a clock that jumped says nothing
 * of reading) to the time @id was read */
gboolean
papers_store_db_add_reading_time (PapersDb    *db,
                                  const char  *id,
                                  double       seconds,
                                  GError     **error)
{
  gint64 rowid;
  sqlite3_stmt *stmt;

  if (!isfinite (seconds) || seconds < 0.0)
    {
      g_set_error_literal (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID,
                           _("A reading time must be a number of seconds"));
      return FALSE;
    }
  rowid = papers_store_db_lookup (db, id, error);
  if (rowid <= 0)
    return FALSE;
  stmt = papers_db_prepare (db, "INSERT INTO reading_time (paper, seconds) VALUES (?1, ?2)"
                                " ON CONFLICT (paper) DO UPDATE SET seconds = seconds + ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_double (stmt, 2, MIN (seconds, 86400.0));
  return papers_db_run (db, stmt, error);
}

static char *
rects_to_text (PapersAnnotation *annotation)
{
  guint n;
  const double *coords = papers_annotation_get_rects (annotation, &n);
  g_autoptr(GString) out = g_string_new (NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < n * 4; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, g_ascii_dtostr (buf, sizeof buf, coords[i]));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
rects_from_text (PapersAnnotation *annotation,
                 const char       *text)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", " ", -1);
  g_autoptr(GArray) coords = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      {
        double value = g_ascii_strtod (parts[i], NULL);
        g_array_append_val (coords, value);
      }
  papers_annotation_set_rects (annotation, (const double *) (gpointer) coords->data, coords->len / 4);
}

GListModel *
papers_store_db_list_annotations (PapersDb    *db,
                                  const char  *id,
                                  GError     **error)
{
  g_autoptr(GListStore) list = g_list_store_new (PAPERS_TYPE_ANNOTATION);
  gint64 rowid = papers_store_db_lookup (db, id, error);
  sqlite3_stmt *stmt;
  gboolean row;

  if (rowid <= 0)
    return NULL;
  stmt = papers_db_prepare (db, "SELECT id, page, type, color, rects, text, comment, created, updated"
                                " FROM annotations WHERE paper = ? ORDER BY page, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  for (;;)
    {
      g_autoptr(PapersAnnotation) annotation = NULL;
      g_autoptr(GDateTime) created = NULL;
      g_autoptr(GDateTime) updated = NULL;

      if (!papers_db_step (db, stmt, &row, error))
        return NULL;
      if (!row)
        break;
      annotation = papers_annotation_new (id, sqlite3_column_int (stmt, 1), papers_db_column_text (stmt, 2));
      papers_annotation_set_id (annotation, sqlite3_column_int64 (stmt, 0));
      papers_annotation_set_color (annotation, papers_db_column_text (stmt, 3));
      rects_from_text (annotation, papers_db_column_text (stmt, 4));
      papers_annotation_set_text (annotation, papers_db_column_text (stmt, 5));
      papers_annotation_set_comment (annotation, papers_db_column_text (stmt, 6));
      created = papers_db_column_date (stmt, 7);
      updated = papers_db_column_date (stmt, 8);
      papers_annotation_set_created (annotation, created);
      papers_annotation_set_updated (annotation, updated);
      g_list_store_append (list, annotation);
    }
  sqlite3_reset (stmt);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

/* An annotation's sync key, made on its first save: rowids differ on
 * every device */
static char *
annotation_sync_key (PapersDb     *db,
                     gint64        annotation_id,
                     GError      **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "UPDATE annotations SET sync_key ="
                                              " coalesce (sync_key, lower (hex (randomblob (16))))"
                                              " WHERE id = ? RETURNING sync_key", error);
  g_autofree char *key = NULL;
  gboolean row;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, annotation_id);
  if (!papers_db_step (db, stmt, &row, error))
    return NULL;
  if (row)
    key = g_strdup (papers_db_column_text (stmt, 0));
  if (!papers_db_run (db, stmt, error))
    return NULL;
  return g_steal_pointer (&key);
}

/* The annotation as sync carries it, its row as a JSON object, or its
 * deletion */
static gboolean
log_annotation (PapersDb     *db,
                const char   *paper,
                gint64        annotation_id,
                gboolean      deleted,
                GError      **error)
{
  g_autofree char *key = NULL;
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;
  gboolean row;

  if (papers_db_get_sync_quiet (db))
    return TRUE;
  if ((key = annotation_sync_key (db, annotation_id, error)) == NULL)
    return FALSE;
  if (deleted)
    return papers_store_db_log (db, "annotation-delete", paper, 0, key, NULL, FALSE, error);
  stmt = papers_db_prepare (db, "SELECT json_object ('page', page, 'type', type, 'color', color,"
                                " 'rects', rects, 'text', text, 'comment', comment, 'created', created,"
                                " 'updated', updated) FROM annotations WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, annotation_id);
  if (!papers_db_step (db, stmt, &row, error))
    return FALSE;
  json = row ? g_strdup (papers_db_column_text (stmt, 0)) : NULL;
  sqlite3_reset (stmt);
  return papers_store_db_log (db, "annotation", paper, 0, key, json, FALSE, error);
}

gboolean
papers_store_db_save_annotation (PapersDb            *db,
                                 PapersAnnotation    *annotation,
                                 gboolean             add,
                                 PapersStoreChanges  *changes,
                                 GError             **error)
{
  const char *id = papers_annotation_get_paper_id (annotation);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *rects = rects_to_text (annotation);
  const char *color = papers_annotation_get_color (annotation);
  sqlite3_stmt *stmt;
  gint64 rowid;

  if (!papers_annotation_type_is_valid (papers_annotation_get_annotation_type (annotation)) ||
      (color != NULL && !papers_tag_color_is_valid (color)))
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID,
                   _("An annotation needs a type (highlight, underline, strikeout, squiggly, note) "
                     "and a color like #f6d32d"));
      return FALSE;
    }

  if (!papers_db_begin (db, error))
    return FALSE;
  rowid = papers_store_db_library_rowid (db, id, changes, error);
  if (rowid == 0)
    goto fail;

  if (add)
    stmt = papers_db_prepare (db, "INSERT INTO annotations (paper, page, type, color, rects, text,"
                                  " comment, created, updated, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                              error);
  else
    stmt = papers_db_prepare (db, "UPDATE annotations SET paper = ?, page = ?, type = ?, color = ?,"
                                  " rects = ?, text = ?, comment = ?, created = coalesce (?, created),"
                                  " updated = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_int (stmt, 2, papers_annotation_get_page (annotation));
  papers_db_bind_text (stmt, 3, papers_annotation_get_annotation_type (annotation));
  papers_db_bind_text (stmt, 4, color);
  papers_db_bind_text (stmt, 5, rects);
  papers_db_bind_text (stmt, 6, papers_annotation_get_text (annotation));
  papers_db_bind_text (stmt, 7, papers_annotation_get_comment (annotation));
  papers_db_bind_date (stmt, 8, add ? now : papers_annotation_get_created (annotation));
  papers_db_bind_date (stmt, 9, now);
  if (!add)
    sqlite3_bind_int64 (stmt, 10, papers_annotation_get_id (annotation));
  if (!papers_db_run (db, stmt, error))
    goto fail;

  if (!add && sqlite3_changes (papers_db_get_handle (db)) == 0)
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
                   _("The annotation no longer exists"));
      goto fail;
    }
  if (add)
    papers_annotation_set_id (annotation, sqlite3_last_insert_rowid (papers_db_get_handle (db)));
  if (!log_annotation (db, id, papers_annotation_get_id (annotation), FALSE, error) ||
      !papers_store_db_index_paper (db, rowid, FALSE, error))
    goto fail;
  if (!papers_db_commit (db, error))
    return FALSE;

  if (add)
    papers_annotation_set_created (annotation, now);
  papers_annotation_set_updated (annotation, now);
  papers_store_changes_note (changes->annotations, id);
  return TRUE;

fail:
  papers_db_rollback (db);
  return FALSE;
}

gboolean
papers_store_db_remove_annotation (PapersDb            *db,
                                   gint64               annotation_id,
                                   PapersStoreChanges  *changes,
                                   GError             **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *id = NULL;
  gint64 rowid = 0;
  gboolean row;

  if (!papers_db_begin (db, error))
    return FALSE;
  stmt = papers_db_prepare (db, "SELECT a.paper, p.id FROM annotations a JOIN papers p ON p.rowid = a.paper"
                                " WHERE a.id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, annotation_id);
  if (!papers_db_step (db, stmt, &row, error))
    goto fail;
  if (!row)
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
                   _("The annotation no longer exists"));
      goto fail;
    }
  rowid = sqlite3_column_int64 (stmt, 0);
  id = g_strdup (papers_db_column_text (stmt, 1));
  sqlite3_reset (stmt);

  if (!log_annotation (db, id, annotation_id, TRUE, error) ||
      !papers_store_db_exec_bound (db, "DELETE FROM annotations WHERE id = ?", annotation_id, 0, error) ||
      !papers_store_db_index_paper (db, rowid, FALSE, error))
    goto fail;
  papers_store_changes_note (changes->annotations, id);
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}
