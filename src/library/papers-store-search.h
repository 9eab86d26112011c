/* papers-store-search.h: searching and listing the library
 *
 * Part of papers-store.h, which includes it: include that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store.h"

G_BEGIN_DECLS

/* Search (see "Search syntax" in README.md); "" lists the whole library.
 * The result is a GListModel of PapersPaper, best first.  A query the
 * language refuses fails with a PAPERS_QUERY_ERROR whose message is meant
 * for the user; cancel a search a newer query replaces. */
void         papers_store_search_async         (PapersStore         *self,
                                                const char          *query,
                                                guint                offset,
                                                guint                limit,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GListModel  *papers_store_search_finish        (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The order of a library list */
typedef enum
{
  PAPERS_SORT_RELEVANCE,  /* best first; with no words, latest added first */
  PAPERS_SORT_PUBLISHED,  /* newest first */
  PAPERS_SORT_ADDED,      /* latest added first */
  PAPERS_SORT_TITLE,      /* A to Z, ignoring case */
  PAPERS_SORT_UPVOTES,    /* most first */
} PapersSort;

/* What a find returned: the keys of every match, in order, and the first
 * matches loaded.  Keys are the store's own, good for
 * papers_store_load_async() until the library changes. */
typedef struct _PapersFound PapersFound;

#define PAPERS_TYPE_FOUND (papers_found_get_type ())

GType        papers_found_get_type             (void) G_GNUC_CONST;
PapersFound *papers_found_ref                  (PapersFound         *found);
void         papers_found_unref                (PapersFound         *found);
guint        papers_found_get_n_keys           (PapersFound         *found);
const gint64 *papers_found_get_keys            (PapersFound         *found);
GPtrArray   *papers_found_get_loaded           (PapersFound         *found);
const char  *papers_found_get_query            (PapersFound         *found);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersFound, papers_found_unref)

typedef enum
{
  PAPERS_FIND_DEFAULT = 0,
  /* For a query being typed: by relevance, the first @limit matches as
   * found fastest (title matches, then the others, newest first) rather
   * than ranked */
  PAPERS_FIND_QUICK   = 1 << 0,
} PapersFindFlags;

/* Finds the library's papers matching @query and, when @filter_key is
 * given, the term @filter_key:@filter_value (a view such as a tag or
 * "is:unread", taken whole), in @sort order: at most @limit (0: all of
 * them), the first @n_load of them loaded.  This is for a window that
 * shows a long list a screenful at a time.  PAPERS_FIND_QUICK suits a
 * query being typed: ranking a prefix ("mod*") costs several times as
 * much.  A query the language refuses fails with a PAPERS_QUERY_ERROR. */
void         papers_store_find_async           (PapersStore         *self,
                                                const char          *query,
                                                const char          *filter_key,
                                                const char          *filter_value,
                                                PapersSort           sort,
                                                PapersFindFlags      flags,
                                                guint                limit,
                                                guint                n_load,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PapersFound *papers_store_find_finish          (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Loads papers by key: an array as long as @keys, NULL where a paper is
 * gone. */
void         papers_store_load_async           (PapersStore         *self,
                                                const gint64        *keys,
                                                guint                n_keys,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray   *papers_store_load_finish          (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* The same, each paper told where @query's words are in its PDF's text
 * when it matches there alone (papers_paper_set_search_hit()): a page of
 * a find's results beyond those it loaded */
void         papers_store_load_hits_async      (PapersStore         *self,
                                                const gint64        *keys,
                                                guint                n_keys,
                                                const char          *query,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray   *papers_store_load_hits_finish     (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* How many papers the library holds, in all and by state */
typedef struct
{
  guint all;
  guint unread;
  guint reading;
  guint read;
  guint starred;
} PapersCounts;

#define PAPERS_TYPE_COUNTS (papers_counts_get_type ())

GType         papers_counts_get_type           (void) G_GNUC_CONST;
PapersCounts *papers_counts_copy               (const PapersCounts  *counts);
void          papers_counts_free               (PapersCounts        *counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersCounts, papers_counts_free)

void          papers_store_count_async         (PapersStore         *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PapersCounts *papers_store_count_finish        (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
