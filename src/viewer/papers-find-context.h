/* papers-find-context.h: finding text in a document, for the page view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-document.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_FIND_CONTEXT (papers_find_context_get_type ())
G_DECLARE_FINAL_TYPE (PapersFindContext, papers_find_context, PAPERS, FIND_CONTEXT, GObject)

PapersFindContext *papers_find_context_new           (void);

void               papers_find_context_set_document  (PapersFindContext *self,
                                                      PapersDocument    *document);
PapersDocument    *papers_find_context_get_document  (PapersFindContext *self);

void               papers_find_context_find          (PapersFindContext *self,
                                                      const char        *text,
                                                      int                start_page);
void               papers_find_context_find_words    (PapersFindContext *self,
                                                      const char        *text,
                                                      int                start_page);
void               papers_find_context_cancel        (PapersFindContext *self);
void               papers_find_context_next          (PapersFindContext *self);
void               papers_find_context_previous      (PapersFindContext *self);

const char        *papers_find_context_get_text      (PapersFindContext *self);
int                papers_find_context_get_n_matches (PapersFindContext *self);
int                papers_find_context_get_index     (PapersFindContext *self);
gboolean           papers_find_context_get_busy      (PapersFindContext *self);

/* For drawing: the matches found on @page so far, and the current one. */
const PapersRect  *papers_find_context_get_matches   (PapersFindContext *self,
                                                      int                page,
                                                      guint             *n_matches);
const PapersRect  *papers_find_context_get_current   (PapersFindContext *self,
                                                      int               *page);

G_END_DECLS
