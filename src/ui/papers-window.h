/* papers-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "papers-application.h"
#include "papers-collection.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_WINDOW (papers_window_get_type ())

G_DECLARE_FINAL_TYPE (PapersWindow, papers_window, PAPERS, WINDOW, AdwApplicationWindow)

PapersWindow     *papers_window_new            (PapersApplication *app);
PapersCollection *papers_window_get_collection (PapersWindow      *self);
gboolean          papers_window_set_day        (PapersWindow      *self,
                                                const char        *day);
void              papers_window_present_when_ready (PapersWindow  *self);
void              papers_window_shutdown       (PapersWindow      *self);
const char       *papers_window_get_shown_search (PapersWindow    *self);

G_END_DECLS
