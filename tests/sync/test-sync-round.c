/* test-sync-round.c: papers_sync_run() between devices (libraries of
 * their own) through a real Apache mod_dav on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "papers-dav-client.h"
#include "papers-store-rank.h"
#include "papers-store-reading.h"
#include "papers-store-state.h"
#include "papers-store-tags.h"
#include "papers-store-wait.h"
#include "papers-sync-crypto.h"
#include "papers-sync-engine.h"
#include "papers-sync-state.h"
#include "papers-test-dav.h"
#include "papers-test-proxy.h"

#define PASSPHRASE "a long passphrase for the tests"
#define PAPER "2410.00001"

typedef struct
{
  PapersTestDav *server;
  PapersStore   *devices[3];
} Fixture;

static char *
device_path (const char *name)
{
  const char *dir = g_getenv ("PAPERS_TEST_TMPDIR");
  g_autofree char *base = g_strdup_printf ("sync-%s-%d.db", name, (int) getpid ());

  return g_build_filename (dir ? dir : g_get_tmp_dir (), base, NULL);
}

static PapersStore *
new_device (const char *name)
{
  g_autofree char *path = device_path (name);
  g_autoptr(GError) error = NULL;
  PapersStore *store;

  g_unlink (path);
  store = papers_store_new (path, &error);
  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = papers_test_dav_start (&error);
  if (fixture->server == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_test_skip (error->message);
      return;
    }
  fixture->devices[0] = new_device ("a");
  fixture->devices[1] = new_device ("b");
  fixture->devices[2] = new_device ("c");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture->devices); i++)
    g_clear_object (&fixture->devices[i]);
  g_clear_pointer (&fixture->server, papers_test_dav_stop);
}

static gboolean
sync_as (Fixture          *fixture,
         PapersStore      *store,
         const char       *passphrase,
         PapersSyncStats  *stats,
         GError          **error)
{
  PapersSyncStats ignored;

  return papers_sync_run (store, papers_test_dav_get_url (fixture->server), PAPERS_TEST_DAV_USER,
                          PAPERS_TEST_DAV_PASSWORD, passphrase, stats ? stats : &ignored, error);
}

static void
sync_ok (Fixture         *fixture,
         PapersStore     *store,
         PapersSyncStats *stats)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = sync_as (fixture, store, PASSPHRASE, stats, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
add_paper (PapersStore *store)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  PapersPaper *paper = papers_paper_new (PAPER);

  papers_paper_set_title (paper, "Kept on two machines");
  g_ptr_array_add (papers, paper);
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store,
                                    papers, TRUE));
  g_assert_no_error (error);
}

static void
set_note (PapersStore *store,
          const char  *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, store,
                                    PAPER, text));
  g_assert_no_error (error);
}

static PapersPaper *
get_paper (PapersStore *store)
{
  g_autoptr(GError) error = NULL;
  PapersPaper *paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error,
                                          store, PAPER);

  /* Not in the library: NULL */
  if (g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND))
    return NULL;
  g_assert_no_error (error);
  return paper;
}

/* A tag and a note made on A are on B after A and B sync; nothing goes
 * round again */
static void
test_two_devices (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *tags[] = { "ml", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) on_b = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  add_paper (fixture->devices[0]);
  g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error,
                                    fixture->devices[0], PAPER, tags, NULL));
  set_note (fixture->devices[0], "read section 3 again");

  sync_ok (fixture, fixture->devices[0], &stats);
  g_assert_cmpuint (stats.sent, ==, 3);
  g_assert_cmpuint (stats.received, ==, 0);
  g_assert_cmpuint (stats.bytes_up, >, 0);
  sync_ok (fixture, fixture->devices[1], &stats);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpuint (stats.received, ==, 3);
  g_assert_cmpuint (stats.conflicts, ==, 0);

  on_b = get_paper (fixture->devices[1]);
  g_assert_nonnull (on_b);
  g_assert_true (papers_paper_get_in_library (on_b));
  g_assert_cmpstr (papers_paper_get_title (on_b), ==, "Kept on two machines");
  g_assert_cmpstrv (papers_paper_get_tags (on_b), tags);
  g_assert_cmpstr (papers_paper_get_note (on_b), ==, "read section 3 again");

  /* B wrote what it received without logging it: nothing to send back */
  sync_ok (fixture, fixture->devices[1], &stats);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpuint (stats.received, ==, 0);
}

/* The same note edited on A and B before either synced: both versions
 * are kept and listed, on both devices */
static void
test_note_conflict (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) conflicts_a = NULL;
  g_autoptr(GHashTable) conflicts_b = NULL;
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;
  GPtrArray *versions;

  if (fixture->server == NULL)
    return;
  add_paper (fixture->devices[0]);
  sync_ok (fixture, fixture->devices[0], NULL);
  sync_ok (fixture, fixture->devices[1], NULL);
  set_note (fixture->devices[0], "written on A");
  set_note (fixture->devices[1], "written on B");
  sync_ok (fixture, fixture->devices[0], NULL);
  sync_ok (fixture, fixture->devices[1], &stats);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  sync_ok (fixture, fixture->devices[0], &stats);
  g_assert_cmpuint (stats.conflicts, ==, 1);

  conflicts_a = papers_sync_dup_conflicts (fixture->devices[0], &error);
  conflicts_b = papers_sync_dup_conflicts (fixture->devices[1], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (conflicts_a), ==, 1);
  g_assert_cmpuint (g_hash_table_size (conflicts_b), ==, 1);
  versions = g_hash_table_lookup (conflicts_b, PAPER);
  g_assert_nonnull (versions);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_true ((g_str_equal (((PapersSyncRecord *) versions->pdata[0])->text, "written on A") &&
                  g_str_equal (((PapersSyncRecord *) versions->pdata[1])->text, "written on B")) ||
                 (g_str_equal (((PapersSyncRecord *) versions->pdata[0])->text, "written on B") &&
                  g_str_equal (((PapersSyncRecord *) versions->pdata[1])->text, "written on A")));
  /* Both libraries show the same one of them */
  {
    g_autoptr(PapersPaper) on_a = get_paper (fixture->devices[0]);
    g_autoptr(PapersPaper) on_b = get_paper (fixture->devices[1]);

    g_assert_cmpstr (papers_paper_get_note (on_a), ==, papers_paper_get_note (on_b));
  }
}

/* A wrong passphrase says so and merges nothing */
static void
test_wrong_passphrase (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper = NULL;

  if (fixture->server == NULL)
    return;
  add_paper (fixture->devices[0]);
  sync_ok (fixture, fixture->devices[0], NULL);
  g_assert_false (sync_as (fixture, fixture->devices[1], "not the passphrase", NULL, &error));
  g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_WRONG_PASSPHRASE);
  paper = get_paper (fixture->devices[1]);
  g_assert_null (paper);
}

/* A's segment on the server truncated, replaced by garbage, or by A's
 * other valid segment: B refuses it, says which file, merges nothing of
 * it, and syncs once the file is right again */
static void
test_bad_files (Fixture       *fixture,
                gconstpointer  data)
{
  const char *folder;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *first = NULL, *second = NULL;
  g_autofree char *good = NULL;
  g_autofree char *other = NULL;
  gsize good_len, other_len;
  const char *name;
  struct { const char *what; int code; } cases[] = {
    { "truncated", PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED },
    { "garbage", PAPERS_SYNC_CRYPTO_ERROR_NOT_ENCRYPTED },
    { "replayed", PAPERS_SYNC_CRYPTO_ERROR_REPLAYED },
  };

  if (fixture->server == NULL)
    return;
  add_paper (fixture->devices[0]);
  sync_ok (fixture, fixture->devices[0], NULL);
  set_note (fixture->devices[0], "second segment");
  sync_ok (fixture, fixture->devices[0], NULL);

  folder = papers_test_dav_get_folder (fixture->server);
  dir = g_dir_open (folder, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "log-") && g_str_has_suffix (name, "-1"))
      first = g_build_filename (folder, name, NULL);
    else if (g_str_has_prefix (name, "log-") && g_str_has_suffix (name, "-2"))
      second = g_build_filename (folder, name, NULL);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (g_file_get_contents (first, &good, &good_len, NULL));
  g_assert_true (g_file_get_contents (second, &other, &other_len, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PapersPaper) paper = NULL;

      if (i == 0)
        g_assert_true (g_file_set_contents (first, good, good_len - 20, NULL));
      else if (i == 1)
        g_assert_true (g_file_set_contents (first, "<html>not ours</html>", -1, NULL));
      else
        g_assert_true (g_file_set_contents (first, other, other_len, NULL));
      g_test_message ("%s", cases[i].what);
      g_assert_false (sync_as (fixture, fixture->devices[1], PASSPHRASE, NULL, &error));
      g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, "log-"));
      paper = get_paper (fixture->devices[1]);
      g_assert_null (paper);
    }

  g_assert_true (g_file_set_contents (first, good, good_len, NULL));
  sync_ok (fixture, fixture->devices[1], NULL);
  {
    g_autoptr(PapersPaper) paper = get_paper (fixture->devices[1]);

    g_assert_nonnull (paper);
    g_assert_cmpstr (papers_paper_get_note (paper), ==, "second segment");
  }
}

/* The wrong password is the server's 401, said as such */
static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  g_assert_false (papers_sync_run (fixture->devices[0], papers_test_dav_get_url (fixture->server),
                                   PAPERS_TEST_DAV_USER, "wrong", PASSPHRASE, &stats, &error));
  g_assert_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_UNAUTHORIZED);
}

/* The server gone when A syncs: the message says so, and nothing A had
 * is lost: the changes go up whole at the next sync that reaches a
 * server */
static void
test_server_gone (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  add_paper (fixture->devices[0]);
  set_note (fixture->devices[0], "kept while offline");
  papers_test_dav_kill (fixture->server);
  g_assert_false (sync_as (fixture, fixture->devices[0], PASSPHRASE, NULL, &error));
  g_assert_true (error->domain == PAPERS_DAV_ERROR);
  g_assert_true (error->code == PAPERS_DAV_ERROR_OFFLINE || error->code == PAPERS_DAV_ERROR_CONNECTION_LOST);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  paper = get_paper (fixture->devices[0]);
  g_assert_cmpstr (papers_paper_get_note (paper), ==, "kept while offline");

  papers_test_dav_stop (fixture->server);
  fixture->server = papers_test_dav_start (&error);
  g_assert_no_error (error);
  sync_ok (fixture, fixture->devices[0], &stats);
  g_assert_cmpuint (stats.sent, ==, 2);
  sync_ok (fixture, fixture->devices[1], &stats);
  g_assert_cmpuint (stats.received, ==, 2);
}


/* ---- What the reader keeps besides the library entry -------------------- */

/* Runs one of @store's writes, which must succeed */
#define write_ok(async, store, ...) \
  G_STMT_START { \
    g_autoptr(GError) write_error_ = NULL; \
    g_assert_true (papers_store_wait ((async), papers_store_write_finish, &write_error_, (store), __VA_ARGS__)); \
    g_assert_no_error (write_error_); \
  } G_STMT_END

static PapersAnnotation *
add_annotation (PapersStore *store,
                const char  *comment)
{
  const double rects[] = { 0.1, 0.2, 0.5, 0.25 };
  g_autoptr(GError) error = NULL;
  PapersAnnotation *annotation = papers_annotation_new (PAPER, 2, "highlight");

  papers_annotation_set_color (annotation, "#f6d32d");
  papers_annotation_set_rects (annotation, rects, 1);
  papers_annotation_set_text (annotation, "the quoted words");
  papers_annotation_set_comment (annotation, comment);
  g_assert_true (papers_store_wait (papers_store_add_annotation_async, papers_store_write_finish, &error, store,
                                    annotation));
  g_assert_no_error (error);
  return annotation;
}

static GListModel *
list_annotations (PapersStore *store)
{
  g_autoptr(GError) error = NULL;
  GListModel *list = papers_store_wait (papers_store_list_annotations_async,
                                        papers_store_list_annotations_finish, &error, store, PAPER);

  g_assert_no_error (error);
  return list;
}

/* The one annotation @store has of the paper */
static PapersAnnotation *
only_annotation (PapersStore *store)
{
  g_autoptr(GListModel) list = list_annotations (store);

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  return g_list_model_get_item (list, 0);
}

static void
update_comment (PapersStore *store,
                const char  *comment)
{
  g_autoptr(PapersAnnotation) annotation = only_annotation (store);

  papers_annotation_set_comment (annotation, comment);
  write_ok (papers_store_update_annotation_async, store, annotation);
}

/* An annotation made on A is on B, whole; edited on B it changes on A;
 * deleted on A it goes from B; receiving logs nothing */
static void
test_annotations (Fixture       *fixture,
                  gconstpointer  data)
{
  PapersStore *a, *b;
  g_autoptr(PapersAnnotation) made = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  a = fixture->devices[0];
  b = fixture->devices[1];
  add_paper (a);
  made = add_annotation (a, "made on A");
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);
  {
    g_autoptr(PapersAnnotation) on_b = only_annotation (b);
    guint n;
    const double *rects = papers_annotation_get_rects (on_b, &n);

    g_assert_cmpint (papers_annotation_get_page (on_b), ==, 2);
    g_assert_cmpstr (papers_annotation_get_annotation_type (on_b), ==, "highlight");
    g_assert_cmpstr (papers_annotation_get_color (on_b), ==, "#f6d32d");
    g_assert_cmpstr (papers_annotation_get_text (on_b), ==, "the quoted words");
    g_assert_cmpstr (papers_annotation_get_comment (on_b), ==, "made on A");
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpfloat (rects[2], ==, 0.5);
  }
  sync_ok (fixture, b, &stats);
  g_assert_cmpuint (stats.sent, ==, 0);

  update_comment (b, "edited on B");
  sync_ok (fixture, b, NULL);
  sync_ok (fixture, a, NULL);
  {
    g_autoptr(PapersAnnotation) on_a = only_annotation (a);

    g_assert_cmpstr (papers_annotation_get_comment (on_a), ==, "edited on B");
    g_assert_cmpint (papers_annotation_get_id (on_a), ==, papers_annotation_get_id (made));
  }

  write_ok (papers_store_remove_annotation_async, a, papers_annotation_get_id (made));
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);
  {
    g_autoptr(GListModel) on_b = list_annotations (b);

    g_assert_cmpuint (g_list_model_get_n_items (on_b), ==, 0);
  }
}

/* One annotation edited on A and on B before either synced: after both
 * synced, both have the same one (the later edit) */
static void
test_annotation_concurrent (Fixture       *fixture,
                            gconstpointer  data)
{
  PapersStore *a, *b;
  g_autoptr(PapersAnnotation) made = NULL;

  if (fixture->server == NULL)
    return;
  a = fixture->devices[0];
  b = fixture->devices[1];
  add_paper (a);
  made = add_annotation (a, "first");
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);

  update_comment (a, "A's edit");
  g_usleep (2000);
  update_comment (b, "B's edit");
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);
  sync_ok (fixture, a, NULL);
  {
    g_autoptr(PapersAnnotation) on_a = only_annotation (a);
    g_autoptr(PapersAnnotation) on_b = only_annotation (b);

    g_assert_cmpstr (papers_annotation_get_comment (on_a), ==, papers_annotation_get_comment (on_b));
    g_assert_cmpstr (papers_annotation_get_comment (on_b), ==, "B's edit");
  }
}

/* A paper removed on B while A annotates it: the annotation is kept on
 * both, on the paper out of the library */
static void
test_annotation_removed_paper (Fixture       *fixture,
                               gconstpointer  data)
{
  PapersStore *a, *b;
  const char *ids[] = { PAPER, NULL };
  g_autoptr(PapersAnnotation) made = NULL;

  if (fixture->server == NULL)
    return;
  a = fixture->devices[0];
  b = fixture->devices[1];
  add_paper (a);
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);
  write_ok (papers_store_remove_papers_async, b, ids);
  sync_ok (fixture, b, NULL);
  made = add_annotation (a, "kept");
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PapersPaper) paper = get_paper (fixture->devices[i]);
      g_autoptr(PapersAnnotation) kept = only_annotation (fixture->devices[i]);

      g_assert_true (paper == NULL || !papers_paper_get_in_library (paper));
      g_assert_cmpstr (papers_annotation_get_comment (kept), ==, "kept");
    }
}

static void
assert_position (PapersStore *store,
                 int          page,
                 double       offset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersReadingPosition) position = papers_store_wait (papers_store_get_reading_position_async,
                                                                 papers_store_get_reading_position_finish,
                                                                 &error, store, PAPER);

  g_assert_no_error (error);
  g_assert_cmpint (position->page, ==, page);
  g_assert_cmpfloat (position->offset, ==, offset);
  g_assert_cmpfloat (position->zoom, ==, 1.5);
}

/* The reading position follows the reader from A to B and back */
static void
test_position (Fixture       *fixture,
               gconstpointer  data)
{
  if (fixture->server == NULL)
    return;
  add_paper (fixture->devices[0]);
  write_ok (papers_store_set_reading_position_async, fixture->devices[0], PAPER, 5, 0.25, 1.5);
  sync_ok (fixture, fixture->devices[0], NULL);
  sync_ok (fixture, fixture->devices[1], NULL);
  assert_position (fixture->devices[1], 5, 0.25);

  write_ok (papers_store_set_reading_position_async, fixture->devices[1], PAPER, 7, 0.125, 1.5);
  sync_ok (fixture, fixture->devices[1], NULL);
  sync_ok (fixture, fixture->devices[0], NULL);
  assert_position (fixture->devices[0], 7, 0.125);
}

static GStrv
list_follows (PapersStore      *store,
              PapersFollowKind  kind)
{
  g_autoptr(GError) error = NULL;
  GStrv follows = papers_store_wait (papers_store_list_follows_async, papers_store_list_follows_finish, &error,
                                     store, kind);

  g_assert_no_error (error);
  return follows;
}

static GStrv
list_dismissed (PapersStore *store)
{
  g_autoptr(GError) error = NULL;
  GStrv dismissed = papers_store_wait (papers_store_list_dismissed_async, papers_store_list_dismissed_finish,
                                       &error, store);

  g_assert_no_error (error);
  return dismissed;
}

/* What @store follows and has dismissed is exactly these */
static void
assert_follows (PapersStore        *store,
                const char * const *authors,
                const char * const *searches,
                const char * const *dismissed)
{
  g_auto(GStrv) followed_authors = list_follows (store, PAPERS_FOLLOW_AUTHOR);
  g_auto(GStrv) followed_searches = list_follows (store, PAPERS_FOLLOW_SEARCH);
  g_auto(GStrv) ids = list_dismissed (store);

  g_assert_cmpstrv (followed_authors, authors);
  g_assert_cmpstrv (followed_searches, searches);
  g_assert_cmpstrv (ids, dismissed);
}

/* Follows and Not Interested made on A are on B; undone on B, they go
 * from A */
static void
test_follows_and_dismissals (Fixture       *fixture,
                             gconstpointer  data)
{
  PapersStore *a, *b;
  const char *author[] = { "Ada Lovelace", NULL };
  const char *search[] = { "sparse attention", NULL };
  const char *dismissed[] = { "2410.99999", NULL };
  const char *none[] = { NULL };

  if (fixture->server == NULL)
    return;
  a = fixture->devices[0];
  b = fixture->devices[1];
  write_ok (papers_store_follow_async, a, PAPERS_FOLLOW_AUTHOR, "Ada Lovelace", TRUE);
  write_ok (papers_store_follow_async, a, PAPERS_FOLLOW_SEARCH, "sparse attention", TRUE);
  write_ok (papers_store_dismiss_async, a, "2410.99999", NULL, TRUE);
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);
  assert_follows (b, author, search, dismissed);

  write_ok (papers_store_follow_async, b, PAPERS_FOLLOW_AUTHOR, "ada  LOVELACE", FALSE);
  write_ok (papers_store_dismiss_async, b, "2410.99999", NULL, FALSE);
  sync_ok (fixture, b, NULL);
  sync_ok (fixture, a, NULL);
  assert_follows (a, none, search, none);
}

static PapersTag *
only_tag (PapersStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) tags = papers_store_wait (papers_store_list_tags_async, papers_store_list_tags_finish,
                                                  &error, store);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (tags), ==, 1);
  return g_list_model_get_item (tags, 0);
}

/* A tag recolored and renamed on A is so on B, on the same papers; the
 * renamed tag removed on B goes from A and stays gone */
static void
test_tag_edits (Fixture       *fixture,
                gconstpointer  data)
{
  PapersStore *a, *b;
  const char *ml[] = { "ml", NULL };
  const char *renamed[] = { "Machine Learning", NULL };

  if (fixture->server == NULL)
    return;
  a = fixture->devices[0];
  b = fixture->devices[1];
  add_paper (a);
  write_ok (papers_store_tag_paper_async, a, PAPER, ml, NULL);
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);

  write_ok (papers_store_edit_tag_async, a, PAPERS_TAG_EDIT_RECOLOR, "ml", "#e01b24");
  write_ok (papers_store_edit_tag_async, a, PAPERS_TAG_EDIT_RENAME, "ml", "Machine Learning");
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);
  {
    g_autoptr(PapersTag) tag = only_tag (b);
    g_autoptr(PapersPaper) paper = get_paper (b);

    g_assert_cmpstr (papers_tag_get_name (tag), ==, "Machine Learning");
    g_assert_cmpstr (papers_tag_get_color (tag), ==, "#e01b24");
    g_assert_cmpuint (papers_tag_get_n_papers (tag), ==, 1);
    g_assert_cmpstrv (papers_paper_get_tags (paper), renamed);
  }

  write_ok (papers_store_tag_paper_async, b, PAPER, NULL, renamed);
  sync_ok (fixture, b, NULL);
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PapersPaper) paper = get_paper (fixture->devices[i]);
      const char * const *tags = papers_paper_get_tags (paper);

      g_assert_true (tags == NULL || tags[0] == NULL);
    }
}


/* A library whose sync state was kept by a Papers that wrote only
 * membership, status, star, tags and notes into it (no "applied" in
 * sync_meta): its next sync writes the rest of what it had received */
static void
test_old_state_catch_up (Fixture       *fixture,
                         gconstpointer  data)
{
  PapersStore *a, *b;
  g_autoptr(PapersAnnotation) made = NULL;
  g_autofree char *path = device_path ("b");
  const char *author[] = { "Ada Lovelace", NULL };
  sqlite3 *handle;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  a = fixture->devices[0];
  b = fixture->devices[1];
  add_paper (a);
  made = add_annotation (a, "received before");
  write_ok (papers_store_follow_async, a, PAPERS_FOLLOW_AUTHOR, "Ada Lovelace", TRUE);
  sync_ok (fixture, a, NULL);
  sync_ok (fixture, b, NULL);

  /* What B would be had an older Papers made that sync */
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  g_assert_cmpint (sqlite3_exec (handle, "DELETE FROM annotations; DELETE FROM follows;"
                                         " DELETE FROM sync_meta WHERE key = 'applied'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (handle);
  {
    g_autoptr(GListModel) none = list_annotations (b);
    g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
  }

  sync_ok (fixture, b, &stats);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpuint (stats.received, ==, 0);
  {
    g_autoptr(PapersAnnotation) kept = only_annotation (b);
    g_auto(GStrv) authors = list_follows (b, PAPERS_FOLLOW_AUTHOR);

    g_assert_cmpstr (papers_annotation_get_comment (kept), ==, "received before");
    g_assert_cmpstrv (authors, author);
  }
  /* Once: the next sync finds nothing to write again */
  sync_ok (fixture, b, &stats);
  g_assert_cmpuint (stats.sent, ==, 0);
}


/* A paper removed and added back on A: the merge kept its tag and note,
 * and A shows them again, as B does (found by the random test, seed
 * 515922034: A showed a bare entry) */
static void
test_added_back (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *tags[] = { "ml", NULL };
  const char *ids[] = { PAPER, NULL };

  if (fixture->server == NULL)
    return;
  add_paper (fixture->devices[0]);
  write_ok (papers_store_tag_paper_async, fixture->devices[0], PAPER, tags, NULL);
  set_note (fixture->devices[0], "kept by the merge");
  sync_ok (fixture, fixture->devices[0], NULL);
  sync_ok (fixture, fixture->devices[1], NULL);

  write_ok (papers_store_remove_papers_async, fixture->devices[0], ids);
  sync_ok (fixture, fixture->devices[0], NULL);
  add_paper (fixture->devices[0]);
  sync_ok (fixture, fixture->devices[0], NULL);
  sync_ok (fixture, fixture->devices[1], NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PapersPaper) paper = get_paper (fixture->devices[i]);

      g_assert_nonnull (paper);
      g_assert_true (papers_paper_get_in_library (paper));
      g_assert_cmpstrv (papers_paper_get_tags (paper), tags);
      g_assert_cmpstr (papers_paper_get_note (paper), ==, "kept by the merge");
    }
}

/* ---- The merged state kept entry by entry ------------------------------- */

/* Device @name's merged-state entries, by key */
static GHashTable *
read_state_entries (const char *name,
                    char      **whole)
{
  g_autofree char *path = device_path (name);
  GHashTable *entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  sqlite3 *handle;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT key, value FROM sync_meta", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  *whole = g_strdup ("");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (g_str_has_prefix (key, "state:"))
        g_hash_table_insert (entries, g_strdup (key), g_strdup (value));
      else if (g_str_equal (key, "state"))
        g_set_str (whole, value);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return entries;
}

/* A round with one change rewrites the few entries of the merged state
 * it changed, not the state: forty papers synced, then one note */
static void
test_incremental_state (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) before = NULL, after = NULL;
  g_autofree char *whole = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint changed = 0;

  if (fixture->server == NULL)
    return;
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("2410.1%04u", i);
      PapersPaper *paper = papers_paper_new (id);

      papers_paper_set_title (paper, "One of forty");
      g_ptr_array_add (papers, paper);
    }
  write_ok (papers_store_upsert_papers_async, fixture->devices[0], papers, TRUE);
  add_paper (fixture->devices[0]);
  sync_ok (fixture, fixture->devices[0], NULL);
  before = read_state_entries ("a", &whole);
  g_assert_cmpstr (whole, ==, "");
  /* 41 memberships and the covers */
  g_assert_cmpuint (g_hash_table_size (before), ==, 42);

  set_note (fixture->devices[0], "one change");
  sync_ok (fixture, fixture->devices[0], NULL);
  g_clear_pointer (&whole, g_free);
  after = read_state_entries ("a", &whole);
  g_assert_cmpstr (whole, ==, "");
  g_assert_cmpuint (g_hash_table_size (after), ==, 43);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    changed += g_strcmp0 (g_hash_table_lookup (before, key), value) != 0;
  /* The note and the covers */
  g_assert_cmpuint (changed, ==, 2);

  /* And B, reading it all, has the same */
  sync_ok (fixture, fixture->devices[1], NULL);
  {
    g_autoptr(PapersPaper) on_b = get_paper (fixture->devices[1]);

    g_assert_cmpstr (papers_paper_get_note (on_b), ==, "one change");
  }
}

/* A library whose merged state an older Papers kept whole, in one
 * "state" value: the next sync reads it, keeps it entry by entry from
 * then on, and merges what comes after what it covers */
static void
test_whole_state_read (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(PapersSyncState) state = papers_sync_state_new ();
  g_autoptr(PapersSyncSegment) snapshot = NULL;
  g_autoptr(GBytes) whole = NULL;
  g_autofree char *kept = NULL, *path = device_path ("b"), *text = NULL;
  const char *tags[] = { "ml", NULL };
  GHashTableIter iter;
  gpointer value;
  sqlite3_stmt *stmt;
  sqlite3 *handle;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  add_paper (fixture->devices[0]);
  set_note (fixture->devices[0], "before the upgrade");
  sync_ok (fixture, fixture->devices[0], NULL);
  sync_ok (fixture, fixture->devices[1], NULL);

  /* B's state as the older Papers kept it */
  entries = read_state_entries ("b", &kept);
  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autoptr(GBytes) bytes = g_bytes_new (value, strlen (value));
      g_autoptr(PapersSyncSegment) entry = papers_sync_segment_decode (bytes, NULL);

      g_assert_nonnull (entry);
      papers_sync_state_apply_segment (state, entry);
    }
  snapshot = papers_sync_state_snapshot (state, "0000000000000000", 1);
  whole = papers_sync_segment_encode (snapshot);
  text = g_strndup (g_bytes_get_data (whole, NULL), g_bytes_get_size (whole));
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  g_assert_cmpint (sqlite3_exec (handle, "DELETE FROM sync_meta WHERE key = 'state_gen' OR key LIKE 'state:%'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "INSERT OR REPLACE INTO sync_meta VALUES ('state', ?)", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  papers_sync_drop_cached_state ();

  write_ok (papers_store_tag_paper_async, fixture->devices[0], PAPER, tags, NULL);
  sync_ok (fixture, fixture->devices[0], NULL);
  sync_ok (fixture, fixture->devices[1], &stats);
  /* Only the tag: the rest was covered */
  g_assert_cmpuint (stats.received, ==, 1);
  {
    g_autoptr(GHashTable) after = NULL;
    g_autofree char *gone = NULL;
    g_autoptr(PapersPaper) on_b = get_paper (fixture->devices[1]);

    g_assert_cmpstr (papers_paper_get_note (on_b), ==, "before the upgrade");
    g_assert_cmpstrv (papers_paper_get_tags (on_b), tags);
    after = read_state_entries ("b", &gone);
    g_assert_cmpstr (gone, ==, "");
    g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (entries) + 1);
  }
}

/* ---- Snapshots ------------------------------------------------------------ */

static char *
find_file (PapersTestDav *server,
           const char    *prefix,
           const char    *suffix)
{
  const char *folder = papers_test_dav_get_folder (server);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, suffix))
      return g_build_filename (folder, name, NULL);
  return NULL;
}

/* A writes a snapshot every second segment; a new device starts from it
 * and needs none of the log segments it covers (here taken away to show
 * it), then follows the log after it; a snapshot tampered with is
 * refused and named */
static void
test_snapshot (Fixture       *fixture,
               gconstpointer  data)
{
  const char *tags[] = { "ml", NULL };
  g_autofree char *snap = NULL, *first = NULL, *second = NULL, *good = NULL;
  g_autoptr(GError) error = NULL;
  gsize good_len;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  g_setenv ("PAPERS_SYNC_SNAPSHOT_EVERY", "2", TRUE);
  add_paper (fixture->devices[0]);
  sync_ok (fixture, fixture->devices[0], NULL);
  g_assert_null (find_file (fixture->server, "snap-", ""));
  set_note (fixture->devices[0], "from the snapshot");
  sync_ok (fixture, fixture->devices[0], NULL);
  snap = find_file (fixture->server, "snap-", "-2");
  g_assert_nonnull (snap);

  /* Tampered: refused by name, nothing merged */
  g_assert_true (g_file_get_contents (snap, &good, &good_len, NULL));
  g_assert_true (g_file_set_contents (snap, good, good_len - 20, NULL));
  g_assert_false (sync_as (fixture, fixture->devices[1], PASSPHRASE, NULL, &error));
  g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "snap-"));
  g_assert_null (get_paper (fixture->devices[1]));
  g_assert_true (g_file_set_contents (snap, good, good_len, NULL));

  first = find_file (fixture->server, "log-", "-1");
  second = find_file (fixture->server, "log-", "-2");
  g_assert_cmpint (g_unlink (first), ==, 0);
  g_assert_cmpint (g_unlink (second), ==, 0);
  sync_ok (fixture, fixture->devices[1], &stats);
  g_assert_cmpuint (stats.received, >, 0);
  {
    g_autoptr(PapersPaper) on_b = get_paper (fixture->devices[1]);

    g_assert_nonnull (on_b);
    g_assert_true (papers_paper_get_in_library (on_b));
    g_assert_cmpstr (papers_paper_get_title (on_b), ==, "Kept on two machines");
    g_assert_cmpstr (papers_paper_get_note (on_b), ==, "from the snapshot");
  }

  /* The log after the snapshot */
  write_ok (papers_store_tag_paper_async, fixture->devices[0], PAPER, tags, NULL);
  sync_ok (fixture, fixture->devices[0], NULL);
  sync_ok (fixture, fixture->devices[1], &stats);
  g_assert_cmpuint (stats.received, ==, 1);
  {
    g_autoptr(PapersPaper) on_b = get_paper (fixture->devices[1]);

    g_assert_cmpstrv (papers_paper_get_tags (on_b), tags);
  }
  /* Nothing goes back, and a third device converges too */
  sync_ok (fixture, fixture->devices[1], &stats);
  g_assert_cmpuint (stats.sent, ==, 0);
  sync_ok (fixture, fixture->devices[2], NULL);
  {
    g_autoptr(PapersPaper) on_c = get_paper (fixture->devices[2]);

    g_assert_cmpstr (papers_paper_get_note (on_c), ==, "from the snapshot");
    g_assert_cmpstrv (papers_paper_get_tags (on_c), tags);
  }
  g_unsetenv ("PAPERS_SYNC_SNAPSHOT_EVERY");
}

/* ---- Faults the proxy makes ------------------------------------------------ */

static gboolean
sync_through (PapersTestProxy  *proxy,
              PapersStore      *store,
              PapersSyncStats  *stats,
              GError          **error)
{
  PapersSyncStats ignored;

  return papers_sync_run (store, papers_test_proxy_get_url (proxy), PAPERS_TEST_DAV_USER,
                          PAPERS_TEST_DAV_PASSWORD, PASSPHRASE, stats ? stats : &ignored, error);
}

static PapersTestProxy *
start_proxy (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  PapersTestProxy *proxy = papers_test_proxy_start (papers_test_dav_get_url (fixture->server), &error);

  g_assert_no_error (error);
  return proxy;
}

/* A's changes made, then its upload refused: what A has stays, and it all
 * goes up once the server takes it; B gets it once */
static void
check_upload_refused (Fixture         *fixture,
                      PapersTestProxy *proxy,
                      int              code,
                      guint            tries)
{
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;

  add_paper (fixture->devices[0]);
  set_note (fixture->devices[0], "kept through the fault");
  g_assert_false (sync_through (proxy, fixture->devices[0], NULL, &error));
  g_assert_error (error, PAPERS_DAV_ERROR, code);
  g_test_message ("%s", error->message);
  /* (libsoup itself sends a PUT again once when a kept-alive connection
   * drops, so a dropped connection may count one more) */
  g_assert_cmpuint (papers_test_proxy_get_made (proxy), >=, tries);
  g_assert_cmpuint (papers_test_proxy_get_made (proxy), <=, code == PAPERS_DAV_ERROR_CONNECTION_LOST ? 2 * tries : tries);
  {
    g_autoptr(PapersPaper) paper = get_paper (fixture->devices[0]);

    g_assert_cmpstr (papers_paper_get_note (paper), ==, "kept through the fault");
  }
  g_clear_error (&error);
  papers_test_proxy_set_fault (proxy, PAPERS_TEST_PROXY_NONE, NULL, "", 0, 0);
  g_assert_true (sync_through (proxy, fixture->devices[0], &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sent, ==, 2);
  sync_ok (fixture, fixture->devices[1], &stats);
  g_assert_cmpuint (stats.received, ==, 2);
  {
    g_autoptr(PapersPaper) on_b = get_paper (fixture->devices[1]);

    g_assert_cmpstr (papers_paper_get_note (on_b), ==, "kept through the fault");
  }
}

/* Every upload of a log segment gets @fault */
static void
check_upload_fault (Fixture              *fixture,
                    PapersTestProxyFault  fault,
                    guint                 status,
                    int                   code,
                    guint                 tries)
{
  g_autoptr(PapersTestProxy) proxy = NULL;

  if (fixture->server == NULL)
    return;
  proxy = start_proxy (fixture);
  papers_test_proxy_set_fault (proxy, fault, "PUT", "log-", status, G_MAXUINT);
  check_upload_refused (fixture, proxy, code, tries);
}

/* 507: the server is full.  Not retried: it does not pass in a second */
static void
test_fault_full (Fixture       *fixture,
                 gconstpointer  data)
{
  check_upload_fault (fixture, PAPERS_TEST_PROXY_STATUS, 507, PAPERS_DAV_ERROR_INSUFFICIENT_STORAGE, 1);
}

/* 403: no right to write there.  Not retried */
static void
test_fault_forbidden (Fixture       *fixture,
                      gconstpointer  data)
{
  check_upload_fault (fixture, PAPERS_TEST_PROXY_STATUS, 403, PAPERS_DAV_ERROR_FORBIDDEN, 1);
}

/* 423: locked by another client.  Retried: a lock held once passes; a
 * lock held on is given up on after three tries, and said */
static void
test_fault_locked (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PapersTestProxy) proxy = NULL;
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  proxy = start_proxy (fixture);
  papers_test_proxy_set_fault (proxy, PAPERS_TEST_PROXY_STATUS, "PUT", "log-", 423, 1);
  add_paper (fixture->devices[1]);
  g_assert_true (sync_through (proxy, fixture->devices[1], &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (papers_test_proxy_get_made (proxy), ==, 1);
  g_assert_cmpuint (stats.sent, ==, 1);

  papers_test_proxy_set_fault (proxy, PAPERS_TEST_PROXY_STATUS, "PUT", "log-", 423, G_MAXUINT);
  check_upload_refused (fixture, proxy, PAPERS_DAV_ERROR_LOCKED, 3);
}

/* The connection dropped as A uploads: retried; dropped on, A keeps all */
static void
test_fault_dropped_upload (Fixture       *fixture,
                           gconstpointer  data)
{
  check_upload_fault (fixture, PAPERS_TEST_PROXY_DROP, 0, PAPERS_DAV_ERROR_CONNECTION_LOST, 3);
}

/* The upload done but its answer lost: the retry's conditional PUT finds
 * the name taken (412) and A writes the next one; B merges the same
 * changes twice, to no effect */
static void
test_fault_answer_lost (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PapersTestProxy) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  proxy = start_proxy (fixture);
  papers_test_proxy_set_fault (proxy, PAPERS_TEST_PROXY_DROP_ANSWER, "PUT", "log-", 0, 1);
  add_paper (fixture->devices[0]);
  set_note (fixture->devices[0], "sent once, stored twice");
  g_assert_true (sync_through (proxy, fixture->devices[0], &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (papers_test_proxy_get_made (proxy), ==, 1);
  second = find_file (fixture->server, "log-", "-2");
  g_assert_nonnull (second);

  sync_ok (fixture, fixture->devices[1], &stats);
  g_assert_cmpuint (stats.received, ==, 4);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  {
    g_autoptr(PapersPaper) on_b = get_paper (fixture->devices[1]);

    g_assert_cmpstr (papers_paper_get_note (on_b), ==, "sent once, stored twice");
  }
  sync_ok (fixture, fixture->devices[0], &stats);
  g_assert_cmpuint (stats.sent, ==, 0);
}

/* B's download fails: a file listed but gone (404), or the connection
 * dropped (retried; dropped on, given up).  Nothing of it is merged, and
 * the next sync gets it all */
static void
test_fault_download (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PapersTestProxy) proxy = NULL;
  PapersSyncStats stats;
  struct { PapersTestProxyFault fault; guint status, times; int code; guint tries; } cases[] = {
    { PAPERS_TEST_PROXY_STATUS, 404, G_MAXUINT, PAPERS_DAV_ERROR_NOT_FOUND, 1 },
    { PAPERS_TEST_PROXY_DROP, 0, G_MAXUINT, PAPERS_DAV_ERROR_CONNECTION_LOST, 3 },
  };

  if (fixture->server == NULL)
    return;
  proxy = start_proxy (fixture);
  add_paper (fixture->devices[0]);
  set_note (fixture->devices[0], "comes down whole");
  sync_ok (fixture, fixture->devices[0], NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      papers_test_proxy_set_fault (proxy, cases[i].fault, "GET", "log-", cases[i].status, cases[i].times);
      g_assert_false (sync_through (proxy, fixture->devices[1], NULL, &error));
      g_assert_error (error, PAPERS_DAV_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_cmpuint (papers_test_proxy_get_made (proxy), >=, cases[i].tries);
      g_assert_cmpuint (papers_test_proxy_get_made (proxy), <=, 2 * cases[i].tries);
      g_assert_null (get_paper (fixture->devices[1]));
    }

  /* Dropped once: the retry gets it */
  papers_test_proxy_set_fault (proxy, PAPERS_TEST_PROXY_DROP, "GET", "log-", 0, 1);
  g_assert_true (sync_through (proxy, fixture->devices[1], &stats, NULL));
  g_assert_cmpuint (papers_test_proxy_get_made (proxy), ==, 1);
  g_assert_cmpuint (stats.received, ==, 2);
  {
    g_autoptr(PapersPaper) on_b = get_paper (fixture->devices[1]);

    g_assert_cmpstr (papers_paper_get_note (on_b), ==, "comes down whole");
  }
}


/* ---- Random operations on three devices ----------------------------------- */

#define N_RANDOM_PAPERS 3

/* A write that may find nothing to act on (an undo of what is not
 * there): NOT_FOUND is an answer, anything else a failure */
#define write_maybe(async, store, ...) \
  G_STMT_START { \
    g_autoptr(GError) write_error_ = NULL; \
    if (!papers_store_wait ((async), papers_store_write_finish, &write_error_, (store), __VA_ARGS__)) \
      g_assert_error (write_error_, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND); \
  } G_STMT_END

static void
random_op (PapersStore *store,
           GRand       *rand)
{
  g_autofree char *id = g_strdup_printf ("2410.0000%d", g_rand_int_range (rand, 1, N_RANDOM_PAPERS + 1));
  const char *tag[] = { g_rand_boolean (rand) ? "ml" : "cv", NULL };
  g_autofree char *text = g_strdup_printf ("text %u", g_rand_int (rand));
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) annotations = NULL;
  g_autoptr(PapersPaper) paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish,
                                                    &error, store, id);
  gboolean in_library = paper != NULL && papers_paper_get_in_library (paper);

  /* Most changes need the paper in the library: add it first */
  if (!in_library)
    {
      g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
      PapersPaper *added = papers_paper_new (id);

      papers_paper_set_title (added, "A paper of the random test");
      g_ptr_array_add (papers, added);
      write_ok (papers_store_upsert_papers_async, store, papers, TRUE);
      return;
    }
  annotations = papers_store_wait (papers_store_list_annotations_async, papers_store_list_annotations_finish,
                                   &error, store, id);
  g_assert_no_error (error);
  switch (g_rand_int_range (rand, 0, 13))
    {
    case 0:
      {
        const char *ids[] = { id, NULL };
        write_ok (papers_store_remove_papers_async, store, ids);
      }
      break;
    case 1:
      write_ok (papers_store_set_status_async, store, id, (PapersReadStatus) g_rand_int_range (rand, 0, 3));
      break;
    case 2:
      write_ok (papers_store_set_starred_async, store, id, g_rand_boolean (rand));
      break;
    case 3:
      write_ok (papers_store_tag_paper_async, store, id, tag, NULL);
      break;
    case 4:
      write_ok (papers_store_tag_paper_async, store, id, NULL, tag);
      break;
    case 5:
      write_ok (papers_store_set_note_async, store, id, text);
      break;
    case 6:
      {
        g_autoptr(PapersAnnotation) annotation = papers_annotation_new (id, g_rand_int_range (rand, 0, 9),
                                                                        "highlight");
        papers_annotation_set_comment (annotation, text);
        write_ok (papers_store_add_annotation_async, store, annotation);
      }
      break;
    case 7:
    case 8:
      if (g_list_model_get_n_items (annotations) > 0)
        {
          g_autoptr(PapersAnnotation) annotation =
            g_list_model_get_item (annotations, g_rand_int_range (rand, 0, g_list_model_get_n_items (annotations)));

          if (g_rand_boolean (rand))
            write_ok (papers_store_remove_annotation_async, store, papers_annotation_get_id (annotation));
          else
            {
              papers_annotation_set_comment (annotation, text);
              write_ok (papers_store_update_annotation_async, store, annotation);
            }
        }
      break;
    case 9:
      write_ok (papers_store_set_reading_position_async, store, id, g_rand_int_range (rand, 0, 20), 0.5, 1.0);
      break;
    case 10:
      write_maybe (papers_store_follow_async, store, PAPERS_FOLLOW_AUTHOR,
                   g_rand_boolean (rand) ? "Ada Lovelace" : "Alan Turing", g_rand_boolean (rand));
      break;
    case 11:
      write_maybe (papers_store_dismiss_async, store, g_rand_boolean (rand) ? "2410.99998" : "2410.99999", NULL,
                   g_rand_boolean (rand));
      break;
    default:
      {
        g_autofree char *color = g_strdup_printf ("#%06x", g_rand_int_range (rand, 0, 0x1000000));
        write_maybe (papers_store_edit_tag_async, store, PAPERS_TAG_EDIT_RECOLOR, tag[0], color);
      }
      break;
    }
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Everything of @store's library the random operations change, as text */
static char *
describe_library (PapersStore *store)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) tags = papers_store_wait (papers_store_list_tags_async, papers_store_list_tags_finish,
                                                  &error, store);
  g_auto(GStrv) follows = list_follows (store, PAPERS_FOLLOW_AUTHOR);
  g_auto(GStrv) dismissed = list_dismissed (store);

  g_assert_no_error (error);
  for (int p = 1; p <= N_RANDOM_PAPERS; p++)
    {
      g_autofree char *id = g_strdup_printf ("2410.0000%d", p);
      g_autoptr(PapersPaper) paper = papers_store_wait (papers_store_get_paper_async,
                                                        papers_store_get_paper_finish, &error, store, id);
      g_autoptr(GListModel) annotations = NULL;
      g_autoptr(PapersReadingPosition) position = NULL;
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

      g_clear_error (&error);
      if (paper == NULL)
        {
          g_string_append_printf (out, "%s unknown\n", id);
          continue;
        }
      g_string_append_printf (out, "%s in library %d status %d star %d note %s tags", id,
                              papers_paper_get_in_library (paper), papers_paper_get_status (paper),
                              papers_paper_get_starred (paper), papers_paper_get_note (paper));
      for (guint t = 0; papers_paper_get_tags (paper) != NULL && papers_paper_get_tags (paper)[t] != NULL; t++)
        g_string_append_printf (out, " %s", papers_paper_get_tags (paper)[t]);
      position = papers_store_wait (papers_store_get_reading_position_async,
                                    papers_store_get_reading_position_finish, &error, store, id);
      g_clear_error (&error);
      if (position != NULL)
        g_string_append_printf (out, " at page %d", position->page);
      g_string_append_c (out, '\n');
      annotations = papers_store_wait (papers_store_list_annotations_async, papers_store_list_annotations_finish,
                                       &error, store, id);
      g_assert_no_error (error);
      for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
        {
          g_autoptr(PapersAnnotation) annotation = g_list_model_get_item (annotations, i);

          g_ptr_array_add (lines, g_strdup_printf ("  annotation page %d %s\n",
                                                   papers_annotation_get_page (annotation),
                                                   papers_annotation_get_comment (annotation)));
        }
      g_ptr_array_sort_values (lines, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < lines->len; i++)
        g_string_append (out, lines->pdata[i]);
    }
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(PapersTag) tag = g_list_model_get_item (tags, i);

      /* A tag on no paper is the device's own: sync knows tags by their
       * assignments, names and colors, not as things of their own */
      if (papers_tag_get_n_papers (tag) > 0)
        g_string_append_printf (out, "tag %s %s %u\n", papers_tag_get_name (tag), papers_tag_get_color (tag),
                                papers_tag_get_n_papers (tag));
    }
  /* (each device lists them in the order it learnt of them) */
  qsort (follows, g_strv_length (follows), sizeof (char *), compare_strings);
  qsort (dismissed, g_strv_length (dismissed), sizeof (char *), compare_strings);
  for (guint i = 0; follows[i] != NULL; i++)
    g_string_append_printf (out, "follows %s\n", follows[i]);
  for (guint i = 0; dismissed[i] != NULL; i++)
    g_string_append_printf (out, "dismissed %s\n", dismissed[i]);
  return g_string_free (out, FALSE);
}

/* Random changes of every kind on three devices with random syncs
 * between them; once everyone synced twice, the three libraries are the
 * same */
static void
test_random_three_devices (Fixture       *fixture,
                           gconstpointer  data)
{
  /* PAPERS_TEST_SYNC_SEED replays a run */
  const char *replay = g_getenv ("PAPERS_TEST_SYNC_SEED");
  guint32 seed = replay != NULL ? (guint32) g_ascii_strtoull (replay, NULL, 10) : (guint32) g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *first = NULL;

  if (fixture->server == NULL)
    return;
  g_test_message ("seed %u", seed);
  for (guint i = 0; i < 60; i++)
    {
      random_op (fixture->devices[g_rand_int_range (rand, 0, 3)], rand);
      if (g_rand_int_range (rand, 0, 5) == 0)
        sync_ok (fixture, fixture->devices[g_rand_int_range (rand, 0, 3)], NULL);
    }
  for (guint round = 0; round < 2; round++)
    for (guint d = 0; d < 3; d++)
      sync_ok (fixture, fixture->devices[d], NULL);

  first = describe_library (fixture->devices[0]);
  g_test_message ("%s", first);
  for (guint d = 1; d < 3; d++)
    {
      g_autofree char *other = describe_library (fixture->devices[d]);

      g_assert_cmpstr (other, ==, first);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)
  ADD ("/sync/round/two-devices", test_two_devices);
  ADD ("/sync/round/note-conflict", test_note_conflict);
  ADD ("/sync/round/wrong-passphrase", test_wrong_passphrase);
  ADD ("/sync/round/wrong-password", test_wrong_password);
  ADD ("/sync/round/bad-files", test_bad_files);
  ADD ("/sync/round/server-gone", test_server_gone);
  ADD ("/sync/round/annotations", test_annotations);
  ADD ("/sync/round/annotation-concurrent", test_annotation_concurrent);
  ADD ("/sync/round/annotation-removed-paper", test_annotation_removed_paper);
  ADD ("/sync/round/position", test_position);
  ADD ("/sync/round/follows-and-dismissals", test_follows_and_dismissals);
  ADD ("/sync/round/tag-edits", test_tag_edits);
  ADD ("/sync/round/old-state-catch-up", test_old_state_catch_up);
  ADD ("/sync/round/random-three-devices", test_random_three_devices);
  ADD ("/sync/round/incremental-state", test_incremental_state);
  ADD ("/sync/round/added-back", test_added_back);
  ADD ("/sync/round/whole-state-read", test_whole_state_read);
  ADD ("/sync/round/snapshot", test_snapshot);
  ADD ("/sync/round/fault-full", test_fault_full);
  ADD ("/sync/round/fault-forbidden", test_fault_forbidden);
  ADD ("/sync/round/fault-locked", test_fault_locked);
  ADD ("/sync/round/fault-dropped-upload", test_fault_dropped_upload);
  ADD ("/sync/round/fault-answer-lost", test_fault_answer_lost);
  ADD ("/sync/round/fault-download", test_fault_download);
  return g_test_run ();
}
