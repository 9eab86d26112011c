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

/* The PDF's text as the library indexes it, one string per page (pages
 * joined by '\f' in the search's body), with what it was read from: the
 * file's @size and @mtime (Unix seconds) and the @sha256 the library
 * knew.  No page or only empty pages: a PDF with no text (a scan), kept
 * so that it is not read again until the file changes.  Finish with
 * papers_store_write_finish(). */
void         papers_store_set_pdf_pages_async  (PapersStore         *self,
                                                const char          *id,
                                                const char * const  *pages,
                                                gint64               size,
                                                gint64               mtime,
                                                const char          *sha256,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/**
 * PapersPdfTextStamp:
 * @id: the paper
 * @path: its PDF
 * @size: the PDF's size as the library knows it
 * @sha256: (nullable): and its sha256
 * @indexed: whether its text was read
 * @indexed_size: the file's size when it was read
 * @indexed_mtime: its mtime then
 * @indexed_sha256: (nullable): the sha256 the library knew then
 *
 * A PDF of the library and the stamp of its indexed text, for the
 * indexer to tell what to read (again).
 */
typedef struct
{
  char     *id;
  char     *path;
  gint64    size;
  char     *sha256;
  gboolean  indexed;
  gint64    indexed_size;
  gint64    indexed_mtime;
  char     *indexed_sha256;
} PapersPdfTextStamp;

void         papers_pdf_text_stamp_free        (PapersPdfTextStamp  *stamp);

/* Every PDF of the library, or @id's alone, newest first: a GPtrArray of
 * PapersPdfTextStamp */
void         papers_store_list_pdf_texts_async (PapersStore         *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray   *papers_store_list_pdf_texts_finish (PapersStore        *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersPdfTextStamp, papers_pdf_text_stamp_free)

G_END_DECLS
