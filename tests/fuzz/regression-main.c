/* regression-main.c: replays a fuzz target's saved inputs as a plain test
 *
 * Every input that once crashed a fuzz target is kept in
 * tests/fuzz/regressions/TARGET/ and runs in the normal test suites
 * (and so under the sanitizers too), without libFuzzer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
replay (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
}

static void
replay_empty (void)
{
  static const guint8 nothing[1] = { 0 };

  LLVMFuzzerTestOneInput (nothing, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("usage: %s REGRESSION-DIR", argv[0]);

  dir = g_dir_open (argv[1], 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *test_path = g_strdup_printf ("/fuzz/regression/%s", name);

      g_test_add_data_func_full (test_path, g_build_filename (argv[1], name, NULL), replay, g_free);
    }

  /* The empty input is every target's first regression case. */
  g_test_add_func ("/fuzz/regression/empty-input", replay_empty);

  return g_test_run ();
}
