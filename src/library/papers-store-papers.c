/* papers-store-papers.c: the store's operations on the papers themselves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-job.h"

/* The argument of removing and getting papers: their ids */
static char **
ids_new (const char * const *ids)
{
  return ids != NULL ? g_strdupv ((char **) ids) : g_new0 (char *, 1);
}

typedef struct
{
  GPtrArray *papers;
  gboolean   add_to_library;
} UpsertArgs;

/* The worker gets copies, as the caller keeps using its objects; a
 * caller that blocks until the job is done (papers_store_wait()) hands
 * over its own, which saves a copy of each and learns the ids the store
 * gives the papers that had none. */
static UpsertArgs *
upsert_args_new (GPtrArray           *papers,
                 gboolean             add_to_library,
                 GAsyncReadyCallback  callback)
{
  UpsertArgs *args = g_new0 (UpsertArgs, 1);

  if (callback == papers_store_wait_ready && papers != NULL)
    args->papers = g_ptr_array_ref (papers);
  else
    args->papers = papers_store_copy_papers (papers);
  args->add_to_library = add_to_library;
  return args;
}

static void
upsert_args_free (gpointer data)
{
  UpsertArgs *args = data;

  g_ptr_array_unref (args->papers);
  g_free (args);
}

static gboolean
run_upsert (PapersDb            *db,
            gpointer             data,
            gpointer            *result,
            PapersStoreChanges  *changes,
            GError             **error)
{
  UpsertArgs *args = data;

  return papers_store_db_upsert (db, args->papers, args->add_to_library, changes, error);
}

/* The upsert, and the ids it noted as added to the library */
static gboolean
run_import (PapersDb            *db,
            gpointer             data,
            gpointer            *result,
            PapersStoreChanges  *changes,
            GError             **error)
{
  UpsertArgs *args = data;
  GStrvBuilder *builder;

  if (!papers_store_db_upsert (db, args->papers, TRUE, changes, error))
    return FALSE;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < changes->added->len; i++)
    g_strv_builder_add (builder, changes->added->pdata[i]);
  *result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return TRUE;
}

static gboolean
run_get_paper (PapersDb            *db,
               gpointer             id,
               gpointer            *result,
               PapersStoreChanges  *changes,
               GError             **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) papers = NULL;
  gint64 rowid = papers_store_db_lookup (db, id, error);

  if (rowid <= 0)
    return FALSE;
  g_array_append_val (rowids, rowid);
  papers = papers_store_db_load (db, rowids, error);
  if (papers == NULL)
    return FALSE;
  if (papers->len == 0)
    return papers_store_db_lookup (db, NULL, error) > 0;
  *result = g_object_ref (papers->pdata[0]);
  return TRUE;
}

static gboolean
run_remove_papers (PapersDb            *db,
                   gpointer             ids,
                   gpointer            *result,
                   PapersStoreChanges  *changes,
                   GError             **error)
{
  return papers_store_db_remove (db, ids, changes, error);
}

static gboolean
run_get_papers (PapersDb            *db,
                gpointer             data,
                gpointer            *result,
                PapersStoreChanges  *changes,
                GError             **error)
{
  char **ids = data;
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 rowid = papers_store_db_lookup (db, ids[i], &local_error);

      /* A DOI in any case, and the paper kept under its arXiv id that
       * has it: DOIs are case-insensitive. */
      if (rowid == 0 && g_str_has_prefix (ids[i], "doi:") && ids[i][4] != '\0')
        {
          g_clear_error (&local_error);
          rowid = papers_store_db_lookup_doi (db, ids[i] + 4, &local_error);
        }
      if (rowid > 0)
        g_array_append_val (rowids, rowid);
      else if (rowid < 0 || (local_error != NULL &&
                             !g_error_matches (local_error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND)))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  *result = papers_store_db_load (db, rowids, error);
  return *result != NULL;
}

enum
{
  JOB_UPSERT,
  JOB_GET_PAPER,
  JOB_REMOVE_PAPERS,
  JOB_GET_PAPERS,
  JOB_IMPORT,
};

static const PapersStoreJobKind kinds[] = {
  [JOB_UPSERT]        = { "upsert papers", run_upsert, upsert_args_free, NULL,
                          PAPERS_STORE_JOB_WRITES_PAPERS | PAPERS_STORE_JOB_ANNOUNCES_TAGS },
  [JOB_GET_PAPER]     = { "get paper", run_get_paper, g_free, g_object_unref, PAPERS_STORE_JOB_READS },
  [JOB_REMOVE_PAPERS] = { "remove papers", run_remove_papers, (GDestroyNotify) g_strfreev, NULL,
                          PAPERS_STORE_JOB_WRITES_PAPERS },
  [JOB_GET_PAPERS]    = { "get papers", run_get_papers, (GDestroyNotify) g_strfreev, (GDestroyNotify) g_ptr_array_unref,
                          PAPERS_STORE_JOB_READS },
  [JOB_IMPORT]        = { "import papers", run_import, upsert_args_free, (GDestroyNotify) g_strfreev,
                          PAPERS_STORE_JOB_WRITES_PAPERS | PAPERS_STORE_JOB_ANNOUNCES_TAGS },
};

void
papers_store_upsert_papers_async (PapersStore         *self,
                                  GPtrArray           *papers,
                                  gboolean             add_to_library,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_UPSERT], upsert_args_new (papers, add_to_library, callback));
}

void
papers_store_import_papers_async (PapersStore         *self,
                                  GPtrArray           *papers,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_IMPORT], upsert_args_new (papers, TRUE, callback));
}

char **
papers_store_import_papers_finish (PapersStore   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_IMPORT], error);
}

void
papers_store_get_paper_async (PapersStore         *self,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_GET_PAPER], g_strdup (id));
}

PapersPaper *
papers_store_get_paper_finish (PapersStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_GET_PAPER], error);
}

void
papers_store_remove_papers_async (PapersStore         *self,
                                  const char * const  *ids,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_REMOVE_PAPERS], ids_new (ids));
}

void
papers_store_get_papers_async (PapersStore         *self,
                               const char * const  *ids,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_GET_PAPERS], ids_new (ids));
}

GPtrArray *
papers_store_get_papers_finish (PapersStore   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_GET_PAPERS], error);
}
