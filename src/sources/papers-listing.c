/* papers-listing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-listing.h"

/* A listing is what one fetch brought back, with what is needed to show it
 * again offline (its papers and when they were fetched) and to ask the
 * service whether it changed (its ETag and Last-Modified). */
struct _PapersListing
{
  GObject            parent_instance;

  PapersListingKind  kind;
  char              *query;
  char              *key;
  GPtrArray         *papers;
  int                total_results;
  char              *etag;
  char              *last_modified;
  GDateTime         *fetched_at;
  gboolean           from_cache;
  GError            *error;
};

G_DEFINE_FINAL_TYPE (PapersListing, papers_listing, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_QUERY,
  PROP_KEY,
  PROP_TOTAL_RESULTS,
  PROP_FETCHED_AT,
  PROP_FROM_CACHE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[] = {
  "hf-daily", "hf-week", "hf-month", "hf-trending", "hf-search",
  "arxiv-search", "arxiv-ids", "arxiv-feed",
};

const char *
papers_listing_kind_to_string (PapersListingKind kind)
{
  g_return_val_if_fail (kind <= PAPERS_LISTING_ARXIV_FEED, NULL);
  return kind_names[kind];
}

/**
 * papers_listing_arxiv_query:
 * @words: what a reader searches arXiv for, typed or followed
 *
 * Returns: (transfer full): the arXiv API query for @words: plain words
 *   search every field ("all:"); arXiv's own syntax ("au:…", "ti:…")
 *   passes through
 */
char *
papers_listing_arxiv_query (const char *words)
{
  g_return_val_if_fail (words != NULL, NULL);
  return strchr (words, ':') != NULL ? g_strdup (words) : g_strconcat ("all:", words, NULL);
}

/**
 * papers_listing_make_key:
 * @kind: what kind of listing
 * @query: (nullable): its query
 *
 * Returns: (transfer full): the key the listing is cached under, such as
 *   `hf-daily:2024-10-25` or `arxiv-feed:cs.LG+cs.CL`
 */
char *
papers_listing_make_key (PapersListingKind  kind,
                         const char        *query)
{
  return g_strconcat (papers_listing_kind_to_string (kind), ":",
                      query ? query : "", NULL);
}

static void
papers_listing_finalize (GObject *object)
{
  PapersListing *self = PAPERS_LISTING (object);

  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->papers, g_ptr_array_unref);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->last_modified, g_free);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (papers_listing_parent_class)->finalize (object);
}

static void
papers_listing_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PapersListing *self = PAPERS_LISTING (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_TOTAL_RESULTS:
      g_value_set_int (value, self->total_results);
      break;
    case PROP_FETCHED_AT:
      g_value_set_boxed (value, self->fetched_at);
      break;
    case PROP_FROM_CACHE:
      g_value_set_boolean (value, self->from_cache);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_listing_class_init (PapersListingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = papers_listing_finalize;
  object_class->get_property = papers_listing_get_property;

  /* Read-only for binding: what a list header shows ("fetched 2 hours
   * ago", "offline") follows these. */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PAPERS_TYPE_LISTING_KIND, PAPERS_LISTING_HF_DAILY,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL_RESULTS] =
    g_param_spec_int ("total-results", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FETCHED_AT] =
    g_param_spec_boxed ("fetched-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FROM_CACHE] =
    g_param_spec_boolean ("from-cache", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
papers_listing_init (PapersListing *self)
{
  self->papers = g_ptr_array_new_with_free_func (g_object_unref);
  self->total_results = -1;
}

/**
 * papers_listing_new:
 * @kind: what kind of listing
 * @query: (nullable): its query (a date, a search, categories)
 *
 * Returns: (transfer full): an empty listing
 */
PapersListing *
papers_listing_new (PapersListingKind  kind,
                    const char        *query)
{
  PapersListing *self = g_object_new (PAPERS_TYPE_LISTING, NULL);

  self->kind = kind;
  self->query = g_strdup (query);
  self->key = papers_listing_make_key (kind, query);

  return self;
}

PapersListingKind papers_listing_get_kind (PapersListing *self) { return self->kind; }
const char *papers_listing_get_query (PapersListing *self) { return self->query; }
const char *papers_listing_get_key (PapersListing *self) { return self->key; }

/**
 * papers_listing_get_papers:
 * @self: a listing
 *
 * Returns: (transfer none) (element-type PapersPaper): the papers
 */
GPtrArray *
papers_listing_get_papers (PapersListing *self)
{
  g_return_val_if_fail (PAPERS_IS_LISTING (self), NULL);
  return self->papers;
}

/**
 * papers_listing_set_papers:
 * @self: a listing
 * @papers: (element-type PapersPaper): the papers; the array is referenced
 */
void
papers_listing_set_papers (PapersListing *self,
                           GPtrArray     *papers)
{
  g_return_if_fail (PAPERS_IS_LISTING (self));
  g_return_if_fail (papers != NULL);

  g_ptr_array_ref (papers);
  g_clear_pointer (&self->papers, g_ptr_array_unref);
  self->papers = papers;
}

int papers_listing_get_total_results (PapersListing *self) { return self->total_results; }
const char *papers_listing_get_etag (PapersListing *self) { return self->etag; }
void papers_listing_set_etag (PapersListing *self, const char *etag) { g_set_str (&self->etag, etag); }
const char *papers_listing_get_last_modified (PapersListing *self) { return self->last_modified; }
void papers_listing_set_last_modified (PapersListing *self, const char *v) { g_set_str (&self->last_modified, v); }
GDateTime *papers_listing_get_fetched_at (PapersListing *self) { return self->fetched_at; }
gboolean papers_listing_get_from_cache (PapersListing *self) { return self->from_cache; }

void
papers_listing_set_total_results (PapersListing *self,
                                  int            total)
{
  g_return_if_fail (PAPERS_IS_LISTING (self));

  if (self->total_results == total)
    return;
  self->total_results = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_RESULTS]);
}

void
papers_listing_set_from_cache (PapersListing *self,
                               gboolean       from_cache)
{
  g_return_if_fail (PAPERS_IS_LISTING (self));

  from_cache = !!from_cache;
  if (self->from_cache == from_cache)
    return;
  self->from_cache = from_cache;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_CACHE]);
}

void
papers_listing_set_fetched_at (PapersListing *self,
                               GDateTime     *fetched_at)
{
  g_return_if_fail (PAPERS_IS_LISTING (self));

  if (fetched_at != NULL)
    g_date_time_ref (fetched_at);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  self->fetched_at = fetched_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCHED_AT]);
}

/**
 * papers_listing_get_error:
 * @self: a listing
 *
 * Returns: (transfer none) (nullable): why this cached listing could not be
 *   refreshed, or %NULL when it is fresh
 */
const GError *
papers_listing_get_error (PapersListing *self)
{
  g_return_val_if_fail (PAPERS_IS_LISTING (self), NULL);
  return self->error;
}

void
papers_listing_set_error (PapersListing *self,
                          const GError  *error)
{
  g_return_if_fail (PAPERS_IS_LISTING (self));

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
}
