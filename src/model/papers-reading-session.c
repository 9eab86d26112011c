/* papers-reading-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One paper being read, as the library keeps it: its reading position and
 * its annotations.  The reader (src/viewer/) is handed a session and
 * knows no store: it asks the session for what to restore when a document
 * opens and tells it of every change, which the session writes through the
 * store's worker.  Writes are never cancelled (leaving a paper saves where
 * the reader was); a failed one is logged, as the reader has nowhere to
 * show it.  A library that is not open (the session has no store) or is
 * read-only is written nothing: the window has said it cannot change.
 *
 * The session also counts the time the paper is read, which For You
 * takes as interest: the time from the session's start to each sign of
 * the reader (a position kept, an annotation changed) and to its end,
 * each stretch counted up to IDLE_SECONDS (a paper left open over lunch
 * was not read all that time), kept in the library once a minute's worth
 * has gathered and when the session ends. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "papers-reading-session.h"

struct _PapersReadingSession
{
  GObject      parent_instance;

  PapersStore *store;     /* NULL: the library is not open */
  char        *paper_id;
  gint64       last_seen; /* monotonic µs of the last sign of the reader */
  double       unsaved;   /* seconds read not yet in the library */
  PapersReferences *references;  /* made when first asked for */
};

#define IDLE_SECONDS 120.0
#define SAVE_EVERY_SECONDS 60.0

G_DEFINE_FINAL_TYPE (PapersReadingSession, papers_reading_session, G_TYPE_OBJECT)

/* An annotation edited or removed while the library was still adding it
 * (it has no id yet) is written again, or removed, once the add is done. */
#define EDITED_WHILE_ADDING "papers-edited-while-adding"
#define REMOVED_WHILE_ADDING "papers-removed-while-adding"

/**
 * papers_reading_session_new:
 * @store: (nullable): the library, %NULL when it is not open
 * @paper_id: the paper being read
 *
 * Returns: (transfer full): a session for @paper_id in @store
 */
PapersReadingSession *
papers_reading_session_new (PapersStore *store,
                            const char  *paper_id)
{
  PapersReadingSession *self;

  g_return_val_if_fail (store == NULL || PAPERS_IS_STORE (store), NULL);
  g_return_val_if_fail (paper_id != NULL, NULL);

  self = g_object_new (PAPERS_TYPE_READING_SESSION, NULL);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->paper_id = g_strdup (paper_id);
  self->last_seen = g_get_monotonic_time ();
  return self;
}

const char *
papers_reading_session_get_paper_id (PapersReadingSession *self)
{
  g_return_val_if_fail (PAPERS_IS_READING_SESSION (self), NULL);
  return self->paper_id;
}

/**
 * papers_reading_session_has_library:
 *
 * Returns: whether the library is open, so there is something to restore
 */
gboolean
papers_reading_session_has_library (PapersReadingSession *self)
{
  g_return_val_if_fail (PAPERS_IS_READING_SESSION (self), FALSE);
  return self->store != NULL;
}

/**
 * papers_reading_session_get_references:
 *
 * The paper's reference list and citations, which the reader fills once
 * its first page is on screen, kept here rather than in the view.
 *
 * Returns: (transfer none): the paper's references
 */
PapersReferences *
papers_reading_session_get_references (PapersReadingSession *self)
{
  g_return_val_if_fail (PAPERS_IS_READING_SESSION (self), NULL);
  if (self->references == NULL)
    self->references = papers_references_new (self->store);
  return self->references;
}

/**
 * papers_reading_session_is_writable:
 *
 * Returns: whether changes are saved: the library is open and writable.
 *   A read-only library gives back what it holds and is written nothing.
 */
gboolean
papers_reading_session_is_writable (PapersReadingSession *self)
{
  g_return_val_if_fail (PAPERS_IS_READING_SESSION (self), FALSE);
  return self->store != NULL && !papers_store_is_read_only (self->store);
}

/* The load: the position, then the annotations, handed on together */

typedef struct
{
  PapersReadingPosition *position;
  GListModel            *annotations;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *loaded = data;

  g_clear_pointer (&loaded->position, papers_reading_position_free);
  g_clear_object (&loaded->annotations);
  g_free (loaded);
}

static void
annotations_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Loaded *loaded = g_task_get_task_data (task);
  GError *error = NULL;

  loaded->annotations = papers_store_list_annotations_finish (PAPERS_STORE (source), result, &error);
  if (loaded->annotations != NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
position_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PapersReadingSession *self = g_task_get_source_object (task);
  Loaded *loaded = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  loaded->position = papers_store_get_reading_position_finish (PAPERS_STORE (source), result, &error);
  /* A paper never opened has no position, and that is no failure */
  if (loaded->position == NULL && !g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);
  papers_store_list_annotations_async (self->store, self->paper_id, cancellable, annotations_loaded_cb,
                                       g_steal_pointer (&task));
}

/**
 * papers_reading_session_load_async:
 *
 * Reads what the library keeps of the paper: where it was left and its
 * annotations.  Without a library the finish fails with
 * %PAPERS_STORE_ERROR_NOT_FOUND.
 */
void
papers_reading_session_load_async (PapersReadingSession *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PAPERS_IS_READING_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_reading_session_load_async);
  g_task_set_task_data (task, g_new0 (Loaded, 1), loaded_free);
  if (self->store == NULL)
    {
      g_task_return_new_error (task, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
                               _("The library is not open"));
      return;
    }
  papers_store_get_reading_position_async (self->store, self->paper_id, cancellable, position_loaded_cb,
                                           g_steal_pointer (&task));
}

/**
 * papers_reading_session_load_finish:
 * @position: (out) (transfer full) (optional) (nullable): where the paper
 *   was left, %NULL when it never was
 * @annotations: (out) (transfer full) (optional): a #GListModel of
 *   #PapersAnnotation
 *
 * Returns: whether the library was read; %FALSE with @error
 */
gboolean
papers_reading_session_load_finish (PapersReadingSession   *self,
                                    GAsyncResult           *result,
                                    PapersReadingPosition **position,
                                    GListModel            **annotations,
                                    GError                **error)
{
  Loaded *loaded;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == papers_reading_session_load_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  loaded = g_task_get_task_data (G_TASK (result));
  if (position != NULL)
    *position = g_steal_pointer (&loaded->position);
  if (annotations != NULL)
    *annotations = g_steal_pointer (&loaded->annotations);
  return TRUE;
}

/* Writes */

/* The completion of a write: an annotation's update or removal, the
 * reading position, the time read.  @user_data non-NULL: a paper the
 * library does not hold is no error (reading time is kept for the papers
 * the library knows; one read from a listing and never stored has none). */
static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean quiet_not_found = user_data != NULL;

  if (!papers_store_write_finish (PAPERS_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !(quiet_not_found && g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND)))
    g_warning ("Could not save to the library: %s", error->message);
}

static void
save_reading_time (PapersReadingSession *self)
{
  if (self->unsaved <= 0.0 || !papers_reading_session_is_writable (self))
    return;
  papers_store_add_reading_time_async (self->store, self->paper_id, self->unsaved, NULL,
                                       written_cb, GINT_TO_POINTER (TRUE));
  self->unsaved = 0.0;
}

/* The time since the last sign of the reader was reading */
static void
count_reading (PapersReadingSession *self)
{
  gint64 now = g_get_monotonic_time ();

  self->unsaved += MIN ((now - self->last_seen) / (double) G_USEC_PER_SEC, IDLE_SECONDS);
  self->last_seen = now;
}

/* The reader did something */
static void
note_reader (PapersReadingSession *self)
{
  count_reading (self);
  if (self->unsaved >= SAVE_EVERY_SECONDS)
    save_reading_time (self);
}

/**
 * papers_reading_session_add_reading_time:
 * @seconds: time the paper was read that the session did not see
 *
 * Adds to the time the paper was read and keeps it in the library.
 */
void
papers_reading_session_add_reading_time (PapersReadingSession *self,
                                         double                seconds)
{
  g_return_if_fail (PAPERS_IS_READING_SESSION (self));

  if (!isfinite (seconds) || seconds <= 0.0)
    return;
  self->unsaved += seconds;
  save_reading_time (self);
}

/**
 * papers_reading_session_save_position:
 * @page: the page, from 0
 * @offset: how far into the page, 0 to 1
 * @zoom: the zoom, or a fit mode as the view keeps it
 *
 * Keeps where the reader is.
 */
void
papers_reading_session_save_position (PapersReadingSession *self,
                                      int                   page,
                                      double                offset,
                                      double                zoom)
{
  g_return_if_fail (PAPERS_IS_READING_SESSION (self));

  if (!papers_reading_session_is_writable (self))
    return;
  note_reader (self);
  papers_store_set_reading_position_async (self->store, self->paper_id, page, offset, zoom, NULL,
                                           written_cb, NULL);
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PapersAnnotation) annot = user_data;
  g_autoptr(GError) error = NULL;

  if (!papers_store_write_finish (PAPERS_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not save to the library: %s", error->message);
    }
  else if (g_object_steal_data (G_OBJECT (annot), REMOVED_WHILE_ADDING) != NULL)
    papers_store_remove_annotation_async (PAPERS_STORE (source), papers_annotation_get_id (annot), NULL,
                                          written_cb, NULL);
  else if (g_object_steal_data (G_OBJECT (annot), EDITED_WHILE_ADDING) != NULL)
    papers_store_update_annotation_async (PAPERS_STORE (source), annot, NULL, written_cb, NULL);
}

/**
 * papers_reading_session_add_annotation:
 *
 * Stores @annotation (new, or back after an undo with its id set to 0);
 * the store sets its id once it is written.  An annotation that was
 * removed before its first add finished is kept by that add.
 */
void
papers_reading_session_add_annotation (PapersReadingSession *self,
                                       PapersAnnotation     *annotation)
{
  g_return_if_fail (PAPERS_IS_READING_SESSION (self));
  g_return_if_fail (PAPERS_IS_ANNOTATION (annotation));

  if (!papers_reading_session_is_writable (self))
    return;
  /* Undone before the first add even finished: that add keeps it. */
  if (g_object_steal_data (G_OBJECT (annotation), REMOVED_WHILE_ADDING) != NULL)
    return;
  note_reader (self);
  papers_store_add_annotation_async (self->store, annotation, NULL, added_cb, g_object_ref (annotation));
}

/**
 * papers_reading_session_restore_annotation:
 *
 * Adds back @annotation, removed before (an undo): under a new id, unless
 * it never left the library because its first add was still running when
 * it was removed.
 */
void
papers_reading_session_restore_annotation (PapersReadingSession *self,
                                           PapersAnnotation     *annotation)
{
  g_return_if_fail (PAPERS_IS_READING_SESSION (self));
  g_return_if_fail (PAPERS_IS_ANNOTATION (annotation));

  if (g_object_get_data (G_OBJECT (annotation), REMOVED_WHILE_ADDING) == NULL)
    papers_annotation_set_id (annotation, 0);
  papers_reading_session_add_annotation (self, annotation);
}

/**
 * papers_reading_session_update_annotation:
 *
 * Writes @annotation's changes (its comment, color…): now if it is stored,
 * else once its add is done.
 */
void
papers_reading_session_update_annotation (PapersReadingSession *self,
                                          PapersAnnotation     *annotation)
{
  g_return_if_fail (PAPERS_IS_READING_SESSION (self));
  g_return_if_fail (PAPERS_IS_ANNOTATION (annotation));

  if (!papers_reading_session_is_writable (self))
    return;
  note_reader (self);
  if (papers_annotation_get_id (annotation) > 0)
    papers_store_update_annotation_async (self->store, annotation, NULL, written_cb, NULL);
  else
    g_object_set_data (G_OBJECT (annotation), EDITED_WHILE_ADDING, GINT_TO_POINTER (TRUE));
}

/**
 * papers_reading_session_remove_annotation:
 *
 * Removes @annotation from the library: now if it is stored, else once
 * its add is done (unless it is added back before).
 */
void
papers_reading_session_remove_annotation (PapersReadingSession *self,
                                          PapersAnnotation     *annotation)
{
  g_return_if_fail (PAPERS_IS_READING_SESSION (self));
  g_return_if_fail (PAPERS_IS_ANNOTATION (annotation));

  if (!papers_reading_session_is_writable (self))
    return;
  note_reader (self);
  if (papers_annotation_get_id (annotation) > 0)
    papers_store_remove_annotation_async (self->store, papers_annotation_get_id (annotation), NULL,
                                          written_cb, NULL);
  else
    g_object_set_data (G_OBJECT (annotation), REMOVED_WHILE_ADDING, GINT_TO_POINTER (TRUE));
}

static void
papers_reading_session_dispose (GObject *object)
{
  PapersReadingSession *self = PAPERS_READING_SESSION (object);

  /* The paper is closed: the time since the last sign was reading too */
  if (self->store != NULL)
    {
      count_reading (self);
      save_reading_time (self);
    }

  G_OBJECT_CLASS (papers_reading_session_parent_class)->dispose (object);
}

static void
papers_reading_session_finalize (GObject *object)
{
  PapersReadingSession *self = PAPERS_READING_SESSION (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->paper_id, g_free);
  g_clear_object (&self->references);

  G_OBJECT_CLASS (papers_reading_session_parent_class)->finalize (object);
}

static void
papers_reading_session_class_init (PapersReadingSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = papers_reading_session_dispose;
  G_OBJECT_CLASS (klass)->finalize = papers_reading_session_finalize;
}

static void
papers_reading_session_init (PapersReadingSession *self)
{
}
