/* papers-annotation-context.h: the annotations over an open document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-annot.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_ANNOTATION_CONTEXT (papers_annotation_context_get_type ())
G_DECLARE_FINAL_TYPE (PapersAnnotationContext, papers_annotation_context, PAPERS, ANNOTATION_CONTEXT, GObject)

PapersAnnotationContext *papers_annotation_context_new          (void);

GListStore       *papers_annotation_context_get_model    (PapersAnnotationContext *self);
void              papers_annotation_context_set_model    (PapersAnnotationContext *self,
                                                          GListStore              *model);
const char       *papers_annotation_context_get_paper_id (PapersAnnotationContext *self);
void              papers_annotation_context_set_paper_id (PapersAnnotationContext *self,
                                                          const char              *paper_id);

PapersAnnotation *papers_annotation_context_annotation_at (PapersAnnotationContext *self,
                                                           int                      page,
                                                           double                   x,
                                                           double                   y);
PapersAnnotation *papers_annotation_context_get_selected (PapersAnnotationContext *self);
void              papers_annotation_context_select       (PapersAnnotationContext *self,
                                                          PapersAnnotation        *annotation);

/* Requests: each changes the model and emits its signal, for whoever
 * keeps the annotations (the library). */
void              papers_annotation_context_add          (PapersAnnotationContext *self,
                                                          PapersAnnotation        *annotation);
PapersAnnotation *papers_annotation_context_add_markup   (PapersAnnotationContext *self,
                                                          int                      page,
                                                          const PapersPageData    *data,
                                                          guint                    first,
                                                          guint                    last,
                                                          PapersAnnotKind          kind,
                                                          guint32                  rgb);
PapersAnnotation *papers_annotation_context_add_note     (PapersAnnotationContext *self,
                                                          int                      page,
                                                          double                   x,
                                                          double                   y,
                                                          const char              *comment);
void              papers_annotation_context_update       (PapersAnnotationContext *self,
                                                          PapersAnnotation        *annotation);
gboolean          papers_annotation_context_remove       (PapersAnnotationContext *self,
                                                          PapersAnnotation        *annotation);

G_END_DECLS
