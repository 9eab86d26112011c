/* papers-listing-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-listing-cache.h"

/* The listing cache lives in the library database (listings and
 * listing_items, written by PapersStore).  A fetch goes:
 *
 *   load the cached copy ─► conditional fetch ─┬─ 200: save, return it
 *                                              ├─ 304: return the cached copy
 *                                              └─ failure: return the cached
 *                                                 copy marked with the error,
 *                                                 or the error if none
 *
 * so a listing fetched once shows offline with its fetched time, and a
 * failed fetch never replaces (nor touches) a good cached listing.
 */

typedef struct
{
  PapersStore       *store;
  PapersListingKind  kind;
  char              *query;
  PapersListing     *cached;
  PapersListing     *fresh;
} CacheData;

static void
cache_data_free (CacheData *data)
{
  g_clear_object (&data->store);
  g_free (data->query);
  g_clear_object (&data->cached);
  g_clear_object (&data->fresh);
  g_free (data);
}

/**
 * papers_listing_kind_source:
 * @kind: a listing kind
 *
 * Returns: the source name listings of @kind are cached under: `hf` or
 *   `arxiv`, as papers_paper_get_source() says
 */
const char *
papers_listing_kind_source (PapersListingKind kind)
{
  return kind >= PAPERS_LISTING_ARXIV_SEARCH ? "arxiv" : "hf";
}

/* A fresh paper says what the source says now (its upvotes, its announce
 * type today); what the library knows of it comes from the store. */
static void
copy_library_state (PapersPaper *to,
                    PapersPaper *from)
{
  if (!papers_paper_get_in_library (from))
    return;

  g_object_freeze_notify (G_OBJECT (to));
  papers_paper_set_in_library (to, TRUE);
  papers_paper_set_added (to, papers_paper_get_added (from));
  papers_paper_set_status (to, papers_paper_get_status (from));
  papers_paper_set_starred (to, papers_paper_get_starred (from));
  papers_paper_set_tags (to, papers_paper_get_tags (from));
  papers_paper_set_note (to, papers_paper_get_note (from));
  papers_paper_set_pdf_path (to, papers_paper_get_pdf_path (from));
  g_object_thaw_notify (G_OBJECT (to));
}

static void
reloaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CacheData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersCachedListing) stored = papers_store_load_listing_finish (PAPERS_STORE (source),
                                                                             result, &error);

  if (stored != NULL)
    {
      GPtrArray *fresh = papers_listing_get_papers (data->fresh);
      GPtrArray *known = papers_cached_listing_get_papers (stored);
      g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < known->len; i++)
        g_hash_table_insert (by_id, (gpointer) papers_paper_get_id (known->pdata[i]), known->pdata[i]);
      for (guint i = 0; i < fresh->len; i++)
        {
          PapersPaper *from = g_hash_table_lookup (by_id, papers_paper_get_id (fresh->pdata[i]));
          if (from != NULL)
            copy_library_state (fresh->pdata[i], from);
        }
    }
  else
    g_debug ("could not read back %s: %s", papers_listing_get_key (data->fresh), error->message);

  g_task_return_pointer (task, g_object_ref (data->fresh), g_object_unref);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CacheData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The listing was fetched; not being able to cache it is no reason to
   * withhold it. */
  if (!papers_store_write_finish (PAPERS_STORE (source), result, &error))
    {
      g_warning ("Could not cache the listing %s: %s", papers_listing_get_key (data->fresh), error->message);
      g_task_return_pointer (task, g_object_ref (data->fresh), g_object_unref);
      return;
    }

  /* Read it back for the library state of the papers already kept. */
  papers_store_load_listing_async (data->store, papers_listing_kind_source (data->kind),
                                   papers_listing_get_key (data->fresh),
                                   g_task_get_cancellable (task), reloaded_cb, g_object_ref (task));
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CacheData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = papers_source_client_fetch_finish (PAPERS_SOURCE_CLIENT (source),
                                                                         result, &error);

  if (listing == NULL)
    {
      if (data->cached == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("showing cached %s: %s", papers_listing_get_key (data->cached), error->message);
      papers_listing_set_error (data->cached, error);
      papers_listing_set_from_cache (data->cached, TRUE);
      g_task_return_pointer (task, g_object_ref (data->cached), g_object_unref);
      return;
    }

  /* No library: the listing as it came, kept nowhere */
  if (data->store == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&listing), g_object_unref);
      return;
    }
  data->fresh = g_object_ref (listing);
  papers_store_save_listing_async (data->store, papers_listing_kind_source (data->kind),
                                   papers_listing_get_key (listing),
                                   papers_listing_get_etag (listing),
                                   papers_listing_get_last_modified (listing),
                                   papers_listing_get_papers (listing),
                                   g_task_get_cancellable (task), saved_cb, g_object_ref (task));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CacheData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersCachedListing) cached = papers_store_load_listing_finish (PAPERS_STORE (source),
                                                                             result, &error);

  if (cached != NULL)
    {
      data->cached = papers_listing_new (data->kind, data->query);
      papers_listing_set_papers (data->cached, papers_cached_listing_get_papers (cached));
      papers_listing_set_fetched_at (data->cached, papers_cached_listing_get_fetched (cached));
      papers_listing_set_etag (data->cached, papers_cached_listing_get_etag (cached));
      papers_listing_set_last_modified (data->cached, papers_cached_listing_get_last_modified (cached));
      papers_listing_set_from_cache (data->cached, TRUE);
    }
  else
    g_debug ("no cached listing: %s", error->message);

  papers_source_client_fetch_async (g_task_get_source_object (task), data->kind, data->query,
                                    data->cached, g_task_get_cancellable (task), fetched_cb,
                                    g_object_ref (task));
}

/**
 * papers_source_fetch_cached_async:
 * @client: a client
 * @store: (nullable): the library, where listings are cached; %NULL when
 *   it could not be opened, and the listing comes from the network alone
 * @kind: which listing
 * @query: (nullable): its query, as for papers_source_client_fetch_async()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the listing
 * @user_data: data for @callback
 *
 * Fetches a listing the way the application shows one: conditionally
 * against the cached copy, caching what comes back.  When the fetch fails
 * and a cached copy exists, the cached copy is the result, with
 * papers_listing_get_from_cache() %TRUE and papers_listing_get_error()
 * saying why it could not be refreshed.
 */
void
papers_source_fetch_cached_async (PapersSourceClient  *client,
                                  PapersStore         *store,
                                  PapersListingKind    kind,
                                  const char          *query,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  CacheData *data;

  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (client));
  g_return_if_fail (store == NULL || PAPERS_IS_STORE (store));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_source_fetch_cached_async);

  data = g_new0 (CacheData, 1);
  data->store = store != NULL ? g_object_ref (store) : NULL;
  data->kind = kind;
  data->query = kind == PAPERS_LISTING_HF_TRENDING ? NULL : g_strdup (query);
  g_task_set_task_data (task, data, (GDestroyNotify) cache_data_free);

  if (store == NULL)
    {
      papers_source_client_fetch_async (client, kind, data->query, NULL, cancellable, fetched_cb,
                                        g_steal_pointer (&task));
      return;
    }
  key = papers_listing_make_key (kind, data->query);
  papers_store_load_listing_async (store, papers_listing_kind_source (kind), key, cancellable,
                                   loaded_cb, g_steal_pointer (&task));
}

/**
 * papers_source_fetch_cached_finish:
 * @client: a client
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the fresh listing, or the cached one
 */
PapersListing *
papers_source_fetch_cached_finish (PapersSourceClient  *client,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
