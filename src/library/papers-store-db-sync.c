/* papers-store-db-sync.c: the sync change log, plain rows the sync layer
 * encrypts and uploads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "papers-annotation.h"
#include "papers-library-enums.h"
#include "papers-store-db-private.h"
#include "papers-store-sync.h"

/* The stamp is the hybrid logical clock's send step: one past the larger
 * of the last row's stamp and the clock as received changes moved it
 * (sync_meta "wall" and "logical"), or the wall clock when that is ahead.
 * (sync_meta keeps them as text, which SQL sorts above any number: read
 * as such, a "wall" of 0 made the stamp 0.)  A transaction's first row
 * reads those in SQL, inside the writer's transaction; SQLite lets one
 * writer at a time in, so the window and the
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
                              "   UNION ALL SELECT CAST ((SELECT value FROM sync_meta WHERE key = 'wall') AS INTEGER),"
                              "    CAST ((SELECT value FROM sync_meta WHERE key = 'logical') AS INTEGER)"
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
  g_autofree char *applied = NULL, *gen = NULL;
  sqlite3_stmt *stmt;
  gboolean row;

  if ((gen = dup_meta (db, "state_gen", error)) == NULL)
    return FALSE;
  log->state_gen = gen[0] != '\0' ? g_steal_pointer (&gen) : NULL;
  if ((device = dup_meta (db, "device", error)) == NULL || (wall = dup_meta (db, "wall", error)) == NULL ||
      (logical = dup_meta (db, "logical", error)) == NULL ||
      (uploaded = dup_meta (db, "uploaded", error)) == NULL || (state = dup_meta (db, "state", error)) == NULL ||
      (applied = dup_meta (db, "applied", error)) == NULL)
    return FALSE;
  log->applied = (int) CLAMP (g_ascii_strtoll (applied, NULL, 10), 0, G_MAXINT);
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

/* The merged state's entries: "state:KEY" rows of sync_meta, so the
 * state is updated where it changed rather than written whole */
#define STATE_PREFIX "state:"
#define STATE_END "state;"

gboolean
papers_store_db_sync_load_state (PapersDb   *db,
                                 GPtrArray  *entries,
                                 GError    **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "SELECT value FROM sync_meta WHERE key > ? AND key < ?", error);
  gboolean row;

  if (stmt == NULL)
    return FALSE;
  papers_db_bind_text (stmt, 1, STATE_PREFIX);
  papers_db_bind_text (stmt, 2, STATE_END);
  for (;;)
    {
      if (!papers_db_step (db, stmt, &row, error))
        return FALSE;
      if (!row)
        break;
      g_ptr_array_add (entries, g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0)));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean set_meta (PapersDb    *db,
                          const char  *key,
                          const char  *value,
                          GError     **error);

static gboolean
save_state_entries (PapersDb             *db,
                    PapersStoreSyncSave  *save,
                    GError              **error)
{
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key, value;

  if (save->state_reset)
    {
      if ((stmt = papers_db_prepare (db, "DELETE FROM sync_meta WHERE key > ? AND key < ?", error)) == NULL)
        return FALSE;
      papers_db_bind_text (stmt, 1, STATE_PREFIX);
      papers_db_bind_text (stmt, 2, STATE_END);
      if (!papers_db_run (db, stmt, error))
        return FALSE;
    }
  g_hash_table_iter_init (&iter, save->state_entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_strconcat (STATE_PREFIX, key, NULL);

      if (value == NULL)
        {
          if ((stmt = papers_db_prepare (db, "DELETE FROM sync_meta WHERE key = ?", error)) == NULL)
            return FALSE;
          papers_db_bind_text (stmt, 1, name);
        }
      else
        {
          stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO sync_meta (key, value) VALUES (?, ?)", error);
          if (stmt == NULL)
            return FALSE;
          papers_db_bind_text (stmt, 1, name);
          sqlite3_bind_text (stmt, 2, g_bytes_get_data (value, NULL), (int) g_bytes_get_size (value),
                             SQLITE_TRANSIENT);
        }
      if (!papers_db_run (db, stmt, error))
        return FALSE;
    }
  /* The state is kept entry by entry from now on: the whole one an older
   * sync kept is no longer read */
  return set_meta (db, "state", "", error) && set_meta (db, "state_gen", save->state_gen, error);
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

/* The paper's row, made bare (an id, no library entry) when this library
 * never saw it: what it keeps of another device's paper is recoverable,
 * and shows when the paper comes back.  Returns: its rowid, 0 with @error */
static gint64
ensure_paper_row (PapersDb             *db,
                  const char           *id,
                  PapersStoreChanges   *changes,
                  GError              **error)
{
  gint64 rowid = papers_store_db_lookup_by (db, "SELECT rowid FROM papers WHERE id = ?", id, error);
  g_autoptr(GPtrArray) papers = NULL;

  if (rowid != 0)
    return rowid > 0 ? rowid : 0;
  papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (papers, papers_paper_new (id));
  if (!papers_store_db_upsert (db, papers, FALSE, changes, error))
    return 0;
  return papers_store_db_lookup (db, id, error);
}

static gboolean
apply_dismissed (PapersDb             *db,
                 PapersStoreSyncEdit  *edit,
                 GError              **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, edit->dismissed
                                              ? "INSERT OR IGNORE INTO dismissed (id, dismissed) VALUES (?, ?)"
                                              : "DELETE FROM dismissed WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  papers_db_bind_text (stmt, 1, edit->paper);
  if (edit->dismissed)
    sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  return papers_db_run (db, stmt, error);
}

/* "PAGE OFFSET ZOOM" as papers_store_db_set_position() logs it; anything
 * else is left alone (a newer Papers may say more) */
static gboolean
apply_position (PapersDb             *db,
                gint64                rowid,
                const char           *position,
                GError              **error)
{
  g_auto(GStrv) parts = g_strsplit (position, " ", -1);
  gint64 page;
  double offset, zoom;
  char *end;
  sqlite3_stmt *stmt;

  if (g_strv_length (parts) != 3 || !g_ascii_string_to_signed (parts[0], 10, 0, G_MAXINT, &page, NULL))
    return TRUE;
  offset = g_ascii_strtod (parts[1], &end);
  if (*end != '\0' || end == parts[1] || !isfinite (offset))
    return TRUE;
  zoom = g_ascii_strtod (parts[2], &end);
  if (*end != '\0' || end == parts[2] || !isfinite (zoom))
    return TRUE;
  stmt = papers_db_prepare (db, "INSERT INTO reading_positions (paper, page, offset, zoom, updated)"
                                " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (paper) DO UPDATE"
                                " SET page = ?2, offset = ?3, zoom = ?4, updated = ?5"
                                " WHERE page != ?2 OR offset != ?3 OR zoom != ?4", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_int64 (stmt, 2, page);
  sqlite3_bind_double (stmt, 3, offset);
  sqlite3_bind_double (stmt, 4, zoom);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  return papers_db_run (db, stmt, error);
}

/* A text member or null; FALSE for anything else */
static gboolean
json_text (JsonObject  *object,
           const char  *name,
           const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
json_int (JsonObject *object,
          const char *name,
          gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/* One annotation as another device's log row has it (log_annotation()'s
 * JSON), by its sync key; one that does not parse as such is left alone,
 * as the annotation's own save would refuse it */
static gboolean
apply_annotation (PapersDb             *db,
                  gint64                rowid,
                  PapersStoreSyncItem  *item,
                  GError              **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  const char *type, *color, *rects, *text, *comment;
  gint64 page, created, updated;
  sqlite3_stmt *stmt;

  if (item->text == NULL)
    {
      stmt = papers_db_prepare (db, "DELETE FROM annotations WHERE sync_key = ?", error);
      if (stmt == NULL)
        return FALSE;
      papers_db_bind_text (stmt, 1, item->key);
      return papers_db_run (db, stmt, error);
    }
  node = json_from_string (item->text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  object = json_node_get_object (node);
  if (!json_int (object, "page", &page) || page < 0 || page > G_MAXINT ||
      !json_text (object, "type", &type) || !papers_annotation_type_is_valid (type) ||
      !json_text (object, "color", &color) || (color != NULL && !papers_tag_color_is_valid (color)) ||
      !json_text (object, "rects", &rects) || !json_text (object, "text", &text) ||
      !json_text (object, "comment", &comment) || !json_int (object, "created", &created) ||
      !json_int (object, "updated", &updated))
    return TRUE;
  stmt = papers_db_prepare (db, "INSERT INTO annotations (paper, page, type, color, rects, text, comment,"
                                " created, updated, sync_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                                " ON CONFLICT (sync_key) DO UPDATE SET paper = ?1, page = ?2, type = ?3,"
                                " color = ?4, rects = ?5, text = ?6, comment = ?7, created = ?8, updated = ?9",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_int64 (stmt, 2, page);
  papers_db_bind_text (stmt, 3, type);
  papers_db_bind_text (stmt, 4, color);
  papers_db_bind_text (stmt, 5, rects);
  papers_db_bind_text (stmt, 6, text);
  papers_db_bind_text (stmt, 7, comment);
  sqlite3_bind_int64 (stmt, 8, created);
  sqlite3_bind_int64 (stmt, 9, updated);
  papers_db_bind_text (stmt, 10, item->key);
  return papers_db_run (db, stmt, error);
}

/* What is kept of the paper whether or not it is in the library: its
 * position and annotations, on its row (made bare if need be), in one
 * transaction with its search row */
static gboolean
apply_reading (PapersDb             *db,
               PapersStoreSyncEdit  *edit,
               gboolean              in_library,
               PapersStoreChanges   *changes,
               GError              **error)
{
  gint64 rowid;

  if (edit->position == NULL && (edit->annotations == NULL || edit->annotations->len == 0))
    return TRUE;
  if ((rowid = ensure_paper_row (db, edit->paper, changes, error)) == 0)
    return FALSE;
  if (!papers_db_begin (db, error))
    return FALSE;
  if (edit->position != NULL && !apply_position (db, rowid, edit->position, error))
    goto fail;
  for (guint i = 0; edit->annotations != NULL && i < edit->annotations->len; i++)
    if (!apply_annotation (db, rowid, edit->annotations->pdata[i], error))
      goto fail;
  if (edit->annotations != NULL && edit->annotations->len > 0)
    {
      if (in_library && !papers_store_db_index_paper (db, rowid, FALSE, error))
        goto fail;
      papers_store_changes_note (changes->annotations, edit->paper);
    }
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
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
  gboolean in_library;

  if (!load_current (db, edit->paper, &current, error))
    return FALSE;
  note = current.note;
  in_library = current.in_library;

  if (edit->dismissed >= 0 && !apply_dismissed (db, edit, error))
    return FALSE;
  if (edit->in_library == 0 && current.in_library)
    {
      const char *ids[] = { edit->paper, NULL };

      /* (which takes its annotations with it: the edit brings back those
       * the merge keeps) */
      if (!papers_store_db_remove (db, ids, changes, error))
        return FALSE;
      in_library = FALSE;
    }
  else if (current.in_library &&
           !((edit->status < 0 || edit->status == current.status ||
              papers_store_db_set_state (db, edit->paper, "status", edit->status, changes, error)) &&
             (edit->starred < 0 || edit->starred == current.starred ||
              papers_store_db_set_state (db, edit->paper, "starred", edit->starred, changes, error)) &&
             (edit->tags == NULL || apply_tags (db, edit, changes, error)) &&
             (edit->note == NULL || g_strcmp0 (edit->note[0] != '\0' ? edit->note : NULL, note) == 0 ||
              papers_store_db_set_note (db, edit->paper, edit->note, changes, error))))
    return FALSE;
  return apply_reading (db, edit, in_library, changes, error);
}

/* "KIND:KEY" followed (with its value as written) or not */
static gboolean
apply_follow (PapersDb             *db,
              PapersStoreSyncItem  *item,
              GError              **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PAPERS_TYPE_FOLLOW_KIND);
  const char *colon = strchr (item->key, ':');
  g_autofree char *kind = colon != NULL ? g_strndup (item->key, colon - item->key) : NULL;
  sqlite3_stmt *stmt;

  /* A kind this Papers does not know is a newer one's */
  if (kind == NULL || colon[1] == '\0' || g_enum_get_value_by_nick (klass, kind) == NULL)
    return TRUE;
  if (item->flag)
    stmt = papers_db_prepare (db, "INSERT INTO follows (kind, key, value, followed) VALUES (?1, ?2, ?3, ?4)"
                                  " ON CONFLICT (kind, key) DO UPDATE SET value = ?3 WHERE value != ?3", error);
  else
    stmt = papers_db_prepare (db, "DELETE FROM follows WHERE kind = ? AND key = ?", error);
  if (stmt == NULL)
    return FALSE;
  papers_db_bind_text (stmt, 1, kind);
  papers_db_bind_text (stmt, 2, colon + 1);
  if (item->flag)
    {
      /* (a log written before the value went with it has only the key) */
      papers_db_bind_text (stmt, 3, item->text != NULL && item->text[0] != '\0' ? item->text : colon + 1);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
    }
  return papers_db_run (db, stmt, error);
}

/* A tag renamed or recolored: found by the key this library knows it by,
 * made when it has none (a tag that is on no paper here yet); a rename
 * onto a tag this library has already merges the two, as a rename onto
 * an existing tag does elsewhere */
static gboolean
apply_tag (PapersDb            *db,
           PapersStoreSyncTag  *edit,
           GError             **error)
{
  g_autofree char *new_key = edit->name != NULL ? papers_tag_dup_key (edit->name) : NULL;
  const char *lookup = "SELECT id FROM tags WHERE key = ?";
  gint64 tag = 0, other = 0;
  sqlite3_stmt *stmt;

  if ((edit->name != NULL && (new_key == NULL || new_key[0] == '\0')) ||
      (edit->color != NULL && !papers_tag_color_is_valid (edit->color)))
    return TRUE;
  if (edit->from != NULL && (tag = papers_store_db_lookup_by (db, lookup, edit->from, error)) < 0)
    return FALSE;
  if (tag == 0 && (tag = papers_store_db_lookup_by (db, lookup, edit->key, error)) < 0)
    return FALSE;
  if (new_key != NULL && (other = papers_store_db_lookup_by (db, lookup, new_key, error)) < 0)
    return FALSE;
  if (tag == 0 && other == 0)
    {
      g_autofree char *color = papers_tag_default_color (edit->name != NULL ? edit->name : edit->key);

      stmt = papers_db_prepare (db, "INSERT INTO tags (name, key, color) VALUES (?, ?, lower (?))", error);
      if (stmt == NULL)
        return FALSE;
      papers_db_bind_text (stmt, 1, edit->name != NULL ? edit->name : edit->key);
      papers_db_bind_text (stmt, 2, new_key != NULL ? new_key : edit->key);
      papers_db_bind_text (stmt, 3, edit->color != NULL ? edit->color : color);
      return papers_db_run (db, stmt, error);
    }
  if (tag == 0)
    tag = other;
  if (!papers_db_begin (db, error))
    return FALSE;
  if (other != 0 && other != tag)
    {
      if (!papers_store_db_exec_bound (db, "INSERT OR IGNORE INTO paper_tags (paper, tag)"
                                           " SELECT paper, ?2 FROM paper_tags WHERE tag = ?1", tag, other, error) ||
          !papers_store_db_exec_bound (db, "DELETE FROM tags WHERE id = ?", tag, 0, error))
        goto fail;
      tag = other;
    }
  stmt = papers_db_prepare (db, "UPDATE tags SET name = coalesce (?1, name), key = coalesce (?2, key),"
                                " color = coalesce (lower (?3), color) WHERE id = ?4", error);
  if (stmt == NULL)
    goto fail;
  papers_db_bind_text (stmt, 1, edit->name);
  papers_db_bind_text (stmt, 2, new_key);
  papers_db_bind_text (stmt, 3, edit->color);
  sqlite3_bind_int64 (stmt, 4, tag);
  if (!papers_db_run (db, stmt, error))
    goto fail;
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
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
  g_autofree char *applied = g_strdup_printf ("%d", save->applied);
  gboolean ok = TRUE;

  papers_db_set_sync_quiet (db, TRUE);
  /* Tags first: the edits name them by the keys renames give them */
  for (guint i = 0; ok && save->tags != NULL && i < save->tags->len; i++)
    {
      ok = apply_tag (db, save->tags->pdata[i], error);
      changes->tags = TRUE;
    }
  for (guint i = 0; ok && save->follows != NULL && i < save->follows->len; i++)
    ok = apply_follow (db, save->follows->pdata[i], error);
  ok = ok && (save->edits == NULL || add_new_papers (db, save, changes, error));
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
      (state != NULL && !set_meta (db, "state", state, error)) ||
      (save->applied > 0 && !set_meta (db, "applied", applied, error)) ||
      (save->state_entries != NULL && save->state_gen != NULL && !save_state_entries (db, save, error)))
    {
      papers_db_rollback (db);
      return FALSE;
    }
  return papers_db_commit (db, error);
}

/* How many log rows wait to be uploaded: what Preferences → Sync shows */
gboolean
papers_store_db_sync_count_pending (PapersDb  *db,
                                    gint64    *count,
                                    GError   **error)
{
  g_autofree char *uploaded = dup_meta (db, "uploaded", error);
  sqlite3_stmt *stmt;
  gboolean row;

  if (uploaded == NULL)
    return FALSE;
  stmt = papers_db_prepare (db, "SELECT count (*) FROM sync_log WHERE seq > ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (uploaded, NULL, 10));
  if (!papers_db_step (db, stmt, &row, error))
    return FALSE;
  *count = row ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}
