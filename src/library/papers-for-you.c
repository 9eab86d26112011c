/* papers-for-you.c: the For You ranking of listings, learned from the library
 *
 * PapersForYou owns a PapersRanker fed from the store.  Each operation
 * (an update, a ranking) runs alone, in turn, as a chain:
 *
 *   1. the store says what the ranker must know now (papers_store_load_
 *      rank_state_async()): a stamp per kept paper, dismissed paper and
 *      follow, and the papers whose stamp differs from what the ranker
 *      knows.  The first time, "what the ranker knows" is the stored
 *      model's stamps, and the stored model comes along;
 *   2. a worker thread reads the stored model (damaged or of another
 *      version: a new one, trained from the whole library), applies the
 *      difference (papers added, reweighted, removed, dismissed, follows),
 *      which updates the trained model in place, trains where there is no
 *      model yet, ranks the listing if there is one, and serializes the
 *      model if it changed;
 *   3. the store keeps the bytes and the stamps.
 *
 * The ranker is only touched by the thread of the running operation.
 * Dismissing and following write to the store; the next operation learns
 * them, so the store stays the one truth.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-for-you.h"
#include "papers-ranker-private.h"
#include "papers-store-job.h"

struct _PapersForYou
{
  GObject       parent_instance;

  PapersStore  *store;
  PapersRanker *ranker;   /* NULL until the first operation loads it */
  GHashTable   *known;    /* key → stamp: what the ranker learned from */
  GQueue        waiting;  /* GTask, operations waiting their turn */
  GTask        *running;
  guint         n_trainings;
  guint         n_updates;       /* of the background, in place */
  guint         n_state_loads;
  guint         generation;      /* the store's, when the ranker learned */
  gboolean      generation_known;
  gboolean      rebuilt;         /* the stored model was not usable */
  gboolean      needs_training;  /* the ranker has no model, or an old one */
  gboolean      unsaved;         /* the ranker changed since it was stored */
};

G_DEFINE_FINAL_TYPE (PapersForYou, papers_for_you, G_TYPE_OBJECT)

typedef struct
{
  GPtrArray       *papers;    /* NULL: an update alone */
  char            *tag;
  PapersRankState *state;
  /* The stored model could not be used, so its stamps say nothing of
   * the new ranker: the state is asked again against nothing known */
  gboolean         reload;
  guint            generation;  /* the store's, when the state was asked */
  GBytes          *save;
  PapersRanking   *ranking;
} Operation;

static void
operation_free (Operation *op)
{
  g_clear_pointer (&op->papers, g_ptr_array_unref);
  g_free (op->tag);
  g_clear_pointer (&op->state, papers_rank_state_free);
  g_clear_pointer (&op->save, g_bytes_unref);
  g_clear_pointer (&op->ranking, papers_ranking_free);
  g_free (op);
}

static void start_next (PapersForYou *self);

static void
papers_for_you_dispose (GObject *object)
{
  PapersForYou *self = PAPERS_FOR_YOU (object);

  /* Every operation holds a reference: none is left by now */
  g_assert (self->running == NULL && g_queue_is_empty (&self->waiting));
  g_clear_object (&self->ranker);
  g_clear_object (&self->store);
  g_clear_pointer (&self->known, g_hash_table_unref);

  G_OBJECT_CLASS (papers_for_you_parent_class)->dispose (object);
}

static void
papers_for_you_class_init (PapersForYouClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = papers_for_you_dispose;
}

static void
papers_for_you_init (PapersForYou *self)
{
  g_queue_init (&self->waiting);
}

/**
 * papers_for_you_new:
 * @store: the library
 *
 * Returns: (transfer full): a ranking that learns from @store
 */
PapersForYou *
papers_for_you_new (PapersStore *store)
{
  PapersForYou *self;

  g_return_val_if_fail (PAPERS_IS_STORE (store), NULL);

  self = g_object_new (PAPERS_TYPE_FOR_YOU, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * papers_for_you_get_store:
 *
 * Returns: (transfer none): the library
 */
PapersStore *
papers_for_you_get_store (PapersForYou *self)
{
  g_return_val_if_fail (PAPERS_IS_FOR_YOU (self), NULL);
  return self->store;
}

guint
papers_for_you_get_n_trainings (PapersForYou *self)
{
  g_return_val_if_fail (PAPERS_IS_FOR_YOU (self), 0);
  return self->n_trainings;
}

guint
papers_for_you_get_n_state_loads (PapersForYou *self)
{
  g_return_val_if_fail (PAPERS_IS_FOR_YOU (self), 0);
  return self->n_state_loads;
}

guint
papers_for_you_get_n_updates (PapersForYou *self)
{
  g_return_val_if_fail (PAPERS_IS_FOR_YOU (self), 0);
  return self->n_updates;
}

gboolean
papers_for_you_get_rebuilt (PapersForYou *self)
{
  g_return_val_if_fail (PAPERS_IS_FOR_YOU (self), FALSE);
  return self->rebuilt;
}

/* The format version a ranker's bytes begin with, after their 8-byte
 * magic (papers_ranker_serialize()): kept beside the bytes so that a look
 * at the library says which version wrote them */
static guint32
model_version (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint32 version = 0;

  if (size >= 12)
    memcpy (&version, data + 8, 4);
  return GUINT32_FROM_LE (version);
}

/* The steps of an operation continue in the context of its caller (which
 * may be a private one, papers_store_wait()'s), so the store's and the
 * thread's answers come back there */
typedef void (*Step) (PapersForYou *self,
                      GTask        *task);

static void
run_in_context (PapersForYou *self,
                GTask        *task,
                Step          step)
{
  GMainContext *context = g_task_get_context (task);

  g_main_context_push_thread_default (context);
  step (self, task);
  g_main_context_pop_thread_default (context);
}

static void
finish (PapersForYou *self,
        GTask        *task,
        GError       *error)
{
  Operation *op = g_task_get_task_data (task);
  /* The task's callback may drop the last other reference (a round that
   * ranked once and is done): the queue is still looked at after it */
  g_autoptr(PapersForYou) hold = g_object_ref (self);

  g_assert (self->running == task);
  self->running = NULL;
  if (error != NULL)
    g_task_return_error (task, error);
  else if (op->papers != NULL)
    g_task_return_pointer (task, g_steal_pointer (&op->ranking), (GDestroyNotify) papers_ranking_free);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  start_next (self);
}

/* Step 3 */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GTask *task = data;
  PapersForYou *self = g_task_get_source_object (task);
  GError *error = NULL;

  /* A model that could not be kept (a read-only library) is trained again
   * next time; the ranking stands. */
  if (papers_store_write_finish (PAPERS_STORE (source), result, &error))
    self->unsaved = FALSE;
  else
    {
      g_debug ("The For You model was not kept: %s", error->message);
      g_clear_error (&error);
    }
  finish (self, task, NULL);
}

static void
save (PapersForYou *self,
      GTask        *task)
{
  Operation *op = g_task_get_task_data (task);

  papers_store_save_rank_model_async (self->store, op->save, model_version (op->save), self->known,
                                      g_task_get_cancellable (task), saved_cb, task);
}

/* Step 2, in a worker thread */

static gboolean
stamp_prefix (const char *key,
              const char *prefix)
{
  return strncmp (key, prefix, 2) == 0 && strlen (prefix) == 2;
}

/* Forgets what the ranker knows that the library no longer has */
static gboolean
apply_removals (PapersForYou    *self,
                PapersRankState *state)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->known);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (state->stamps, key))
      g_ptr_array_add (gone, key);

  for (guint i = 0; i < gone->len; i++)
    {
      const char *k = gone->pdata[i];

      if (stamp_prefix (k, "a:"))
        papers_ranker_follow_author (self->ranker, k + 2, FALSE);
      else if (stamp_prefix (k, "t:"))
        papers_ranker_follow_topic (self->ranker, k + 2, FALSE);
      else
        papers_ranker_remove (self->ranker, k + 2);
      /* (frees the key) */
      g_hash_table_remove (self->known, k);
    }
  return gone->len > 0;
}

/* Learns what the library has that the ranker does not know, or knows
 * otherwise */
static gboolean
apply_additions (PapersForYou    *self,
                 PapersRankState *state)
{
  g_autoptr(GHashTable) papers = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, stamp;
  gboolean changed = FALSE;

  for (guint i = 0; i < state->papers->len; i++)
    g_hash_table_insert (papers, (gpointer) papers_paper_get_id (state->papers->pdata[i]), state->papers->pdata[i]);

  g_hash_table_iter_init (&iter, state->stamps);
  while (g_hash_table_iter_next (&iter, &key, &stamp))
    {
      const char *k = key;
      PapersPaper *paper = g_hash_table_lookup (papers, k + 2);

      if (g_strcmp0 (g_hash_table_lookup (self->known, k), stamp) == 0)
        continue;
      if (stamp_prefix (k, "a:"))
        papers_ranker_follow_author (self->ranker, k + 2, TRUE);
      else if (stamp_prefix (k, "t:"))
        papers_ranker_follow_topic (self->ranker, k + 2, TRUE);
      else if (stamp_prefix (k, "p:") && paper != NULL)
        {
          double *weight = g_hash_table_lookup (state->weights, k + 2);

          papers_ranker_add_positive (self->ranker, paper, weight != NULL ? *weight : 1.0);
        }
      else if (stamp_prefix (k, "d:"))
        {
          /* A paper known by its id alone has nothing to learn from, and
           * must not stay a positive if it was one */
          if (paper != NULL)
            papers_ranker_add_negative (self->ranker, paper);
          else
            papers_ranker_remove (self->ranker, k + 2);
        }
      g_hash_table_replace (self->known, g_strdup (k), g_strdup (stamp));
      changed = TRUE;
    }
  return changed;
}

/* Takes the stored model, or a new ranker that knows nothing.  Returns
 * FALSE when the state must be asked again, against nothing known. */
static gboolean
load_ranker (PapersForYou    *self,
             PapersRankState *state)
{
  g_autoptr(GError) error = NULL;

  if (state->model != NULL)
    self->ranker = papers_ranker_deserialize (state->model, &error);
  if (self->ranker != NULL)
    {
      self->known = g_hash_table_ref (state->base);
      return TRUE;
    }

  if (error != NULL)
    {
      g_debug ("The stored For You model (format %u) is not usable, training a new one: %s",
               state->model_version, error->message);
      self->rebuilt = TRUE;
    }
  self->ranker = papers_ranker_new ();
  self->needs_training = TRUE;
  self->unsaved = TRUE;
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The state's papers are those the stored model lacked, not all */
  return g_hash_table_size (state->base) == 0;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PapersForYou *self = source_object;
  Operation *op = task_data;
  gboolean was_learning;
  gboolean changed;

  if (self->ranker == NULL && !load_ranker (self, op->state))
    {
      op->reload = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  was_learning = papers_ranker_is_learning (self->ranker);
  /* Removals first: a dismissed paper kept since is removed as dismissed,
   * then added as kept.  No state: the library did not change. */
  changed = op->state != NULL && apply_removals (self, op->state);
  changed = (op->state != NULL && apply_additions (self, op->state)) || changed;
  if (changed)
    {
      self->unsaved = TRUE;
      /* A ranker that was still learning has no model to update */
      self->needs_training |= was_learning;
    }

  if (!papers_ranker_is_learning (self->ranker))
    {
      /* The listing is the background, the papers shown and not kept, as
       * arXiv-sanity takes every paper not tagged; the ranker applies only
       * what differs from the background it has, so the same listing
       * again changes nothing.  A model is trained only when there was
       * none: changes updated the one there was. */
      guint updates = papers_ranker_get_n_updates (self->ranker);

      if (op->papers != NULL)
        papers_ranker_set_background (self->ranker, op->papers);
      if (self->needs_training)
        {
          papers_ranker_train (self->ranker);
          self->n_trainings++;
          self->needs_training = FALSE;
        }
      else if (papers_ranker_get_n_updates (self->ranker) != updates)
        {
          /* Another listing: the model was updated from where it was */
          self->n_updates++;
          self->unsaved = TRUE;
        }
    }
  if (op->papers != NULL)
    op->ranking = papers_ranker_score (self->ranker, op->papers, op->tag);
  if (self->unsaved)
    op->save = papers_ranker_serialize (self->ranker);
  g_task_return_boolean (task, TRUE);
}

static void load_state (PapersForYou *self, GTask *task);

static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  PapersForYou *self = PAPERS_FOR_YOU (source);
  Operation *op = g_task_get_task_data (task);

  g_task_propagate_boolean (G_TASK (result), NULL);
  if (op->state != NULL && !op->reload)
    {
      self->generation = op->generation;
      self->generation_known = TRUE;
    }
  g_clear_pointer (&op->state, papers_rank_state_free);
  if (op->reload)
    {
      op->reload = FALSE;
      run_in_context (self, task, load_state);
    }
  else if (op->save != NULL)
    run_in_context (self, task, save);
  else
    finish (self, task, NULL);
}

static void
apply (PapersForYou *self,
       GTask        *task)
{
  g_autoptr(GTask) thread_task = g_task_new (self, NULL, applied_cb, task);

  g_task_set_source_tag (thread_task, apply);
  g_task_set_task_data (thread_task, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (thread_task, apply_thread);
}

/* Step 1 */

static void
state_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GTask *task = data;
  PapersForYou *self = g_task_get_source_object (task);
  Operation *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->state = papers_store_load_rank_state_finish (PAPERS_STORE (source), result, &error);
  if (op->state == NULL)
    finish (self, task, error);
  else
    run_in_context (self, task, apply);
}

static void
load_state (PapersForYou *self,
            GTask        *task)
{
  Operation *op = g_task_get_task_data (task);

  /* Nothing was written since the ranker learned what the library held:
   * the stamps of every kept paper need not be asked again */
  if (self->ranker != NULL && self->generation_known && papers_store_get_generation (self->store) == self->generation)
    {
      apply (self, task);
      return;
    }
  op->generation = papers_store_get_generation (self->store);
  self->n_state_loads++;
  /* After a stored model that could not be read, self->known is empty:
   * every paper differs from it */
  papers_store_load_rank_state_async (self->store, self->known, g_task_get_cancellable (task), state_cb, task);
}

static void
start_next (PapersForYou *self)
{
  GTask *task;

  while (self->running == NULL && (task = g_queue_pop_head (&self->waiting)) != NULL)
    {
      GError *error = NULL;

      self->running = task;
      if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
        finish (self, task, error);
      else
        run_in_context (self, task, load_state);
    }
}

static void
queue (PapersForYou *self,
       GTask        *task)
{
  g_queue_push_tail (&self->waiting, task);
  start_next (self);
}

void
papers_for_you_update_async (PapersForYou        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PAPERS_IS_FOR_YOU (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_for_you_update_async);
  g_task_set_task_data (task, g_new0 (Operation, 1), (GDestroyNotify) operation_free);
  queue (self, task);
}

gboolean
papers_for_you_update_finish (PapersForYou  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == papers_for_you_update_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * papers_for_you_rank_async:
 * @papers: (element-type PapersPaper): the listing, copied
 * @tag: (nullable): rank for this tag
 *
 * Brings the model up to date, then ranks @papers on a worker thread.
 */
void
papers_for_you_rank_async (PapersForYou        *self,
                           GPtrArray           *papers,
                           const char          *tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  Operation *op;

  g_return_if_fail (PAPERS_IS_FOR_YOU (self));
  g_return_if_fail (papers != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_for_you_rank_async);
  op = g_new0 (Operation, 1);
  /* The caller's objects change on its thread while this one reads them */
  op->papers = papers_store_copy_papers (papers);
  op->tag = g_strdup (tag);
  g_task_set_task_data (task, op, (GDestroyNotify) operation_free);
  queue (self, task);
}

/**
 * papers_for_you_rank_finish:
 *
 * Returns: (transfer full): the ranking, in the order of the papers given;
 *   still learning, without scores, for a library too small to rank by
 */
PapersRanking *
papers_for_you_rank_finish (PapersForYou  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == papers_for_you_rank_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Dismissing and following */

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (papers_store_write_finish (PAPERS_STORE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static GTask *
change_task_new (PapersForYou        *self,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, papers_for_you_change_finish);
  return task;
}

void
papers_for_you_dismiss_async (PapersForYou        *self,
                              const char          *id,
                              PapersPaper         *paper,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_FOR_YOU (self));
  papers_store_dismiss_async (self->store, id, paper, TRUE, cancellable, changed_cb,
                              change_task_new (self, cancellable, callback, user_data));
}

void
papers_for_you_undismiss_async (PapersForYou        *self,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_FOR_YOU (self));
  papers_store_dismiss_async (self->store, id, NULL, FALSE, cancellable, changed_cb,
                              change_task_new (self, cancellable, callback, user_data));
}

void
papers_for_you_follow_async (PapersForYou        *self,
                             PapersFollowKind     kind,
                             const char          *value,
                             gboolean             follow,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_FOR_YOU (self));
  papers_store_follow_async (self->store, kind, value, follow, cancellable, changed_cb,
                             change_task_new (self, cancellable, callback, user_data));
}

gboolean
papers_for_you_change_finish (PapersForYou  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == papers_for_you_change_finish, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
