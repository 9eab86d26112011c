/* papers-refresh.h: one background round (what `papers-reader refresh`
 * and the background service both run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-ranker.h"
#include "papers-source-client.h"
#include "papers-store.h"

G_BEGIN_DECLS

/**
 * PapersRefreshRound:
 * @papers: (element-type PapersPaper): the papers For You has a reason
 *   for that no earlier round announced, best first
 * @ranking: their scores and reasons, in the order of @papers
 * @still_learning: the library is too small to rank: nothing is new
 * @partial: (nullable): a source that could not be asked while others were
 *
 * What a round found.  Nothing is remembered as announced until
 * papers_refresh_round_remember(), so a round whose notification could not
 * be sent is announced again by the next one.
 */
typedef struct
{
  GPtrArray     *papers;
  PapersRanking *ranking;
  gboolean       still_learning;
  GError        *partial;
  /*< private >*/
  char          *announced_path;
  GPtrArray     *announced;
} PapersRefreshRound;

void                papers_refresh_round_free (PapersRefreshRound *round);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersRefreshRound, papers_refresh_round_free)

char               *papers_refresh_followed_categories (GSettings *settings);

void                papers_refresh_async      (PapersStore         *store,
                                               PapersSourceClient  *client,
                                               const char          *categories,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
PapersRefreshRound *papers_refresh_finish     (GAsyncResult        *result,
                                               GError             **error);

gboolean            papers_refresh_round_remember     (PapersRefreshRound  *round,
                                                       GError             **error);
GNotification      *papers_refresh_round_notification (PapersRefreshRound  *round);

void                papers_refresh_notify_async       (GApplication        *app,
                                                       PapersStore         *store,
                                                       PapersSourceClient  *client,
                                                       GSettings           *settings,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
int                 papers_refresh_notify_finish      (GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
