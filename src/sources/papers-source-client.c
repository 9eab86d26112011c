/* papers-source-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-arxiv-parser.h"
#include "papers-hf-parser.h"
#include "papers-source-client-private.h"
#include "papers-source-common.h"

/* One client for the whole application: it builds the Hugging Face and
 * arXiv addresses, follows Hugging Face's pages, parses each answer on a
 * worker thread and merges the papers met twice.  Every request goes
 * through one HTTP core (papers-http.c), which owns the SoupSession, the
 * polite arXiv queue, the retries and the limits.
 */

#define HF_PAGE_SIZE 50
#define HF_MAX_PAGES 50
#define ARXIV_MAX_RESULTS 100
#define MAX_RECENT 64

struct _PapersSourceClient
{
  GObject       parent_instance;

  PapersHttp   *http;
  char         *hf_url;
  char         *arxiv_api_url;
  char         *arxiv_rss_url;
  char         *arxiv_url;

  /* Validators and papers of the listings fetched in this session, for
   * conditional requests when the caller has no cached listing. */
  GHashTable   *recent;
};

G_DEFINE_FINAL_TYPE (PapersSourceClient, papers_source_client, G_TYPE_OBJECT)

/**
 * papers_source_client_get_http: (skip)
 * @self: a client
 *
 * Returns: (transfer none): the HTTP core the client's requests go through
 */
PapersHttp *
papers_source_client_get_http (PapersSourceClient *self)
{
  g_return_val_if_fail (PAPERS_IS_SOURCE_CLIENT (self), NULL);
  return self->http;
}

/* ---- Listings ------------------------------------------------------------- */

typedef struct
{
  PapersListingKind  kind;
  char              *query;
  PapersListing     *cached;
  PapersListing     *listing;
  GHashTable        *seen;
  char              *next_uri;
  guint              page;
  guint              status;
  char              *etag;
  char              *last_modified;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->query);
  g_clear_object (&data->cached);
  g_clear_object (&data->listing);
  g_clear_pointer (&data->seen, g_hash_table_unref);
  g_free (data->next_uri);
  g_free (data->etag);
  g_free (data->last_modified);
  g_free (data);
}

static PapersService
kind_service (PapersListingKind kind)
{
  return kind >= PAPERS_LISTING_ARXIV_SEARCH ? PAPERS_SERVICE_ARXIV : PAPERS_SERVICE_HF;
}

static gboolean
query_matches (const char *query,
               const char *pattern)
{
  return query != NULL && g_regex_match_simple (pattern, query, 0, 0);
}

static gboolean
validate_query (PapersListingKind   kind,
                const char         *query,
                GError            **error)
{
  gboolean ok = TRUE;

  switch (kind)
    {
    case PAPERS_LISTING_HF_DAILY:
      if (query != NULL)
        {
          g_autofree char *iso = g_strconcat (query, "T00:00:00Z", NULL);
          g_autoptr(GDateTime) date = NULL;

          ok = query_matches (query, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$") &&
               (date = g_date_time_new_from_iso8601 (iso, NULL)) != NULL;
        }
      break;
    case PAPERS_LISTING_HF_WEEK:
      ok = query_matches (query, "^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$");
      break;
    case PAPERS_LISTING_HF_MONTH:
      ok = query_matches (query, "^[0-9]{4}-(0[1-9]|1[0-2])$");
      break;
    case PAPERS_LISTING_HF_TRENDING:
      break;
    case PAPERS_LISTING_HF_SEARCH:
    case PAPERS_LISTING_ARXIV_SEARCH:
      ok = FALSE;
      if (query != NULL)
        {
          g_autofree char *copy = g_strstrip (g_strdup (query));
          ok = *copy != '\0' && strlen (query) <= 1000;
        }
      break;
    case PAPERS_LISTING_ARXIV_IDS:
      ok = query_matches (query, "^[A-Za-z0-9./v-]+(,[A-Za-z0-9./v-]+)*$") && strlen (query) <= 4000;
      break;
    case PAPERS_LISTING_ARXIV_FEED:
      ok = query_matches (query, "^[A-Za-z-]+(\\.[A-Za-z-]+)?(\\+[A-Za-z-]+(\\.[A-Za-z-]+)?)*$") &&
           strlen (query) <= 1000;
      break;
    default:
      ok = FALSE;
    }

  if (!ok)
    g_set_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY,
                 _("“%s” is not a valid query for this listing."), query ? query : "");
  return ok;
}

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static char *
build_uri (PapersSourceClient *self,
           FetchData          *data)
{
  g_autofree char *q = data->query ? escape (data->query) : NULL;

  if (data->next_uri != NULL)
    return g_strdup (data->next_uri);

  switch (data->kind)
    {
    case PAPERS_LISTING_HF_DAILY:
      if (q == NULL)
        return g_strdup_printf ("%s/api/daily_papers?p=%u&limit=%d", self->hf_url, data->page, HF_PAGE_SIZE);
      return g_strdup_printf ("%s/api/daily_papers?date=%s&p=%u&limit=%d",
                              self->hf_url, q, data->page, HF_PAGE_SIZE);
    case PAPERS_LISTING_HF_WEEK:
      return g_strdup_printf ("%s/api/daily_papers?week=%s&p=%u&limit=%d",
                              self->hf_url, q, data->page, HF_PAGE_SIZE);
    case PAPERS_LISTING_HF_MONTH:
      return g_strdup_printf ("%s/api/daily_papers?month=%s&p=%u&limit=%d",
                              self->hf_url, q, data->page, HF_PAGE_SIZE);
    case PAPERS_LISTING_HF_TRENDING:
      return g_strdup_printf ("%s/api/daily_papers?sort=trending&p=%u&limit=%d",
                              self->hf_url, data->page, HF_PAGE_SIZE);
    case PAPERS_LISTING_HF_SEARCH:
      return g_strdup_printf ("%s/api/papers/search?q=%s&limit=%d", self->hf_url, q, HF_PAGE_SIZE);
    case PAPERS_LISTING_ARXIV_SEARCH:
      return g_strdup_printf ("%s?search_query=%s&start=0&max_results=%d",
                              self->arxiv_api_url, q, ARXIV_MAX_RESULTS);
    case PAPERS_LISTING_ARXIV_IDS:
      return g_strdup_printf ("%s?id_list=%s&start=0&max_results=%d",
                              self->arxiv_api_url, q, ARXIV_MAX_RESULTS);
    case PAPERS_LISTING_ARXIV_FEED:
      /* '+' joins categories in the path; it must stay a literal '+'. */
      return g_strdup_printf ("%s/rss/%s", self->arxiv_rss_url, data->query);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
kind_is_paged (PapersListingKind kind)
{
  return kind <= PAPERS_LISTING_HF_TRENDING;
}

typedef struct
{
  PapersListingKind  kind;
  GBytes            *body;
  char              *hf_url;
  char              *arxiv_url;
  int                total;
} ParseJob;

static void
parse_job_free (ParseJob *job)
{
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->hf_url);
  g_free (job->arxiv_url);
  g_free (job);
}

static void
parse_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseJob *job = task_data;
  GError *error = NULL;
  GPtrArray *papers;

  if (job->kind == PAPERS_LISTING_ARXIV_FEED)
    papers = papers_arxiv_parse_rss (job->body, job->arxiv_url, &error);
  else if (kind_service (job->kind) == PAPERS_SERVICE_ARXIV)
    papers = papers_arxiv_parse_atom (job->body, job->arxiv_url, &job->total, &error);
  else
    papers = papers_hf_parse_listing (job->body, job->hf_url, job->arxiv_url, &error);

  if (papers == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, papers, (GDestroyNotify) g_ptr_array_unref);
}

static void fetch_page (GTask *task);

static void
fetch_complete (GTask *task)
{
  PapersSourceClient *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  papers_listing_set_fetched_at (data->listing, now);
  papers_listing_set_etag (data->listing, data->etag);
  papers_listing_set_last_modified (data->listing, data->last_modified);
  /* A session's worth of listings, not an unbounded one. */
  if (g_hash_table_size (self->recent) >= MAX_RECENT)
    g_hash_table_remove_all (self->recent);
  g_hash_table_replace (self->recent, g_strdup (papers_listing_get_key (data->listing)),
                        g_object_ref (data->listing));
  g_task_return_pointer (task, g_object_ref (data->listing), g_object_unref);
  g_object_unref (task);
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  FetchData *data = g_task_get_task_data (task);
  ParseJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = g_task_propagate_pointer (G_TASK (result), &error);
  GPtrArray *all = papers_listing_get_papers (data->listing);
  guint added = 0;

  /* A 400 whose feed parses without an error entry is still a refusal. */
  if (papers != NULL && data->status == 400)
    papers_http_check_status (PAPERS_SERVICE_ARXIV, data->status, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (job->total >= 0)
    papers_listing_set_total_results (data->listing, job->total);

  /* A paper met twice (on two pages, or twice in a feed) is one paper. */
  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);
      PapersPaper *known = g_hash_table_lookup (data->seen, papers_paper_get_id (paper));

      if (known != NULL)
        papers_paper_merge (known, paper);
      else
        {
          g_hash_table_insert (data->seen, g_strdup (papers_paper_get_id (paper)), paper);
          g_ptr_array_add (all, g_object_ref (paper));
          added++;
        }
    }

  data->page++;

  /* Hugging Face pages: follow Link rel="next" when given, else ask for the
   * next page while pages come back full; stop on [], on a page that adds
   * nothing new (a server ignoring p=) and after HF_MAX_PAGES. */
  if (kind_is_paged (data->kind) && papers->len > 0 && added > 0 && data->page < HF_MAX_PAGES &&
      (data->next_uri != NULL || papers->len >= HF_PAGE_SIZE))
    {
      fetch_page (task);
      return;
    }

  fetch_complete (task);
}

static void
page_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  PapersSourceClient *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersHttpResponse) response = papers_http_get_finish (self->http, result, &error);
  PapersService service = kind_service (data->kind);
  GTask *parse;
  ParseJob *job;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (response->status == 304 /* Not Modified */ && data->page == 0 && data->cached != NULL)
    {
      /* Nothing changed since the cached copy: show that one. */
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      PapersListing *listing = data->cached;

      g_debug ("%s: %s not modified", papers_service_name (service), papers_listing_get_key (listing));
      papers_listing_set_from_cache (listing, TRUE);
      papers_listing_set_fetched_at (listing, now);
      g_task_return_pointer (task, g_object_ref (listing), g_object_unref);
      g_object_unref (task);
      return;
    }

  /* arXiv answers a bad query with HTTP 400 and an error feed that says
   * why: let the parser read the reason. */
  if (!(response->status == 400 && service == PAPERS_SERVICE_ARXIV && response->body != NULL) &&
      !papers_http_check_status (service, response->status, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  data->status = response->status;
  if (data->page == 0)
    {
      g_set_str (&data->etag, response->etag);
      g_set_str (&data->last_modified, response->last_modified);
    }
  g_clear_pointer (&data->next_uri, g_free);
  if (kind_is_paged (data->kind))
    data->next_uri = g_steal_pointer (&response->next_link);

  job = g_new0 (ParseJob, 1);
  job->kind = data->kind;
  job->body = response->body ? g_bytes_ref (response->body) : g_bytes_new (NULL, 0);
  job->hf_url = g_strdup (self->hf_url);
  job->arxiv_url = g_strdup (self->arxiv_url);
  job->total = -1;

  parse = g_task_new (self, g_task_get_cancellable (task), parsed_cb, task);
  g_task_set_source_tag (parse, parse_thread);
  g_task_set_task_data (parse, job, (GDestroyNotify) parse_job_free);
  g_task_run_in_thread (parse, parse_thread);
  g_object_unref (parse);
}

static void
fetch_page (GTask *task)
{
  PapersSourceClient *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  g_autofree char *uri = build_uri (self, data);
  PapersHttpRequest request = {
    .uri = uri,
    .service = kind_service (data->kind),
    .max_bytes = PAPERS_SOURCE_MAX_LISTING_BYTES,
  };

  /* Only the first page is asked conditionally: a 304 there means the
   * whole cached listing is still good. */
  if (data->page == 0 && data->cached != NULL)
    {
      request.etag = papers_listing_get_etag (data->cached);
      request.last_modified = papers_listing_get_last_modified (data->cached);
    }

  papers_http_get_async (self->http, &request, g_task_get_cancellable (task), page_cb, task);
}

/**
 * papers_source_client_fetch_async:
 * @self: a client
 * @kind: which listing
 * @query: (nullable): its query: a date `YYYY-MM-DD` (or %NULL for the
 *   latest day), a week `YYYY-Www`, a month `YYYY-MM`, search text, arXiv
 *   query syntax, comma-separated arXiv ids or categories joined by `+`
 * @cached: (nullable): the cached copy of this listing; its ETag and
 *   Last-Modified make the request conditional, and a 304 returns it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the listing is in
 * @user_data: data for @callback
 *
 * Fetches a listing, all pages of it for Hugging Face Daily Papers.
 */
void
papers_source_client_fetch_async (PapersSourceClient  *self,
                                  PapersListingKind    kind,
                                  const char          *query,
                                  PapersListing       *cached,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  FetchData *data;

  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (self));
  g_return_if_fail (cached == NULL || PAPERS_IS_LISTING (cached));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_source_client_fetch_async);

  if (kind == PAPERS_LISTING_HF_TRENDING)
    query = NULL;
  if (!validate_query (kind, query, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (FetchData, 1);
  data->kind = kind;
  data->query = g_strdup (query);
  data->listing = papers_listing_new (kind, query);
  data->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (cached == NULL)
    cached = g_hash_table_lookup (self->recent, papers_listing_get_key (data->listing));
  data->cached = cached ? g_object_ref (cached) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  fetch_page (g_steal_pointer (&task));
}

/**
 * papers_source_client_fetch_finish:
 * @self: a client
 * @result: the result
 * @error: return location for a %PAPERS_SOURCE_ERROR
 *
 * Returns: (transfer full): the listing; papers_listing_get_from_cache()
 *   tells whether the service said the cached copy is still current
 */
PapersListing *
papers_source_client_fetch_finish (PapersSourceClient  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Lookup by id --------------------------------------------------------- */

typedef struct
{
  char *id;
  int   version;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_free (data->id);
  g_free (data);
}

static void
lookup_arxiv_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = papers_source_client_fetch_finish (PAPERS_SOURCE_CLIENT (source),
                                                                         result, &error);
  GPtrArray *papers;

  if (listing == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  papers = papers_listing_get_papers (listing);
  for (guint i = 0; i < papers->len; i++)
    if (g_str_equal (papers_paper_get_id (g_ptr_array_index (papers, i)), data->id))
      {
        g_task_return_pointer (task, g_object_ref (g_ptr_array_index (papers, i)), g_object_unref);
        return;
      }

  g_task_return_new_error (task, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_NOT_FOUND,
                           _("arXiv does not know the paper %s."), data->id);
}

static void
lookup_hf_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PapersSourceClient *self = g_task_get_source_object (task);
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersHttpResponse) response = papers_http_get_finish (self->http, result, &error);
  g_autoptr(PapersPaper) paper = NULL;
  g_autofree char *ids = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (response != NULL && papers_http_check_status (PAPERS_SERVICE_HF, response->status, &error))
    paper = papers_hf_parse_paper (response->body, self->hf_url, self->arxiv_url, &error);

  if (paper != NULL && g_str_equal (papers_paper_get_id (paper), data->id))
    {
      papers_paper_set_version (paper, data->version);
      g_task_return_pointer (task, g_steal_pointer (&paper), g_object_unref);
      return;
    }

  /* Hugging Face only knows the papers someone put there: ask arXiv. */
  g_debug ("Hugging Face lookup of %s failed (%s), asking arXiv", data->id,
           error ? error->message : "other paper");
  ids = data->version > 0 ? g_strdup_printf ("%sv%d", data->id, data->version) : g_strdup (data->id);
  papers_source_client_fetch_async (self, PAPERS_LISTING_ARXIV_IDS, ids, NULL,
                                    g_task_get_cancellable (task), lookup_arxiv_cb,
                                    g_object_ref (task));
}

/**
 * papers_source_client_lookup_async:
 * @self: a client
 * @id_or_url: any id or address form of an arXiv paper
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the paper
 * @user_data: data for @callback
 *
 * Fetches a paper's metadata: from the Hugging Face paper API, falling back
 * to the arXiv API (id_list) for papers Hugging Face does not know.
 */
void
papers_source_client_lookup_async (PapersSourceClient  *self,
                                   const char          *id_or_url,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *uri = NULL;
  LookupData *data;
  char *id = NULL;
  int version = 0;
  PapersHttpRequest request = { 0 };

  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_source_client_lookup_async);

  if (!papers_arxiv_id_parse (id_or_url, &id, &version))
    {
      g_task_return_new_error (task, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY,
                               _("“%s” is not an arXiv identifier or address."),
                               id_or_url ? id_or_url : "");
      return;
    }

  data = g_new0 (LookupData, 1);
  data->id = id;
  data->version = version;
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);

  uri = g_strdup_printf ("%s/api/papers/%s", self->hf_url, id);
  request.uri = uri;
  request.service = PAPERS_SERVICE_HF;
  request.max_bytes = PAPERS_SOURCE_MAX_LISTING_BYTES;
  papers_http_get_async (self->http, &request, cancellable, lookup_hf_cb, g_steal_pointer (&task));
}

/**
 * papers_source_client_lookup_finish:
 * @self: a client
 * @result: the result
 * @error: return location for a %PAPERS_SOURCE_ERROR
 *
 * Returns: (transfer full): the paper
 */
PapersPaper *
papers_source_client_lookup_finish (PapersSourceClient  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- The paper to keep for an id ------------------------------------------ */

/**
 * papers_source_client_new_arxiv_paper:
 * @self: a client
 * @id: an unversioned arXiv id
 * @version: its version, or 0 for the latest
 *
 * A paper known by its arXiv id alone, with links to this client's arXiv.
 * It has no title on purpose: lists and the paper page show the id in its
 * place, and papers_paper_merge() takes the title of a later lookup only
 * for a paper without one.
 *
 * Returns: (transfer full): the paper
 */
PapersPaper *
papers_source_client_new_arxiv_paper (PapersSourceClient *self,
                                      const char         *id,
                                      int                 version)
{
  PapersPaper *paper;

  g_return_val_if_fail (PAPERS_IS_SOURCE_CLIENT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  paper = papers_paper_new (id);
  papers_paper_set_arxiv_id (paper, id);
  papers_paper_set_version (paper, version);
  papers_paper_set_source (paper, "arxiv");
  papers_arxiv_set_links (paper, self->arxiv_url, id, version);
  return paper;
}

typedef struct
{
  char   *text;
  GError *unresolved;
} PaperForIdData;

static void
paper_for_id_data_free (PaperForIdData *data)
{
  g_free (data->text);
  g_clear_error (&data->unresolved);
  g_free (data);
}

/* Whether a lookup failed because the services could not be asked (the
 * paper may well exist), not because they answered that it does not. */
static gboolean
lookup_unanswered (const GError *error)
{
  return error->domain == PAPERS_SOURCE_ERROR &&
         error->code != PAPERS_SOURCE_ERROR_NOT_FOUND &&
         error->code != PAPERS_SOURCE_ERROR_INVALID_QUERY;
}

static void
paper_for_id_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PapersSourceClient *self = PAPERS_SOURCE_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  PaperForIdData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PapersPaper *paper = papers_source_client_lookup_finish (self, result, &error);

  /* (Text that is no identifier never reaches the services: the lookup
   * refuses it with PAPERS_SOURCE_ERROR_INVALID_QUERY.) */
  if (paper == NULL && lookup_unanswered (error))
    {
      g_autofree char *id = NULL;
      int version = 0;

      papers_arxiv_id_parse (data->text, &id, &version);
      g_debug ("keeping %s by its id alone: %s", id, error->message);
      data->unresolved = g_steal_pointer (&error);
      paper = papers_source_client_new_arxiv_paper (self, id, version);
    }
  if (paper == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, paper, g_object_unref);
}

/**
 * papers_source_client_paper_for_id_async:
 * @self: a client
 * @id_or_url: any id or address form of an arXiv paper
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the paper
 * @user_data: data for @callback
 *
 * The paper to add to the library for an identifier a user gave, with
 * what Hugging Face or arXiv know of it (papers_source_client_lookup_async()).
 * `papers-reader add` and the window's Add by Identifier both keep this paper, so
 * an id gets the same title, authors and version either way.  A paper the
 * services say they do not know is an error; when they cannot be asked
 * (offline, failing), the paper is its id alone and
 * papers_source_client_paper_for_id_finish() says why.
 */
void
papers_source_client_paper_for_id_async (PapersSourceClient  *self,
                                         const char          *id_or_url,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PaperForIdData *data;

  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_source_client_paper_for_id_async);
  data = g_new0 (PaperForIdData, 1);
  data->text = g_strdup (id_or_url);
  g_task_set_task_data (task, data, (GDestroyNotify) paper_for_id_data_free);
  papers_source_client_lookup_async (self, id_or_url, cancellable, paper_for_id_cb, g_steal_pointer (&task));
}

/**
 * papers_source_client_paper_for_id_finish:
 * @self: a client
 * @result: the result
 * @unresolved: (out) (optional) (nullable) (transfer full): set when the
 *   services could not be asked and the paper is its id alone
 *   (papers_source_client_new_arxiv_paper()): why, to tell the user
 * @error: return location for a %PAPERS_SOURCE_ERROR:
 *   %PAPERS_SOURCE_ERROR_NOT_FOUND for a paper the services do not know,
 *   %PAPERS_SOURCE_ERROR_INVALID_QUERY for text that is no identifier
 *
 * Returns: (transfer full): the paper to add
 */
PapersPaper *
papers_source_client_paper_for_id_finish (PapersSourceClient  *self,
                                          GAsyncResult        *result,
                                          GError             **unresolved,
                                          GError             **error)
{
  PaperForIdData *data;
  PapersPaper *paper;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  paper = g_task_propagate_pointer (G_TASK (result), error);
  data = g_task_get_task_data (G_TASK (result));
  if (paper != NULL && data != NULL && data->unresolved != NULL && unresolved != NULL)
    *unresolved = g_error_copy (data->unresolved);
  return paper;
}

/**
 * papers_source_hf_date_shift:
 * @date: a day, `YYYY-MM-DD`
 * @days: how many days to move, negative for the past
 *
 * For the previous/next day buttons of Daily Papers.
 *
 * Returns: (transfer full) (nullable): the other day, or %NULL if @date is
 *   not a valid day
 */
char *
papers_source_hf_date_shift (const char *date,
                             int         days)
{
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) other = NULL;

  if (date == NULL || !query_matches (date, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
    return NULL;

  iso = g_strconcat (date, "T12:00:00Z", NULL);
  day = g_date_time_new_from_iso8601 (iso, NULL);
  if (day == NULL)
    return NULL;
  other = g_date_time_add_days (day, days);
  return other ? g_date_time_format (other, "%Y-%m-%d") : NULL;
}

/* ---- Construction --------------------------------------------------------- */

static void
papers_source_client_dispose (GObject *object)
{
  PapersSourceClient *self = PAPERS_SOURCE_CLIENT (object);

  g_clear_object (&self->http);
  g_clear_pointer (&self->recent, g_hash_table_unref);

  G_OBJECT_CLASS (papers_source_client_parent_class)->dispose (object);
}

static void
papers_source_client_finalize (GObject *object)
{
  PapersSourceClient *self = PAPERS_SOURCE_CLIENT (object);

  g_free (self->hf_url);
  g_free (self->arxiv_api_url);
  g_free (self->arxiv_rss_url);
  g_free (self->arxiv_url);

  G_OBJECT_CLASS (papers_source_client_parent_class)->finalize (object);
}

static void
papers_source_client_class_init (PapersSourceClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = papers_source_client_dispose;
  object_class->finalize = papers_source_client_finalize;
}

static void
papers_source_client_init (PapersSourceClient *self)
{
  self->http = papers_http_new ();
  self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static char *
normalize_base (const char *url,
                const char *fallback)
{
  char *base = g_strdup (url != NULL && *url != '\0' ? url : fallback);
  gsize len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';
  return base;
}

/**
 * papers_source_client_new:
 * @hf_url: (nullable): the Hugging Face address, %NULL for the real one
 * @arxiv_api_url: (nullable): the arXiv API address
 * @arxiv_rss_url: (nullable): the arXiv feeds address
 * @arxiv_url: (nullable): the arXiv address for abstracts and PDFs
 *
 * A client with its own session, for tests and tools; the application makes
 * one with papers_source_client_new_from_settings() and hands it to every
 * window.
 *
 * Returns: (transfer full): a new client
 */
PapersSourceClient *
papers_source_client_new (const char *hf_url,
                          const char *arxiv_api_url,
                          const char *arxiv_rss_url,
                          const char *arxiv_url)
{
  PapersSourceClient *self = g_object_new (PAPERS_TYPE_SOURCE_CLIENT, NULL);

  self->hf_url = normalize_base (hf_url, PAPERS_SOURCE_DEFAULT_HF_URL);
  self->arxiv_api_url = normalize_base (arxiv_api_url, PAPERS_SOURCE_DEFAULT_ARXIV_API_URL);
  self->arxiv_rss_url = normalize_base (arxiv_rss_url, PAPERS_SOURCE_DEFAULT_ARXIV_RSS_URL);
  self->arxiv_url = normalize_base (arxiv_url, PAPERS_SOURCE_DEFAULT_ARXIV_URL);

  return self;
}

static char *
address_from (GSettings  *settings,
              const char *key,
              const char *env)
{
  const char *value = g_getenv (env);

  if (value != NULL && *value != '\0')
    return g_strdup (value);
  if (settings != NULL)
    return g_settings_get_string (settings, key);
  return NULL;
}

/**
 * papers_source_client_new_from_settings:
 * @settings: (nullable): the application's settings, or %NULL to look up
 *   the `org.example.Papers` schema (used when installed)
 *
 * Reads the addresses from the `hf-url`, `arxiv-api-url`, `arxiv-rss-url`
 * and `arxiv-url` keys; the environment variables `PAPERS_HF_URL`,
 * `PAPERS_ARXIV_API_URL`, `PAPERS_ARXIV_RSS_URL` and `PAPERS_ARXIV_URL`
 * override them.  Without a schema the real services are used.
 *
 * Returns: (transfer full): a new client
 */
PapersSourceClient *
papers_source_client_new_from_settings (GSettings *settings)
{
  g_autoptr(GSettings) own = NULL;
  g_autofree char *hf = NULL;
  g_autofree char *api = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *arxiv = NULL;

  if (settings == NULL)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, "org.example.Papers", TRUE);
      if (schema != NULL && g_settings_schema_has_key (schema, "hf-url"))
        settings = own = g_settings_new ("org.example.Papers");
    }

  hf = address_from (settings, "hf-url", "PAPERS_HF_URL");
  api = address_from (settings, "arxiv-api-url", "PAPERS_ARXIV_API_URL");
  rss = address_from (settings, "arxiv-rss-url", "PAPERS_ARXIV_RSS_URL");
  arxiv = address_from (settings, "arxiv-url", "PAPERS_ARXIV_URL");

  return papers_source_client_new (hf, api, rss, arxiv);
}

const char *papers_source_client_get_hf_url (PapersSourceClient *self) { return self->hf_url; }
const char *papers_source_client_get_arxiv_api_url (PapersSourceClient *self) { return self->arxiv_api_url; }
const char *papers_source_client_get_arxiv_rss_url (PapersSourceClient *self) { return self->arxiv_rss_url; }
const char *papers_source_client_get_arxiv_url (PapersSourceClient *self) { return self->arxiv_url; }

/**
 * papers_source_client_set_timeout:
 * @self: a client
 * @seconds: how long a connection may stay silent
 */
void
papers_source_client_set_timeout (PapersSourceClient *self,
                                  guint               seconds)
{
  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (self));
  papers_http_set_timeout (self->http, seconds);
}

/**
 * papers_source_client_set_clock:
 * @self: a client
 * @clock: (nullable): the clock to use, copied; %NULL for the real one
 */
void
papers_source_client_set_clock (PapersSourceClient *self,
                                const PapersClock  *clock)
{
  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (self));
  papers_http_set_clock (self->http, clock);
}

/**
 * papers_source_client_set_retry_policy:
 * @self: a client
 * @max_retries: how often a 429 or 503 is retried
 * @max_wait_seconds: the longest Retry-After that is waited for
 */
void
papers_source_client_set_retry_policy (PapersSourceClient *self,
                                       guint               max_retries,
                                       guint               max_wait_seconds)
{
  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (self));
  papers_http_set_retry_policy (self->http, max_retries, max_wait_seconds);
}

/**
 * papers_source_client_set_listing_deadline:
 * @self: a client
 * @seconds: the longest a listing (not a PDF) may take to arrive, or 0 for
 *   no limit beyond the I/O timeout
 */
void
papers_source_client_set_listing_deadline (PapersSourceClient *self,
                                           guint               seconds)
{
  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (self));
  papers_http_set_listing_deadline (self->http, seconds);
}
