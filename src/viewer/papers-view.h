/* papers-view.h: the continuous page view (a GtkScrollable)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "papers-document.h"
#include "papers-renderer.h"
#include "papers-annot.h"
#include "papers-annotation-context.h"
#include "papers-find-context.h"
#include "papers-history.h"
#include "papers-references.h"

G_BEGIN_DECLS

typedef enum {
  PAPERS_SIZING_FIT_WIDTH,
  PAPERS_SIZING_FIT_PAGE,
  PAPERS_SIZING_FREE,
} PapersSizingMode;

/* Reading positions store fit modes as these negative zooms. */
#define PAPERS_ZOOM_FIT_WIDTH (-1.0)
#define PAPERS_ZOOM_FIT_PAGE  (-2.0)

#define PAPERS_ZOOM_MIN 0.1
#define PAPERS_ZOOM_MAX 8.0

#define PAPERS_TYPE_VIEW (papers_view_get_type ())
G_DECLARE_FINAL_TYPE (PapersView, papers_view, PAPERS, VIEW, GtkWidget)

GtkWidget       *papers_view_new                  (void);

void             papers_view_set_document         (PapersView        *self,
                                                   PapersDocument    *document);
PapersDocument  *papers_view_get_document         (PapersView        *self);
PapersRenderer  *papers_view_get_renderer         (PapersView        *self);

/* Pages, 0-based. */
int              papers_view_get_current_page     (PapersView        *self);
void             papers_view_go_to_page           (PapersView        *self,
                                                   int                page);
void             papers_view_go_to_dest           (PapersView        *self,
                                                   int                page,
                                                   double             top);
gboolean         papers_view_next_page            (PapersView        *self);
gboolean         papers_view_previous_page        (PapersView        *self);

/* Zoom: CSS pixels per PDF point. */
double           papers_view_get_zoom             (PapersView        *self);
void             papers_view_set_zoom             (PapersView        *self,
                                                   double             zoom);
void             papers_view_zoom_in              (PapersView        *self);
void             papers_view_zoom_out             (PapersView        *self);
PapersSizingMode papers_view_get_sizing_mode      (PapersView        *self);
void             papers_view_set_sizing_mode      (PapersView        *self,
                                                   PapersSizingMode   mode);

gboolean         papers_view_get_night_mode       (PapersView        *self);
void             papers_view_set_night_mode       (PapersView        *self,
                                                   gboolean           night_mode);
void             papers_view_get_night_matrix     (graphene_matrix_t *matrix,
                                                   graphene_vec4_t   *offset);

/* Reading position: the page at the top of the view, how far into it the
 * view starts (0…1 of its height) and the zoom (or PAPERS_ZOOM_FIT_*). */
void             papers_view_get_reading_position (PapersView        *self,
                                                   int               *page,
                                                   double            *offset,
                                                   double            *zoom);
void             papers_view_set_reading_position (PapersView        *self,
                                                   int                page,
                                                   double             offset,
                                                   double             zoom);

/* History of link jumps, through the view's PapersHistory. */
PapersHistory   *papers_view_get_history          (PapersView        *self);
gboolean         papers_view_can_go_back          (PapersView        *self);
gboolean         papers_view_can_go_forward       (PapersView        *self);
void             papers_view_go_back              (PapersView        *self);
void             papers_view_go_forward           (PapersView        *self);
void             papers_view_activate_link        (PapersView        *self,
                                                   const PapersLink  *link);
gboolean         papers_view_uri_is_openable      (const char        *uri);

/* Selection. */
gboolean         papers_view_has_selection        (PapersView        *self);
char            *papers_view_get_selected_text    (PapersView        *self);
void             papers_view_select_range         (PapersView        *self,
                                                   int                start_page,
                                                   guint              start_char,
                                                   int                end_page,
                                                   guint              end_char);
gboolean         papers_view_select_at            (PapersView        *self,
                                                   int                page,
                                                   double             x,
                                                   double             y,
                                                   int                n_press);
void             papers_view_clear_selection      (PapersView        *self);
void             papers_view_copy_selection       (PapersView        *self);

/* Find, through the view's PapersFindContext. */
PapersFindContext *papers_view_get_find_context   (PapersView        *self);
void             papers_view_find                 (PapersView        *self,
                                                   const char        *text);
void             papers_view_find_words           (PapersView        *self,
                                                   const char        *text);
void             papers_view_find_next            (PapersView        *self);
void             papers_view_find_previous        (PapersView        *self);
int              papers_view_get_find_n_matches   (PapersView        *self);
int              papers_view_get_find_index       (PapersView        *self);
gboolean         papers_view_get_find_busy        (PapersView        *self);

/* Annotations, as the library's PapersAnnotation, through the view's
 * PapersAnnotationContext. */
PapersAnnotationContext *papers_view_get_annotation_context (PapersView *self);
void             papers_view_set_paper_id         (PapersView        *self,
                                                   const char        *paper_id);
const char      *papers_view_get_paper_id         (PapersView        *self);
void             papers_view_set_annotations      (PapersView        *self,
                                                   GListStore        *annotations);
GListStore      *papers_view_get_annotations      (PapersView        *self);
PapersAnnotation *papers_view_annotate_selection (PapersView     *self,
                                                      PapersAnnotKind kind,
                                                      guint32         rgb);
PapersAnnotation *papers_view_add_note        (PapersView        *self,
                                                   int                page,
                                                   double             x,
                                                   double             y,
                                                   const char        *comment);
void             papers_view_scroll_to_annotation (PapersView        *self,
                                                   PapersAnnotation *annotation);
void             papers_view_set_note_mode        (PapersView        *self,
                                                   gboolean           note_mode);

/* Citations, from the paper's PapersReferences (model/). */
void             papers_view_set_references       (PapersView        *self,
                                                   PapersReferences  *references);
PapersReferences *papers_view_get_references      (PapersView        *self);
gboolean         papers_view_reference_at         (PapersView        *self,
                                                   double             x,
                                                   double             y,
                                                   int               *citation,
                                                   int               *mention);
gboolean         papers_view_rect_to_widget       (PapersView        *self,
                                                   int                page,
                                                   const PapersTextRect *rect,
                                                   GdkRectangle      *out);
int              papers_view_focus_citation       (PapersView        *self,
                                                   int                step);
int              papers_view_get_focused_citation (PapersView        *self);
int              papers_view_get_focused_mention  (PapersView        *self);

/* Measurements for papers-bench. */
void             papers_view_get_frame_stats      (PapersView        *self,
                                                   guint             *frames,
                                                   guint             *blank_frames);
void             papers_view_reset_frame_stats    (PapersView        *self);

G_END_DECLS
