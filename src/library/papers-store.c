/* papers-store.c: the library database, owned by one worker thread
 *
 * Like Epiphany's history service, one thread owns the SQLite connection
 * and takes jobs from a queue in order, so the main thread never waits on
 * the disk and no two statements ever race.  An _async call queues a job
 * carrying a GTask; the worker runs it, then hands the result and the
 * changes it made back to the caller's main context, which announces the
 * changes (signals) before completing the task.  Each kind of job is one
 * entry of kinds[]: its typed arguments, what it runs on the connection,
 * how its result is freed, and what it writes and announces.  Callers
 * without a main loop of their own wait through papers_store_wait()
 * (papers-store-wait.h), on the same path.
 *
 * A GCancellable cancels a queued job before it starts and a running one
 * through SQLite's progress handler, so a search that a newer keystroke
 * replaced stops within microseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-store-private.h"
#include "papers-store-wait.h"

G_DEFINE_QUARK (papers-store-error-quark, papers_store_error)

#define MAINTENANCE_DELAY_S 60

struct _PapersCachedListing
{
  gatomicrefcount  ref_count;
  char            *source;
  char            *key;
  GPtrArray       *papers;
  GDateTime       *fetched;
  char            *etag;
  char            *last_modified;
};

G_DEFINE_BOXED_TYPE (PapersCachedListing, papers_cached_listing,
                     papers_cached_listing_ref, papers_cached_listing_unref)

PapersCachedListing *
papers_cached_listing_new (const char *source,
                           const char *key,
                           GPtrArray  *papers,
                           GDateTime  *fetched,
                           const char *etag,
                           const char *last_modified)
{
  PapersCachedListing *self = g_new0 (PapersCachedListing, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->source = g_strdup (source);
  self->key = g_strdup (key);
  self->papers = g_ptr_array_ref (papers);
  self->fetched = fetched ? g_date_time_ref (fetched) : NULL;
  self->etag = g_strdup (etag);
  self->last_modified = g_strdup (last_modified);
  return self;
}

PapersCachedListing *
papers_cached_listing_ref (PapersCachedListing *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
papers_cached_listing_unref (PapersCachedListing *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->source);
  g_free (self->key);
  g_ptr_array_unref (self->papers);
  g_clear_pointer (&self->fetched, g_date_time_unref);
  g_free (self->etag);
  g_free (self->last_modified);
  g_free (self);
}

const char *papers_cached_listing_get_source (PapersCachedListing *self) { return self->source; }
const char *papers_cached_listing_get_key (PapersCachedListing *self) { return self->key; }
/**
 * papers_cached_listing_get_papers:
 * @self: a listing
 *
 * Returns: (transfer none) (element-type PapersPaper): the papers, in order
 */
GPtrArray *papers_cached_listing_get_papers (PapersCachedListing *self) { return self->papers; }
GDateTime *papers_cached_listing_get_fetched (PapersCachedListing *self) { return self->fetched; }
const char *papers_cached_listing_get_etag (PapersCachedListing *self) { return self->etag; }
const char *papers_cached_listing_get_last_modified (PapersCachedListing *self) { return self->last_modified; }

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

/* A job kind: what the worker runs for one operation.  Each has its own
 * argument struct, freed by @args_free; @run fills *result, which
 * @result_free frees, or leaves it NULL for a kind that gives back only
 * success (papers_store_write_finish()).  @flags say whether it writes
 * and which of the store's signals it may emit: a writing job gets a
 * PapersStoreChanges to note them in, announced when it completes. */
typedef gboolean (*JobRunFunc) (PapersDb            *db,
                                gpointer             args,
                                gpointer            *result,
                                PapersStoreChanges  *changes,
                                GError             **error);

typedef enum
{
  JOB_READS                 = 0,
  JOB_WRITES                = 1 << 0,
  JOB_ANNOUNCES_PAPERS      = 1 << 1,  /* papers-added, -removed, paper-changed */
  JOB_ANNOUNCES_TAGS        = 1 << 2,
  JOB_ANNOUNCES_ANNOTATIONS = 1 << 3,
} JobFlags;

typedef struct
{
  const char     *name;
  JobRunFunc      run;
  GDestroyNotify  args_free;
  GDestroyNotify  result_free;
  JobFlags        flags;
} JobKind;

typedef struct
{
  PapersStore        *store;
  const JobKind      *kind;     /* NULL: the worker's signal to stop */
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
         const JobKind *kind,
         gpointer       args,
         GCancellable  *cancellable)
{
  Job *job = g_new0 (Job, 1);

  job->store = store;
  job->kind = kind;
  job->args = args;
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  if (kind != NULL && (kind->flags & JOB_WRITES) != 0)
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
              const JobKind      *kind,
              PapersStoreChanges *changes)
{
  if (changes->added == NULL)
    return;
  /* A kind announces only what its table entry says it does */
  g_assert ((kind->flags & JOB_ANNOUNCES_PAPERS) != 0 ||
            changes->added->len + changes->removed->len + changes->changed->len == 0);
  g_assert ((kind->flags & JOB_ANNOUNCES_ANNOTATIONS) != 0 || changes->annotations->len == 0);
  g_assert ((kind->flags & JOB_ANNOUNCES_TAGS) != 0 || !changes->tags);

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
  g_source_attach (source, context);
  g_source_unref (source);
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

/* Queues a job of @kind with @args (which it takes) and completes it in
 * the caller's main context. */
static void
submit (PapersStore         *self,
        const JobKind       *kind,
        gpointer             args,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  Job *job = job_new (self, kind, args, cancellable);

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

static gpointer
finish_pointer (PapersStore    *self,
                GAsyncResult   *result,
                const JobKind  *kind,
                GError        **error)
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

struct _PapersFound
{
  gatomicrefcount  ref_count;
  GArray          *keys;
  GPtrArray       *loaded;
};

G_DEFINE_BOXED_TYPE (PapersFound, papers_found, papers_found_ref, papers_found_unref)

static PapersFound *
papers_found_new (void)
{
  PapersFound *found = g_new0 (PapersFound, 1);

  g_atomic_ref_count_init (&found->ref_count);
  found->keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  return found;
}

PapersFound *
papers_found_ref (PapersFound *found)
{
  g_atomic_ref_count_inc (&found->ref_count);
  return found;
}

void
papers_found_unref (PapersFound *found)
{
  if (!g_atomic_ref_count_dec (&found->ref_count))
    return;
  g_array_unref (found->keys);
  g_clear_pointer (&found->loaded, g_ptr_array_unref);
  g_free (found);
}

guint
papers_found_get_n_keys (PapersFound *found)
{
  return found->keys->len;
}

/**
 * papers_found_get_keys:
 *
 * Returns: (array length=papers_found_get_n_keys): the keys, in order
 */
const gint64 *
papers_found_get_keys (PapersFound *found)
{
  return (const gint64 *) (gpointer) found->keys->data;
}

/**
 * papers_found_get_loaded:
 *
 * Returns: (transfer none) (element-type PapersPaper): the first papers,
 *   in order
 */
GPtrArray *
papers_found_get_loaded (PapersFound *found)
{
  return found->loaded;
}

PapersCounts *
papers_counts_copy (const PapersCounts *counts)
{
  return g_memdup2 (counts, sizeof *counts);
}

void
papers_counts_free (PapersCounts *counts)
{
  g_free (counts);
}

G_DEFINE_BOXED_TYPE (PapersCounts, papers_counts, papers_counts_copy, papers_counts_free)

PapersReadingPosition *
papers_reading_position_copy (const PapersReadingPosition *position)
{
  return g_memdup2 (position, sizeof *position);
}

void
papers_reading_position_free (PapersReadingPosition *position)
{
  g_free (position);
}

G_DEFINE_BOXED_TYPE (PapersReadingPosition, papers_reading_position,
                     papers_reading_position_copy, papers_reading_position_free)

/* The job kinds: each one's typed arguments (made by the operation that
 * submits it, freed with the job), its run on the connection, and its
 * entry in kinds[] below */

static GPtrArray *
copy_papers (GPtrArray *papers)
{
  GPtrArray *copy = g_ptr_array_new_full (papers ? papers->len : 0, g_object_unref);

  for (guint i = 0; papers != NULL && i < papers->len; i++)
    g_ptr_array_add (copy, papers_paper_copy (papers->pdata[i]));
  return copy;
}

/* An argument that is just an id, an annotation, a list of ids or keys
 * needs no struct of its own: */
static char **
ids_new (const char * const *ids)
{
  return ids != NULL ? g_strdupv ((char **) ids) : g_new0 (char *, 1);
}

static GArray *
keys_new (const gint64 *keys,
          guint         n_keys)
{
  GArray *array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_keys);

  g_array_append_vals (array, keys, n_keys);
  return array;
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
    args->papers = copy_papers (papers);
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

      if (rowid > 0)
        g_array_append_val (rowids, rowid);
      else if (!g_error_matches (local_error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  *result = papers_store_db_load (db, rowids, error);
  return *result != NULL;
}

typedef struct
{
  char  *query;
  guint  offset;
  guint  limit;
} SearchArgs;

static SearchArgs *
search_args_new (const char *query,
                 guint       offset,
                 guint       limit)
{
  SearchArgs *args = g_new0 (SearchArgs, 1);

  args->query = g_strdup (query ? query : "");
  args->offset = offset;
  args->limit = limit;
  return args;
}

static void
search_args_free (gpointer data)
{
  SearchArgs *args = data;

  g_free (args->query);
  g_free (args);
}

static gboolean
run_search (PapersDb            *db,
            gpointer             data,
            gpointer            *result,
            PapersStoreChanges  *changes,
            GError             **error)
{
  SearchArgs *args = data;
  g_autoptr(PapersQuery) query = papers_query_parse (args->query, error);
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) papers = NULL;
  GListStore *list;

  if (query == NULL || !papers_search_run (db, query, args->offset, args->limit, rowids, error))
    return FALSE;
  papers = papers_store_db_load (db, rowids, error);
  if (papers == NULL)
    return FALSE;

  list = g_list_store_new (PAPERS_TYPE_PAPER);
  g_list_store_splice (list, 0, 0, papers->pdata, papers->len);
  *result = list;
  return TRUE;
}

typedef struct
{
  char            *query;
  char            *filter_key;
  char            *filter_value;
  PapersSort       sort;
  PapersFindFlags  flags;
  guint            limit;
  guint            n_load;
} FindArgs;

static FindArgs *
find_args_new (const char      *query,
               const char      *filter_key,
               const char      *filter_value,
               PapersSort       sort,
               PapersFindFlags  flags,
               guint            limit,
               guint            n_load)
{
  FindArgs *args = g_new0 (FindArgs, 1);

  args->query = g_strdup (query ? query : "");
  args->filter_key = g_strdup (filter_key);
  args->filter_value = g_strdup (filter_value);
  args->sort = sort;
  args->flags = flags;
  args->limit = limit;
  args->n_load = n_load;
  return args;
}

static void
find_args_free (gpointer data)
{
  FindArgs *args = data;

  g_free (args->query);
  g_free (args->filter_key);
  g_free (args->filter_value);
  g_free (args);
}

static gboolean
run_find (PapersDb            *db,
          gpointer             data,
          gpointer            *result,
          PapersStoreChanges  *changes,
          GError             **error)
{
  FindArgs *args = data;
  g_autoptr(PapersQuery) query = papers_query_parse (args->query, error);
  g_autoptr(PapersFound) found = papers_found_new ();
  g_autoptr(GArray) first = NULL;
  guint n_load;

  if (query == NULL ||
      !papers_search_find (db, query, args->filter_key, args->filter_value, args->sort,
                           (args->flags & PAPERS_FIND_QUICK) != 0, args->limit, found->keys, error))
    return FALSE;
  n_load = MIN (args->n_load, found->keys->len);
  first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (first, found->keys->data, n_load);
  found->loaded = papers_store_db_load_keyed (db, first, error);
  if (found->loaded == NULL)
    return FALSE;
  *result = g_steal_pointer (&found);
  return TRUE;
}

static gboolean
run_load (PapersDb            *db,
          gpointer             keys,
          gpointer            *result,
          PapersStoreChanges  *changes,
          GError             **error)
{
  *result = papers_store_db_load_keyed (db, keys, error);
  return *result != NULL;
}

static gboolean
run_count (PapersDb            *db,
           gpointer             data,
           gpointer            *result,
           PapersStoreChanges  *changes,
           GError             **error)
{
  PapersCounts counts = { 0 };

  if (!papers_search_count (db, &counts, error))
    return FALSE;
  *result = papers_counts_copy (&counts);
  return TRUE;
}

/* A paper's library state: its status or its star */
typedef struct
{
  char       *id;
  const char *column;  /* static: "status" or "starred" */
  int         value;
} StateArgs;

static StateArgs *
state_args_new (const char *id,
                const char *column,
                int         value)
{
  StateArgs *args = g_new0 (StateArgs, 1);

  args->id = g_strdup (id);
  args->column = column;
  args->value = value;
  return args;
}

static void
state_args_free (gpointer data)
{
  StateArgs *args = data;

  g_free (args->id);
  g_free (args);
}

static gboolean
run_set_state (PapersDb            *db,
               gpointer             data,
               gpointer            *result,
               PapersStoreChanges  *changes,
               GError             **error)
{
  StateArgs *args = data;

  return papers_store_db_set_state (db, args->id, args->column, args->value, changes, error);
}

/* A paper and a text: its note, or its PDF's text */
typedef struct
{
  char *id;
  char *text;
} PaperTextArgs;

static PaperTextArgs *
paper_text_args_new (const char *id,
                     const char *text)
{
  PaperTextArgs *args = g_new0 (PaperTextArgs, 1);

  args->id = g_strdup (id);
  args->text = g_strdup (text);
  return args;
}

static void
paper_text_args_free (gpointer data)
{
  PaperTextArgs *args = data;

  g_free (args->id);
  g_free (args->text);
  g_free (args);
}

static gboolean
run_set_note (PapersDb            *db,
              gpointer             data,
              gpointer            *result,
              PapersStoreChanges  *changes,
              GError             **error)
{
  PaperTextArgs *args = data;

  return papers_store_db_set_note (db, args->id, args->text, changes, error);
}

static gboolean
run_set_pdf_text (PapersDb            *db,
                  gpointer             data,
                  gpointer            *result,
                  PapersStoreChanges  *changes,
                  GError             **error)
{
  PaperTextArgs *args = data;

  return papers_store_db_set_pdf_text (db, args->id, args->text, error);
}

typedef struct
{
  char  *id;
  char **add;
  char **remove;
} TagPaperArgs;

static TagPaperArgs *
tag_paper_args_new (const char         *id,
                    const char * const *add,
                    const char * const *remove)
{
  TagPaperArgs *args = g_new0 (TagPaperArgs, 1);

  args->id = g_strdup (id);
  args->add = g_strdupv ((char **) add);
  args->remove = g_strdupv ((char **) remove);
  return args;
}

static void
tag_paper_args_free (gpointer data)
{
  TagPaperArgs *args = data;

  g_free (args->id);
  g_strfreev (args->add);
  g_strfreev (args->remove);
  g_free (args);
}

static gboolean
run_tag_paper (PapersDb            *db,
               gpointer             data,
               gpointer            *result,
               PapersStoreChanges  *changes,
               GError             **error)
{
  TagPaperArgs *args = data;

  return papers_store_db_tag_paper (db, args->id, (const char * const *) args->add,
                                    (const char * const *) args->remove, changes, error);
}

static gboolean
run_list_tags (PapersDb            *db,
               gpointer             data,
               gpointer            *result,
               PapersStoreChanges  *changes,
               GError             **error)
{
  *result = papers_store_db_list_tags (db, error);
  return *result != NULL;
}

typedef struct
{
  PapersTagEdit  edit;
  char          *name;
  char          *value;
} EditTagArgs;

static EditTagArgs *
edit_tag_args_new (PapersTagEdit  edit,
                   const char    *name,
                   const char    *value)
{
  EditTagArgs *args = g_new0 (EditTagArgs, 1);

  args->edit = edit;
  args->name = g_strdup (name);
  args->value = g_strdup (value);
  return args;
}

static void
edit_tag_args_free (gpointer data)
{
  EditTagArgs *args = data;

  g_free (args->name);
  g_free (args->value);
  g_free (args);
}

static gboolean
run_edit_tag (PapersDb            *db,
              gpointer             data,
              gpointer            *result,
              PapersStoreChanges  *changes,
              GError             **error)
{
  EditTagArgs *args = data;

  return papers_store_db_edit_tag (db, args->edit, args->name, args->value, changes, error);
}

typedef struct
{
  char   *id;
  char   *path;
  gint64  size;
  char   *sha256;
} SetPdfArgs;

static SetPdfArgs *
set_pdf_args_new (const char *id,
                  const char *path,
                  gint64      size,
                  const char *sha256)
{
  SetPdfArgs *args = g_new0 (SetPdfArgs, 1);

  args->id = g_strdup (id);
  args->path = g_strdup (path);
  args->size = size;
  args->sha256 = g_strdup (sha256);
  return args;
}

static void
set_pdf_args_free (gpointer data)
{
  SetPdfArgs *args = data;

  g_free (args->id);
  g_free (args->path);
  g_free (args->sha256);
  g_free (args);
}

static gboolean
run_set_pdf (PapersDb            *db,
             gpointer             data,
             gpointer            *result,
             PapersStoreChanges  *changes,
             GError             **error)
{
  SetPdfArgs *args = data;

  return papers_store_db_set_pdf (db, args->id, args->path, args->size, args->sha256, changes, error);
}

static gboolean
run_get_position (PapersDb            *db,
                  gpointer             id,
                  gpointer            *result,
                  PapersStoreChanges  *changes,
                  GError             **error)
{
  PapersReadingPosition position;

  if (!papers_store_db_get_position (db, id, &position.page, &position.offset, &position.zoom, error))
    return FALSE;
  *result = papers_reading_position_copy (&position);
  return TRUE;
}

typedef struct
{
  char                  *id;
  PapersReadingPosition  position;
} SetPositionArgs;

static SetPositionArgs *
set_position_args_new (const char *id,
                       int         page,
                       double      offset,
                       double      zoom)
{
  SetPositionArgs *args = g_new0 (SetPositionArgs, 1);

  args->id = g_strdup (id);
  args->position = (PapersReadingPosition) { page, offset, zoom };
  return args;
}

static void
set_position_args_free (gpointer data)
{
  SetPositionArgs *args = data;

  g_free (args->id);
  g_free (args);
}

static gboolean
run_set_position (PapersDb            *db,
                  gpointer             data,
                  gpointer            *result,
                  PapersStoreChanges  *changes,
                  GError             **error)
{
  SetPositionArgs *args = data;

  return papers_store_db_set_position (db, args->id, args->position.page, args->position.offset,
                                       args->position.zoom, error);
}

static gboolean
run_list_annotations (PapersDb            *db,
                      gpointer             id,
                      gpointer            *result,
                      PapersStoreChanges  *changes,
                      GError             **error)
{
  *result = papers_store_db_list_annotations (db, id, error);
  return *result != NULL;
}

/* The argument of adding and updating is the caller's PapersAnnotation.
 * The worker writes the id and times into it: the job keeps it alive,
 * and the caller does not touch it until completion. */
static gboolean
run_add_annotation (PapersDb            *db,
                    gpointer             annotation,
                    gpointer            *result,
                    PapersStoreChanges  *changes,
                    GError             **error)
{
  return papers_store_db_save_annotation (db, annotation, TRUE, changes, error);
}

static gboolean
run_update_annotation (PapersDb            *db,
                       gpointer             annotation,
                       gpointer            *result,
                       PapersStoreChanges  *changes,
                       GError             **error)
{
  return papers_store_db_save_annotation (db, annotation, FALSE, changes, error);
}

/* The argument: the annotation's id, in a gint64 of its own */
static gboolean
run_remove_annotation (PapersDb            *db,
                       gpointer             annotation_id,
                       gpointer            *result,
                       PapersStoreChanges  *changes,
                       GError             **error)
{
  return papers_store_db_remove_annotation (db, *(gint64 *) annotation_id, changes, error);
}

/* A listing; loading one takes only its source and key */
typedef struct
{
  char      *source;
  char      *key;
  char      *etag;
  char      *last_modified;
  GPtrArray *papers;
} ListingArgs;

static ListingArgs *
listing_args_new (const char *source,
                  const char *key,
                  const char *etag,
                  const char *last_modified,
                  GPtrArray  *papers)
{
  ListingArgs *args = g_new0 (ListingArgs, 1);

  args->source = g_strdup (source);
  args->key = g_strdup (key);
  args->etag = g_strdup (etag);
  args->last_modified = g_strdup (last_modified);
  args->papers = papers != NULL ? copy_papers (papers) : NULL;
  return args;
}

static void
listing_args_free (gpointer data)
{
  ListingArgs *args = data;

  g_free (args->source);
  g_free (args->key);
  g_free (args->etag);
  g_free (args->last_modified);
  g_clear_pointer (&args->papers, g_ptr_array_unref);
  g_free (args);
}

static gboolean
run_save_listing (PapersDb            *db,
                  gpointer             data,
                  gpointer            *result,
                  PapersStoreChanges  *changes,
                  GError             **error)
{
  ListingArgs *args = data;

  return papers_store_db_save_listing (db, args->source, args->key, args->etag, args->last_modified,
                                       args->papers, changes, error);
}

static gboolean
run_load_listing (PapersDb            *db,
                  gpointer             data,
                  gpointer            *result,
                  PapersStoreChanges  *changes,
                  GError             **error)
{
  ListingArgs *args = data;

  *result = papers_store_db_load_listing (db, args->source, args->key, error);
  return *result != NULL;
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

typedef enum
{
  JOB_UPSERT,
  JOB_GET_PAPER,
  JOB_REMOVE_PAPERS,
  JOB_GET_PAPERS,
  JOB_SEARCH,
  JOB_FIND,
  JOB_LOAD,
  JOB_COUNT,
  JOB_SET_STATE,
  JOB_SET_NOTE,
  JOB_SET_PDF,
  JOB_SET_PDF_TEXT,
  JOB_TAG_PAPER,
  JOB_LIST_TAGS,
  JOB_EDIT_TAG,
  JOB_GET_POSITION,
  JOB_SET_POSITION,
  JOB_LIST_ANNOTATIONS,
  JOB_ADD_ANNOTATION,
  JOB_UPDATE_ANNOTATION,
  JOB_REMOVE_ANNOTATION,
  JOB_SAVE_LISTING,
  JOB_LOAD_LISTING,
  JOB_HOLD,
} JobKindId;

#define WRITES_PAPERS (JOB_WRITES | JOB_ANNOUNCES_PAPERS)
/* (A paper annotated enters the library) */
#define WRITES_ANNOTATIONS (JOB_WRITES | JOB_ANNOUNCES_PAPERS | JOB_ANNOUNCES_ANNOTATIONS)

static const JobKind kinds[] = {
  [JOB_UPSERT]            = { "upsert papers", run_upsert, upsert_args_free, NULL,
                              WRITES_PAPERS | JOB_ANNOUNCES_TAGS },
  [JOB_GET_PAPER]         = { "get paper", run_get_paper, g_free, g_object_unref, JOB_READS },
  [JOB_REMOVE_PAPERS]     = { "remove papers", run_remove_papers, (GDestroyNotify) g_strfreev, NULL, WRITES_PAPERS },
  [JOB_GET_PAPERS]        = { "get papers", run_get_papers, (GDestroyNotify) g_strfreev,
                              (GDestroyNotify) g_ptr_array_unref, JOB_READS },
  [JOB_SEARCH]            = { "search", run_search, search_args_free, g_object_unref, JOB_READS },
  [JOB_FIND]              = { "find", run_find, find_args_free, (GDestroyNotify) papers_found_unref, JOB_READS },
  [JOB_LOAD]              = { "load", run_load, (GDestroyNotify) g_array_unref,
                              (GDestroyNotify) g_ptr_array_unref, JOB_READS },
  [JOB_COUNT]             = { "count", run_count, NULL, (GDestroyNotify) papers_counts_free, JOB_READS },
  [JOB_SET_STATE]         = { "set state", run_set_state, state_args_free, NULL, WRITES_PAPERS },
  [JOB_SET_NOTE]          = { "set note", run_set_note, paper_text_args_free, NULL, WRITES_PAPERS },
  [JOB_SET_PDF]           = { "set pdf", run_set_pdf, set_pdf_args_free, NULL, WRITES_PAPERS },
  [JOB_SET_PDF_TEXT]      = { "set pdf text", run_set_pdf_text, paper_text_args_free, NULL, JOB_WRITES },
  [JOB_TAG_PAPER]         = { "tag paper", run_tag_paper, tag_paper_args_free, NULL,
                              WRITES_PAPERS | JOB_ANNOUNCES_TAGS },
  [JOB_LIST_TAGS]         = { "list tags", run_list_tags, NULL, g_object_unref, JOB_READS },
  [JOB_EDIT_TAG]          = { "edit tag", run_edit_tag, edit_tag_args_free, NULL,
                              WRITES_PAPERS | JOB_ANNOUNCES_TAGS },
  [JOB_GET_POSITION]      = { "get reading position", run_get_position, g_free,
                              (GDestroyNotify) papers_reading_position_free, JOB_READS },
  [JOB_SET_POSITION]      = { "set reading position", run_set_position, set_position_args_free, NULL,
                              JOB_WRITES },
  [JOB_LIST_ANNOTATIONS]  = { "list annotations", run_list_annotations, g_free, g_object_unref, JOB_READS },
  [JOB_ADD_ANNOTATION]    = { "add annotation", run_add_annotation, g_object_unref, NULL, WRITES_ANNOTATIONS },
  [JOB_UPDATE_ANNOTATION] = { "update annotation", run_update_annotation, g_object_unref, NULL,
                              WRITES_ANNOTATIONS },
  [JOB_REMOVE_ANNOTATION] = { "remove annotation", run_remove_annotation, g_free, NULL,
                              JOB_WRITES | JOB_ANNOUNCES_ANNOTATIONS },
  [JOB_SAVE_LISTING]      = { "save listing", run_save_listing, listing_args_free, NULL, WRITES_PAPERS },
  [JOB_LOAD_LISTING]      = { "load listing", run_load_listing, listing_args_free,
                              (GDestroyNotify) papers_cached_listing_unref, JOB_READS },
  [JOB_HOLD]              = { "hold (test)", run_hold, hold_args_free, NULL, JOB_READS },
};

/* The operations: each makes its job's arguments and submits it.  (Their
 * documentation is in papers-store.h.) */

#define SUBMIT(self, kind, args) \
  submit ((self), &kinds[(kind)], (args), cancellable, callback, user_data)

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
  const JobKind *kind;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  kind = g_task_get_source_tag (G_TASK (result));
  g_return_val_if_fail (kind >= kinds && kind < kinds + G_N_ELEMENTS (kinds) && kind->result_free == NULL,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
papers_store_upsert_papers_async (PapersStore         *self,
                                  GPtrArray           *papers,
                                  gboolean             add_to_library,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_UPSERT, upsert_args_new (papers, add_to_library, callback));
}

void
papers_store_get_paper_async (PapersStore         *self,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_GET_PAPER, g_strdup (id));
}

PapersPaper *
papers_store_get_paper_finish (PapersStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_pointer (self, result, &kinds[JOB_GET_PAPER], error);
}

void
papers_store_remove_papers_async (PapersStore         *self,
                                  const char * const  *ids,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_REMOVE_PAPERS, ids_new (ids));
}

void
papers_store_get_papers_async (PapersStore         *self,
                               const char * const  *ids,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_GET_PAPERS, ids_new (ids));
}

GPtrArray *
papers_store_get_papers_finish (PapersStore   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, &kinds[JOB_GET_PAPERS], error);
}

void
papers_store_search_async (PapersStore         *self,
                           const char          *query,
                           guint                offset,
                           guint                limit,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_SEARCH, search_args_new (query, offset, limit));
}

GListModel *
papers_store_search_finish (PapersStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, &kinds[JOB_SEARCH], error);
}

void
papers_store_find_async (PapersStore         *self,
                         const char          *query,
                         const char          *filter_key,
                         const char          *filter_value,
                         PapersSort           sort,
                         PapersFindFlags      flags,
                         guint                limit,
                         guint                n_load,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_FIND, find_args_new (query, filter_key, filter_value, sort, flags, limit, n_load));
}

PapersFound *
papers_store_find_finish (PapersStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_pointer (self, result, &kinds[JOB_FIND], error);
}

void
papers_store_load_async (PapersStore         *self,
                         const gint64        *keys,
                         guint                n_keys,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_LOAD, keys_new (keys, n_keys));
}

GPtrArray *
papers_store_load_finish (PapersStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_pointer (self, result, &kinds[JOB_LOAD], error);
}

void
papers_store_count_async (PapersStore         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_COUNT, NULL);
}

PapersCounts *
papers_store_count_finish (PapersStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return finish_pointer (self, result, &kinds[JOB_COUNT], error);
}

void
papers_store_set_status_async (PapersStore         *self,
                               const char          *id,
                               PapersReadStatus     status,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_SET_STATE, state_args_new (id, "status", status));
}

void
papers_store_set_starred_async (PapersStore         *self,
                                const char          *id,
                                gboolean             starred,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_SET_STATE, state_args_new (id, "starred", !!starred));
}

void
papers_store_set_note_async (PapersStore         *self,
                             const char          *id,
                             const char          *text,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_SET_NOTE, paper_text_args_new (id, text));
}

void
papers_store_set_pdf_async (PapersStore         *self,
                            const char          *id,
                            const char          *path,
                            gint64               size,
                            const char          *sha256,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_SET_PDF, set_pdf_args_new (id, path, size, sha256));
}

void
papers_store_set_pdf_text_async (PapersStore         *self,
                                 const char          *id,
                                 const char          *text,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_SET_PDF_TEXT, paper_text_args_new (id, text));
}

void
papers_store_tag_paper_async (PapersStore         *self,
                              const char          *id,
                              const char * const  *add,
                              const char * const  *remove,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_TAG_PAPER, tag_paper_args_new (id, add, remove));
}

void
papers_store_list_tags_async (PapersStore         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_LIST_TAGS, NULL);
}

GListModel *
papers_store_list_tags_finish (PapersStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_pointer (self, result, &kinds[JOB_LIST_TAGS], error);
}

void
papers_store_edit_tag_async (PapersStore         *self,
                             PapersTagEdit        edit,
                             const char          *name,
                             const char          *value,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_EDIT_TAG, edit_tag_args_new (edit, name, value));
}

void
papers_store_get_reading_position_async (PapersStore         *self,
                                         const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_GET_POSITION, g_strdup (id));
}

PapersReadingPosition *
papers_store_get_reading_position_finish (PapersStore   *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return finish_pointer (self, result, &kinds[JOB_GET_POSITION], error);
}

void
papers_store_set_reading_position_async (PapersStore         *self,
                                         const char          *id,
                                         int                  page,
                                         double               offset,
                                         double               zoom,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_SET_POSITION, set_position_args_new (id, page, offset, zoom));
}

void
papers_store_list_annotations_async (PapersStore         *self,
                                     const char          *paper_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_LIST_ANNOTATIONS, g_strdup (paper_id));
}

GListModel *
papers_store_list_annotations_finish (PapersStore   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, &kinds[JOB_LIST_ANNOTATIONS], error);
}

void
papers_store_add_annotation_async (PapersStore         *self,
                                   PapersAnnotation    *annotation,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_ADD_ANNOTATION, g_object_ref (annotation));
}

void
papers_store_update_annotation_async (PapersStore         *self,
                                      PapersAnnotation    *annotation,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_UPDATE_ANNOTATION, g_object_ref (annotation));
}

void
papers_store_remove_annotation_async (PapersStore         *self,
                                      gint64               annotation_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_REMOVE_ANNOTATION, g_memdup2 (&annotation_id, sizeof annotation_id));
}

void
papers_store_save_listing_async (PapersStore         *self,
                                 const char          *source,
                                 const char          *key,
                                 const char          *etag,
                                 const char          *last_modified,
                                 GPtrArray           *papers,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_SAVE_LISTING, listing_args_new (source, key, etag, last_modified, papers));
}

void
papers_store_load_listing_async (PapersStore         *self,
                                 const char          *source,
                                 const char          *key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  SUBMIT (self, JOB_LOAD_LISTING, listing_args_new (source, key, NULL, NULL, NULL));
}

PapersCachedListing *
papers_store_load_listing_finish (PapersStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pointer (self, result, &kinds[JOB_LOAD_LISTING], error);
}

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
  submit (self, &kinds[JOB_HOLD], args, NULL, callback, user_data);
}

/* Maintenance
 *
 * It runs on a connection of its own, read-only, in a thread of the GTask
 * pool: with WAL, reading does not block the worker, so an integrity check
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
