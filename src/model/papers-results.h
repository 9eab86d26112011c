/* papers-results.h: a long library list, loaded a screenful at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-store.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_RESULTS (papers_results_get_type ())

G_DECLARE_FINAL_TYPE (PapersResults, papers_results, PAPERS, RESULTS, GObject)

/* Gives the one live object of a paper: @paper itself, or the object
 * already on show with the same id (transfer none). */
typedef PapersPaper *(*PapersCanonicalFunc) (GObject     *owner,
                                             PapersPaper *paper);

PapersResults *papers_results_new              (PapersStore         *store,
                                                PapersFound         *found,
                                                PapersCanonicalFunc  canonical,
                                                GObject             *owner);
void           papers_results_update           (PapersResults       *self,
                                                PapersFound         *found);
gboolean       papers_results_is_placeholder   (PapersPaper         *paper);
guint          papers_results_find             (PapersResults       *self,
                                                const char          *id);

G_END_DECLS
