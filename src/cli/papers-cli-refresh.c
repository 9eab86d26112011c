/* papers-cli-refresh.c: `papers-reader refresh [--json] [--notify]`
 *
 * One background round, as NewsFlash syncs: fetch Daily Papers, the
 * followed arXiv categories and the followed searches (conditionally, through the listing cache and
 * the polite arXiv queue), rank them For You, and announce the papers For
 * You has a reason for that no earlier round announced: printed, and with
 * --notify one GNotification for the whole round.  What was announced is
 * remembered beside the library, so nothing is announced twice.  The round
 * is model/papers-refresh.c, which the application's background service
 * runs too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "papers-cli-private.h"
#include "papers-refresh.h"

static void
round_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* One notification for the round, from the application's id, so "Open"
 * starts Papers on its For You view */
static gboolean
notify (PapersRefreshRound  *round,
        GError             **error)
{
  g_autoptr(GApplication) app = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_autoptr(GNotification) notification = NULL;
  GDBusConnection *bus;

  if (!g_application_register (app, NULL, error))
    return FALSE;
  bus = g_application_get_dbus_connection (app);
  if (bus == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _("There is no session bus"));
      return FALSE;
    }
  notification = papers_refresh_round_notification (round);
  /* One id per round: a round's notification replaces the last one's */
  g_application_send_notification (app, "new-papers", notification);
  /* The notification is a D-Bus call: it must leave before we exit */
  return g_dbus_connection_flush_sync (bus, NULL, error);
}

int
papers_cli_refresh (PapersCli  *cli,
                    int         argc,
                    char      **argv)
{
  gboolean json = FALSE;
  gboolean notify_round = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the new papers as JSON"), NULL },
    { "notify", 0, 0, G_OPTION_ARG_NONE, &notify_round, N_("Send a notification of the new papers"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersSourceClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PapersRefreshRound) round = NULL;
  g_autofree char *categories = papers_refresh_followed_categories (NULL);
  PapersStore *store;
  GPtrArray *fresh;
  int status;

  if (!papers_cli_parse_options ("refresh", entries, FALSE, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return papers_cli_usage ("refresh", _("refresh takes no arguments"));
  store = papers_cli_get_store (cli, &error);
  if (store == NULL)
    return papers_cli_fail ("refresh", error);
  client = papers_source_client_new_from_settings (NULL);

  /* The background service's round, on the main context the client's
   * HTTP session belongs to */
  papers_refresh_async (store, client, categories, NULL, round_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  round = papers_refresh_finish (result, &error);
  /* Nothing reached: say so, announce nothing */
  if (round == NULL)
    return papers_cli_fail ("refresh", error);
  if (round->partial != NULL)
    fprintf (stderr, "papers-reader refresh: %s\n", round->partial->message);
  if (round->still_learning)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                  "papers-reader refresh: the For You ranking is still learning: it needs %d "
                                  "paper in the library.\n",
                                  "papers-reader refresh: the For You ranking is still learning: it needs %d "
                                  "papers in the library.\n",
                                  PAPERS_RANKER_MIN_POSITIVES),
             PAPERS_RANKER_MIN_POSITIVES);

  fresh = round->papers;
  if (json)
    papers_cli_print_papers_json (fresh, TRUE, round->ranking);
  else
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u new paper for you\n", "%u new papers for you\n", fresh->len),
              fresh->len);
      for (guint i = 0; i < fresh->len; i++)
        printf ("%-16s %s\n", papers_paper_get_id (fresh->pdata[i]),
                papers_paper_get_title (fresh->pdata[i]) ? papers_paper_get_title (fresh->pdata[i]) : "");
    }

  if (notify_round && fresh->len > 0 && !notify (round, &error))
    {
      /* Not remembered: the next round tries again */
      fprintf (stderr, _("papers-reader refresh: could not send the notification: %s\n"), error->message);
      return 1;
    }
  if (!papers_refresh_round_remember (round, &error))
    return papers_cli_fail ("refresh", error);
  return 0;
}
