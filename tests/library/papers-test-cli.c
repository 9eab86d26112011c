/* papers-test-cli.c: running the built `papers-reader` binary from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "papers-test-cli.h"

char *library_path;

void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

void
papers_env_va (Run                *run,
               const char * const *env,
               const char         *first,
               va_list             ap)
{
  g_autofree char *binary = g_build_filename (g_getenv ("PAPERS_BUILD_DIR"), "src", "papers-reader", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;

  g_ptr_array_add (args, binary);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; env[i] != NULL; i += 2)
    if (env[i + 1] != NULL)
      g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
    else
      g_subprocess_launcher_unsetenv (launcher, env[i]);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

void
papers (Run        *run,
        const char *first,
        ...)
{
  const char *env[] = { "PAPERS_LIBRARY", library_path, NULL };
  va_list ap;

  va_start (ap, first);
  papers_env_va (run, env, first, ap);
  va_end (ap);
}
