/* papers-store-db-tags.c: tags and the papers they are on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-store-db-private.h"

static gint64
ensure_tag (PapersDb    *db,
            const char  *name,
            GError     **error)
{
  g_autofree char *key = papers_tag_dup_key (name);
  g_autofree char *color = NULL;
  g_autofree char *clean = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  if (key == NULL || key[0] == '\0')
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID,
                   _("A tag needs a name"));
      return 0;
    }

  id = papers_store_db_lookup_by (db, "SELECT id FROM tags WHERE key = ?", key, error);
  if (id != 0)
    return id;

  clean = g_strstrip (g_strdup (name));
  color = papers_tag_default_color (clean);
  stmt = papers_db_prepare (db, "INSERT INTO tags (name, key, color) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  papers_db_bind_text (stmt, 1, clean);
  papers_db_bind_text (stmt, 2, key);
  papers_db_bind_text (stmt, 3, color);
  if (!papers_db_run (db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (papers_db_get_handle (db));
}

/* An assignment that changed, for sync, by the tag's key: a tag's sync id
 * is its key, so two devices making "ML" and "ml" make one tag */
static gboolean
log_tag (PapersDb    *db,
         const char  *op,
         gint64       rowid,
         const char  *name,
         GError     **error)
{
  g_autofree char *key = NULL;

  if (sqlite3_changes (papers_db_get_handle (db)) == 0)
    return TRUE;
  key = papers_tag_dup_key (name);
  return papers_store_db_log (db, op, NULL, rowid, key, NULL, FALSE, error);
}

/* With @tag_ids, appends the id of each tag added to it */
gboolean
papers_store_db_tag_rowid (PapersDb            *db,
                           gint64               rowid,
                           const char * const  *add,
                           const char * const  *remove,
                           gboolean            *created_tags,
                           GArray              *tag_ids,
                           GError             **error)
{
  for (guint i = 0; add != NULL && add[i] != NULL; i++)
    {
      gint64 tag = ensure_tag (db, add[i], error);
      sqlite3_stmt *stmt;

      if (tag == 0)
        return FALSE;
      if (tag_ids != NULL)
        g_array_append_val (tag_ids, tag);
      if (created_tags != NULL)
        *created_tags = TRUE;
      stmt = papers_db_prepare (db, "INSERT OR IGNORE INTO paper_tags (paper, tag) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      sqlite3_bind_int64 (stmt, 2, tag);
      if (!papers_db_run (db, stmt, error) ||
          !log_tag (db, "tag-add", rowid, add[i], error))
        return FALSE;
    }

  for (guint i = 0; remove != NULL && remove[i] != NULL; i++)
    {
      g_autofree char *key = papers_tag_dup_key (remove[i]);
      sqlite3_stmt *stmt;

      stmt = papers_db_prepare (db,
                                "DELETE FROM paper_tags WHERE paper = ?"
                                " AND tag = (SELECT id FROM tags WHERE key = ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      papers_db_bind_text (stmt, 2, key);
      if (!papers_db_run (db, stmt, error) ||
          !log_tag (db, "tag-remove", rowid, remove[i], error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char * const *add;
  const char * const *remove;
} TagWrite;

static gboolean
write_tags (PapersDb       *db,
            gint64          rowid,
            gconstpointer   data,
            GError        **error)
{
  const TagWrite *tags = data;

  return papers_store_db_tag_rowid (db, rowid, tags->add, tags->remove, NULL, NULL, error);
}

gboolean
papers_store_db_tag_paper (PapersDb            *db,
                           const char          *id,
                           const char * const  *add,
                           const char * const  *remove,
                           PapersStoreChanges  *changes,
                           GError             **error)
{
  TagWrite tags = { add, remove };

  if (!papers_store_db_edit_paper (db, id, write_tags, &tags, changes, error))
    return FALSE;
  changes->tags = TRUE;
  return TRUE;
}

GListModel *
papers_store_db_list_tags (PapersDb  *db,
                           GError   **error)
{
  g_autoptr(GListStore) tags = g_list_store_new (PAPERS_TYPE_TAG);
  sqlite3_stmt *stmt;
  gboolean row;

  stmt = papers_db_prepare (db,
                            "SELECT t.name, t.color, (SELECT count (*) FROM paper_tags WHERE tag = t.id)"
                            " FROM tags t ORDER BY t.key", error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      g_autoptr(PapersTag) tag = NULL;

      if (!papers_db_step (db, stmt, &row, error))
        return NULL;
      if (!row)
        break;
      tag = papers_tag_new (papers_db_column_text (stmt, 0), papers_db_column_text (stmt, 1),
                            sqlite3_column_int (stmt, 2));
      g_list_store_append (tags, tag);
    }
  sqlite3_reset (stmt);
  return G_LIST_MODEL (g_steal_pointer (&tags));
}

gboolean
papers_store_db_edit_tag (PapersDb            *db,
                          PapersTagEdit        edit,
                          const char          *name,
                          const char          *value,
                          PapersStoreChanges  *changes,
                          GError             **error)
{
  g_autofree char *key = papers_tag_dup_key (name);
  g_autofree char *value_key = value != NULL ? papers_tag_dup_key (value) : NULL;
  g_autoptr(GArray) tagged = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) tagged_ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 tag;
  gint64 other;
  gboolean row;

  if (!papers_db_begin (db, error))
    return FALSE;

  tag = papers_store_db_lookup_by (db, "SELECT id FROM tags WHERE key = ?", key, error);
  if (tag == 0)
    g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
                 _("There is no tag “%s”"), name);
  if (tag <= 0)
    goto fail;

  stmt = papers_db_prepare (db, "SELECT pt.paper, p.id FROM paper_tags pt JOIN papers p"
                                " ON p.rowid = pt.paper WHERE pt.tag = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, tag);
  for (;;)
    {
      gint64 rowid;

      if (!papers_db_step (db, stmt, &row, error))
        goto fail;
      if (!row)
        break;
      rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (tagged, rowid);
      g_ptr_array_add (tagged_ids, g_strdup (papers_db_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);

  switch (edit)
    {
    case PAPERS_TAG_EDIT_RENAME:
      if (value_key == NULL || value_key[0] == '\0')
        {
          g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID, _("A tag needs a name"));
          goto fail;
        }
      other = papers_store_db_lookup_by (db, "SELECT id FROM tags WHERE key = ?", value_key, error);
      if (other < 0)
        goto fail;
      if (other != 0 && other != tag)
        {
          g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID,
                       _("There is already a tag “%s”; merge the tags instead"), value);
          goto fail;
        }
      stmt = papers_db_prepare (db, "UPDATE tags SET name = ?, key = ? WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      papers_db_bind_text (stmt, 1, value);
      papers_db_bind_text (stmt, 2, value_key);
      sqlite3_bind_int64 (stmt, 3, tag);
      if (!papers_db_run (db, stmt, error) ||
          !papers_store_db_log (db, "tag-name", NULL, 0, key, value, FALSE, error))
        goto fail;
      break;

    case PAPERS_TAG_EDIT_RECOLOR:
      if (!papers_tag_color_is_valid (value))
        {
          g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID,
                       _("“%s” is not a color like #3584e4"), value ? value : "");
          goto fail;
        }
      stmt = papers_db_prepare (db, "UPDATE tags SET color = lower (?) WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      papers_db_bind_text (stmt, 1, value);
      sqlite3_bind_int64 (stmt, 2, tag);
      if (!papers_db_run (db, stmt, error) ||
          !papers_store_db_log (db, "tag-color", NULL, 0, key, value, FALSE, error))
        goto fail;
      break;

    case PAPERS_TAG_EDIT_MERGE:
      other = value != NULL ? ensure_tag (db, value, error) : 0;
      if (other == 0)
        goto fail;
      if (other != tag &&
          (!papers_store_db_exec_bound (db, "INSERT OR IGNORE INTO paper_tags (paper, tag)"
                                            " SELECT paper, ?2 FROM paper_tags WHERE tag = ?1",
                                        tag, other, error) ||
           !papers_store_db_exec_bound (db, "DELETE FROM tags WHERE id = ?", tag, 0, error)))
        goto fail;
      break;

    case PAPERS_TAG_EDIT_DELETE:
      if (!papers_store_db_exec_bound (db, "DELETE FROM tags WHERE id = ?", tag, 0, error))
        goto fail;
      break;

    default:
      g_assert_not_reached ();
    }

  /* The papers that carried the tag: their search rows and views change */
  if (edit == PAPERS_TAG_EDIT_MERGE || edit == PAPERS_TAG_EDIT_DELETE || edit == PAPERS_TAG_EDIT_RENAME)
    for (guint i = 0; i < tagged->len; i++)
      {
        gint64 rowid = g_array_index (tagged, gint64, i);

        if (edit != PAPERS_TAG_EDIT_RENAME && !papers_store_db_index_paper (db, rowid, FALSE, error))
          goto fail;
        /* Sync knows merges and deletions as the assignments they move */
        if (edit != PAPERS_TAG_EDIT_RENAME &&
            (!papers_store_db_log (db, "tag-remove", NULL, rowid, key, NULL, FALSE, error) ||
             (edit == PAPERS_TAG_EDIT_MERGE && value_key != NULL && !g_str_equal (key, value_key) &&
              !papers_store_db_log (db, "tag-add", NULL, rowid, value_key, NULL, FALSE, error))))
          goto fail;
        papers_store_changes_note (changes->changed, g_ptr_array_index (tagged_ids, i));
      }

  changes->tags = TRUE;
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}
