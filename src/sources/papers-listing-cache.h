/* papers-listing-cache.h: fetched listings kept in the library for offline use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-listing.h"
#include "papers-source-client.h"
#include "papers-store.h"

G_BEGIN_DECLS

const char    *papers_listing_kind_source           (PapersListingKind    kind);

void           papers_source_fetch_cached_async     (PapersSourceClient  *client,
                                                     PapersStore         *store,
                                                     PapersListingKind    kind,
                                                     const char          *query,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
PapersListing *papers_source_fetch_cached_finish    (PapersSourceClient  *client,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
