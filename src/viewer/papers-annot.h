/* papers-annot.h: what the viewer needs of the library's PapersAnnotation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-annotation.h"
#include "papers-document.h"

G_BEGIN_DECLS

/* The highlight palette: at least eight colors, 0xRRGGBB. */
typedef struct {
  guint32     rgb;
  const char *name;   /* translatable, for accessible labels */
} PapersPaletteColor;

const PapersPaletteColor *papers_annotation_palette (guint *n_colors);

const char       *papers_annot_kind_label       (PapersAnnotKind   kind);

PapersAnnotation *papers_annot_new              (const char       *paper_id,
                                                 int               page,
                                                 PapersAnnotKind   kind,
                                                 guint32           rgb);
PapersAnnotation *papers_annot_new_from_document (const PapersDocumentAnnot *annot,
                                                  const char                *paper_id);

PapersAnnotKind   papers_annot_get_kind         (PapersAnnotation *annot);
guint32           papers_annot_get_rgb          (PapersAnnotation *annot);
void              papers_annot_set_rgb          (PapersAnnotation *annot,
                                                 guint32           rgb);
const PapersRect *papers_annot_get_rects        (PapersAnnotation *annot,
                                                 guint            *n_rects);
void              papers_annot_add_rect         (PapersAnnotation *annot,
                                                 const PapersRect *rect);
double            papers_annot_get_top          (PapersAnnotation *annot);
gboolean          papers_annot_is_from_document (PapersAnnotation *annot);
PapersDocumentAnnot *papers_annot_to_document   (PapersAnnotation *annot);
int               papers_annot_compare          (gconstpointer     a,
                                                 gconstpointer     b,
                                                 gpointer          user_data);

G_END_DECLS
