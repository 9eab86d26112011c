/* papers-store-db-sync.c: the sync change log, plain rows the sync layer
 * encrypts and uploads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-store-db-private.h"
#include "papers-store-sync.h"

/* The stamp is the hybrid logical clock's send step: one past the larger
 * of the last row's stamp and the clock as received changes moved it
 * (sync_meta "wall" and "logical"), or the wall clock when that is ahead.
 * A transaction's first row reads those in SQL, inside the writer's
 * transaction; SQLite lets one writer at a time in, so the window and the
 * command line on one library never make the same stamp.  The rows after
 * it in the same transaction follow from the stamp it returned
 * (papers_db_get_stamp()): reading the log's end and the meta again for
 * each row was a quarter of the instructions of importing a paper. */
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
  gint64 now = g_get_real_time () / 1000;
  gint64 last_wall, last_logical;
  sqlite3_stmt *stmt;
  gboolean known, row;

  if (papers_db_get_sync_quiet (db))
    return TRUE;
  known = papers_db_get_stamp (db, &last_wall, &last_logical);
  if (known)
    stmt = papers_db_prepare (db,
                              "INSERT INTO sync_log (wall, logical, op, paper, key, text, flag)"
                              " VALUES (?1, ?8, ?2, coalesce (?3, (SELECT id FROM papers WHERE rowid = ?7)),"
                              "  ?4, ?5, ?6)", error);
  else
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
                              "  WHERE w IS NOT NULL ORDER BY w DESC, l DESC LIMIT 1)"
                              " RETURNING wall, logical", error);
  if (stmt == NULL)
    return FALSE;
  if (known)
    {
      /* (the same step as the statement's) */
      gint64 logical = now > last_wall ? 0 : last_logical + 1;

      last_wall = MAX (now, last_wall);
      last_logical = logical;
      sqlite3_bind_int64 (stmt, 8, last_logical);
    }
  sqlite3_bind_int64 (stmt, 1, known ? last_wall : now);
  papers_db_bind_text (stmt, 2, op);
  papers_db_bind_text (stmt, 3, paper);
  papers_db_bind_text (stmt, 4, key);
  papers_db_bind_text (stmt, 5, text);
  sqlite3_bind_int (stmt, 6, flag ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, rowid);
  if (known)
    {
      if (!papers_db_run (db, stmt, error))
        {
          papers_db_forget_stamp (db);
          return FALSE;
        }
      papers_db_set_stamp (db, last_wall, last_logical);
      return TRUE;
    }
  if (!papers_db_step (db, stmt, &row, error))
    return FALSE;
  if (row)
    {
      last_wall = sqlite3_column_int64 (stmt, 0);
      last_logical = sqlite3_column_int64 (stmt, 1);
    }
  /* (RETURNING's row comes before the insert is done) */
  while (row)
    if (!papers_db_step (db, stmt, &row, error))
      return FALSE;
  sqlite3_reset (stmt);
  papers_db_set_stamp (db, last_wall, last_logical);
  return TRUE;
}

static char *
dup_meta (PapersDb    *db,
          const char  *key,
          GError     **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "SELECT value FROM sync_meta WHERE key = ?", error);
  g_autofree char *value = NULL;
  gboolean row;

  if (stmt == NULL)
    return NULL;
  papers_db_bind_text (stmt, 1, key);
  if (!papers_db_step (db, stmt, &row, error))
    return NULL;
  value = g_strdup (row ? papers_db_column_text (stmt, 0) : "");
  sqlite3_reset (stmt);
  return g_steal_pointer (&value);
}

/* The log after the last row uploaded, a membership's metadata read now */
gboolean
papers_store_db_sync_load (PapersDb            *db,
                           PapersStoreSyncLog  *log,
                           GError             **error)
{
  g_autofree char *device = NULL, *wall = NULL, *logical = NULL, *uploaded = NULL, *state = NULL;
  sqlite3_stmt *stmt;
  gboolean row;

  if ((device = dup_meta (db, "device", error)) == NULL || (wall = dup_meta (db, "wall", error)) == NULL ||
      (logical = dup_meta (db, "logical", error)) == NULL ||
      (uploaded = dup_meta (db, "uploaded", error)) == NULL || (state = dup_meta (db, "state", error)) == NULL)
    return FALSE;
  log->device = device[0] != '\0' ? g_steal_pointer (&device) : NULL;
  log->wall = g_ascii_strtoll (wall, NULL, 10);
  log->logical = (guint32) g_ascii_strtoull (logical, NULL, 10);
  log->state = state[0] != '\0' ? g_bytes_new_take (g_steal_pointer (&state), strlen (state)) : NULL;

  stmt = papers_db_prepare (db, "SELECT seq, wall, logical, op, paper, key,"
                                " CASE WHEN op = 'membership' AND flag THEN"
                                "  (SELECT json_object ('title', title, 'arxiv_id', arxiv_id) FROM papers"
                                "   WHERE id = paper) ELSE text END, flag"
                                " FROM sync_log WHERE seq > ? ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (uploaded, NULL, 10));
  for (;;)
    {
      PapersStoreSyncRow *r;

      if (!papers_db_step (db, stmt, &row, error))
        return FALSE;
      if (!row)
        break;
      r = g_new0 (PapersStoreSyncRow, 1);
      r->seq = sqlite3_column_int64 (stmt, 0);
      r->wall = sqlite3_column_int64 (stmt, 1);
      r->logical = (guint32) sqlite3_column_int64 (stmt, 2);
      r->op = g_strdup (papers_db_column_text (stmt, 3));
      r->paper = g_strdup (papers_db_column_text (stmt, 4));
      r->key = g_strdup (papers_db_column_text (stmt, 5));
      r->text = g_strdup (papers_db_column_text (stmt, 6));
      r->flag = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (log->rows, r);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
set_meta (PapersDb    *db,
          const char  *key,
          const char  *value,
          GError     **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO sync_meta (key, value) VALUES (?, ?)",
                                          error);

  if (stmt == NULL)
    return FALSE;
  /* (the clock may move: the next stamp reads it again) */
  papers_db_forget_stamp (db);
  papers_db_bind_text (stmt, 1, key);
  papers_db_bind_text (stmt, 2, value);
  return papers_db_run (db, stmt, error);
}

/* The tag keys @paper carries now */
static GStrv
dup_tag_keys (PapersDb    *db,
              const char  *paper,
              GError     **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "SELECT t.key FROM paper_tags pt JOIN tags t ON t.id = pt.tag"
                                              " JOIN papers p ON p.rowid = pt.paper WHERE p.id = ?", error);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  gboolean row;

  if (stmt == NULL)
    return NULL;
  papers_db_bind_text (stmt, 1, paper);
  for (;;)
    {
      if (!papers_db_step (db, stmt, &row, error))
        return NULL;
      if (!row)
        break;
      g_strv_builder_add (keys, papers_db_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  return g_strv_builder_end (keys);
}

static gboolean
apply_tags (PapersDb             *db,
            PapersStoreSyncEdit  *edit,
            PapersStoreChanges   *changes,
            GError              **error)
{
  g_auto(GStrv) current = dup_tag_keys (db, edit->paper, error);
  g_autoptr(GPtrArray) add = g_ptr_array_new ();
  g_autoptr(GPtrArray) remove = g_ptr_array_new ();

  if (current == NULL)
    return FALSE;
  for (guint i = 0; edit->tags[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) current, edit->tags[i]))
      g_ptr_array_add (add, edit->tags[i]);
  for (guint i = 0; current[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) edit->tags, current[i]))
      g_ptr_array_add (remove, current[i]);
  if (add->len == 0 && remove->len == 0)
    return TRUE;
  g_ptr_array_add (add, NULL);
  g_ptr_array_add (remove, NULL);
  return papers_store_db_tag_paper (db, edit->paper, (const char * const *) add->pdata,
                                    (const char * const *) remove->pdata, changes, error);
}

/* What the library has of @edit's paper: whether it is in the library,
 * its status, star and note */
typedef struct
{
  gboolean  known;
  gboolean  in_library;
  int       status;
  int       starred;
  char     *note;
} Current;

static gboolean
load_current (PapersDb     *db,
              const char   *paper,
              Current      *current,
              GError      **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "SELECT l.paper IS NOT NULL, coalesce (l.status, 0),"
                                              " coalesce (l.starred, 0),"
                                              " (SELECT text FROM notes WHERE paper = p.rowid)"
                                              " FROM papers p LEFT JOIN library l ON l.paper = p.rowid"
                                              " WHERE p.id = ?", error);
  gboolean row;

  memset (current, 0, sizeof *current);
  if (stmt == NULL)
    return FALSE;
  papers_db_bind_text (stmt, 1, paper);
  if (!papers_db_step (db, stmt, &row, error))
    return FALSE;
  if (row)
    {
      current->known = TRUE;
      current->in_library = sqlite3_column_int (stmt, 0);
      current->status = sqlite3_column_int (stmt, 1);
      current->starred = sqlite3_column_int (stmt, 2);
      current->note = g_strdup (papers_db_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Writes only what differs: a first sync of a big library is mostly
 * papers to add, which go in one upsert before this */
static gboolean
apply_edit (PapersDb             *db,
            PapersStoreSyncEdit  *edit,
            PapersStoreChanges   *changes,
            GError              **error)
{
  Current current;
  g_autofree char *note = NULL;

  if (!load_current (db, edit->paper, &current, error))
    return FALSE;
  note = current.note;

  if (edit->in_library == 0)
    {
      const char *ids[] = { edit->paper, NULL };

      return !current.in_library || papers_store_db_remove (db, ids, changes, error);
    }
  if (!current.in_library)
    return TRUE;
  return (edit->status < 0 || edit->status == current.status ||
          papers_store_db_set_state (db, edit->paper, "status", edit->status, changes, error)) &&
         (edit->starred < 0 || edit->starred == current.starred ||
          papers_store_db_set_state (db, edit->paper, "starred", edit->starred, changes, error)) &&
         (edit->tags == NULL || apply_tags (db, edit, changes, error)) &&
         (edit->note == NULL || g_strcmp0 (edit->note[0] != '\0' ? edit->note : NULL, note) == 0 ||
          papers_store_db_set_note (db, edit->paper, edit->note, changes, error));
}

/* The papers the merge puts in the library that are not there yet, in
 * one upsert */
static gboolean
add_new_papers (PapersDb             *db,
                PapersStoreSyncSave  *save,
                PapersStoreChanges   *changes,
                GError              **error)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < save->edits->len; i++)
    {
      PapersStoreSyncEdit *edit = save->edits->pdata[i];
      Current current;

      if (edit->in_library != 1)
        continue;
      if (!load_current (db, edit->paper, &current, error))
        return FALSE;
      g_free (current.note);
      if (!current.in_library)
        {
          PapersPaper *paper = papers_paper_new (edit->paper);

          papers_paper_set_title (paper, edit->title);
          g_ptr_array_add (papers, paper);
        }
    }
  return papers->len == 0 || papers_store_db_upsert (db, papers, TRUE, changes, error);
}

/* Each paper in a transaction of its own, none logged; what sync keeps
 * last, so that a round cut short is done again, which changes nothing */
gboolean
papers_store_db_sync_save (PapersDb             *db,
                           PapersStoreSyncSave  *save,
                           PapersStoreChanges   *changes,
                           GError              **error)
{
  g_autofree char *wall = g_strdup_printf ("%" G_GINT64_FORMAT, save->wall);
  g_autofree char *logical = g_strdup_printf ("%u", save->logical);
  g_autofree char *uploaded = g_strdup_printf ("%" G_GINT64_FORMAT, save->uploaded);
  g_autofree char *state = NULL;
  gboolean ok = TRUE;

  papers_db_set_sync_quiet (db, TRUE);
  ok = save->edits == NULL || add_new_papers (db, save, changes, error);
  for (guint i = 0; ok && save->edits != NULL && i < save->edits->len; i++)
    {
      ok = apply_edit (db, save->edits->pdata[i], changes, error);
      changes->tags = TRUE;
    }
  papers_db_set_sync_quiet (db, FALSE);
  if (!ok)
    return FALSE;

  if (save->state != NULL)
    state = g_strndup (g_bytes_get_data (save->state, NULL), g_bytes_get_size (save->state));
  if (!papers_db_begin (db, error))
    return FALSE;
  if ((save->device != NULL && !set_meta (db, "device", save->device, error)) ||
      !set_meta (db, "wall", wall, error) || !set_meta (db, "logical", logical, error) ||
      (save->uploaded >= 0 && !set_meta (db, "uploaded", uploaded, error)) ||
      (state != NULL && !set_meta (db, "state", state, error)))
    {
      papers_db_rollback (db);
      return FALSE;
    }
  return papers_db_commit (db, error);
}
