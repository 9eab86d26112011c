/* papers-search-provider.h: the library in GNOME Shell's search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-collection.h"

G_BEGIN_DECLS

#define PAPERS_SEARCH_PROVIDER_PATH "/org/example/Papers/SearchProvider"

/* At most this many results go back to the Shell for one search (it shows
 * a handful) and at most this many metas for one GetResultMetas. */
#define PAPERS_SEARCH_PROVIDER_MAX_RESULTS 50
#define PAPERS_SEARCH_PROVIDER_MAX_METAS   500

#define PAPERS_TYPE_SEARCH_PROVIDER (papers_search_provider_get_type ())

G_DECLARE_FINAL_TYPE (PapersSearchProvider, papers_search_provider, PAPERS, SEARCH_PROVIDER, GObject)

/* @app (nullable) is held while a call is answered; it is not referenced
 * (it owns the provider).  Activating a result emits ::activate-result
 * with the paper's id, "Search in Papers" ::launch-search with the terms
 * joined by spaces: the application shows them. */
PapersSearchProvider *papers_search_provider_new        (GApplication          *app);
/* The library searched; until it is loaded, calls wait for it */
void                  papers_search_provider_set_collection (PapersSearchProvider *self,
                                                         PapersCollection      *collection);
gboolean              papers_search_provider_register   (PapersSearchProvider  *self,
                                                         GDBusConnection       *connection,
                                                         GError               **error);
void                  papers_search_provider_unregister (PapersSearchProvider  *self);
PapersSearchProvider *papers_search_provider_export     (GApplication          *app,
                                                         GDBusConnection       *connection,
                                                         PapersCollection      *collection,
                                                         GCallback              activate_result,
                                                         GCallback              launch_search,
                                                         GError               **error);

/* "Ada Lovelace, Alan Turing et al. · 2024 · diffusion, to-read": the
 * Shell's description of a paper, without the parts it lacks */
char                 *papers_search_provider_describe   (PapersPaper           *paper);

G_END_DECLS
