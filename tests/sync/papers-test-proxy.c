/* papers-test-proxy.c: a small HTTP proxy in front of the test Apache
 * that makes the faults Apache cannot be asked for on cue
 *
 * It runs in a thread of its own, with its own main context, so the code
 * under test can wait on its requests as it would on a real server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "papers-test-proxy.h"

struct _PapersTestProxy
{
  char         *upstream;  /* scheme://host:port of Apache */
  char         *url;       /* the proxy's URL for the same folder */
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  SoupSession  *session;

  GMutex        lock;
  char         *method;
  char         *prefix;
  PapersTestProxyFault fault;
  guint         status;
  guint         times;
  guint         made;
};

/* Hop-by-hop and length headers are the proxy's own business */
static gboolean
copied_header (const char *name)
{
  static const char *const skipped[] = {
    "Host", "Connection", "Keep-Alive", "Content-Length", "Transfer-Encoding", "Accept-Encoding",
    "Content-Encoding",
  };

  for (guint i = 0; i < G_N_ELEMENTS (skipped); i++)
    if (g_ascii_strcasecmp (name, skipped[i]) == 0)
      return FALSE;
  return TRUE;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    data)
{
  if (copied_header (name))
    soup_message_headers_append (data, name, value);
}

/* Whether this request gets the fault, counting it */
static PapersTestProxyFault
take_fault (PapersTestProxy *self,
            const char      *method,
            const char      *path,
            guint           *status)
{
  PapersTestProxyFault fault = PAPERS_TEST_PROXY_NONE;
  const char *name = strrchr (path, '/');

  name = name != NULL ? name + 1 : path;
  g_mutex_lock (&self->lock);
  if (self->fault != PAPERS_TEST_PROXY_NONE && self->made < self->times &&
      g_strcmp0 (self->method, method) == 0 && g_str_has_prefix (name, self->prefix))
    {
      self->made++;
      fault = self->fault;
      *status = self->status;
    }
  g_mutex_unlock (&self->lock);
  return fault;
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
}

static void
proxy_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  PapersTestProxy *self = data;
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *url = g_strconcat (self->upstream, path, NULL);
  g_autoptr(SoupMessage) forward = soup_message_new (method, url);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  PapersTestProxyFault fault;
  guint status = 0;
  gsize size;
  const char *type;

  fault = take_fault (self, method, path, &status);
  if (fault == PAPERS_TEST_PROXY_STATUS)
    {
      soup_server_message_set_status (msg, status, NULL);
      return;
    }
  if (fault == PAPERS_TEST_PROXY_DROP)
    {
      drop_connection (msg);
      return;
    }

  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                soup_message_get_request_headers (forward));
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (
      forward, soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL), body);
  reply = soup_session_send_and_read (self->session, forward, NULL, &error);
  if (reply == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
      return;
    }
  /* The request reached Apache and was done; only its answer is lost */
  if (fault == PAPERS_TEST_PROXY_DROP_ANSWER)
    {
      drop_connection (msg);
      return;
    }
  soup_server_message_set_status (msg, soup_message_get_status (forward), NULL);
  soup_message_headers_foreach (soup_message_get_response_headers (forward), copy_header,
                                soup_server_message_get_response_headers (msg));
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (forward), NULL);
  if (type == NULL)
    type = "application/octet-stream";
  size = g_bytes_get_size (reply);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, g_bytes_get_data (reply, NULL), size);
}

typedef struct
{
  PapersTestProxy *self;
  GError          *error;
  GMutex           lock;
  GCond            cond;
  gboolean         ready;
} Start;

static gpointer
proxy_thread (gpointer data)
{
  Start *start = data;
  PapersTestProxy *self = start->self;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *port = NULL;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new (NULL, NULL);
  self->session = soup_session_new ();
  soup_server_add_handler (self->server, NULL, proxy_cb, self, NULL);
  if (soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &start->error))
    {
      g_autoptr(GUri) upstream = NULL;
      GUri *uri;

      uris = soup_server_get_uris (self->server);
      uri = uris->data;
      upstream = g_uri_parse (self->upstream, G_URI_FLAGS_NONE, NULL);
      self->url = g_strdup_printf ("http://127.0.0.1:%d%s", g_uri_get_port (uri), g_uri_get_path (upstream));
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
      /* Apache's folder is reached by the same path, at Apache's origin */
      g_free (self->upstream);
      self->upstream = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (upstream), g_uri_get_host (upstream),
                                        g_uri_get_port (upstream));
    }
  g_mutex_lock (&start->lock);
  start->ready = TRUE;
  g_cond_signal (&start->cond);
  g_mutex_unlock (&start->lock);
  if (self->url != NULL)
    g_main_loop_run (self->loop);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->session);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * papers_test_proxy_start:
 * @upstream: the URL of the folder on the test Apache
 *
 * Returns: (transfer full): a proxy passing everything on, until told to
 *   make a fault
 */
PapersTestProxy *
papers_test_proxy_start (const char  *upstream,
                         GError     **error)
{
  PapersTestProxy *self = g_new0 (PapersTestProxy, 1);
  Start start = { self, NULL };

  g_mutex_init (&self->lock);
  g_mutex_init (&start.lock);
  g_cond_init (&start.cond);
  self->upstream = g_strdup (upstream);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-proxy", proxy_thread, &start);
  g_mutex_lock (&start.lock);
  while (!start.ready)
    g_cond_wait (&start.cond, &start.lock);
  g_mutex_unlock (&start.lock);
  g_mutex_clear (&start.lock);
  g_cond_clear (&start.cond);
  if (start.error != NULL)
    {
      g_propagate_error (error, start.error);
      papers_test_proxy_stop (self);
      return NULL;
    }
  return self;
}

const char *
papers_test_proxy_get_url (PapersTestProxy *self)
{
  return self->url;
}

/**
 * papers_test_proxy_set_fault:
 * @method: the requests it applies to ("PUT", "GET", "PROPFIND")
 * @prefix: of the file names it applies to ("" for all)
 * @status: for %PAPERS_TEST_PROXY_STATUS, the status answered
 * @times: how many requests get it; %G_MAXUINT for all
 *
 * Replaces the fault before, and counts from 0 again.
 */
void
papers_test_proxy_set_fault (PapersTestProxy      *self,
                             PapersTestProxyFault  fault,
                             const char           *method,
                             const char           *prefix,
                             guint                 status,
                             guint                 times)
{
  g_mutex_lock (&self->lock);
  self->fault = fault;
  g_free (self->method);
  self->method = g_strdup (method);
  g_free (self->prefix);
  self->prefix = g_strdup (prefix);
  self->status = status;
  self->times = times;
  self->made = 0;
  g_mutex_unlock (&self->lock);
}

/* Returns: how many requests got the fault since it was set */
guint
papers_test_proxy_get_made (PapersTestProxy *self)
{
  guint made;

  g_mutex_lock (&self->lock);
  made = self->made;
  g_mutex_unlock (&self->lock);
  return made;
}

void
papers_test_proxy_stop (PapersTestProxy *self)
{
  if (self == NULL)
    return;
  g_main_loop_quit (self->loop);
  g_main_context_wakeup (self->context);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_free (self->method);
  g_free (self->prefix);
  g_free (self->upstream);
  g_free (self->url);
  g_free (self);
}
