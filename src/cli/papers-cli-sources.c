/* papers-cli-sources.c: `papers fetch …`, `papers add ID`, `papers download ID`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>

#include "papers-arxiv-id.h"
#include "papers-cli-sources.h"
#include "papers-download.h"
#include "papers-listing-cache.h"
#include "papers-source-client.h"
#include "papers-store.h"

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

static int
fail (const GError *error)
{
  fprintf (stderr, "papers: %s\n", error->message);
  return 1;
}

static int
usage (GOptionContext *context,
       const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  if (message != NULL)
    fprintf (stderr, "papers: %s\n\n", message);
  fputs (help, stderr);
  return 2;
}

/* The library (PAPERS_LIBRARY or the default) and a client whose
 * addresses come from the settings and PAPERS_*_URL. */
static gboolean
open_store_and_client (PapersStore        **store,
                       PapersSourceClient **client,
                       GError             **error)
{
  *store = papers_store_new (NULL, error);
  if (*store == NULL)
    return FALSE;
  *client = papers_source_client_new_from_settings (NULL);
  return TRUE;
}

/* The options and the one ID-OR-URL argument of `add` and `download`.
 * Returns -1 to go on, or the exit status. */
static int
parse_id_verb (GOptionContext   *context,
               int              *argc,
               char           ***argv,
               char            **id,
               int              *version)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return usage (context, error->message);
  if (*argc != 2)
    return usage (context, _("Give one arXiv identifier or address."));
  if (!papers_arxiv_id_parse ((*argv)[1], id, version))
    {
      fprintf (stderr, _("papers: “%s” is not an arXiv identifier or address.\n"), (*argv)[1]);
      return 1;
    }
  return -1;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

/* The paper objects of `papers search --json`, plus what the sources know. */
static void
add_paper (JsonBuilder *builder,
           PapersPaper *paper)
{
  GDateTime *published = papers_paper_get_published (paper);
  g_autofree char *iso = published ? g_date_time_format_iso8601 (published) : NULL;

  json_builder_begin_object (builder);
  add_string (builder, "id", papers_paper_get_id (paper));
  add_string (builder, "title", papers_paper_get_title (paper));
  add_strv (builder, "authors", papers_paper_get_authors (paper));
  add_string (builder, "published", iso);
  add_string (builder, "abstract", papers_paper_get_abstract (paper));
  add_strv (builder, "tags", papers_paper_get_tags (paper));
  add_string (builder, "status", papers_read_status_to_string (papers_paper_get_status (paper)));
  json_builder_set_member_name (builder, "starred");
  json_builder_add_boolean_value (builder, papers_paper_get_starred (paper));
  add_string (builder, "note", papers_paper_get_note (paper));
  json_builder_set_member_name (builder, "upvotes");
  json_builder_add_int_value (builder, papers_paper_get_upvotes (paper));
  json_builder_set_member_name (builder, "comments");
  json_builder_add_int_value (builder, papers_paper_get_comments (paper));
  add_string (builder, "announce_type", papers_paper_get_announce_type (paper));
  add_string (builder, "pdf_url", papers_paper_get_pdf_url (paper));
  add_string (builder, "source", papers_paper_get_source (paper));
  json_builder_end_object (builder);
}

static void
print_papers (GPtrArray *papers,
              gboolean   json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < papers->len; i++)
        add_paper (builder, g_ptr_array_index (papers, i));
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
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
    }
}

static char *
join_args (int    argc,
           char **argv,
           int    first)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;

  for (int i = first; i < argc; i++)
    g_strv_builder_add (builder, argv[i]);
  words = g_strv_builder_end (builder);
  return g_strjoinv (" ", words);
}

/**
 * papers_cli_fetch:
 *
 * `papers fetch hf-daily [--date D | --week W | --month M] [--trending]`,
 * `papers fetch hf-search QUERY`, `papers fetch arxiv-search QUERY`,
 * `papers fetch arxiv-feed CAT[+CAT…]`, each with `--json`.
 */
int
papers_cli_fetch (int    argc,
                  char **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *week = NULL;
  g_autofree char *month = NULL;
  g_autofree char *query = NULL;
  gboolean trending = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Daily Papers of this day"), N_("YYYY-MM-DD") },
    { "week", 0, 0, G_OPTION_ARG_STRING, &week, N_("Daily Papers of this week"), N_("YYYY-Www") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, N_("Daily Papers of this month"), N_("YYYY-MM") },
    { "trending", 0, 0, G_OPTION_ARG_NONE, &trending, N_("Trending papers"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the papers as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("hf-daily|hf-search QUERY|arxiv-search QUERY|arxiv-feed CATEGORY[+CATEGORY…]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(PapersSourceClient) client = NULL;
  g_autoptr(PapersListing) listing = NULL;
  PapersListingKind kind;
  const char *what;
  Sync sync;

  g_set_prgname ("papers fetch");
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Fetch a listing from Hugging Face or arXiv."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (context, error->message);
  if (argc < 2)
    return usage (context, _("Say what to fetch."));

  what = argv[1];
  if (g_str_equal (what, "hf-daily"))
    {
      if ((date != NULL) + (week != NULL) + (month != NULL) + trending > 1)
        return usage (context, _("Use only one of --date, --week, --month and --trending."));
      if (argc > 2)
        return usage (context, _("hf-daily takes no query."));
      kind = trending ? PAPERS_LISTING_HF_TRENDING
           : week ? PAPERS_LISTING_HF_WEEK
           : month ? PAPERS_LISTING_HF_MONTH
           : PAPERS_LISTING_HF_DAILY;
      query = g_strdup (week ? week : month ? month : date);
    }
  else
    {
      if (date != NULL || week != NULL || month != NULL || trending)
        return usage (context, _("--date, --week, --month and --trending are for hf-daily."));
      if (g_str_equal (what, "hf-search"))
        kind = PAPERS_LISTING_HF_SEARCH;
      else if (g_str_equal (what, "arxiv-search"))
        kind = PAPERS_LISTING_ARXIV_SEARCH;
      else if (g_str_equal (what, "arxiv-feed"))
        kind = PAPERS_LISTING_ARXIV_FEED;
      else
        return usage (context, _("Unknown listing."));
      if (argc < 3)
        return usage (context, _("Say what to search for."));
      query = join_args (argc, argv, 2);
    }

  if (!open_store_and_client (&store, &client, &error))
    return fail (error);

  sync_init (&sync);
  papers_source_fetch_cached_async (client, store, kind, query, NULL, sync_cb, &sync);
  listing = papers_source_fetch_cached_finish (client, sync_wait (&sync), &error);
  sync_clear (&sync);
  if (listing == NULL)
    return fail (error);

  if (papers_listing_get_error (listing) != NULL)
    {
      GDateTime *fetched = papers_listing_get_fetched_at (listing);
      g_autoptr(GDateTime) local = fetched ? g_date_time_to_local (fetched) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%c") : g_strdup ("?");

      fprintf (stderr, "papers: %s\n", papers_listing_get_error (listing)->message);
      /* Translators: %s is a date and time */
      fprintf (stderr, _("papers: showing the copy fetched %s.\n"), when);
    }

  print_papers (papers_listing_get_papers (listing), json);
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

static gboolean
upsert_one (PapersStore  *store,
            PapersPaper  *paper,
            GError      **error)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new ();

  g_ptr_array_add (papers, paper);
  return papers_store_upsert_papers_sync (store, papers, TRUE, NULL, error);
}

/**
 * papers_cli_add:
 *
 * `papers add ID-OR-URL [--tag TAG]… [--json]`: fetches the paper's metadata
 * (Hugging Face, falling back to arXiv) and adds it to the library.
 */
int
papers_cli_add (int    argc,
                char **argv)
{
  g_auto(GStrv) tags = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("Tag the paper"), N_("TAG") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the paper as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID-OR-URL"));
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(PapersSourceClient) client = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(PapersPaper) stored = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  int status;

  g_set_prgname ("papers add");
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Add a paper to the library, fetching its metadata."));
  status = parse_id_verb (context, &argc, &argv, NULL, NULL);
  if (status >= 0)
    return status;
  if (!open_store_and_client (&store, &client, &error))
    return fail (error);

  paper = lookup (client, argv[1], &error);
  if (paper == NULL || !upsert_one (store, paper, &error))
    return fail (error);
  if (tags != NULL &&
      !papers_store_tag_paper_sync (store, papers_paper_get_id (paper), (const char * const *) tags,
                                    NULL, NULL, &error))
    return fail (error);

  stored = papers_store_get_paper_sync (store, papers_paper_get_id (paper), NULL, NULL);
  g_ptr_array_add (shown, stored ? stored : paper);
  if (json)
    print_papers (shown, TRUE);
  else
    printf (_("Added %s: %s\n"), papers_paper_get_id (paper),
            papers_paper_get_title (paper) ? papers_paper_get_title (paper) : "");
  return 0;
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
 * `papers download ID`: fetches the PDF into the library, with a progress
 * line when standard error is a terminal.
 */
int
papers_cli_download (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID-OR-URL"));
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(PapersSourceClient) client = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(PapersDownloadResult) result = NULL;
  g_autofree char *id = NULL;
  ProgressLine line = { isatty (STDERR_FILENO), FALSE };
  int version = 0;
  int status;
  Sync sync;

  g_set_prgname ("papers download");
  g_option_context_set_summary (context, _("Download a paper's PDF into the library."));
  status = parse_id_verb (context, &argc, &argv, &id, &version);
  if (status >= 0)
    return status;
  if (!open_store_and_client (&store, &client, &error))
    return fail (error);

  /* What the library already knows, or else what the sources say. */
  paper = papers_store_get_paper_sync (store, id, NULL, NULL);
  if (paper == NULL)
    paper = lookup (client, argv[1], &error);
  if (paper == NULL)
    return fail (error);
  papers_paper_set_version (paper, version);

  sync_init (&sync);
  papers_source_download_to_library_async (client, store, paper, progress_cb, &line,
                                           NULL, sync_cb, &sync);
  result = papers_source_download_to_library_finish (client, sync_wait (&sync), &error);
  sync_clear (&sync);
  if (line.shown)
    fputc ('\n', stderr);
  if (result == NULL)
    return fail (error);

  printf ("%s\n", result->path);
  return 0;
}
