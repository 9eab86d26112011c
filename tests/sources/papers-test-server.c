/* papers-test-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/socket.h>

#include "papers-test-server.h"
#include "papers-test-wait.h"

SoupServer *
test_server_new (char **base_url)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  GUri *uri;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  uri = uris->data;
  *base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

void
test_server_reply (SoupServerMessage *msg,
                   guint              status,
                   const char        *content_type,
                   GBytes            *body)
{
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, size);
}

void
test_server_reply_text (SoupServerMessage *msg,
                        guint              status,
                        const char        *content_type,
                        const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

GBytes *
test_corpus_bytes (const char *relative)
{
  const char *dir = g_getenv ("PAPERS_CORPUS_DIR");
  g_autofree char *path = NULL;
  char *contents;
  gsize length;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, relative, NULL);
  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_bytes_new_take (contents, length);
}

/* Waits for @flag with the limit every test wait has, scaled for the
 * sanitizers and valgrind: a command line run under ASan that trains a
 * ranking can take a minute on a loaded machine. */
void
test_run_until (gboolean *flag)
{
  papers_test_wait_until (papers_test_flag_set, flag, "the test's request or command");
}

/* ---- Raw server ----------------------------------------------------------- */

struct _RawServer
{
  GSocket   *listener;
  GThread   *thread;
  char      *head;
  gsize      body_bytes;
  RawAction  action;
  gboolean   stop;
};

static gpointer
raw_thread (gpointer data)
{
  RawServer *server = data;

  while (!g_atomic_int_get (&server->stop))
    {
      g_autoptr(GSocket) client = g_socket_accept (server->listener, NULL, NULL);
      char request[8192];
      char body[4096];
      gsize sent = 0;

      if (client == NULL || g_atomic_int_get (&server->stop))
        break;

      g_socket_set_timeout (client, 10);
      /* Read the request head; its content does not matter here. */
      g_socket_receive (client, request, sizeof request, NULL, NULL);

      g_socket_send (client, server->head, strlen (server->head), NULL, NULL);
      memset (body, 'x', sizeof body);

      switch (server->action)
        {
        case RAW_CLOSE_AFTER:
        case RAW_RESET_AFTER:
        case RAW_STALL_AFTER:
          while (sent < server->body_bytes)
            {
              gssize n = g_socket_send (client, body, MIN (sizeof body, server->body_bytes - sent), NULL, NULL);
              if (n <= 0)
                break;
              sent += n;
            }
          for (guint i = 0; server->action == RAW_STALL_AFTER && i < 100 && !g_atomic_int_get (&server->stop); i++)
            g_usleep (50 * 1000);
          if (server->action == RAW_RESET_AFTER)
            {
              struct linger lg = { 1, 0 };
              /* SO_LINGER with a zero timeout makes close() send a RST. */
              setsockopt (g_socket_get_fd (client), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
            }
          g_socket_close (client, NULL);
          break;
        case RAW_STALL:
          for (guint i = 0; i < 100 && !g_atomic_int_get (&server->stop); i++)
            g_usleep (50 * 1000);
          g_socket_close (client, NULL);
          break;
        case RAW_ENDLESS:
          while (!g_atomic_int_get (&server->stop) &&
                 g_socket_send (client, body, sizeof body, NULL, NULL) > 0)
            ;
          g_socket_close (client, NULL);
          break;
        case RAW_TRICKLE:
          while (!g_atomic_int_get (&server->stop) && g_socket_send (client, " ", 1, NULL, NULL) > 0)
            g_usleep (50 * 1000);
          g_socket_close (client, NULL);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return NULL;
}

RawServer *
raw_server_start (const char *head,
                  gsize       body_bytes,
                  RawAction   action,
                  char      **base_url)
{
  RawServer *server = g_new0 (RawServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (server->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (server->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (server->listener, &error);
  g_assert_no_error (error);

  server->head = g_strdup (head);
  server->body_bytes = body_bytes;
  server->action = action;
  *base_url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  server->thread = g_thread_new ("raw-server", raw_thread, server);
  return server;
}

void
raw_server_stop (RawServer *server)
{
  g_atomic_int_set (&server->stop, TRUE);
  /* Wake the accept() with a connection of our own. */
  g_socket_shutdown (server->listener, TRUE, TRUE, NULL);
  {
    g_autoptr(GSocketAddress) bound = g_socket_get_local_address (server->listener, NULL);
    g_autoptr(GSocket) poke = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
    if (bound != NULL && poke != NULL)
      g_socket_connect (poke, bound, NULL, NULL);
  }
  g_thread_join (server->thread);
  g_object_unref (server->listener);
  g_free (server->head);
  g_free (server);
}

/* An address where nothing listens: bind a port, then let it go. */
char *
test_closed_port_url (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  guint port;

  g_socket_bind (socket, address, TRUE, NULL);
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}
