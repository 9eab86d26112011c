/* papers-store-reading.c: the store's operations for the reader: reading position, annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-job.h"

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

typedef struct
{
  char   *id;
  double  seconds;
} ReadingTimeArgs;

static void
reading_time_args_free (gpointer data)
{
  ReadingTimeArgs *args = data;

  g_free (args->id);
  g_free (args);
}

static gboolean
run_add_reading_time (PapersDb            *db,
                      gpointer             data,
                      gpointer            *result,
                      PapersStoreChanges  *changes,
                      GError             **error)
{
  ReadingTimeArgs *args = data;

  return papers_store_db_add_reading_time (db, args->id, args->seconds, error);
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

enum
{
  JOB_GET_POSITION,
  JOB_SET_POSITION,
  JOB_LIST_ANNOTATIONS,
  JOB_ADD_ANNOTATION,
  JOB_UPDATE_ANNOTATION,
  JOB_REMOVE_ANNOTATION,
  JOB_ADD_READING_TIME,
};

/* (A paper annotated enters the library, so its annotations announce
 * papers too) */
static const PapersStoreJobKind kinds[] = {
  [JOB_GET_POSITION]      = { "get reading position", run_get_position, g_free,
                              (GDestroyNotify) papers_reading_position_free, PAPERS_STORE_JOB_READS },
  [JOB_SET_POSITION]      = { "set reading position", run_set_position, set_position_args_free, NULL,
                              PAPERS_STORE_JOB_WRITES },
  [JOB_LIST_ANNOTATIONS]  = { "list annotations", run_list_annotations, g_free, g_object_unref,
                              PAPERS_STORE_JOB_READS },
  [JOB_ADD_ANNOTATION]    = { "add annotation", run_add_annotation, g_object_unref, NULL,
                              PAPERS_STORE_JOB_WRITES_PAPERS | PAPERS_STORE_JOB_ANNOUNCES_ANNOTATIONS },
  [JOB_UPDATE_ANNOTATION] = { "update annotation", run_update_annotation, g_object_unref, NULL,
                              PAPERS_STORE_JOB_WRITES_PAPERS | PAPERS_STORE_JOB_ANNOUNCES_ANNOTATIONS },
  [JOB_REMOVE_ANNOTATION] = { "remove annotation", run_remove_annotation, g_free, NULL,
                              PAPERS_STORE_JOB_WRITES | PAPERS_STORE_JOB_ANNOUNCES_ANNOTATIONS },
  [JOB_ADD_READING_TIME]  = { "add reading time", run_add_reading_time, reading_time_args_free, NULL,
                              PAPERS_STORE_JOB_WRITES },
};

void
papers_store_get_reading_position_async (PapersStore         *self,
                                         const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_GET_POSITION], g_strdup (id));
}

PapersReadingPosition *
papers_store_get_reading_position_finish (PapersStore   *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_GET_POSITION], error);
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
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SET_POSITION], set_position_args_new (id, page, offset, zoom));
}

void
papers_store_list_annotations_async (PapersStore         *self,
                                     const char          *paper_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LIST_ANNOTATIONS], g_strdup (paper_id));
}

GListModel *
papers_store_list_annotations_finish (PapersStore   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LIST_ANNOTATIONS], error);
}

void
papers_store_add_annotation_async (PapersStore         *self,
                                   PapersAnnotation    *annotation,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_ADD_ANNOTATION], g_object_ref (annotation));
}

void
papers_store_update_annotation_async (PapersStore         *self,
                                      PapersAnnotation    *annotation,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_UPDATE_ANNOTATION], g_object_ref (annotation));
}

void
papers_store_remove_annotation_async (PapersStore         *self,
                                      gint64               annotation_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_REMOVE_ANNOTATION], g_memdup2 (&annotation_id, sizeof annotation_id));
}

/**
 * papers_store_add_reading_time_async:
 * @id: the paper read
 * @seconds: how long, at least 0
 *
 * Adds to the time the reader spent with the paper, which For You counts
 * as interest.  Finish with papers_store_write_finish().
 */
void
papers_store_add_reading_time_async (PapersStore         *self,
                                     const char          *id,
                                     double               seconds,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  ReadingTimeArgs *args;

  g_return_if_fail (PAPERS_IS_STORE (self));
  g_return_if_fail (id != NULL);

  args = g_new0 (ReadingTimeArgs, 1);
  args->id = g_strdup (id);
  args->seconds = seconds;
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_ADD_READING_TIME], args);
}
