/* test-http.c: the HTTP core's own API against loopback servers
 *
 * The source client's tests (test-client.c) go through listings and
 * downloads; these call papers_http_get_async() directly, so what the core
 * itself promises (a response for any status, a capped and complete body,
 * cancellation, no reading of the content type) is tested apart from the
 * parsers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-http.h"
#include "papers-source-common.h"
#include "papers-test-server.h"

typedef struct
{
  gboolean            done;
  PapersHttpResponse *response;
  GError             *error;
} Wait;

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  Wait *wait = data;

  wait->response = papers_http_get_finish (PAPERS_HTTP (source), result, &wait->error);
  wait->done = TRUE;
}

/* Runs one request to completion. */
static void
get (PapersHttp              *http,
     const PapersHttpRequest *request,
     GCancellable            *cancellable,
     Wait                    *wait)
{
  papers_http_get_async (http, request, cancellable, get_cb, wait);
  test_run_until (&wait->done);
}

static void
wait_clear (Wait *wait)
{
  g_clear_pointer (&wait->response, papers_http_response_free);
  g_clear_error (&wait->error);
  wait->done = FALSE;
}

/* The request failed with @code: no response.  Clears @wait for the next. */
static void
assert_failed (Wait   *wait,
               GQuark  domain,
               int     code)
{
  g_assert_null (wait->response);
  g_assert_error (wait->error, domain, code);
  wait_clear (wait);
}

/* ---- A canned server ------------------------------------------------------ */

typedef struct
{
  guint       status;
  const char *content_type;
  const char *body;
  guint       requests;
  char       *if_none_match;
} Canned;

static void
canned_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  Canned *canned = data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *inm = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "If-None-Match");

  canned->requests++;
  g_set_str (&canned->if_none_match, inm);
  soup_message_headers_append (headers, "ETag", "\"v1\"");
  soup_message_headers_append (headers, "Last-Modified", "Fri, 25 Oct 2024 10:00:00 GMT");
  soup_message_headers_append (headers, "Link", "</page?p=1>; rel=\"next\"");
  if (inm != NULL && g_str_equal (inm, "\"v1\""))
    {
      soup_server_message_set_status (msg, 304, NULL);
      return;
    }
  test_server_reply_text (msg, canned->status, canned->content_type, canned->body);
}

static SoupServer *
canned_server (Canned  *canned,
               char   **base)
{
  SoupServer *server = test_server_new (base);

  soup_server_add_handler (server, NULL, canned_handler, canned, NULL);
  return server;
}

static void
canned_server_stop (SoupServer *server)
{
  soup_server_disconnect (server);
  g_object_unref (server);
}

/* ---- Success -------------------------------------------------------------- */

static void
test_success (void)
{
  Canned canned = { 200, "application/json", "[{\"ok\":true}]" };
  g_autofree char *base = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *next = NULL;
  SoupServer *server = canned_server (&canned, &base);
  g_autoptr(PapersHttp) http = papers_http_new ();
  PapersHttpRequest request = { 0 };
  Wait wait = { 0 };
  gsize size;
  const char *body;

  uri = g_strconcat (base, "/page", NULL);
  request.uri = uri;
  request.service = PAPERS_SERVICE_HF;
  get (http, &request, NULL, &wait);

  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.response);
  g_assert_cmpuint (wait.response->status, ==, 200);
  body = g_bytes_get_data (wait.response->body, &size);
  g_assert_cmpmem (body, size, canned.body, strlen (canned.body));
  g_assert_cmpint (wait.response->received, ==, strlen (canned.body));
  g_assert_cmpint (wait.response->range_start, ==, -1);
  g_assert_cmpstr (wait.response->etag, ==, "\"v1\"");
  g_assert_cmpstr (wait.response->last_modified, ==, "Fri, 25 Oct 2024 10:00:00 GMT");
  next = g_strconcat (base, "/page?p=1", NULL);
  g_assert_cmpstr (wait.response->next_link, ==, next);
  g_assert_true (papers_http_check_status (request.service, wait.response->status, NULL));
  g_assert_null (canned.if_none_match);
  wait_clear (&wait);

  /* Asked again with the validator: a 304, with no body. */
  request.etag = "\"v1\"";
  get (http, &request, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (wait.response->status, ==, 304);
  g_assert_null (wait.response->body);
  g_assert_cmpstr (canned.if_none_match, ==, "\"v1\"");
  g_assert_cmpuint (canned.requests, ==, 2);
  wait_clear (&wait);

  g_free (canned.if_none_match);
  canned_server_stop (server);
}

/* A 2xx body goes to the stream open_sink gives, with progress. */

typedef struct
{
  GOutputStream *sink;
  guint          opened;
  goffset        last_received;
  goffset        last_total;
} SinkData;

static GOutputStream *
open_memory_sink (guint                      status,
                  goffset                    range_start,
                  goffset                    total,
                  const PapersHttpResponse  *response,
                  gpointer                   user_data,
                  GError                   **error)
{
  SinkData *data = user_data;

  data->opened++;
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (range_start, ==, -1);
  return g_object_ref (data->sink);
}

static void
progress_cb (goffset  received,
             goffset  total,
             gpointer user_data)
{
  SinkData *data = user_data;

  g_assert_cmpint (received, >, data->last_received);
  data->last_received = received;
  data->last_total = total;
}

static void
test_success_sink (void)
{
  g_autofree char *text = g_strnfill (200000, 'p');
  Canned canned = { 200, "application/pdf", text };
  g_autofree char *base = NULL;
  SoupServer *server = canned_server (&canned, &base);
  g_autoptr(PapersHttp) http = papers_http_new ();
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  SinkData data = { sink };
  PapersHttpRequest request = { 0 };
  Wait wait = { 0 };

  request.uri = base;
  request.service = PAPERS_SERVICE_HF;
  request.max_bytes = PAPERS_SOURCE_MAX_PDF_BYTES;
  request.open_sink = open_memory_sink;
  request.progress = progress_cb;
  request.user_data = &data;
  get (http, &request, NULL, &wait);

  g_assert_no_error (wait.error);
  g_assert_cmpuint (wait.response->status, ==, 200);
  g_assert_null (wait.response->body);
  g_assert_cmpuint (data.opened, ==, 1);
  g_assert_cmpint (data.last_received, ==, 200000);
  g_assert_cmpint (data.last_total, ==, 200000);
  /* The core closes the sink when the body is complete. */
  g_assert_true (g_output_stream_is_closed (sink));
  g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (sink)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (sink)),
                   text, 200000);
  wait_clear (&wait);
  canned_server_stop (server);
}

/* ---- HTTP error statuses -------------------------------------------------- */

static void
test_error_status (void)
{
  Canned canned = { 404, "text/html", "<p>No such page</p>" };
  g_autofree char *base = NULL;
  SoupServer *server = canned_server (&canned, &base);
  g_autoptr(PapersHttp) http = papers_http_new ();
  g_autoptr(GError) error = NULL;
  PapersHttpRequest request = { 0 };
  Wait wait = { 0 };

  /* An error status is a response: the caller decides what it means (arXiv
   * explains a 400 in its body, a download retries a 416). */
  request.uri = base;
  request.service = PAPERS_SERVICE_ARXIV;
  get (http, &request, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (wait.response->status, ==, 404);
  g_assert_cmpuint (g_bytes_get_size (wait.response->body), ==, strlen (canned.body));
  g_assert_false (papers_http_check_status (request.service, wait.response->status, &error));
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "arXiv"));
  g_clear_error (&error);
  wait_clear (&wait);

  /* 503 is retried; with no retries left it fails as a server error. */
  canned.status = 503;
  papers_http_set_retry_policy (http, 0, 0);
  request.service = PAPERS_SERVICE_HF;
  get (http, &request, NULL, &wait);
  assert_failed (&wait, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_SERVER_ERROR);

  /* And a 429 as a request to slow down. */
  canned.status = 429;
  get (http, &request, NULL, &wait);
  assert_failed (&wait, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_RATE_LIMITED);

  g_assert_false (papers_http_check_status (PAPERS_SERVICE_HF, 400, &error));
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  g_clear_error (&error);
  g_assert_false (papers_http_check_status (PAPERS_SERVICE_HF, 500, &error));
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_SERVER_ERROR);
  g_clear_error (&error);
  g_assert_false (papers_http_check_status (PAPERS_SERVICE_HF, 302, &error));
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  g_free (canned.if_none_match);
  canned_server_stop (server);
}

/* ---- Truncated and oversized bodies --------------------------------------- */

static void
get_raw (const char *head,
         gsize       body_bytes,
         RawAction   action,
         goffset     max_bytes,
         Wait       *wait)
{
  g_autofree char *base = NULL;
  RawServer *server = raw_server_start (head, body_bytes, action, &base);
  g_autoptr(PapersHttp) http = papers_http_new ();
  PapersHttpRequest request = { 0 };

  papers_http_set_timeout (http, 5);
  request.uri = base;
  request.service = PAPERS_SERVICE_HF;
  request.max_bytes = max_bytes;
  get (http, &request, NULL, wait);
  raw_server_stop (server);
}

static void
test_truncated (void)
{
  Wait wait = { 0 };

  /* The connection closes cleanly before the announced length. */
  get_raw ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
           5000, RAW_CLOSE_AFTER, 0, &wait);
  assert_failed (&wait, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);

  /* Or breaks. */
  get_raw ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
           5000, RAW_RESET_AFTER, 0, &wait);
  assert_failed (&wait, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_oversized (void)
{
  g_autofree char *text = g_strnfill (10000, 'x');
  Canned canned = { 200, "application/json", text };
  g_autofree char *base = NULL;
  SoupServer *server = canned_server (&canned, &base);
  g_autoptr(PapersHttp) http = papers_http_new ();
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  SinkData data = { sink };
  PapersHttpRequest request = { 0 };
  Wait wait = { 0 };

  /* Announced larger than the cap: refused before the body is read, so
   * before a sink is opened for it. */
  request.uri = base;
  request.service = PAPERS_SERVICE_HF;
  request.max_bytes = 1000;
  request.open_sink = open_memory_sink;
  request.user_data = &data;
  get (http, &request, NULL, &wait);
  assert_failed (&wait, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (data.opened, ==, 0);
  request.open_sink = NULL;

  /* Exactly at the cap is fine. */
  request.max_bytes = 10000;
  get (http, &request, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (g_bytes_get_size (wait.response->body), ==, 10000);
  wait_clear (&wait);
  g_free (canned.if_none_match);
  canned_server_stop (server);

  /* No length announced: refused once the streamed body passes the cap. */
  get_raw ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
           0, RAW_ENDLESS, 100000, &wait);
  assert_failed (&wait, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

/* ---- Cancellation --------------------------------------------------------- */

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* A clock that never moves: a request queued behind another arXiv
 * request never gets its turn, so only its cancellation can end it */
static gint64
frozen_now (gpointer user_data)
{
  return 1000 * G_USEC_PER_SEC;
}

static GSource *
frozen_timeout (gint64   delay_us,
                gpointer user_data)
{
  /* Never dispatched: no ready time, nothing to check */
  return g_timeout_source_new_seconds (G_MAXUINT / 2);
}

static void
test_cancelled (void)
{
  g_autofree char *base = NULL;
  RawServer *server = raw_server_start ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                        "Content-Length: 100000\r\n\r\n",
                                        1000, RAW_STALL_AFTER, &base);
  g_autoptr(PapersHttp) http = papers_http_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  PapersHttpRequest request = { 0 };
  Wait wait = { 0 };
  Wait queued = { 0 };
  PapersClock clock = { frozen_now, frozen_timeout, NULL };

  papers_http_set_timeout (http, 10);
  request.uri = base;

  /* Cancelled before it starts.  (Not an arXiv request: it would take the
   * queue's slot for three seconds.) */
  request.service = PAPERS_SERVICE_HF;
  g_cancellable_cancel (cancelled);
  get (http, &request, cancelled, &wait);
  assert_failed (&wait, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  request.service = PAPERS_SERVICE_ARXIV;

  /* Cancelled while the body stalls, and a second arXiv request waiting in
   * the queue behind it: both end as cancelled, neither as a timeout.
   * With the clock frozen the queued one would wait for ever (and the
   * test time out) if its cancellation did not take it off the queue. */
  papers_http_set_clock (http, &clock);
  papers_http_get_async (http, &request, cancellable, get_cb, &wait);
  papers_http_get_async (http, &request, cancellable, get_cb, &queued);
  g_timeout_add (200, cancel_cb, cancellable);
  test_run_until (&wait.done);
  test_run_until (&queued.done);
  raw_server_stop (server);

  assert_failed (&wait, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_failed (&queued, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- Content types -------------------------------------------------------- */

static void
test_malformed_content_type (void)
{
  static const char * const heads[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"\r\nContent-Length: 10\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Type: ;;;/\r\nContent-Length: 10\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=no-such-charset\r\nContent-Length: 10\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Type:\r\nContent-Length: 10\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
  };

  /* The core does not read the content type: the bytes reach the parser
   * as they were sent, and the parser judges them. */
  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      Wait wait = { 0 };
      gsize size;
      const char *body;

      get_raw (heads[i], 10, RAW_CLOSE_AFTER, 0, &wait);
      g_assert_no_error (wait.error);
      g_assert_cmpuint (wait.response->status, ==, 200);
      body = g_bytes_get_data (wait.response->body, &size);
      g_assert_cmpmem (body, size, "xxxxxxxxxx", 10);
      wait_clear (&wait);
    }
}

/* ---- Addresses ------------------------------------------------------------ */

static void
test_insecure (void)
{
  static const char * const refused[] = {
    "http://example.org/api", "ftp://127.0.0.1/", "file:///etc/passwd", "not an address",
  };
  g_autoptr(PapersHttp) http = papers_http_new ();

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      PapersHttpRequest request = { .uri = refused[i], .service = PAPERS_SERVICE_HF };
      Wait wait = { 0 };

      get (http, &request, NULL, &wait);
      assert_failed (&wait, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INSECURE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sources/http/success", test_success);
  g_test_add_func ("/sources/http/success-sink", test_success_sink);
  g_test_add_func ("/sources/http/error-status", test_error_status);
  g_test_add_func ("/sources/http/truncated", test_truncated);
  g_test_add_func ("/sources/http/oversized", test_oversized);
  g_test_add_func ("/sources/http/cancelled", test_cancelled);
  g_test_add_func ("/sources/http/malformed-content-type", test_malformed_content_type);
  g_test_add_func ("/sources/http/insecure", test_insecure);

  return g_test_run ();
}
