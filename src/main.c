/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "papers-application.h"
#include "papers-background.h"
#include "papers-cli.h"
#include "papers-background-service.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PapersApplication) app = NULL;
  g_autoptr(PapersBackgroundService) service = NULL;
  char **handover;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* `papers-reader VERB …` is the scriptable command line; it never needs a
   * display, so it is dispatched before GTK is touched. */
  if (papers_cli_handles (argc, argv))
    return papers_cli_run (argc, argv);

  /* `--background`: the windowless service, which never starts GTK.
   * Each process hands over to the other, in this process, when a window
   * is asked for or the last one closes (papers-background-service.c). */
  if (papers_background_wanted (argc, argv))
    {
      papers_background_limit_memory ();
      service = papers_background_service_new ();
      status = g_application_run (G_APPLICATION (service), argc, argv);
      handover = papers_background_service_get_handover (service);
      if (handover != NULL)
        papers_background_exec (G_APPLICATION (service), handover);
      return status;
    }

  app = papers_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  handover = papers_application_get_handover (app);
  if (handover != NULL)
    papers_background_exec (G_APPLICATION (app), handover);
  return status;
}
