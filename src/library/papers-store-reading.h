/* papers-store-reading.h: what the reader keeps: reading position, annotations
 *
 * Part of papers-store.h, which includes it: include that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store.h"

G_BEGIN_DECLS

/* Reading position: page from 0, offset within the page (0..1), zoom. */
typedef struct
{
  int    page;
  double offset;
  double zoom;
} PapersReadingPosition;

#define PAPERS_TYPE_READING_POSITION (papers_reading_position_get_type ())

GType                  papers_reading_position_get_type (void) G_GNUC_CONST;
PapersReadingPosition *papers_reading_position_copy     (const PapersReadingPosition *position);
void                   papers_reading_position_free     (PapersReadingPosition       *position);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersReadingPosition, papers_reading_position_free)

/* Getting a position never stored fails with NOT_FOUND. */
void                   papers_store_get_reading_position_async  (PapersStore         *self,
                                                                 const char          *id,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
PapersReadingPosition *papers_store_get_reading_position_finish (PapersStore         *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
void                   papers_store_set_reading_position_async  (PapersStore         *self,
                                                                 const char          *id,
                                                                 int                  page,
                                                                 double               offset,
                                                                 double               zoom,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);

/* Adds @seconds to the time @id was read (see papers-store-db-reading.c) */
void                   papers_store_add_reading_time_async      (PapersStore         *self,
                                                                 const char          *id,
                                                                 double               seconds,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);

/* Annotations.  Each change emits "annotations-changed" (paper id). */
void         papers_store_list_annotations_async   (PapersStore         *self,
                                                    const char          *paper_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GListModel  *papers_store_list_annotations_finish  (PapersStore         *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Stores @annotation and sets its id, created and updated times. */
void         papers_store_add_annotation_async     (PapersStore         *self,
                                                    PapersAnnotation    *annotation,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
void         papers_store_update_annotation_async  (PapersStore         *self,
                                                    PapersAnnotation    *annotation,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
void         papers_store_remove_annotation_async  (PapersStore         *self,
                                                    gint64               annotation_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);

G_END_DECLS
