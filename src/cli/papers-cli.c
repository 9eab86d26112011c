/* papers-cli.c: dispatches `papers VERB …` to the verbs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "papers-cli.h"

static void
print_help (FILE *out)
{
  fprintf (out,
           _("Usage:\n"
             "  papers                      Start the application\n"
             "  papers VERB [ARGS…]         Work with the library from the command line\n"
             "\n"
             "Options:\n"
             "  -h, --help                  Show this help\n"
             "  --version                   Show the version\n"));
}

gboolean
papers_cli_handles (int    argc,
                    char **argv)
{
  if (argc < 2)
    return FALSE;

  return g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
         g_str_equal (argv[1], "help") || g_str_equal (argv[1], "--version");
}

int
papers_cli_run (int    argc,
                char **argv)
{
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("papers %s\n", PACKAGE_VERSION);
      return 0;
    }

  print_help (stdout);
  return 0;
}
