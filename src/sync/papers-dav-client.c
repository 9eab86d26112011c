/* papers-dav-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "papers-dav-client.h"
#include "papers-http.h"

/* A WebDAV client on its own SoupSession, following the rules of the
 * sources' HTTP core (papers-http.c, whose GET-only, per-service queue
 * does not fit methods with bodies): HTTPS only, plain HTTP only to the
 * loopback interface; certificates checked (no accept-certificate
 * handler); an I/O timeout; no redirect followed (one could leave
 * HTTPS, and WebDAV servers do not redirect the requests made here).
 *
 * Writes are conditional, so nothing is overwritten by accident: a new
 * file is PUT with "If-None-Match: *" and a replacement with "If-Match:
 * ETAG"; a 412 says the file changed (or appeared) since it was read.
 * Basic authentication is sent with every request: the caller provides
 * the credentials (from the keyring, or PAPERS_SYNC_USER/PASSWORD).
 *
 * Every failure is a PAPERS_DAV_ERROR with a translatable message; the
 * raw detail goes to g_debug. */

G_DEFINE_QUARK (papers-dav-error-quark, papers_dav_error)

#define DEFAULT_TIMEOUT_SECONDS 30
#define READ_CHUNK (64 * 1024)

struct _PapersDavClient
{
  GObject            parent_instance;

  SoupSession       *session;
  GUri              *base;
  char              *authorization;
  PapersDavProgress  progress;
  gpointer           progress_data;
};

G_DEFINE_FINAL_TYPE (PapersDavClient, papers_dav_client, G_TYPE_OBJECT)

typedef enum
{
  DAV_LIST,
  DAV_MKCOL,
  DAV_PUT,
  DAV_GET,
  DAV_DELETE,
} DavKind;

typedef struct
{
  DavKind       kind;
  char         *path;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  gsize         max_bytes;
  gboolean      sending;     /* the request body had started to go up */
  gsize         sent;
  GBytes       *put_body;    /* a PUT's body, set again when resent */
  char         *etag;        /* of the file written, for PUT */
} DavJob;

static void
dav_job_free (DavJob *job)
{
  g_free (job->path);
  g_free (job->etag);
  g_clear_object (&job->message);
  g_clear_object (&job->stream);
  g_clear_pointer (&job->body, g_byte_array_unref);
  g_clear_pointer (&job->put_body, g_bytes_unref);
  g_free (job);
}

void
papers_dav_entry_free (PapersDavEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  g_free (entry->etag);
  g_free (entry);
}

static void
papers_dav_client_finalize (GObject *object)
{
  PapersDavClient *self = PAPERS_DAV_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base, g_uri_unref);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);

  G_OBJECT_CLASS (papers_dav_client_parent_class)->finalize (object);
}

static void
papers_dav_client_class_init (PapersDavClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = papers_dav_client_finalize;
}

static void
papers_dav_client_init (PapersDavClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 "timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", 60,
                                                 NULL);
}

/**
 * papers_dav_client_new:
 * @base_url: the sync folder, for example
 *   "https://cloud.example.org/remote.php/dav/files/ada/Papers/"
 * @user: (nullable): the user name for basic authentication
 * @password: (nullable): its password
 *
 * Returns: (transfer full): a client, or %NULL with
 *   %PAPERS_DAV_ERROR_INSECURE for an address Papers may not use
 */
PapersDavClient *
papers_dav_client_new (const char  *base_url,
                       const char  *user,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(PapersDavClient) self = g_object_new (PAPERS_TYPE_DAV_CLIENT, NULL);
  g_autofree char *with_slash = NULL;
  g_autoptr(GUri) uri = NULL;

  with_slash = g_str_has_suffix (base_url, "/") ? g_strdup (base_url) : g_strconcat (base_url, "/", NULL);
  uri = g_uri_parse (with_slash, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || !papers_http_uri_is_allowed (uri) ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_INSECURE,
                   _("The sync server’s address must start with https:// (plain http:// only to this computer)."));
      return NULL;
    }
  self->base = g_steal_pointer (&uri);

  if (user != NULL && *user != '\0')
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", user, password ? password : "");
      g_autofree char *encoded = g_base64_encode ((const guint8 *) pair, strlen (pair));

      self->authorization = g_strconcat ("Basic ", encoded, NULL);
      memset (pair, 0, strlen (pair));
    }
  return g_steal_pointer (&self);
}

void
papers_dav_client_set_timeout (PapersDavClient *self,
                               guint            seconds)
{
  soup_session_set_timeout (self->session, seconds);
}

/**
 * papers_dav_client_set_progress:
 * @progress: (nullable): called as request bodies go up and response
 *   bodies come down, with the bytes so far
 */
void
papers_dav_client_set_progress (PapersDavClient   *self,
                                PapersDavProgress  progress,
                                gpointer           user_data)
{
  self->progress = progress;
  self->progress_data = user_data;
}

/* ---- Errors --------------------------------------------------------------- */

static GError *
map_transport_error (const GError *error,
                     gboolean      started)
{
  g_debug ("WebDAV: transport error (%s, %s): %s", g_quark_to_string (error->domain),
           started ? "transferring" : "connecting", error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_TIMEOUT,
                        _("The sync server did not answer in time. Papers will try again later."));
  if (error->domain == G_TLS_ERROR)
    return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_INSECURE,
                        _("A secure connection to the sync server could not be established."));
  if (!started &&
      (error->domain == G_RESOLVER_ERROR ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE)))
    return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_OFFLINE,
                        _("Could not reach the sync server. Check the address and your internet connection."));
  return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_CONNECTION_LOST,
                      _("The connection to the sync server was lost. Papers will try again; nothing was lost."));
}

static GError *
status_error (guint       status,
              const char *path)
{
  g_debug ("WebDAV: HTTP status %u for %s", status, path);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_UNAUTHORIZED,
                          _("The sync server did not accept the user name or password."));
    case SOUP_STATUS_FORBIDDEN:
      return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_FORBIDDEN,
                          _("The sync server does not allow this account to change “%s”."), path);
    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_NOT_FOUND,
                          _("“%s” is not on the sync server."), path);
    case SOUP_STATUS_CONFLICT:
      return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_MISSING_FOLDER,
                          _("The folder for “%s” is missing on the sync server."), path);
    case SOUP_STATUS_PRECONDITION_FAILED:
      return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_PRECONDITION_FAILED,
                          _("“%s” changed on the sync server in the meantime; it was not overwritten."), path);
    case SOUP_STATUS_LOCKED:
      return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_LOCKED,
                          _("“%s” is locked on the sync server by another program. Papers will try again later."),
                          path);
    case SOUP_STATUS_INSUFFICIENT_STORAGE:
      return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_INSUFFICIENT_STORAGE,
                          _("The sync server is full. Free some space on it; nothing was lost."));
    default:
      if (status >= 500)
        return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_SERVER_ERROR,
                            _("The sync server has a problem right now (error %u). Papers will try again later."),
                            status);
      return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_BAD_RESPONSE,
                          _("The sync server gave an unexpected answer (status %u)."), status);
    }
}

static GError *
bad_response (const char *detail)
{
  g_debug ("WebDAV: bad response: %s", detail);
  return g_error_new (PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_BAD_RESPONSE,
                      _("The sync server’s answer could not be read. Is the address a WebDAV folder?"));
}

/* ---- Requests ------------------------------------------------------------- */

/* The address of @path (slash-separated, unescaped) under the base */
static GUri *
resolve (PapersDavClient *self,
         const char      *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GString) escaped = g_string_new (NULL);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (escaped, '/');
      /* Neither "." nor ".." nor an empty segment inside a path: a path
       * stays in the sync folder */
      if ((segments[i][0] == '\0' && segments[i + 1] != NULL && i > 0) ||
          strcmp (segments[i], ".") == 0 || strcmp (segments[i], "..") == 0)
        return NULL;
      g_string_append_uri_escaped (escaped, segments[i], NULL, FALSE);
    }
  return g_uri_parse_relative (self->base, escaped->str, SOUP_HTTP_URI_FLAGS, NULL);
}

static void
wrote_body_data_cb (SoupMessage *message,
                    guint        chunk_size,
                    GTask       *task)
{
  PapersDavClient *self = g_task_get_source_object (task);
  DavJob *job = g_task_get_task_data (task);

  job->sending = TRUE;
  job->sent += chunk_size;
  if (self->progress != NULL)
    self->progress (job->sent, self->progress_data);
}

/* libsoup sends a request again by itself when a kept-alive connection
 * drops under it; a PUT's body was read by then, and went out empty the
 * second time (an empty file on the server, taken as written) unless
 * it is set again */
static void
restarted_cb (SoupMessage *message,
              GTask       *task)
{
  DavJob *job = g_task_get_task_data (task);

  job->sent = 0;
  soup_message_set_request_body_from_bytes (message, "application/octet-stream", job->put_body);
}

static void read_next (GTask *task);

static void
finish_job (GTask *task)
{
  DavJob *job = g_task_get_task_data (task);
  guint status = soup_message_get_status (job->message);

  if (job->kind == DAV_MKCOL && status == SOUP_STATUS_METHOD_NOT_ALLOWED)
    {
      /* MKCOL on an existing collection: it is there, which is what was
       * asked */
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, status_error (status, job->path));
      return;
    }
  if (job->kind == DAV_LIST && status != SOUP_STATUS_MULTI_STATUS)
    {
      g_task_return_error (task, bad_response ("PROPFIND without 207"));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  PapersDavClient *self = g_task_get_source_object (task);
  DavJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (chunk == NULL)
    {
      g_task_return_error (task, map_transport_error (error, TRUE));
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      finish_job (task);
      return;
    }
  if (job->body->len + g_bytes_get_size (chunk) > job->max_bytes)
    {
      g_task_return_error (task, bad_response ("body over the limit"));
      return;
    }
  g_byte_array_append (job->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (self->progress != NULL)
    self->progress (job->body->len, self->progress_data);
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  DavJob *job = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (job->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
head_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(SoupMessage) head = g_object_get_data (G_OBJECT (task), "head") ?
                                g_object_ref (g_object_get_data (G_OBJECT (task), "head")) : NULL;
  DavJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  /* The file was written whatever happens here; without an ETag the
   * caller lists the folder to learn it */
  if (body != NULL && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (head)))
    job->etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (head), "ETag"));
  else
    g_debug ("WebDAV: no ETag for %s after PUT", job->path);
  g_task_return_boolean (task, TRUE);
}

static void
head_etag (GTask *task)
{
  PapersDavClient *self = g_task_get_source_object (task);
  DavJob *job = g_task_get_task_data (task);
  SoupMessage *head = soup_message_new_from_uri ("HEAD", soup_message_get_uri (job->message));

  soup_message_add_flags (head, SOUP_MESSAGE_NO_REDIRECT);
  if (self->authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (head), "Authorization",
                                  self->authorization);
  g_object_set_data_full (G_OBJECT (task), "head", head, g_object_unref);
  soup_session_send_and_read_async (self->session, head, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), head_cb, task);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  DavJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  job->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (job->stream == NULL)
    {
      g_task_return_error (task, map_transport_error (error, job->sending));
      return;
    }

  status = soup_message_get_status (job->message);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      g_task_return_error (task, bad_response ("redirected"));
      return;
    }
  if (job->kind == DAV_PUT && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      job->etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (job->message),
                                                          "ETag"));
      /* Apache's mod_dav_fs answers a PUT without the new ETag: ask for
       * it.  Only this device writes its own files, so it is the ETag of
       * what was just written. */
      if (job->etag == NULL)
        {
          head_etag (g_steal_pointer (&task));
          return;
        }
    }
  /* The body of a failure is not needed; the status says it all */
  if (!SOUP_STATUS_IS_SUCCESSFUL (status) ||
      job->kind == DAV_MKCOL || job->kind == DAV_DELETE || job->kind == DAV_PUT)
    {
      finish_job (task);
      return;
    }
  g_clear_pointer (&job->body, g_byte_array_unref);
  job->body = g_byte_array_new ();
  read_next (g_steal_pointer (&task));
}

static void
start (PapersDavClient     *self,
       DavKind              kind,
       const char          *method,
       const char          *path,
       GBytes              *body,
       const char          *etag,
       gsize                max_bytes,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GUri) uri = resolve (self, path);
  SoupMessageHeaders *headers;
  DavJob *job;

  g_task_set_source_tag (task, source_tag);
  if (uri == NULL)
    {
      g_task_return_new_error (task, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_NOT_FOUND,
                               _("“%s” is not on the sync server."), path);
      return;
    }

  job = g_new0 (DavJob, 1);
  job->kind = kind;
  job->path = g_strdup (path);
  job->max_bytes = max_bytes;
  job->message = soup_message_new_from_uri (method, uri);
  g_task_set_task_data (task, job, (GDestroyNotify) dav_job_free);

  soup_message_add_flags (job->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (job->message);
  if (self->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", self->authorization);

  switch (kind)
    {
    case DAV_LIST:
      {
        static const char propfind[] =
          "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
          "<d:propfind xmlns:d=\"DAV:\"><d:prop>"
          "<d:resourcetype/><d:getetag/><d:getcontentlength/>"
          "</d:prop></d:propfind>";
        g_autoptr(GBytes) request = g_bytes_new_static (propfind, sizeof propfind - 1);

        soup_message_headers_replace (headers, "Depth", "1");
        soup_message_set_request_body_from_bytes (job->message, "application/xml; charset=utf-8", request);
        break;
      }
    case DAV_PUT:
    case DAV_DELETE:
      /* Writes are conditional: on the version the caller saw, or, for a
       * PUT without one, on there being no file yet */
      if (etag != NULL)
        soup_message_headers_replace (headers, "If-Match", etag);
      else if (kind == DAV_PUT)
        soup_message_headers_replace (headers, "If-None-Match", "*");
      if (kind == DAV_PUT)
        {
          job->put_body = g_bytes_ref (body);
          soup_message_set_request_body_from_bytes (job->message, "application/octet-stream", body);
          g_signal_connect (job->message, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), task);
          g_signal_connect (job->message, "restarted", G_CALLBACK (restarted_cb), task);
        }
      break;
    case DAV_MKCOL:
    case DAV_GET:
    default:
      break;
    }

  soup_session_send_async (self->session, job->message, G_PRIORITY_DEFAULT, cancellable,
                           send_cb, g_steal_pointer (&task));
}

static DavJob *
finish_common (PapersDavClient  *self,
               GAsyncResult     *result,
               gpointer          source_tag,
               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}

/**
 * papers_dav_client_list_async:
 * @path: a folder under the base ("" for the base itself)
 *
 * Lists the folder's members (PROPFIND, Depth: 1).
 */
void
papers_dav_client_list_async (PapersDavClient     *self,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *folder = g_str_has_suffix (path, "/") || *path == '\0'
                            ? g_strdup (path) : g_strconcat (path, "/", NULL);

  start (self, DAV_LIST, "PROPFIND", folder, NULL, NULL, PAPERS_DAV_MAX_LISTING_BYTES,
         cancellable, callback, user_data, papers_dav_client_list_async);
}

/**
 * papers_dav_client_list_finish:
 *
 * Returns: (transfer full) (element-type PapersDavEntry): the folder's
 *   members, without the folder itself
 */
GPtrArray *
papers_dav_client_list_finish (PapersDavClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  DavJob *job = finish_common (self, result, papers_dav_client_list_async, error);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GUri) uri = NULL;

  if (job == NULL)
    return NULL;
  uri = resolve (self, job->path);
  body = g_bytes_new (job->body->data, job->body->len);
  return papers_dav_parse_multistatus (body, g_uri_get_path (uri), error);
}

void
papers_dav_client_mkcol_async (PapersDavClient     *self,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  start (self, DAV_MKCOL, "MKCOL", path, NULL, NULL, 0,
         cancellable, callback, user_data, papers_dav_client_mkcol_async);
}

/**
 * papers_dav_client_mkcol_finish:
 *
 * Returns: %TRUE when the folder was made or was there already
 */
gboolean
papers_dav_client_mkcol_finish (PapersDavClient  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  return finish_common (self, result, papers_dav_client_mkcol_async, error) != NULL;
}

/**
 * papers_dav_client_put_async:
 * @etag: (nullable): the ETag of the file this replaces, or %NULL for a
 *   new file (which must not exist yet)
 */
void
papers_dav_client_put_async (PapersDavClient     *self,
                             const char          *path,
                             GBytes              *body,
                             const char          *etag,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  start (self, DAV_PUT, "PUT", path, body, etag, 0,
         cancellable, callback, user_data, papers_dav_client_put_async);
}

/**
 * papers_dav_client_put_finish:
 *
 * Returns: (transfer full) (nullable): the new ETag when the server gave
 *   one; %NULL with @error set on failure
 */
char *
papers_dav_client_put_finish (PapersDavClient  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  DavJob *job = finish_common (self, result, papers_dav_client_put_async, error);

  if (job == NULL)
    return NULL;
  return g_strdup (job->etag);
}

/**
 * papers_dav_client_get_async:
 * @max_bytes: a body larger than this is refused as it comes
 */
void
papers_dav_client_get_async (PapersDavClient     *self,
                             const char          *path,
                             gsize                max_bytes,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  start (self, DAV_GET, "GET", path, NULL, NULL, max_bytes,
         cancellable, callback, user_data, papers_dav_client_get_async);
}

/**
 * papers_dav_client_get_finish:
 * @etag: (out) (optional) (nullable): the file's ETag
 *
 * Returns: (transfer full): the file's content
 */
GBytes *
papers_dav_client_get_finish (PapersDavClient  *self,
                              GAsyncResult     *result,
                              char            **etag,
                              GError          **error)
{
  DavJob *job = finish_common (self, result, papers_dav_client_get_async, error);

  if (job == NULL)
    return NULL;
  if (etag != NULL)
    *etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (job->message), "ETag"));
  return g_bytes_new (job->body->data, job->body->len);
}

/**
 * papers_dav_client_delete_async:
 * @etag: (nullable): delete only if the file still has this ETag
 */
void
papers_dav_client_delete_async (PapersDavClient     *self,
                                const char          *path,
                                const char          *etag,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  start (self, DAV_DELETE, "DELETE", path, NULL, etag, 0,
         cancellable, callback, user_data, papers_dav_client_delete_async);
}

gboolean
papers_dav_client_delete_finish (PapersDavClient  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  return finish_common (self, result, papers_dav_client_delete_async, error) != NULL;
}

/* ---- The multistatus answer ----------------------------------------------- */

static gboolean
is_dav (xmlNode    *node,
        const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         xmlStrcmp (node->ns->href, (const xmlChar *) "DAV:") == 0 &&
         xmlStrcmp (node->name, (const xmlChar *) name) == 0;
}

static xmlNode *
dav_child (xmlNode    *parent,
           const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_dav (child, name))
      return child;
  return NULL;
}

static char *
node_text (xmlNode *node)
{
  xmlChar *content = node != NULL ? xmlNodeGetContent (node) : NULL;
  char *text = content != NULL ? g_strstrip (g_strdup ((const char *) content)) : NULL;

  xmlFree (content);
  return text;
}

/* The path of an href, absolute URL or absolute path, unescaped, without
 * a trailing slash */
static char *
href_path (const char *href)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  const char *escaped = href;

  if (!g_str_has_prefix (href, "/"))
    {
      uri = g_uri_parse (href, SOUP_HTTP_URI_FLAGS, NULL);
      if (uri == NULL)
        return NULL;
      escaped = g_uri_get_path (uri);
    }
  path = g_uri_unescape_string (escaped, NULL);
  if (path == NULL || !g_utf8_validate (path, -1, NULL))
    return NULL;
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  return g_steal_pointer (&path);
}

/**
 * papers_dav_parse_multistatus:
 * @body: a 207 Multi-Status answer to PROPFIND with Depth: 1
 * @folder_path: the path (escaped, as requested) of the folder listed
 *
 * Read as a namespace-aware libxml2 tree, without network access, entity
 * substitution or DTDs.  A member that is not directly in the folder is
 * left out; only properties reported with status 200 count.
 *
 * Returns: (transfer full) (element-type PapersDavEntry): the members, or
 *   %NULL with %PAPERS_DAV_ERROR_BAD_RESPONSE
 */
GPtrArray *
papers_dav_parse_multistatus (GBytes      *body,
                              const char  *folder_path,
                              GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_dav_entry_free);
  g_autofree char *folder = href_path (folder_path);
  xmlDoc *doc;
  xmlNode *root;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (size == 0 || size > PAPERS_DAV_MAX_LISTING_BYTES || folder == NULL)
    {
      g_propagate_error (error, bad_response ("empty or oversized multistatus"));
      return NULL;
    }
  doc = xmlReadMemory (data, (int) size, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL || !is_dav (root, "multistatus"))
    {
      xmlFreeDoc (doc);
      g_propagate_error (error, bad_response ("not a multistatus"));
      return NULL;
    }

  for (xmlNode *response = root->children; response != NULL; response = response->next)
    {
      g_autofree char *href = NULL, *path = NULL;
      PapersDavEntry *entry;
      const char *slash;

      if (!is_dav (response, "response"))
        continue;
      href = node_text (dav_child (response, "href"));
      path = href != NULL ? href_path (href) : NULL;
      if (path == NULL)
        continue;
      /* The folder itself, or something not directly in it */
      slash = strrchr (path, '/');
      if (strcmp (path, folder) == 0 || slash == NULL ||
          (gsize) (slash - path) != strlen (folder) || strncmp (path, folder, slash - path) != 0 ||
          slash[1] == '\0')
        continue;

      entry = g_new0 (PapersDavEntry, 1);
      entry->name = g_strdup (slash + 1);
      entry->size = -1;
      g_ptr_array_add (entries, entry);

      for (xmlNode *propstat = response->children; propstat != NULL; propstat = propstat->next)
        {
          g_autofree char *status = NULL;
          xmlNode *prop, *node;

          if (!is_dav (propstat, "propstat"))
            continue;
          status = node_text (dav_child (propstat, "status"));
          prop = dav_child (propstat, "prop");
          if (status == NULL || strstr (status, " 200") == NULL || prop == NULL)
            continue;
          if ((node = dav_child (prop, "resourcetype")) != NULL && dav_child (node, "collection") != NULL)
            entry->is_folder = TRUE;
          if ((node = dav_child (prop, "getetag")) != NULL)
            {
              g_free (entry->etag);
              entry->etag = node_text (node);
            }
          if ((node = dav_child (prop, "getcontentlength")) != NULL)
            {
              g_autofree char *length = node_text (node);
              guint64 value;

              if (length != NULL && g_ascii_string_to_unsigned (length, 10, 0, G_MAXINT64, &value, NULL))
                entry->size = (gint64) value;
            }
        }
    }
  xmlFreeDoc (doc);
  return g_steal_pointer (&entries);
}
