/* papers-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "papers-http.h"
#include "papers-source-common.h"

/* The HTTP core: one SoupSession, and the rules every request of the
 * sources follows.
 *
 * It refuses anything but HTTPS (plain HTTP only to the loopback
 * interface, for tests and local mirrors), follows redirects itself so that
 * a redirect cannot leave HTTPS either, caps the body while it streams,
 * retries 429 and 503 with a backoff that honours Retry-After, and turns
 * every failure into a PAPERS_SOURCE_ERROR a user can read.
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
#define READ_CHUNK (64 * 1024)

struct _PapersHttp
{
  GObject       parent_instance;

  SoupSession  *session;

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
};

G_DEFINE_FINAL_TYPE (PapersHttp, papers_http, G_TYPE_OBJECT)

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
clock_now (PapersHttp *self)
{
  return self->clock.now (self->clock.user_data);
}

static GSource *
clock_timeout (PapersHttp     *self,
               gint64          delay_us,
               GSourceFunc     func,
               gpointer        data,
               GDestroyNotify  notify)
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
 * papers_http_check_status:
 * @service: who answered
 * @status: the HTTP status
 * @error: return location for a %PAPERS_SOURCE_ERROR
 *
 * Returns: %TRUE for a 2xx status
 */
gboolean
papers_http_check_status (PapersService   service,
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

/**
 * papers_http_uri_is_allowed:
 * @uri: an address about to be asked
 *
 * HTTPS anywhere; plain HTTP only to this machine (tests, local mirrors).
 * The sync layer's WebDAV client follows the same rule.
 *
 * Returns: whether Papers may send a request to @uri
 */
gboolean
papers_http_uri_is_allowed (GUri *uri)
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
  PapersHttp         *self;
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
static void arxiv_pump (PapersHttp *self);

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
  PapersHttp *self = data;

  g_clear_pointer (&self->arxiv_timer, g_source_unref);
  arxiv_pump (self);
  return G_SOURCE_REMOVE;
}

static void
arxiv_pump (PapersHttp *self)
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
  PapersHttp *self = job->self;
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
  if (uri == NULL || !papers_http_uri_is_allowed (uri))
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
 * papers_http_get_async: (skip)
 * @self: the HTTP core
 * @request: what to fetch; its strings are copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the response
 * @user_data: data for @callback
 *
 * A GET with every rule of the core applied.  2xx bodies go to
 * request->open_sink's stream when given, other bodies to memory.  Any
 * status but 429 and 503 (retried) is a response, not an error: the
 * caller decides with papers_http_check_status().
 */
void
papers_http_get_async (PapersHttp              *self,
                       const PapersHttpRequest *request,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GTask *task;
  HttpJob *job;

  g_return_if_fail (PAPERS_IS_HTTP (self));
  g_return_if_fail (request != NULL && request->uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_http_get_async);

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

/**
 * papers_http_get_finish:
 * @self: the HTTP core
 * @result: the result
 * @error: return location for a %PAPERS_SOURCE_ERROR or
 *   %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full): the response; a 304 has no body
 */
PapersHttpResponse *
papers_http_get_finish (PapersHttp    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Construction --------------------------------------------------------- */

static void
papers_http_dispose (GObject *object)
{
  PapersHttp *self = PAPERS_HTTP (object);

  if (self->arxiv_timer != NULL)
    {
      g_source_destroy (self->arxiv_timer);
      g_clear_pointer (&self->arxiv_timer, g_source_unref);
    }
  g_clear_object (&self->session);

  G_OBJECT_CLASS (papers_http_parent_class)->dispose (object);
}

static void
papers_http_class_init (PapersHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = papers_http_dispose;
}

static void
papers_http_init (PapersHttp *self)
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
}

/**
 * papers_http_new:
 *
 * An HTTP core with its own session, the real clock and the default
 * timeout, retry policy and listing deadline.
 *
 * Returns: (transfer full): a new HTTP core
 */
PapersHttp *
papers_http_new (void)
{
  return g_object_new (PAPERS_TYPE_HTTP, NULL);
}

/**
 * papers_http_set_timeout:
 * @self: the HTTP core
 * @seconds: how long a connection may stay silent
 */
void
papers_http_set_timeout (PapersHttp *self,
                         guint       seconds)
{
  g_return_if_fail (PAPERS_IS_HTTP (self));
  soup_session_set_timeout (self->session, seconds);
}

/**
 * papers_http_set_clock:
 * @self: the HTTP core
 * @clock: (nullable): the clock to use, copied; %NULL for the real one
 */
void
papers_http_set_clock (PapersHttp        *self,
                       const PapersClock *clock)
{
  g_return_if_fail (PAPERS_IS_HTTP (self));
  self->clock = clock ? *clock : real_clock;
}

/**
 * papers_http_set_retry_policy:
 * @self: the HTTP core
 * @max_retries: how often a 429 or 503 is retried
 * @max_wait_seconds: the longest Retry-After that is waited for
 */
void
papers_http_set_retry_policy (PapersHttp *self,
                              guint       max_retries,
                              guint       max_wait_seconds)
{
  g_return_if_fail (PAPERS_IS_HTTP (self));
  self->max_retries = max_retries;
  self->max_wait_seconds = max_wait_seconds;
}

/**
 * papers_http_set_listing_deadline:
 * @self: the HTTP core
 * @seconds: the longest a body kept in memory (a listing, not a PDF) may
 *   take to arrive, or 0 for no limit beyond the I/O timeout
 */
void
papers_http_set_listing_deadline (PapersHttp *self,
                                  guint       seconds)
{
  g_return_if_fail (PAPERS_IS_HTTP (self));
  self->listing_deadline_seconds = seconds;
}
