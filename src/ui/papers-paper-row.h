/* papers-paper-row.h: one paper in a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "papers-paper.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_PAPER_ROW (papers_paper_row_get_type ())

G_DECLARE_FINAL_TYPE (PapersPaperRow, papers_paper_row, PAPERS, PAPER_ROW, GtkWidget)

GtkWidget   *papers_paper_row_new       (void);
void         papers_paper_row_set_paper (PapersPaperRow *self,
                                         PapersPaper    *paper);
PapersPaper *papers_paper_row_get_paper (PapersPaperRow *self);
void         papers_paper_row_set_note  (PapersPaperRow *self,
                                         const char     *note);
char        *papers_paper_row_dup_shown_text  (PapersPaperRow *self);
char        *papers_paper_row_dup_description (PapersPaper    *paper);

char        *papers_format_date         (GDateTime      *date);

G_END_DECLS
