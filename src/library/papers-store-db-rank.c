/* papers-store-db-rank.c: what For You's jobs do on the connection
 *
 * Dismissed papers, follows, and the stored model with the stamps of what
 * it learned from (schema version 7).  Runs on the store's worker thread,
 * like papers-store-db.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "papers-library-enums.h"
#include "papers-ranker.h"
#include "papers-store-db-private.h"

static const char *
follow_kind_nick (PapersFollowKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PAPERS_TYPE_FOLLOW_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  g_return_val_if_fail (value != NULL, "author");
  return value->value_nick;
}

/* Ignoring case and runs of white space: "Ada  lovelace" is "Ada Lovelace" */
static char *
follow_key (const char *value)
{
  g_autofree char *folded = g_utf8_casefold (value, -1);
  g_auto(GStrv) words = g_strsplit_set (folded, " \t\n\r\f\v", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_strv_builder_add (builder, words[i]);
  kept = g_strv_builder_end (builder);
  return g_strjoinv (" ", kept);
}

static gboolean
run_bound_text (PapersDb    *db,
                const char  *sql,
                const char  *text,
                GError     **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  papers_db_bind_text (stmt, 1, text);
  return papers_db_run (db, stmt, error);
}

gboolean
papers_store_db_dismiss (PapersDb            *db,
                         const char          *id,
                         PapersPaper         *paper,
                         gboolean             dismissed,
                         PapersStoreChanges  *changes,
                         GError             **error)
{
  sqlite3_stmt *stmt;

  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID, _("A paper needs an id"));
      return FALSE;
    }

  if (!dismissed)
    {
      if (!papers_db_begin (db, error))
        return FALSE;
      if (!run_bound_text (db, "DELETE FROM dismissed WHERE id = ?", id, error))
        goto fail;
      if (sqlite3_changes (papers_db_get_handle (db)) == 0)
        {
          g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
                       _("The paper “%s” was not marked Not Interested"), id);
          goto fail;
        }
      if (!papers_store_db_log (db, "dismiss", id, 0, NULL, NULL, FALSE, error))
        goto fail;
      return papers_db_commit (db, error);
    }

  /* The paper's text, for the model to learn from, in a transaction of
   * its own: kept without the dismissal it is a paper seen in a listing. */
  if (paper != NULL)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      if (papers_paper_get_id (paper) == NULL)
        papers_paper_set_id (paper, id);
      g_ptr_array_add (one, paper);
      if (!papers_store_db_upsert (db, one, FALSE, changes, error))
        return FALSE;
    }

  if (!papers_db_begin (db, error))
    return FALSE;
  stmt = papers_db_prepare (db, "INSERT INTO dismissed (id, dismissed) VALUES (?1, ?2)"
                                " ON CONFLICT (id) DO UPDATE SET dismissed = ?2", error);
  if (stmt == NULL)
    goto fail;
  papers_db_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  if (!papers_db_run (db, stmt, error) ||
      !papers_store_db_log (db, "dismiss", id, 0, NULL, NULL, TRUE, error))
    goto fail;
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}

/* The first column of @stmt's rows (bound by the caller) */
static GStrv
collect_texts (PapersDb      *db,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean row;

  for (;;)
    {
      if (!papers_db_step (db, stmt, &row, error))
        return NULL;
      if (!row)
        break;
      g_strv_builder_add (builder, papers_db_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}

GStrv
papers_store_db_list_dismissed (PapersDb  *db,
                                GError   **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "SELECT id FROM dismissed ORDER BY dismissed DESC, id", error);

  return stmt != NULL ? collect_texts (db, stmt, error) : NULL;
}

gboolean
papers_store_db_follow (PapersDb          *db,
                        PapersFollowKind   kind,
                        const char        *value,
                        gboolean           follow,
                        GError           **error)
{
  g_autofree char *key = value != NULL ? follow_key (value) : NULL;
  g_autofree char *sync_key = NULL;
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;

  if (key == NULL || *key == '\0')
    {
      g_set_error_literal (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID,
                           kind == PAPERS_FOLLOW_AUTHOR ? _("An author to follow needs a name")
                                                        : _("A search to follow needs words"));
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > PAPERS_FOLLOW_MAX_LENGTH)
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID,
                   _("What is followed must be text of at most %d characters"), PAPERS_FOLLOW_MAX_LENGTH);
      return FALSE;
    }

  /* Sync knows a follow as "KIND:KEY", the value as written its text */
  sync_key = g_strconcat (follow_kind_nick (kind), ":", key, NULL);
  trimmed = g_strstrip (g_strdup (value));
  if (!papers_db_begin (db, error))
    return FALSE;
  if (!follow)
    {
      stmt = papers_db_prepare (db, "DELETE FROM follows WHERE kind = ? AND key = ?", error);
      if (stmt == NULL)
        goto fail;
      papers_db_bind_text (stmt, 1, follow_kind_nick (kind));
      papers_db_bind_text (stmt, 2, key);
      if (!papers_db_run (db, stmt, error))
        goto fail;
      if (sqlite3_changes (papers_db_get_handle (db)) == 0)
        {
          g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
                       kind == PAPERS_FOLLOW_AUTHOR ? _("The author “%s” is not followed")
                                                    : _("The search “%s” is not followed"), value);
          goto fail;
        }
    }
  else
    {
      /* Following again keeps the first time and takes the new spelling */
      stmt = papers_db_prepare (db, "INSERT INTO follows (kind, key, value, followed) VALUES (?1, ?2, ?3, ?4)"
                                    " ON CONFLICT (kind, key) DO UPDATE SET value = ?3", error);
      if (stmt == NULL)
        goto fail;
      papers_db_bind_text (stmt, 1, follow_kind_nick (kind));
      papers_db_bind_text (stmt, 2, key);
      /* The value as written, without the spaces around it */
      papers_db_bind_text (stmt, 3, trimmed);
      /* In microseconds: the order of follows made within a second */
      sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
      if (!papers_db_run (db, stmt, error))
        goto fail;
    }
  if (!papers_store_db_log (db, "follow", NULL, 0, sync_key, trimmed, follow, error))
    goto fail;
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}

GStrv
papers_store_db_list_follows (PapersDb          *db,
                              PapersFollowKind   kind,
                              GError           **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "SELECT value FROM follows WHERE kind = ? ORDER BY followed, key",
                                          error);

  if (stmt == NULL)
    return NULL;
  papers_db_bind_text (stmt, 1, follow_kind_nick (kind));
  return collect_texts (db, stmt, error);
}

void
papers_rank_state_free (PapersRankState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->model, g_bytes_unref);
  g_clear_pointer (&state->base, g_hash_table_unref);
  g_clear_pointer (&state->stamps, g_hash_table_unref);
  g_clear_pointer (&state->papers, g_ptr_array_unref);
  g_clear_pointer (&state->weights, g_hash_table_unref);
  g_free (state);
}

static GHashTable *
stamps_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* What the stored model learned from, and the model itself */
static gboolean
load_stored (PapersDb         *db,
             PapersRankState  *state,
             GError          **error)
{
  sqlite3_stmt *stmt;
  gboolean row;

  stmt = papers_db_prepare (db, "SELECT version, trained, model FROM rank_model WHERE id = 1", error);
  if (stmt == NULL || !papers_db_step (db, stmt, &row, error))
    return FALSE;
  if (row)
    {
      state->model_version = (guint32) sqlite3_column_int64 (stmt, 0);
      state->trained = sqlite3_column_int64 (stmt, 1);
      state->model = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
    }
  sqlite3_reset (stmt);

  stmt = papers_db_prepare (db, "SELECT key, stamp FROM rank_examples", error);
  if (stmt == NULL)
    return FALSE;
  for (;;)
    {
      if (!papers_db_step (db, stmt, &row, error))
        return FALSE;
      if (!row)
        break;
      g_hash_table_insert (state->base, g_strdup (papers_db_column_text (stmt, 0)),
                           g_strdup (papers_db_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Notes @key's @stamp, and @rowid among the papers to load when the base
 * has another stamp for it */
static void
note_stamp (PapersRankState *state,
            const char      *key,
            const char      *stamp,
            gint64           rowid,
            GArray          *to_load)
{
  if (rowid > 0 && g_strcmp0 (g_hash_table_lookup (state->base, key), stamp) != 0)
    g_array_append_val (to_load, rowid);
  g_hash_table_insert (state->stamps, g_strdup (key), g_strdup (stamp));
}

/* A kept paper's stamp is what its weight and its vector come from: star,
 * status, note, annotations, time read (in whole minutes up to the half
 * hour the weight counts, so that reading on does not restamp the paper
 * every few seconds), version and text lengths, tags (for the per-tag
 * models).  The number of annotations and the seconds read are the last
 * columns. */
static const char library_stamps[] =
  "SELECT p.rowid, p.id,"
  " l.starred || ',' || l.status || ',' || (coalesce (n.text, '') != '')"
  "  || ',' || (SELECT count (*) FROM annotations WHERE paper = p.rowid)"
  "  || ',' || CAST (min (coalesce (r.seconds, 0), 1800) / 60 AS INTEGER)"
  "  || ',' || p.version || ',' || length (coalesce (p.title, '')) || ',' || length (coalesce (p.abstract, ''))"
  "  || ',' || coalesce ((SELECT group_concat (name, char (31)) FROM"
  "     (SELECT t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag"
  "      WHERE pt.paper = p.rowid ORDER BY t.key)), ''),"
  " (SELECT count (*) FROM annotations WHERE paper = p.rowid),"
  " coalesce (r.seconds, 0)"
  " FROM library l JOIN papers p ON p.rowid = l.paper LEFT JOIN notes n ON n.paper = p.rowid"
  " LEFT JOIN reading_time r ON r.paper = p.rowid";

/* What a kept paper's weight takes beside the paper */
typedef struct
{
  guint  n_annotations;
  double seconds_read;
} Engagement;

/* A paper both kept and dismissed is kept */
static const char dismissed_stamps[] =
  "SELECT d.id, p.rowid FROM dismissed d LEFT JOIN papers p ON p.id = d.id"
  " WHERE NOT EXISTS (SELECT 1 FROM library WHERE paper = p.rowid)";

PapersRankState *
papers_store_db_load_rank_state (PapersDb     *db,
                                 GHashTable   *known,
                                 GError      **error)
{
  g_autoptr(PapersRankState) state = g_new0 (PapersRankState, 1);
  g_autoptr(GArray) to_load = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) engagement = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  static const char * const follow_prefix[] = { [PAPERS_FOLLOW_AUTHOR] = "a:", [PAPERS_FOLLOW_SEARCH] = "t:" };
  sqlite3_stmt *stmt;
  gboolean row;

  state->stamps = stamps_new ();
  state->weights = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (known != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      state->base = stamps_new ();
      g_hash_table_iter_init (&iter, known);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (state->base, g_strdup (key), g_strdup (value));
    }
  else
    {
      state->base = stamps_new ();
      if (!load_stored (db, state, error))
        return NULL;
    }

  stmt = papers_db_prepare (db, library_stamps, error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      g_autofree char *key = NULL;

      if (!papers_db_step (db, stmt, &row, error))
        return NULL;
      if (!row)
        break;
      key = g_strconcat ("p:", papers_db_column_text (stmt, 1), NULL);
      note_stamp (state, key, papers_db_column_text (stmt, 2), sqlite3_column_int64 (stmt, 0), to_load);
      {
        Engagement e = { sqlite3_column_int (stmt, 3), sqlite3_column_double (stmt, 4) };

        g_hash_table_insert (engagement, g_strdup (papers_db_column_text (stmt, 1)), g_memdup2 (&e, sizeof e));
      }
    }
  sqlite3_reset (stmt);

  stmt = papers_db_prepare (db, dismissed_stamps, error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      g_autofree char *key = NULL;
      gint64 rowid;

      if (!papers_db_step (db, stmt, &row, error))
        return NULL;
      if (!row)
        break;
      key = g_strconcat ("d:", papers_db_column_text (stmt, 0), NULL);
      rowid = sqlite3_column_int64 (stmt, 1);
      note_stamp (state, key, rowid > 0 ? "m" : "-", rowid, to_load);
    }
  sqlite3_reset (stmt);

  for (PapersFollowKind kind = PAPERS_FOLLOW_AUTHOR; kind <= PAPERS_FOLLOW_SEARCH; kind++)
    {
      g_auto(GStrv) values = papers_store_db_list_follows (db, kind, error);

      if (values == NULL)
        return NULL;
      for (guint i = 0; values[i] != NULL; i++)
        {
          g_autofree char *key = g_strconcat (follow_prefix[kind], values[i], NULL);

          note_stamp (state, key, "1", 0, NULL);
        }
    }

  state->papers = papers_store_db_load (db, to_load, error);
  if (state->papers == NULL)
    return NULL;
  for (guint i = 0; i < state->papers->len; i++)
    {
      PapersPaper *paper = state->papers->pdata[i];
      Engagement *e = papers_paper_get_in_library (paper)
                      ? g_hash_table_lookup (engagement, papers_paper_get_id (paper)) : NULL;

      if (e != NULL)
        {
          double weight = papers_ranker_weight_for_paper (paper, e->n_annotations, e->seconds_read);

          g_hash_table_insert (state->weights, g_strdup (papers_paper_get_id (paper)),
                               g_memdup2 (&weight, sizeof weight));
        }
    }
  return g_steal_pointer (&state);
}

gboolean
papers_store_db_save_rank_model (PapersDb     *db,
                                 GBytes       *model,
                                 guint32       version,
                                 GHashTable   *stamps,
                                 GError      **error)
{
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;
  gsize size;
  gconstpointer data = g_bytes_get_data (model, &size);

  if (!papers_db_begin (db, error))
    return FALSE;
  stmt = papers_db_prepare (db, "INSERT OR REPLACE INTO rank_model (id, version, trained, model)"
                                " VALUES (1, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_blob64 (stmt, 3, data, size, SQLITE_STATIC);
  if (!papers_db_run (db, stmt, error) || !papers_db_exec (db, "DELETE FROM rank_examples", error))
    goto fail;

  g_hash_table_iter_init (&iter, stamps);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      stmt = papers_db_prepare (db, "INSERT INTO rank_examples (key, stamp) VALUES (?, ?)", error);
      if (stmt == NULL)
        goto fail;
      papers_db_bind_text (stmt, 1, key);
      papers_db_bind_text (stmt, 2, value);
      if (!papers_db_run (db, stmt, error))
        goto fail;
    }
  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}
