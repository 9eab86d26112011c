/* papers-store-rank.h: what For You keeps: dismissed papers, follows, the model
 *
 * Part of papers-store.h, which includes it: include that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store.h"

G_BEGIN_DECLS

/**
 * PapersFollowKind:
 * @PAPERS_FOLLOW_AUTHOR: an author, by name
 * @PAPERS_FOLLOW_SEARCH: a topic: the words of a search
 *
 * What the reader follows.  The library stores the nick ("author",
 * "search").
 */
typedef enum
{
  PAPERS_FOLLOW_AUTHOR,
  PAPERS_FOLLOW_SEARCH,
} PapersFollowKind;

/* The longest name or search followed, in characters: a follow is a few
 * words, and each one is matched against every paper ranked. */
#define PAPERS_FOLLOW_MAX_LENGTH 500

/* Not Interested (@dismissed) or its undo.  @paper (nullable) is what is
 * known of it: its metadata is kept (not in the library) so the model can
 * learn from its text; without it, the id alone is kept.  Undoing a
 * dismissal never made fails with NOT_FOUND. */
void         papers_store_dismiss_async        (PapersStore         *self,
                                                const char          *id,
                                                PapersPaper         *paper,
                                                gboolean             dismissed,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* The ids dismissed, newest first */
void         papers_store_list_dismissed_async (PapersStore         *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GStrv        papers_store_list_dismissed_finish (PapersStore        *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);

/* Follows @value, or stops (@follow FALSE: NOT_FOUND if it was not
 * followed).  Names and searches are unique ignoring case and runs of
 * spaces; an empty one, or one longer than PAPERS_FOLLOW_MAX_LENGTH, fails
 * with INVALID. */
void         papers_store_follow_async         (PapersStore         *self,
                                                PapersFollowKind     kind,
                                                const char          *value,
                                                gboolean             follow,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* What is followed of @kind, in the order followed */
void         papers_store_list_follows_async   (PapersStore         *self,
                                                PapersFollowKind     kind,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GStrv        papers_store_list_follows_finish  (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/**
 * PapersRankState:
 * @model: (nullable): the stored model, when asked for and kept
 * @model_version: the format version the stored model's bytes say
 * @trained: when it was trained (Unix seconds), 0 for none
 * @base: the stamps compared against: the caller's, or the stored model's
 * @stamps: what the ranker must know now, key → stamp: "p:ID" a paper of
 *   the library (its weight's inputs), "d:ID" a dismissed paper ("m" when
 *   its metadata is known), "a:NAME" and "t:QUERY" the follows (the value
 *   as followed)
 * @papers: the papers whose stamp differs from @base's (kept and
 *   dismissed ones with metadata)
 * @weights: id → weight (double *) of each kept paper of @papers
 *
 * What papers_store_load_rank_state_async() gives: enough to update a
 * ranker from what it knew to what the library holds.
 */
typedef struct
{
  GBytes     *model;
  guint32     model_version;
  gint64      trained;
  GHashTable *base;
  GHashTable *stamps;
  GPtrArray  *papers;
  GHashTable *weights;
} PapersRankState;

void papers_rank_state_free (PapersRankState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersRankState, papers_rank_state_free)

/* @known (nullable, key → stamp, copied): what the caller's ranker knows;
 * %NULL compares against the stored model's examples and gives its bytes. */
void             papers_store_load_rank_state_async  (PapersStore         *self,
                                                      GHashTable          *known,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
PapersRankState *papers_store_load_rank_state_finish (PapersStore         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* See papers-store.c: For You asks for the rank state again only when it
 * changed */
guint            papers_store_get_generation         (PapersStore         *self);

/* Replaces the stored model: its bytes, their format version, and the
 * stamps (copied) of what it learned from */
void             papers_store_save_rank_model_async  (PapersStore         *self,
                                                      GBytes              *model,
                                                      guint32              version,
                                                      GHashTable          *stamps,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);

G_END_DECLS
