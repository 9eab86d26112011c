/* papers-store-sync.c: the store's jobs for the sync layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-db-private.h"
#include "papers-store-job.h"
#include "papers-store-sync.h"

static void
row_free (gpointer data)
{
  PapersStoreSyncRow *row = data;

  g_free (row->op);
  g_free (row->paper);
  g_free (row->key);
  g_free (row->text);
  g_free (row);
}

void
papers_store_sync_log_free (PapersStoreSyncLog *log)
{
  g_free (log->device);
  g_clear_pointer (&log->state, g_bytes_unref);
  g_clear_pointer (&log->rows, g_ptr_array_unref);
  g_free (log->state_gen);
  g_free (log);
}

PapersStoreSyncEdit *
papers_store_sync_edit_new (const char *paper)
{
  PapersStoreSyncEdit *edit = g_new0 (PapersStoreSyncEdit, 1);

  edit->paper = g_strdup (paper);
  edit->in_library = edit->status = edit->starred = edit->dismissed = -1;
  return edit;
}

void
papers_store_sync_edit_free (PapersStoreSyncEdit *edit)
{
  g_free (edit->paper);
  g_free (edit->title);
  g_strfreev (edit->tags);
  g_free (edit->note);
  g_free (edit->position);
  g_clear_pointer (&edit->annotations, g_ptr_array_unref);
  g_free (edit);
}

PapersStoreSyncItem *
papers_store_sync_item_new (const char *key,
                            const char *text,
                            gboolean    flag)
{
  PapersStoreSyncItem *item = g_new0 (PapersStoreSyncItem, 1);

  item->key = g_strdup (key);
  item->text = g_strdup (text);
  item->flag = flag;
  return item;
}

void
papers_store_sync_item_free (PapersStoreSyncItem *item)
{
  g_free (item->key);
  g_free (item->text);
  g_free (item);
}

void
papers_store_sync_tag_free (PapersStoreSyncTag *tag)
{
  g_free (tag->key);
  g_free (tag->from);
  g_free (tag->name);
  g_free (tag->color);
  g_free (tag);
}

void
papers_store_sync_save_free (PapersStoreSyncSave *save)
{
  g_free (save->device);
  g_clear_pointer (&save->state, g_bytes_unref);
  g_clear_pointer (&save->edits, g_ptr_array_unref);
  g_clear_pointer (&save->tags, g_ptr_array_unref);
  g_clear_pointer (&save->follows, g_ptr_array_unref);
  g_clear_pointer (&save->state_entries, g_hash_table_unref);
  g_free (save->state_gen);
  g_free (save);
}

static gboolean
run_load (PapersDb            *db,
          gpointer             data,
          gpointer            *result,
          PapersStoreChanges  *changes,
          GError             **error)
{
  g_autoptr(PapersStoreSyncLog) log = g_new0 (PapersStoreSyncLog, 1);

  log->rows = g_ptr_array_new_with_free_func (row_free);
  if (!papers_store_db_sync_load (db, log, error))
    return FALSE;
  *result = g_steal_pointer (&log);
  return TRUE;
}

static gboolean
run_load_state (PapersDb            *db,
                gpointer             data,
                gpointer            *result,
                PapersStoreChanges  *changes,
                GError             **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (!papers_store_db_sync_load_state (db, entries, error))
    return FALSE;
  *result = g_steal_pointer (&entries);
  return TRUE;
}

static gboolean
run_save (PapersDb            *db,
          gpointer             data,
          gpointer            *result,
          PapersStoreChanges  *changes,
          GError             **error)
{
  return papers_store_db_sync_save (db, data, changes, error);
}

enum
{
  JOB_LOAD,
  JOB_SAVE,
  JOB_LOAD_STATE,
  JOB_COUNT_PENDING,
};

static gboolean
run_count_pending (PapersDb            *db,
                   gpointer             data,
                   gpointer            *result,
                   PapersStoreChanges  *changes,
                   GError             **error)
{
  gint64 count = 0;

  if (!papers_store_db_sync_count_pending (db, &count, error))
    return FALSE;
  *result = g_memdup2 (&count, sizeof count);
  return TRUE;
}

/* Received changes are announced as any edit is, so the window follows */
static const PapersStoreJobKind kinds[] = {
  [JOB_LOAD] = { "load sync log", run_load, NULL, (GDestroyNotify) papers_store_sync_log_free,
                 PAPERS_STORE_JOB_READS },
  [JOB_SAVE] = { "save sync", run_save, (GDestroyNotify) papers_store_sync_save_free, NULL,
                 PAPERS_STORE_JOB_WRITES_PAPERS | PAPERS_STORE_JOB_ANNOUNCES_TAGS |
                 PAPERS_STORE_JOB_ANNOUNCES_ANNOTATIONS },
  [JOB_LOAD_STATE] = { "load sync state", run_load_state, NULL, (GDestroyNotify) g_ptr_array_unref,
                       PAPERS_STORE_JOB_READS },
  [JOB_COUNT_PENDING] = { "count sync log", run_count_pending, NULL, g_free, PAPERS_STORE_JOB_READS },
};

void
papers_store_sync_load_async (PapersStore         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LOAD], NULL);
}

/**
 * papers_store_sync_load_finish:
 *
 * Returns: (transfer full): this device's log and what sync keeps
 */
PapersStoreSyncLog *
papers_store_sync_load_finish (PapersStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LOAD], error);
}

void
papers_store_sync_save_async (PapersStore          *self,
                              PapersStoreSyncSave  *save,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SAVE], save);
}

void
papers_store_sync_load_state_async (PapersStore         *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LOAD_STATE], NULL);
}

/**
 * papers_store_sync_load_state_finish:
 *
 * Returns: (transfer full) (element-type GBytes): every entry of the
 *   merged state the library keeps, in no order
 */
GPtrArray *
papers_store_sync_load_state_finish (PapersStore   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LOAD_STATE], error);
}

void
papers_store_sync_count_pending_async (PapersStore         *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_COUNT_PENDING], NULL);
}

/**
 * papers_store_sync_count_pending_finish:
 *
 * Returns: how many of this device's changes are not on the server yet,
 *   or -1 on error
 */
gint64
papers_store_sync_count_pending_finish (PapersStore   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_autofree gint64 *count = papers_store_finish_pointer (self, result, &kinds[JOB_COUNT_PENDING], error);

  return count != NULL ? *count : -1;
}
