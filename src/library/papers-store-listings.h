/* papers-store-listings.h: the sources' cached listings
 *
 * Part of papers-store.h, which includes it: include that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store.h"

G_BEGIN_DECLS

/* A listing as a source last fetched it: see papers_store_save_listing_async() */
#define PAPERS_TYPE_CACHED_LISTING (papers_cached_listing_get_type ())

typedef struct _PapersCachedListing PapersCachedListing;

GType                papers_cached_listing_get_type          (void) G_GNUC_CONST;
PapersCachedListing *papers_cached_listing_ref               (PapersCachedListing *self);
void                 papers_cached_listing_unref             (PapersCachedListing *self);
const char          *papers_cached_listing_get_source        (PapersCachedListing *self);
const char          *papers_cached_listing_get_key           (PapersCachedListing *self);
GPtrArray           *papers_cached_listing_get_papers        (PapersCachedListing *self);
GDateTime           *papers_cached_listing_get_fetched       (PapersCachedListing *self);
const char          *papers_cached_listing_get_etag          (PapersCachedListing *self);
const char          *papers_cached_listing_get_last_modified (PapersCachedListing *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersCachedListing, papers_cached_listing_unref)

/* Cached listings of the sources.  Saving stores the papers' metadata
 * (without adding them to the library) and their order, with the fetch
 * time, replacing the listing saved under @source ("hf-daily") and @key
 * ("2024-10-25"); @etag and @last_modified are the response's, or NULL. */
void         papers_store_save_listing_async   (PapersStore         *self,
                                                const char          *source,
                                                const char          *key,
                                                const char          *etag,
                                                const char          *last_modified,
                                                GPtrArray           *papers,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* Fails with NOT_FOUND when the listing was never saved. */
void                 papers_store_load_listing_async  (PapersStore         *self,
                                                       const char          *source,
                                                       const char          *key,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
PapersCachedListing *papers_store_load_listing_finish (PapersStore         *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
