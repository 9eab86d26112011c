/* papers-cli-refresh.c: `papers-reader refresh [--json] [--notify]`
 *
 * One background round, as NewsFlash syncs: fetch Daily Papers, the
 * followed arXiv categories and the followed searches (conditionally, through the listing cache and
 * the polite arXiv queue), rank them For You, and announce the papers For
 * You has a reason for that no earlier round announced: printed, and with
 * --notify one GNotification for the whole round.  What was announced is
 * remembered beside the library, so nothing is announced twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "papers-cli-private.h"
#include "papers-listing-cache.h"
#include "papers-store-wait.h"

/* Titles named in the notification */
#define NOTIFIED_TITLES 3
/* Ids remembered as announced: many rounds' worth, the oldest forgotten */
#define MAX_ANNOUNCED 20000

/* The arXiv categories the window follows (GSettings, when the schema is
 * installed; the schema's default otherwise) */
static char *
followed_categories (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_auto(GStrv) categories = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.example.Papers", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "followed-categories"))
    return g_strdup ("cs.LG+cs.CL");
  settings = g_settings_new_full (schema, NULL, NULL);
  categories = g_settings_get_strv (settings, "followed-categories");
  return categories[0] != NULL ? g_strjoinv ("+", categories) : NULL;
}

static char *
announced_path (PapersStore *store)
{
  return g_strconcat (papers_store_get_path (store), ".announced", NULL);
}

/* The ids announced before, in the order announced */
static GPtrArray *
read_announced (const char *path)
{
  g_autofree char *text = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return ids;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_ptr_array_add (ids, g_strdup (lines[i]));
  return ids;
}

static gboolean
write_announced (const char  *path,
                 GPtrArray   *ids,
                 GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint start = ids->len > MAX_ANNOUNCED ? ids->len - MAX_ANNOUNCED : 0;

  for (guint i = start; i < ids->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) ids->pdata[i]);
  return g_file_set_contents (path, text->str, text->len, error);
}

/* Fetches one listing into @papers (new ids only); FALSE with @error when
 * the source could not be asked (a cached copy is not news) */
static gboolean
fetch_into (PapersSourceClient  *client,
            PapersStore         *store,
            PapersListingKind    kind,
            const char          *query,
            GPtrArray           *papers,
            GHashTable          *seen,
            GError             **error)
{
  g_autoptr(PapersListing) listing = NULL;
  GPtrArray *listed;

  listing = papers_cli_fetch_listing (client, store, kind, query, error);
  if (listing == NULL)
    return FALSE;
  if (papers_listing_get_error (listing) != NULL)
    {
      g_propagate_error (error, g_error_copy (papers_listing_get_error (listing)));
      return FALSE;
    }
  listed = papers_listing_get_papers (listing);
  for (guint i = 0; i < listed->len; i++)
    {
      PapersPaper *paper = listed->pdata[i];

      if (papers_paper_get_in_library (paper) || g_hash_table_contains (seen, papers_paper_get_id (paper)))
        continue;
      g_hash_table_add (seen, g_strdup (papers_paper_get_id (paper)));
      g_ptr_array_add (papers, g_object_ref (paper));
    }
  return TRUE;
}

typedef struct
{
  double score;
  guint  index;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* The papers For You has a reason for and no round announced, best first,
 * with their ranking */
static GPtrArray *
new_for_you (GPtrArray      *papers,
             PapersRanking  *ranking,
             GHashTable     *announced,
             PapersRanking **new_ranking)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree Candidate *candidates = g_new (Candidate, MAX (papers->len, 1));
  guint n = 0;
  PapersRanking *out = g_new0 (PapersRanking, 1);

  for (guint i = 0; ranking->scores != NULL && i < papers->len; i++)
    if (ranking->reasons[i] != NULL && !g_hash_table_contains (announced, papers_paper_get_id (papers->pdata[i])))
      candidates[n++] = (Candidate) { ranking->scores[i], i };
  qsort (candidates, n, sizeof (Candidate), compare_candidates);

  out->n_papers = n;
  out->scores = g_new (double, MAX (n, 1));
  out->reasons = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (found, g_object_ref (papers->pdata[candidates[i].index]));
      out->scores[i] = candidates[i].score;
      out->reasons[i] = g_strdup (ranking->reasons[candidates[i].index]);
    }
  *new_ranking = out;
  return found;
}

/* One notification for the round, from the application's id, so "Open"
 * starts Papers on its For You view */
static gboolean
notify (GPtrArray      *papers,
        PapersRanking  *ranking,
        GError        **error)
{
  g_autoptr(GApplication) app = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  GDBusConnection *bus;

  if (!g_application_register (app, NULL, error))
    return FALSE;
  bus = g_application_get_dbus_connection (app);
  if (bus == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _("There is no session bus"));
      return FALSE;
    }
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new paper for you today",
                                        "%u new papers for you today", papers->len), papers->len);
  for (guint i = 0; i < papers->len && i < NOTIFIED_TITLES; i++)
    {
      const char *paper_title = papers_paper_get_title (papers->pdata[i]);
      const char *reason = ranking->reasons[i];

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, paper_title != NULL ? paper_title : papers_paper_get_id (papers->pdata[i]));
      /* Followed authors are named */
      if (reason != NULL && g_str_has_prefix (reason, _("Author you follow")))
        g_string_append_printf (body, " (%s)", reason);
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_default_action (notification, "app.show-for-you");
  g_notification_add_button (notification, _("Open"), "app.show-for-you");
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
  g_autoptr(GError) failure = NULL;
  g_autoptr(PapersSourceClient) client = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) announced_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) announced = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(PapersRanking) ranking = NULL;
  g_autoptr(PapersRanking) fresh_ranking = NULL;
  g_autofree char *categories = followed_categories ();
  g_auto(GStrv) searches = NULL;
  g_autofree char *path = NULL;
  PapersStore *store;
  guint n_fetched = 0;
  int status;

  if (!papers_cli_parse_options ("refresh", entries, FALSE, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return papers_cli_usage ("refresh", _("refresh takes no arguments"));
  store = papers_cli_get_store (cli, &error);
  if (store == NULL)
    return papers_cli_fail ("refresh", error);
  client = papers_source_client_new_from_settings (NULL);

  /* Today's Daily Papers (the day the window shows, when a test sets it),
   * then the followed categories' feed */
  if (fetch_into (client, store, PAPERS_LISTING_HF_DAILY, g_getenv ("PAPERS_DAILY_DATE"), papers, seen, &error))
    n_fetched++;
  else
    g_propagate_error (&failure, g_steal_pointer (&error));
  if (categories != NULL)
    {
      if (fetch_into (client, store, PAPERS_LISTING_ARXIV_FEED, categories, papers, seen, &error))
        n_fetched++;
      else if (failure == NULL)
        g_propagate_error (&failure, g_steal_pointer (&error));
      g_clear_error (&error);
    }
  /* Each followed search, as the For You view asks arXiv for it */
  searches = papers_store_wait (papers_store_list_follows_async, papers_store_list_follows_finish, &error, store,
                                PAPERS_FOLLOW_SEARCH);
  if (searches == NULL)
    return papers_cli_fail ("refresh", error);
  for (guint i = 0; searches[i] != NULL; i++)
    {
      g_autofree char *query = papers_listing_arxiv_query (searches[i]);

      if (fetch_into (client, store, PAPERS_LISTING_ARXIV_SEARCH, query, papers, seen, &error))
        n_fetched++;
      else if (failure == NULL)
        g_propagate_error (&failure, g_steal_pointer (&error));
      g_clear_error (&error);
    }
  /* Nothing reached: say so, announce nothing (what is cached was
   * considered when it was fetched) */
  if (n_fetched == 0)
    {
      fprintf (stderr, _("papers-reader refresh: could not check for new papers: %s\n"), failure->message);
      return 1;
    }
  if (failure != NULL)
    fprintf (stderr, "papers-reader refresh: %s\n", failure->message);

  ranking = papers_cli_rank (store, papers, NULL, &error);
  if (ranking == NULL)
    return papers_cli_fail ("refresh", error);
  if (ranking->scores == NULL)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                  "papers-reader refresh: the For You ranking is still learning: it needs %d "
                                  "paper in the library.\n",
                                  "papers-reader refresh: the For You ranking is still learning: it needs %d "
                                  "papers in the library.\n",
                                  PAPERS_RANKER_MIN_POSITIVES),
             PAPERS_RANKER_MIN_POSITIVES);

  path = announced_path (store);
  announced = read_announced (path);
  for (guint i = 0; i < announced->len; i++)
    g_hash_table_add (announced_set, announced->pdata[i]);
  fresh = new_for_you (papers, ranking, announced_set, &fresh_ranking);

  if (json)
    papers_cli_print_papers_json (fresh, TRUE, fresh_ranking);
  else
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u new paper for you\n", "%u new papers for you\n", fresh->len),
              fresh->len);
      for (guint i = 0; i < fresh->len; i++)
        printf ("%-16s %s\n", papers_paper_get_id (fresh->pdata[i]),
                papers_paper_get_title (fresh->pdata[i]) ? papers_paper_get_title (fresh->pdata[i]) : "");
    }

  if (notify_round && fresh->len > 0 && !notify (fresh, fresh_ranking, &error))
    {
      /* Not remembered: the next round tries again */
      fprintf (stderr, _("papers-reader refresh: could not send the notification: %s\n"), error->message);
      return 1;
    }
  for (guint i = 0; i < fresh->len; i++)
    g_ptr_array_add (announced, g_strdup (papers_paper_get_id (fresh->pdata[i])));
  if (fresh->len > 0 && !write_announced (path, announced, &error))
    return papers_cli_fail ("refresh", error);
  return 0;
}
