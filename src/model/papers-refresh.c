/* papers-refresh.c: one background round
 *
 * As NewsFlash syncs: fetch Daily Papers, the followed arXiv categories and
 * the followed searches (conditionally, through the listing cache and the
 * polite arXiv queue), rank them For You, and find the papers For You has a
 * reason for that no earlier round announced.  `papers-reader refresh` and
 * the application's background service both run this, so what the command
 * line shows is what the service announces.  What was announced is
 * remembered beside the library, so nothing is announced twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "papers-for-you.h"
#include "papers-listing-cache.h"
#include "papers-refresh.h"
#include "papers-store-rank.h"

/* Titles named in the notification */
#define NOTIFIED_TITLES 3
/* Ids remembered as announced: many rounds' worth, the oldest forgotten */
#define MAX_ANNOUNCED 20000

void
papers_refresh_round_free (PapersRefreshRound *round)
{
  if (round == NULL)
    return;
  g_clear_pointer (&round->papers, g_ptr_array_unref);
  g_clear_pointer (&round->ranking, papers_ranking_free);
  g_clear_error (&round->partial);
  g_free (round->announced_path);
  g_clear_pointer (&round->announced, g_ptr_array_unref);
  g_free (round);
}

/**
 * papers_refresh_followed_categories:
 * @settings: (nullable): the application's settings, or %NULL to read them
 *   when the schema is installed (the schema's default otherwise)
 *
 * Returns: (nullable): the arXiv categories the window follows, joined
 *   with "+" as a feed asks for them; %NULL when none is followed
 */
char *
papers_refresh_followed_categories (GSettings *settings)
{
  g_autoptr(GSettings) own = NULL;
  g_auto(GStrv) categories = NULL;

  if (settings == NULL)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, "org.example.Papers", TRUE);
      if (schema == NULL || !g_settings_schema_has_key (schema, "followed-categories"))
        return g_strdup ("cs.LG+cs.CL");
      settings = own = g_settings_new_full (schema, NULL, NULL);
    }
  categories = g_settings_get_strv (settings, "followed-categories");
  return categories[0] != NULL ? g_strjoinv ("+", categories) : NULL;
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

typedef struct
{
  PapersListingKind kind;
  char             *query;
} Fetch;

typedef struct
{
  PapersStore        *store;
  PapersSourceClient *client;
  PapersForYou       *for_you;
  GArray             *fetches;   /* Fetch, in the order asked */
  guint               next;
  guint               n_fetched;
  GError             *failure;   /* the first source that could not be asked */
  GPtrArray          *papers;    /* new ids only, in the order listed */
  GHashTable         *seen;
} Round;

static void
fetch_clear (gpointer data)
{
  g_free (((Fetch *) data)->query);
}

static void
round_free (Round *round)
{
  g_clear_object (&round->store);
  g_clear_object (&round->client);
  g_clear_object (&round->for_you);
  g_clear_pointer (&round->fetches, g_array_unref);
  g_clear_error (&round->failure);
  g_clear_pointer (&round->papers, g_ptr_array_unref);
  g_clear_pointer (&round->seen, g_hash_table_unref);
  g_free (round);
}

static void
add_fetch (Round             *round,
           PapersListingKind  kind,
           const char        *query)
{
  Fetch fetch = { kind, g_strdup (query) };

  g_array_append_val (round->fetches, fetch);
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
static void
keep_new_for_you (PapersRefreshRound *out,
                  GPtrArray          *papers,
                  PapersRanking      *ranking)
{
  g_autoptr(GHashTable) announced = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree Candidate *candidates = g_new (Candidate, MAX (papers->len, 1));
  guint n = 0;

  for (guint i = 0; i < out->announced->len; i++)
    g_hash_table_add (announced, out->announced->pdata[i]);
  for (guint i = 0; ranking->scores != NULL && i < papers->len; i++)
    if (ranking->reasons[i] != NULL && !g_hash_table_contains (announced, papers_paper_get_id (papers->pdata[i])))
      candidates[n++] = (Candidate) { ranking->scores[i], i };
  qsort (candidates, n, sizeof (Candidate), compare_candidates);

  out->papers = g_ptr_array_new_with_free_func (g_object_unref);
  out->ranking = g_new0 (PapersRanking, 1);
  out->ranking->still_learning = ranking->still_learning;
  out->ranking->n_papers = n;
  out->ranking->scores = g_new (double, MAX (n, 1));
  out->ranking->reasons = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (out->papers, g_object_ref (papers->pdata[candidates[i].index]));
      out->ranking->scores[i] = candidates[i].score;
      out->ranking->reasons[i] = g_strdup (ranking->reasons[candidates[i].index]);
    }
}

static void
ranked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersRanking) ranking = papers_for_you_rank_finish (PAPERS_FOR_YOU (source), result, &error);
  PapersRefreshRound *out;

  if (ranking == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  out = g_new0 (PapersRefreshRound, 1);
  out->still_learning = ranking->scores == NULL;
  out->partial = g_steal_pointer (&round->failure);
  out->announced_path = g_strconcat (papers_store_get_path (round->store), ".announced", NULL);
  out->announced = read_announced (out->announced_path);
  keep_new_for_you (out, round->papers, ranking);
  g_task_return_pointer (task, out, (GDestroyNotify) papers_refresh_round_free);
}

static void fetch_next (GTask *task);

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = papers_source_fetch_cached_finish (PAPERS_SOURCE_CLIENT (source), result, &error);

  /* A cached copy is not news: what it holds was considered when it was
   * fetched */
  if (listing != NULL && papers_listing_get_error (listing) != NULL)
    error = g_error_copy (papers_listing_get_error (listing));
  if (error != NULL)
    {
      g_debug ("A source could not be asked: %s", error->message);
      if (round->failure == NULL)
        round->failure = g_steal_pointer (&error);
    }
  else
    {
      GPtrArray *listed = papers_listing_get_papers (listing);

      round->n_fetched++;
      for (guint i = 0; i < listed->len; i++)
        {
          PapersPaper *paper = listed->pdata[i];
          const char *id = papers_paper_get_id (paper);

          if (papers_paper_get_in_library (paper) || g_hash_table_contains (round->seen, id))
            continue;
          g_hash_table_add (round->seen, g_strdup (id));
          g_ptr_array_add (round->papers, g_object_ref (paper));
        }
    }
  fetch_next (g_steal_pointer (&task));
}

/* One listing after the other, as the command line always did: the arXiv
 * ones wait in the polite queue anyway */
static void
fetch_next (GTask *task)
{
  Round *round = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (round->next < round->fetches->len)
    {
      Fetch *fetch = &g_array_index (round->fetches, Fetch, round->next++);

      papers_source_fetch_cached_async (round->client, round->store, fetch->kind, fetch->query, cancellable,
                                        fetched_cb, task);
      return;
    }
  /* Nothing reached: announce nothing */
  if (round->n_fetched == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                               _("could not check for new papers: %s"),
                               round->failure != NULL ? round->failure->message : _("no source to ask"));
      g_object_unref (task);
      return;
    }
  round->for_you = papers_for_you_new (round->store);
  papers_for_you_rank_async (round->for_you, round->papers, NULL, cancellable, ranked_cb, task);
}

static void
follows_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) searches = papers_store_list_follows_finish (PAPERS_STORE (source), result, &error);

  if (searches == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Each followed search, as the For You view asks arXiv for it */
  for (guint i = 0; searches[i] != NULL; i++)
    {
      g_autofree char *query = papers_listing_arxiv_query (searches[i]);

      add_fetch (round, PAPERS_LISTING_ARXIV_SEARCH, query);
    }
  fetch_next (g_steal_pointer (&task));
}

/**
 * papers_refresh_async:
 * @categories: (nullable): the followed arXiv categories, joined with "+"
 *   (papers_refresh_followed_categories())
 *
 * Runs one round: today's Daily Papers (the day $PAPERS_DAILY_DATE names,
 * when a test sets it), the followed categories' feed and each followed
 * search, ranked For You.  Fails when no source could be asked.
 */
void
papers_refresh_async (PapersStore         *store,
                      PapersSourceClient  *client,
                      const char          *categories,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Round *round = g_new0 (Round, 1);

  g_return_if_fail (PAPERS_IS_STORE (store));
  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (client));

  g_task_set_source_tag (task, papers_refresh_async);
  round->store = g_object_ref (store);
  round->client = g_object_ref (client);
  round->fetches = g_array_new (FALSE, TRUE, sizeof (Fetch));
  g_array_set_clear_func (round->fetches, fetch_clear);
  round->papers = g_ptr_array_new_with_free_func (g_object_unref);
  round->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, round, (GDestroyNotify) round_free);

  add_fetch (round, PAPERS_LISTING_HF_DAILY, g_getenv ("PAPERS_DAILY_DATE"));
  if (categories != NULL)
    add_fetch (round, PAPERS_LISTING_ARXIV_FEED, categories);
  papers_store_list_follows_async (store, PAPERS_FOLLOW_SEARCH, cancellable, follows_cb, task);
}

/**
 * papers_refresh_finish:
 *
 * Returns: (transfer full) (nullable): what the round found
 */
PapersRefreshRound *
papers_refresh_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * papers_refresh_round_remember:
 *
 * Remembers the round's papers as announced, so no later round announces
 * them again.
 */
gboolean
papers_refresh_round_remember (PapersRefreshRound  *round,
                               GError             **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint start;

  if (round->papers->len == 0)
    return TRUE;
  for (guint i = 0; i < round->papers->len; i++)
    g_ptr_array_add (round->announced, g_strdup (papers_paper_get_id (round->papers->pdata[i])));
  start = round->announced->len > MAX_ANNOUNCED ? round->announced->len - MAX_ANNOUNCED : 0;
  for (guint i = start; i < round->announced->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) round->announced->pdata[i]);
  return g_file_set_contents (round->announced_path, text->str, text->len, error);
}

/**
 * papers_refresh_round_notification:
 *
 * The round's one notification: "7 new papers for you today", the top
 * titles (a followed author named), "Open" showing the For You view.
 *
 * Returns: (transfer full): the notification
 */
GNotification *
papers_refresh_round_notification (PapersRefreshRound *round)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  GNotification *notification;
  guint n = round->papers->len;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new paper for you today",
                                        "%u new papers for you today", n), n);
  for (guint i = 0; i < n && i < NOTIFIED_TITLES; i++)
    {
      const char *paper_title = papers_paper_get_title (round->papers->pdata[i]);
      const char *reason = round->ranking->reasons[i];

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, paper_title != NULL ? paper_title : papers_paper_get_id (round->papers->pdata[i]));
      /* Followed authors are named */
      if (reason != NULL && g_str_has_prefix (reason, _("Author you follow")))
        g_string_append_printf (body, " (%s)", reason);
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_default_action (notification, "app.show-for-you");
  g_notification_add_button (notification, _("Open"), "app.show-for-you");
  return notification;
}

/* One round of the background service, in whichever process waits (the
 * windowless service or the window's): the round, then one notification
 * sent by @app under one id, so a round's replaces the last one's rather
 * than piling up, and the papers it named remembered so none is named
 * twice. */

static void
notify_round_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersRefreshRound) round = papers_refresh_finish (result, &error);
  g_autoptr(GNotification) notification = NULL;

  /* The network gone, or the round cancelled: silent, the next round
   * tries again */
  if (round == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (round->papers->len > 0)
    {
      notification = papers_refresh_round_notification (round);
      g_application_send_notification (g_task_get_task_data (task), "new-papers", notification);
      if (!papers_refresh_round_remember (round, &error))
        g_warning ("The papers announced could not be remembered: %s", error->message);
    }
  g_task_return_int (task, round->papers->len);
}

/**
 * papers_refresh_notify_async:
 * @app: the application that sends the notification
 * @settings: (nullable): the settings naming the followed categories
 *
 * Runs one round on @store and notifies its new papers for you, as
 * `papers-reader refresh --notify` does.
 */
void
papers_refresh_notify_async (GApplication        *app,
                             PapersStore         *store,
                             PapersSourceClient  *client,
                             GSettings           *settings,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (app, cancellable, callback, user_data);
  g_autofree char *categories = papers_refresh_followed_categories (settings);

  g_task_set_source_tag (task, papers_refresh_notify_async);
  g_task_set_task_data (task, g_object_ref (app), g_object_unref);
  papers_refresh_async (store, client, categories, cancellable, notify_round_cb, task);
}

/**
 * papers_refresh_notify_finish:
 *
 * Returns: the new papers announced (0: nothing sent), or -1 with @error
 *   set when nothing was reached or the round was cancelled
 */
int
papers_refresh_notify_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), -1);
  return g_task_propagate_int (G_TASK (result), error);
}
