/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "papers-application.h"
#include "papers-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PapersApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* `papers-reader VERB …` is the scriptable command line; it never needs a
   * display, so it is dispatched before GTK is touched. */
  if (papers_cli_handles (argc, argv))
    return papers_cli_run (argc, argv);

  app = papers_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
