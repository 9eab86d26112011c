/* papers-view-annotation.h: an annotation as the viewer keeps it in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "papers-document.h"

G_BEGIN_DECLS

/* The highlight palette: at least eight colors, 0xRRGGBB. */
typedef struct {
  guint32     rgb;
  const char *name;   /* translatable, for accessible labels */
} PapersPaletteColor;

const PapersPaletteColor *papers_annotation_palette (guint *n_colors);

const char *papers_annot_kind_to_string   (PapersAnnotKind kind);
const char *papers_annot_kind_label       (PapersAnnotKind kind);

#define PAPERS_TYPE_VIEW_ANNOTATION (papers_view_annotation_get_type ())
G_DECLARE_FINAL_TYPE (PapersViewAnnotation, papers_view_annotation, PAPERS, VIEW_ANNOTATION, GObject)

/* The record the viewer works with until the library's PapersAnnotation
 * is available: a page, a kind, a color, rectangles in PDF points (origin
 * at the top-left of the page), the marked text and a comment. */
PapersViewAnnotation *papers_view_annotation_new           (int               page,
                                                            PapersAnnotKind   kind,
                                                            guint32           rgb);
PapersViewAnnotation *papers_view_annotation_new_from_document (const PapersDocumentAnnot *annot);

const char      *papers_view_annotation_get_id        (PapersViewAnnotation *self);
int              papers_view_annotation_get_page      (PapersViewAnnotation *self);
PapersAnnotKind  papers_view_annotation_get_kind      (PapersViewAnnotation *self);
void             papers_view_annotation_set_kind      (PapersViewAnnotation *self,
                                                       PapersAnnotKind       kind);
guint32          papers_view_annotation_get_color     (PapersViewAnnotation *self);
void             papers_view_annotation_set_color     (PapersViewAnnotation *self,
                                                       guint32               rgb);
GArray          *papers_view_annotation_get_rects     (PapersViewAnnotation *self);
void             papers_view_annotation_add_rect      (PapersViewAnnotation *self,
                                                       const PapersRect     *rect);
const char      *papers_view_annotation_get_text      (PapersViewAnnotation *self);
void             papers_view_annotation_set_text      (PapersViewAnnotation *self,
                                                       const char           *text);
const char      *papers_view_annotation_get_comment   (PapersViewAnnotation *self);
void             papers_view_annotation_set_comment   (PapersViewAnnotation *self,
                                                       const char           *comment);
gboolean         papers_view_annotation_get_from_document (PapersViewAnnotation *self);
double           papers_view_annotation_get_top       (PapersViewAnnotation *self);

PapersDocumentAnnot *papers_view_annotation_to_document (PapersViewAnnotation *self);
int              papers_view_annotation_compare       (gconstpointer a,
                                                       gconstpointer b,
                                                       gpointer      user_data);

G_END_DECLS
