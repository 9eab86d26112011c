/* papers-detail.h: the detail page of one paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "papers-collection.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_DETAIL (papers_detail_get_type ())

G_DECLARE_FINAL_TYPE (PapersDetail, papers_detail, PAPERS, DETAIL, AdwBin)

GtkWidget   *papers_detail_new          (PapersCollection *collection);
void         papers_detail_set_paper    (PapersDetail     *self,
                                         PapersPaper      *paper);
PapersPaper *papers_detail_get_paper    (PapersDetail     *self);
void         papers_detail_flush_note   (PapersDetail     *self);
void         papers_detail_set_compact  (PapersDetail     *self,
                                         gboolean          compact);
void         papers_detail_focus_tags   (PapersDetail     *self);
void         papers_detail_focus_note   (PapersDetail     *self);
void         papers_detail_set_locked   (PapersDetail     *self,
                                         const char       *reason);
void         papers_detail_set_progress (PapersDetail     *self,
                                         double            fraction);
void         papers_detail_set_followed_authors (PapersDetail       *self,
                                                 const char * const *authors);

G_END_DECLS
