/* papers-cli.c: dispatches `papers-reader VERB …` to the verbs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "papers-cli.h"
#include "papers-arxiv-id.h"
#include "papers-cli-private.h"

struct _PapersCli
{
  PapersStore *store;
};

/* Every verb, in the order `papers-reader --help` lists them.  A new verb is a
 * function and a line here. */
static const PapersCliVerb verbs[] = {
  { "add", N_("ID-OR-URL [--tag TAG]…"), N_("Add a paper to the library by arXiv id or URL, fetching its metadata"), papers_cli_add },
  { "search", N_("QUERY [--json] [--limit N]"), N_("Search the library (see “Search syntax”)"), papers_cli_search },
  { "tag", N_("ID +TAG|-TAG…"), N_("Add or remove tags of a paper"), papers_cli_tag },
  { "note", N_("ID [--set TEXT]"), N_("Print a paper’s note, or replace it"), papers_cli_note },
  { "status", N_("ID unread|reading|read"), N_("Set a paper’s reading status"), papers_cli_status },
  { "import", N_("FILE.bib|FILE.json"), N_("Import a BibTeX or CSL-JSON file into the library"), papers_cli_import },
  { "export", N_("[QUERY] --format bibtex|csl-json|markdown"),
    N_("Print papers as BibTeX or CSL-JSON, or their notes and annotations as Markdown"), papers_cli_export },
  { "fetch", N_("hf-daily [--date YYYY-MM-DD | --week YYYY-Www | --month YYYY-MM] [--trending] | "
                "hf-search QUERY | arxiv-search QUERY | arxiv-feed CATEGORY[+CATEGORY…] [--json] "
                "[--sort for-you [--tag TAG]]"),
    N_("Fetch a listing from Hugging Face or arXiv (cached in the library)"), papers_cli_fetch },
  { "download", N_("ID-OR-URL"), N_("Download a paper’s PDF into the library"), papers_cli_download },
  { "references", N_("ID-OR-URL [--json]"),
    N_("List the references of a paper whose PDF is downloaded, with the pages (from 1) that cite each"),
    papers_cli_references },
  { "dismiss", N_("ID-OR-URL [--undo]"),
    N_("Mark a paper Not Interested, which the For You ranking learns from (--undo takes it back)"),
    papers_cli_dismiss },
  { "follow", N_("author NAME | search QUERY | --list [--json]"),
    N_("Follow an author or a search: their papers rank higher For You; --list shows what is followed"),
    papers_cli_follow },
  { "unfollow", N_("author NAME | search QUERY"), N_("Stop following an author or a search"), papers_cli_unfollow },
#ifdef PAPERS_HAVE_SYNC
  { "sync", N_("[--json] [--pdfs] [--fetch-pdf ID]"),
    N_("Sync the library through the WebDAV folder PAPERS_SYNC_URL names, end-to-end encrypted"),
    papers_cli_sync },
  { "conflicts", N_("[--json]"), N_("List the notes edited on two devices that sync kept both of"),
    papers_cli_conflicts },
#endif
  { "refresh", N_("[--json] [--notify]"),
    N_("Fetch Daily Papers and the followed feeds, and show (or notify) the new papers For You"),
    papers_cli_refresh },
};

static const char * const help_flags[] = { "--help", "-h", "help", "--version", NULL };

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n", _("Usage:"));
  fprintf (out, "  papers-reader                   %s\n", _("Start the application"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autofree char *left = g_strdup_printf ("papers-reader %s %s", verbs[i].name, _(verbs[i].args));
      fprintf (out, "  %s\n      %s\n", left, _(verbs[i].summary));
    }
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  -h, --help                      %s\n", _("Show this help"));
  fprintf (out, "  --version                       %s\n", _("Show the version"));
  fprintf (out, "\n%s\n", _("Each verb takes --help. The library is the file named by $PAPERS_LIBRARY, "
                            "or library.db in the application’s data folder."));
  fprintf (out, "\n%s\n", _("Search syntax: free words, \"quoted phrases\", word* (prefix), tag:NAME, "
                            "-tag:NAME, author:NAME, year:2024, year:2019..2023, "
                            "is:unread|reading|read|starred, has:pdf|note|annotations; "
                            "a leading - excludes."));
}

gboolean
papers_cli_handles (int    argc,
                    char **argv)
{
  if (argc < 2)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (argv[1], verbs[i].name))
      return TRUE;
  return g_strv_contains (help_flags, argv[1]);
}

PapersStore *
papers_cli_get_store (PapersCli  *cli,
                      GError    **error)
{
  if (cli->store == NULL)
    cli->store = papers_store_new (NULL, error);
  return cli->store;
}

int
papers_cli_fail (const char   *verb,
                 const GError *error)
{
  fprintf (stderr, "papers-reader %s: %s\n", verb, error->message);
  return 1;
}

int
papers_cli_usage (const char *verb,
                  const char *message)
{
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (verbs[i].name, verb))
      fprintf (stderr, "papers-reader %s: %s\n%s papers-reader %s %s\n", verb, message, _("Usage:"), verb, _(verbs[i].args));
  return 2;
}

gboolean
papers_cli_parse_options (const char    *verb,
                          GOptionEntry  *entries,
                          gboolean       ignore_unknown,
                          int           *argc,
                          char        ***argv,
                          int           *status)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameter = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (verbs[i].name, verb))
      {
        parameter = g_strdup_printf ("%s %s", verb, _(verbs[i].args));
        context = g_option_context_new (parameter);
        g_option_context_set_summary (context, _(verbs[i].summary));
      }
  g_assert (context != NULL);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* "-tag:old" in a query is not an option */
  g_option_context_set_ignore_unknown_options (context, ignore_unknown);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = papers_cli_usage (verb, error->message);
      return FALSE;
    }
  return TRUE;
}

/* Sets member @name to @value, or to null when it is NULL */
void
papers_cli_json_add_string (JsonBuilder *builder,
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

static void
add_date (JsonBuilder *builder,
          const char  *name,
          GDateTime   *date)
{
  g_autofree char *iso = date != NULL ? g_date_time_format_iso8601 (date) : NULL;

  papers_cli_json_add_string (builder, name, iso);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* Prints what @builder built, indented, and a newline */
void
papers_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

void
papers_cli_print_papers_json (GPtrArray     *papers,
                              gboolean       with_sources,
                              PapersRanking *ranking)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);

      json_builder_begin_object (builder);
      papers_cli_json_add_string (builder, "id", papers_paper_get_id (paper));
      papers_cli_json_add_string (builder, "title", papers_paper_get_title (paper));
      add_strv (builder, "authors", papers_paper_get_authors (paper));
      add_date (builder, "published", papers_paper_get_published (paper));
      papers_cli_json_add_string (builder, "abstract", papers_paper_get_abstract (paper));
      add_strv (builder, "tags", papers_paper_get_tags (paper));
      papers_cli_json_add_string (builder, "status", papers_read_status_to_string (papers_paper_get_status (paper)));
      json_builder_set_member_name (builder, "starred");
      json_builder_add_boolean_value (builder, papers_paper_get_starred (paper));
      papers_cli_json_add_string (builder, "note", papers_paper_get_note (paper));
      papers_cli_json_add_string (builder, "arxiv_id", papers_paper_get_arxiv_id (paper));
      papers_cli_json_add_string (builder, "doi", papers_paper_get_doi (paper));
      add_strv (builder, "categories", papers_paper_get_categories (paper));
      add_date (builder, "added", papers_paper_get_added (paper));
      papers_cli_json_add_string (builder, "pdf_path", papers_paper_get_pdf_path (paper));
      if (!with_sources)
        {
          /* A library search's hit in the PDF's text: null elsewhere */
          papers_cli_json_add_string (builder, "snippet", papers_paper_get_search_snippet (paper));
          json_builder_set_member_name (builder, "page");
          if (papers_paper_get_search_page (paper) > 0)
            json_builder_add_int_value (builder, papers_paper_get_search_page (paper));
          else
            json_builder_add_null_value (builder);
        }
      if (with_sources)
        {
          add_int (builder, "upvotes", papers_paper_get_upvotes (paper));
          add_int (builder, "comments", papers_paper_get_comments (paper));
          papers_cli_json_add_string (builder, "announce_type", papers_paper_get_announce_type (paper));
          papers_cli_json_add_string (builder, "pdf_url", papers_paper_get_pdf_url (paper));
          papers_cli_json_add_string (builder, "source", papers_paper_get_source (paper));
          /* null while the library is too small to rank by */
          json_builder_set_member_name (builder, "for_you");
          if (ranking != NULL && ranking->scores != NULL)
            json_builder_add_double_value (builder, ranking->scores[i]);
          else
            json_builder_add_null_value (builder);
          papers_cli_json_add_string (builder, "for_you_reason",
                      ranking != NULL && ranking->scores != NULL ? ranking->reasons[i] : NULL);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  papers_cli_print_json (builder);
}

/* The arguments from @first on, joined by spaces: a query, a name */
char *
papers_cli_join_args (int    argc,
                      char **argv,
                      int    first)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;

  for (int i = first; i < argc; i++)
    g_strv_builder_add (builder, argv[i]);
  args = g_strv_builder_end (builder);
  return g_strjoinv (" ", args);
}

PapersStore *
papers_cli_open_for_arxiv_id (PapersCli     *cli,
                              const char    *verb,
                              GOptionEntry  *entries,
                              int           *argc,
                              char        ***argv,
                              char         **id,
                              int           *version,
                              int           *status)
{
  g_autoptr(GError) error = NULL;
  PapersStore *store;

  if (!papers_cli_parse_options (verb, entries, FALSE, argc, argv, status))
    return NULL;
  if (*argc != 2)
    {
      *status = papers_cli_usage (verb, _("give one arXiv id or URL"));
      return NULL;
    }
  if (!papers_arxiv_id_parse ((*argv)[1], id, version))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an arXiv id or URL"), (*argv)[1]);

      *status = papers_cli_usage (verb, message);
      return NULL;
    }

  store = papers_cli_get_store (cli, &error);
  if (store == NULL)
    *status = papers_cli_fail (verb, error);
  return store;
}

int
papers_cli_run (int    argc,
                char **argv)
{
  PapersCli cli = { NULL };
  int status = 2;

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("papers-reader %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (argv[1], verbs[i].name))
      {
        status = verbs[i].run (&cli, argc - 1, argv + 1);
        g_clear_object (&cli.store);
        return status;
      }

  print_help (stdout);
  return 0;
}
