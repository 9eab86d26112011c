/* test-sync-pdfs.c: the library's PDFs through sync (papers-sync-pdfs.c),
 * between devices of their own, through a real Apache mod_dav on
 * loopback, some through the fault proxy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "papers-dav-client.h"
#include "papers-download.h"
#include "papers-store-state.h"
#include "papers-store-wait.h"
#include "papers-sync-crypto.h"
#include "papers-sync-engine.h"
#include "papers-sync-pdfs.h"
#include "papers-test-dav.h"
#include "papers-test-proxy.h"

#define PASSPHRASE "a long passphrase for the tests"
#define PAPER "2410.00001"
#define OTHER "2410.00002"

typedef struct
{
  PapersTestDav *server;
  PapersStore   *a;
  PapersStore   *b;
  char          *dir;
} Fixture;

static PapersStore *
new_device (Fixture    *fixture,
            const char *name)
{
  g_autofree char *base = g_strconcat (name, ".db", NULL);
  g_autofree char *path = g_build_filename (fixture->dir, base, NULL);
  g_autoptr(GError) error = NULL;
  PapersStore *store = papers_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

/* Where B's fetched PDFs go: the reader's downloads */
static void
forget_fetched (void)
{
  const char *ids[] = { PAPER, OTHER };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *path = papers_download_path_for_id (NULL, ids[i]);
      g_autofree char *part = g_strconcat (path, ".sync-part", NULL);

      g_unlink (path);
      g_unlink (part);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *tmp = g_getenv ("PAPERS_TEST_TMPDIR");
  g_autofree char *template = g_build_filename (tmp ? tmp : g_get_tmp_dir (), "sync-pdfs-XXXXXX", NULL);

  fixture->server = papers_test_dav_start (&error);
  if (fixture->server == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_test_skip (error->message);
      return;
    }
  fixture->dir = g_mkdtemp (g_steal_pointer (&template));
  g_assert_nonnull (fixture->dir);
  fixture->a = new_device (fixture, "a");
  fixture->b = new_device (fixture, "b");
  forget_fetched ();
  papers_sync_set_pdfs_in_advance (FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->a);
  g_clear_object (&fixture->b);
  g_clear_pointer (&fixture->server, papers_test_dav_stop);
  if (fixture->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (fixture->dir);
      g_clear_pointer (&fixture->dir, g_free);
    }
  forget_fetched ();
  papers_sync_drop_cached_state ();
}

static gboolean
sync_to (const char       *url,
         PapersStore      *store,
         PapersSyncStats  *stats,
         GError          **error)
{
  PapersSyncStats ignored;

  return papers_sync_run (store, url, PAPERS_TEST_DAV_USER, PAPERS_TEST_DAV_PASSWORD, PASSPHRASE,
                          stats ? stats : &ignored, error);
}

static void
sync_ok (Fixture         *fixture,
         PapersStore     *store,
         PapersSyncStats *stats)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = sync_to (papers_test_dav_get_url (fixture->server), store, stats, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

/* A paper in A's library with a PDF of @size bytes (random at its start
 * and end, a hole between for the large ones); returns the file's path */
static char *
add_paper_with_pdf (Fixture    *fixture,
                    const char *id,
                    gsize       size,
                    char      **sha256)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_strconcat (id, ".pdf", NULL);
  char *path = g_build_filename (fixture->dir, base, NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GMappedFile) mapped = NULL;
  PapersPaper *paper = papers_paper_new (id);
  FILE *file = g_fopen (path, "wb");
  guint8 head[4096];

  for (gsize i = 0; i < sizeof head; i++)
    head[i] = (guint8) g_test_rand_int ();
  g_assert_nonnull (file);
  fwrite (head, 1, MIN (size, sizeof head), file);
  if (size > 2 * sizeof head)
    {
      g_assert_cmpint (fseeko (file, (off_t) (size - sizeof head), SEEK_SET), ==, 0);
      fwrite (head, 1, sizeof head, file);
    }
  else if (size > sizeof head)
    fwrite (head, 1, size - sizeof head, file);
  fclose (file);
  mapped = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  g_checksum_update (checksum, (const guint8 *) g_mapped_file_get_contents (mapped),
                     g_mapped_file_get_length (mapped));
  *sha256 = g_strdup (g_checksum_get_string (checksum));

  papers_paper_set_title (paper, "Read on two machines");
  g_ptr_array_add (papers, paper);
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    fixture->a, papers, TRUE));
  g_assert_no_error (error);
  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, fixture->a,
                                    id, path, (gint64) size, *sha256));
  g_assert_no_error (error);
  return path;
}

/* The objects on the server: "pdf-…" files, in a folder of their own
 * (none beside the log, whose listing every round reads) */
static GPtrArray *
server_objects (Fixture *fixture)
{
  g_autofree char *folder = g_build_filename (papers_test_dav_get_folder (fixture->server), "pdfs", NULL);
  g_autoptr(GDir) top = g_dir_open (papers_test_dav_get_folder (fixture->server), 0, NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *objects = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (top != NULL && (name = g_dir_read_name (top)) != NULL)
    g_assert_false (g_str_has_prefix (name, "pdf-"));
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "pdf-"))
      g_ptr_array_add (objects, g_build_filename (folder, name, NULL));
  return objects;
}

/* The PDF the library of @store has for @id, NULL when none */
static char *
library_pdf (PapersStore *store,
             const char  *id,
             char       **sha256)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pdfs = papers_store_wait (papers_store_list_pdf_texts_async,
                                                 papers_store_list_pdf_texts_finish, &error, store, id);
  PapersPdfTextStamp *pdf;

  g_assert_no_error (error);
  if (pdfs->len == 0)
    return NULL;
  pdf = pdfs->pdata[0];
  if (sha256 != NULL)
    *sha256 = g_strdup (pdf->sha256);
  return g_strdup (pdf->path);
}

static char *
fetch (Fixture      *fixture,
       const char   *id,
       GError      **error)
{
  PapersSyncStats stats;

  return papers_sync_fetch_pdf (fixture->b, papers_test_dav_get_url (fixture->server), PAPERS_TEST_DAV_USER,
                                PAPERS_TEST_DAV_PASSWORD, PASSPHRASE, id, NULL, NULL, &stats, error);
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autoptr(GMappedFile) x = g_mapped_file_new (a, FALSE, NULL);
  g_autoptr(GMappedFile) y = g_mapped_file_new (b, FALSE, NULL);

  g_assert_nonnull (x);
  g_assert_nonnull (y);
  g_assert_cmpuint (g_mapped_file_get_length (x), ==, g_mapped_file_get_length (y));
  g_assert_true (memcmp (g_mapped_file_get_contents (x) ? g_mapped_file_get_contents (x) : "",
                         g_mapped_file_get_contents (y) ? g_mapped_file_get_contents (y) : "",
                         g_mapped_file_get_length (x)) == 0);
}

/* A sends its PDF once, under a name that does not show its sha256; the
 * next round sends no PDF bytes; B learns of it, has no file until it
 * asks, then has the same file in its library */
static void
test_upload_once_fetch_on_open (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *sha256 = NULL, *on_b = NULL, *known = NULL, *b_sha = NULL, *b_path = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;
  guint64 size = 0;

  if (fixture->server == NULL)
    return;
  path = add_paper_with_pdf (fixture, PAPER, 300 * 1000, &sha256);
  sync_ok (fixture, fixture->a, &stats);
  g_assert_cmpuint (stats.bytes_up, >, 300 * 1000);
  objects = server_objects (fixture);
  g_assert_cmpuint (objects->len, ==, 1);
  g_assert_null (strstr (objects->pdata[0], sha256));

  sync_ok (fixture, fixture->a, &stats);
  g_test_message ("second round: %" G_GUINT64_FORMAT " bytes up", stats.bytes_up);
  g_assert_cmpuint (stats.bytes_up, <, 1000);

  sync_ok (fixture, fixture->b, &stats);
  g_assert_true (papers_sync_dup_pdf (fixture->b, PAPER, &known, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (known, ==, sha256);
  g_assert_cmpuint (size, ==, 300 * 1000);
  g_assert_null (library_pdf (fixture->b, PAPER, NULL));
  g_assert_cmpuint (stats.bytes_down, <, 300 * 1000);

  on_b = fetch (fixture, PAPER, &error);
  g_assert_no_error (error);
  g_assert_nonnull (on_b);
  assert_same_file (path, on_b);
  b_path = library_pdf (fixture->b, PAPER, &b_sha);
  g_assert_cmpstr (b_path, ==, on_b);
  g_assert_cmpstr (b_sha, ==, sha256);

  /* B has the same file: it sends nothing back */
  sync_ok (fixture, fixture->b, &stats);
  g_assert_cmpuint (stats.bytes_up, <, 1000);
  objects = (g_ptr_array_unref (objects), server_objects (fixture));
  g_assert_cmpuint (objects->len, ==, 1);
}

/* With the preference on, B's round fetches the PDF itself */
static void
test_in_advance (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *sha256 = NULL, *path = NULL, *b_path = NULL, *b_sha = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  path = add_paper_with_pdf (fixture, PAPER, 70 * 1000, &sha256);
  sync_ok (fixture, fixture->a, NULL);
  papers_sync_set_pdfs_in_advance (TRUE);
  sync_ok (fixture, fixture->b, &stats);
  papers_sync_set_pdfs_in_advance (FALSE);
  g_assert_cmpuint (stats.bytes_down, >, 70 * 1000);
  b_path = library_pdf (fixture->b, PAPER, &b_sha);
  g_assert_nonnull (b_path);
  g_assert_cmpstr (b_sha, ==, sha256);
  assert_same_file (path, b_path);

  /* A changed file is a new object, and B fetches the new one */
  {
    g_autofree char *new_sha = NULL, *new_path = NULL, *again = NULL, *again_sha = NULL;
    g_autoptr(GPtrArray) objects = NULL;

    new_path = add_paper_with_pdf (fixture, PAPER, 80 * 1000, &new_sha);
    sync_ok (fixture, fixture->a, NULL);
    objects = server_objects (fixture);
    g_assert_cmpuint (objects->len, ==, 2);
    papers_sync_set_pdfs_in_advance (TRUE);
    sync_ok (fixture, fixture->b, NULL);
    papers_sync_set_pdfs_in_advance (FALSE);
    again = library_pdf (fixture->b, PAPER, &again_sha);
    g_assert_cmpstr (again_sha, ==, new_sha);
    assert_same_file (new_path, again);
  }
}

/* An object on the server changed, cut short or swapped for another
 * valid object: refused with its reason, nothing stored on B */
static void
check_refused (Fixture    *fixture,
               const char *id,
               int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fetch (fixture, id, &error);
  g_autofree char *dest = papers_download_path_for_id (NULL, id);
  g_autofree char *part = g_strconcat (dest, ".sync-part", NULL);

  g_assert_null (path);
  g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, id));
  g_assert_null (library_pdf (fixture->b, id, NULL));
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_bad_objects (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *sha1 = NULL, *sha2 = NULL, *p1 = NULL, *p2 = NULL, *one = NULL, *two = NULL;
  g_autofree char *contents = NULL, *object = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (fixture->server == NULL)
    return;
  p1 = add_paper_with_pdf (fixture, PAPER, 200 * 1000, &sha1);
  sync_ok (fixture, fixture->a, NULL);
  objects = server_objects (fixture);
  object = g_strdup (objects->pdata[0]);
  p2 = add_paper_with_pdf (fixture, OTHER, 100 * 1000, &sha2);
  sync_ok (fixture, fixture->a, NULL);
  sync_ok (fixture, fixture->b, NULL);

  g_assert_true (g_file_get_contents (object, &contents, &length, &error));
  g_assert_no_error (error);

  /* A byte changed in the middle */
  contents[length / 2] ^= 0x40;
  g_assert_true (g_file_set_contents (object, contents, length, &error));
  check_refused (fixture, PAPER, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED);
  contents[length / 2] ^= 0x40;

  /* Cut short */
  g_assert_true (g_file_set_contents (object, contents, length - 70000, &error));
  check_refused (fixture, PAPER, PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED);

  /* The other paper's valid object in its place */
  g_ptr_array_unref (objects);
  objects = server_objects (fixture);
  for (guint i = 0; i < objects->len; i++)
    if (strcmp (objects->pdata[i], object) != 0)
      {
        g_autofree char *theirs = NULL;
        gsize n;

        g_assert_true (g_file_get_contents (objects->pdata[i], &theirs, &n, &error));
        g_assert_true (g_file_set_contents (object, theirs, n, &error));
      }
  check_refused (fixture, PAPER, PAPERS_SYNC_CRYPTO_ERROR_REPLAYED);

  /* Put back, it is had */
  g_assert_true (g_file_set_contents (object, contents, length, &error));
  one = fetch (fixture, PAPER, &error);
  g_assert_no_error (error);
  assert_same_file (p1, one);
  two = fetch (fixture, OTHER, &error);
  g_assert_no_error (error);
  assert_same_file (p2, two);
}

/* 507 while the PDF goes up: the round stops with the reason and no
 * record of a PDF the server lacks goes out; once there is room it goes
 * up.  A connection dropped mid-upload is tried again in the round */
static void
test_upload_faults (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PapersTestProxy) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL, *path = NULL, *on_b = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  proxy = papers_test_proxy_start (papers_test_dav_get_url (fixture->server), &error);
  g_assert_no_error (error);
  path = add_paper_with_pdf (fixture, PAPER, 150 * 1000, &sha256);

  papers_test_proxy_set_fault (proxy, PAPERS_TEST_PROXY_STATUS, "PUT", "pdf-", 507, G_MAXUINT);
  g_assert_false (sync_to (papers_test_proxy_get_url (proxy), fixture->a, NULL, &error));
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_INSUFFICIENT_STORAGE);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (papers_test_proxy_get_made (proxy), ==, 1);
  g_clear_error (&error);
  sync_ok (fixture, fixture->b, NULL);
  g_assert_false (papers_sync_dup_pdf (fixture->b, PAPER, NULL, NULL, NULL));

  papers_test_proxy_set_fault (proxy, PAPERS_TEST_PROXY_DROP, "PUT", "pdf-", 0, 1);
  g_assert_true (sync_to (papers_test_proxy_get_url (proxy), fixture->a, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.bytes_up, >, 150 * 1000);
  sync_ok (fixture, fixture->b, NULL);
  on_b = fetch (fixture, PAPER, &error);
  g_assert_no_error (error);
  assert_same_file (path, on_b);
}

/* A PDF deleted before the round: the round goes on, syncs the rest and
 * names no PDF; a 0-byte PDF goes and comes back as 0 bytes */
static void
test_vanished_and_empty (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *sha1 = NULL, *sha2 = NULL, *gone = NULL, *empty = NULL, *on_b = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  gone = add_paper_with_pdf (fixture, PAPER, 10 * 1000, &sha1);
  empty = add_paper_with_pdf (fixture, OTHER, 0, &sha2);
  g_unlink (gone);
  sync_ok (fixture, fixture->a, &stats);
  objects = server_objects (fixture);
  g_assert_cmpuint (objects->len, ==, 1);
  sync_ok (fixture, fixture->b, NULL);
  g_assert_false (papers_sync_dup_pdf (fixture->b, PAPER, NULL, NULL, NULL));
  on_b = fetch (fixture, OTHER, &error);
  g_assert_no_error (error);
  g_assert_nonnull (on_b);
  assert_same_file (empty, on_b);
}

/* A PDF the library knows no sha256 of (the reader's own, dropped on
 * the window): the round reads it, sends it, and the library learns its
 * sha256, so the next round neither reads nor sends it */
static void
test_unknown_sha256 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *sha256 = NULL, *path = NULL, *known = NULL, *library = NULL;
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  path = add_paper_with_pdf (fixture, PAPER, 20 * 1000, &sha256);
  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, fixture->a,
                                    PAPER, path, (gint64) 20 * 1000, NULL));
  library = library_pdf (fixture->a, PAPER, &known);
  g_assert_null (known);
  sync_ok (fixture, fixture->a, &stats);
  g_assert_cmpuint (stats.bytes_up, >, 20 * 1000);
  g_clear_pointer (&library, g_free);
  library = library_pdf (fixture->a, PAPER, &known);
  g_assert_cmpstr (known, ==, sha256);
  sync_ok (fixture, fixture->a, &stats);
  g_assert_cmpuint (stats.bytes_up, ==, 0);
  sync_ok (fixture, fixture->b, NULL);
  g_clear_pointer (&known, g_free);
  g_assert_true (papers_sync_dup_pdf (fixture->b, PAPER, &known, NULL, &error));
  g_assert_cmpstr (known, ==, sha256);
}

/* 200 MB (mostly a hole): up once and down, the same file */
static void
test_huge (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *sha256 = NULL, *path = NULL, *on_b = NULL, *b_sha = NULL, *b_path = NULL;
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;
  gint64 start;

  if (fixture->server == NULL)
    return;
  path = add_paper_with_pdf (fixture, PAPER, 200 * 1000 * 1000, &sha256);
  start = g_get_monotonic_time ();
  sync_ok (fixture, fixture->a, &stats);
  g_test_message ("200 MB up in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (stats.bytes_up, >, 200 * 1000 * 1000);
  sync_ok (fixture, fixture->b, NULL);
  start = g_get_monotonic_time ();
  on_b = fetch (fixture, PAPER, &error);
  g_test_message ("200 MB down in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_no_error (error);
  b_path = library_pdf (fixture->b, PAPER, &b_sha);
  g_assert_cmpstr (b_sha, ==, sha256);
  g_unlink (on_b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)
  ADD ("/sync/pdfs/upload-once-fetch-on-open", test_upload_once_fetch_on_open);
  ADD ("/sync/pdfs/in-advance", test_in_advance);
  ADD ("/sync/pdfs/bad-objects", test_bad_objects);
  ADD ("/sync/pdfs/upload-faults", test_upload_faults);
  ADD ("/sync/pdfs/vanished-and-empty", test_vanished_and_empty);
  ADD ("/sync/pdfs/unknown-sha256", test_unknown_sha256);
  ADD ("/sync/pdfs/huge", test_huge);
  return g_test_run ();
}
