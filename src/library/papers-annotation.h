/* papers-annotation.h: one annotation a reader made on a page of a paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-library-enums.h"

G_BEGIN_DECLS

/**
 * PapersAnnotKind:
 * @PAPERS_ANNOT_HIGHLIGHT: a highlight over text
 * @PAPERS_ANNOT_UNDERLINE: a line under text
 * @PAPERS_ANNOT_STRIKEOUT: a line through text
 * @PAPERS_ANNOT_SQUIGGLY: a wavy line under text
 * @PAPERS_ANNOT_NOTE: a note at a point of the page
 * @PAPERS_ANNOT_OTHER: anything else a PDF holds (ink, shapes, …); shown,
 *   never stored in the library
 *
 * The kinds' nicks ("highlight", …) are the words the library stores as an
 * annotation's type.
 */
typedef enum {
  PAPERS_ANNOT_HIGHLIGHT,
  PAPERS_ANNOT_UNDERLINE,
  PAPERS_ANNOT_STRIKEOUT,
  PAPERS_ANNOT_SQUIGGLY,
  PAPERS_ANNOT_NOTE,
  PAPERS_ANNOT_OTHER,
} PapersAnnotKind;

const char       *papers_annot_kind_to_string    (PapersAnnotKind   kind);
PapersAnnotKind   papers_annot_kind_from_string  (const char       *type);

#define PAPERS_TYPE_ANNOTATION (papers_annotation_get_type ())

G_DECLARE_FINAL_TYPE (PapersAnnotation, papers_annotation, PAPERS, ANNOTATION, GObject)

PapersAnnotation *papers_annotation_new          (const char       *paper_id,
                                                  int               page,
                                                  const char       *type);
PapersAnnotation *papers_annotation_copy         (PapersAnnotation *self);

gboolean          papers_annotation_type_is_valid (const char      *type);

gint64            papers_annotation_get_id       (PapersAnnotation *self);
void              papers_annotation_set_id       (PapersAnnotation *self,
                                                  gint64            id);
const char       *papers_annotation_get_paper_id (PapersAnnotation *self);
void              papers_annotation_set_paper_id (PapersAnnotation *self,
                                                  const char       *paper_id);
int               papers_annotation_get_page     (PapersAnnotation *self);
void              papers_annotation_set_page     (PapersAnnotation *self,
                                                  int               page);
const char       *papers_annotation_get_annotation_type (PapersAnnotation *self);
void              papers_annotation_set_annotation_type (PapersAnnotation *self,
                                                         const char       *type);
PapersAnnotKind   papers_annotation_get_kind     (PapersAnnotation *self);
void              papers_annotation_set_kind     (PapersAnnotation *self,
                                                  PapersAnnotKind   kind);
const char       *papers_annotation_get_color    (PapersAnnotation *self);
void              papers_annotation_set_color    (PapersAnnotation *self,
                                                  const char       *color);
/* Rectangles in PDF points: x1, y1, x2, y2 for each, 4 × n_rects doubles */
const double     *papers_annotation_get_rects    (PapersAnnotation *self,
                                                  guint            *n_rects);
void              papers_annotation_set_rects    (PapersAnnotation *self,
                                                  const double     *coords,
                                                  guint             n_rects);
const char       *papers_annotation_get_text     (PapersAnnotation *self);
void              papers_annotation_set_text     (PapersAnnotation *self,
                                                  const char       *text);
const char       *papers_annotation_get_comment  (PapersAnnotation *self);
void              papers_annotation_set_comment  (PapersAnnotation *self,
                                                  const char       *comment);
GDateTime        *papers_annotation_get_created  (PapersAnnotation *self);
void              papers_annotation_set_created  (PapersAnnotation *self,
                                                  GDateTime        *created);
GDateTime        *papers_annotation_get_updated  (PapersAnnotation *self);
void              papers_annotation_set_updated  (PapersAnnotation *self,
                                                  GDateTime        *updated);

G_END_DECLS
