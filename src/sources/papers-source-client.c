/* papers-source-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-arxiv-parser.h"
#include "papers-hf-parser.h"
#include "papers-source-client-private.h"
#include "papers-source-common.h"

/* One client, one SoupSession, for the whole application.
 *
 * Every request goes through the HTTP core below (papers_source_client_http_async):
 * it refuses anything but HTTPS (plain HTTP only to the loopback interface,
 * for tests and local mirrors), follows redirects itself so that a redirect
 * cannot leave HTTPS either, caps the body while it streams, retries 429
 * and 503 with a backoff that honours Retry-After, and turns every failure
 * into a PAPERS_SOURCE_ERROR a user can read.
 *
 * arXiv asks clients for at most one request every three seconds on a single
 * connection, for the API, the feeds and the PDFs together.  All arXiv
 * requests therefore wait in one queue: one runs at a time and each starts
 * at least PAPERS_ARXIV_INTERVAL_US after the one before.  The queue keeps
 * every request (none is dropped) and a 429/503 from arXiv holds the whole
 * queue back for the time the server asked for.
 *
 * Time comes from a PapersClock so that tests can check the spacing and
 * the backoff without waiting for them.
 */

#define USER_AGENT "Papers/" PACKAGE_VERSION " (org.example.Papers; GNOME; libsoup)"
#define DEFAULT_TIMEOUT_SECONDS 30
#define DEFAULT_MAX_RETRIES 3
#define DEFAULT_MAX_WAIT_SECONDS 60
#define DEFAULT_LISTING_DEADLINE_SECONDS 120
#define MAX_REDIRECTS 5
#define HF_PAGE_SIZE 50
#define HF_MAX_PAGES 50
#define ARXIV_MAX_RESULTS 100
#define READ_CHUNK (64 * 1024)
#define MAX_RECENT 64

struct _PapersSourceClient
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *hf_url;
  char         *arxiv_api_url;
  char         *arxiv_rss_url;
  char         *arxiv_url;

  PapersClock   clock;
  guint         max_retries;
  guint         max_wait_seconds;
  guint         listing_deadline_seconds;

  /* The arXiv queue. */
  GQueue        arxiv_waiting;
  gboolean      arxiv_busy;
  gint64        arxiv_last_start;
  gint64        arxiv_not_before;
  GSource      *arxiv_timer;

  /* Validators and papers of the listings fetched in this session, for
   * conditional requests when the caller has no cached listing. */
  GHashTable   *recent;
};

G_DEFINE_FINAL_TYPE (PapersSourceClient, papers_source_client, G_TYPE_OBJECT)

/* ---- Clock ---------------------------------------------------------------- */

static gint64
real_now (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static GSource *
real_timeout_source (gint64   delay_us,
                     gpointer user_data)
{
  return g_timeout_source_new ((guint) MIN ((delay_us + 999) / 1000, G_MAXUINT));
}

static const PapersClock real_clock = { real_now, real_timeout_source, NULL };

static gint64
clock_now (PapersSourceClient *self)
{
  return self->clock.now (self->clock.user_data);
}

static GSource *
clock_timeout (PapersSourceClient *self,
               gint64              delay_us,
               GSourceFunc         func,
               gpointer            data,
               GDestroyNotify      notify)
{
  GSource *source = self->clock.timeout_source (MAX (delay_us, 0), self->clock.user_data);

  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

/* ---- Errors --------------------------------------------------------------- */

const char *
papers_service_name (PapersService service)
{
  return service == PAPERS_SERVICE_ARXIV ? "arXiv" : "Hugging Face";
}

/* Turns a GIO, TLS or resolver error into one a user understands.
 * @reading says whether the body had started to arrive. */
static GError *
map_transport_error (PapersService  service,
                     const GError  *error,
                     gboolean       reading)
{
  const char *name = papers_service_name (service);

  g_debug ("%s: transport error (%s, %s): %s", name, g_quark_to_string (error->domain),
           reading ? "reading" : "connecting", error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_TIMEOUT,
                        /* Translators: %s is "Hugging Face" or "arXiv" */
                        _("%s did not answer in time. Try again later."), name);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INSECURE,
                        _("A secure connection to %s could not be established."), name);
  if (reading)
    return g_error_new (PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE,
                        _("The answer from %s was cut off. Try again."), name);
  return g_error_new (PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_OFFLINE,
                      _("Could not reach %s. Check your internet connection."), name);
}

/**
 * papers_source_check_status:
 * @service: who answered
 * @status: the HTTP status
 * @error: return location for a %PAPERS_SOURCE_ERROR
 *
 * Returns: %TRUE for a 2xx status
 */
gboolean
papers_source_check_status (PapersService   service,
                            guint           status,
                            GError        **error)
{
  const char *name = papers_service_name (service);

  if (status >= 200 && status < 300)
    return TRUE;

  g_debug ("%s: HTTP status %u", name, status);

  if (status == 404 || status == 410)
    g_set_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_NOT_FOUND,
                 _("%s does not know this paper or listing."), name);
  else if (status == 400)
    g_set_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY,
                 _("%s did not accept the request."), name);
  else if (status == 429)
    g_set_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_RATE_LIMITED,
                 _("%s is asking Papers to slow down. Try again in a few minutes."), name);
  else if (status >= 500)
    g_set_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_SERVER_ERROR,
                 _("%s has a problem right now. Try again later."), name);
  else
    papers_source_set_bad_response (error, name, "unexpected HTTP status %u", status);

  return FALSE;
}

/* HTTPS anywhere; plain HTTP only to this machine. */
static gboolean
uri_is_allowed (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") != 0)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* ---- The HTTP core -------------------------------------------------------- */

typedef enum
{
  JOB_WAITING,
  JOB_RUNNING,
  JOB_DONE,
} JobState;

typedef struct
{
  PapersSourceClient *self;
  PapersHttpRequest   request;
  char               *uri;
  char               *etag;
  char               *last_modified;
  char               *if_range;
  JobState            state;
  guint               attempt;
  guint               redirects;
  gboolean            holds_arxiv_slot;
  GSource            *retry_timer;
  gulong              cancel_id;
  GCancellable       *cancellable;

  SoupMessage        *message;
  GInputStream       *stream;
  GOutputStream      *sink;
  GByteArray         *buffer;
  GBytes             *writing;
  goffset             total;
  gint64              started;
  PapersHttpResponse *response;
} HttpJob;

void
papers_http_response_free (PapersHttpResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response->etag);
  g_free (response->last_modified);
  g_free (response->next_link);
  g_free (response);
}

static void
http_job_free (HttpJob *job)
{
  g_clear_object (&job->self);
  g_free (job->uri);
  g_free (job->etag);
  g_free (job->last_modified);
  g_free (job->if_range);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->message);
  g_clear_object (&job->stream);
  g_clear_object (&job->sink);
  g_clear_pointer (&job->buffer, g_byte_array_unref);
  g_clear_pointer (&job->writing, g_bytes_unref);
  g_clear_pointer (&job->response, papers_http_response_free);
  g_free (job);
}

static void job_start (GTask *task);
static void arxiv_pump (PapersSourceClient *self);

static void
job_release_slot (HttpJob *job)
{
  if (job->holds_arxiv_slot)
    {
      job->holds_arxiv_slot = FALSE;
      job->self->arxiv_busy = FALSE;
      arxiv_pump (job->self);
    }
}

static void
job_finish (GTask  *task,
            GError *error)
{
  HttpJob *job = g_task_get_task_data (task);

  if (job->state == JOB_DONE)
    {
      g_clear_error (&error);
      return;
    }
  job->state = JOB_DONE;

  if (job->retry_timer != NULL)
    {
      g_source_destroy (job->retry_timer);
      g_clear_pointer (&job->retry_timer, g_source_unref);
    }
  g_queue_remove (&job->self->arxiv_waiting, task);
  if (job->cancel_id != 0)
    g_cancellable_disconnect (job->cancellable, job->cancel_id);
  job->cancel_id = 0;
  if (job->stream != NULL)
    g_input_stream_close_async (job->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);

  job_release_slot (job);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&job->response),
                           (GDestroyNotify) papers_http_response_free);
  g_object_unref (task);
}

/* Puts a job in line: arXiv jobs wait for the queue, others go at once. */
static void
job_schedule (GTask    *task,
              gboolean  at_front)
{
  HttpJob *job = g_task_get_task_data (task);

  job->state = JOB_WAITING;
  if (job->request.service != PAPERS_SERVICE_ARXIV)
    {
      job_start (task);
      return;
    }

  if (at_front)
    g_queue_push_head (&job->self->arxiv_waiting, task);
  else
    g_queue_push_tail (&job->self->arxiv_waiting, task);
  arxiv_pump (job->self);
}

static gboolean
arxiv_timer_cb (gpointer data)
{
  PapersSourceClient *self = data;

  g_clear_pointer (&self->arxiv_timer, g_source_unref);
  arxiv_pump (self);
  return G_SOURCE_REMOVE;
}

static void
arxiv_pump (PapersSourceClient *self)
{
  gint64 now, next;
  GTask *task;
  HttpJob *job;

  if (self->arxiv_busy || self->arxiv_timer != NULL || g_queue_is_empty (&self->arxiv_waiting))
    return;

  now = clock_now (self);
  next = MAX (self->arxiv_last_start + PAPERS_ARXIV_INTERVAL_US, self->arxiv_not_before);
  if (self->arxiv_last_start != G_MININT64 && now < next)
    {
      self->arxiv_timer = clock_timeout (self, next - now, arxiv_timer_cb,
                                         g_object_ref (self), g_object_unref);
      return;
    }

  task = g_queue_pop_head (&self->arxiv_waiting);
  job = g_task_get_task_data (task);
  self->arxiv_busy = TRUE;
  self->arxiv_last_start = now;
  job->holds_arxiv_slot = TRUE;
  job_start (task);
}

static gboolean
cancelled_idle_cb (gpointer data)
{
  GTask *task = data;
  HttpJob *job = g_task_get_task_data (task);

  /* A running request is cancelled by libsoup itself; one still waiting in
   * the queue or for a retry must be taken out here. */
  if (job->state == JOB_WAITING)
    job_finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("The operation was cancelled")));
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  GTask *task = data;
  GSource *idle = g_idle_source_new ();

  g_source_set_callback (idle, cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
  g_source_unref (idle);
}

static gint64
retry_after_us (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  guint64 seconds;

  if (value == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &seconds, NULL))
    return (gint64) seconds * G_USEC_PER_SEC;
  else
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (when != NULL)
        return MAX (g_date_time_difference (when, now), 0);
    }
  return -1;
}

static gboolean
retry_timer_cb (gpointer data)
{
  GTask *task = data;
  HttpJob *job = g_task_get_task_data (task);

  g_clear_pointer (&job->retry_timer, g_source_unref);
  if (job->state == JOB_WAITING)
    job_schedule (task, TRUE);
  return G_SOURCE_REMOVE;
}

/* 429 and 503: wait as asked (or back off exponentially) and try again, up
 * to the retry limit; a wait longer than the limit fails at once. */
static void
job_handle_busy (GTask *task)
{
  HttpJob *job = g_task_get_task_data (task);
  PapersSourceClient *self = job->self;
  guint status = soup_message_get_status (job->message);
  gint64 delay = retry_after_us (job->message);
  gboolean asked = delay >= 0;
  const char *name = papers_service_name (job->request.service);

  if (delay < 0)
    delay = (gint64) G_USEC_PER_SEC << MIN (job->attempt, 6);

  g_debug ("%s: HTTP %u, attempt %u, retry in %" G_GINT64_FORMAT " ms",
           name, status, job->attempt, delay / 1000);

  if (job->attempt >= self->max_retries || delay > (gint64) self->max_wait_seconds * G_USEC_PER_SEC)
    {
      if (status == 503 && !asked)
        job_finish (task, g_error_new (PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_SERVER_ERROR,
                                       _("%s has a problem right now. Try again later."), name));
      else
        job_finish (task, g_error_new (PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_RATE_LIMITED,
                                       _("%s is asking Papers to slow down. Try again in a few minutes."),
                                       name));
      return;
    }

  job->attempt++;
  g_clear_object (&job->message);
  g_clear_object (&job->stream);
  job->state = JOB_WAITING;

  if (job->request.service == PAPERS_SERVICE_ARXIV)
    {
      /* The whole queue waits, not just this request. */
      self->arxiv_not_before = MAX (self->arxiv_not_before, clock_now (self) + delay);
      job_release_slot (job);
      job_schedule (task, TRUE);
      return;
    }

  job->retry_timer = clock_timeout (self, delay, retry_timer_cb, g_object_ref (task), g_object_unref);
}

static void read_next (GTask *task);

static void
body_done (GTask *task)
{
  HttpJob *job = g_task_get_task_data (task);

  if (job->buffer != NULL)
    job->response->body = g_byte_array_free_to_bytes (g_steal_pointer (&job->buffer));
  job_finish (task, NULL);
}

static void
sink_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error))
    {
      g_debug ("could not close download: %s", error->message);
      job_finish (task, g_steal_pointer (&error));
      return;
    }
  body_done (task);
}

static void
sink_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  HttpJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&job->writing, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      job_finish (task, g_steal_pointer (&error));
      return;
    }
  read_next (task);
}

static void
chunk_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  HttpJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize size;
  const guint8 *data_ptr;

  if (job->state == JOB_DONE)
    {
      g_object_unref (task);
      return;
    }
  g_object_unref (task);

  if (chunk == NULL)
    {
      job_finish (task, map_transport_error (job->request.service, error, TRUE));
      return;
    }

  data_ptr = g_bytes_get_data (chunk, &size);
  if (size == 0 && job->total > 0 &&
      job->response->received + MAX (job->response->range_start, 0) < job->total)
    {
      /* The connection closed cleanly before the announced length: for a
       * PDF that is half a file, never a finished download.  What arrived
       * stays in the .part file, so the next try resumes there. */
      g_debug ("%s: body ended at %" G_GOFFSET_FORMAT " of %" G_GOFFSET_FORMAT " bytes",
               papers_service_name (job->request.service),
               job->response->received + MAX (job->response->range_start, 0), job->total);
      job_finish (task, g_error_new (PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE,
                                     _("The answer from %s was cut off. Try again."),
                                     papers_service_name (job->request.service)));
      return;
    }
  if (size == 0)
    {
      if (job->sink != NULL)
        g_output_stream_close_async (job->sink, G_PRIORITY_DEFAULT, job->cancellable,
                                     sink_closed_cb, task);
      else
        body_done (task);
      return;
    }

  job->response->received += size;

  /* The I/O timeout catches a silent server; this catches one that
   * trickles a byte at a time.  Listings only: a big PDF on a slow line
   * may rightly take long.  (Real time, not the injectable clock.) */
  if (job->sink == NULL && job->self->listing_deadline_seconds > 0 &&
      g_get_monotonic_time () - job->started > (gint64) job->self->listing_deadline_seconds * G_USEC_PER_SEC)
    {
      g_debug ("%s: answer slower than %u s", papers_service_name (job->request.service),
               job->self->listing_deadline_seconds);
      job_finish (task, g_error_new (PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_TIMEOUT,
                                     _("%s did not answer in time. Try again later."),
                                     papers_service_name (job->request.service)));
      return;
    }
  if (job->response->received + MAX (job->response->range_start, 0) > job->request.max_bytes)
    {
      g_autoptr(GError) too_large = NULL;

      papers_source_set_bad_response (&too_large, papers_service_name (job->request.service),
                                      "body larger than %" G_GOFFSET_FORMAT " bytes",
                                      job->request.max_bytes);
      job_finish (task, g_steal_pointer (&too_large));
      return;
    }

  if (job->request.progress != NULL)
    job->request.progress (job->response->received + MAX (job->response->range_start, 0),
                           job->total, job->request.user_data);

  if (job->sink != NULL)
    {
      /* The chunk must outlive the write. */
      job->writing = g_bytes_ref (chunk);
      g_output_stream_write_all_async (job->sink, data_ptr, size, G_PRIORITY_DEFAULT,
                                       job->cancellable, sink_written_cb, task);
    }
  else
    {
      g_byte_array_append (job->buffer, data_ptr, size);
      read_next (task);
    }
}

static void
read_next (GTask *task)
{
  HttpJob *job = g_task_get_task_data (task);

  if (job->state == JOB_DONE)
    return;
  /* The extra reference keeps the job alive while a read is pending, even
   * if it is finished (cancelled from the queue side) meanwhile. */
  g_object_ref (task);
  g_input_stream_read_bytes_async (job->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   job->cancellable, chunk_read_cb, task);
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_strcmp0 (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

static void
fill_response (HttpJob *job)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (job->message);
  const char *link = soup_message_headers_get_one (headers, "Link");
  goffset start, end, total;

  job->response = g_new0 (PapersHttpResponse, 1);
  job->response->status = soup_message_get_status (job->message);
  job->response->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  job->response->last_modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));
  job->response->range_start = -1;

  if (job->response->status == SOUP_STATUS_PARTIAL_CONTENT &&
      soup_message_headers_get_content_range (headers, &start, &end, &total))
    job->response->range_start = start;

  job->total = soup_message_headers_get_content_length (headers);
  if (job->total <= 0)
    job->total = -1;
  else if (job->response->range_start > 0)
    job->total += job->response->range_start;

  /* Link: <https://…?p=1>; rel="next" */
  if (link != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (link, ",", 16);

      for (guint i = 0; parts[i] != NULL && job->response->next_link == NULL; i++)
        {
          const char *lt = strchr (parts[i], '<');
          const char *gt = lt ? strchr (lt, '>') : NULL;

          if (gt != NULL && (strstr (gt, "rel=\"next\"") != NULL || strstr (gt, "rel=next") != NULL))
            {
              g_autofree char *target = g_strndup (lt + 1, gt - lt - 1);
              GUri *base = soup_message_get_uri (job->message);
              g_autoptr(GUri) resolved = g_uri_parse_relative (base, target, SOUP_HTTP_URI_FLAGS, NULL);

              /* The next page comes from the same service, or not at all. */
              if (resolved != NULL && same_origin (base, resolved))
                job->response->next_link = g_uri_to_string (resolved);
              else
                g_debug ("ignoring next link %s", target);
            }
        }
    }
}

static gboolean
job_follow_redirect (GTask *task)
{
  HttpJob *job = g_task_get_task_data (task);
  const char *location;
  g_autoptr(GUri) target = NULL;

  location = soup_message_headers_get_one (soup_message_get_response_headers (job->message),
                                           "Location");
  if (location == NULL)
    return FALSE;

  target = g_uri_parse_relative (soup_message_get_uri (job->message), location,
                                 SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL || ++job->redirects > MAX_REDIRECTS)
    {
      g_autoptr(GError) error = NULL;
      papers_source_set_bad_response (&error, papers_service_name (job->request.service),
                                      "bad or too many redirects (%s)", location);
      job_finish (task, g_steal_pointer (&error));
      return TRUE;
    }

  g_free (job->uri);
  job->uri = g_uri_to_string (target);
  g_clear_object (&job->message);
  g_clear_object (&job->stream);
  job_release_slot (job);
  /* A redirect is a new request: it waits its turn like any other. */
  job_schedule (task, TRUE);
  return TRUE;
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  HttpJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  job->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (job->state == JOB_DONE)
    {
      g_object_unref (task);
      return;
    }
  g_object_unref (task);

  if (job->stream == NULL)
    {
      job_finish (task, map_transport_error (job->request.service, error, FALSE));
      return;
    }

  status = soup_message_get_status (job->message);
  if (status == 429 || status == 503)
    {
      job_handle_busy (task);
      return;
    }
  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED &&
      job_follow_redirect (task))
    return;

  fill_response (job);

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      job_finish (task, NULL);
      return;
    }

  if (job->total > 0 && job->total > job->request.max_bytes)
    {
      papers_source_set_bad_response (&error, papers_service_name (job->request.service),
                                      "announced body of %" G_GOFFSET_FORMAT " bytes", job->total);
      job_finish (task, g_steal_pointer (&error));
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status) && job->request.open_sink != NULL)
    {
      job->sink = job->request.open_sink (status, job->response->range_start, job->total,
                                          job->response, job->request.user_data, &error);
      if (job->sink == NULL)
        {
          job_finish (task, g_steal_pointer (&error));
          return;
        }
    }
  else
    job->buffer = g_byte_array_new ();

  read_next (task);
}

static void
job_start (GTask *task)
{
  HttpJob *job = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (job->cancellable))
    {
      job_finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The operation was cancelled")));
      return;
    }

  uri = g_uri_parse (job->uri, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL || !uri_is_allowed (uri))
    {
      g_debug ("refusing address %s", job->uri);
      job_finish (task, g_error_new (PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INSECURE,
                                     _("Papers only connects to %s over a secure connection."),
                                     papers_service_name (job->request.service)));
      return;
    }

  job->state = JOB_RUNNING;
  job->started = g_get_monotonic_time ();
  job->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  /* Redirects are followed by hand, after the same checks. */
  soup_message_add_flags (job->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (job->message);
  if (job->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", job->etag);
  if (job->last_modified != NULL)
    soup_message_headers_replace (headers, "If-Modified-Since", job->last_modified);
  if (job->request.range_from > 0)
    {
      soup_message_headers_set_range (headers, job->request.range_from, -1);
      /* Only continue the same file: if it changed, send it whole. */
      if (job->if_range != NULL)
        soup_message_headers_replace (headers, "If-Range", job->if_range);
    }

  g_debug ("%s: GET %s", papers_service_name (job->request.service), job->uri);
  soup_session_send_async (job->self->session, job->message, G_PRIORITY_DEFAULT,
                           job->cancellable, send_cb, g_object_ref (task));
}

/**
 * papers_source_client_http_async: (skip)
 *
 * The HTTP core: a GET with every rule of the client applied.  2xx bodies go
 * to request->open_sink's stream when given, other bodies to memory.  The
 * strings in @request are copied.
 */
void
papers_source_client_http_async (PapersSourceClient      *self,
                                 const PapersHttpRequest *request,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  GTask *task;
  HttpJob *job;

  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (self));
  g_return_if_fail (request != NULL && request->uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_source_client_http_async);

  job = g_new0 (HttpJob, 1);
  job->self = g_object_ref (self);
  job->request = *request;
  job->uri = g_strdup (request->uri);
  job->etag = g_strdup (request->etag);
  job->last_modified = g_strdup (request->last_modified);
  job->if_range = g_strdup (request->if_range);
  job->request.if_range = NULL;
  job->request.uri = NULL;
  job->request.etag = NULL;
  job->request.last_modified = NULL;
  if (job->request.max_bytes <= 0)
    job->request.max_bytes = PAPERS_SOURCE_MAX_LISTING_BYTES;
  job->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  g_task_set_task_data (task, job, (GDestroyNotify) http_job_free);

  /* The task holds itself until job_finish; the handler holds its own. */
  job->cancel_id = g_cancellable_connect (job->cancellable, G_CALLBACK (cancelled_cb),
                                          g_object_ref (task), g_object_unref);
  job_schedule (task, FALSE);
}

PapersHttpResponse *
papers_source_client_http_finish (PapersSourceClient  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
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
  guint              last_page_size;
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
    papers_source_check_status (PAPERS_SERVICE_ARXIV, data->status, &error);
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

  data->last_page_size = papers->len;
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
  PapersSourceClient *self = PAPERS_SOURCE_CLIENT (source);
  GTask *task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersHttpResponse) response = papers_source_client_http_finish (self, result, &error);
  PapersService service = kind_service (data->kind);
  GTask *parse;
  ParseJob *job;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (response->status == SOUP_STATUS_NOT_MODIFIED && data->page == 0 && data->cached != NULL)
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
      !papers_source_check_status (service, response->status, &error))
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

  papers_source_client_http_async (self, &request, g_task_get_cancellable (task), page_cb, task);
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
  PapersSourceClient *self = PAPERS_SOURCE_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersHttpResponse) response = papers_source_client_http_finish (self, result, &error);
  g_autoptr(PapersPaper) paper = NULL;
  g_autofree char *ids = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (response != NULL && papers_source_check_status (PAPERS_SERVICE_HF, response->status, &error))
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
  papers_source_client_http_async (self, &request, cancellable, lookup_hf_cb, g_steal_pointer (&task));
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

  if (self->arxiv_timer != NULL)
    {
      g_source_destroy (self->arxiv_timer);
      g_clear_pointer (&self->arxiv_timer, g_source_unref);
    }
  g_clear_object (&self->session);
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
  /* TLS errors are never ignored: no accept-certificate handler, and the
   * session's default TLS database checks every certificate. */
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", 60,
                                                 "max-conns-per-host", 2,
                                                 NULL);
  self->clock = real_clock;
  self->max_retries = DEFAULT_MAX_RETRIES;
  self->max_wait_seconds = DEFAULT_MAX_WAIT_SECONDS;
  self->listing_deadline_seconds = DEFAULT_LISTING_DEADLINE_SECONDS;
  self->arxiv_last_start = G_MININT64;
  self->arxiv_not_before = G_MININT64;
  g_queue_init (&self->arxiv_waiting);
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
 * A client with its own session, for tests and tools; the application uses
 * papers_source_client_get_default().
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

/**
 * papers_source_client_get_default:
 *
 * Returns: (transfer none): the application's client, made from the
 *   settings and environment on first use
 */
static PapersSourceClient *default_client;

PapersSourceClient *
papers_source_client_get_default (void)
{
  if (default_client == NULL)
    default_client = papers_source_client_new_from_settings (NULL);
  return default_client;
}

/**
 * papers_source_client_steal_default:
 *
 * Hands the application's client over to the caller, at exit: once the
 * requests still running release it, it is finalized with its session,
 * so nothing they held stays reachable.  A later
 * papers_source_client_get_default() makes a new client.
 *
 * Returns: (transfer full) (nullable): the client, or %NULL if none was made
 */
PapersSourceClient *
papers_source_client_steal_default (void)
{
  return g_steal_pointer (&default_client);
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
  soup_session_set_timeout (self->session, seconds);
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
  self->clock = clock ? *clock : real_clock;
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
  self->max_retries = max_retries;
  self->max_wait_seconds = max_wait_seconds;
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
  self->listing_deadline_seconds = seconds;
}
