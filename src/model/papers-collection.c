/* papers-collection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window's view of the library: its lists (finds in the store, loaded
 * a screenful at a time, see papers-results.c), the counts and the tags
 * with their colors, and every edit the window makes.  The PapersStore is
 * the truth: the collection opens it, applies each edit to the paper's
 * object at once (so the window never waits) and sends it to the store's
 * worker thread.  There is one object per paper while anything shows it
 * ("live" below), so an edit shows everywhere.  Each edit emits ::changed
 * so rows and lists stay current; the counts follow the store; a failed
 * write emits ::error.  No SQL here. */

#include "config.h"

#include <glib/gi18n.h>

#include <glib/gstdio.h>

#include "papers-collection.h"
#include "papers-model-enums.h"
#include "papers-bibtex.h"
#include "papers-import.h"
#include "papers-store.h"
#include "papers-results.h"
#include "papers-tag.h"

struct _PapersCollection
{
  GObject     parent_instance;

  PapersStore  *store;
  GError       *open_error;  /* why the library could not be opened */
  GCancellable *cancellable;
  gboolean      loaded;
  GHashTable   *live;        /* id → PapersPaper, weak */
  PapersCounts  counts;
  guint         counts_source;
  GHashTable   *tag_colors;  /* name → "#rrggbb" */
  GHashTable   *tag_counts;  /* name → count, as the store last said */
  guint         refreshing;  /* papers papers_collection_refresh() reads */
  guint         busy;        /* imports under way */
};

G_DEFINE_FINAL_TYPE (PapersCollection, papers_collection, G_TYPE_OBJECT)

enum {
  CHANGED,
  TAGS_CHANGED,
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_LOADED,
  PROP_COUNTS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload_tags (PapersCollection *self);
static void recount (PapersCollection *self);
static void store_opened_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

/* Every write finishes here: failures go to ::error, which the window
 * shows as a toast with the details. */
static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PapersCollection) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!papers_store_write_finish (PAPERS_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[ERROR], 0, error, TRUE);
}

#define WRITE(self) write_done_cb, g_object_ref (self)

/**
 * papers_collection_new:
 *
 * Opens the library at papers_store_dup_default_path() ($PAPERS_LIBRARY
 * or the user's data folder) with papers_store_open_full_async() and loads
 * it; #PapersCollection:loaded turns %TRUE when it is open or could not be.
 * The application makes one in its startup, so the library opens on the
 * store's thread while GTK starts.
 */
PapersCollection *
papers_collection_new (void)
{
  return g_object_new (PAPERS_TYPE_COLLECTION, NULL);
}

/**
 * papers_collection_get_store:
 *
 * Returns: (transfer none) (nullable): the store, once open
 */
PapersStore *
papers_collection_get_store (PapersCollection *self)
{
  return self->store;
}

/**
 * papers_collection_get_loaded:
 *
 * Returns: whether the library is open or could not be
 *   (papers_collection_get_open_error() says which)
 */
gboolean
papers_collection_get_loaded (PapersCollection *self)
{
  g_return_val_if_fail (PAPERS_IS_COLLECTION (self), FALSE);
  return self->loaded;
}

static void
set_loaded (PapersCollection *self,
            gboolean          loaded)
{
  if (self->loaded == loaded)
    return;
  self->loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/**
 * papers_collection_get_open_error:
 *
 * Returns: (transfer none) (nullable): why the library could not be
 *   opened (a #PAPERS_STORE_ERROR), or %NULL while it opens and once open
 */
const GError *
papers_collection_get_open_error (PapersCollection *self)
{
  g_return_val_if_fail (PAPERS_IS_COLLECTION (self), NULL);
  return self->open_error;
}

/**
 * papers_collection_is_read_only:
 *
 * Returns: whether the library is open but cannot be written
 */
gboolean
papers_collection_is_read_only (PapersCollection *self)
{
  g_return_val_if_fail (PAPERS_IS_COLLECTION (self), FALSE);
  return self->store != NULL && papers_store_is_read_only (self->store);
}

/**
 * papers_collection_can_edit:
 *
 * Returns: whether edits can be saved: the library is open and writable.
 *   Edits asked for otherwise change nothing.
 */
gboolean
papers_collection_can_edit (PapersCollection *self)
{
  g_return_val_if_fail (PAPERS_IS_COLLECTION (self), FALSE);
  return self->store != NULL && !papers_store_is_read_only (self->store);
}

/**
 * papers_collection_dup_path:
 *
 * Returns: (transfer full): the library file, open or not
 */
char *
papers_collection_dup_path (PapersCollection *self)
{
  g_return_val_if_fail (PAPERS_IS_COLLECTION (self), NULL);
  return self->store != NULL ? g_strdup (papers_store_get_path (self->store)) : papers_store_dup_default_path ();
}

/* An edit that could not be saved changes nothing, not even the object
 * on show: the window disables what would ask for one, with the reason. */
static gboolean
refuse_edit (PapersCollection *self)
{
  if (papers_collection_can_edit (self))
    return FALSE;
  g_debug ("an edit of a library that cannot be written was refused");
  return TRUE;
}

/**
 * papers_collection_reopen:
 *
 * Opens the library again after it could not be (once its file was
 * restored or set aside): #PapersCollection:loaded turns %FALSE, then
 * %TRUE again, as at the start.
 */
void
papers_collection_reopen (PapersCollection *self)
{
  g_return_if_fail (PAPERS_IS_COLLECTION (self));

  if (self->store != NULL)
    return;
  set_loaded (self, FALSE);
  papers_store_open_full_async (NULL, PAPERS_STORE_OPEN_READ_ONLY_OK, self->cancellable, store_opened_cb,
                                g_object_ref (self));
}

/**
 * papers_collection_wait_finds:
 * @timeout_us: the longest wait, in microseconds
 *
 * Waits, at most @timeout_us, for the finds asked for so far to be found:
 * their callbacks then run before the next frame is drawn.
 *
 * Returns: %TRUE if they were found in time
 */
gboolean
papers_collection_wait_finds (PapersCollection *self,
                              gint64            timeout_us)
{
  g_return_val_if_fail (PAPERS_IS_COLLECTION (self), FALSE);
  return self->store != NULL && papers_store_wait_queued (self->store, timeout_us);
}

/**
 * papers_collection_close:
 *
 * Stops loading the library and reading tags for a window that is
 * closing.  Writes already asked for are not cancelled: they complete,
 * and the store's worker writes them before it stops.
 */
void
papers_collection_close (PapersCollection *self)
{
  g_return_if_fail (PAPERS_IS_COLLECTION (self));
  g_cancellable_cancel (self->cancellable);
}

/**
 * papers_collection_lookup:
 *
 * Returns: (transfer none) (nullable): the object of the paper with @id,
 *   while something shows it
 */
PapersPaper *
papers_collection_lookup (PapersCollection *self,
                          const char       *id)
{
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->live, id);
}

static void
paper_gone_cb (gpointer  data,
               GObject  *object)
{
  PapersCollection *self = data;
  const char *id = papers_paper_get_id (PAPERS_PAPER (object));

  if (id != NULL && g_hash_table_lookup (self->live, id) == (gpointer) object)
    g_hash_table_remove (self->live, id);
}

static void
forget_paper (gpointer key,
              gpointer value,
              gpointer data)
{
  g_object_weak_unref (value, paper_gone_cb, data);
}

/**
 * papers_collection_canonical:
 * @paper: a paper loaded from the store or a source
 *
 * Returns: (transfer none): the object on show for @paper's id, or
 *   @paper, which is on show from now on
 */
PapersPaper *
papers_collection_canonical (PapersCollection *self,
                             PapersPaper      *paper)
{
  const char *id = papers_paper_get_id (paper);
  PapersPaper *live;

  if (id == NULL || *id == '\0')
    return paper;
  live = g_hash_table_lookup (self->live, id);
  if (live != NULL)
    return live;
  g_hash_table_insert (self->live, g_strdup (id), paper);
  g_object_weak_ref (G_OBJECT (paper), paper_gone_cb, self);
  return paper;
}

static PapersPaper *
canonical_cb (GObject     *owner,
              PapersPaper *paper)
{
  return papers_collection_canonical (PAPERS_COLLECTION (owner), paper);
}

/**
 * papers_collection_get_counts:
 *
 * Returns: (transfer none): how many papers the library holds, in all and
 *   by state, as the store last said
 */
const PapersCounts *
papers_collection_get_counts (PapersCollection *self)
{
  return &self->counts;
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PapersCollection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersCounts) counts = papers_store_count_finish (PAPERS_STORE (object), result, &error);

  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[ERROR], 0, error, FALSE);
      return;
    }
  self->counts = *counts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTS]);
}

static gboolean
recount_cb (gpointer data)
{
  PapersCollection *self = data;

  self->counts_source = 0;
  if (self->store != NULL)
    papers_store_count_async (self->store, self->cancellable, counted_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* After a burst of edits, once */
static void
recount (PapersCollection *self)
{
  if (self->counts_source == 0)
    self->counts_source = g_idle_add_full (G_PRIORITY_LOW, recount_cb, self, NULL);
}

/* New tags get a color at once; the store's own color replaces it when
 * the tags are next listed. */
static void
ensure_tags (PapersCollection *self,
             PapersPaper      *paper)
{
  const char * const *tags = papers_paper_get_tags (paper);
  gboolean added = FALSE;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (!g_hash_table_contains (self->tag_colors, tags[i]))
      {
        g_hash_table_insert (self->tag_colors, g_strdup (tags[i]), papers_tag_default_color (tags[i]));
        added = TRUE;
      }
  if (added)
    g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

static void
tags_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PapersCollection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) tags = papers_store_list_tags_finish (PAPERS_STORE (object), result, &error);
  guint n;

  if (tags == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[ERROR], 0, error, FALSE);
      return;
    }
  g_hash_table_remove_all (self->tag_colors);
  g_hash_table_remove_all (self->tag_counts);
  n = g_list_model_get_n_items (tags);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PapersTag) tag = g_list_model_get_item (tags, i);

      g_hash_table_insert (self->tag_colors, g_strdup (papers_tag_get_name (tag)),
                           g_strdup (papers_tag_get_color (tag)));
      g_hash_table_insert (self->tag_counts, g_strdup (papers_tag_get_name (tag)),
                           GUINT_TO_POINTER (papers_tag_get_n_papers (tag)));
    }
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

static void
reload_tags (PapersCollection *self)
{
  if (self->store != NULL)
    papers_store_list_tags_async (self->store, self->cancellable, tags_listed_cb, g_object_ref (self));
}

static void
store_tags_changed_cb (PapersCollection *self)
{
  reload_tags (self);
}

/* The collection's library is open (@store) or could not be (@error):
 * either way it is loaded, and papers_collection_get_open_error() says
 * which.  Nothing was being written, so no ::error. */
static void
take_store (PapersCollection *self,
            PapersStore      *store,
            GError           *error)
{
  if (store != NULL && g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (store);
      return;
    }
  if (store == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_cancellable_is_cancelled (self->cancellable))
        return;
      g_clear_error (&self->open_error);
      self->open_error = g_error_copy (error);
      set_loaded (self, TRUE);
      return;
    }
  g_clear_error (&self->open_error);
  self->store = store;
  g_signal_connect_object (store, "tags-changed", G_CALLBACK (store_tags_changed_cb), self, G_CONNECT_SWAPPED);
  reload_tags (self);
  recount (self);
  set_loaded (self, TRUE);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PapersCollection) self = user_data;
  g_autoptr(GError) error = NULL;
  PapersStore *store = papers_store_open_finish (result, &error);

  take_store (self, store, error);
}

/**
 * papers_collection_add:
 *
 * Adds @paper to the library with the tags, note, status and star it
 * carries (so undoing a removal restores them).
 */
void
papers_collection_add (PapersCollection *self,
                       PapersPaper      *paper)
{
  g_autoptr(GPtrArray) papers = NULL;
  const char *id;

  g_return_if_fail (PAPERS_IS_PAPER (paper));
  g_return_if_fail (papers_paper_get_id (paper) != NULL);

  id = papers_paper_get_id (paper);
  if (papers_paper_get_in_library (paper) || refuse_edit (self))
    return;

  papers_paper_set_in_library (paper, TRUE);
  if (papers_paper_get_added (paper) == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      papers_paper_set_added (paper, now);
    }
  paper = papers_collection_canonical (self, paper);
  ensure_tags (self, paper);
  g_signal_emit (self, signals[CHANGED], 0, paper, PAPERS_CHANGE_LIBRARY);

  papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (papers, g_object_ref (paper));
  papers_store_upsert_papers_async (self->store, papers, TRUE, NULL, WRITE (self));
  if (papers_paper_get_tags (paper) != NULL && papers_paper_get_tags (paper)[0] != NULL)
    papers_store_tag_paper_async (self->store, id, papers_paper_get_tags (paper), NULL, NULL,
                                  WRITE (self));
  if (papers_paper_get_note (paper) != NULL)
    papers_store_set_note_async (self->store, id, papers_paper_get_note (paper), NULL,
                                 WRITE (self));
  if (papers_paper_get_status (paper) != PAPERS_READ_STATUS_UNREAD)
    papers_store_set_status_async (self->store, id, papers_paper_get_status (paper), NULL,
                                   WRITE (self));
  if (papers_paper_get_starred (paper))
    papers_store_set_starred_async (self->store, id, TRUE, NULL, WRITE (self));
  /* A PDF of the reader's own (dropped, opened with Papers) or the one a
   * removal being undone had: the library keeps it, and indexes its text */
  if (papers_paper_get_pdf_path (paper) != NULL)
    {
      const char *path = papers_paper_get_pdf_path (paper);
      GStatBuf st;

      papers_store_set_pdf_async (self->store, id, path, g_stat (path, &st) == 0 ? (gint64) st.st_size : 0,
                                  NULL, NULL, WRITE (self));
    }
  recount (self);
}

/**
 * papers_collection_remove:
 *
 * Returns: (transfer full) (nullable): the removed paper, for undo
 */
PapersPaper *
papers_collection_remove (PapersCollection *self,
                          const char       *id)
{
  PapersPaper *paper = papers_collection_lookup (self, id);
  const char *ids[] = { id, NULL };

  if (paper == NULL || !papers_paper_get_in_library (paper) || refuse_edit (self))
    return NULL;

  g_object_ref (paper);
  papers_store_remove_papers_async (self->store, ids, NULL, WRITE (self));
  papers_paper_set_in_library (paper, FALSE);
  g_signal_emit (self, signals[CHANGED], 0, paper, PAPERS_CHANGE_LIBRARY);
  recount (self);
  return paper;
}

/* The papers an import added, on show, are in the library now or again
 * out of it: their rows say so */
static void
set_in_library (PapersCollection   *self,
                const char * const *ids,
                gboolean            in_library)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PapersPaper *paper = papers_collection_lookup (self, ids[i]);

      if (paper == NULL || papers_paper_get_in_library (paper) == in_library)
        continue;
      papers_paper_set_in_library (paper, in_library);
      g_signal_emit (self, signals[CHANGED], 0, paper, PAPERS_CHANGE_LIBRARY);
    }
  recount (self);
}

/* An import holds the collection busy from its start until it has
 * returned: the window shows that work is under way */
static void
hold_busy (PapersCollection *self)
{
  if (self->busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
release_busy (PapersCollection *self)
{
  g_return_if_fail (self->busy > 0);

  if (--self->busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * papers_collection_get_busy:
 *
 * Returns: whether an import is under way (#PapersCollection:busy)
 */
gboolean
papers_collection_get_busy (PapersCollection *self)
{
  g_return_val_if_fail (PAPERS_IS_COLLECTION (self), FALSE);

  return self->busy > 0;
}

/* Returns @task's result, then lets the collection go idle: a view that
 * follows PapersCollection:busy sees the result first */
static void
return_idle (GTask          *task,
             gpointer        result,
             GDestroyNotify  result_free,
             GError         *error)
{
  g_autoptr(PapersCollection) self = g_object_ref (g_task_get_source_object (task));

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, result_free);
  release_busy (self);
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PapersCollection *self = g_task_get_source_object (task);
  GError *error = NULL;
  char **added = papers_store_import_papers_finish (PAPERS_STORE (object), result, &error);

  if (added != NULL)
    set_in_library (self, (const char * const *) added, TRUE);
  return_idle (task, added, (GDestroyNotify) g_strfreev, error);
}

/**
 * papers_collection_import_async:
 * @papers: (element-type PapersPaper): papers read from a .bib or CSL-JSON file
 *
 * Adds @papers to the library, merged into those it has already, in one
 * write.  A library that cannot be written fails with
 * %PAPERS_STORE_ERROR_READ_ONLY.
 */
void
papers_collection_import_async (PapersCollection    *self,
                                GPtrArray           *papers,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, papers_collection_import_async);
  hold_busy (self);
  if (refuse_edit (self))
    {
      return_idle (task, NULL, NULL, g_error_new (PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY,
                                                  _("The library cannot be changed")));
      return;
    }
  papers_store_import_papers_async (self->store, papers, cancellable, imported_cb, g_steal_pointer (&task));
}

/**
 * papers_collection_import_finish:
 *
 * Returns: (transfer full): the ids of the papers the import added to the
 *   library (not those it only updated), for papers_collection_undo_import()
 */
char **
papers_collection_import_finish (PapersCollection  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
read_file_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  PapersImportSummary *summary = papers_import_read_file (task_data, cancellable, &error);

  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) papers_import_summary_unref);
}

static void
file_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PapersImportSummary *summary = g_task_get_task_data (task);
  GError *error = NULL;

  summary->added = papers_collection_import_finish (PAPERS_COLLECTION (object), result, &error);
  if (summary->added == NULL)
    return_idle (task, NULL, NULL, error);
  else
    return_idle (task, papers_import_summary_ref (summary), (GDestroyNotify) papers_import_summary_unref, NULL);
}

static void
file_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PapersCollection *self = PAPERS_COLLECTION (object);
  GError *error = NULL;
  PapersImportSummary *summary = g_task_propagate_pointer (G_TASK (result), &error);

  if (summary == NULL)
    {
      return_idle (task, NULL, NULL, error);
      return;
    }
  g_task_set_task_data (task, summary, (GDestroyNotify) papers_import_summary_unref);
  papers_collection_import_async (self, summary->papers, g_task_get_cancellable (task), file_written_cb,
                                  g_object_ref (task));
}

/**
 * papers_collection_import_file_async:
 * @file: a BibTeX (.bib, .bibtex) or CSL-JSON (.json) file
 *
 * Reads @file on a worker (papers_import_read_file()) and adds its papers
 * to the library as papers_collection_import_async() does.  The
 * collection is #PapersCollection:busy from now until it returns.
 */
void
papers_collection_import_file_async (PapersCollection    *self,
                                     GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) reading = NULL;

  g_return_if_fail (PAPERS_IS_COLLECTION (self));
  g_return_if_fail (G_IS_FILE (file));

  g_task_set_source_tag (task, papers_collection_import_file_async);
  hold_busy (self);
  if (refuse_edit (self))
    {
      return_idle (task, NULL, NULL, g_error_new (PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY,
                                                  _("The library cannot be changed")));
      return;
    }
  reading = g_task_new (self, cancellable, file_read_cb, g_steal_pointer (&task));
  g_task_set_task_data (reading, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (reading, read_file_thread);
}

/**
 * papers_collection_import_file_finish:
 *
 * Returns: (transfer full): what the import read, skipped and added
 */
PapersImportSummary *
papers_collection_import_file_finish (PapersCollection  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * papers_collection_undo_import:
 * @added: what papers_collection_import_finish() gave
 *
 * Removes from the library the papers an import added; those it only
 * updated stay as they are.
 */
void
papers_collection_undo_import (PapersCollection   *self,
                               const char * const *added)
{
  g_return_if_fail (PAPERS_IS_COLLECTION (self));

  if (added == NULL || added[0] == NULL || refuse_edit (self))
    return;
  papers_store_remove_papers_async (self->store, added, NULL, WRITE (self));
  set_in_library (self, added, FALSE);
}

void
papers_collection_changed (PapersCollection *self,
                           PapersPaper      *paper,
                           PapersChange      change)
{
  g_signal_emit (self, signals[CHANGED], 0, paper, change);
}

void
papers_collection_set_status (PapersCollection *self,
                              PapersPaper      *paper,
                              PapersReadStatus  status)
{
  if (refuse_edit (self))
    return;
  papers_paper_set_status (paper, status);
  papers_store_set_status_async (self->store, papers_paper_get_id (paper), status, NULL,
                                   WRITE (self));
  g_signal_emit (self, signals[CHANGED], 0, paper, PAPERS_CHANGE_STATUS);
  recount (self);
}

void
papers_collection_set_starred (PapersCollection *self,
                               PapersPaper      *paper,
                               gboolean          starred)
{
  if (refuse_edit (self))
    return;
  papers_paper_set_starred (paper, starred);
  papers_store_set_starred_async (self->store, papers_paper_get_id (paper), starred, NULL,
                                    WRITE (self));
  g_signal_emit (self, signals[CHANGED], 0, paper, PAPERS_CHANGE_STARRED);
  recount (self);
}

void
papers_collection_set_note (PapersCollection *self,
                            PapersPaper      *paper,
                            const char       *note)
{
  if (note != NULL && *note == '\0')
    note = NULL;
  if (g_strcmp0 (papers_paper_get_note (paper), note) == 0)
    return;
  papers_collection_choose_note (self, paper, note);
}

/**
 * papers_collection_choose_note:
 * @note: (nullable): the note the reader chose
 *
 * Writes @paper's note even when it is the text the paper has: the reader
 * chose it among versions edited on two devices, and the write is the
 * newer edit that settles the choice on every device.
 */
void
papers_collection_choose_note (PapersCollection *self,
                               PapersPaper      *paper,
                               const char       *note)
{
  if (note != NULL && *note == '\0')
    note = NULL;
  if (refuse_edit (self))
    return;
  papers_paper_set_note (paper, note);
  papers_store_set_note_async (self->store, papers_paper_get_id (paper), note, NULL, WRITE (self));
  g_signal_emit (self, signals[CHANGED], 0, paper, PAPERS_CHANGE_NOTE);
}

static gboolean
tags_equal (const char * const *a,
            const char * const *b)
{
  static const char * const none[] = { NULL };

  return g_strv_equal (a != NULL ? a : none, b != NULL ? b : none);
}

static void
refreshed_paper_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PapersCollection) self = user_data;
  g_autoptr(PapersPaper) fresh = papers_store_get_paper_finish (PAPERS_STORE (object), result, NULL);
  PapersPaper *live;
  PapersChange change = 0;

  self->refreshing--;
  if (fresh == NULL || (live = papers_collection_lookup (self, papers_paper_get_id (fresh))) == NULL)
    return;
  if (papers_paper_get_in_library (live) != papers_paper_get_in_library (fresh))
    {
      papers_paper_set_in_library (live, papers_paper_get_in_library (fresh));
      change |= PAPERS_CHANGE_LIBRARY;
    }
  if (papers_paper_get_status (live) != papers_paper_get_status (fresh))
    {
      papers_paper_set_status (live, papers_paper_get_status (fresh));
      change |= PAPERS_CHANGE_STATUS;
    }
  if (papers_paper_get_starred (live) != papers_paper_get_starred (fresh))
    {
      papers_paper_set_starred (live, papers_paper_get_starred (fresh));
      change |= PAPERS_CHANGE_STARRED;
    }
  if (!tags_equal (papers_paper_get_tags (live), papers_paper_get_tags (fresh)))
    {
      papers_paper_set_tags (live, papers_paper_get_tags (fresh));
      change |= PAPERS_CHANGE_TAGS;
    }
  if (g_strcmp0 (papers_paper_get_note (live), papers_paper_get_note (fresh)) != 0)
    {
      papers_paper_set_note (live, papers_paper_get_note (fresh));
      change |= PAPERS_CHANGE_NOTE;
    }
  if (change != 0)
    {
      /* (what it announces came from elsewhere) */
      self->refreshing++;
      g_signal_emit (self, signals[CHANGED], 0, live, change);
      self->refreshing--;
    }
}

/**
 * papers_collection_is_refreshing:
 *
 * Returns: whether the ::changed being emitted comes of
 *   papers_collection_refresh(), not of an edit here
 */
gboolean
papers_collection_is_refreshing (PapersCollection *self)
{
  return self->refreshing > 0;
}

/**
 * papers_collection_refresh:
 *
 * Another process changed the library (a sync): the papers on show take
 * their library state from the store again, announcing what changed, and
 * the tags and counts are read again.  ::changed with
 * %PAPERS_CHANGE_LIBRARY and a %NULL paper says that papers may have come
 * or gone that nothing shows yet.
 */
void
papers_collection_refresh (PapersCollection *self)
{
  GHashTableIter iter;
  gpointer id;

  g_return_if_fail (PAPERS_IS_COLLECTION (self));
  if (self->store == NULL)
    return;
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      self->refreshing++;
      papers_store_get_paper_async (self->store, id, self->cancellable, refreshed_paper_cb, g_object_ref (self));
    }
  reload_tags (self);
  recount (self);
  self->refreshing++;
  g_signal_emit (self, signals[CHANGED], 0, NULL, PAPERS_CHANGE_LIBRARY);
  self->refreshing--;
}

/**
 * papers_collection_update_metadata:
 *
 * Stores new bibliographic data of a library paper (after a lookup).
 */
void
papers_collection_update_metadata (PapersCollection *self,
                                   PapersPaper      *paper)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (papers, g_object_ref (paper));
  /* What a lookup found shows either way; it is kept where it can be. */
  if (papers_collection_can_edit (self))
    papers_store_upsert_papers_async (self->store, papers, papers_paper_get_in_library (paper), NULL,
                                      WRITE (self));
  g_signal_emit (self, signals[CHANGED], 0, paper, PAPERS_CHANGE_METADATA);
}

void
papers_collection_set_pdf (PapersCollection *self,
                           PapersPaper      *paper,
                           const char       *path,
                           gint64            size,
                           const char       *sha256)
{
  papers_paper_set_pdf_path (paper, path);
  if (papers_collection_can_edit (self) && papers_paper_get_in_library (paper))
    papers_store_set_pdf_async (self->store, papers_paper_get_id (paper), path, size, sha256, NULL,
                                WRITE (self));
  g_signal_emit (self, signals[CHANGED], 0, paper, PAPERS_CHANGE_PDF);
}

static gboolean
strv_contains_casefold (const char * const *strv,
                        const char         *name)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    if (g_ascii_strcasecmp (strv[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
replace_tag (PapersPaper *paper,
             const char  *add,
             const char  *remove)
{
  const char * const *tags = papers_paper_get_tags (paper);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (remove == NULL || g_ascii_strcasecmp (tags[i], remove) != 0)
      if (add == NULL || g_ascii_strcasecmp (tags[i], add) != 0)
        g_strv_builder_add (builder, tags[i]);
  if (add != NULL)
    g_strv_builder_add (builder, add);
  result = g_strv_builder_end (builder);
  papers_paper_set_tags (paper, (const char * const *) result);
}

void
papers_collection_tag_paper (PapersCollection *self,
                             PapersPaper      *paper,
                             const char       *add,
                             const char       *remove)
{
  g_autofree char *clean = add != NULL ? g_strstrip (g_strdup (add)) : NULL;
  const char *adds[] = { NULL, NULL };
  const char *removes[] = { remove, NULL };

  if (refuse_edit (self))
    return;
  if (clean != NULL && *clean == '\0')
    g_clear_pointer (&clean, g_free);
  /* Tag names are unique regardless of case: reuse the existing spelling. */
  if (clean != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->tag_colors);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_ascii_strcasecmp (key, clean) == 0)
          {
            g_free (clean);
            clean = g_strdup (key);
            break;
          }
    }
  adds[0] = clean;
  replace_tag (paper, clean, remove);
  ensure_tags (self, paper);
  if (papers_paper_get_in_library (paper))
    papers_store_tag_paper_async (self->store, papers_paper_get_id (paper), clean ? adds : NULL,
                                  remove ? removes : NULL, NULL, WRITE (self));
  g_signal_emit (self, signals[CHANGED], 0, paper, PAPERS_CHANGE_TAGS);
  reload_tags (self);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/**
 * papers_collection_dup_tag_names:
 *
 * Returns: (transfer full): the tag names, sorted
 */
char **
papers_collection_dup_tag_names (PapersCollection *self)
{
  guint n = 0;
  char **names = (char **) g_hash_table_get_keys_as_array (self->tag_colors, &n);
  char **copy = g_new0 (char *, n + 1);

  qsort (names, n, sizeof (char *), compare_names);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (names[i]);
  g_free (names);
  return copy;
}

const char *
papers_collection_get_tag_color (PapersCollection *self,
                                 const char       *name)
{
  const char *color = g_hash_table_lookup (self->tag_colors, name);

  return color != NULL ? color : "#3584e4";
}

guint
papers_collection_count_tag (PapersCollection *self,
                             const char       *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->tag_counts, name));
}

static GPtrArray *
papers_with_tag (PapersCollection *self,
                 const char       *name)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer paper;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &paper))
    if (strv_contains_casefold (papers_paper_get_tags (paper), name))
      g_ptr_array_add (result, g_object_ref (paper));
  return result;
}

/* The store edits the tag in one transaction; the papers on show follow. */
static void
edit_tag (PapersCollection *self,
          PapersTagEdit     edit,
          const char       *name,
          const char       *value)
{
  if (edit != PAPERS_TAG_EDIT_RECOLOR)
    {
      g_autoptr(GPtrArray) tagged = papers_with_tag (self, name);

      for (guint i = 0; i < tagged->len; i++)
        {
          replace_tag (tagged->pdata[i], value, name);
          g_signal_emit (self, signals[CHANGED], 0, tagged->pdata[i], PAPERS_CHANGE_TAGS);
        }
    }
  papers_store_edit_tag_async (self->store, edit, name, value, NULL, WRITE (self));
  reload_tags (self);
}

gboolean
papers_collection_rename_tag (PapersCollection *self,
                              const char       *name,
                              const char       *new_name)
{
  if (new_name == NULL || *new_name == '\0' || !g_hash_table_contains (self->tag_colors, name) ||
      refuse_edit (self))
    return FALSE;
  if (g_hash_table_contains (self->tag_colors, new_name))
    return FALSE;

  g_hash_table_insert (self->tag_colors, g_strdup (new_name),
                       g_strdup (g_hash_table_lookup (self->tag_colors, name)));
  g_hash_table_remove (self->tag_colors, name);
  edit_tag (self, PAPERS_TAG_EDIT_RENAME, name, new_name);
  return TRUE;
}

void
papers_collection_recolor_tag (PapersCollection *self,
                               const char       *name,
                               const char       *color)
{
  if (!g_hash_table_contains (self->tag_colors, name) || refuse_edit (self))
    return;
  g_hash_table_insert (self->tag_colors, g_strdup (name), g_strdup (color));
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
  edit_tag (self, PAPERS_TAG_EDIT_RECOLOR, name, color);
}

void
papers_collection_merge_tag (PapersCollection *self,
                             const char       *name,
                             const char       *into)
{
  if (g_strcmp0 (name, into) == 0 || !g_hash_table_contains (self->tag_colors, name) || refuse_edit (self))
    return;
  g_hash_table_remove (self->tag_colors, name);
  edit_tag (self, PAPERS_TAG_EDIT_MERGE, name, into);
}

static void
tagged_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PapersCollection *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersFound) found = papers_store_find_finish (PAPERS_STORE (object), result, &error);
  GPtrArray *loaded;
  GPtrArray *papers;

  if (found == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  loaded = papers_found_get_loaded (found);
  papers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < loaded->len; i++)
    if (loaded->pdata[i] != NULL)
      g_ptr_array_add (papers, g_object_ref (papers_collection_canonical (self, loaded->pdata[i])));
  g_task_return_pointer (task, papers, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * papers_collection_delete_tag_async:
 *
 * Deletes the tag; the result is the papers that had it, for undo.
 */
void
papers_collection_delete_tag_async (PapersCollection    *self,
                                    const char          *name,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, papers_collection_delete_tag_async);
  if (refuse_edit (self))
    {
      g_task_return_new_error (task, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY,
                               _("The library cannot be changed."));
      g_object_unref (task);
      return;
    }
  /* The store runs jobs in order: the find sees the tag, the edit then
   * deletes it. */
  papers_store_find_async (self->store, "", "tag", name, PAPERS_SORT_RELEVANCE, PAPERS_FIND_DEFAULT, 0, G_MAXUINT,
                           NULL, tagged_found_cb, task);
  g_hash_table_remove (self->tag_colors, name);
  edit_tag (self, PAPERS_TAG_EDIT_DELETE, name, NULL);
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

/**
 * papers_collection_delete_tag_finish:
 *
 * Returns: (transfer full) (element-type PapersPaper): the papers that had
 *   the tag
 */
GPtrArray *
papers_collection_delete_tag_finish (PapersCollection  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
papers_collection_restore_tag (PapersCollection *self,
                               const char       *name,
                               const char       *color,
                               GPtrArray        *papers)
{
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    papers_collection_tag_paper (self, papers->pdata[i], name, NULL);
  papers_collection_recolor_tag (self, name, color);
}

typedef struct
{
  PapersResults *update;
  char          *filter_key;
  char          *filter_value;
  char          *query;
  PapersSort     sort;
  guint          limit;
  guint          first;  /* a first part of this many now, the rest next (0: no) */
  gboolean       typing; /* only the first part, found quickly */
} Find;

static void
find_free (Find *find)
{
  g_clear_object (&find->update);
  g_free (find->query);
  g_free (find->filter_key);
  g_free (find->filter_value);
  g_free (find);
}

/* The first screenful comes with the list */
#define FIRST_LOAD 60
/* A search's best matches come first, the rest of its results next: the
 * order of the best does not depend on how many are asked for. */
#define FIRST_MATCHES 100

/* The rest of a whole view waits this long after its first screenful,
 * so the store's thread fetching a hundred thousand keys (10 ms) and the
 * model announcing them do not share the machine with the window's first
 * frame. */
#define REST_DELAY_MS 250

/* The find of a list's first part (its task, returned, holding the Find)
 * and the list the rest goes into, while something shows it */
typedef struct
{
  GTask    *task;
  GWeakRef  results;
} Rest;

static void
rest_free (gpointer data)
{
  Rest *rest = data;

  g_clear_object (&rest->task);
  g_weak_ref_clear (&rest->results);
  g_free (rest);
}

static void rest_found_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

static gboolean
rest_start_cb (gpointer data)
{
  Rest *rest = data;
  PapersCollection *self = g_task_get_source_object (rest->task);
  Find *find = g_task_get_task_data (rest->task);
  GCancellable *cancellable = g_task_get_cancellable (rest->task);
  PapersResults *results = g_weak_ref_get (&rest->results);

  /* Not when a newer find replaced the list, or nothing shows it */
  if (results != NULL && !g_cancellable_is_cancelled (cancellable))
    papers_store_find_async (self->store, find->query, find->filter_key, find->filter_value, find->sort,
                             PAPERS_FIND_DEFAULT, find->limit, 0, cancellable, rest_found_cb,
                             g_steal_pointer (&results));
  g_clear_object (&results);
  return G_SOURCE_REMOVE;
}

static void
rest_found_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PapersResults) results = user_data;
  g_autoptr(PapersFound) found = papers_store_find_finish (PAPERS_STORE (object), result, NULL);

  if (found != NULL)
    papers_results_update (results, found);
}

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PapersCollection *self = g_task_get_source_object (task);
  Find *find = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersFound) found = papers_store_find_finish (PAPERS_STORE (object), result, &error);

  if (found == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (find->update != NULL)
    {
      papers_results_update (find->update, found);
      g_task_return_pointer (task, g_object_ref (find->update), g_object_unref);
      return;
    }
  if (find->first > 0 && !find->typing && papers_found_get_n_keys (found) >= find->first)
    {
      PapersResults *results = papers_results_new (self->store, found, canonical_cb, G_OBJECT (self));

      /* The rest of the list follows into the same model, at its end:
       * a whole view's once the window has drawn its first screenful */
      Rest *rest = g_new0 (Rest, 1);

      rest->task = g_object_ref (task);
      g_weak_ref_init (&rest->results, results);
      g_timeout_add_full (G_PRIORITY_DEFAULT, *find->query == '\0' ? REST_DELAY_MS : 0, rest_start_cb, rest,
                          rest_free);
      g_task_return_pointer (task, results, g_object_unref);
      return;
    }
  g_task_return_pointer (task, papers_results_new (self->store, found, canonical_cb, G_OBJECT (self)),
                         g_object_unref);
}

/**
 * papers_collection_find_async:
 * @query: what the user typed, in the library's query language, or ""
 * @filter_key: (nullable): the view's own search key, as "tag" or "is"
 * @filter_value: (nullable): its value
 * @sort: the order
 * @flags: %PAPERS_FIND_QUICK for a query being typed (without @update):
 *   by relevance, only its first screenful, found quickly; once typing
 *   pauses, a find that updates this list ranks it and brings the rest
 * @limit: how many at most, 0 for all
 * @update: (nullable): the list this find refreshes after an edit
 *
 * Finds papers on the store's worker thread.  The result is a
 * #GListModel of #PapersPaper, loaded a screenful at a time: @update
 * itself when given (changed as little as the find allows, so a list
 * keeps its place), else a new one.  Cancel @cancellable when a newer
 * query replaces this one.
 */
void
papers_collection_find_async (PapersCollection    *self,
                              const char          *query,
                              const char          *filter_key,
                              const char          *filter_value,
                              PapersSort           sort,
                              PapersFindFlags      flags,
                              guint                limit,
                              GListModel          *update,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Find *find = g_new0 (Find, 1);

  g_task_set_source_tag (task, papers_collection_find_async);
  find->typing = update == NULL && (flags & PAPERS_FIND_QUICK) != 0;
  if (update != NULL && PAPERS_IS_RESULTS (update))
    find->update = g_object_ref (PAPERS_RESULTS (update));
  find->filter_key = g_strdup (filter_key);
  find->filter_value = g_strdup (filter_value);
  find->query = g_strdup (query != NULL ? query : "");
  find->sort = sort;
  find->limit = limit;
  /* A whole view of a big library: its first screenful at once, by the
   * index, and the rest after.  A search by relevance: its best matches,
   * then the others. */
  if (find->update == NULL && *find->query == '\0' && limit == 0 &&
      (filter_key == NULL || g_str_equal (filter_key, "is") || g_str_equal (filter_key, "tag")))
    find->first = FIRST_LOAD;
  else if (find->update == NULL && *find->query != '\0' && sort == PAPERS_SORT_RELEVANCE &&
           (limit == 0 || limit > FIRST_MATCHES))
    find->first = FIRST_MATCHES;
  g_task_set_task_data (task, find, (GDestroyNotify) find_free);
  if (self->store == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The library is not open"));
      g_object_unref (task);
      return;
    }
  papers_store_find_async (self->store, query, filter_key, filter_value, sort,
                           find->typing ? PAPERS_FIND_QUICK : PAPERS_FIND_DEFAULT,
                           find->first > 0 ? find->first : limit, FIRST_LOAD, cancellable, found_cb, task);
}

/**
 * papers_collection_find_finish:
 *
 * Returns: (transfer full): a #GListModel of #PapersPaper
 */
GListModel *
papers_collection_find_finish (PapersCollection  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
library_papers_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PapersCollection *self = g_task_get_source_object (task);
  GPtrArray *wanted = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = papers_store_get_papers_finish (PAPERS_STORE (object), result, &error);
  g_autoptr(GHashTable) in_library = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *papers;

  if (stored == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < stored->len; i++)
    if (papers_paper_get_in_library (stored->pdata[i]))
      g_hash_table_insert (in_library, (gpointer) papers_paper_get_id (stored->pdata[i]), stored->pdata[i]);

  papers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < wanted->len; i++)
    {
      PapersPaper *paper = wanted->pdata[i];
      PapersPaper *mine = papers_collection_lookup (self, papers_paper_get_id (paper));

      if (mine == NULL)
        mine = g_hash_table_lookup (in_library, papers_paper_get_id (paper));
      if (mine != NULL)
        paper = papers_collection_canonical (self, mine);
      g_ptr_array_add (papers, g_object_ref (paper));
    }
  g_task_return_pointer (task, papers, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * papers_collection_resolve_async:
 * @papers: (element-type PapersPaper): papers of a listing
 *
 * Gives each paper of a listing that is in the library as the library's
 * object, with its tags and status, so rows show them.
 */
void
papers_collection_resolve_async (PapersCollection    *self,
                                 GPtrArray           *papers,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  g_task_set_source_tag (task, papers_collection_resolve_async);
  g_task_set_task_data (task, g_ptr_array_ref (papers), (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < papers->len; i++)
    g_strv_builder_add (builder, papers_paper_get_id (papers->pdata[i]));
  ids = g_strv_builder_end (builder);
  if (self->store == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_ref (papers), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  papers_store_get_papers_async (self->store, (const char * const *) ids, cancellable, library_papers_cb, task);
}

/**
 * papers_collection_resolve_finish:
 *
 * Returns: (transfer full) (element-type PapersPaper): the papers, in order
 */
GPtrArray *
papers_collection_resolve_finish (PapersCollection  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * papers_collection_dup_bibtex:
 *
 * Returns: (transfer full): a BibTeX entry for @paper, as the library
 *   exports it
 */
char *
papers_collection_dup_bibtex (PapersPaper *paper)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new ();

  g_ptr_array_add (papers, paper);
  return papers_bibtex_export (papers);
}

static void
papers_collection_finalize (GObject *object)
{
  PapersCollection *self = PAPERS_COLLECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->counts_source, g_source_remove);
  g_hash_table_foreach (self->live, forget_paper, self);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->tag_colors, g_hash_table_unref);
  g_clear_pointer (&self->tag_counts, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_error (&self->open_error);

  G_OBJECT_CLASS (papers_collection_parent_class)->finalize (object);
}

static void
papers_collection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PapersCollection *self = PAPERS_COLLECTION (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_COUNTS:
      g_value_set_boxed (value, &self->counts);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_collection_class_init (PapersCollectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = papers_collection_finalize;
  object_class->get_property = papers_collection_get_property;

  /**
   * PapersCollection:loaded:
   *
   * Whether the library is open, or could not be (then
   * papers_collection_get_open_error() says why).  Views follow it: a
   * list of the library is found once it is %TRUE.
   */
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  /**
   * PapersCollection:counts:
   *
   * How many papers the library holds, in all and by state, as the store
   * last said: notified once per burst of edits, when the store has
   * counted again.  The sidebar follows it.
   */
  properties[PROP_COUNTS] = g_param_spec_boxed ("counts", NULL, NULL, PAPERS_TYPE_COUNTS,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  /**
   * PapersCollection:busy:
   *
   * Whether an import is under way, from reading its file to the last
   * paper written.  The window shows progress while it is %TRUE.
   */
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PapersCollection::changed:
   * @paper: the paper added, removed or edited
   * @change: what changed, #PapersChange flags
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, PAPERS_TYPE_PAPER, PAPERS_TYPE_CHANGE);
  signals[TAGS_CHANGED] = g_signal_new ("tags-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * PapersCollection::error:
   * @error: what went wrong
   * @write: whether it was a change being saved (else a read)
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_ERROR, G_TYPE_BOOLEAN);
}

static void
papers_collection_init (PapersCollection *self)
{
  self->live = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tag_colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->tag_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  papers_store_open_full_async (NULL, PAPERS_STORE_OPEN_READ_ONLY_OK, self->cancellable, store_opened_cb,
                                g_object_ref (self));
}
