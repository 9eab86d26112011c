/* test-recovery.c: a damaged library set aside and its backup restored;
 * a library that cannot be written opened read-only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "papers-recovery.h"
#include "papers-store.h"
#include "papers-store-wait.h"

/* Set in the copy of a test that runs inside bubblewrap, with this folder
 * mounted read-only (a real read-only file system, which root cannot
 * write either) */
#define READ_ONLY_ENV "PAPERS_TEST_READ_ONLY_DIR"

static char *
new_folder (void)
{
  const char *tmp = g_getenv ("PAPERS_TEST_TMPDIR");
  g_autofree char *template = g_build_filename (tmp ? tmp : g_get_tmp_dir (), "recovery-XXXXXX", NULL);

  return g_mkdtemp (g_steal_pointer (&template));
}

static PapersPaper *
make_paper (const char *id,
            const char *title)
{
  PapersPaper *paper = papers_paper_new (id);

  papers_paper_set_arxiv_id (paper, id);
  papers_paper_set_title (paper, title);
  return paper;
}

static void
add_paper (PapersStore *store,
           const char  *id,
           const char  *title,
           const char  *tag)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *tags[] = { tag, NULL };

  g_ptr_array_add (papers, make_paper (id, title));
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
  if (tag != NULL)
    {
      g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error,
                                        store, id, tags, NULL));
      g_assert_no_error (error);
    }
}

/* A library of @n papers (the first two tagged "thesis") in @dir, and a
 * backup of it made as the application makes one */
static char *
library_with_backup (const char *dir,
                     guint       n)
{
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = papers_store_new (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("2401.%05u", i + 1);
      g_autofree char *title = g_strdup_printf ("Paper number %u", i + 1);

      add_paper (store, id, title, i < 2 ? "thesis" : NULL);
    }
  g_assert_true (papers_store_wait (papers_store_maintain_async, papers_store_maintain_finish, &error, store,
                                    PAPERS_STORE_MAINTAIN_FORCE_BACKUP));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static GBytes *
garble (const char *path)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint8 bytes[8192];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (path, (const char *) bytes, sizeof bytes, NULL));
  return g_bytes_new (bytes, sizeof bytes);
}

static void
assert_contents (const char *path,
                 GBytes     *expected)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static guint
count_papers (const char *path,
              const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = papers_store_new (path, &error);
  g_autoptr(GListModel) found = NULL;

  g_assert_no_error (error);
  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store, query, 0,
                             1000);
  g_assert_no_error (error);
  return g_list_model_get_n_items (found);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static GDateTime *
fixed_time (void)
{
  return g_date_time_new_local (2025, 3, 14, 15, 9, 26);
}

/* A backup made by the store, restored over garbage: the papers and tags
 * come back, the damaged file (and the stale log beside it) is kept under
 * a dated name, the backup stays. */
static void
test_restore (void)
{
  g_autofree char *dir = new_folder ();
  g_autofree char *path = library_with_backup (dir, 3);
  g_autofree char *backup_path = papers_store_dup_latest_backup (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *aside_wal = NULL;
  g_autoptr(GDateTime) when = fixed_time ();
  g_autoptr(PapersBackup) backup = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GBytes) stale_log = g_bytes_new_static ("a log the damaged file left", 27);
  g_autoptr(GError) error = NULL;

  /* A paper added after the backup is not in it */
  {
    g_autoptr(PapersStore) store = papers_store_new (path, &error);

    add_paper (store, "2401.09999", "After the backup", NULL);
  }
  damaged = garble (path);
  g_assert_true (g_file_set_contents (wal, g_bytes_get_data (stale_log, NULL), 27, NULL));

  backup = papers_recovery_find_backup (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (backup->path, ==, backup_path);
  g_assert_cmpuint (backup->n_papers, ==, 3);
  g_assert_nonnull (backup->made);
  g_clear_pointer (&backup, papers_backup_free);

  backup = papers_recovery_restore (path, when, &aside, &error);
  g_assert_no_error (error);
  g_assert_nonnull (backup);
  g_assert_cmpuint (backup->n_papers, ==, 3);
  g_assert_cmpstr (backup->path, ==, backup_path);
  g_assert_true (g_str_has_suffix (aside, "library.db.damaged-2025-03-14-150926"));

  assert_contents (aside, damaged);
  aside_wal = g_strconcat (aside, "-wal", NULL);
  assert_contents (aside_wal, stale_log);
  g_assert_true (g_file_test (backup_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_papers (path, ""), ==, 3);
  g_assert_cmpuint (count_papers (path, "tag:thesis"), ==, 2);
  g_assert_cmpuint (count_papers (path, "number"), ==, 3);
}

/* The newest backup is damaged, and newer names hold an empty file and a
 * folder: the next older good one is restored. */
static void
test_damaged_backup (void)
{
  g_autofree char *dir = new_folder ();
  g_autofree char *path = library_with_backup (dir, 2);
  g_autofree char *older = papers_store_dup_latest_backup (path);
  g_autofree char *newer = NULL;
  g_autofree char *empty = g_strconcat (path, ".backup-9999-12-31", NULL);
  g_autofree char *folder = g_strconcat (path, ".backup-9999-12-30", NULL);
  g_autoptr(PapersBackup) backup = NULL;
  g_autoptr(GBytes) garbage = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(PapersStore) store = papers_store_new (path, &error);

    add_paper (store, "2401.00003", "A third paper", NULL);
    g_assert_true (papers_store_wait (papers_store_maintain_async, papers_store_maintain_finish, &error,
                                      store, PAPERS_STORE_MAINTAIN_FORCE_BACKUP));
  }
  newer = papers_store_dup_latest_backup (path);
  g_assert_cmpstr (newer, !=, older);
  g_clear_pointer (&garbage, g_bytes_unref);
  garbage = garble (newer);
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_clear_pointer (&garbage, g_bytes_unref);
  garbage = garble (path);

  backup = papers_recovery_restore (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (backup->path, ==, older);
  g_assert_cmpuint (backup->n_papers, ==, 2);
  g_assert_cmpuint (count_papers (path, ""), ==, 2);
  /* The damaged backup is not "repaired" or removed either */
  g_assert_true (g_file_test (newer, G_FILE_TEST_IS_REGULAR));
}

/* No backup, or none that opens: nothing is moved, nothing is made. */
static void
test_no_backup (void)
{
  g_autofree char *dir = new_folder ();
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *bad_backup = g_strconcat (path, ".backup-2025-01-01", NULL);
  g_autoptr(GBytes) damaged = garble (path);
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;

  g_assert_null (papers_recovery_find_backup (path, &error));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  bad = garble (bad_backup);
  g_assert_null (papers_recovery_restore (path, NULL, &aside, &error));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_assert_null (aside);
  assert_contents (path, damaged);
  assert_contents (bad_backup, bad);
  g_assert_cmpuint (count_files (dir), ==, 2);
}

/* Names already taken are never overwritten: the next free one is used,
 * for the file and for the log beside it.  Leftovers of a restore that
 * stopped half way are no obstacle. */
static void
test_names_taken (void)
{
  g_autofree char *dir = new_folder ();
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *first = g_strconcat (path, ".damaged-2025-03-14-150926", NULL);
  g_autofree char *third_wal = g_strconcat (path, ".damaged-2025-03-14-150926-3-wal", NULL);
  g_autofree char *restoring = g_strconcat (path, ".restoring", NULL);
  g_autofree char *restoring_tmp = g_strconcat (path, ".restoring.tmp", NULL);
  g_autoptr(GDateTime) when = fixed_time ();
  g_autoptr(GBytes) earlier = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;

  earlier = garble (first);
  damaged = garble (path);
  g_assert_true (g_file_set_contents (third_wal, "taken", 5, NULL));

  aside = papers_recovery_set_aside (path, when, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (aside, ".damaged-2025-03-14-150926-2"));
  assert_contents (first, earlier);
  assert_contents (aside, damaged);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&aside, g_free);

  /* -3 has a log of its name: the file goes to -4 */
  g_bytes_unref (garble (path));
  aside = papers_recovery_set_aside (path, when, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (aside, ".damaged-2025-03-14-150926-4"));
  g_clear_pointer (&aside, g_free);

  /* Nothing to set aside */
  g_assert_null (papers_recovery_set_aside (path, when, &error));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A restore over leftovers of one that stopped */
  g_free (library_with_backup (dir, 1));
  g_bytes_unref (garble (path));
  g_assert_true (g_file_set_contents (restoring, "half", 4, NULL));
  g_assert_true (g_file_set_contents (restoring_tmp, "half", 4, NULL));
  {
    g_autoptr(PapersBackup) backup = papers_recovery_restore (path, when, &aside, &error);

    g_assert_no_error (error);
    g_assert_nonnull (backup);
  }
  g_assert_true (g_str_has_suffix (aside, ".damaged-2025-03-14-150926-5"));
  g_assert_cmpuint (count_papers (path, ""), ==, 1);
  g_assert_false (g_file_test (restoring, G_FILE_TEST_EXISTS));
}

/* Runs the current test again inside bubblewrap, with @dir mounted
 * read-only; the copy sees READ_ONLY_ENV.  FALSE (the test skipped) when
 * bubblewrap cannot make the mount here. */
static gboolean
run_with_read_only (const char *dir)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), READ_ONLY_ENV, dir, TRUE);
  const char *probe[] = { "bwrap", "--dev-bind", "/", "/", "--ro-bind", dir, dir, "true", NULL };
  const char *argv[] = { "bwrap", "--dev-bind", "/", "/", "--ro-bind", dir, dir,
                         self, "-p", g_test_get_path (), NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) probe, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("bubblewrap cannot make a read-only mount here");
      return FALSE;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                               &error));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("the read-only run failed:\n%s\n%s", out, err);
  return TRUE;
}

/* The folder cannot be written: the restore says so and changes nothing. */
static void
test_read_only_folder (void)
{
  const char *ro = g_getenv (READ_ONLY_ENV);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) damaged = NULL;
  guint files;

  if (ro != NULL)
    {
      g_autofree char *ro_path = g_build_filename (ro, "library.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *aside = NULL;

      g_assert_null (papers_recovery_restore (ro_path, NULL, &aside, &error));
      g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY);
      g_assert_nonnull (strstr (error->message, "read-only"));
      g_clear_error (&error);
      g_assert_null (papers_recovery_set_aside (ro_path, NULL, &error));
      g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY);
      return;
    }

  dir = new_folder ();
  path = library_with_backup (dir, 2);
  damaged = garble (path);
  files = count_files (dir);
  if (!run_with_read_only (dir))
    return;
  assert_contents (path, damaged);
  g_assert_cmpuint (count_files (dir), ==, files);
}

/* A library on a read-only file system opens read-only for the window
 * (reads work, writes fail with READ_ONLY) and not at all for others.
 * Closed cleanly, its folder holds no WAL index, which SQLite cannot make
 * there: it is read as immutable. */
static void
test_read_only_library (void)
{
  const char *ro = g_getenv (READ_ONLY_ENV);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *tags[] = { "new", NULL };

  if (ro != NULL)
    {
      g_autofree char *ro_path = g_build_filename (ro, "library.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PapersStore) store = papers_store_new (ro_path, &error);
      g_autoptr(GListModel) found = NULL;

      g_assert_null (store);
      g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY);
      g_clear_error (&error);

      store = papers_store_new_full (ro_path, PAPERS_STORE_OPEN_READ_ONLY_OK, &error);
      g_assert_no_error (error);
      g_assert_true (papers_store_is_read_only (store));
      found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                                 "tag:thesis", 0, 100);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (found), ==, 2);
      g_assert_false (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error,
                                         store, "2401.00001", tags, NULL));
      g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY);
      return;
    }

  dir = new_folder ();
  path = library_with_backup (dir, 3);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PapersStore) store = papers_store_new_full (path, PAPERS_STORE_OPEN_READ_ONLY_OK, &error);

    g_assert_no_error (error);
    g_assert_false (papers_store_is_read_only (store));
  }
  if (!run_with_read_only (dir))
    return;
  g_assert_cmpuint (count_papers (path, "tag:new"), ==, 0);
  g_assert_cmpuint (count_papers (path, ""), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/recovery/restore", test_restore);
  g_test_add_func ("/library/recovery/damaged-backup", test_damaged_backup);
  g_test_add_func ("/library/recovery/no-backup", test_no_backup);
  g_test_add_func ("/library/recovery/names-taken", test_names_taken);
  g_test_add_func ("/library/recovery/read-only-folder", test_read_only_folder);
  g_test_add_func ("/library/recovery/read-only-library", test_read_only_library);

  return g_test_run ();
}
