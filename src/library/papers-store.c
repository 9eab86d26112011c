/* papers-store.c: the library database, owned by one worker thread
 *
 * Like Epiphany's history service, one thread owns the SQLite connection
 * and takes jobs from a queue in order, so the main thread never waits on
 * the disk and no two statements ever race.  An _async call queues a job
 * carrying a GTask; the worker runs it, then hands the result and the
 * changes it made back to the caller's main context, which announces the
 * changes (signals) before completing the task.  A _sync call is for the
 * command line and the benchmark, which have no main loop to keep
 * responsive: it queues the same job and waits for it, or, when no job is
 * queued or running, runs it in place under the same lock the worker
 * takes, so access stays one job at a time and in order.
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

typedef struct _Job Job;
typedef gboolean (*JobFunc) (PapersDb  *db,
                             Job       *job,
                             GError   **error);

/* The arguments of every kind of job, so that one struct serves them all */
typedef struct
{
  char             *id;
  char             *text;
  char             *text2;
  char             *text3;
  char             *text4;
  GStrv             strv;
  GStrv             strv2;
  GPtrArray        *papers;
  GArray           *keys;
  PapersAnnotation *annotation;
  gboolean          flag;
  int               number;
  guint             offset;
  guint             limit;
  gint64            size;
  double            real;
  double            real2;
  gpointer          hook;     /* for tests */
  GCancellable     *release;  /* for tests */
} Args;

struct _Job
{
  PapersStore        *store;
  JobFunc             func;
  Args                args;
  GCancellable       *cancellable;
  GTask              *task;

  gboolean            ok;
  gpointer            result;
  GDestroyNotify      result_free;
  GError             *error;
  PapersStoreChanges  changes;

  /* for _sync */
  GMutex              mutex;
  GCond               cond;
  gboolean            done;
};

typedef struct
{
  int    page;
  double offset;
  double zoom;
} Position;

static Job *
job_new (PapersStore  *store,
         JobFunc       func,
         GCancellable *cancellable)
{
  Job *job = g_new0 (Job, 1);

  job->store = store;
  job->func = func;
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  papers_store_changes_init (&job->changes);
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);
  return job;
}

static void
job_free (Job *job)
{
  g_free (job->args.id);
  g_free (job->args.text);
  g_free (job->args.text2);
  g_free (job->args.text3);
  g_free (job->args.text4);
  g_strfreev (job->args.strv);
  g_strfreev (job->args.strv2);
  g_clear_pointer (&job->args.papers, g_ptr_array_unref);
  g_clear_pointer (&job->args.keys, g_array_unref);
  g_clear_object (&job->args.annotation);
  g_clear_object (&job->args.release);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->task);
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_clear_error (&job->error);
  papers_store_changes_clear (&job->changes);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
}

static void
emit_changes (PapersStore        *self,
              PapersStoreChanges *changes)
{
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

static gboolean
complete_async (gpointer data)
{
  Job *job = data;

  if (job->ok)
    {
      emit_changes (job->store, &job->changes);
      g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_free);
    }
  else
    g_task_return_error (job->task, g_steal_pointer (&job->error));

  job_free (job);
  return G_SOURCE_REMOVE;
}

/* Runs @job on the connection; the caller holds self->lock */
static void
run_job (PapersStore *self,
         Job         *job)
{
  if (!g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    {
      papers_db_set_cancellable (self->db, job->cancellable);
      job->ok = job->func (self->db, job, &job->error);
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

      if (job->func == NULL)
        {
          job_free (job);
          break;
        }

      g_mutex_lock (&self->lock);
      run_job (self, job);
      g_atomic_int_add (&self->pending, -1);
      g_mutex_unlock (&self->lock);

      if (job->task != NULL)
        g_main_context_invoke (g_task_get_context (job->task), complete_async, job);
      else
        {
          g_mutex_lock (&job->mutex);
          job->done = TRUE;
          g_cond_signal (&job->cond);
          g_mutex_unlock (&job->mutex);
        }
      g_mutex_lock (&self->done_lock);
      self->finished++;
      g_cond_broadcast (&self->done_cond);
      g_mutex_unlock (&self->done_lock);
    }

  papers_db_close (self->db);
  self->db = NULL;
  return NULL;
}

/* Gives @job to the worker, counted as pending and as queued */
static void
queue_job (PapersStore *self,
           Job         *job)
{
  g_atomic_int_inc (&self->pending);
  g_mutex_lock (&self->done_lock);
  self->queued++;
  g_mutex_unlock (&self->done_lock);
  g_async_queue_push (self->queue, job);
}

static void
run_async (Job                 *job,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  PapersStore *self = job->store;

  job->task = g_task_new (self, job->cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  /* Never the connection's lock here: the worker holds it for as long
   * as a query runs, and the main thread must not wait for that. */
  queue_job (self, job);
}

static gpointer
finish_pointer (PapersStore   *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_boolean (PapersStore   *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gpointer
run_sync (Job     *job,
          GError **error)
{
  PapersStore *self = job->store;
  gpointer result = NULL;
  gboolean ok;

  /* With nothing queued, the job runs here, under the lock, rather than
   * waking the worker and waiting to be woken: on a loaded machine each
   * of those two wake-ups can cost a time slice.  Otherwise it queues
   * behind the others, which keeps every job in the order it was asked. */
  g_mutex_lock (&self->lock);
  if (g_atomic_int_get (&self->pending) == 0)
    {
      run_job (self, job);
      g_mutex_unlock (&self->lock);
    }
  else
    {
      g_mutex_unlock (&self->lock);
      queue_job (self, job);

      g_mutex_lock (&job->mutex);
      while (!job->done)
        g_cond_wait (&job->cond, &job->mutex);
      g_mutex_unlock (&job->mutex);
    }

  ok = job->ok;
  if (ok)
    {
      emit_changes (self, &job->changes);
      result = g_steal_pointer (&job->result);
      /* Boolean jobs return no object: hand back something non-NULL. */
      if (result == NULL)
        result = GINT_TO_POINTER (TRUE);
    }
  else
    g_propagate_error (error, g_steal_pointer (&job->error));

  job_free (job);
  return result;
}

static gboolean
run_sync_boolean (Job     *job,
                  GError **error)
{
  return run_sync (job, error) != NULL;
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
      g_async_queue_push (self->queue, job_new (self, NULL, NULL));
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

static GPtrArray *
copy_papers (GPtrArray *papers)
{
  GPtrArray *copy = g_ptr_array_new_full (papers ? papers->len : 0, g_object_unref);

  /* The worker gets copies: the caller keeps using its objects. */
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    g_ptr_array_add (copy, papers_paper_copy (papers->pdata[i]));
  return copy;
}

/* Upsert */

static gboolean
do_upsert (PapersDb  *db,
           Job       *job,
           GError   **error)
{
  return papers_store_db_upsert (db, job->args.papers, job->args.flag, &job->changes, error);
}

static Job *
upsert_job (PapersStore  *self,
            GPtrArray    *papers,
            gboolean      add_to_library,
            GCancellable *cancellable)
{
  Job *job = job_new (self, do_upsert, cancellable);

  job->args.papers = copy_papers (papers);
  job->args.flag = add_to_library;
  return job;
}

/**
 * papers_store_upsert_papers_async:
 * @self: the store
 * @papers: (element-type PapersPaper): papers as a source or import knows them
 * @add_to_library: whether to keep them in the library too
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Inserts the papers, or merges them (papers_paper_merge()) into the same
 * papers already stored under their id, arXiv id or DOI; all in one
 * transaction.  With @add_to_library, their tags and note are kept too.
 */
void
papers_store_upsert_papers_async (PapersStore         *self,
                                  GPtrArray           *papers,
                                  gboolean             add_to_library,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  run_async (upsert_job (self, papers, add_to_library, cancellable), callback, user_data,
             papers_store_upsert_papers_async);
}

gboolean
papers_store_upsert_papers_finish (PapersStore   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_boolean (self, result, papers_store_upsert_papers_async, error);
}

/**
 * papers_store_upsert_papers_sync:
 *
 * Like papers_store_upsert_papers_async(), but blocks.  Papers given
 * without an id get theirs set.
 */
gboolean
papers_store_upsert_papers_sync (PapersStore   *self,
                                 GPtrArray     *papers,
                                 gboolean       add_to_library,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  Job *job;

  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);

  job = upsert_job (self, papers, add_to_library, cancellable);
  /* A blocking caller waits anyway, so it may as well learn the ids. */
  g_ptr_array_unref (job->args.papers);
  job->args.papers = g_ptr_array_ref (papers);
  return run_sync_boolean (job, error);
}

/* Get one paper */

static gboolean
do_get_paper (PapersDb  *db,
              Job       *job,
              GError   **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) papers = NULL;
  gint64 rowid = papers_store_db_lookup (db, job->args.id, error);

  if (rowid <= 0)
    return FALSE;
  g_array_append_val (rowids, rowid);
  papers = papers_store_db_load (db, rowids, error);
  if (papers == NULL)
    return FALSE;
  if (papers->len == 0)
    return papers_store_db_lookup (db, NULL, error) > 0;
  job->result = g_object_ref (papers->pdata[0]);
  job->result_free = g_object_unref;
  return TRUE;
}

static Job *
get_paper_job (PapersStore  *self,
               const char   *id,
               GCancellable *cancellable)
{
  Job *job = job_new (self, do_get_paper, cancellable);

  job->args.id = g_strdup (id);
  return job;
}

void
papers_store_get_paper_async (PapersStore         *self,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  run_async (get_paper_job (self, id, cancellable), callback, user_data, papers_store_get_paper_async);
}

/**
 * papers_store_get_paper_finish:
 *
 * Returns: (transfer full): the paper, or %NULL with
 *   %PAPERS_STORE_ERROR_NOT_FOUND
 */
PapersPaper *
papers_store_get_paper_finish (PapersStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_pointer (self, result, papers_store_get_paper_async, error);
}

PapersPaper *
papers_store_get_paper_sync (PapersStore   *self,
                             const char    *id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), NULL);
  return run_sync (get_paper_job (self, id, cancellable), error);
}

/* Remove */

static gboolean
do_remove (PapersDb  *db,
           Job       *job,
           GError   **error)
{
  return papers_store_db_remove (db, (const char * const *) job->args.strv, &job->changes, error);
}

static Job *
remove_job (PapersStore        *self,
            const char * const *ids,
            GCancellable       *cancellable)
{
  Job *job = job_new (self, do_remove, cancellable);

  job->args.strv = g_strdupv ((char **) ids);
  return job;
}

void
papers_store_remove_papers_async (PapersStore         *self,
                                  const char * const  *ids,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  run_async (remove_job (self, ids, cancellable), callback, user_data, papers_store_remove_papers_async);
}

gboolean
papers_store_remove_papers_finish (PapersStore   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_boolean (self, result, papers_store_remove_papers_async, error);
}

gboolean
papers_store_remove_papers_sync (PapersStore         *self,
                                 const char * const  *ids,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (remove_job (self, ids, cancellable), error);
}

/* Search */

static gboolean
do_search (PapersDb  *db,
           Job       *job,
           GError   **error)
{
  g_autoptr(PapersQuery) query = papers_query_parse (job->args.text, error);
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) papers = NULL;
  GListStore *list;

  if (query == NULL ||
      !papers_search_run (db, query, job->args.offset, job->args.limit, rowids, error))
    return FALSE;
  papers = papers_store_db_load (db, rowids, error);
  if (papers == NULL)
    return FALSE;

  list = g_list_store_new (PAPERS_TYPE_PAPER);
  g_list_store_splice (list, 0, 0, papers->pdata, papers->len);
  job->result = list;
  job->result_free = g_object_unref;
  return TRUE;
}

static Job *
search_job (PapersStore  *self,
            const char   *query,
            guint         offset,
            guint         limit,
            GCancellable *cancellable)
{
  Job *job = job_new (self, do_search, cancellable);

  job->args.text = g_strdup (query ? query : "");
  job->args.offset = offset;
  job->args.limit = limit;
  return job;
}

/**
 * papers_store_search_async:
 * @self: the store
 * @query: what the user typed (see "Search syntax" in README.md)
 * @offset: how many results to skip
 * @limit: how many results at most
 * @cancellable: (nullable): cancel it when a newer query replaces this one
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Searches the library.  A query the language refuses fails with a
 * #PAPERS_QUERY_ERROR whose message is meant for the user.
 */
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
  run_async (search_job (self, query, offset, limit, cancellable), callback, user_data,
             papers_store_search_async);
}

/**
 * papers_store_search_finish:
 *
 * Returns: (transfer full): a #GListModel of #PapersPaper, best first
 */
GListModel *
papers_store_search_finish (PapersStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, papers_store_search_async, error);
}

GListModel *
papers_store_search_sync (PapersStore   *self,
                          const char    *query,
                          guint          offset,
                          guint          limit,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), NULL);
  return run_sync (search_job (self, query, offset, limit, cancellable), error);
}

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

static gboolean
do_find (PapersDb  *db,
         Job       *job,
         GError   **error)
{
  g_autoptr(PapersQuery) query = papers_query_parse (job->args.text, error);
  g_autoptr(PapersFound) found = papers_found_new ();
  g_autoptr(GArray) first = NULL;
  guint n_load;

  if (query == NULL ||
      !papers_search_find (db, query, job->args.text2, job->args.text3, job->args.number, job->args.flag,
                           job->args.limit,
                           found->keys, error))
    return FALSE;
  n_load = MIN (job->args.offset, found->keys->len);
  first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (first, found->keys->data, n_load);
  found->loaded = papers_store_db_load_keyed (db, first, error);
  if (found->loaded == NULL)
    return FALSE;
  job->result = g_steal_pointer (&found);
  job->result_free = (GDestroyNotify) papers_found_unref;
  return TRUE;
}

static Job *
find_job (PapersStore     *self,
          const char      *query,
          const char      *filter_key,
          const char      *filter_value,
          PapersSort       sort,
          PapersFindFlags  flags,
          guint            limit,
          guint            n_load,
          GCancellable    *cancellable)
{
  Job *job = job_new (self, do_find, cancellable);

  job->args.text = g_strdup (query ? query : "");
  job->args.text2 = g_strdup (filter_key);
  job->args.text3 = g_strdup (filter_value);
  job->args.number = sort;
  job->args.flag = (flags & PAPERS_FIND_QUICK) != 0;
  job->args.limit = limit;
  job->args.offset = n_load;
  return job;
}

/**
 * papers_store_find_async:
 * @self: the store
 * @query: what the user typed (see "Search syntax" in README.md), or ""
 * @filter_key: (nullable): a search key the view adds, such as "tag"
 * @filter_value: (nullable): its value, taken whole
 * @sort: the order
 * @flags: %PAPERS_FIND_QUICK for a query being typed: by relevance, its
 *   first @limit matches as found fastest (the papers with the words in
 *   their title first, newest first) rather than ranked, which costs
 *   several times as much for a prefix ("mod*")
 * @limit: how many at most, 0 for all
 * @n_load: how many of the first to load
 * @cancellable: (nullable): cancel it when a newer query replaces this one
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the library for a window that shows a long list a screenful at a
 * time: the keys of every match, and the papers of the first screenful.
 * A query the language refuses fails with a #PAPERS_QUERY_ERROR.
 */
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
  run_async (find_job (self, query, filter_key, filter_value, sort, flags, limit, n_load, cancellable),
             callback, user_data,
             papers_store_find_async);
}

/**
 * papers_store_find_finish:
 *
 * Returns: (transfer full): what was found
 */
PapersFound *
papers_store_find_finish (PapersStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_pointer (self, result, papers_store_find_async, error);
}

PapersFound *
papers_store_find_sync (PapersStore     *self,
                        const char      *query,
                        const char      *filter_key,
                        const char      *filter_value,
                        PapersSort       sort,
                        PapersFindFlags  flags,
                        guint            limit,
                        guint            n_load,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), NULL);
  return run_sync (find_job (self, query, filter_key, filter_value, sort, flags, limit, n_load, cancellable),
                   error);
}

static gboolean
do_load (PapersDb  *db,
         Job       *job,
         GError   **error)
{
  GPtrArray *papers = papers_store_db_load_keyed (db, job->args.keys, error);

  if (papers == NULL)
    return FALSE;
  job->result = papers;
  job->result_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

void
papers_store_load_async (PapersStore         *self,
                         const gint64        *keys,
                         guint                n_keys,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Job *job;
  GArray *array;

  g_return_if_fail (PAPERS_IS_STORE (self));
  job = job_new (self, do_load, cancellable);
  array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_keys);
  g_array_append_vals (array, keys, n_keys);
  job->args.keys = array;
  run_async (job, callback, user_data, papers_store_load_async);
}

/**
 * papers_store_load_finish:
 *
 * Returns: (transfer full) (element-type PapersPaper): the papers, in the
 *   order of the keys, NULL where one is gone
 */
GPtrArray *
papers_store_load_finish (PapersStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_pointer (self, result, papers_store_load_async, error);
}

static gboolean
do_get_papers (PapersDb  *db,
               Job       *job,
               GError   **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *papers;

  for (guint i = 0; job->args.strv[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 rowid = papers_store_db_lookup (db, job->args.strv[i], &local_error);

      if (rowid > 0)
        g_array_append_val (rowids, rowid);
      else if (!g_error_matches (local_error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  papers = papers_store_db_load (db, rowids, error);
  if (papers == NULL)
    return FALSE;
  job->result = papers;
  job->result_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

void
papers_store_get_papers_async (PapersStore         *self,
                               const char * const  *ids,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (PAPERS_IS_STORE (self));
  job = job_new (self, do_get_papers, cancellable);
  job->args.strv = g_strdupv ((char **) ids);
  if (job->args.strv == NULL)
    job->args.strv = g_new0 (char *, 1);
  run_async (job, callback, user_data, papers_store_get_papers_async);
}

/**
 * papers_store_get_papers_finish:
 *
 * Returns: (transfer full) (element-type PapersPaper): the papers found
 */
GPtrArray *
papers_store_get_papers_finish (PapersStore   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, papers_store_get_papers_async, error);
}

static gboolean
do_count (PapersDb  *db,
          Job       *job,
          GError   **error)
{
  PapersCounts *counts = g_new0 (PapersCounts, 1);

  if (!papers_search_count (db, counts, error))
    {
      g_free (counts);
      return FALSE;
    }
  job->result = counts;
  job->result_free = g_free;
  return TRUE;
}

/* The test hook: a job that holds the connection until @release is
 * cancelled, having set *@started. */
static gboolean
do_hold (PapersDb  *db,
         Job       *job,
         GError   **error)
{
  g_atomic_int_set ((gint *) job->args.hook, TRUE);
  while (!g_cancellable_is_cancelled (job->args.release))
    g_usleep (1000);
  return TRUE;
}

void
papers_store_hold_for_test (PapersStore         *self,
                            gint                *started,
                            GCancellable        *release,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job = job_new (self, do_hold, NULL);

  job->args.hook = started;
  job->args.release = g_object_ref (release);
  run_async (job, callback, user_data, papers_store_hold_for_test);
}

void
papers_store_count_async (PapersStore         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  run_async (job_new (self, do_count, cancellable), callback, user_data, papers_store_count_async);
}

gboolean
papers_store_count_finish (PapersStore   *self,
                           GAsyncResult  *result,
                           PapersCounts  *counts,
                           GError       **error)
{
  g_autofree PapersCounts *found = finish_pointer (self, result, papers_store_count_async, error);

  if (found == NULL)
    return FALSE;
  *counts = *found;
  return TRUE;
}

/* Status, star, note */

static gboolean
do_set_state (PapersDb  *db,
              Job       *job,
              GError   **error)
{
  return papers_store_db_set_state (db, job->args.id, job->args.text, job->args.number,
                                    &job->changes, error);
}

static Job *
state_job (PapersStore  *self,
           const char   *id,
           const char   *column,
           int           value,
           GCancellable *cancellable)
{
  Job *job = job_new (self, do_set_state, cancellable);

  job->args.id = g_strdup (id);
  job->args.text = g_strdup (column);
  job->args.number = value;
  return job;
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
  run_async (state_job (self, id, "status", status, cancellable), callback, user_data,
             papers_store_set_status_async);
}

gboolean
papers_store_set_status_finish (PapersStore   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_boolean (self, result, papers_store_set_status_async, error);
}

gboolean
papers_store_set_status_sync (PapersStore       *self,
                              const char        *id,
                              PapersReadStatus   status,
                              GCancellable      *cancellable,
                              GError           **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (state_job (self, id, "status", status, cancellable), error);
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
  run_async (state_job (self, id, "starred", !!starred, cancellable), callback, user_data,
             papers_store_set_starred_async);
}

gboolean
papers_store_set_starred_finish (PapersStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_boolean (self, result, papers_store_set_starred_async, error);
}

gboolean
papers_store_set_starred_sync (PapersStore   *self,
                               const char    *id,
                               gboolean       starred,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (state_job (self, id, "starred", !!starred, cancellable), error);
}

static gboolean
do_set_note (PapersDb  *db,
             Job       *job,
             GError   **error)
{
  return papers_store_db_set_note (db, job->args.id, job->args.text, &job->changes, error);
}

static Job *
note_job (PapersStore  *self,
          const char   *id,
          const char   *text,
          GCancellable *cancellable)
{
  Job *job = job_new (self, do_set_note, cancellable);

  job->args.id = g_strdup (id);
  job->args.text = g_strdup (text);
  return job;
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
  run_async (note_job (self, id, text, cancellable), callback, user_data, papers_store_set_note_async);
}

gboolean
papers_store_set_note_finish (PapersStore   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_boolean (self, result, papers_store_set_note_async, error);
}

gboolean
papers_store_set_note_sync (PapersStore   *self,
                            const char    *id,
                            const char    *text,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (note_job (self, id, text, cancellable), error);
}

/* Tags */

static gboolean
do_tag_paper (PapersDb  *db,
              Job       *job,
              GError   **error)
{
  return papers_store_db_tag_paper (db, job->args.id, (const char * const *) job->args.strv,
                                    (const char * const *) job->args.strv2, &job->changes, error);
}

static Job *
tag_job (PapersStore        *self,
         const char         *id,
         const char * const *add,
         const char * const *remove,
         GCancellable       *cancellable)
{
  Job *job = job_new (self, do_tag_paper, cancellable);

  job->args.id = g_strdup (id);
  job->args.strv = g_strdupv ((char **) add);
  job->args.strv2 = g_strdupv ((char **) remove);
  return job;
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
  run_async (tag_job (self, id, add, remove, cancellable), callback, user_data,
             papers_store_tag_paper_async);
}

gboolean
papers_store_tag_paper_finish (PapersStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_boolean (self, result, papers_store_tag_paper_async, error);
}

gboolean
papers_store_tag_paper_sync (PapersStore         *self,
                             const char          *id,
                             const char * const  *add,
                             const char * const  *remove,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (tag_job (self, id, add, remove, cancellable), error);
}

static gboolean
do_list_tags (PapersDb  *db,
              Job       *job,
              GError   **error)
{
  job->result = papers_store_db_list_tags (db, error);
  job->result_free = g_object_unref;
  return job->result != NULL;
}

void
papers_store_list_tags_async (PapersStore         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  run_async (job_new (self, do_list_tags, cancellable), callback, user_data, papers_store_list_tags_async);
}

/**
 * papers_store_list_tags_finish:
 *
 * Returns: (transfer full): a #GListModel of #PapersTag
 */
GListModel *
papers_store_list_tags_finish (PapersStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_pointer (self, result, papers_store_list_tags_async, error);
}

GListModel *
papers_store_list_tags_sync (PapersStore   *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), NULL);
  return run_sync (job_new (self, do_list_tags, cancellable), error);
}

static gboolean
do_edit_tag (PapersDb  *db,
             Job       *job,
             GError   **error)
{
  return papers_store_db_edit_tag (db, job->args.number, job->args.text, job->args.text2,
                                   &job->changes, error);
}

static Job *
edit_tag_job (PapersStore   *self,
              PapersTagEdit  edit,
              const char    *name,
              const char    *value,
              GCancellable  *cancellable)
{
  Job *job = job_new (self, do_edit_tag, cancellable);

  job->args.number = edit;
  job->args.text = g_strdup (name);
  job->args.text2 = g_strdup (value);
  return job;
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
  run_async (edit_tag_job (self, edit, name, value, cancellable), callback, user_data,
             papers_store_edit_tag_async);
}

gboolean
papers_store_edit_tag_finish (PapersStore   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_boolean (self, result, papers_store_edit_tag_async, error);
}

gboolean
papers_store_edit_tag_sync (PapersStore    *self,
                            PapersTagEdit   edit,
                            const char     *name,
                            const char     *value,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (edit_tag_job (self, edit, name, value, cancellable), error);
}

/* PDF */

static gboolean
do_set_pdf (PapersDb  *db,
            Job       *job,
            GError   **error)
{
  return papers_store_db_set_pdf (db, job->args.id, job->args.text, job->args.size, job->args.text2,
                                  &job->changes, error);
}

static Job *
pdf_job (PapersStore  *self,
         const char   *id,
         const char   *path,
         gint64        size,
         const char   *sha256,
         GCancellable *cancellable)
{
  Job *job = job_new (self, do_set_pdf, cancellable);

  job->args.id = g_strdup (id);
  job->args.text = g_strdup (path);
  job->args.size = size;
  job->args.text2 = g_strdup (sha256);
  return job;
}

/**
 * papers_store_set_pdf_async:
 * @self: the store
 * @id: the paper
 * @path: (nullable): the local file, or %NULL to forget it
 * @size: its size in bytes
 * @sha256: (nullable): its SHA-256, hex
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Records the paper's downloaded PDF (adding the paper to the library).
 */
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
  run_async (pdf_job (self, id, path, size, sha256, cancellable), callback, user_data,
             papers_store_set_pdf_async);
}

gboolean
papers_store_set_pdf_finish (PapersStore   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_boolean (self, result, papers_store_set_pdf_async, error);
}

gboolean
papers_store_set_pdf_sync (PapersStore   *self,
                           const char    *id,
                           const char    *path,
                           gint64         size,
                           const char    *sha256,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (pdf_job (self, id, path, size, sha256, cancellable), error);
}

/* PDF text */

static gboolean
do_set_pdf_text (PapersDb  *db,
                 Job       *job,
                 GError   **error)
{
  return papers_store_db_set_pdf_text (db, job->args.id, job->args.text, error);
}

static Job *
pdf_text_job (PapersStore  *self,
              const char   *id,
              const char   *text,
              GCancellable *cancellable)
{
  Job *job = job_new (self, do_set_pdf_text, cancellable);

  job->args.id = g_strdup (id);
  job->args.text = g_strdup (text);
  return job;
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
  run_async (pdf_text_job (self, id, text, cancellable), callback, user_data,
             papers_store_set_pdf_text_async);
}

gboolean
papers_store_set_pdf_text_finish (PapersStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_boolean (self, result, papers_store_set_pdf_text_async, error);
}

gboolean
papers_store_set_pdf_text_sync (PapersStore   *self,
                                const char    *id,
                                const char    *text,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (pdf_text_job (self, id, text, cancellable), error);
}

/* Reading position */

static gboolean
do_get_position (PapersDb  *db,
                 Job       *job,
                 GError   **error)
{
  Position *position = g_new0 (Position, 1);

  if (!papers_store_db_get_position (db, job->args.id, &position->page, &position->offset,
                                     &position->zoom, error))
    {
      g_free (position);
      return FALSE;
    }
  job->result = position;
  job->result_free = g_free;
  return TRUE;
}

static Job *
get_position_job (PapersStore  *self,
                  const char   *id,
                  GCancellable *cancellable)
{
  Job *job = job_new (self, do_get_position, cancellable);

  job->args.id = g_strdup (id);
  return job;
}

static gboolean
unpack_position (Position  *position,
                 int       *page,
                 double    *offset,
                 double    *zoom)
{
  if (position == NULL)
    return FALSE;
  if (page != NULL)
    *page = position->page;
  if (offset != NULL)
    *offset = position->offset;
  if (zoom != NULL)
    *zoom = position->zoom;
  g_free (position);
  return TRUE;
}

void
papers_store_get_reading_position_async (PapersStore         *self,
                                         const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  run_async (get_position_job (self, id, cancellable), callback, user_data,
             papers_store_get_reading_position_async);
}

gboolean
papers_store_get_reading_position_finish (PapersStore   *self,
                                          GAsyncResult  *result,
                                          int           *page,
                                          double        *offset,
                                          double        *zoom,
                                          GError       **error)
{
  return unpack_position (finish_pointer (self, result, papers_store_get_reading_position_async, error),
                          page, offset, zoom);
}

gboolean
papers_store_get_reading_position_sync (PapersStore   *self,
                                        const char    *id,
                                        int           *page,
                                        double        *offset,
                                        double        *zoom,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return unpack_position (run_sync (get_position_job (self, id, cancellable), error), page, offset, zoom);
}

static gboolean
do_set_position (PapersDb  *db,
                 Job       *job,
                 GError   **error)
{
  return papers_store_db_set_position (db, job->args.id, job->args.number, job->args.real,
                                       job->args.real2, error);
}

static Job *
set_position_job (PapersStore  *self,
                  const char   *id,
                  int           page,
                  double        offset,
                  double        zoom,
                  GCancellable *cancellable)
{
  Job *job = job_new (self, do_set_position, cancellable);

  job->args.id = g_strdup (id);
  job->args.number = page;
  job->args.real = offset;
  job->args.real2 = zoom;
  return job;
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
  run_async (set_position_job (self, id, page, offset, zoom, cancellable), callback, user_data,
             papers_store_set_reading_position_async);
}

gboolean
papers_store_set_reading_position_finish (PapersStore   *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return finish_boolean (self, result, papers_store_set_reading_position_async, error);
}

gboolean
papers_store_set_reading_position_sync (PapersStore   *self,
                                        const char    *id,
                                        int            page,
                                        double         offset,
                                        double         zoom,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (set_position_job (self, id, page, offset, zoom, cancellable), error);
}

/* Annotations */

static gboolean
do_list_annotations (PapersDb  *db,
                     Job       *job,
                     GError   **error)
{
  job->result = papers_store_db_list_annotations (db, job->args.id, error);
  job->result_free = g_object_unref;
  return job->result != NULL;
}

static Job *
list_annotations_job (PapersStore  *self,
                      const char   *id,
                      GCancellable *cancellable)
{
  Job *job = job_new (self, do_list_annotations, cancellable);

  job->args.id = g_strdup (id);
  return job;
}

void
papers_store_list_annotations_async (PapersStore         *self,
                                     const char          *paper_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  run_async (list_annotations_job (self, paper_id, cancellable), callback, user_data,
             papers_store_list_annotations_async);
}

/**
 * papers_store_list_annotations_finish:
 *
 * Returns: (transfer full): a #GListModel of #PapersAnnotation by page
 */
GListModel *
papers_store_list_annotations_finish (PapersStore   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, papers_store_list_annotations_async, error);
}

GListModel *
papers_store_list_annotations_sync (PapersStore   *self,
                                    const char    *paper_id,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), NULL);
  return run_sync (list_annotations_job (self, paper_id, cancellable), error);
}

static gboolean
do_save_annotation (PapersDb  *db,
                    Job       *job,
                    GError   **error)
{
  return papers_store_db_save_annotation (db, job->args.annotation, job->args.flag, &job->changes, error);
}

static gboolean
do_remove_annotation (PapersDb  *db,
                      Job       *job,
                      GError   **error)
{
  return papers_store_db_remove_annotation (db, job->args.size, &job->changes, error);
}

/* The worker writes the id and times into the caller's object: the job
 * keeps it alive, and the caller does not touch it until completion. */
static Job *
annotation_job (PapersStore      *self,
                PapersAnnotation *annotation,
                gboolean          add,
                GCancellable     *cancellable)
{
  Job *job = job_new (self, do_save_annotation, cancellable);

  job->args.annotation = g_object_ref (annotation);
  job->args.flag = add;
  return job;
}

void
papers_store_add_annotation_async (PapersStore         *self,
                                   PapersAnnotation    *annotation,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  run_async (annotation_job (self, annotation, TRUE, cancellable), callback, user_data,
             papers_store_add_annotation_async);
}

gboolean
papers_store_add_annotation_finish (PapersStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_boolean (self, result, papers_store_add_annotation_async, error);
}

gboolean
papers_store_add_annotation_sync (PapersStore       *self,
                                  PapersAnnotation  *annotation,
                                  GCancellable      *cancellable,
                                  GError           **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (annotation_job (self, annotation, TRUE, cancellable), error);
}

void
papers_store_update_annotation_async (PapersStore         *self,
                                      PapersAnnotation    *annotation,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  run_async (annotation_job (self, annotation, FALSE, cancellable), callback, user_data,
             papers_store_update_annotation_async);
}

gboolean
papers_store_update_annotation_finish (PapersStore   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_boolean (self, result, papers_store_update_annotation_async, error);
}

gboolean
papers_store_update_annotation_sync (PapersStore       *self,
                                     PapersAnnotation  *annotation,
                                     GCancellable      *cancellable,
                                     GError           **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (annotation_job (self, annotation, FALSE, cancellable), error);
}

static Job *
remove_annotation_job (PapersStore  *self,
                       gint64        annotation_id,
                       GCancellable *cancellable)
{
  Job *job = job_new (self, do_remove_annotation, cancellable);

  job->args.size = annotation_id;
  return job;
}

void
papers_store_remove_annotation_async (PapersStore         *self,
                                      gint64               annotation_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  run_async (remove_annotation_job (self, annotation_id, cancellable), callback, user_data,
             papers_store_remove_annotation_async);
}

gboolean
papers_store_remove_annotation_finish (PapersStore   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_boolean (self, result, papers_store_remove_annotation_async, error);
}

gboolean
papers_store_remove_annotation_sync (PapersStore   *self,
                                     gint64         annotation_id,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (remove_annotation_job (self, annotation_id, cancellable), error);
}

/* Listings */

static gboolean
do_save_listing (PapersDb  *db,
                 Job       *job,
                 GError   **error)
{
  return papers_store_db_save_listing (db, job->args.text, job->args.text2, job->args.text3,
                                       job->args.text4, job->args.papers, &job->changes, error);
}

static Job *
save_listing_job (PapersStore  *self,
                  const char   *source,
                  const char   *key,
                  const char   *etag,
                  const char   *last_modified,
                  GPtrArray    *papers,
                  GCancellable *cancellable)
{
  Job *job = job_new (self, do_save_listing, cancellable);

  job->args.text = g_strdup (source);
  job->args.text2 = g_strdup (key);
  job->args.text3 = g_strdup (etag);
  job->args.text4 = g_strdup (last_modified);
  job->args.papers = copy_papers (papers);
  return job;
}

/**
 * papers_store_save_listing_async:
 * @self: the store
 * @source: the source's name, e.g. "hf-daily"
 * @key: what was listed, e.g. "2024-10-25"
 * @etag: (nullable): the response's ETag
 * @last_modified: (nullable): the response's Last-Modified
 * @papers: (element-type PapersPaper): the items, in order
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Remembers a listing, with the fetch time, replacing the previous one
 * under @source and @key.
 */
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
  run_async (save_listing_job (self, source, key, etag, last_modified, papers, cancellable),
             callback, user_data, papers_store_save_listing_async);
}

gboolean
papers_store_save_listing_finish (PapersStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_boolean (self, result, papers_store_save_listing_async, error);
}

gboolean
papers_store_save_listing_sync (PapersStore   *self,
                                const char    *source,
                                const char    *key,
                                const char    *etag,
                                const char    *last_modified,
                                GPtrArray     *papers,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return run_sync_boolean (save_listing_job (self, source, key, etag, last_modified, papers,
                                             cancellable), error);
}

static gboolean
do_load_listing (PapersDb  *db,
                 Job       *job,
                 GError   **error)
{
  job->result = papers_store_db_load_listing (db, job->args.text, job->args.text2, error);
  job->result_free = (GDestroyNotify) papers_cached_listing_unref;
  return job->result != NULL;
}

static Job *
load_listing_job (PapersStore  *self,
                  const char   *source,
                  const char   *key,
                  GCancellable *cancellable)
{
  Job *job = job_new (self, do_load_listing, cancellable);

  job->args.text = g_strdup (source);
  job->args.text2 = g_strdup (key);
  return job;
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
  run_async (load_listing_job (self, source, key, cancellable), callback, user_data,
             papers_store_load_listing_async);
}

/**
 * papers_store_load_listing_finish:
 *
 * Returns: (transfer full): the listing, or %NULL with
 *   %PAPERS_STORE_ERROR_NOT_FOUND
 */
PapersCachedListing *
papers_store_load_listing_finish (PapersStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pointer (self, result, papers_store_load_listing_async, error);
}

PapersCachedListing *
papers_store_load_listing_sync (PapersStore   *self,
                                const char    *source,
                                const char    *key,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), NULL);
  return run_sync (load_listing_job (self, source, key, cancellable), error);
}

/* Maintenance
 *
 * It runs on a connection of its own, read-only, in a thread of the GTask
 * pool: with WAL, reading does not block the worker, so an integrity check
 * and a backup of a large library never hold up a search. */

static gboolean
maintain (const char    *path,
          gboolean       force_backup,
          GError       **error)
{
  PapersDb *db = papers_db_open_readonly (path, error);
  gboolean ok;

  if (db == NULL)
    return FALSE;
  /* Only a database that passes the check is copied: every backup is a
   * good one. */
  ok = papers_db_check_integrity (db, error) && papers_db_backup (db, force_backup, error);
  papers_db_close (db);
  return ok;
}

static void
maintain_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PapersStore *self = source_object;
  GError *error = NULL;

  if (maintain (self->path, FALSE, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
papers_store_maintain_async (PapersStore         *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PAPERS_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_store_maintain_async);
  g_task_run_in_thread (task, maintain_thread);
}

gboolean
papers_store_maintain_finish (PapersStore   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * papers_store_maintain_sync:
 * @force_backup: make a new backup even if today's exists
 *
 * Like papers_store_maintain_async(), but blocks.
 */
gboolean
papers_store_maintain_sync (PapersStore   *self,
                            gboolean       force_backup,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_return_val_if_fail (PAPERS_IS_STORE (self), FALSE);
  return maintain (self->path, force_backup, error);
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
  papers_store_maintain_async (self, NULL, on_maintained, NULL);
  return G_SOURCE_REMOVE;
}
