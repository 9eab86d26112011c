/* papers-sync-pdfs.h: the library's PDFs on the server, content-addressed
 * and encrypted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-dav-client.h"
#include "papers-hlc.h"
#include "papers-store.h"
#include "papers-sync-crypto.h"
#include "papers-sync-engine.h"
#include "papers-sync-state.h"

G_BEGIN_DECLS

/* Whether rounds fetch every PDF another device sent, not only those
 * opened (the "sync-pdfs-in-advance" setting; off by default). */
void      papers_sync_set_pdfs_in_advance (gboolean            in_advance);
gboolean  papers_sync_get_pdfs_in_advance (void);

gboolean  papers_sync_pdf_parse           (const char         *text,
                                           char              **sha256,
                                           guint64            *size);

/* In a round, after this device's changes are applied to @state: sends
 * the library's PDFs the server lacks, and adds to @records the PDF
 * records of those whose file the state does not know yet. */
gboolean  papers_sync_pdfs_send           (PapersStore        *store,
                                           PapersDavClient    *client,
                                           PapersSyncKey      *key,
                                           PapersSyncState    *state,
                                           PapersHlc          *hlc,
                                           GPtrArray          *records,
                                           PapersSyncStats    *stats,
                                           GError            **error);

/* Fetches, checks and stores every PDF @state knows that the library
 * lacks (the papers' in the library only). */
gboolean  papers_sync_pdfs_fetch_all      (PapersStore        *store,
                                           PapersDavClient    *client,
                                           PapersSyncKey      *key,
                                           PapersSyncState    *state,
                                           PapersSyncStats    *stats,
                                           GError            **error);

/* Fetches @paper's PDF, described by @text (a PDF record's), checks it
 * and stores it in the library.  Returns: (transfer full): its path */
char     *papers_sync_pdfs_fetch_one      (PapersStore        *store,
                                           PapersDavClient    *client,
                                           PapersSyncKey      *key,
                                           const char         *paper,
                                           const char         *text,
                                           PapersSyncStats    *stats,
                                           GError            **error);

G_END_DECLS
