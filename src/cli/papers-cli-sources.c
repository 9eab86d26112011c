/* papers-cli-sources.c: `papers-reader fetch …`, `papers-reader download ID`, and the paper `papers-reader add` keeps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "papers-arxiv-id.h"
#include "papers-cli-private.h"
#include "papers-download.h"
#include "papers-listing-cache.h"
#include "papers-pdf-index.h"
#include "papers-source-client.h"
#include "papers-store.h"
#include "papers-store-wait.h"

/* The command line drives the same asynchronous API as the application,
 * running a main loop until each step is done. */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Sync;

static void
sync_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Sync *sync = data;

  sync->result = g_object_ref (result);
  g_main_loop_quit (sync->loop);
}

static void
sync_init (Sync *sync)
{
  sync->loop = g_main_loop_new (NULL, FALSE);
  sync->result = NULL;
}

static GAsyncResult *
sync_wait (Sync *sync)
{
  g_main_loop_run (sync->loop);
  return sync->result;
}

static void
sync_clear (Sync *sync)
{
  g_clear_pointer (&sync->loop, g_main_loop_unref);
  g_clear_object (&sync->result);
}

static void
print_papers (GPtrArray     *papers,
              gboolean       json,
              PapersRanking *ranking)
{
  if (json)
    {
      papers_cli_print_papers_json (papers, TRUE, ranking);
      return;
    }

  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);
      g_autofree char *authors = papers_paper_dup_authors_short (paper, 3);
      const char *type = papers_paper_get_announce_type (paper);

      printf ("%-16s %s\n", papers_paper_get_id (paper),
              papers_paper_get_title (paper) ? papers_paper_get_title (paper) : "");
      if (*authors != '\0')
        printf ("%-16s %s\n", "", authors);
      if (papers_paper_get_upvotes (paper) > 0)
        {
          printf ("%-16s ", "");
          printf (g_dngettext (GETTEXT_PACKAGE, "%d upvote", "%d upvotes", papers_paper_get_upvotes (paper)),
                  papers_paper_get_upvotes (paper));
          printf ("\n");
        }
      if (type != NULL)
        printf ("%-16s %s\n", "", type);
      if (ranking != NULL && ranking->scores != NULL && ranking->reasons[i] != NULL)
        printf ("%-16s %s\n", "", ranking->reasons[i]);
    }
}

typedef struct
{
  double score;
  guint  index;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  /* Equals keep the listing's order */
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Puts @papers and @ranking best first */
static void
sort_for_you (GPtrArray     *papers,
              PapersRanking *ranking)
{
  g_autofree Ranked *order = g_new (Ranked, MAX (papers->len, 1));
  g_autofree gpointer *sorted_papers = g_new (gpointer, MAX (papers->len, 1));
  g_autofree char **sorted_reasons = g_new0 (char *, papers->len + 1);
  g_autofree double *sorted_scores = g_new (double, MAX (papers->len, 1));

  for (guint i = 0; i < papers->len; i++)
    order[i] = (Ranked) { ranking->scores[i], i };
  qsort (order, papers->len, sizeof (Ranked), compare_ranked);
  for (guint i = 0; i < papers->len; i++)
    {
      sorted_papers[i] = papers->pdata[order[i].index];
      sorted_scores[i] = ranking->scores[order[i].index];
      sorted_reasons[i] = ranking->reasons[order[i].index];
    }
  memcpy (papers->pdata, sorted_papers, papers->len * sizeof (gpointer));
  memcpy (ranking->scores, sorted_scores, papers->len * sizeof (double));
  memcpy (ranking->reasons, sorted_reasons, papers->len * sizeof (char *));
}

/**
 * papers_cli_fetch_listing:
 *
 * A listing through the library's cache (conditionally, a failure giving
 * the cached copy marked with its error), on the main context the
 * client's HTTP session belongs to.
 *
 * Returns: (transfer full) (nullable): the listing
 */
PapersListing *
papers_cli_fetch_listing (PapersSourceClient  *client,
                          PapersStore         *store,
                          PapersListingKind    kind,
                          const char          *query,
                          GError             **error)
{
  PapersListing *listing;
  Sync sync;

  sync_init (&sync);
  papers_source_fetch_cached_async (client, store, kind, query, NULL, sync_cb, &sync);
  listing = papers_source_fetch_cached_finish (client, sync_wait (&sync), error);
  sync_clear (&sync);
  return listing;
}

/* Addresses from the settings and $PAPERS_*_URL. */
static PapersSourceClient *
new_client (void)
{
  return papers_source_client_new_from_settings (NULL);
}

/**
 * papers_cli_fetch:
 *
 * `papers-reader fetch hf-daily [--date D | --week W | --month M] [--trending]`,
 * `papers-reader fetch hf-search QUERY`, `papers-reader fetch arxiv-search QUERY`,
 * `papers-reader fetch arxiv-feed CAT[+CAT…]`, each with `--json`.  Listings are
 * cached in the library as the application caches them.
 */
int
papers_cli_fetch (PapersCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *week = NULL;
  g_autofree char *month = NULL;
  g_autofree char *query = NULL;
  g_autofree char *sort = NULL;
  g_autofree char *tag = NULL;
  gboolean trending = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Daily Papers of this day"), N_("YYYY-MM-DD") },
    { "week", 0, 0, G_OPTION_ARG_STRING, &week, N_("Daily Papers of this week"), N_("YYYY-Www") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, N_("Daily Papers of this month"), N_("YYYY-MM") },
    { "trending", 0, 0, G_OPTION_ARG_NONE, &trending, N_("Trending papers"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the papers as JSON"), NULL },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("Order the papers For You, learned from the library"),
      N_("for-you") },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, N_("Rank For You by the papers of this tag alone"), N_("TAG") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersSourceClient) client = NULL;
  g_autoptr(PapersListing) listing = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(PapersRanking) ranking = NULL;
  PapersStore *store;
  PapersListingKind kind;
  const char *what;
  int status;

  if (!papers_cli_parse_options ("fetch", entries, FALSE, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return papers_cli_usage ("fetch", _("say what to fetch"));
  if (sort != NULL && !g_str_equal (sort, "for-you"))
    return papers_cli_usage ("fetch", _("the only order is for-you"));
  if (tag != NULL && sort == NULL && !json)
    return papers_cli_usage ("fetch", _("--tag goes with --sort for-you or --json"));
  if (tag != NULL && *g_strstrip (tag) == '\0')
    return papers_cli_usage ("fetch", _("--tag needs a tag's name"));

  what = argv[1];
  if (g_str_equal (what, "hf-daily"))
    {
      if ((date != NULL) + (week != NULL) + (month != NULL) + trending > 1)
        return papers_cli_usage ("fetch", _("use only one of --date, --week, --month and --trending"));
      if (argc > 2)
        return papers_cli_usage ("fetch", _("hf-daily takes no query"));
      kind = trending ? PAPERS_LISTING_HF_TRENDING
           : week ? PAPERS_LISTING_HF_WEEK
           : month ? PAPERS_LISTING_HF_MONTH
           : PAPERS_LISTING_HF_DAILY;
      query = g_strdup (week ? week : month ? month : date);
    }
  else
    {
      if (date != NULL || week != NULL || month != NULL || trending)
        return papers_cli_usage ("fetch", _("--date, --week, --month and --trending are for hf-daily"));
      if (g_str_equal (what, "hf-search"))
        kind = PAPERS_LISTING_HF_SEARCH;
      else if (g_str_equal (what, "arxiv-search"))
        kind = PAPERS_LISTING_ARXIV_SEARCH;
      else if (g_str_equal (what, "arxiv-feed"))
        kind = PAPERS_LISTING_ARXIV_FEED;
      else
        return papers_cli_usage ("fetch", _("unknown listing"));
      if (argc < 3)
        return papers_cli_usage ("fetch", _("say what to search for"));
      query = papers_cli_join_args (argc, argv, 2);
    }

  store = papers_cli_get_store (cli, &error);
  if (store == NULL)
    return papers_cli_fail ("fetch", error);
  client = new_client ();

  listing = papers_cli_fetch_listing (client, store, kind, query, &error);
  if (listing == NULL)
    return papers_cli_fail ("fetch", error);

  if (papers_listing_get_error (listing) != NULL)
    {
      GDateTime *fetched = papers_listing_get_fetched_at (listing);
      g_autoptr(GDateTime) local = fetched ? g_date_time_to_local (fetched) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%c") : g_strdup ("?");

      fprintf (stderr, "papers-reader fetch: %s\n", papers_listing_get_error (listing)->message);
      /* Translators: %s is a date and time */
      fprintf (stderr, _("papers-reader fetch: showing the copy fetched %s.\n"), when);
    }

  /* The listing's own array stays in its order: sorting works on a copy */
  papers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < papers_listing_get_papers (listing)->len; i++)
    g_ptr_array_add (papers, g_object_ref (papers_listing_get_papers (listing)->pdata[i]));
  /* Every paper of a JSON listing says how it ranks For You */
  if (json || sort != NULL)
    {
      g_autoptr(GError) rank_error = NULL;

      ranking = papers_cli_rank (store, papers, tag, &rank_error);
      if (ranking == NULL)
        fprintf (stderr, "papers-reader fetch: %s\n", rank_error->message);
    }
  if (sort != NULL)
    {
      if (ranking != NULL && ranking->scores != NULL)
        sort_for_you (papers, ranking);
      else if (tag != NULL)
        /* Translators: the first %s is a tag's name, %d a number of papers */
        fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                      "papers-reader fetch: the For You ranking for the tag “%s” is still learning: "
                                      "it needs %d paper with that tag. The listing keeps its order.\n",
                                      "papers-reader fetch: the For You ranking for the tag “%s” is still learning: "
                                      "it needs %d papers with that tag. The listing keeps its order.\n",
                                      PAPERS_RANKER_MIN_POSITIVES),
                 tag, PAPERS_RANKER_MIN_POSITIVES);
      else
        fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                      "papers-reader fetch: the For You ranking is still learning: it needs %d "
                                      "paper in the library. The listing keeps its order.\n",
                                      "papers-reader fetch: the For You ranking is still learning: it needs %d "
                                      "papers in the library. The listing keeps its order.\n",
                                      PAPERS_RANKER_MIN_POSITIVES),
                 PAPERS_RANKER_MIN_POSITIVES);
    }

  print_papers (papers, json, ranking);
  return 0;
}

static PapersPaper *
lookup (PapersSourceClient  *client,
        const char          *id_or_url,
        GError             **error)
{
  Sync sync;
  PapersPaper *paper;

  sync_init (&sync);
  papers_source_client_lookup_async (client, id_or_url, NULL, sync_cb, &sync);
  paper = papers_source_client_lookup_finish (client, sync_wait (&sync), error);
  sync_clear (&sync);
  return paper;
}

/**
 * papers_cli_paper_for_id:
 * @id_or_url: any arXiv id or address form
 * @unresolved: (out) (optional): why the paper is its id alone
 * @error: return location for a %PAPERS_SOURCE_ERROR
 *
 * For `papers-reader add`: the paper as Hugging Face or arXiv know it, as the
 * window's Add by Identifier gets it (papers_source_client_paper_for_id_async()).
 *
 * Returns: (transfer full) (nullable): the paper
 */
PapersPaper *
papers_cli_paper_for_id (const char  *id_or_url,
                         GError     **unresolved,
                         GError     **error)
{
  g_autoptr(PapersSourceClient) client = new_client ();
  PapersPaper *paper;
  Sync sync;

  sync_init (&sync);
  papers_source_client_paper_for_id_async (client, id_or_url, NULL, sync_cb, &sync);
  paper = papers_source_client_paper_for_id_finish (client, sync_wait (&sync), unresolved, error);
  sync_clear (&sync);
  return paper;
}

typedef struct
{
  gboolean tty;
  gboolean shown;
} ProgressLine;

static void
progress_cb (goffset  received,
             goffset  total,
             gpointer data)
{
  ProgressLine *line = data;

  if (!line->tty)
    return;
  line->shown = TRUE;
  fputc ('\r', stderr);
  if (total > 0)
    fprintf (stderr, _("Downloading… %.1f of %.1f MB (%d %%)"),
             received / 1e6, total / 1e6, (int) (received * 100 / total));
  else
    fprintf (stderr, _("Downloading… %.1f MB"), received / 1e6);
  fflush (stderr);
}

/**
 * papers_cli_download:
 *
 * `papers-reader download ID-OR-URL`: fetches the PDF into the library (adding the
 * paper if needed) and prints its path, with a progress line when standard
 * error is a terminal.
 */
int
papers_cli_download (PapersCli  *cli,
                     int         argc,
                     char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersSourceClient) client = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(PapersDownloadResult) result = NULL;
  g_autofree char *id = NULL;
  ProgressLine line = { isatty (STDERR_FILENO), FALSE };
  PapersStore *store;
  int version = 0;
  int status;
  Sync sync;

  store = papers_cli_open_for_arxiv_id (cli, "download", entries, &argc, &argv, &id, &version, &status);
  if (store == NULL)
    return status;
  client = new_client ();

  /* What the library already knows, or else what the sources say. */
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, NULL, store, id);
  if (paper == NULL)
    paper = lookup (client, argv[1], &error);
  if (paper == NULL)
    return papers_cli_fail ("download", error);
  papers_paper_set_version (paper, version);

  sync_init (&sync);
  papers_source_download_to_library_async (client, store, paper, progress_cb, &line,
                                           NULL, sync_cb, &sync);
  result = papers_source_download_to_library_finish (client, sync_wait (&sync), &error);
  sync_clear (&sync);
  if (line.shown)
    fputc ('\n', stderr);
  if (result == NULL)
    return papers_cli_fail ("download", error);

  /* Its text goes into the search before the command returns, so that a
   * search right after finds the words of its body */
  if (papers_store_wait (papers_pdf_index_async, papers_pdf_index_finish, &error, store,
                         papers_paper_get_id (paper)) < 0)
    g_printerr (_("papers-reader: download: the PDF’s text was not indexed: %s\n"), error->message);

  printf ("%s\n", result->path);
  return 0;
}
