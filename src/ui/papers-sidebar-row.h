/* papers-sidebar-row.h: one view in the window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PAPERS_TYPE_SIDEBAR_ROW (papers_sidebar_row_get_type ())

G_DECLARE_FINAL_TYPE (PapersSidebarRow, papers_sidebar_row, PAPERS, SIDEBAR_ROW, GtkListBoxRow)

GtkWidget  *papers_sidebar_row_new         (const char       *section,
                                            const char       *view,
                                            const char       *icon_name,
                                            const char       *color,
                                            const char       *title);
const char *papers_sidebar_row_get_view    (PapersSidebarRow *self);
const char *papers_sidebar_row_get_section (PapersSidebarRow *self);
void        papers_sidebar_row_set_count   (PapersSidebarRow *self,
                                            const char       *count);

G_END_DECLS
