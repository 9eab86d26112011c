/* test-crash.c: a writer killed with SIGKILL loses nothing it acknowledged
 *
 * The test runs itself as a child ("--child PATH") that makes 1 000
 * writes, printing each id once its transaction returned.  The parent
 * kills it midway, then checks the database: PRAGMA integrity_check
 * passes and every acknowledged write is there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "papers-db.h"
#include "papers-store.h"
#include "papers-store-wait.h"

#define N_WRITES 1000

static int
child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = papers_store_new (path, &error);

  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  for (int i = 0; i < N_WRITES; i++)
    {
      g_autofree char *id = g_strdup_printf ("crash.%04d", i);
      g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
      PapersPaper *paper = papers_paper_new (id);
      const char *tags[] = { i % 2 ? "odd" : "even", NULL };
      gboolean ok;

      papers_paper_set_title (paper, "A paper written before a crash");
      papers_paper_set_abstract (paper, "Durability of acknowledged writes under SIGKILL.");
      g_ptr_array_add (papers, paper);

      /* Different kinds of write: a batch upsert, a tag, a note */
      switch (i % 3)
        {
        case 0:
          ok = papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store,
                                  papers, TRUE);
          break;
        case 1:
          ok = papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store,
                                  papers, FALSE) &&
               papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store, id,
                                  tags, NULL);
          break;
        default:
          ok = papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store,
                                  papers, FALSE) &&
               papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, store, id,
                                  "acknowledged");
        }
      if (!ok)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      printf ("%s\n", id);
      fflush (stdout);
      /* Wait for the parent's go-ahead, so the parent, however slow
       * (valgrind), decides which write the kill interrupts. */
      if (getchar () == EOF)
        return 0;
    }
  return 0;
}

static void
test_crash_sigkill (void)
{
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-crash", NULL);
  g_autofree char *path = g_strdup_printf ("%s/crash.db", g_getenv ("PAPERS_TEST_TMPDIR"));
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GPtrArray) acknowledged = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  guint kill_after = g_test_rand_int_range (200, 700);
  char *line;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                              self, "--child", path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      GOutputStream *go_ahead = g_subprocess_get_stdin_pipe (process);

      g_ptr_array_add (acknowledged, line);
      /* Let the child start its next write; after kill_after of them, kill
       * it while that write is under way. */
      g_output_stream_write_all (go_ahead, "\n", 1, NULL, NULL, NULL);
      g_output_stream_flush (go_ahead, NULL, NULL);
      if (acknowledged->len == kill_after)
        g_subprocess_force_exit (process);
    }
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
  g_assert_cmpuint (acknowledged->len, >=, kill_after);
  g_assert_cmpuint (acknowledged->len, <, N_WRITES);

  /* Integrity, then every acknowledged write */
  {
    PapersDb *db = papers_db_open (path, TRUE, &error);

    g_assert_no_error (error);
    g_assert_true (papers_db_check_integrity (db, &error));
    g_assert_no_error (error);
    papers_db_close (db);
  }

  store = papers_store_new_full (path, PAPERS_STORE_OPEN_CHECK_INTEGRITY, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < acknowledged->len; i++)
    {
      const char *id = acknowledged->pdata[i];
      g_autoptr(PapersPaper) paper = papers_store_wait (papers_store_get_paper_async,
                                                        papers_store_get_paper_finish, &error, store, id);
      int n = atoi (id + strlen ("crash."));

      g_assert_no_error (error);
      g_assert_true (papers_paper_get_in_library (paper));
      if (n % 3 == 1)
        g_assert_cmpstr (papers_paper_get_tags (paper)[0], ==, n % 2 ? "odd" : "even");
      else if (n % 3 == 2)
        g_assert_cmpstr (papers_paper_get_note (paper), ==, "acknowledged");
    }

  /* The search index agrees with the tables */
  {
    g_autoptr(GListModel) found = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                     &error, store, "durability", 0, N_WRITES);
    g_autoptr(GListModel) all = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                   &error, store, "", 0, N_WRITES);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, g_list_model_get_n_items (all));
    g_assert_cmpuint (g_list_model_get_n_items (all), >=, acknowledged->len);
  }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return child (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/library/store/crash-sigkill", test_crash_sigkill);
  return g_test_run ();
}
