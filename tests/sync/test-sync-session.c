/* test-sync-session.c: rounds in the window's process (a worker thread,
 * the key derived once and kept) and the service that runs them, through
 * a real Apache mod_dav on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "papers-store-tags.h"
#include "papers-store-wait.h"
#include "papers-sync-crypto.h"
#include "papers-sync-engine.h"
#include "papers-sync-service.h"
#include "papers-test-dav.h"
#include "papers-test-wait.h"

#define PASSPHRASE "a long passphrase for the tests"
#define PAPER "2410.00001"

typedef struct
{
  PapersTestDav *server;
  PapersStore   *devices[2];
  char          *paths[2];
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *dir = g_getenv ("PAPERS_TEST_TMPDIR");
  g_autoptr(GError) error = NULL;

  fixture->server = papers_test_dav_start (&error);
  if (fixture->server == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_test_skip (error->message);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fixture->devices); i++)
    {
      g_autofree char *base = g_strdup_printf ("session-%u-%d.db", i, (int) getpid ());

      fixture->paths[i] = g_build_filename (dir ? dir : g_get_tmp_dir (), base, NULL);
      g_unlink (fixture->paths[i]);
      fixture->devices[i] = papers_store_new (fixture->paths[i], &error);
      g_assert_no_error (error);
    }
  papers_sync_forget_key ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture->devices); i++)
    {
      g_clear_object (&fixture->devices[i]);
      if (fixture->paths[i] != NULL)
        g_unlink (fixture->paths[i]);
      g_free (fixture->paths[i]);
    }
  g_clear_pointer (&fixture->server, papers_test_dav_stop);
  papers_sync_forget_key ();
  papers_sync_drop_cached_state ();
}

static void
tag (PapersStore *store,
     const char  *name)
{
  const char *tags[] = { name, NULL };
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  PapersPaper *paper = papers_paper_new (PAPER);

  papers_paper_set_title (paper, "Kept in the window's process");
  g_ptr_array_add (papers, paper);
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store,
                                    papers, TRUE));
  g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store,
                                    PAPER, tags, NULL));
  g_assert_no_error (error);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
ready (GObject      *source,
       GAsyncResult *result,
       gpointer      data)
{
  Wait *wait = data;

  /* The round's result comes in the caller's main context */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  wait->result = g_object_ref (result);
}

static gboolean
round_in_session (Fixture            *fixture,
                  PapersSyncSession  *session,
                  const char         *passphrase,
                  PapersSyncStats    *stats,
                  GHashTable        **conflicts,
                  GError            **error)
{
  Wait wait = { NULL };
  gboolean ok;

  papers_sync_session_run_async (session, papers_test_dav_get_url (fixture->server), PAPERS_TEST_DAV_USER,
                                 PAPERS_TEST_DAV_PASSWORD, passphrase, FALSE, NULL, ready, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = papers_sync_session_run_finish (session, wait.result, stats, conflicts, error);
  g_object_unref (wait.result);
  return ok;
}

static guint main_thread_announcements, other_thread_announcements;
static GThread *main_thread;

static void
announced_cb (void)
{
  if (g_thread_self () == main_thread)
    main_thread_announcements++;
  else
    other_thread_announcements++;
}

/* Two rounds after changes, a third after another passphrase was set and
 * reset: the key is derived in the first round only, until it is
 * forgotten; the window's own store hears nothing from the worker */
static void
test_key_kept (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PapersSyncSession) session = NULL;
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;
  guint before = papers_sync_get_key_derivations ();
  gint64 start;

  if (fixture->server == NULL)
    return;
  session = papers_sync_session_new (fixture->paths[0]);
  main_thread = g_thread_self ();
  main_thread_announcements = other_thread_announcements = 0;
  g_signal_connect (fixture->devices[0], "tags-changed", G_CALLBACK (announced_cb), NULL);
  g_signal_connect (fixture->devices[0], "paper-changed", G_CALLBACK (announced_cb), NULL);

  tag (fixture->devices[0], "first");
  g_assert_true (round_in_session (fixture, session, PASSPHRASE, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sent, >=, 2);
  g_assert_cmpuint (papers_sync_get_key_derivations (), ==, before + 1);

  tag (fixture->devices[0], "second");
  start = g_get_monotonic_time ();
  g_assert_true (round_in_session (fixture, session, PASSPHRASE, &stats, NULL, &error));
  g_test_message ("second round: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (papers_sync_get_key_derivations (), ==, before + 1);
  /* Only the test's own writes were announced, and in the main thread */
  g_assert_cmpuint (main_thread_announcements, >, 0);
  g_assert_cmpuint (other_thread_announcements, ==, 0);

  /* Forgotten (the reader signed out): derived again */
  papers_sync_forget_key ();
  g_assert_true (round_in_session (fixture, session, PASSPHRASE, &stats, NULL, &error));
  g_assert_cmpuint (papers_sync_get_key_derivations (), ==, before + 2);
  g_assert_cmpuint (stats.sent, ==, 0);
}

/* A wrong passphrase still says so, with the right key kept: the kept key
 * is wiped, and the right passphrase derives it again */
static void
test_wrong_passphrase (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PapersSyncSession) session = NULL;
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;
  guint before = papers_sync_get_key_derivations ();

  if (fixture->server == NULL)
    return;
  session = papers_sync_session_new (fixture->paths[0]);
  tag (fixture->devices[0], "first");
  g_assert_true (round_in_session (fixture, session, PASSPHRASE, &stats, NULL, &error));
  g_assert_false (round_in_session (fixture, session, "not the passphrase", &stats, NULL, &error));
  g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_cmpuint (papers_sync_get_key_derivations (), ==, before + 2);
  g_assert_true (round_in_session (fixture, session, PASSPHRASE, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (papers_sync_get_key_derivations (), ==, before + 3);
}

/* What B's round received is in B's library, read through B's own store,
 * once the round reports back; the conflicts come with it */
static void
test_received (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PapersSyncSession) a = NULL, b = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  PapersSyncStats stats;

  if (fixture->server == NULL)
    return;
  a = papers_sync_session_new (fixture->paths[0]);
  b = papers_sync_session_new (fixture->paths[1]);
  tag (fixture->devices[0], "ml");
  g_assert_true (round_in_session (fixture, a, PASSPHRASE, &stats, NULL, &error));
  g_assert_true (round_in_session (fixture, b, PASSPHRASE, &stats, &conflicts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.received, >=, 2);
  g_assert_null (conflicts);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error,
                             fixture->devices[1], PAPER);
  g_assert_no_error (error);
  g_assert_cmpstr (papers_paper_get_tags (paper)[0], ==, "ml");
}

/* A round cancelled before it begins says so, and the next one runs */
static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PapersSyncSession) session = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;
  Wait wait = { NULL };

  if (fixture->server == NULL)
    return;
  session = papers_sync_session_new (fixture->paths[0]);
  g_cancellable_cancel (cancellable);
  papers_sync_session_run_async (session, papers_test_dav_get_url (fixture->server), PAPERS_TEST_DAV_USER,
                                 PAPERS_TEST_DAV_PASSWORD, PASSPHRASE, FALSE, cancellable, ready, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (papers_sync_session_run_finish (session, wait.result, &stats, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&wait.result);
  g_assert_true (round_in_session (fixture, session, PASSPHRASE, &stats, NULL, &error));
  g_assert_no_error (error);
}

/* Waits until one of the service's counts reaches @value (rounds ended)
 * or is @value (changes waiting) */
typedef struct
{
  PapersSyncService *sync;
  guint            (*get) (PapersSyncService *sync);
  guint              value;
  gboolean           at_least;
} Until;

static gboolean
reached (gpointer data)
{
  Until *until = data;
  guint value = until->get (until->sync);

  return until->at_least ? value >= until->value : value == until->value;
}

static void
wait_rounds (PapersSyncService *sync,
             guint              wanted)
{
  Until until = { sync, papers_sync_service_get_rounds, wanted, TRUE };

  papers_test_wait_until (reached, &until, "the rounds");
}

static void
wait_pending (PapersSyncService *sync,
              guint              pending)
{
  Until until = { sync, papers_sync_service_get_pending, pending, FALSE };

  papers_test_wait_until (reached, &until, "the changes waiting");
}

/* A service watching device A, its credentials from the environment;
 * its program does not exist, so only rounds in this process can run */
static PapersSyncService *
service_for (Fixture *fixture,
             guint    after_change_ms)
{
  PapersSyncService *sync;

  g_setenv ("PAPERS_SYNC_URL", papers_test_dav_get_url (fixture->server), TRUE);
  g_setenv ("PAPERS_SYNC_USER", PAPERS_TEST_DAV_USER, TRUE);
  g_setenv ("PAPERS_SYNC_PASSWORD", PAPERS_TEST_DAV_PASSWORD, TRUE);
  g_setenv ("PAPERS_SYNC_PASSPHRASE", PASSPHRASE, TRUE);
  sync = papers_sync_service_new (NULL, "/nonexistent/papers-reader");
  papers_sync_service_set_delays (sync, after_change_ms, 3600 * 1000);
  papers_sync_service_watch_store (sync, fixture->devices[0]);
  return sync;
}

static void
service_done (PapersSyncService *sync)
{
  papers_sync_service_shutdown (sync, 0);
  g_unsetenv ("PAPERS_SYNC_URL");
  g_unsetenv ("PAPERS_SYNC_PASSPHRASE");
}

/* The service with the library watched: its rounds run in this process
 * (the program it was given does not exist), two edits reach the server
 * with one key derivation, and "changes waiting" is the log's unsent rows */
static void
test_service_in_process (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PapersSyncService) sync = NULL;
  guint before = papers_sync_get_key_derivations ();

  if (fixture->server == NULL)
    return;
  sync = service_for (fixture, 3600 * 1000);

  /* A paper added and tagged: two log rows, whatever the service heard */
  tag (fixture->devices[0], "first");
  wait_pending (sync, 2);
  papers_sync_service_sync_now (sync);
  wait_rounds (sync, 1);
  g_assert_null (papers_sync_service_get_error (sync));
  /* Counted again once the round is in */
  wait_pending (sync, 0);
  g_assert_cmpuint (papers_sync_get_key_derivations (), ==, before + 1);

  tag (fixture->devices[0], "second");
  wait_pending (sync, 1);
  papers_sync_service_sync_now (sync);
  wait_rounds (sync, 2);
  g_assert_null (papers_sync_service_get_error (sync));
  /* Counted again once the round is in */
  wait_pending (sync, 0);
  g_assert_cmpuint (papers_sync_get_key_derivations (), ==, before + 1);

  /* A wrong passphrase: the same message as `papers-reader sync` gives */
  g_setenv ("PAPERS_SYNC_PASSPHRASE", "not the passphrase", TRUE);
  papers_sync_service_sync_now (sync);
  wait_rounds (sync, 3);
  g_assert_nonnull (papers_sync_service_get_error (sync));
  g_assert_nonnull (strstr (papers_sync_service_get_error (sync), "passphrase"));
  service_done (sync);
}

static gboolean
configured (gpointer data)
{
  return papers_sync_service_get_configured (data);
}

/* A tag edit made through the watched store syncs on its own shortly
 * after, in this process */
static void
test_service_automatic (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PapersSyncService) sync = NULL;

  if (fixture->server == NULL)
    return;
  sync = service_for (fixture, 200);
  papers_sync_service_reload (sync);
  papers_test_wait_until (configured, sync, "configured");
  tag (fixture->devices[0], "automatic");
  wait_rounds (sync, 1);
  g_assert_null (papers_sync_service_get_error (sync));
  wait_pending (sync, 0);
  service_done (sync);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)
  ADD ("/sync/session/key-kept", test_key_kept);
  ADD ("/sync/session/wrong-passphrase", test_wrong_passphrase);
  ADD ("/sync/session/received", test_received);
  ADD ("/sync/session/cancelled", test_cancelled);
  ADD ("/sync/session/service-in-process", test_service_in_process);
  ADD ("/sync/session/service-automatic", test_service_automatic);
#undef ADD
  return g_test_run ();
}
