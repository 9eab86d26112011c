/* papers-store-rank.c: the store's For You operations: dismissed papers,
 * follows, the stored model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-job.h"

typedef struct
{
  char        *id;
  PapersPaper *paper;
  gboolean     dismissed;
} DismissArgs;

static void
dismiss_args_free (gpointer data)
{
  DismissArgs *args = data;

  g_free (args->id);
  g_clear_object (&args->paper);
  g_free (args);
}

static gboolean
run_dismiss (PapersDb            *db,
             gpointer             data,
             gpointer            *result,
             PapersStoreChanges  *changes,
             GError             **error)
{
  DismissArgs *args = data;

  return papers_store_db_dismiss (db, args->id, args->paper, args->dismissed, changes, error);
}

static gboolean
run_list_dismissed (PapersDb            *db,
                    gpointer             data,
                    gpointer            *result,
                    PapersStoreChanges  *changes,
                    GError             **error)
{
  *result = papers_store_db_list_dismissed (db, error);
  return *result != NULL;
}

typedef struct
{
  PapersFollowKind  kind;
  char             *value;
  gboolean          follow;
} FollowArgs;

static void
follow_args_free (gpointer data)
{
  FollowArgs *args = data;

  g_free (args->value);
  g_free (args);
}

static gboolean
run_follow (PapersDb            *db,
            gpointer             data,
            gpointer            *result,
            PapersStoreChanges  *changes,
            GError             **error)
{
  FollowArgs *args = data;

  return papers_store_db_follow (db, args->kind, args->value, args->follow, error);
}

/* The argument: the kind, in an int of its own */
static gboolean
run_list_follows (PapersDb            *db,
                  gpointer             kind,
                  gpointer            *result,
                  PapersStoreChanges  *changes,
                  GError             **error)
{
  *result = papers_store_db_list_follows (db, *(PapersFollowKind *) kind, error);
  return *result != NULL;
}

/* The argument: a copy of the caller's stamps, or NULL */
static gboolean
run_load_rank_state (PapersDb            *db,
                     gpointer             known,
                     gpointer            *result,
                     PapersStoreChanges  *changes,
                     GError             **error)
{
  *result = papers_store_db_load_rank_state (db, known, error);
  return *result != NULL;
}

typedef struct
{
  GBytes     *model;
  guint32     version;
  GHashTable *stamps;
} SaveModelArgs;

static void
save_model_args_free (gpointer data)
{
  SaveModelArgs *args = data;

  g_bytes_unref (args->model);
  g_hash_table_unref (args->stamps);
  g_free (args);
}

static gboolean
run_save_rank_model (PapersDb            *db,
                     gpointer             data,
                     gpointer            *result,
                     PapersStoreChanges  *changes,
                     GError             **error)
{
  SaveModelArgs *args = data;

  return papers_store_db_save_rank_model (db, args->model, args->version, args->stamps, error);
}

static GHashTable *
copy_stamps (GHashTable *stamps)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, stamps);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

static void
unref_stamps (gpointer stamps)
{
  g_clear_pointer (&stamps, g_hash_table_unref);
}

enum
{
  JOB_DISMISS,
  JOB_LIST_DISMISSED,
  JOB_FOLLOW,
  JOB_LIST_FOLLOWS,
  JOB_LOAD_RANK_STATE,
  JOB_SAVE_RANK_MODEL,
};

/* (Dismissing keeps what is known of the paper, which announces it) */
static const PapersStoreJobKind kinds[] = {
  [JOB_DISMISS]         = { "dismiss", run_dismiss, dismiss_args_free, NULL, PAPERS_STORE_JOB_WRITES_PAPERS },
  [JOB_LIST_DISMISSED]  = { "list dismissed", run_list_dismissed, NULL, (GDestroyNotify) g_strfreev,
                            PAPERS_STORE_JOB_READS },
  [JOB_FOLLOW]          = { "follow", run_follow, follow_args_free, NULL, PAPERS_STORE_JOB_WRITES },
  [JOB_LIST_FOLLOWS]    = { "list follows", run_list_follows, g_free, (GDestroyNotify) g_strfreev,
                            PAPERS_STORE_JOB_READS },
  [JOB_LOAD_RANK_STATE] = { "load rank state", run_load_rank_state, unref_stamps,
                            (GDestroyNotify) papers_rank_state_free, PAPERS_STORE_JOB_READS },
  [JOB_SAVE_RANK_MODEL] = { "save rank model", run_save_rank_model, save_model_args_free, NULL,
                            PAPERS_STORE_JOB_WRITES | PAPERS_STORE_JOB_KEEPS_GENERATION },
};

void
papers_store_dismiss_async (PapersStore         *self,
                            const char          *id,
                            PapersPaper         *paper,
                            gboolean             dismissed,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  DismissArgs *args;

  g_return_if_fail (PAPERS_IS_STORE (self));
  g_return_if_fail (paper == NULL || PAPERS_IS_PAPER (paper));

  args = g_new0 (DismissArgs, 1);
  args->id = g_strdup (id);
  /* A copy: the worker gives it an id and merges it */
  args->paper = paper != NULL && dismissed ? papers_paper_copy (paper) : NULL;
  args->dismissed = dismissed;
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_DISMISS], args);
}

void
papers_store_list_dismissed_async (PapersStore         *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LIST_DISMISSED], NULL);
}

/**
 * papers_store_list_dismissed_finish:
 *
 * Returns: (transfer full): the ids
 */
GStrv
papers_store_list_dismissed_finish (PapersStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LIST_DISMISSED], error);
}

void
papers_store_follow_async (PapersStore         *self,
                           PapersFollowKind     kind,
                           const char          *value,
                           gboolean             follow,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  FollowArgs *args;

  g_return_if_fail (PAPERS_IS_STORE (self));
  g_return_if_fail (kind == PAPERS_FOLLOW_AUTHOR || kind == PAPERS_FOLLOW_SEARCH);

  args = g_new0 (FollowArgs, 1);
  args->kind = kind;
  args->value = g_strdup (value);
  args->follow = follow;
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_FOLLOW], args);
}

void
papers_store_list_follows_async (PapersStore         *self,
                                 PapersFollowKind     kind,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  g_return_if_fail (kind == PAPERS_FOLLOW_AUTHOR || kind == PAPERS_FOLLOW_SEARCH);
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LIST_FOLLOWS], g_memdup2 (&kind, sizeof kind));
}

/**
 * papers_store_list_follows_finish:
 *
 * Returns: (transfer full): the names or searches followed
 */
GStrv
papers_store_list_follows_finish (PapersStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LIST_FOLLOWS], error);
}

void
papers_store_load_rank_state_async (PapersStore         *self,
                                    GHashTable          *known,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LOAD_RANK_STATE], known != NULL ? copy_stamps (known) : NULL);
}

/**
 * papers_store_load_rank_state_finish:
 *
 * Returns: (transfer full): the state
 */
PapersRankState *
papers_store_load_rank_state_finish (PapersStore   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LOAD_RANK_STATE], error);
}

void
papers_store_save_rank_model_async (PapersStore         *self,
                                    GBytes              *model,
                                    guint32              version,
                                    GHashTable          *stamps,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  SaveModelArgs *args;

  g_return_if_fail (PAPERS_IS_STORE (self));
  g_return_if_fail (model != NULL && stamps != NULL);

  args = g_new0 (SaveModelArgs, 1);
  args->model = g_bytes_ref (model);
  args->version = version;
  args->stamps = copy_stamps (stamps);
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SAVE_RANK_MODEL], args);
}
