/* papers-source-client.h: Hugging Face and arXiv over one polite SoupSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-http.h"
#include "papers-listing.h"
#include "papers-paper.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_SOURCE_CLIENT (papers_source_client_get_type ())

G_DECLARE_FINAL_TYPE (PapersSourceClient, papers_source_client, PAPERS, SOURCE_CLIENT, GObject)

PapersSourceClient *papers_source_client_new               (const char         *hf_url,
                                                            const char         *arxiv_api_url,
                                                            const char         *arxiv_rss_url,
                                                            const char         *arxiv_url);
PapersSourceClient *papers_source_client_new_from_settings (GSettings          *settings);

const char         *papers_source_client_get_hf_url        (PapersSourceClient *self);
const char         *papers_source_client_get_arxiv_api_url (PapersSourceClient *self);
const char         *papers_source_client_get_arxiv_rss_url (PapersSourceClient *self);
const char         *papers_source_client_get_arxiv_url     (PapersSourceClient *self);

void                papers_source_client_set_timeout       (PapersSourceClient *self,
                                                            guint               seconds);
void                papers_source_client_set_clock         (PapersSourceClient *self,
                                                            const PapersClock  *clock);
void                papers_source_client_set_listing_deadline (PapersSourceClient *self,
                                                               guint               seconds);
void                papers_source_client_set_retry_policy  (PapersSourceClient *self,
                                                            guint               max_retries,
                                                            guint               max_wait_seconds);

void                papers_source_client_fetch_async       (PapersSourceClient  *self,
                                                            PapersListingKind    kind,
                                                            const char          *query,
                                                            PapersListing       *cached,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PapersListing      *papers_source_client_fetch_finish      (PapersSourceClient  *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void                papers_source_client_lookup_async      (PapersSourceClient  *self,
                                                            const char          *id_or_url,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PapersPaper        *papers_source_client_lookup_finish     (PapersSourceClient  *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

PapersPaper        *papers_source_client_new_arxiv_paper   (PapersSourceClient  *self,
                                                            const char          *id,
                                                            int                  version);
void                papers_source_client_paper_for_id_async (PapersSourceClient  *self,
                                                             const char          *id_or_url,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
PapersPaper        *papers_source_client_paper_for_id_finish (PapersSourceClient  *self,
                                                              GAsyncResult        *result,
                                                              GError             **unresolved,
                                                              GError             **error);

char               *papers_source_hf_date_shift            (const char         *date,
                                                            int                 days);

G_END_DECLS
