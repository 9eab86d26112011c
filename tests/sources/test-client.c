/* test-client.c: the source client and downloads against loopback servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "papers-download.h"
#include "papers-source-client.h"
#include "papers-source-common.h"
#include "papers-test-server.h"

/* ---- A clock that never sleeps ------------------------------------------- */

typedef struct
{
  gint64 now;
} FakeClock;

static gint64
fake_now (gpointer data)
{
  return ((FakeClock *) data)->now;
}

/* Waiting is instant: time jumps forward by the delay asked for. */
static GSource *
fake_timeout (gint64   delay_us,
              gpointer data)
{
  ((FakeClock *) data)->now += delay_us;
  return g_idle_source_new ();
}

/* ---- Fixture ------------------------------------------------------------- */

typedef struct
{
  SoupServer         *server;
  char               *base;
  PapersSourceClient *client;
  FakeClock           clock;

  /* What the canned handler answers. */
  guint               status;
  const char         *content_type;
  GBytes             *body;
  GBytes             *rss_body;
  const char         *extra_header;
  const char         *extra_value;
  guint               fail_first;       /* answer fail_status this many times first */
  guint               fail_status;
  const char         *retry_after;
  const char         *etag;

  /* What the server saw. */
  GPtrArray          *requests;
  GArray             *arrivals;
  int                 in_flight;
  int                 max_in_flight;
  char               *user_agent;
} Fixture;

static void
message_finished_cb (SoupServerMessage *msg,
                     gpointer           data)
{
  Fixture *f = data;
  f->in_flight--;
}

static void
note_request (Fixture           *f,
              SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  const char *ua = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                 "User-Agent");

  g_ptr_array_add (f->requests, g_strconcat (g_uri_get_path (uri), query ? "?" : "", query ? query : "", NULL));
  g_array_append_val (f->arrivals, f->clock.now);
  g_set_str (&f->user_agent, ua);
  f->in_flight++;
  f->max_in_flight = MAX (f->max_in_flight, f->in_flight);
  g_signal_connect (msg, "finished", G_CALLBACK (message_finished_cb), f);
}

static void
canned_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  Fixture *f = data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *inm = soup_message_headers_get_one (request_headers, "If-None-Match");

  note_request (f, msg);

  if (f->fail_first > 0)
    {
      f->fail_first--;
      if (f->retry_after != NULL)
        soup_message_headers_append (headers, "Retry-After", f->retry_after);
      test_server_reply_text (msg, f->fail_status, "text/plain", "slow down");
      return;
    }

  if (f->etag != NULL)
    {
      soup_message_headers_append (headers, "ETag", f->etag);
      if (inm != NULL && g_str_equal (inm, f->etag))
        {
          soup_server_message_set_status (msg, 304, NULL);
          return;
        }
    }
  if (f->extra_header != NULL)
    soup_message_headers_append (headers, f->extra_header, f->extra_value);

  if (g_str_has_prefix (path, "/rss/") && f->rss_body != NULL)
    test_server_reply (msg, f->status, "application/rss+xml", f->rss_body);
  else
    test_server_reply (msg, f->status, f->content_type, f->body);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *api = NULL;
  PapersClock clock = { fake_now, fake_timeout, &f->clock };

  f->server = test_server_new (&f->base);
  api = g_strconcat (f->base, "/api/query", NULL);
  f->client = papers_source_client_new (f->base, api, f->base, f->base);
  f->clock.now = 1000 * G_USEC_PER_SEC;
  papers_source_client_set_clock (f->client, &clock);
  papers_source_client_set_timeout (f->client, 2);
  f->requests = g_ptr_array_new_with_free_func (g_free);
  f->arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->status = 200;
  f->content_type = "application/json";
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_free (f->base);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_clear_pointer (&f->rss_body, g_bytes_unref);
  g_ptr_array_unref (f->requests);
  g_array_unref (f->arrivals);
  g_free (f->user_agent);
  /* Let the server's connections wind down. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
use_canned (Fixture *f)
{
  soup_server_add_handler (f->server, NULL, canned_handler, f, NULL);
}

static gboolean
use_corpus (Fixture    *f,
            const char *relative)
{
  f->body = test_corpus_bytes (relative);
  if (f->body == NULL)
    {
      g_test_skip ("no corpus");
      return FALSE;
    }
  use_canned (f);
  return TRUE;
}

/* ---- Running requests to the end ----------------------------------------- */

typedef struct
{
  gboolean  done;
  gpointer  result;
  GError   *error;
} Wait;

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Wait *wait = data;

  wait->result = papers_source_client_fetch_finish (PAPERS_SOURCE_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

static PapersListing *
fetch (Fixture            *f,
       PapersListingKind   kind,
       const char         *query,
       PapersListing      *cached,
       GError            **error)
{
  Wait wait = { 0 };

  papers_source_client_fetch_async (f->client, kind, query, cached, NULL, fetch_cb, &wait);
  test_run_until (&wait.done);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.result;
}

static void
assert_fetch_fails (Fixture           *f,
                    PapersListingKind  kind,
                    const char        *query,
                    GQuark             domain,
                    int                code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = fetch (f, kind, query, NULL, &error);

  g_assert_null (listing);
  g_assert_error (error, domain, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static GBytes *
make_hf_items (guint first,
               guint count)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < count; i++)
    g_string_append_printf (json, "%s{\"paper\":{\"id\":\"2410.%05u\",\"title\":\"Paper\\n  %u\","
                            "\"upvotes\":%u,\"authors\":[{\"name\":\"A\"}]},\"numComments\":1}",
                            i ? "," : "", first + i, first + i, i);
  g_string_append (json, "]");
  return g_string_free_to_bytes (json);
}

static guint
query_page (GHashTable *query)
{
  const char *p = query ? g_hash_table_lookup (query, "p") : NULL;
  return p ? (guint) atoi (p) : 0;
}

/* ---- Hugging Face -------------------------------------------------------- */

static void
full_pages_handler (SoupServer *server, SoupServerMessage *msg, const char *path,
                    GHashTable *query, gpointer data)
{
  Fixture *f = data;
  guint page = query_page (query);
  g_autoptr(GBytes) body = make_hf_items (page * 50, page == 0 ? 50 : page == 1 ? 20 : 0);

  note_request (f, msg);
  test_server_reply (msg, 200, "application/json", body);
}

static void
test_hf_paged_full (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;
  const char *first;

  soup_server_add_handler (f->server, "/api/daily_papers", full_pages_handler, f, NULL);
  listing = fetch (f, PAPERS_LISTING_HF_DAILY, "2024-10-25", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 70);
  g_assert_cmpuint (f->requests->len, ==, 2);
  first = g_ptr_array_index (f->requests, 0);
  g_assert_nonnull (strstr (first, "date=2024-10-25"));
  g_assert_nonnull (strstr (first, "p=0"));
  g_assert_nonnull (strstr (first, "limit=50"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->requests, 1), "p=1"));
  g_assert_true (g_str_has_prefix (f->user_agent, "Papers/" PACKAGE_VERSION " ("));
  g_assert_cmpstr (papers_paper_get_title (g_ptr_array_index (papers_listing_get_papers (listing), 0)),
                   ==, "Paper 0");
  g_assert_nonnull (papers_listing_get_fetched_at (listing));
  g_assert_false (papers_listing_get_from_cache (listing));
  g_assert_cmpstr (papers_listing_get_key (listing), ==, "hf-daily:2024-10-25");
}

static void
link_handler (SoupServer *server, SoupServerMessage *msg, const char *path,
              GHashTable *query, gpointer data)
{
  Fixture *f = data;
  guint page = query_page (query);
  g_autoptr(GBytes) body = make_hf_items (page * 10, page == 0 ? 3 : page == 1 ? 2 : 0);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  note_request (f, msg);
  if (page < 2)
    {
      g_autofree char *link = g_strdup_printf ("</api/daily_papers?week=2024-W43&cursor=c%u&p=%u>; rel=\"next\"",
                                               page, page + 1);
      soup_message_headers_append (headers, "Link", link);
    }
  test_server_reply (msg, 200, "application/json", body);
}

static void
test_hf_paged_link (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  soup_server_add_handler (f->server, "/api/daily_papers", link_handler, f, NULL);
  listing = fetch (f, PAPERS_LISTING_HF_WEEK, "2024-W43", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 5);
  g_assert_cmpuint (f->requests->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (f->requests, 0), "week=2024-W43"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->requests, 1), "cursor=c0"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->requests, 2), "cursor=c1"));
}

static void
test_hf_paged_foreign_link (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  /* A next link to another host is not followed. */
  f->body = make_hf_items (0, 3);
  f->extra_header = "Link";
  f->extra_value = "<https://elsewhere.example.org/api/daily_papers?p=1>; rel=\"next\"";
  use_canned (f);
  listing = fetch (f, PAPERS_LISTING_HF_DAILY, "2024-10-25", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 3);
  g_assert_cmpuint (f->requests->len, ==, 1);
}

static void
test_hf_paged_ignored (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  /* A server that ignores p= sends the same page forever. */
  f->body = make_hf_items (0, 50);
  use_canned (f);
  listing = fetch (f, PAPERS_LISTING_HF_MONTH, "2024-10", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 50);
  g_assert_cmpuint (f->requests->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (f->requests, 0), "month=2024-10"));
}

static void
test_hf_trending_and_search (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) trending = NULL;
  g_autoptr(PapersListing) search = NULL;

  f->body = make_hf_items (0, 4);
  use_canned (f);
  trending = fetch (f, PAPERS_LISTING_HF_TRENDING, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (trending)->len, ==, 4);
  g_assert_nonnull (strstr (g_ptr_array_index (f->requests, 0), "sort=trending"));

  search = fetch (f, PAPERS_LISTING_HF_SEARCH, "diffusion & tokens", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (search)->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (f->requests, 1), ==,
                   "/api/papers/search?q=diffusion%20%26%20tokens&limit=50");
}

static void
test_hf_corpus (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  if (!use_corpus (f, "hf/deep-diver_paper-reviewer_daily_papers_2024-10-25_first8items.json"))
    return;
  listing = fetch (f, PAPERS_LISTING_HF_DAILY, "2024-10-25", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 8);
  g_assert_cmpuint (f->requests->len, ==, 1);
}

static void
test_hf_corpus_truncated (Fixture *f, gconstpointer data)
{
  if (!use_corpus (f, "hf/deep-diver_paper-reviewer_daily_papers_2024-10-25_TRUNCATED_first16000chars.json"))
    return;
  assert_fetch_fails (f, PAPERS_LISTING_HF_DAILY, "2024-10-25",
                      PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_bad_queries (Fixture *f, gconstpointer data)
{
  use_canned (f);
  assert_fetch_fails (f, PAPERS_LISTING_HF_DAILY, "2024-13-45", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  assert_fetch_fails (f, PAPERS_LISTING_HF_DAILY, "yesterday", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  assert_fetch_fails (f, PAPERS_LISTING_HF_WEEK, "2024-W60", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  assert_fetch_fails (f, PAPERS_LISTING_HF_MONTH, "2024-1", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  assert_fetch_fails (f, PAPERS_LISTING_HF_SEARCH, "   ", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  assert_fetch_fails (f, PAPERS_LISTING_ARXIV_FEED, "cs.LG/../../x", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  assert_fetch_fails (f, PAPERS_LISTING_ARXIV_FEED, "cs.LG+", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  g_assert_cmpuint (f->requests->len, ==, 0);
}

static void
test_date_shift (void)
{
  g_autofree char *prev = papers_source_hf_date_shift ("2024-03-01", -1);
  g_autofree char *next = papers_source_hf_date_shift ("2024-12-31", 1);

  g_assert_cmpstr (prev, ==, "2024-02-29");
  g_assert_cmpstr (next, ==, "2025-01-01");
  g_assert_null (papers_source_hf_date_shift ("2024-02-30", 1));
  g_assert_null (papers_source_hf_date_shift ("nonsense", 1));
}

/* ---- arXiv ---------------------------------------------------------------- */

static void
test_arxiv_search_2016 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  if (!use_corpus (f, "arxiv/arxivpy-2016_search_au_del_maestro.atom.xml"))
    return;
  listing = fetch (f, PAPERS_LISTING_ARXIV_SEARCH, "au:del_maestro AND ti:\"quantum\"", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 10);
  g_assert_cmpint (papers_listing_get_total_results (listing), ==, 31);
  g_assert_cmpstr (g_ptr_array_index (f->requests, 0), ==,
                   "/api/query?search_query=au%3Adel_maestro%20AND%20ti%3A%22quantum%22&start=0&max_results=100");
}

static void
test_arxiv_ids_2026 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  if (!use_corpus (f, "arxiv/arxivpy-2026_id_1707.08567_s0_m100_6a1afebfc6a3.atom.xml"))
    return;
  listing = fetch (f, PAPERS_LISTING_ARXIV_IDS, "1707.08567,hep-th/9603067", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->requests, 0), "id_list=1707.08567%2Chep-th%2F9603067"));
}

static void
test_arxiv_zero (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  if (!use_corpus (f, "arxiv/arxivpy-2026_id_0000.0000_s0_m100_8b51d9633a68.atom.xml"))
    return;
  listing = fetch (f, PAPERS_LISTING_ARXIV_IDS, "0000.0000", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 0);
  g_assert_cmpint (papers_listing_get_total_results (listing), ==, 0);
}

static void
test_arxiv_error_entry (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  if (!use_corpus (f, "arxiv/arxivpy-2026_id_abc_s0_m100_b79c8dcf6bc3.atom.xml"))
    return;
  f->status = 400;
  listing = fetch (f, PAPERS_LISTING_ARXIV_IDS, "abc", NULL, &error);
  g_assert_null (listing);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  g_assert_nonnull (strstr (error->message, "incorrect id format for abc"));
}

static void
test_arxiv_feed_big (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  if (!use_corpus (f, "arxiv/aioarxiv-2024_rss_mock_feed.rss.xml"))
    return;
  listing = fetch (f, PAPERS_LISTING_ARXIV_FEED, "cs.LG+cs.CL+math.GT", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 1504);
  g_assert_cmpstr (g_ptr_array_index (f->requests, 0), ==, "/rss/cs.LG+cs.CL+math.GT");
}

static void
test_arxiv_feed_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  if (!use_corpus (f, "arxiv/aioarxiv-2024_empty_rss_mock_feed.rss.xml"))
    return;
  listing = fetch (f, PAPERS_LISTING_ARXIV_FEED, "test", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 0);
}

static void
test_arxiv_feed_error (Fixture *f, gconstpointer data)
{
  if (!use_corpus (f, "arxiv/aioarxiv-2024_error_rss_mock_feed.rss.xml"))
    return;
  assert_fetch_fails (f, PAPERS_LISTING_ARXIV_FEED, "astroph",
                      PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
}

/* Three arXiv requests at once: they go one at a time, 3 s apart, and the
 * test does not wait 6 s for it. */
static void
test_arxiv_spacing (Fixture *f, gconstpointer data)
{
  Wait waits[4] = { 0 };
  gint64 started = g_get_monotonic_time ();

  f->body = g_bytes_new_static ("<feed xmlns='http://www.w3.org/2005/Atom'/>", 43);
  f->rss_body = g_bytes_new_static ("<rss version='2.0'><channel><title>x</title></channel></rss>", 60);
  use_canned (f);

  papers_source_client_fetch_async (f->client, PAPERS_LISTING_ARXIV_SEARCH, "ti:a", NULL, NULL, fetch_cb, &waits[0]);
  papers_source_client_fetch_async (f->client, PAPERS_LISTING_ARXIV_FEED, "cs.LG", NULL, NULL, fetch_cb, &waits[1]);
  papers_source_client_fetch_async (f->client, PAPERS_LISTING_ARXIV_IDS, "1111.2011", NULL, NULL, fetch_cb, &waits[2]);
  papers_source_client_fetch_async (f->client, PAPERS_LISTING_ARXIV_SEARCH, "ti:b", NULL, NULL, fetch_cb, &waits[3]);
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      test_run_until (&waits[i].done);
      g_assert_no_error (waits[i].error);
      g_object_unref (waits[i].result);
    }

  g_assert_cmpuint (f->arrivals->len, ==, 4);
  for (guint i = 1; i < f->arrivals->len; i++)
    g_assert_cmpint (g_array_index (f->arrivals, gint64, i) - g_array_index (f->arrivals, gint64, i - 1),
                     >=, PAPERS_ARXIV_INTERVAL_US);
  g_assert_cmpint (f->max_in_flight, ==, 1);
  /* In order, none dropped. */
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->requests, 0), "/api/query?search_query=ti%3Aa"));
  g_assert_cmpstr (g_ptr_array_index (f->requests, 1), ==, "/rss/cs.LG");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->requests, 3), "/api/query?search_query=ti%3Ab"));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
}

static void
cancel_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  fetch_cb (source, result, data);
}

static void
test_arxiv_cancel_queued (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait first = { 0 }, second = { 0 }, third = { 0 };

  f->body = g_bytes_new_static ("<feed xmlns='http://www.w3.org/2005/Atom'/>", 43);
  use_canned (f);

  papers_source_client_fetch_async (f->client, PAPERS_LISTING_ARXIV_SEARCH, "ti:a", NULL, NULL, fetch_cb, &first);
  papers_source_client_fetch_async (f->client, PAPERS_LISTING_ARXIV_SEARCH, "ti:b", NULL, cancellable, cancel_cb, &second);
  papers_source_client_fetch_async (f->client, PAPERS_LISTING_ARXIV_SEARCH, "ti:c", NULL, NULL, fetch_cb, &third);
  g_cancellable_cancel (cancellable);

  test_run_until (&second.done);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&second.error);
  test_run_until (&first.done);
  test_run_until (&third.done);
  g_assert_no_error (first.error);
  g_assert_no_error (third.error);
  g_clear_object (&first.result);
  g_clear_object (&third.result);
  g_assert_cmpuint (f->requests->len, ==, 2);
}

/* ---- Faults --------------------------------------------------------------- */

static void
test_fault_refused (void)
{
  g_autofree char *base = test_closed_port_url ();
  g_autoptr(PapersSourceClient) client = papers_source_client_new (base, NULL, NULL, NULL);
  Wait wait = { 0 };

  papers_source_client_fetch_async (client, PAPERS_LISTING_HF_DAILY, "2024-10-25", NULL, NULL, fetch_cb, &wait);
  test_run_until (&wait.done);
  g_assert_null (wait.result);
  g_assert_error (wait.error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_OFFLINE);
  g_clear_error (&wait.error);
}

static void
run_raw_with_deadline (const char *head,
                       gsize       body_bytes,
                       RawAction   action,
                       guint       timeout,
                       guint       deadline,
                       int         code)
{
  g_autofree char *base = NULL;
  RawServer *server = raw_server_start (head, body_bytes, action, &base);
  g_autoptr(PapersSourceClient) client = papers_source_client_new (base, NULL, NULL, NULL);
  Wait wait = { 0 };

  papers_source_client_set_timeout (client, timeout);
  if (deadline > 0)
    papers_source_client_set_listing_deadline (client, deadline);
  papers_source_client_fetch_async (client, PAPERS_LISTING_HF_DAILY, "2024-10-25", NULL, NULL, fetch_cb, &wait);
  test_run_until (&wait.done);
  raw_server_stop (server);

  g_assert_null (wait.result);
  g_assert_error (wait.error, PAPERS_SOURCE_ERROR, code);
  g_clear_error (&wait.error);
}

static void
run_raw (const char *head,
         gsize       body_bytes,
         RawAction   action,
         guint       timeout,
         int         code)
{
  run_raw_with_deadline (head, body_bytes, action, timeout, 0, code);
}

static void
test_fault_trickle (void)
{
  /* Every byte within the I/O timeout, the whole far past the deadline. */
  run_raw_with_deadline ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[",
                         0, RAW_TRICKLE, 5, 1, PAPERS_SOURCE_ERROR_TIMEOUT);
}

static void
test_fault_reset_mid_body (void)
{
  run_raw ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[",
           5000, RAW_RESET_AFTER, 5, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_fault_truncated (void)
{
  run_raw ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[",
           5000, RAW_CLOSE_AFTER, 5, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_fault_truncated_unsized (void)
{
  /* No length and the connection closes: only the JSON parser notices. */
  run_raw ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[{\"paper\":{\"id\":\"24",
           0, RAW_CLOSE_AFTER, 5, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_fault_slow (void)
{
  run_raw ("", 0, RAW_STALL, 1, PAPERS_SOURCE_ERROR_TIMEOUT);
}

static void
test_fault_endless (void)
{
  run_raw ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[",
           0, RAW_ENDLESS, 5, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_fault_announced_too_large (void)
{
  run_raw ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 300000000\r\n\r\n[",
           1000, RAW_CLOSE_AFTER, 5, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_fault_429_then_ok (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;
  gint64 before = f->clock.now;

  f->body = make_hf_items (0, 2);
  f->fail_first = 2;
  f->fail_status = 429;
  f->retry_after = "7";
  use_canned (f);

  listing = fetch (f, PAPERS_LISTING_HF_DAILY, "2024-10-25", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_listing_get_papers (listing)->len, ==, 2);
  g_assert_cmpuint (f->requests->len, ==, 3);
  /* Retry-After was honoured, on the injected clock. */
  g_assert_cmpint (g_array_index (f->arrivals, gint64, 1) - g_array_index (f->arrivals, gint64, 0), >=, 7 * G_USEC_PER_SEC);
  g_assert_cmpint (f->clock.now - before, >=, 14 * G_USEC_PER_SEC);
}

static void
test_fault_429_forever (Fixture *f, gconstpointer data)
{
  f->fail_first = 1000;
  f->fail_status = 429;
  f->retry_after = "1";
  use_canned (f);
  papers_source_client_set_retry_policy (f->client, 3, 60);
  assert_fetch_fails (f, PAPERS_LISTING_HF_SEARCH, "x", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_RATE_LIMITED);
  g_assert_cmpuint (f->requests->len, ==, 4);
}

static void
test_fault_retry_after_too_long (Fixture *f, gconstpointer data)
{
  f->fail_first = 1000;
  f->fail_status = 429;
  f->retry_after = "3600";
  use_canned (f);
  assert_fetch_fails (f, PAPERS_LISTING_HF_SEARCH, "x", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_RATE_LIMITED);
  g_assert_cmpuint (f->requests->len, ==, 1);
}

static void
test_fault_arxiv_503 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = NULL;

  f->body = g_bytes_new_static ("<feed xmlns='http://www.w3.org/2005/Atom'/>", 43);
  f->fail_first = 1;
  f->fail_status = 503;
  f->retry_after = "10";
  use_canned (f);
  listing = fetch (f, PAPERS_LISTING_ARXIV_SEARCH, "ti:x", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests->len, ==, 2);
  g_assert_cmpint (g_array_index (f->arrivals, gint64, 1) - g_array_index (f->arrivals, gint64, 0),
                   >=, 10 * G_USEC_PER_SEC);
}

static void
test_fault_500 (Fixture *f, gconstpointer data)
{
  f->status = 500;
  f->body = g_bytes_new_static ("oops", 4);
  use_canned (f);
  assert_fetch_fails (f, PAPERS_LISTING_HF_DAILY, NULL, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_SERVER_ERROR);
}

static void
test_fault_404 (Fixture *f, gconstpointer data)
{
  f->status = 404;
  f->body = g_bytes_new_static ("{}", 2);
  use_canned (f);
  assert_fetch_fails (f, PAPERS_LISTING_HF_SEARCH, "x", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_NOT_FOUND);
}

static void
test_fault_html (Fixture *f, gconstpointer data)
{
  f->content_type = "text/html";
  f->body = g_bytes_new_static ("<html><body>Sorry</body></html>", 31);
  use_canned (f);
  assert_fetch_fails (f, PAPERS_LISTING_HF_DAILY, "2024-10-25", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
  assert_fetch_fails (f, PAPERS_LISTING_ARXIV_SEARCH, "ti:x", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_fault_wrong_types (Fixture *f, gconstpointer data)
{
  f->body = g_bytes_new_static ("[{\"paper\":{\"id\":\"2410.17243\",\"upvotes\":\"64\"}}]", 46);
  use_canned (f);
  assert_fetch_fails (f, PAPERS_LISTING_HF_DAILY, "2024-10-25", PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_insecure (void)
{
  g_autoptr(PapersSourceClient) client = papers_source_client_new ("http://example.org", NULL, NULL, NULL);
  Wait wait = { 0 };

  papers_source_client_fetch_async (client, PAPERS_LISTING_HF_TRENDING, NULL, NULL, NULL, fetch_cb, &wait);
  test_run_until (&wait.done);
  g_assert_error (wait.error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INSECURE);
  g_clear_error (&wait.error);
}

/* Plain HTTP is for this machine only: 127.0.0.0/8, ::1 and localhost get
 * as far as connecting (nothing listens: OFFLINE); anything else is
 * refused before a byte is sent (INSECURE). */
static void
test_loopback_only (void)
{
  static const struct { const char *base; int code; } cases[] = {
    { "http://127.0.0.1:9", PAPERS_SOURCE_ERROR_OFFLINE },
    { "http://127.45.6.7:9", PAPERS_SOURCE_ERROR_OFFLINE },
    { "http://[::1]:9", PAPERS_SOURCE_ERROR_OFFLINE },
    { "http://localhost:9", PAPERS_SOURCE_ERROR_OFFLINE },
    { "http://10.0.0.1:9", PAPERS_SOURCE_ERROR_INSECURE },
    { "http://[fe80::1]:9", PAPERS_SOURCE_ERROR_INSECURE },
    { "http://localhost.example.org", PAPERS_SOURCE_ERROR_INSECURE },
    { "ftp://127.0.0.1:9", PAPERS_SOURCE_ERROR_INSECURE },
    { "file:///etc", PAPERS_SOURCE_ERROR_INSECURE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PapersSourceClient) client = papers_source_client_new (cases[i].base, NULL, NULL, NULL);
      Wait wait = { 0 };

      papers_source_client_fetch_async (client, PAPERS_LISTING_HF_TRENDING, NULL, NULL, NULL, fetch_cb, &wait);
      test_run_until (&wait.done);
      if (!g_error_matches (wait.error, PAPERS_SOURCE_ERROR, cases[i].code))
        g_error ("%s: expected code %d, got %s", cases[i].base, cases[i].code,
                 wait.error ? wait.error->message : "success");
      g_clear_error (&wait.error);
      g_clear_object (&wait.result);
    }
}

static void
set_flag_once (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* A certificate nobody vouches for (tests/sources/self-signed.pem, made
 * for 127.0.0.1): the connection must fail, never be accepted. */
static void
test_tls_error (void)
{
  const char *source_dir = g_getenv ("PAPERS_SOURCE_DIR");
  g_autofree char *pem = g_build_filename (source_dir ? source_dir : ".", "tests", "sources",
                                           "self-signed.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersSourceClient) client = NULL;
  g_autofree char *base = NULL;
  GSList *uris;
  Wait wait = { 0 };
  gboolean settled = FALSE;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend");
      return;
    }

  certificate = g_tls_certificate_new_from_file (pem, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = papers_source_client_new (base, NULL, NULL, NULL);
  papers_source_client_fetch_async (client, PAPERS_LISTING_HF_TRENDING, NULL, NULL, NULL, fetch_cb, &wait);
  test_run_until (&wait.done);
  g_assert_null (wait.result);
  g_assert_error (wait.error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INSECURE);
  g_clear_error (&wait.error);
  g_clear_object (&client);

  /* Let the server side of the failed handshake finish before the server
   * goes: libsoup does not survive it the other way round. */
  g_timeout_add_once (500, set_flag_once, &settled);
  test_run_until (&settled);
  soup_server_disconnect (server);
}

static void
test_redirect (Fixture *f, gconstpointer data)
{
  f->status = 302;
  f->extra_header = "Location";
  f->extra_value = "http://example.org/api/daily_papers";
  f->body = g_bytes_new_static ("", 0);
  use_canned (f);
  assert_fetch_fails (f, PAPERS_LISTING_HF_TRENDING, NULL, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INSECURE);
  g_assert_cmpuint (f->requests->len, ==, 1);
}

static void
test_conditional (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) first = NULL;
  g_autoptr(PapersListing) second = NULL;
  g_autoptr(PapersListing) cached = NULL;
  g_autoptr(PapersListing) third = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  gboolean from_cache = FALSE;

  f->body = make_hf_items (0, 3);
  f->etag = "\"v1\"";
  use_canned (f);

  first = fetch (f, PAPERS_LISTING_HF_DAILY, "2024-10-25", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (papers_listing_get_etag (first), ==, "\"v1\"");
  g_assert_false (papers_listing_get_from_cache (first));

  /* A cached listing (as the store would give it back) makes the request
   * conditional; 304 returns it. */
  cached = papers_listing_new (PAPERS_LISTING_HF_DAILY, "2024-10-25");
  papers_listing_set_etag (cached, "\"v1\"");
  papers_listing_set_papers (cached, papers_listing_get_papers (first));
  second = fetch (f, PAPERS_LISTING_HF_DAILY, "2024-10-25", cached, &error);
  g_assert_no_error (error);
  g_assert_true (second == cached);
  g_assert_true (papers_listing_get_from_cache (second));
  g_object_get (second, "from-cache", &from_cache, "fetched-at", &fetched_at, NULL);
  g_assert_true (from_cache);
  g_assert_nonnull (fetched_at);
  g_assert_cmpuint (papers_listing_get_papers (second)->len, ==, 3);

  /* Without one, the client remembers this session's listings. */
  third = fetch (f, PAPERS_LISTING_HF_DAILY, "2024-10-25", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (papers_listing_get_from_cache (third));
  g_assert_cmpuint (f->requests->len, ==, 3);
}

/* ---- Lookup --------------------------------------------------------------- */

static void
lookup_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  wait->result = papers_source_client_lookup_finish (PAPERS_SOURCE_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

static void
lookup_handler (SoupServer *server, SoupServerMessage *msg, const char *path,
                GHashTable *query, gpointer data)
{
  Fixture *f = data;

  note_request (f, msg);
  if (g_str_equal (path, "/api/papers/2410.17243"))
    test_server_reply_text (msg, 200, "application/json",
                            "{\"id\":\"2410.17243\",\"title\":\"Breaking\",\"upvotes\":64}");
  else if (g_str_has_prefix (path, "/api/papers/"))
    test_server_reply_text (msg, 404, "application/json", "{\"error\":\"not found\"}");
  else if (g_str_equal (path, "/api/query") && f->body != NULL)
    test_server_reply (msg, 200, "application/atom+xml", f->body);
  else
    test_server_reply_text (msg, 404, "text/plain", "no");
}

static void
test_lookup (Fixture *f, gconstpointer data)
{
  Wait hf = { 0 }, arxiv = { 0 }, bad = { 0 };

  f->body = test_corpus_bytes ("arxiv/arxivpy-2016_id_list_1111.2011v2.atom.xml");
  soup_server_add_handler (f->server, NULL, lookup_handler, f, NULL);

  papers_source_client_lookup_async (f->client, "https://huggingface.co/papers/2410.17243", NULL, lookup_cb, &hf);
  test_run_until (&hf.done);
  g_assert_no_error (hf.error);
  g_assert_cmpstr (papers_paper_get_id (hf.result), ==, "2410.17243");
  g_assert_cmpint (papers_paper_get_upvotes (hf.result), ==, 64);
  g_clear_object (&hf.result);

  if (f->body == NULL)
    g_test_skip ("no corpus: the arXiv lookup is not checked");
  else
    {
      papers_source_client_lookup_async (f->client, "https://arxiv.org/abs/1111.2011v2", NULL, lookup_cb, &arxiv);
      test_run_until (&arxiv.done);
      g_assert_no_error (arxiv.error);
      g_assert_cmpstr (papers_paper_get_id (arxiv.result), ==, "1111.2011");
      g_assert_cmpint (papers_paper_get_version (arxiv.result), ==, 2);
      g_assert_nonnull (strstr (g_ptr_array_index (f->requests, f->requests->len - 1), "id_list=1111.2011v2"));
      g_clear_object (&arxiv.result);
    }

  papers_source_client_lookup_async (f->client, "not an id", NULL, lookup_cb, &bad);
  test_run_until (&bad.done);
  g_assert_error (bad.error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  g_clear_error (&bad.error);
}

/* ---- The paper to keep for an id ------------------------------------------ */

#define OLD_STYLE_TITLE "Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit " \
                        "Surveys Toward the Galactic Bulge and Carina"

static const char old_style_feed[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
  "  <entry>\n"
  "    <id>http://arxiv.org/abs/astro-ph/0601001v1</id>\n"
  "    <published>2006-01-01T00:00:00Z</published>\n"
  "    <title>Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit\n"
  "  Surveys Toward the Galactic Bulge and Carina</title>\n"
  "    <summary>An abstract.</summary>\n"
  "    <author><name>Andrew Gould</name></author>\n"
  "  </entry>\n"
  "</feed>\n";

static const char empty_feed[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
  "xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
  "  <opensearch:totalResults>0</opensearch:totalResults>\n"
  "</feed>\n";

/* Hugging Face knows no paper; arXiv knows astro-ph/0601001, at v1 only. */
static void
paper_for_id_handler (SoupServer *server, SoupServerMessage *msg, const char *path,
                      GHashTable *query, gpointer data)
{
  Fixture *f = data;
  const char *ids = query != NULL ? g_hash_table_lookup (query, "id_list") : NULL;

  note_request (f, msg);
  if (g_str_has_prefix (path, "/api/papers/"))
    test_server_reply_text (msg, 404, "application/json", "{\"error\":\"not found\"}");
  else if (g_strcmp0 (ids, "astro-ph/0601001v1") == 0 || g_strcmp0 (ids, "astro-ph/0601001") == 0)
    test_server_reply_text (msg, 200, "application/atom+xml", old_style_feed);
  else
    test_server_reply_text (msg, 200, "application/atom+xml", empty_feed);
}

typedef struct
{
  gboolean     done;
  PapersPaper *paper;
  GError      *unresolved;
  GError      *error;
} PaperWait;

static void
paper_for_id_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  PaperWait *wait = data;

  wait->paper = papers_source_client_paper_for_id_finish (PAPERS_SOURCE_CLIENT (source), result,
                                                          &wait->unresolved, &wait->error);
  wait->done = TRUE;
}

static void
paper_wait_clear (PaperWait *wait)
{
  g_clear_object (&wait->paper);
  g_clear_error (&wait->unresolved);
  g_clear_error (&wait->error);
  wait->done = FALSE;
}

static void
paper_for_id (PapersSourceClient *client,
              const char         *text,
              PaperWait          *wait)
{
  paper_wait_clear (wait);
  papers_source_client_paper_for_id_async (client, text, NULL, paper_for_id_cb, wait);
  test_run_until (&wait->done);
}

/* What `papers-reader add` and Add by Identifier keep: an old-style address with
 * its version gets arXiv's title and version, an id arXiv answers with an
 * empty feed is refused, and unreachable services leave an id alone
 * without a title, saying why. */
static void
test_paper_for_id (Fixture *f, gconstpointer data)
{
  g_autofree char *closed = test_closed_port_url ();
  g_autoptr(PapersSourceClient) offline = papers_source_client_new (closed, closed, closed, "https://arxiv.example");
  PaperWait wait = { 0 };

  soup_server_add_handler (f->server, NULL, paper_for_id_handler, f, NULL);

  paper_for_id (f->client, "https://arxiv.org/abs/astro-ph/0601001v1", &wait);
  g_assert_no_error (wait.error);
  g_assert_null (wait.unresolved);
  g_assert_cmpstr (papers_paper_get_id (wait.paper), ==, "astro-ph/0601001");
  g_assert_cmpstr (papers_paper_get_title (wait.paper), ==, OLD_STYLE_TITLE);
  g_assert_cmpint (papers_paper_get_version (wait.paper), ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->requests, f->requests->len - 1),
                            "id_list=astro-ph%2F0601001v1"));

  paper_for_id (f->client, "hep-th/9603067", &wait);
  g_assert_null (wait.paper);
  g_assert_null (wait.unresolved);
  g_assert_error (wait.error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_NOT_FOUND);
  g_assert_cmpstr (wait.error->message, ==, "arXiv does not know the paper hep-th/9603067.");

  paper_for_id (f->client, "not an id", &wait);
  g_assert_null (wait.paper);
  g_assert_error (wait.error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);

  paper_for_id (offline, "arXiv:astro-ph/0601001v1", &wait);
  g_assert_no_error (wait.error);
  g_assert_error (wait.unresolved, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_OFFLINE);
  g_assert_cmpstr (papers_paper_get_id (wait.paper), ==, "astro-ph/0601001");
  g_assert_cmpstr (papers_paper_get_arxiv_id (wait.paper), ==, "astro-ph/0601001");
  g_assert_cmpint (papers_paper_get_version (wait.paper), ==, 1);
  /* No title: the id shows in its place until a lookup brings one. */
  g_assert_null (papers_paper_get_title (wait.paper));
  g_assert_cmpstr (papers_paper_get_pdf_url (wait.paper), ==, "https://arxiv.example/pdf/astro-ph/0601001v1");
  paper_wait_clear (&wait);
}

/* ---- Downloads ------------------------------------------------------------ */

typedef struct
{
  Fixture  *f;
  GBytes   *pdf;
  gboolean  honour_range;
  gboolean  not_pdf;
  char     *range_seen;
  char     *if_range_seen;
} PdfServer;

static void
pdf_handler (SoupServer *server, SoupServerMessage *msg, const char *path,
             GHashTable *query, gpointer data)
{
  PdfServer *s = data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *range = soup_message_headers_get_one (request_headers, "Range");
  gsize size;
  const char *bytes = g_bytes_get_data (s->pdf, &size);
  SoupRange *ranges = NULL;
  int n_ranges = 0;

  const char *if_range = soup_message_headers_get_one (request_headers, "If-Range");

  note_request (s->f, msg);
  g_set_str (&s->range_seen, range);
  g_set_str (&s->if_range_seen, if_range);
  soup_message_headers_replace (headers, "ETag", "\"pdf1\"");

  if (s->not_pdf)
    {
      test_server_reply_text (msg, 200, "text/html", "<html>captcha</html>");
      return;
    }

  if (range != NULL && s->honour_range && (if_range == NULL || g_str_equal (if_range, "\"pdf1\"")) &&
      soup_message_headers_get_ranges (request_headers, size, &ranges, &n_ranges) && n_ranges == 1)
    {
      goffset start = ranges[0].start, end = ranges[0].end;

      soup_message_headers_free_ranges (request_headers, ranges);
      soup_server_message_set_status (msg, 206, NULL);
      soup_message_headers_set_content_range (headers, start, end, size);
      soup_server_message_set_response (msg, "application/pdf", SOUP_MEMORY_COPY,
                                        bytes + start, end - start + 1);
      return;
    }

  /* SoupServer would answer the Range itself: a server that ignores it
   * is one that never saw it. */
  soup_message_headers_remove (request_headers, "Range");
  test_server_reply (msg, 200, "application/pdf", s->pdf);
}

static GBytes *
make_pdf (gsize size)
{
  GByteArray *array = g_byte_array_sized_new (size);
  const char *head = "%PDF-1.4\n";

  g_byte_array_append (array, (const guint8 *) head, strlen (head));
  while (array->len < size)
    {
      guint8 b = (guint8) (array->len * 31 % 251);
      g_byte_array_append (array, &b, 1);
    }
  return g_byte_array_free_to_bytes (array);
}

typedef struct
{
  goffset       last_received;
  goffset       last_total;
  guint         calls;
  GCancellable *cancel_after_first;
} Progress;

static void
progress_cb (goffset received, goffset total, gpointer data)
{
  Progress *p = data;

  g_assert_cmpint (received, >=, p->last_received);
  p->last_received = received;
  p->last_total = total;
  p->calls++;
  if (p->cancel_after_first != NULL)
    g_cancellable_cancel (p->cancel_after_first);
}

static void
download_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  wait->result = papers_source_client_download_pdf_finish (PAPERS_SOURCE_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

static PapersDownloadResult *
download (Fixture      *f,
          const char   *id,
          Progress     *progress,
          GCancellable *cancellable,
          GError      **error)
{
  Wait wait = { 0 };

  papers_source_client_download_pdf_async (f->client, id, 0, NULL, progress ? progress_cb : NULL, progress,
                                           cancellable, download_cb, &wait);
  test_run_until (&wait.done);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.result;
}

static void
pdf_server_setup (Fixture *f, PdfServer *s, gsize size)
{
  s->f = f;
  s->pdf = make_pdf (size);
  s->honour_range = TRUE;
  soup_server_add_handler (f->server, "/pdf", pdf_handler, s, NULL);
}

static void
pdf_server_clear (PdfServer *s)
{
  g_bytes_unref (s->pdf);
  g_free (s->range_seen);
  g_free (s->if_range_seen);
}

static void
test_download_full (Fixture *f, gconstpointer data)
{
  PdfServer s = { 0 };
  Progress progress = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDownloadResult) result = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "org.example.Papers", "pdfs",
                                                "1111.2011.pdf", NULL);
  g_autofree char *sha = NULL;
  g_autofree char *part = NULL;

  pdf_server_setup (f, &s, 300000);
  result = download (f, "1111.2011", &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->path, ==, expected);
  g_assert_cmpint (result->size, ==, 300000);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, s.pdf);
  g_assert_cmpstr (result->sha256, ==, sha);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  part = g_strconcat (expected, ".part", NULL);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_cmpint (progress.last_received, ==, 300000);
  g_assert_cmpint (progress.last_total, ==, 300000);
  g_assert_null (s.range_seen);
  g_assert_cmpstr (g_ptr_array_index (f->requests, 0), ==, "/pdf/1111.2011");
  pdf_server_clear (&s);
}

static void
test_download_resume (Fixture *f, gconstpointer data)
{
  PdfServer s = { 0 };
  Progress progress = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDownloadResult) result = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "org.example.Papers", "pdfs", NULL);
  g_autofree char *part = g_build_filename (dir, "hep-th_9603067.pdf.part", NULL);
  g_autofree char *validator = NULL;
  g_autofree char *sha = NULL;

  pdf_server_setup (f, &s, 200000);
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (part, g_bytes_get_data (s.pdf, NULL), 1000, NULL);
  validator = g_strconcat (part, ".validator", NULL);
  g_file_set_contents (validator, "\"pdf1\"", -1, NULL);

  result = download (f, "hep-th/9603067", &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s.range_seen, ==, "bytes=1000-");
  g_assert_cmpstr (s.if_range_seen, ==, "\"pdf1\"");
  g_assert_false (g_file_test (validator, G_FILE_TEST_EXISTS));
  g_assert_true (g_str_has_suffix (result->path, "/pdfs/hep-th_9603067.pdf"));
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, s.pdf);
  g_assert_cmpstr (result->sha256, ==, sha);
  g_assert_cmpint (result->size, ==, 200000);
  g_assert_cmpint (progress.last_received, ==, 200000);
  g_assert_cmpint (progress.last_total, ==, 200000);
  pdf_server_clear (&s);
}

static void
test_download_restart (Fixture *f, gconstpointer data)
{
  PdfServer s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDownloadResult) result = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "org.example.Papers", "pdfs", NULL);
  g_autofree char *part = g_build_filename (dir, "2401.01234.pdf.part", NULL);
  g_autofree char *sha = NULL;

  pdf_server_setup (f, &s, 100000);
  s.honour_range = FALSE;
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (part, "garbage that is not a prefix", -1, NULL);

  result = download (f, "2401.01234", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s.range_seen);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, s.pdf);
  g_assert_cmpstr (result->sha256, ==, sha);
  g_assert_cmpint (result->size, ==, 100000);
  pdf_server_clear (&s);
}

static void
test_download_changed (Fixture *f, gconstpointer data)
{
  PdfServer s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDownloadResult) result = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "org.example.Papers", "pdfs", NULL);
  g_autofree char *part = g_build_filename (dir, "2404.00001.pdf.v3.part", NULL);
  g_autofree char *validator = g_strconcat (part, ".validator", NULL);
  g_autofree char *sha = NULL;
  Wait wait = { 0 };

  /* The .part belongs to an older file: If-Range makes the server send
   * the whole new one, and the download starts over. */
  pdf_server_setup (f, &s, 50000);
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (part, "%PDF-old-bytes", -1, NULL);
  g_file_set_contents (validator, "\"old\"", -1, NULL);

  papers_source_client_download_pdf_async (f->client, "2404.00001", 3, NULL, NULL, NULL, NULL,
                                           download_cb, &wait);
  test_run_until (&wait.done);
  g_assert_no_error (wait.error);
  result = wait.result;
  g_assert_cmpstr (s.if_range_seen, ==, "\"old\"");
  g_assert_cmpstr (g_ptr_array_index (f->requests, 0), ==, "/pdf/2404.00001v3");
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, s.pdf);
  g_assert_cmpstr (result->sha256, ==, sha);
  g_assert_true (g_str_has_suffix (result->path, "/2404.00001.pdf"));
  pdf_server_clear (&s);
}

static void
test_download_not_pdf (Fixture *f, gconstpointer data)
{
  PdfServer s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDownloadResult) result = NULL;
  g_autofree char *path = papers_download_path_for_id (NULL, "2402.00001");
  g_autofree char *part = g_strconcat (path, ".part", NULL);

  pdf_server_setup (f, &s, 1000);
  s.not_pdf = TRUE;
  result = download (f, "2402.00001", NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  pdf_server_clear (&s);
}

static void
test_download_cancel (Fixture *f, gconstpointer data)
{
  PdfServer s = { 0 };
  Progress progress = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDownloadResult) result = NULL;
  g_autofree char *path = papers_download_path_for_id (NULL, "2403.00001");

  pdf_server_setup (f, &s, 4 * 1024 * 1024);
  progress.cancel_after_first = cancellable;
  result = download (f, "2403.00001", &progress, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  pdf_server_clear (&s);
}

static void
test_download_bad_id (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDownloadResult) result = download (f, "../../etc/passwd", NULL, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  g_assert_cmpuint (f->requests->len, ==, 0);
}

static void
test_download_too_large (void)
{
  g_autofree char *base = NULL;
  RawServer *server = raw_server_start ("HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n"
                                        "Content-Length: 300000000\r\n\r\n%PDF-1.4\n",
                                        1000, RAW_CLOSE_AFTER, &base);
  g_autoptr(PapersSourceClient) client = papers_source_client_new (NULL, NULL, NULL, base);
  Wait wait = { 0 };

  papers_source_client_download_pdf_async (client, "2401.01234", 2, NULL, NULL, NULL, NULL, download_cb, &wait);
  test_run_until (&wait.done);
  raw_server_stop (server);
  g_assert_null (wait.result);
  g_assert_error (wait.error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
  g_clear_error (&wait.error);
}

static gboolean
cancel_later_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* A download waiting on a server that went silent half-way (what quitting
 * the app does to one): cancelling ends it at once, and nothing keeps the
 * client alive afterwards. */
static void
test_download_cancel_stalled (void)
{
  g_autofree char *base = NULL;
  RawServer *server = raw_server_start ("HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n"
                                        "Content-Length: 100000\r\n\r\n%PDF-1.4\n",
                                        20000, RAW_STALL_AFTER, &base);
  PapersSourceClient *client = papers_source_client_new (NULL, NULL, NULL, base);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { 0 };
  gint64 cancelled_at;

  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);
  papers_source_client_download_pdf_async (client, "2401.01234", 0, NULL, NULL, NULL, cancellable,
                                           download_cb, &wait);
  g_timeout_add (500, cancel_later_cb, cancellable);
  test_run_until (&wait.done);
  cancelled_at = g_get_monotonic_time ();
  g_assert_null (wait.result);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);

  g_object_unref (client);
  while (client != NULL && g_get_monotonic_time () - cancelled_at < 2 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (client);
  raw_server_stop (server);
}

static void
test_settings_and_env (void)
{
  g_autoptr(PapersSourceClient) defaults = NULL;
  g_autoptr(PapersSourceClient) overridden = NULL;

  g_unsetenv ("PAPERS_HF_URL");
  defaults = papers_source_client_new_from_settings (NULL);
  g_assert_cmpstr (papers_source_client_get_hf_url (defaults), ==, "https://huggingface.co");
  g_assert_cmpstr (papers_source_client_get_arxiv_api_url (defaults), ==, "https://export.arxiv.org/api/query");
  g_assert_cmpstr (papers_source_client_get_arxiv_rss_url (defaults), ==, "https://rss.arxiv.org");
  g_assert_cmpstr (papers_source_client_get_arxiv_url (defaults), ==, "https://arxiv.org");

  /* The settings, when the schema is there (GSETTINGS_SCHEMA_DIR). */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, "org.example.Papers", TRUE) : NULL;

    if (schema != NULL && g_settings_schema_has_key (schema, "hf-url"))
      {
        g_autoptr(GSettings) settings = g_settings_new ("org.example.Papers");
        g_autoptr(PapersSourceClient) configured = NULL;

        g_settings_set_string (settings, "hf-url", "https://mirror.example.org/hf");
        configured = papers_source_client_new_from_settings (settings);
        g_assert_cmpstr (papers_source_client_get_hf_url (configured), ==, "https://mirror.example.org/hf");
        g_assert_cmpstr (papers_source_client_get_arxiv_url (configured), ==, "https://arxiv.org");
        g_settings_reset (settings, "hf-url");
      }
  }

  g_setenv ("PAPERS_HF_URL", "http://127.0.0.1:9/", TRUE);
  g_setenv ("PAPERS_ARXIV_URL", "http://127.0.0.1:10", TRUE);
  overridden = papers_source_client_new_from_settings (NULL);
  g_assert_cmpstr (papers_source_client_get_hf_url (overridden), ==, "http://127.0.0.1:9");
  g_assert_cmpstr (papers_source_client_get_arxiv_url (overridden), ==, "http://127.0.0.1:10");
  g_unsetenv ("PAPERS_HF_URL");
  g_unsetenv ("PAPERS_ARXIV_URL");
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/sources/client/hf/paged-full", test_hf_paged_full);
  ADD ("/sources/client/hf/paged-link", test_hf_paged_link);
  ADD ("/sources/client/hf/paged-ignored", test_hf_paged_ignored);
  ADD ("/sources/client/hf/paged-foreign-link", test_hf_paged_foreign_link);
  ADD ("/sources/client/hf/trending-search", test_hf_trending_and_search);
  ADD ("/corpus/sources/client/hf", test_hf_corpus);
  ADD ("/corpus/sources/client/hf-truncated", test_hf_corpus_truncated);
  ADD ("/sources/client/bad-queries", test_bad_queries);
  g_test_add_func ("/sources/client/hf/date-shift", test_date_shift);
  ADD ("/corpus/sources/client/arxiv/search-2016", test_arxiv_search_2016);
  ADD ("/corpus/sources/client/arxiv/ids-2026", test_arxiv_ids_2026);
  ADD ("/corpus/sources/client/arxiv/zero", test_arxiv_zero);
  ADD ("/corpus/sources/client/arxiv/error-entry", test_arxiv_error_entry);
  ADD ("/corpus/sources/client/arxiv/feed-big", test_arxiv_feed_big);
  ADD ("/corpus/sources/client/arxiv/feed-empty", test_arxiv_feed_empty);
  ADD ("/corpus/sources/client/arxiv/feed-error", test_arxiv_feed_error);
  ADD ("/sources/client/arxiv/spacing", test_arxiv_spacing);
  ADD ("/sources/client/arxiv/cancel-queued", test_arxiv_cancel_queued);
  g_test_add_func ("/sources/client/fault/refused", test_fault_refused);
  g_test_add_func ("/sources/client/fault/reset-mid-body", test_fault_reset_mid_body);
  g_test_add_func ("/sources/client/fault/truncated", test_fault_truncated);
  g_test_add_func ("/sources/client/fault/truncated-unsized", test_fault_truncated_unsized);
  g_test_add_func ("/sources/client/fault/slow", test_fault_slow);
  g_test_add_func ("/sources/client/fault/trickle", test_fault_trickle);
  g_test_add_func ("/sources/client/fault/endless", test_fault_endless);
  g_test_add_func ("/sources/client/fault/announced-too-large", test_fault_announced_too_large);
  ADD ("/sources/client/fault/429-then-ok", test_fault_429_then_ok);
  ADD ("/sources/client/fault/429-forever", test_fault_429_forever);
  ADD ("/sources/client/fault/retry-after-too-long", test_fault_retry_after_too_long);
  ADD ("/sources/client/fault/arxiv-503", test_fault_arxiv_503);
  ADD ("/sources/client/fault/500", test_fault_500);
  ADD ("/sources/client/fault/404", test_fault_404);
  ADD ("/sources/client/fault/html", test_fault_html);
  ADD ("/sources/client/fault/wrong-types", test_fault_wrong_types);
  g_test_add_func ("/sources/client/insecure", test_insecure);
  g_test_add_func ("/sources/client/tls-error", test_tls_error);
  g_test_add_func ("/sources/client/loopback-only", test_loopback_only);
  ADD ("/sources/client/redirect-insecure", test_redirect);
  ADD ("/sources/client/conditional", test_conditional);
  ADD ("/corpus/sources/client/lookup", test_lookup);
  ADD ("/sources/client/paper-for-id", test_paper_for_id);
  ADD ("/sources/download/full", test_download_full);
  ADD ("/sources/download/resume", test_download_resume);
  ADD ("/sources/download/restart", test_download_restart);
  ADD ("/sources/download/changed", test_download_changed);
  ADD ("/sources/download/not-pdf", test_download_not_pdf);
  ADD ("/sources/download/cancel", test_download_cancel);
  g_test_add_func ("/sources/download/cancel-stalled", test_download_cancel_stalled);
  ADD ("/sources/download/bad-id", test_download_bad_id);
  g_test_add_func ("/sources/download/too-large", test_download_too_large);
  g_test_add_func ("/sources/client/settings-env", test_settings_and_env);

  return g_test_run ();
}
