/* test-dav.c: the WebDAV client against a real Apache httpd with mod_dav
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "papers-dav-client.h"
#include "papers-sync-crypto.h"
#include "papers-test-dav.h"
#include "papers-test-wait.h"

typedef struct
{
  PapersTestDav   *server;
  PapersDavClient *client;
} Fixture;

static GAsyncResult *
wait_result (GAsyncResult **slot,
             const char    *what)
{
  papers_test_wait_until (papers_test_flag_set, slot, what);
  return *slot;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Each call runs one request to its end on the default main context */
static GPtrArray *
do_list (PapersDavClient *client, const char *path, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  papers_dav_client_list_async (client, path, NULL, store_result, &result);
  return papers_dav_client_list_finish (client, wait_result (&result, "PROPFIND"), error);
}

static gboolean
do_mkcol (PapersDavClient *client, const char *path, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  papers_dav_client_mkcol_async (client, path, NULL, store_result, &result);
  return papers_dav_client_mkcol_finish (client, wait_result (&result, "MKCOL"), error);
}

static char *
do_put (PapersDavClient *client, const char *path, GBytes *body, const char *etag, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  papers_dav_client_put_async (client, path, body, etag, NULL, store_result, &result);
  return papers_dav_client_put_finish (client, wait_result (&result, "PUT"), error);
}

static GBytes *
do_get (PapersDavClient *client, const char *path, char **etag, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  papers_dav_client_get_async (client, path, G_MAXSIZE, NULL, store_result, &result);
  return papers_dav_client_get_finish (client, wait_result (&result, "GET"), etag, error);
}

static gboolean
do_delete (PapersDavClient *client, const char *path, const char *etag, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  papers_dav_client_delete_async (client, path, etag, NULL, store_result, &result);
  return papers_dav_client_delete_finish (client, wait_result (&result, "DELETE"), error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = papers_test_dav_start (&error);
  if (fixture->server == NULL)
    {
      /* Only when Apache is not installed at all; papers-env has it */
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_test_skip (error->message);
      return;
    }
  fixture->client = papers_dav_client_new (papers_test_dav_get_url (fixture->server),
                                           PAPERS_TEST_DAV_USER, PAPERS_TEST_DAV_PASSWORD, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, papers_test_dav_stop);
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* Sets a file's modification time a minute back */
static void
age_file (PapersTestDav *server,
          const char    *name)
{
  g_autofree char *path = g_build_filename (papers_test_dav_get_folder (server), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                               g_get_real_time () / G_USEC_PER_SEC - 60,
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
}

/* Create, list, get and replace, each write conditional on the ETag */
static void
test_files (Fixture       *fixture,
            gconstpointer  data)
{
  PapersDavClient *client = fixture->client;
  g_autoptr(GBytes) one = text_bytes ("first"), two = text_bytes ("second"), three = text_bytes ("third");
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL, *etag2 = NULL, *got_etag = NULL, *none = NULL;
  PapersDavEntry *entry = NULL;

  if (fixture->server == NULL)
    return;

  g_assert_true (do_mkcol (client, "log", &error));
  g_assert_no_error (error);
  /* Again: it is there, which is what was asked */
  g_assert_true (do_mkcol (client, "log", &error));
  g_assert_no_error (error);

  etag = do_put (client, "log/0001 seg", one, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (etag);
  g_test_message ("ETag after PUT: %s", etag);

  /* Apache marks the ETag of a file changed within the last second weak,
   * and a weak ETag never satisfies If-Match (a replacement that soon
   * gets a 412, and the caller reads the file again): the file is made
   * older, as it would be by the next sync, and its ETag read again */
  age_file (fixture->server, "log/0001 seg");
  g_clear_pointer (&etag, g_free);
  entries = do_list (client, "log", &error);
  g_assert_no_error (error);
  etag = g_strdup (((PapersDavEntry *) entries->pdata[0])->etag);
  g_assert_false (g_str_has_prefix (etag, "W/"));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A new file never replaces one that appeared meanwhile */
  none = do_put (client, "log/0001 seg", two, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_PRECONDITION_FAILED);
  g_clear_error (&error);

  entries = do_list (client, "log", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->name, ==, "0001 seg");
  g_assert_false (entry->is_folder);
  g_assert_cmpstr (entry->etag, ==, etag);
  g_assert_cmpint (entry->size, ==, 5);
  g_clear_pointer (&entries, g_ptr_array_unref);

  entries = do_list (client, "", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((PapersDavEntry *) entries->pdata[0])->name, ==, "log");
  g_assert_true (((PapersDavEntry *) entries->pdata[0])->is_folder);

  got = do_get (client, "log/0001 seg", &got_etag, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, one));
  g_assert_cmpstr (got_etag, ==, etag);

  etag2 = do_put (client, "log/0001 seg", two, etag, &error);
  g_assert_no_error (error);
  g_assert_nonnull (etag2);
  g_assert_cmpstr (etag2, !=, etag);

  /* A replacement based on what is no longer there is refused */
  none = do_put (client, "log/0001 seg", three, etag, &error);
  g_assert_null (none);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_PRECONDITION_FAILED);
  g_clear_error (&error);
  g_clear_pointer (&got, g_bytes_unref);
  got = do_get (client, "log/0001 seg", NULL, &error);
  g_assert_true (g_bytes_equal (got, two));

  g_assert_false (do_delete (client, "log/0001 seg", etag, &error));
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_PRECONDITION_FAILED);
  g_clear_error (&error);
  age_file (fixture->server, "log/0001 seg");
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = do_list (client, "log", &error);
  g_free (etag2);
  etag2 = g_strdup (((PapersDavEntry *) entries->pdata[0])->etag);
  g_assert_true (do_delete (client, "log/0001 seg", etag2, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, g_bytes_unref);
  got = do_get (client, "log/0001 seg", NULL, &error);
  g_assert_null (got);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_NOT_FOUND);
}

/* An encrypted segment goes up and comes back whole */
static void
test_encrypted (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PapersSyncKey) key = NULL, unlocked = NULL;
  g_autoptr(GBytes) header = NULL, plain = text_bytes ("{\"format\":1}"), sealed = NULL, got = NULL, opened = NULL;
  g_autoptr(GBytes) got_header = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL, *etag2 = NULL;
  const char *passphrase = g_getenv ("PAPERS_SYNC_PASSPHRASE");

  if (fixture->server == NULL)
    return;
  if (passphrase == NULL)
    passphrase = "a long passphrase";

  header = papers_sync_header_new (passphrase, 1, 8192, &key, &error);
  g_assert_no_error (error);
  etag = do_put (fixture->client, "papers-sync.json", header, NULL, &error);
  g_assert_no_error (error);
  sealed = papers_sync_encrypt (key, "log/0123456789abcdef/1", plain);
  g_assert_true (do_mkcol (fixture->client, "log", &error));
  etag2 = do_put (fixture->client, "log/1", sealed, NULL, &error);
  g_assert_no_error (error);

  got_header = do_get (fixture->client, "papers-sync.json", NULL, &error);
  g_assert_no_error (error);
  unlocked = papers_sync_header_unlock (got_header, passphrase, &error);
  g_assert_no_error (error);
  got = do_get (fixture->client, "log/1", NULL, &error);
  g_assert_no_error (error);
  opened = papers_sync_decrypt (unlocked, "log/0123456789abcdef/1", got, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (opened, plain));
  /* The server holds no plain text */
  g_assert_null (g_strstr_len (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "format"));
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PapersDavClient) client = NULL;
  g_autoptr(PapersDavClient) anonymous = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->server == NULL)
    return;
  client = papers_dav_client_new (papers_test_dav_get_url (fixture->server),
                                  PAPERS_TEST_DAV_USER, "wrong", &error);
  entries = do_list (client, "", &error);
  g_assert_null (entries);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "password"));
  g_clear_error (&error);

  anonymous = papers_dav_client_new (papers_test_dav_get_url (fixture->server), NULL, NULL, &error);
  entries = do_list (anonymous, "", &error);
  g_assert_null (entries);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_UNAUTHORIZED);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  if (fixture->server == NULL)
    return;
  got = do_get (fixture->client, "log/nothing", NULL, &error);
  g_assert_null (got);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  entries = do_list (fixture->client, "snapshots", &error);
  g_assert_null (entries);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A path never leaves the sync folder */
  got = do_get (fixture->client, "log/../../etc/passwd", NULL, &error);
  g_assert_null (got);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_NOT_FOUND);
}

/* Someone deleted the sync folder on the server */
static void
test_folder_deleted (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = text_bytes ("x");
  g_autofree char *etag = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *rm = NULL;

  if (fixture->server == NULL)
    return;
  g_assert_true (do_mkcol (fixture->client, "log", &error));
  rm = g_strdup_printf ("rm -rf '%s'", papers_test_dav_get_folder (fixture->server));
  g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));

  etag = do_put (fixture->client, "log/1", body, NULL, &error);
  g_assert_null (etag);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_MISSING_FOLDER);
  g_clear_error (&error);
  entries = do_list (fixture->client, "", &error);
  g_assert_null (entries);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_NOT_FOUND);
}

/* Larger than every socket buffer on the way, so the transfer is still
 * going when the server dies */
#define BIG_BYTES ((gsize) 48 * 1024 * 1024)

typedef struct
{
  PapersTestDav *server;
  gsize          after;
  gboolean       killed;
} KillAt;

static void
kill_at_cb (gsize    transferred,
            gpointer data)
{
  KillAt *kill_at = data;

  if (!kill_at->killed && transferred >= kill_at->after)
    {
      kill_at->killed = TRUE;
      papers_test_dav_kill (kill_at->server);
    }
}

static void
test_killed_during_upload (Fixture       *fixture,
                           gconstpointer  data)
{
  KillAt kill_at = { fixture->server, 1024 * 1024, FALSE };
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL, *partial = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  if (fixture->server == NULL)
    return;
  big = g_bytes_new_take (g_malloc0 (BIG_BYTES), BIG_BYTES);
  papers_dav_client_set_progress (fixture->client, kill_at_cb, &kill_at);
  etag = do_put (fixture->client, "big", big, NULL, &error);
  g_assert_true (kill_at.killed);
  g_assert_null (etag);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_CONNECTION_LOST);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* mod_dav_fs writes to a temporary file: no partial file is visible */
  partial = g_build_filename (papers_test_dav_get_folder (fixture->server), "big", NULL);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  /* The server is gone now */
  papers_dav_client_set_progress (fixture->client, NULL, NULL);
  entries = do_list (fixture->client, "", &error);
  g_assert_null (entries);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_OFFLINE);
}

static void
test_killed_during_download (Fixture       *fixture,
                             gconstpointer  data)
{
  KillAt kill_at = { fixture->server, 1, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autofree char *path = NULL, *content = NULL;

  if (fixture->server == NULL)
    return;
  path = g_build_filename (papers_test_dav_get_folder (fixture->server), "big", NULL);
  content = g_malloc0 (BIG_BYTES);
  g_assert_true (g_file_set_contents (path, content, BIG_BYTES, NULL));
  papers_test_dav_own (fixture->server, path);

  papers_dav_client_set_progress (fixture->client, kill_at_cb, &kill_at);
  got = do_get (fixture->client, "big", NULL, &error);
  g_assert_true (kill_at.killed);
  g_assert_null (got);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_CONNECTION_LOST);
}

/* A file locked by another client: 423 */
static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  static const char lockinfo[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
    "<D:locktype><D:write/></D:locktype><D:owner>another program</D:owner></D:lockinfo>";
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) lock = NULL;
  g_autoptr(GBytes) request = g_bytes_new_static (lockinfo, sizeof lockinfo - 1);
  g_autoptr(GBytes) reply = NULL, body = text_bytes ("mine");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *pair = NULL, *encoded = NULL, *auth = NULL, *etag = NULL, *none = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  if (fixture->server == NULL)
    return;

  g_free (do_put (fixture->client, "locked", body, NULL, &error));
  g_assert_no_error (error);
  /* With a strong ETag, so the lock is the only reason to refuse */
  age_file (fixture->server, "locked");
  entries = do_list (fixture->client, "", &error);
  g_assert_no_error (error);
  etag = g_strdup (((PapersDavEntry *) entries->pdata[0])->etag);

  url = g_strconcat (papers_test_dav_get_url (fixture->server), "locked", NULL);
  lock = soup_message_new ("LOCK", url);
  pair = g_strdup_printf ("%s:%s", PAPERS_TEST_DAV_USER, PAPERS_TEST_DAV_PASSWORD);
  encoded = g_base64_encode ((const guint8 *) pair, strlen (pair));
  auth = g_strconcat ("Basic ", encoded, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (lock), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (lock), "Timeout", "Second-600");
  soup_message_set_request_body_from_bytes (lock, "application/xml", request);
  reply = soup_session_send_and_read (session, lock, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (lock), ==, 200);

  none = do_put (fixture->client, "locked", body, etag, &error);
  g_assert_null (none);
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_LOCKED);
}

static void
test_insecure (void)
{
  const char *refused[] = {
    "http://example.org/dav/", "ftp://127.0.0.1/", "file:///tmp/", "http:///dav", "not a url",
    "https://example.org/dav/?q=1",
  };
  g_autoptr(PapersDavClient) ok = NULL, local = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(PapersDavClient) client = papers_dav_client_new (refused[i], "u", "p", &error);
      g_assert_null (client);
      g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_INSECURE);
      g_clear_error (&error);
    }
  ok = papers_dav_client_new ("https://cloud.example.org/remote.php/dav/files/ada/Papers", "u", "p", &error);
  g_assert_no_error (error);
  local = papers_dav_client_new ("http://[::1]:8080/dav", "u", "p", &error);
  g_assert_no_error (error);
}

/* What PROPFIND answers may hold, good and bad */
static void
test_multistatus (void)
{
  const char *good =
    "<?xml version=\"1.0\"?><D:multistatus xmlns:D=\"DAV:\">"
    "<D:response><D:href>/dav/log/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype>"
    "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
    "<D:response><D:href>http://host/dav/log/a%20b</D:href><D:propstat><D:prop><D:getetag>\"e1\"</D:getetag>"
    "<D:getcontentlength>12</D:getcontentlength><D:resourcetype/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"
    "<D:propstat><D:prop><D:getetag>\"nope\"</D:getetag></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>"
    "<D:response><D:href>/dav/log/sub/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype>"
    "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
    "<D:response><D:href>/dav/log/sub/deeper</D:href></D:response>"
    "<D:response><D:href>/elsewhere/x</D:href></D:response>"
    "<D:response><D:href>/dav/log/%FF</D:href></D:response>"
    "<D:response></D:response><other xmlns=\"urn:x\"/>"
    "</D:multistatus>";
  const char *bad[] = {
    "", "not xml", "<html><body>It works!</body></html>",
    "<multistatus/>",                                         /* no DAV: namespace */
    "<?xml version=\"1.0\"?><D:multistatus xmlns:D=\"DAV:\">", /* truncated */
    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (good, strlen (good));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = papers_dav_parse_multistatus (bytes, "/dav/log/", &error);
  PapersDavEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->name, ==, "a b");
  g_assert_cmpstr (entry->etag, ==, "\"e1\"");
  g_assert_cmpint (entry->size, ==, 12);
  g_assert_false (entry->is_folder);
  entry = entries->pdata[1];
  g_assert_cmpstr (entry->name, ==, "sub");
  g_assert_true (entry->is_folder);
  g_assert_null (entry->etag);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) b = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GPtrArray) none = NULL;

      g_clear_error (&error);
      none = papers_dav_parse_multistatus (b, "/dav/log/", &error);
      g_assert_null (none);
      g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_BAD_RESPONSE);
    }

  /* Huge: many responses, each checked, none directly in the folder */
  {
    GString *many = g_string_new ("<D:multistatus xmlns:D=\"DAV:\">");
    g_autoptr(GBytes) b = NULL;
    g_autoptr(GPtrArray) some = NULL;

    for (int i = 0; i < 100000; i++)
      g_string_append (many, "<D:response><D:href>/x/y/z</D:href></D:response>");
    g_string_append (many, "</D:multistatus>");
    b = g_string_free_to_bytes (many);
    g_clear_error (&error);
    some = papers_dav_parse_multistatus (b, "/dav/log/", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (some->len, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sync/dav/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("files", test_files);
  ADD ("encrypted", test_encrypted);
  ADD ("wrong-password", test_wrong_password);
  ADD ("not-found", test_not_found);
  ADD ("folder-deleted", test_folder_deleted);
  ADD ("killed-during-upload", test_killed_during_upload);
  ADD ("killed-during-download", test_killed_during_download);
  ADD ("locked", test_locked);
#undef ADD
  g_test_add_func ("/sync/dav/insecure", test_insecure);
  g_test_add_func ("/sync/dav/multistatus", test_multistatus);

  return g_test_run ();
}
