/* test-cache.c: listings cached in the library, shown offline, never
 * replaced by a failed fetch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-download.h"
#include "papers-listing-cache.h"
#include "papers-source-common.h"
#include "papers-test-server.h"
#include "papers-store-wait.h"

typedef struct
{
  SoupServer         *server;
  char               *base;
  PapersSourceClient *client;
  PapersStore        *store;
  char               *db_path;
  guint               status;
  GBytes             *body;
  guint               requests;
} Fixture;

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path,
         GHashTable *query, gpointer data)
{
  Fixture *f = data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *inm = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "If-None-Match");

  f->requests++;
  if (g_str_has_prefix (path, "/pdf/"))
    {
      test_server_reply_text (msg, 200, "application/pdf", "%PDF-1.4\nnot much of a PDF\n%%EOF\n");
      return;
    }
  soup_message_headers_append (headers, "ETag", "\"e1\"");
  if (f->status == 200 && inm != NULL && g_str_equal (inm, "\"e1\""))
    {
      soup_server_message_set_status (msg, 304, NULL);
      return;
    }
  test_server_reply (msg, f->status, "application/json", f->body);
}

static PapersSourceClient *
new_client (const char *base)
{
  g_autofree char *api = g_strconcat (base, "/api/query", NULL);
  return papers_source_client_new (base, api, base, base);
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *tmp = g_getenv ("PAPERS_TEST_TMPDIR");
  static guint counter;

  f->server = test_server_new (&f->base);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  f->client = new_client (f->base);
  f->db_path = g_strdup_printf ("%s/cache-%u.db", tmp ? tmp : g_get_tmp_dir (), counter++);
  f->store = papers_store_new (f->db_path, &error);
  g_assert_no_error (error);
  f->status = 200;
  f->body = g_bytes_new_static ("[{\"paper\":{\"id\":\"2410.17243\",\"title\":\"A\",\"upvotes\":3}},"
                                "{\"paper\":{\"id\":\"2410.16251\",\"title\":\"B\"}}]", 97);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_free (f->base);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_free (f->db_path);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  gboolean       done;
  PapersListing        *listing;
  PapersDownloadResult *download;
  GError               *error;
} Wait;

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  wait->listing = papers_source_fetch_cached_finish (PAPERS_SOURCE_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

static PapersListing *
fetch_with (PapersSourceClient *client,
            PapersStore        *store,
            GError            **error)
{
  Wait wait = { 0 };

  papers_source_fetch_cached_async (client, store, PAPERS_LISTING_HF_DAILY, "2024-10-25",
                                    NULL, fetched_cb, &wait);
  test_run_until (&wait.done);
  if (wait.error)
    g_propagate_error (error, wait.error);
  return wait.listing;
}

static PapersListing *
fetch (Fixture            *f,
       PapersSourceClient *client,
       GError            **error)
{
  return fetch_with (client, f->store, error);
}

static PapersCachedListing *
stored (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  PapersCachedListing *cached = papers_store_wait (papers_store_load_listing_async,
                                                   papers_store_load_listing_finish, &error, f->store, "hf",
                                                   "hf-daily:2024-10-25");
  g_assert_no_error (error);
  return cached;
}

static void
test_fetch_and_cache (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = fetch (f, f->client, &error);
  g_autoptr(PapersCachedListing) cached = NULL;

  g_assert_no_error (error);
  g_assert_false (papers_listing_get_from_cache (listing));
  g_assert_null (papers_listing_get_error (listing));
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 2);

  cached = stored (f);
  g_assert_cmpuint (papers_cached_listing_get_papers (cached)->len, ==, 2);
  g_assert_cmpstr (papers_cached_listing_get_etag (cached), ==, "\"e1\"");
  g_assert_cmpstr (papers_paper_get_id (g_ptr_array_index (papers_cached_listing_get_papers (cached), 0)),
                   ==, "2410.17243");
}

static void
assert_failure_keeps_cache (Fixture            *f,
                            PapersSourceClient *client,
                            int                 code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = fetch (f, client, &error);
  g_autoptr(PapersCachedListing) cached = NULL;

  g_assert_no_error (error);
  g_assert_true (papers_listing_get_from_cache (listing));
  g_assert_error ((GError *) papers_listing_get_error (listing), PAPERS_SOURCE_ERROR, code);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 2);
  g_assert_nonnull (papers_listing_get_fetched_at (listing));

  cached = stored (f);
  g_assert_cmpuint (papers_cached_listing_get_papers (cached)->len, ==, 2);
}

static void
test_failure_shows_cache (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) first = fetch (f, f->client, &error);
  g_autoptr(PapersSourceClient) fresh = new_client (f->base);
  g_autofree char *closed = test_closed_port_url ();
  g_autoptr(PapersSourceClient) offline = new_client (closed);

  g_assert_no_error (error);

  /* A fresh client has no memory of the ETag: only the store has it. */
  f->status = 500;
  assert_failure_keeps_cache (f, fresh, PAPERS_SOURCE_ERROR_SERVER_ERROR);

  /* A truncated body (sent with a status that skips the 304). */
  g_clear_pointer (&f->body, g_bytes_unref);
  f->body = g_bytes_new_static ("[{\"paper\":{\"id\":\"2410.17243\"", 28);
  f->status = 201;
  assert_failure_keeps_cache (f, fresh, PAPERS_SOURCE_ERROR_BAD_RESPONSE);

  assert_failure_keeps_cache (f, offline, PAPERS_SOURCE_ERROR_OFFLINE);
}

static void
test_not_modified (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) first = fetch (f, f->client, &error);
  g_autoptr(PapersSourceClient) fresh = new_client (f->base);
  g_autoptr(PapersListing) second = NULL;

  g_assert_no_error (error);
  second = fetch (f, fresh, &error);
  g_assert_no_error (error);
  g_assert_true (papers_listing_get_from_cache (second));
  g_assert_null (papers_listing_get_error (second));
  g_assert_cmpuint (papers_listing_get_papers (second)->len, ==, 2);
  g_assert_cmpuint (f->requests, ==, 2);
}

static void
test_no_cache_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;
  g_autoptr(GError) load_error = NULL;
  g_autoptr(PapersCachedListing) cached = NULL;

  f->status = 503;
  papers_source_client_set_retry_policy (f->client, 0, 0);
  listing = fetch (f, f->client, &error);
  g_assert_null (listing);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_SERVER_ERROR);

  /* And the library is as it was: nothing cached. */
  cached = papers_store_wait (papers_store_load_listing_async, papers_store_load_listing_finish, &load_error,
                              f->store, "hf", "hf-daily:2024-10-25");
  g_assert_null (cached);
  g_assert_nonnull (load_error);
}

static void
test_library_state (Fixture *f, gconstpointer data)
{
  g_autoptr(PapersPaper) kept = papers_paper_new ("2410.16251");
  g_autoptr(GPtrArray) papers = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;
  const char *tags[] = { "to-read", NULL };
  PapersPaper *second;

  /* A paper already in the library shows as such in a fresh listing. */
  papers_paper_set_tags (kept, tags);
  g_ptr_array_add (papers, kept);
  papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, f->store, papers,
                     TRUE);
  g_assert_no_error (error);

  listing = fetch (f, f->client, &error);
  g_assert_no_error (error);
  second = g_ptr_array_index (papers_listing_get_papers (listing), 1);
  g_assert_cmpstr (papers_paper_get_id (second), ==, "2410.16251");
  g_assert_true (papers_paper_get_in_library (second));
  g_assert_cmpstr (papers_paper_get_tags (second)[0], ==, "to-read");
  g_assert_cmpstr (papers_paper_get_source (second), ==, "hf");
  g_assert_false (papers_paper_get_in_library (g_ptr_array_index (papers_listing_get_papers (listing), 0)));
}

/* No library (it could not be opened): each fetch goes to the network
 * (the client's memory may make it conditional), nothing is kept, and a
 * failure is the failure. */
static void
test_no_library (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) first = fetch_with (f->client, NULL, &error);
  g_autoptr(PapersListing) second = NULL;
  g_autoptr(PapersListing) failed = NULL;
  g_autoptr(GError) load_error = NULL;
  g_autoptr(PapersCachedListing) cached = NULL;

  g_assert_no_error (error);
  g_assert_false (papers_listing_get_from_cache (first));
  g_assert_cmpuint (papers_listing_get_papers (first)->len, ==, 2);
  second = fetch_with (f->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (second)->len, ==, 2);
  g_assert_cmpuint (f->requests, ==, 2);

  f->status = 503;
  papers_source_client_set_retry_policy (f->client, 0, 0);
  failed = fetch_with (f->client, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_SERVER_ERROR);

  cached = papers_store_wait (papers_store_load_listing_async, papers_store_load_listing_finish, &load_error,
                              f->store, "hf", "hf-daily:2024-10-25");
  g_assert_null (cached);
}

static void
downloaded_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  wait->download = papers_source_download_to_library_finish (PAPERS_SOURCE_CLIENT (source),
                                                             result, &wait->error);
  wait->done = TRUE;
}

static void
test_download_to_library (Fixture *f, gconstpointer data)
{
  g_autoptr(PapersPaper) paper = papers_paper_new ("2410.17243");
  g_autoptr(PapersPaper) stored = NULL;
  g_autoptr(GError) error = NULL;
  PapersDownloadResult *result;
  Wait wait = { 0 };

  papers_paper_set_title (paper, "Breaking the Memory Barrier");
  papers_source_download_to_library_async (f->client, f->store, paper, NULL, NULL, NULL,
                                           downloaded_cb, &wait);
  test_run_until (&wait.done);
  g_assert_no_error (wait.error);
  result = wait.download;
  g_assert_true (g_str_has_suffix (result->path, "/org.example.Papers/pdfs/2410.17243.pdf"));

  stored = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, f->store,
                              "2410.17243");
  g_assert_no_error (error);
  g_assert_true (papers_paper_get_in_library (stored));
  g_assert_cmpstr (papers_paper_get_pdf_path (stored), ==, result->path);
  papers_download_result_free (result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sources/cache/fetch-and-cache", Fixture, NULL, set_up, test_fetch_and_cache, tear_down);
  g_test_add ("/sources/cache/failure-shows-cache", Fixture, NULL, set_up, test_failure_shows_cache, tear_down);
  g_test_add ("/sources/cache/not-modified", Fixture, NULL, set_up, test_not_modified, tear_down);
  g_test_add ("/sources/cache/no-cache-failure", Fixture, NULL, set_up, test_no_cache_failure, tear_down);
  g_test_add ("/sources/cache/library-state", Fixture, NULL, set_up, test_library_state, tear_down);
  g_test_add ("/sources/cache/no-library", Fixture, NULL, set_up, test_no_library, tear_down);
  g_test_add ("/sources/download/to-library", Fixture, NULL, set_up, test_download_to_library, tear_down);

  return g_test_run ();
}
