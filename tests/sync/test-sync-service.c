/* test-sync-service.c: the window's sync rounds, run by a stand-in for
 * `papers-reader` (a shell script that logs each run): one at a time,
 * debounced, an error's message, and a quit that ends a running round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "papers-sync-service.h"
#include "papers-test-wait.h"

typedef struct
{
  char *dir;
  char *program;
  char *log;
} Fixture;

/* The stand-in: logs "start VERB" and "end VERB", sleeps $STANDIN_SLEEP
 * in a sync, prints its --json or $STANDIN_ERROR and exits with it */
static const char standin[] =
  "#!/bin/sh\n"
  "echo \"start $1\" >> \"$STANDIN_LOG\"\n"
  "if [ \"$1\" = sync ]; then sleep \"${STANDIN_SLEEP:-0}\"; fi\n"
  "echo \"end $1\" >> \"$STANDIN_LOG\"\n"
  "if [ -n \"$STANDIN_ERROR\" ]; then echo \"papers-reader $1: $STANDIN_ERROR\" >&2; exit 1; fi\n"
  "if [ \"$1\" = sync ]; then\n"
  "  echo '{\"sent\": 1, \"received\": 2, \"conflicts\": 1, \"bytes_up\": 3, \"bytes_down\": 4}'\n"
  "else\n"
  "  echo '[{\"paper\": \"2410.00001\", \"versions\": [{\"device\": \"aa\", \"stamp\": \"1700000000000-0-aa\","
  " \"text\": \"one\"}, {\"device\": \"bb\", \"stamp\": \"1700000001000-0-bb\", \"text\": \"two\"}]}]'\n"
  "fi\n";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("papers-sync-service-XXXXXX", NULL);
  fixture->program = g_build_filename (fixture->dir, "papers-reader", NULL);
  fixture->log = g_build_filename (fixture->dir, "log", NULL);
  g_assert_true (g_file_set_contents (fixture->program, standin, -1, NULL));
  g_assert_cmpint (g_chmod (fixture->program, 0755), ==, 0);
  g_setenv ("STANDIN_LOG", fixture->log, TRUE);
  g_setenv ("STANDIN_SLEEP", "0", TRUE);
  g_unsetenv ("STANDIN_ERROR");
  g_setenv ("PAPERS_SYNC_URL", "http://127.0.0.1:9/dav/", TRUE);
  g_setenv ("PAPERS_SYNC_USER", "ada", TRUE);
  g_setenv ("PAPERS_SYNC_PASSWORD", "secret", TRUE);
  g_setenv ("PAPERS_SYNC_PASSPHRASE", "phrase", TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_remove (fixture->program);
  g_remove (fixture->log);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->program);
  g_free (fixture->log);
}

static char *
read_log (Fixture *fixture)
{
  char *log = NULL;

  if (!g_file_get_contents (fixture->log, &log, NULL, NULL))
    return g_strdup ("");
  return log;
}

static guint
count (const char *log,
       const char *line)
{
  guint n = 0;

  for (const char *p = log; (p = strstr (p, line)) != NULL; p += strlen (line))
    n++;
  return n;
}

/* Runs the main context for @ms: what may (or must not) happen meanwhile */
static void
set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add_once (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
rounds_reached (gpointer data)
{
  return papers_sync_service_get_rounds (data) >= GPOINTER_TO_UINT (g_object_get_data (data, "wanted"));
}

static void
wait_rounds (PapersSyncService *sync,
             guint              wanted)
{
  g_object_set_data (G_OBJECT (sync), "wanted", GUINT_TO_POINTER (wanted));
  papers_test_wait_until (rounds_reached, sync, "the rounds");
}

static gboolean
configured (gpointer data)
{
  return papers_sync_service_get_configured (data);
}

/* Sync Now three times while a round runs: one more round follows it,
 * never overlapping it */
static void
test_one_at_a_time (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PapersSyncService) sync = papers_sync_service_new (NULL, fixture->program);
  g_autofree char *log = NULL;
  guint synced = 0;

  g_setenv ("STANDIN_SLEEP", "0.3", TRUE);
  g_signal_connect_swapped (sync, "synced", G_CALLBACK (g_atomic_int_inc), &synced);
  papers_sync_service_sync_now (sync);
  papers_sync_service_sync_now (sync);
  papers_sync_service_sync_now (sync);
  g_assert_true (papers_sync_service_get_syncing (sync));
  wait_rounds (sync, 2);
  g_assert_false (papers_sync_service_get_syncing (sync));
  log = read_log (fixture);
  g_assert_cmpstr (log, ==,
                   "start sync\nend sync\nstart conflicts\nend conflicts\n"
                   "start sync\nend sync\nstart conflicts\nend conflicts\n");
  g_assert_cmpuint (synced, ==, 2);
  g_assert_null (papers_sync_service_get_error (sync));
  g_assert_cmpint (papers_sync_service_get_last_synced (sync), >, 0);
}

/* A burst of changes makes one round, once they pause; what was pending
 * is sent */
static void
test_debounced (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PapersSyncService) sync = papers_sync_service_new (NULL, fixture->program);
  g_autofree char *log = NULL;

  papers_sync_service_set_delays (sync, 200, 3600 * 1000);
  papers_sync_service_reload (sync);
  papers_test_wait_until (configured, sync, "configured");
  for (guint i = 0; i < 5; i++)
    {
      papers_sync_service_note_change (sync);
      g_usleep (20 * 1000);
    }
  g_assert_cmpuint (papers_sync_service_get_pending (sync), ==, 5);
  g_assert_cmpuint (papers_sync_service_get_rounds (sync), ==, 0);
  wait_rounds (sync, 1);
  /* No second round comes of the same burst */
  wait_ms (400);
  g_assert_cmpuint (papers_sync_service_get_rounds (sync), ==, 1);
  log = read_log (fixture);
  g_assert_cmpuint (count (log, "start sync"), ==, 1);
  g_assert_cmpuint (papers_sync_service_get_pending (sync), ==, 0);
}

/* An unconfigured library never syncs on its own */
static void
test_unconfigured (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PapersSyncService) sync = NULL;
  g_autofree char *log = NULL;

  g_setenv ("PAPERS_SYNC_URL", "", TRUE);
  sync = papers_sync_service_new (NULL, fixture->program);
  papers_sync_service_set_delays (sync, 50, 100);
  papers_sync_service_start (sync);
  papers_sync_service_note_change (sync);
  wait_ms (400);
  log = read_log (fixture);
  g_assert_cmpstr (log, ==, "");
  g_assert_false (papers_sync_service_get_configured (sync));
  /* Asked to, it says why not */
  papers_sync_service_sync_now (sync);
  wait_rounds (sync, 2);
  g_assert_nonnull (papers_sync_service_get_error (sync));
  g_assert_nonnull (strstr (papers_sync_service_get_error (sync), "not set up"));
}

/* A failed round's message is the command's, without its prefix */
static void
test_error (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(PapersSyncService) sync = papers_sync_service_new (NULL, fixture->program);

  g_setenv ("STANDIN_ERROR", "The passphrase is not the one this library was encrypted with.", TRUE);
  papers_sync_service_sync_now (sync);
  wait_rounds (sync, 1);
  g_assert_cmpstr (papers_sync_service_get_error (sync), ==,
                   "The passphrase is not the one this library was encrypted with.");
  g_assert_cmpint (papers_sync_service_get_last_synced (sync), ==, 0);
  g_unsetenv ("STANDIN_ERROR");
  papers_sync_service_sync_now (sync);
  wait_rounds (sync, 2);
  g_assert_null (papers_sync_service_get_error (sync));
}

/* The conflicts listed after a round */
static void
test_conflicts (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PapersSyncService) sync = papers_sync_service_new (NULL, fixture->program);
  GPtrArray *versions;
  PapersSyncNoteVersion *first;

  papers_sync_service_sync_now (sync);
  wait_rounds (sync, 1);
  versions = papers_sync_service_get_note_versions (sync, "2410.00001");
  g_assert_nonnull (versions);
  g_assert_cmpuint (versions->len, ==, 2);
  first = versions->pdata[0];
  g_assert_cmpstr (first->text, ==, "one");
  g_assert_cmpint (first->wall_ms, ==, 1700000000000);
  g_assert_null (papers_sync_service_get_note_versions (sync, "2410.00002"));
  papers_sync_service_forget_conflict (sync, "2410.00001");
  g_assert_null (papers_sync_service_get_note_versions (sync, "2410.00001"));
}

/* Quitting during a round that would take 30 s: its child is ended at
 * the deadline and reaped, and no error is shown for it */
static void
test_shutdown (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PapersSyncService) sync = papers_sync_service_new (NULL, fixture->program);
  g_autofree char *log = NULL;
  gint64 start;

  g_setenv ("STANDIN_SLEEP", "30", TRUE);
  papers_sync_service_sync_now (sync);
  while ((g_free (log), log = read_log (fixture), strstr (log, "start sync") == NULL))
    wait_ms (20);
  start = g_get_monotonic_time ();
  papers_sync_service_shutdown (sync, 200 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_false (papers_sync_service_get_syncing (sync));
  g_assert_null (papers_sync_service_get_error (sync));
  /* Nothing starts after it */
  papers_sync_service_sync_now (sync);
  papers_sync_service_note_change (sync);
  g_assert_false (papers_sync_service_get_syncing (sync));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/service/one-at-a-time", test_one_at_a_time);
  ADD ("/sync/service/debounced", test_debounced);
  ADD ("/sync/service/unconfigured", test_unconfigured);
  ADD ("/sync/service/error", test_error);
  ADD ("/sync/service/conflicts", test_conflicts);
  ADD ("/sync/service/shutdown", test_shutdown);
#undef ADD
  return g_test_run ();
}
