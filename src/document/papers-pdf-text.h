/* papers-pdf-text.h: a PDF's text through Poppler, without GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <poppler.h>

#include "papers-refs.h"

G_BEGIN_DECLS

#define PAPERS_PDF_ERROR (papers_pdf_error_quark ())

/**
 * PapersPdfError:
 * @PAPERS_PDF_ERROR_NOT_FOUND: the file does not exist or cannot be read
 * @PAPERS_PDF_ERROR_NOT_PDF: the file is not a PDF at all
 * @PAPERS_PDF_ERROR_DAMAGED: a PDF that Poppler cannot repair
 * @PAPERS_PDF_ERROR_ENCRYPTED: a PDF that needs a password
 */
typedef enum {
  PAPERS_PDF_ERROR_NOT_FOUND,
  PAPERS_PDF_ERROR_NOT_PDF,
  PAPERS_PDF_ERROR_DAMAGED,
  PAPERS_PDF_ERROR_ENCRYPTED,
} PapersPdfError;

GQuark          papers_pdf_error_quark       (void);

void            papers_pdf_lock              (void);
void            papers_pdf_unlock            (void);

void            papers_pdf_set_open_error    (const GError         *poppler_error,
                                              GError              **error);

PapersTextPage *papers_pdf_read_page_text    (PopplerPage          *page,
                                              double                width,
                                              double                height);
void            papers_pdf_read_page_links   (PopplerDocument      *doc,
                                              PopplerPage          *page,
                                              double                height,
                                              PapersTextPage       *into);

GPtrArray      *papers_pdf_extract_text      (GFile                *file,
                                              GCancellable         *cancellable,
                                              GError              **error);
void            papers_pdf_extract_text_async  (GFile               *file,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray      *papers_pdf_extract_text_finish (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
