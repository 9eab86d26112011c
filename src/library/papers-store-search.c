/* papers-store-search.c: the store's searches and listings of the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-job.h"

struct _PapersFound
{
  gatomicrefcount  ref_count;
  GArray          *keys;
  GPtrArray       *loaded;
  char            *query;  /* a ranked find's, for the body hits of later loads */
};

G_DEFINE_BOXED_TYPE (PapersFound, papers_found, papers_found_ref, papers_found_unref)

static PapersFound *
papers_found_new (void)
{
  PapersFound *found = g_new0 (PapersFound, 1);

  g_atomic_ref_count_init (&found->ref_count);
  found->keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  return found;
}

PapersFound *
papers_found_ref (PapersFound *found)
{
  g_atomic_ref_count_inc (&found->ref_count);
  return found;
}

void
papers_found_unref (PapersFound *found)
{
  if (!g_atomic_ref_count_dec (&found->ref_count))
    return;
  g_array_unref (found->keys);
  g_clear_pointer (&found->loaded, g_ptr_array_unref);
  g_free (found->query);
  g_free (found);
}

guint
papers_found_get_n_keys (PapersFound *found)
{
  return found->keys->len;
}

/**
 * papers_found_get_keys:
 *
 * Returns: (array length=papers_found_get_n_keys): the keys, in order
 */
const gint64 *
papers_found_get_keys (PapersFound *found)
{
  return (const gint64 *) (gpointer) found->keys->data;
}

/**
 * papers_found_get_loaded:
 *
 * Returns: (transfer none) (element-type PapersPaper): the first papers,
 *   in order
 */
GPtrArray *
papers_found_get_loaded (PapersFound *found)
{
  return found->loaded;
}

/**
 * papers_found_get_query:
 *
 * Returns: (nullable): the query of a ranked find with words, whose body
 *   hits papers_store_load_hits_async() marks beyond the loaded papers;
 *   NULL for a quick find or a listing
 */
const char *
papers_found_get_query (PapersFound *found)
{
  return found->query;
}

PapersCounts *
papers_counts_copy (const PapersCounts *counts)
{
  return g_memdup2 (counts, sizeof *counts);
}

void
papers_counts_free (PapersCounts *counts)
{
  g_free (counts);
}

G_DEFINE_BOXED_TYPE (PapersCounts, papers_counts, papers_counts_copy, papers_counts_free)

typedef struct
{
  char  *query;
  guint  offset;
  guint  limit;
} SearchArgs;

static SearchArgs *
search_args_new (const char *query,
                 guint       offset,
                 guint       limit)
{
  SearchArgs *args = g_new0 (SearchArgs, 1);

  args->query = g_strdup (query ? query : "");
  args->offset = offset;
  args->limit = limit;
  return args;
}

static void
search_args_free (gpointer data)
{
  SearchArgs *args = data;

  g_free (args->query);
  g_free (args);
}

static gboolean
run_search (PapersDb            *db,
            gpointer             data,
            gpointer            *result,
            PapersStoreChanges  *changes,
            GError             **error)
{
  SearchArgs *args = data;
  g_autoptr(PapersQuery) query = papers_query_parse (args->query, error);
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) papers = NULL;
  GListStore *list;

  if (query == NULL || !papers_search_run (db, query, args->offset, args->limit, rowids, error))
    return FALSE;
  /* Keyed, so that each paper has its rowid for the body hits */
  papers = papers_store_db_load_keyed (db, rowids, error);
  if (papers == NULL || !papers_search_mark_body_hits (db, query, rowids, papers, error))
    return FALSE;
  for (guint i = papers->len; i > 0; i--)
    if (g_ptr_array_index (papers, i - 1) == NULL)
      g_ptr_array_remove_index (papers, i - 1);

  list = g_list_store_new (PAPERS_TYPE_PAPER);
  g_list_store_splice (list, 0, 0, papers->pdata, papers->len);
  *result = list;
  return TRUE;
}

typedef struct
{
  char            *query;
  char            *filter_key;
  char            *filter_value;
  PapersSort       sort;
  PapersFindFlags  flags;
  guint            limit;
  guint            n_load;
} FindArgs;

static FindArgs *
find_args_new (const char      *query,
               const char      *filter_key,
               const char      *filter_value,
               PapersSort       sort,
               PapersFindFlags  flags,
               guint            limit,
               guint            n_load)
{
  FindArgs *args = g_new0 (FindArgs, 1);

  args->query = g_strdup (query ? query : "");
  args->filter_key = g_strdup (filter_key);
  args->filter_value = g_strdup (filter_value);
  args->sort = sort;
  args->flags = flags;
  args->limit = limit;
  args->n_load = n_load;
  return args;
}

static void
find_args_free (gpointer data)
{
  FindArgs *args = data;

  g_free (args->query);
  g_free (args->filter_key);
  g_free (args->filter_value);
  g_free (args);
}

static gboolean
run_find (PapersDb            *db,
          gpointer             data,
          gpointer            *result,
          PapersStoreChanges  *changes,
          GError             **error)
{
  FindArgs *args = data;
  g_autoptr(PapersQuery) query = papers_query_parse (args->query, error);
  g_autoptr(PapersFound) found = papers_found_new ();
  g_autoptr(GArray) first = NULL;
  guint n_load;

  if (query == NULL ||
      !papers_search_find (db, query, args->filter_key, args->filter_value, args->sort,
                           (args->flags & PAPERS_FIND_QUICK) != 0, args->limit, found->keys, error))
    return FALSE;
  n_load = MIN (args->n_load, found->keys->len);
  first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (first, found->keys->data, n_load);
  found->loaded = papers_store_db_load_keyed (db, first, error);
  /* A quick find is for a keystroke's frame: the ranked find that
   * follows a pause says where the body hits are */
  if (found->loaded == NULL ||
      ((args->flags & PAPERS_FIND_QUICK) == 0 &&
       !papers_search_mark_body_hits (db, query, first, found->loaded, error)))
    return FALSE;
  if ((args->flags & PAPERS_FIND_QUICK) == 0 && papers_query_get_n_terms (query) > 0)
    found->query = g_strdup (args->query);
  *result = g_steal_pointer (&found);
  return TRUE;
}

static GArray *
keys_new (const gint64 *keys,
          guint         n_keys)
{
  GArray *array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_keys);

  g_array_append_vals (array, keys, n_keys);
  return array;
}

static gboolean
run_load (PapersDb            *db,
          gpointer             keys,
          gpointer            *result,
          PapersStoreChanges  *changes,
          GError             **error)
{
  *result = papers_store_db_load_keyed (db, keys, error);
  return *result != NULL;
}

typedef struct
{
  GArray *keys;
  char   *query;
} LoadHitsArgs;

static void
load_hits_args_free (gpointer data)
{
  LoadHitsArgs *args = data;

  g_array_unref (args->keys);
  g_free (args->query);
  g_free (args);
}

/* A page of a find's results beyond its first: its body hits too */
static gboolean
run_load_hits (PapersDb            *db,
               gpointer             data,
               gpointer            *result,
               PapersStoreChanges  *changes,
               GError             **error)
{
  LoadHitsArgs *args = data;
  g_autoptr(PapersQuery) query = papers_query_parse (args->query, error);
  g_autoptr(GPtrArray) papers = NULL;

  if (query == NULL)
    return FALSE;
  papers = papers_store_db_load_keyed (db, args->keys, error);
  if (papers == NULL || !papers_search_mark_body_hits (db, query, args->keys, papers, error))
    return FALSE;
  *result = g_steal_pointer (&papers);
  return TRUE;
}

static gboolean
run_count (PapersDb            *db,
           gpointer             data,
           gpointer            *result,
           PapersStoreChanges  *changes,
           GError             **error)
{
  PapersCounts counts = { 0 };

  if (!papers_search_count (db, &counts, error))
    return FALSE;
  *result = papers_counts_copy (&counts);
  return TRUE;
}

enum
{
  JOB_SEARCH,
  JOB_FIND,
  JOB_LOAD,
  JOB_COUNT,
  JOB_LOAD_HITS,
};

static const PapersStoreJobKind kinds[] = {
  [JOB_SEARCH] = { "search", run_search, search_args_free, g_object_unref, PAPERS_STORE_JOB_READS },
  [JOB_FIND]   = { "find", run_find, find_args_free, (GDestroyNotify) papers_found_unref,
                   PAPERS_STORE_JOB_READS },
  [JOB_LOAD]   = { "load", run_load, (GDestroyNotify) g_array_unref, (GDestroyNotify) g_ptr_array_unref,
                   PAPERS_STORE_JOB_READS },
  [JOB_COUNT]  = { "count", run_count, NULL, (GDestroyNotify) papers_counts_free, PAPERS_STORE_JOB_READS },
  [JOB_LOAD_HITS] = { "load hits", run_load_hits, load_hits_args_free, (GDestroyNotify) g_ptr_array_unref,
                      PAPERS_STORE_JOB_READS },
};

void
papers_store_search_async (PapersStore         *self,
                           const char          *query,
                           guint                offset,
                           guint                limit,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SEARCH], search_args_new (query, offset, limit));
}

GListModel *
papers_store_search_finish (PapersStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_SEARCH], error);
}

void
papers_store_find_async (PapersStore         *self,
                         const char          *query,
                         const char          *filter_key,
                         const char          *filter_value,
                         PapersSort           sort,
                         PapersFindFlags      flags,
                         guint                limit,
                         guint                n_load,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_FIND], find_args_new (query, filter_key, filter_value, sort, flags, limit, n_load));
}

PapersFound *
papers_store_find_finish (PapersStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_FIND], error);
}

void
papers_store_load_async (PapersStore         *self,
                         const gint64        *keys,
                         guint                n_keys,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LOAD], keys_new (keys, n_keys));
}

GPtrArray *
papers_store_load_finish (PapersStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LOAD], error);
}

void
papers_store_load_hits_async (PapersStore         *self,
                              const gint64        *keys,
                              guint                n_keys,
                              const char          *query,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  LoadHitsArgs *args;

  g_return_if_fail (PAPERS_IS_STORE (self));
  args = g_new0 (LoadHitsArgs, 1);
  args->keys = keys_new (keys, n_keys);
  args->query = g_strdup (query != NULL ? query : "");
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LOAD_HITS], args);
}

GPtrArray *
papers_store_load_hits_finish (PapersStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LOAD_HITS], error);
}

void
papers_store_count_async (PapersStore         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_COUNT], NULL);
}

PapersCounts *
papers_store_count_finish (PapersStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_COUNT], error);
}
