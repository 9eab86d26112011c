/* papers-cli.c: dispatches `papers VERB …` to the verbs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "papers-cli.h"
#include "papers-cli-sources.h"

static void
print_help (FILE *out)
{
  fprintf (out,
           _("Usage:\n"
             "  papers                      Start the application\n"
             "  papers VERB [ARGS…]         Work with the library from the command line\n"
             "\n"
             "Verbs:\n"
             "  fetch hf-daily [--date YYYY-MM-DD | --week YYYY-Www | --month YYYY-MM] [--trending]\n"
             "  fetch hf-search QUERY       Search Hugging Face papers\n"
             "  fetch arxiv-search QUERY    Search arXiv (its query syntax)\n"
             "  fetch arxiv-feed CAT[+CAT…] New papers of arXiv categories\n"
             "  add ID-OR-URL               Add a paper, fetching its metadata\n"
             "  download ID-OR-URL          Download a paper's PDF\n"
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
         g_str_equal (argv[1], "help") || g_str_equal (argv[1], "--version") ||
         g_str_equal (argv[1], "fetch") || g_str_equal (argv[1], "add") ||
         g_str_equal (argv[1], "download");
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
  if (g_str_equal (argv[1], "fetch"))
    return papers_cli_fetch (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "add"))
    return papers_cli_add (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "download"))
    return papers_cli_download (argc - 1, argv + 1);

  print_help (stdout);
  return 0;
}
