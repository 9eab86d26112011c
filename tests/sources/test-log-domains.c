/* test-log-domains.c: each layer logs in a domain of its own, so that
 * G_MESSAGES_DEBUG=Papers-Library shows the library's debug output alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "papers-recovery.h"
#include "papers-source-common.h"
#include "papers-store.h"

/* Every debug message logged, as "DOMAIN: message" */
static GPtrArray *logged;
static GLogFunc   test_handler;

/* g_test_init() prints messages through a default handler of its own; debug
 * messages are kept here instead (stdout carries the TAP stream), the others
 * go on to it */
static void
record_handler (const char     *domain,
                GLogLevelFlags  level,
                const char     *message,
                gpointer        user_data)
{
  if ((level & G_LOG_LEVEL_DEBUG) == 0)
    test_handler (domain, level, message, user_data);
  else
    g_ptr_array_add (logged, g_strdup_printf ("%s: %s", domain ? domain : "(none)", message));
}

/* Whether a debug message starting with @prefix was logged in @domain, and
 * none of that text in another domain */
static gboolean
logged_in (const char *domain,
           const char *prefix)
{
  g_autofree char *wanted = g_strdup_printf ("%s: %s", domain, prefix);
  gboolean found = FALSE;

  for (guint i = 0; i < logged->len; i++)
    {
      const char *line = logged->pdata[i];

      if (g_str_has_prefix (line, wanted))
        found = TRUE;
      else if (strstr (line, prefix) != NULL)
        return FALSE;
    }
  return found;
}

static void
test_library_domain (void)
{
  g_autofree char *dir = g_dir_make_tmp ("papers-log-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *backup_path = g_build_filename (dir, "library.db.backup-2024-01-01", NULL);
  g_autoptr(GError) error = NULL;
  PapersBackup *backup;

  /* A damaged backup is passed over with a debug message */
  g_assert_true (g_file_set_contents (backup_path, "not a library", -1, NULL));
  backup = papers_recovery_find_backup (db_path, &error);
  g_assert_null (backup);
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_assert_true (logged_in ("Papers-Library", "passing over"));

  g_assert_cmpint (g_unlink (backup_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_sources_domain (void)
{
  g_autoptr(GError) error = NULL;

  papers_source_set_bad_response (&error, "arXiv", "no <feed> element");
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
  g_assert_true (logged_in ("Papers-Sources", "arXiv: bad response: no <feed> element"));
}

/* What the domains are for: naming one layer shows its debug output and
 * not the others' */
static void
test_one_layer (void)
{
  g_assert_false (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, "Papers-Library"));
  g_assert_true (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, "Papers-Sources"));
  g_assert_true (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, "Papers-Sync"));
  g_assert_true (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, "Papers-UI"));
}

int
main (int   argc,
      char *argv[])
{
  /* As a user would run it; set before anything logs */
  g_setenv ("G_MESSAGES_DEBUG", "Papers-Library", TRUE);
  g_test_init (&argc, &argv, NULL);
  logged = g_ptr_array_new_with_free_func (g_free);
  test_handler = g_log_set_default_handler (record_handler, NULL);

  g_test_add_func ("/sources/log-domain/library", test_library_domain);
  g_test_add_func ("/sources/log-domain/sources", test_sources_domain);
  g_test_add_func ("/sources/log-domain/one-layer", test_one_layer);

  return g_test_run ();
}
