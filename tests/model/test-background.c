/* test-background.c: the XDG autostart entry that "Check for new papers
 * in the background" writes outside Flatpak (the portal's side is the e2e
 * test_background_pref, against a fake portal on a session bus)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "papers-background.h"

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
request (gboolean   enable,
         GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  papers_background_request_async (enable, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return papers_background_request_finish (result, error);
}

/* The command line a login session runs for @path, read as GIO reads it
 * (the key file's escapes, then the Exec quoting) */
static GStrv
launched_argv (const char *path)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *exec = NULL;
  g_autoptr(GString) expanded = NULL;
  char **argv = NULL;

  g_assert_true (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL));
  g_assert_true (g_key_file_get_boolean (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, NULL));
  exec = g_key_file_get_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE, NULL);
  g_assert_cmpstr (exec, ==, "Application");
  g_free (exec);
  exec = g_key_file_get_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, NULL);
  g_assert_nonnull (exec);
  expanded = g_string_new (exec);
  /* The only field code it may hold is "%%" */
  g_string_replace (expanded, "%%", "%", 0);
  g_assert_true (g_shell_parse_argv (expanded->str, NULL, &argv, NULL));
  return argv;
}

static void
test_autostart (void)
{
  g_autofree char *path = papers_background_autostart_path ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;

  g_assert_false (papers_background_uses_portal ());
  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (request (TRUE, &error));
  g_assert_no_error (error);
  argv = launched_argv (path);
  g_assert_cmpuint (g_strv_length (argv), ==, 2);
  g_assert_true (g_path_is_absolute (argv[0]));
  g_assert_cmpstr (argv[1], ==, "--background");
  /* On again: the same file */
  g_assert_true (request (TRUE, &error));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (request (FALSE, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Off when already off: nothing to do, no error */
  g_assert_true (request (FALSE, &error));
  g_assert_no_error (error);
}

/* A program in a folder whose name needs quoting still starts */
static void
test_exec_quoting (void)
{
  static const char *programs[] = {
    "/opt/My Papers/papers-reader",
    "/tmp/a\"b$c`d\\e 100%/papers-reader",
    "/tmp/tab\there/papers-reader",
    "/usr/bin/papers-reader",
  };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *entry = papers_background_autostart_entry (programs[i]);
      g_autofree char *path = g_build_filename (g_get_tmp_dir (), "papers-test-autostart.desktop", NULL);
      g_auto(GStrv) argv = NULL;

      g_assert_true (g_file_set_contents (path, entry, -1, NULL));
      argv = launched_argv (path);
      g_assert_cmpstr (argv[0], ==, programs[i]);
      g_assert_cmpstr (argv[1], ==, "--background");
      g_assert_null (argv[2]);
      g_unlink (path);
    }
}

/* The autostart folder cannot be made: an error that says so, no crash */
static void
test_unwritable (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_config_dir (), "autostart", NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_rmdir (folder);
  g_assert_true (g_file_set_contents (folder, "not a folder", -1, NULL));
  g_assert_false (request (TRUE, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "cannot start at login"));
  g_unlink (folder);
}

/* Which command lines start the windowless service: --background as an
 * option, not as a file name after "--", nor a look-alike */
static void
test_wanted (void)
{
  static const struct { const char *argv[5]; gboolean wanted; } cases[] = {
    { { "papers-reader", "--background", NULL }, TRUE },
    { { "papers-reader", "--background-next=5", "--background", NULL }, TRUE },
    { { "papers-reader", NULL }, FALSE },
    { { "papers-reader", "--backgrounds", NULL }, FALSE },
    { { "papers-reader", "-background", NULL }, FALSE },
    { { "papers-reader", "--", "--background", NULL }, FALSE },
    { { "papers-reader", "file:///tmp/--background", NULL }, FALSE },
    { { "papers-reader", "--background-next=5", NULL }, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (papers_background_wanted (g_strv_length ((char **) cases[i].argv), (char **) cases[i].argv),
                     ==, cases[i].wanted);
  g_assert_false (papers_background_wanted (0, NULL));
}

/* A hand-over's next round: the rest of the wait, never less than a
 * second, and a whole interval for nothing or nonsense (a time past by
 * more than an interval is due at once; one further than an interval
 * away is not believed) */
static void
test_seconds_until (void)
{
  gint64 now = g_get_monotonic_time ();
  guint left;

  g_setenv ("PAPERS_TEST_BACKGROUND_INTERVAL", "100", TRUE);
  g_assert_cmpuint (papers_background_interval (), ==, 100);
  g_assert_cmpuint (papers_background_seconds_until (0), ==, 100);
  g_assert_cmpuint (papers_background_seconds_until (-5), ==, 100);
  g_assert_cmpuint (papers_background_seconds_until (G_MAXINT64), ==, 100);
  g_assert_cmpuint (papers_background_seconds_until (now + 1000 * G_USEC_PER_SEC), ==, 100);
  g_assert_cmpuint (papers_background_seconds_until (now - 1000 * G_USEC_PER_SEC), ==, 1);
  g_assert_cmpuint (papers_background_seconds_until (now), ==, 1);
  left = papers_background_seconds_until (now + 30 * G_USEC_PER_SEC);
  g_assert_cmpuint (left, >=, 29);
  g_assert_cmpuint (left, <=, 30);
  g_setenv ("PAPERS_TEST_BACKGROUND_INTERVAL", "not a number", TRUE);
  g_assert_cmpuint (papers_background_interval (), ==, PAPERS_BACKGROUND_INTERVAL_S);
  g_setenv ("PAPERS_TEST_BACKGROUND_INTERVAL", "0", TRUE);
  g_assert_cmpuint (papers_background_interval (), ==, PAPERS_BACKGROUND_INTERVAL_S);
  g_unsetenv ("PAPERS_TEST_BACKGROUND_INTERVAL");
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("PAPERS_TEST_BACKGROUND_PORTAL");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/background/autostart", test_autostart);
  g_test_add_func ("/background/exec-quoting", test_exec_quoting);
  g_test_add_func ("/background/unwritable", test_unwritable);
  g_test_add_func ("/background/wanted", test_wanted);
  g_test_add_func ("/background/seconds-until", test_seconds_until);
  return g_test_run ();
}
