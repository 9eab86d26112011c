/* papers-for-you.h: the For You ranking of listings, learned from the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-ranker.h"
#include "papers-store.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_FOR_YOU (papers_for_you_get_type ())

G_DECLARE_FINAL_TYPE (PapersForYou, papers_for_you, PAPERS, FOR_YOU, GObject)

PapersForYou  *papers_for_you_new             (PapersStore          *store);
PapersStore   *papers_for_you_get_store       (PapersForYou         *self);

/* Brings the model up to date with the library (loading the stored one,
 * or training anew when it is missing, damaged or of another version) and
 * stores it back when it changed. */
void           papers_for_you_update_async    (PapersForYou         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       papers_for_you_update_finish   (PapersForYou         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Updates the model, then ranks @papers (for @tag of the library, or
 * %NULL for all of it) */
void           papers_for_you_rank_async      (PapersForYou         *self,
                                               GPtrArray            *papers,
                                               const char           *tag,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
PapersRanking *papers_for_you_rank_finish     (PapersForYou         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Not Interested, and its undo; @paper (nullable) is what is known of it */
void           papers_for_you_dismiss_async   (PapersForYou         *self,
                                               const char           *id,
                                               PapersPaper          *paper,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void           papers_for_you_undismiss_async (PapersForYou         *self,
                                               const char           *id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void           papers_for_you_follow_async    (PapersForYou         *self,
                                               PapersFollowKind      kind,
                                               const char           *value,
                                               gboolean              follow,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* Finishes dismissing, undoing and following */
gboolean       papers_for_you_change_finish   (PapersForYou         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* How many times the model was trained from scratch, and whether the
 * last load found the stored model unusable (damaged, another version):
 * for the tests and the debug log */
guint          papers_for_you_get_n_trainings (PapersForYou         *self);
gboolean       papers_for_you_get_rebuilt     (PapersForYou         *self);
/* How many times a new listing's background updated the model in place */
guint          papers_for_you_get_n_updates   (PapersForYou         *self);
/* How many times the library was asked what the ranker must know: not
 * while nothing was written to it */
guint          papers_for_you_get_n_state_loads (PapersForYou       *self);

G_END_DECLS
