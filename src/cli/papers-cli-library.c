/* papers-cli-library.c: the library verbs of the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-bibtex.h"
#include "papers-cli-private.h"
#include "papers-csl-json.h"
#include "papers-snippet.h"
#include "papers-source-common.h"
#include "papers-store-wait.h"

int
papers_cli_add (PapersCli  *cli,
                int         argc,
                char      **argv)
{
  g_auto(GStrv) tags = NULL;
  GOptionEntry entries[] = {
    { "tag", 't', 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("Tag the paper (repeatable)"), N_("TAG") },
    { NULL }
  };
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) unresolved = NULL;
  g_autofree char *id = NULL;
  PapersStore *store;
  PapersPaper *paper;
  int status;
  int version;

  store = papers_cli_open_for_arxiv_id (cli, "add", entries, &argc, &argv, &id, &version, &status);
  if (store == NULL)
    return status;

  /* The paper as the window's Add by Identifier gets it: a paper Hugging
   * Face and arXiv do not know is an error; unreachable services (offline)
   * leave the paper its id alone. */
  paper = papers_cli_paper_for_id (argv[1], &unresolved, &error);
  if (paper == NULL)
    return papers_cli_fail ("add", error);
  if (unresolved != NULL)
    fprintf (stderr, _("papers-reader add: %s Adding the paper by its id alone.\n"), unresolved->message);
  papers_paper_set_tags (paper, (const char * const *) tags);
  g_ptr_array_add (papers, paper);
  if (!papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store, papers,
                          TRUE))
    return papers_cli_fail ("add", error);

  printf ("%s\n", id);
  return 0;
}

static void
print_table (GListModel *papers)
{
  for (guint i = 0; i < g_list_model_get_n_items (papers); i++)
    {
      g_autoptr(PapersPaper) paper = g_list_model_get_item (papers, i);
      GDateTime *published = papers_paper_get_published (paper);
      g_autofree char *authors = papers_paper_dup_authors_short (paper, 3);

      printf ("%-16s  %s", papers_paper_get_id (paper),
              papers_paper_get_title (paper) ? papers_paper_get_title (paper) : _("(no title)"));
      if (published != NULL)
        printf (" (%d)", g_date_time_get_year (published));
      if (authors[0] != '\0')
        printf (" — %s", authors);
      printf ("\n");
      if (papers_paper_get_search_snippet (paper) != NULL)
        {
          g_autofree char *plain = papers_snippet_to_plain (papers_paper_get_search_snippet (paper));

          /* Found in the PDF's text: where, under the paper */
          printf ("    %s %d: %s\n", _("page"), papers_paper_get_search_page (paper), plain);
        }
    }
}

static GListModel *
search (PapersCli   *cli,
        const char  *query,
        guint        limit,
        GError     **error)
{
  PapersStore *store = papers_cli_get_store (cli, error);

  if (store == NULL)
    return NULL;
  return papers_store_wait (papers_store_search_async, papers_store_search_finish, error, store, query, 0,
                            limit);
}

int
papers_cli_search (PapersCli  *cli,
                   int         argc,
                   char      **argv)
{
  gboolean json = FALSE;
  int limit = 50;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array of papers"), NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Print at most N papers (default 50)"), N_("N") },
    { NULL }
  };
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  int status;

  if (!papers_cli_parse_options ("search", entries, TRUE, &argc, &argv, &status))
    return status;
  if (limit <= 0)
    return papers_cli_usage ("search", _("--limit must be a positive number"));

  query = papers_cli_join_args (argc, argv, 1);
  results = search (cli, query, limit, &error);
  if (results == NULL)
    return papers_cli_fail ("search", error);

  if (json)
    {
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        g_ptr_array_add (array, g_list_model_get_item (results, i));
      papers_cli_print_papers_json (array, FALSE, NULL);
    }
  else
    print_table (results);
  return 0;
}

int
papers_cli_tag (PapersCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GStrvBuilder) add = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) remove = g_strv_builder_new ();
  g_auto(GStrv) add_list = NULL;
  g_auto(GStrv) remove_list = NULL;
  g_autoptr(GError) error = NULL;
  PapersStore *store;

  /* No GOptionContext: "-old" is a tag to remove, not an option. */
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      printf ("%s papers-reader tag %s\n", _("Usage:"), _("ID +TAG|-TAG…"));
      return 0;
    }
  if (argc < 3)
    return papers_cli_usage ("tag", _("give a paper id and at least one +TAG or -TAG"));

  for (int i = 2; i < argc; i++)
    {
      if (argv[i][0] == '-')
        g_strv_builder_add (remove, argv[i] + 1);
      else
        g_strv_builder_add (add, argv[i] + (argv[i][0] == '+'));
    }
  add_list = g_strv_builder_end (add);
  remove_list = g_strv_builder_end (remove);

  store = papers_cli_get_store (cli, &error);
  if (store == NULL ||
      !papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store, argv[1],
                          (const char * const *) add_list, (const char * const *) remove_list))
    return papers_cli_fail ("tag", error);
  return 0;
}

int
papers_cli_note (PapersCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autofree char *text = NULL;
  GOptionEntry entries[] = {
    { "set", 's', 0, G_OPTION_ARG_STRING, &text, N_("Replace the note (\"\" deletes it)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  PapersStore *store;
  int status;

  if (!papers_cli_parse_options ("note", entries, FALSE, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return papers_cli_usage ("note", _("give one paper id"));

  store = papers_cli_get_store (cli, &error);
  if (store == NULL)
    return papers_cli_fail ("note", error);

  if (text != NULL)
    {
      if (!papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, store, argv[1],
                              text))
        return papers_cli_fail ("note", error);
      return 0;
    }

  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             argv[1]);
  if (paper == NULL)
    return papers_cli_fail ("note", error);
  if (papers_paper_get_note (paper) != NULL)
    printf ("%s\n", papers_paper_get_note (paper));
  return 0;
}

int
papers_cli_status (PapersCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GError) error = NULL;
  PapersReadStatus status;
  PapersStore *store;
  int exit_status;

  if (!papers_cli_parse_options ("status", (GOptionEntry[]) { { NULL } }, FALSE, &argc, &argv, &exit_status))
    return exit_status;
  if (argc != 3)
    return papers_cli_usage ("status", _("give a paper id and a status"));
  if (!papers_read_status_from_string (argv[2], &status))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not unread, reading or read"), argv[2]);
      return papers_cli_usage ("status", message);
    }

  store = papers_cli_get_store (cli, &error);
  if (store == NULL || !papers_store_wait (papers_store_set_status_async, papers_store_write_finish, &error,
                                           store, argv[1], status))
    return papers_cli_fail ("status", error);
  return 0;
}

/* A file named ….json is CSL-JSON; anything else is read as BibTeX */
static gboolean
is_csl_json (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".json");
}

int
papers_cli_import (PapersCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PapersStore *store;
  gboolean json;
  gsize length;
  int status;

  if (!papers_cli_parse_options ("import", (GOptionEntry[]) { { NULL } }, FALSE, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return papers_cli_usage ("import", _("give one BibTeX or CSL-JSON file"));

  if (!g_file_get_contents (argv[1], &text, &length, &error))
    return papers_cli_fail ("import", error);
  json = is_csl_json (argv[1]);
  papers = json ? papers_csl_json_parse (text, length, &skipped, &error) : papers_bibtex_parse (text, &skipped, &error);
  if (papers == NULL)
    return papers_cli_fail ("import", error);

  store = papers_cli_get_store (cli, &error);
  if (store == NULL || !papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish,
                                           &error, store, papers, TRUE))
    return papers_cli_fail ("import", error);

  for (guint i = 0; i < skipped->len; i++)
    {
      PapersBibtexSkip *skip = skipped->pdata[i];

      if (json)
        /* TRANSLATORS: "refs.json: skipped entry 3 “key”: it has no title" */
        fprintf (stderr, _("%s: skipped entry %u “%s”: %s\n"), argv[1], skip->line,
                 skip->key ? skip->key : "?", skip->reason);
      else
        /* TRANSLATORS: "file.bib:12: skipped entry “key”: it has no title" */
        fprintf (stderr, _("%s:%u: skipped entry “%s”: %s\n"), argv[1], skip->line,
                 skip->key ? skip->key : "?", skip->reason);
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u paper", "Imported %u papers", papers->len), papers->len);
  printf ("\n");
  return 0;
}

int
papers_cli_export (PapersCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("bibtex (default), csl-json or markdown"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  g_autofree char *text = NULL;
  int status;

  if (!papers_cli_parse_options ("export", entries, TRUE, &argc, &argv, &status))
    return status;
  if (format != NULL && !g_str_equal (format, "bibtex") && !g_str_equal (format, "csl-json") &&
      !g_str_equal (format, "markdown"))
    return papers_cli_usage ("export", _("the format is bibtex, csl-json or markdown"));

  query = papers_cli_join_args (argc, argv, 1);
  results = search (cli, query, G_MAXINT, &error);
  if (results == NULL)
    return papers_cli_fail ("export", error);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    g_ptr_array_add (papers, g_list_model_get_item (results, i));

  if (format != NULL && g_str_equal (format, "markdown"))
    return papers_cli_export_markdown (cli, papers);
  if (format != NULL && g_str_equal (format, "csl-json"))
    text = papers_csl_json_export (papers);
  else
    text = papers_bibtex_export (papers);
  fputs (text, stdout);
  if (format != NULL && g_str_equal (format, "csl-json"))
    fputs ("\n", stdout);
  return 0;
}
