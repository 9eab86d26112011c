/* papers-store-state.h: a paper's library state: status, star, note, PDF
 *
 * Part of papers-store.h, which includes it: include that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store.h"

G_BEGIN_DECLS

/* Library state of one paper.  Each emits "paper-changed". */
void         papers_store_set_status_async     (PapersStore         *self,
                                                const char          *id,
                                                PapersReadStatus     status,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
void         papers_store_set_starred_async    (PapersStore         *self,
                                                const char          *id,
                                                gboolean             starred,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* A NULL or empty @text deletes the note. */
void         papers_store_set_note_async       (PapersStore         *self,
                                                const char          *id,
                                                const char          *text,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* The paper's downloaded PDF (adding the paper to the library): @path
 * NULL forgets it; @sha256, in hex, may be NULL. */
void         papers_store_set_pdf_async        (PapersStore         *self,
                                                const char          *id,
                                                const char          *path,
                                                gint64               size,
                                                const char          *sha256,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* The PDF's text, extracted by the viewer, for full-text search (the
 * "body"; words found only there rank lowest).  NULL or "" forgets it. */
void         papers_store_set_pdf_text_async   (PapersStore         *self,
                                                const char          *id,
                                                const char          *text,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

G_END_DECLS
