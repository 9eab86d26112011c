/* papers-store-listings.c: the store's cached listings of the sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-job.h"

struct _PapersCachedListing
{
  gatomicrefcount  ref_count;
  char            *source;
  char            *key;
  GPtrArray       *papers;
  GDateTime       *fetched;
  char            *etag;
  char            *last_modified;
};

G_DEFINE_BOXED_TYPE (PapersCachedListing, papers_cached_listing,
                     papers_cached_listing_ref, papers_cached_listing_unref)

PapersCachedListing *
papers_cached_listing_new (const char *source,
                           const char *key,
                           GPtrArray  *papers,
                           GDateTime  *fetched,
                           const char *etag,
                           const char *last_modified)
{
  PapersCachedListing *self = g_new0 (PapersCachedListing, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->source = g_strdup (source);
  self->key = g_strdup (key);
  self->papers = g_ptr_array_ref (papers);
  self->fetched = fetched ? g_date_time_ref (fetched) : NULL;
  self->etag = g_strdup (etag);
  self->last_modified = g_strdup (last_modified);
  return self;
}

PapersCachedListing *
papers_cached_listing_ref (PapersCachedListing *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
papers_cached_listing_unref (PapersCachedListing *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->source);
  g_free (self->key);
  g_ptr_array_unref (self->papers);
  g_clear_pointer (&self->fetched, g_date_time_unref);
  g_free (self->etag);
  g_free (self->last_modified);
  g_free (self);
}

const char *papers_cached_listing_get_source (PapersCachedListing *self) { return self->source; }
const char *papers_cached_listing_get_key (PapersCachedListing *self) { return self->key; }
/**
 * papers_cached_listing_get_papers:
 * @self: a listing
 *
 * Returns: (transfer none) (element-type PapersPaper): the papers, in order
 */
GPtrArray *papers_cached_listing_get_papers (PapersCachedListing *self) { return self->papers; }
GDateTime *papers_cached_listing_get_fetched (PapersCachedListing *self) { return self->fetched; }
const char *papers_cached_listing_get_etag (PapersCachedListing *self) { return self->etag; }
const char *papers_cached_listing_get_last_modified (PapersCachedListing *self) { return self->last_modified; }

/* A listing; loading one takes only its source and key */
typedef struct
{
  char      *source;
  char      *key;
  char      *etag;
  char      *last_modified;
  GPtrArray *papers;
} ListingArgs;

static ListingArgs *
listing_args_new (const char *source,
                  const char *key,
                  const char *etag,
                  const char *last_modified,
                  GPtrArray  *papers)
{
  ListingArgs *args = g_new0 (ListingArgs, 1);

  args->source = g_strdup (source);
  args->key = g_strdup (key);
  args->etag = g_strdup (etag);
  args->last_modified = g_strdup (last_modified);
  args->papers = papers != NULL ? papers_store_copy_papers (papers) : NULL;
  return args;
}

static void
listing_args_free (gpointer data)
{
  ListingArgs *args = data;

  g_free (args->source);
  g_free (args->key);
  g_free (args->etag);
  g_free (args->last_modified);
  g_clear_pointer (&args->papers, g_ptr_array_unref);
  g_free (args);
}

static gboolean
run_save_listing (PapersDb            *db,
                  gpointer             data,
                  gpointer            *result,
                  PapersStoreChanges  *changes,
                  GError             **error)
{
  ListingArgs *args = data;

  return papers_store_db_save_listing (db, args->source, args->key, args->etag, args->last_modified,
                                       args->papers, changes, error);
}

static gboolean
run_load_listing (PapersDb            *db,
                  gpointer             data,
                  gpointer            *result,
                  PapersStoreChanges  *changes,
                  GError             **error)
{
  ListingArgs *args = data;

  *result = papers_store_db_load_listing (db, args->source, args->key, error);
  return *result != NULL;
}

enum
{
  JOB_SAVE_LISTING,
  JOB_LOAD_LISTING,
};

static const PapersStoreJobKind kinds[] = {
  [JOB_SAVE_LISTING] = { "save listing", run_save_listing, listing_args_free, NULL,
                         PAPERS_STORE_JOB_WRITES_PAPERS },
  [JOB_LOAD_LISTING] = { "load listing", run_load_listing, listing_args_free, (GDestroyNotify) papers_cached_listing_unref,
                         PAPERS_STORE_JOB_READS },
};

void
papers_store_save_listing_async (PapersStore         *self,
                                 const char          *source,
                                 const char          *key,
                                 const char          *etag,
                                 const char          *last_modified,
                                 GPtrArray           *papers,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SAVE_LISTING], listing_args_new (source, key, etag, last_modified, papers));
}

void
papers_store_load_listing_async (PapersStore         *self,
                                 const char          *source,
                                 const char          *key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LOAD_LISTING], listing_args_new (source, key, NULL, NULL, NULL));
}

PapersCachedListing *
papers_store_load_listing_finish (PapersStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LOAD_LISTING], error);
}
