/* papers-history.h: the page view's back and forward through links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-document.h"

G_BEGIN_DECLS

/* A place in a document: a page and the points from its top shown at
 * the top of the view. */
typedef struct {
  int    page;
  double top;
} PapersHistoryEntry;

#define PAPERS_TYPE_HISTORY (papers_history_get_type ())
G_DECLARE_FINAL_TYPE (PapersHistory, papers_history, PAPERS, HISTORY, GObject)

PapersHistory *papers_history_new             (void);

gboolean       papers_history_can_go_back     (PapersHistory            *self);
gboolean       papers_history_can_go_forward  (PapersHistory            *self);
void           papers_history_go_back         (PapersHistory            *self,
                                               const PapersHistoryEntry *here);
void           papers_history_go_forward      (PapersHistory            *self,
                                               const PapersHistoryEntry *here);
void           papers_history_follow_link     (PapersHistory            *self,
                                               const PapersLink         *link,
                                               const PapersHistoryEntry *here);
void           papers_history_clear           (PapersHistory            *self);

G_END_DECLS
