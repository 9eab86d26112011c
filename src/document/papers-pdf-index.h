/* papers-pdf-index.h: the library's PDFs' text in its search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-store.h"

G_BEGIN_DECLS

/* At most this much text of one PDF is indexed (a book of several
 * hundred pages is read to here): every edit of a paper makes its search
 * row again from it */
#define PAPERS_PDF_INDEX_MAX_TEXT (2 * 1024 * 1024)

GStrv        papers_pdf_read_pages_text  (GFile               *file,
                                          GCancellable        *cancellable,
                                          GError             **error);

/* Reads the text of the library's PDFs (@id's alone, or every one) that
 * has not been read since the file last changed, a PDF at a time on a
 * worker thread, and gives it to the store.  Finishes with how many PDFs
 * were read, or -1 and an error. */
void         papers_pdf_index_async      (PapersStore         *store,
                                          const char          *id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
int          papers_pdf_index_finish     (PapersStore         *store,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Keeps a store's PDFs indexed in the background: every PDF once when
 * started (a pass that an interrupted run resumes, since what was read is
 * in the library), then each paper whose PDF the store announces changed. */
#define PAPERS_TYPE_PDF_INDEXER (papers_pdf_indexer_get_type ())

G_DECLARE_FINAL_TYPE (PapersPdfIndexer, papers_pdf_indexer, PAPERS, PDF_INDEXER, GObject)

PapersPdfIndexer *papers_pdf_indexer_new     (PapersStore      *store);
void              papers_pdf_indexer_start   (PapersPdfIndexer *self);
/* Whether a pass is running or waiting */
gboolean          papers_pdf_indexer_is_busy (PapersPdfIndexer *self);
/* Stops: a PDF being read is left for the next start */
void              papers_pdf_indexer_stop    (PapersPdfIndexer *self);

G_END_DECLS
