/* papers-store.c: the library database, owned by one worker thread
 *
 * Like Epiphany's history service, one thread owns the SQLite connection
 * and takes jobs from a queue in order, so the main thread never waits on
 * the disk and no two statements ever race.  An _async call queues a job
 * carrying a GTask; the worker runs it, then hands the result and the
 * changes it made back to the caller's main context, which announces the
 * changes (signals) before completing the task.  Each kind of job is one
 * entry of a table (papers-store-job.h): its typed arguments, what it
 * runs on the connection, how its result is freed, and what it writes and
 * announces.  The operations are in files by concern, beside their kinds:
 * papers-store-papers.c, -state.c, -search.c, -tags.c, -reading.c and
 * -listings.c.  Callers without a main loop of their own wait through
 * papers_store_wait() (papers-store-wait.h), on the same path.
 *
 * A GCancellable cancels a queued job before it starts and a running one
 * through SQLite's progress handler, so a search that a newer keystroke
 * replaced stops within microseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-store-job.h"

G_DEFINE_QUARK (papers-store-error-quark, papers_store_error)

#define MAINTENANCE_DELAY_S 60

struct _PapersStore
{
  GObject       parent_instance;

  PapersDb     *db;
  char         *path;
  GThread      *thread;
  GAsyncQueue  *queue;
  /* Held while a job uses the connection */
  GMutex        lock;
  /* The jobs queued or running, atomic: a blocking call only runs in
   * place when it would not overtake one. */
  gint          pending;
  /* Jobs queued to the worker, and those it has finished (their results
   * handed to the main context): papers_store_wait_queued() */
  GMutex        done_lock;
  GCond         done_cond;
  guint64       queued;
  guint64       finished;
  GMainContext *context;
  guint         maintenance_source;
  gboolean      read_only;
  /* Atomic: one more for each write asked for (papers_store_get_generation()) */
  gint          generation;
};

G_DEFINE_FINAL_TYPE (PapersStore, papers_store, G_TYPE_OBJECT)

enum {
  PAPER_CHANGED,
  PAPERS_ADDED,
  PAPERS_REMOVED,
  TAGS_CHANGED,
  ANNOTATIONS_CHANGED,
  DAMAGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  PapersStore        *store;
  const PapersStoreJobKind *kind;  /* NULL: the worker's signal to stop */
  gpointer            args;
  GCancellable       *cancellable;
  GTask              *task;

  gboolean            ok;
  gpointer            result;
  GError             *error;
  PapersStoreChanges  changes;
} Job;

static Job *
job_new (PapersStore   *store,
         const PapersStoreJobKind *kind,
         gpointer       args,
         GCancellable  *cancellable)
{
  Job *job = g_new0 (Job, 1);

  job->store = store;
  job->kind = kind;
  job->args = args;
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  if (kind != NULL && (kind->flags & PAPERS_STORE_JOB_WRITES) != 0)
    papers_store_changes_init (&job->changes);
  return job;
}

static void
job_free (Job *job)
{
  if (job->args != NULL && job->kind->args_free != NULL)
    job->kind->args_free (job->args);
  if (job->result != NULL)
    job->kind->result_free (job->result);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->task);
  g_clear_error (&job->error);
  if (job->changes.added != NULL)
    papers_store_changes_clear (&job->changes);
  g_free (job);
}

static void
emit_changes (PapersStore        *self,
              const PapersStoreJobKind *kind,
              PapersStoreChanges *changes)
{
  if (changes->added == NULL)
    return;
  /* A kind announces only what its table entry says it does */
  g_assert ((kind->flags & PAPERS_STORE_JOB_ANNOUNCES_PAPERS) != 0 ||
            changes->added->len + changes->removed->len + changes->changed->len == 0);
  g_assert ((kind->flags & PAPERS_STORE_JOB_ANNOUNCES_ANNOTATIONS) != 0 || changes->annotations->len == 0);
  g_assert ((kind->flags & PAPERS_STORE_JOB_ANNOUNCES_TAGS) != 0 || !changes->tags);

  if (changes->added->len > 0)
    {
      g_ptr_array_add (changes->added, NULL);
      g_signal_emit (self, signals[PAPERS_ADDED], 0, changes->added->pdata);
      g_ptr_array_remove_index (changes->added, changes->added->len - 1);
    }
  if (changes->removed->len > 0)
    {
      g_ptr_array_add (changes->removed, NULL);
      g_signal_emit (self, signals[PAPERS_REMOVED], 0, changes->removed->pdata);
      g_ptr_array_remove_index (changes->removed, changes->removed->len - 1);
    }
  for (guint i = 0; i < changes->changed->len; i++)
    g_signal_emit (self, signals[PAPER_CHANGED], 0, changes->changed->pdata[i]);
  for (guint i = 0; i < changes->annotations->len; i++)
    g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0, changes->annotations->pdata[i]);
  if (changes->tags)
    g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

/* In the caller's main context: announces what the job changed, then
 * completes its task */
static gboolean
complete (gpointer data)
{
  Job *job = data;

  if (!job->ok)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else
    {
      emit_changes (job->store, job->kind, &job->changes);
      if (job->kind->result_free == NULL)
        g_task_return_boolean (job->task, TRUE);
      else
        g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->kind->result_free);
    }
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* Runs @func in @context, in an iteration of its own: never in this
 * thread, nor inside the call that asked for a job, where @context may
 * still be the thread's default (a wait's private one), which would take
 * the calls a signal handler makes.  (g_main_context_invoke() runs @func
 * at once where it can acquire @context.) */
static void
invoke_later (GMainContext *context,
              GSourceFunc   func,
              gpointer      data)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, "[papers] store job done");
  /* Once attached, the source may run and its caller let @context go (a
   * papers_store_wait()'s private context, at once) while this thread
   * still holds the source.  Unreffing it locks its context, and a
   * context being finalized meanwhile in the other thread was a freed
   * mutex to lock: `papers-reader fetch` hung, or crashed, on exit once in
   * a while.  Holding @context until then keeps its end in this thread. */
  g_main_context_ref (context);
  g_source_attach (source, context);
  g_source_unref (source);
  g_main_context_unref (context);
}

/* Runs @job on the connection; the caller holds self->lock */
static void
run_job (PapersStore *self,
         Job         *job)
{
  if (!g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    {
      papers_db_set_cancellable (self->db, job->cancellable);
      job->ok = job->kind->run (self->db, job->args, &job->result,
                                job->changes.added != NULL ? &job->changes : NULL, &job->error);
      papers_db_set_cancellable (self->db, NULL);
      g_assert (job->ok || job->error != NULL);
    }
}

static gpointer
worker (gpointer data)
{
  PapersStore *self = data;

  for (;;)
    {
      Job *job = g_async_queue_pop (self->queue);

      if (job->kind == NULL)
        {
          job_free (job);
          break;
        }

      g_mutex_lock (&self->lock);
      run_job (self, job);
      g_atomic_int_add (&self->pending, -1);
      g_mutex_unlock (&self->lock);

      invoke_later (g_task_get_context (job->task), complete, job);
      g_mutex_lock (&self->done_lock);
      self->finished++;
      g_cond_broadcast (&self->done_cond);
      g_mutex_unlock (&self->done_lock);
    }

  papers_db_close (self->db);
  self->db = NULL;
  return NULL;
}

/**
 * papers_store_submit:
 *
 * Queues a job of @kind with @args (which it takes) and completes it in
 * the caller's main context.
 */
void
papers_store_submit (PapersStore               *self,
                     const PapersStoreJobKind  *kind,
                     gpointer                   args,
                     GCancellable              *cancellable,
                     GAsyncReadyCallback        callback,
                     gpointer                   user_data)
{
  Job *job = job_new (self, kind, args, cancellable);

  /* When asked rather than when run: a read asked for after this write
   * runs after it, so a caller that compares generations never takes a
   * write still queued for one it has seen */
  if ((kind->flags & PAPERS_STORE_JOB_WRITES) != 0 && (kind->flags & PAPERS_STORE_JOB_KEEPS_GENERATION) == 0)
    g_atomic_int_inc (&self->generation);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, (gpointer) kind);
  g_task_set_name (job->task, kind->name);

  /* A caller that blocks on the result (papers_store_wait()) has its job
   * run here, under the lock, when nothing is queued: it would only wait
   * for the worker otherwise.  Anything queued goes first, so jobs keep
   * the order they were asked in.  The window's calls never take the
   * lock: the worker holds it for as long as a query runs. */
  if (callback == papers_store_wait_ready)
    {
      g_mutex_lock (&self->lock);
      if (g_atomic_int_get (&self->pending) == 0)
        {
          run_job (self, job);
          g_mutex_unlock (&self->lock);
          invoke_later (g_task_get_context (job->task), complete, job);
          return;
        }
      g_mutex_unlock (&self->lock);
    }

  g_atomic_int_inc (&self->pending);
  g_mutex_lock (&self->done_lock);
  self->queued++;
  g_mutex_unlock (&self->done_lock);
  g_async_queue_push (self->queue, job);
}

gpointer
papers_store_finish_pointer (PapersStore               *self,
                             GAsyncResult              *result,
                             const PapersStoreJobKind  *kind,
                             GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kind, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The wait */

void
papers_store_wait_begin (PapersStoreWait *wait)
{
  wait->context = g_main_context_new ();
  wait->result = NULL;
  g_main_context_push_thread_default (wait->context);
}

void
papers_store_wait_ready (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data)
{
  PapersStoreWait *wait = data;

  wait->result = g_object_ref (result);
}

/**
 * papers_store_wait_end:
 *
 * Returns: (transfer none): the result, alive until papers_store_wait_clear()
 */
GAsyncResult *
papers_store_wait_end (PapersStoreWait *wait)
{
  /* The job's task has its context: what its completion runs (signal
   * handlers) makes calls of its own, which belong to the caller's. */
  g_main_context_pop_thread_default (wait->context);
  while (wait->result == NULL)
    g_main_context_iteration (wait->context, TRUE);
  return wait->result;
}

void
papers_store_wait_clear (PapersStoreWait *wait)
{
  g_clear_object (&wait->result);
  g_clear_pointer (&wait->context, g_main_context_unref);
}

static void
papers_store_finalize (GObject *object)
{
  PapersStore *self = (PapersStore *) object;

  if (self->maintenance_source != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->maintenance_source);
      if (source != NULL)
        g_source_destroy (source);
    }
  if (self->thread != NULL)
    {
      g_async_queue_push (self->queue, job_new (self, NULL, NULL, NULL));
      g_thread_join (self->thread);
    }
  else
    papers_db_close (self->db);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->done_lock);
  g_cond_clear (&self->done_cond);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);

  G_OBJECT_CLASS (papers_store_parent_class)->finalize (object);
}

static void
papers_store_class_init (PapersStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = papers_store_finalize;

  /**
   * PapersStore::paper-changed:
   * @id: the paper
   *
   * The paper's data or library state changed: views holding it reload it
   * with papers_store_get_paper_async().
   */
  signals[PAPER_CHANGED] = g_signal_new ("paper-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[PAPERS_ADDED] = g_signal_new ("papers-added", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRV);
  signals[PAPERS_REMOVED] = g_signal_new ("papers-removed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRV);
  signals[TAGS_CHANGED] = g_signal_new ("tags-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
  signals[ANNOTATIONS_CHANGED] = g_signal_new ("annotations-changed", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * PapersStore::damaged:
   * @error: a %PAPERS_STORE_ERROR_CORRUPT error naming the latest good backup
   *
   * The daily check found the database damaged.
   */
  signals[DAMAGED] = g_signal_new ("damaged", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
papers_store_init (PapersStore *self)
{
  self->queue = g_async_queue_new ();
  g_mutex_init (&self->lock);
  g_mutex_init (&self->done_lock);
  g_cond_init (&self->done_cond);
  self->context = g_main_context_ref_thread_default ();
}

/**
 * papers_store_wait_queued:
 * @timeout_us: the longest wait, in microseconds
 *
 * Waits, at most @timeout_us, for the jobs queued so far to finish.  When
 * they have, their results are waiting in the main context: at default
 * priority, they come before the next frame is drawn.  A search typed
 * into the window waits a few milliseconds this way, so the frame that
 * shows the typed character shows its results too.
 *
 * Returns: %TRUE if every job queued before the call has finished
 */
gboolean
papers_store_wait_queued (PapersStore *self,
                          gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  gboolean done;

  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  g_mutex_lock (&self->done_lock);
  while (self->finished < self->queued)
    if (!g_cond_wait_until (&self->done_cond, &self->done_lock, deadline))
      break;
  done = self->finished >= self->queued;
  g_mutex_unlock (&self->done_lock);
  return done;
}

/**
 * papers_store_dup_default_path:
 *
 * Returns: (transfer full): $PAPERS_LIBRARY if set, else
 *   $XDG_DATA_HOME/org.example.Papers/library.db
 */
char *
papers_store_dup_default_path (void)
{
  const char *env = g_getenv ("PAPERS_LIBRARY");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), BASE_APP_ID, "library.db", NULL);
}

static gboolean maintain_when_idle (gpointer data);

/* $PAPERS_MAINTENANCE_DELAY (seconds) lets the tests have the
 * application make its daily backup without waiting a minute. */
static guint
maintenance_delay (void)
{
  const char *env = g_getenv ("PAPERS_MAINTENANCE_DELAY");
  guint64 delay;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 0, 3600, &delay, NULL))
    return delay;
  return MAINTENANCE_DELAY_S;
}

static PapersStore *
store_new_for_db (PapersDb *db)
{
  PapersStore *self = g_object_new (PAPERS_TYPE_STORE, NULL);

  self->db = db;
  self->path = g_strdup (papers_db_get_path (db));
  self->read_only = papers_db_is_read_only (db);
  self->thread = g_thread_new ("papers-store", worker, self);

  /* The daily check and backup, a minute after start-up: only where a main
   * loop runs (the application), never in the command line or benchmark;
   * and never beside a library that cannot be written, whose folder would
   * not take the copy either. */
  if (!self->read_only)
    {
      GSource *source = g_timeout_source_new_seconds (maintenance_delay ());

      g_source_set_callback (source, maintain_when_idle, self, NULL);
      g_source_set_static_name (source, "[papers] library maintenance");
      self->maintenance_source = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  return self;
}

/**
 * papers_store_new_full:
 * @path: (nullable): the database file, or %NULL for the default one
 * @flags: what to check on open
 * @error: return location for a #PAPERS_STORE_ERROR
 *
 * Opens (creating and migrating as needed) the library database.  This
 * blocks: the application uses papers_store_open_async().
 *
 * Returns: (transfer full): the store, or %NULL
 */
PapersStore *
papers_store_new_full (const char            *path,
                       PapersStoreOpenFlags   flags,
                       GError               **error)
{
  g_autofree char *default_path = path == NULL ? papers_store_dup_default_path () : NULL;
  PapersDb *db = papers_db_open_full (path ? path : default_path,
                                      (flags & PAPERS_STORE_OPEN_CHECK_INTEGRITY) != 0,
                                      (flags & PAPERS_STORE_OPEN_READ_ONLY_OK) != 0, error);

  return db != NULL ? store_new_for_db (db) : NULL;
}

/**
 * papers_store_new:
 * @path: (nullable): the database file, or %NULL for the default one
 * @error: return location for a #PAPERS_STORE_ERROR
 *
 * Returns: (transfer full): the store, or %NULL
 */
PapersStore *
papers_store_new (const char  *path,
                  GError     **error)
{
  return papers_store_new_full (path, PAPERS_STORE_OPEN_DEFAULT, error);
}

typedef struct
{
  char                 *path;
  PapersStoreOpenFlags  flags;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  PapersDb *db = papers_db_open_full (data->path, (data->flags & PAPERS_STORE_OPEN_CHECK_INTEGRITY) != 0,
                                      (data->flags & PAPERS_STORE_OPEN_READ_ONLY_OK) != 0, &error);

  if (db == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, db, (GDestroyNotify) papers_db_close);
}

/**
 * papers_store_open_full_async:
 * @path: (nullable): the database file, or %NULL for the default one
 * @flags: what to check on open, and whether a library that cannot be
 *   written opens read-only
 *
 * Opens the library on a thread; papers_store_open_finish() gives it.
 */
void
papers_store_open_full_async (const char           *path,
                              PapersStoreOpenFlags  flags,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenData *data = g_new0 (OpenData, 1);

  data->path = path ? g_strdup (path) : papers_store_dup_default_path ();
  data->flags = flags;
  g_task_set_source_tag (task, papers_store_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

void
papers_store_open_async (const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  papers_store_open_full_async (path, PAPERS_STORE_OPEN_DEFAULT, cancellable, callback, user_data);
}

/**
 * papers_store_open_finish:
 *
 * Returns: (transfer full): the store, or %NULL
 */
PapersStore *
papers_store_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  PapersDb *db = g_task_propagate_pointer (G_TASK (result), error);

  return db != NULL ? store_new_for_db (db) : NULL;
}

const char *
papers_store_get_path (PapersStore *self)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), NULL);
  return self->path;
}

/**
 * papers_store_is_read_only:
 *
 * Returns: whether the library was opened read-only
 *   (%PAPERS_STORE_OPEN_READ_ONLY_OK): every write fails with
 *   %PAPERS_STORE_ERROR_READ_ONLY
 */
gboolean
papers_store_is_read_only (PapersStore *self)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return self->read_only;
}

/* Results */

/* Find, load, count */

/**
 * papers_store_copy_papers:
 *
 * Returns: (transfer full): copies of @papers, for the worker, as the
 *   caller keeps using its objects
 */
GPtrArray *
papers_store_copy_papers (GPtrArray *papers)
{
  GPtrArray *copy = g_ptr_array_new_full (papers ? papers->len : 0, g_object_unref);

  for (guint i = 0; papers != NULL && i < papers->len; i++)
    g_ptr_array_add (copy, papers_paper_copy (papers->pdata[i]));
  return copy;
}

/**
 * papers_store_write_finish:
 *
 * Finishes any operation that gives back nothing but success: upserting,
 * removing, setting, tagging, saving.
 *
 * Returns: %TRUE if it was done
 */
gboolean
papers_store_write_finish (PapersStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  const PapersStoreJobKind *kind;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  kind = g_task_get_source_tag (G_TASK (result));
  g_return_val_if_fail (kind != NULL && (kind->flags & PAPERS_STORE_JOB_WRITES) != 0 && kind->result_free == NULL,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The test hook: a job that holds the connection until @release is
 * cancelled, having set *@started. */
typedef struct
{
  gint         *started;
  GCancellable *release;
} HoldArgs;

static void
hold_args_free (gpointer data)
{
  HoldArgs *args = data;

  g_object_unref (args->release);
  g_free (args);
}

static gboolean
run_hold (PapersDb            *db,
          gpointer             data,
          gpointer            *result,
          PapersStoreChanges  *changes,
          GError             **error)
{
  HoldArgs *args = data;

  g_atomic_int_set (args->started, TRUE);
  while (!g_cancellable_is_cancelled (args->release))
    g_usleep (1000);
  return TRUE;
}

static const PapersStoreJobKind hold_kind = {
  "hold (test)", run_hold, hold_args_free, NULL, PAPERS_STORE_JOB_READS
};

void
papers_store_hold_for_test (PapersStore         *self,
                            gint                *started,
                            GCancellable        *release,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  HoldArgs *args = g_new0 (HoldArgs, 1);

  args->started = started;
  args->release = g_object_ref (release);
  papers_store_submit (self, &hold_kind, args, NULL, callback, user_data);
}

/* Maintenance
 *
 * It runs on a connection of its own, read-only, in a thread of its own:
 * with WAL, reading does not block the worker, so an integrity check
 * and a backup of a large library never hold up a search. */

typedef struct
{
  GTask                    *task;
  char                     *path;
  PapersStoreMaintainFlags  flags;
  GError                   *error;
} Maintenance;

static gboolean
maintenance_done (gpointer data)
{
  Maintenance *maintenance = data;

  if (maintenance->error != NULL)
    g_task_return_error (maintenance->task, maintenance->error);
  else
    g_task_return_boolean (maintenance->task, TRUE);
  g_object_unref (maintenance->task);
  g_free (maintenance->path);
  g_free (maintenance);
  return G_SOURCE_REMOVE;
}

/* A thread of its own rather than g_task_run_in_thread(), whose thread
 * keeps the task, and so the store, a moment after the callback: a
 * caller that drops the store after waiting must be its last owner, or
 * the connection outlives it. */
static gpointer
maintain_thread (gpointer data)
{
  Maintenance *maintenance = data;
  gboolean force_backup = (maintenance->flags & PAPERS_STORE_MAINTAIN_FORCE_BACKUP) != 0;
  PapersDb *db = papers_db_open_readonly (maintenance->path, &maintenance->error);

  /* Only a database that passes the check is copied: every backup is a
   * good one. */
  if (db != NULL)
    {
      if (papers_db_check_integrity (db, &maintenance->error))
        papers_db_backup (db, force_backup, &maintenance->error);
      papers_db_close (db);
    }
  invoke_later (g_task_get_context (maintenance->task), maintenance_done, maintenance);
  return NULL;
}

void
papers_store_maintain_async (PapersStore              *self,
                             PapersStoreMaintainFlags  flags,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  Maintenance *maintenance;

  g_return_if_fail (PAPERS_IS_STORE (self));

  maintenance = g_new0 (Maintenance, 1);
  maintenance->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (maintenance->task, papers_store_maintain_async);
  maintenance->path = g_strdup (self->path);
  maintenance->flags = flags;
  g_thread_unref (g_thread_new ("papers-maintain", maintain_thread, maintenance));
}

gboolean
papers_store_maintain_finish (PapersStore   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_maintained (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PapersStore *self = PAPERS_STORE (source);
  g_autoptr(GError) error = NULL;

  if (!papers_store_maintain_finish (self, result, &error))
    {
      g_warning ("%s", error->message);
      g_signal_emit (self, signals[DAMAGED], 0, error);
    }
}

static gboolean
maintain_when_idle (gpointer data)
{
  PapersStore *self = data;

  self->maintenance_source = 0;
  papers_store_maintain_async (self, PAPERS_STORE_MAINTAIN_DEFAULT, NULL, on_maintained, NULL);
  return G_SOURCE_REMOVE;
}

/**
 * papers_store_get_generation:
 *
 * A number that changes whenever a write to the library is asked for
 * (but For You's own model): a caller that read something at one
 * generation need not read it again while the generation is the same.
 * Writes by other processes do not change it.
 *
 * Returns: the generation
 */
guint
papers_store_get_generation (PapersStore *self)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), 0);
  return (guint) g_atomic_int_get (&self->generation);
}
