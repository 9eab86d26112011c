/* papers-cli-for-you.c: `papers-reader dismiss`, `follow`, `unfollow`, and
 * the For You ranking of `papers-reader fetch`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-cli-private.h"
#include "papers-for-you.h"
#include "papers-store-wait.h"

/**
 * papers_cli_rank:
 * @papers: (element-type PapersPaper): a listing
 * @tag: (nullable): rank for the papers of this tag, or %NULL for the
 *   whole library
 *
 * Ranks @papers For You, as the window would, updating the stored model.
 *
 * Returns: (transfer full) (nullable): the ranking, still learning for a
 *   library too small to rank by
 */
PapersRanking *
papers_cli_rank (PapersStore  *store,
                 GPtrArray    *papers,
                 const char   *tag,
                 GError      **error)
{
  g_autoptr(PapersForYou) for_you = papers_for_you_new (store);

  return papers_store_wait (papers_for_you_rank_async, papers_for_you_rank_finish, error, for_you, papers, tag);
}

/* The paper a dismissal names: an arXiv id or address, or the id of a
 * paper the library knows (a DOI's "doi:…", an imported "p-…").  What the
 * library knows of it comes along, so the ranking learns from its text. */
static gboolean
dismissed_paper (PapersStore  *store,
                 const char   *arg,
                 char        **id,
                 PapersPaper **paper)
{
  int version;

  if (papers_arxiv_id_parse (arg, id, &version))
    {
      *paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, NULL, store, *id);
      return TRUE;
    }
  *paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, NULL, store, arg);
  if (*paper != NULL)
    *id = g_strdup (papers_paper_get_id (*paper));
  return *paper != NULL;
}

/**
 * papers_cli_dismiss:
 *
 * `papers-reader dismiss ID-OR-URL [--undo]`: Not Interested, or its undo.
 * The paper need not be in the library.
 */
int
papers_cli_dismiss (PapersCli  *cli,
                    int         argc,
                    char      **argv)
{
  gboolean undo = FALSE;
  GOptionEntry entries[] = {
    { "undo", 0, 0, G_OPTION_ARG_NONE, &undo, N_("Take a Not Interested back"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  g_autofree char *id = NULL;
  PapersStore *store;
  int status;

  if (!papers_cli_parse_options ("dismiss", entries, FALSE, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return papers_cli_usage ("dismiss", _("give one arXiv id or URL"));

  store = papers_cli_get_store (cli, &error);
  if (store == NULL)
    return papers_cli_fail ("dismiss", error);
  if (!dismissed_paper (store, argv[1], &id, &paper))
    {
      /* A hostile argument can be long: name its start */
      g_autofree char *start = g_utf8_make_valid (argv[1], MIN (strlen (argv[1]), 80));
      g_autofree char *message = g_strdup_printf (_("“%s” is not an arXiv id or URL, nor a paper in the library"),
                                                  start);

      return papers_cli_usage ("dismiss", message);
    }

  if (!papers_store_wait (papers_store_dismiss_async, papers_store_write_finish, &error, store, id, paper, !undo))
    return papers_cli_fail ("dismiss", error);
  printf ("%s\n", id);
  return 0;
}

static void
print_follows (GStrv     authors,
               GStrv     searches,
               gboolean  json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      GStrv lists[] = { authors, searches };
      const char *names[] = { "authors", "searches" };

      json_builder_begin_object (builder);
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        {
          json_builder_set_member_name (builder, names[l]);
          json_builder_begin_array (builder);
          for (guint i = 0; lists[l][i] != NULL; i++)
            json_builder_add_string_value (builder, lists[l][i]);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      papers_cli_print_json (builder);
      return;
    }

  /* One per line, the kind and a tab first: easy to cut */
  for (guint i = 0; authors[i] != NULL; i++)
    printf ("author\t%s\n", authors[i]);
  for (guint i = 0; searches[i] != NULL; i++)
    printf ("search\t%s\n", searches[i]);
}

static int
list_follows (PapersCli  *cli,
              gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) authors = NULL;
  g_auto(GStrv) searches = NULL;
  PapersStore *store = papers_cli_get_store (cli, &error);

  if (store != NULL)
    authors = papers_store_wait (papers_store_list_follows_async, papers_store_list_follows_finish, &error, store,
                                 PAPERS_FOLLOW_AUTHOR);
  if (authors != NULL)
    searches = papers_store_wait (papers_store_list_follows_async, papers_store_list_follows_finish, &error,
                                  store, PAPERS_FOLLOW_SEARCH);
  if (searches == NULL)
    return papers_cli_fail ("follow", error);
  print_follows (authors, searches, json);
  return 0;
}

/* `papers-reader follow|unfollow author NAME…|search QUERY…`: the words
 * after the kind are the name or search */
static int
change_follow (PapersCli  *cli,
               const char *verb,
               gboolean    follow,
               int         argc,
               char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *stripped = NULL;
  PapersFollowKind kind;
  PapersStore *store;

  if (argc < 2)
    return papers_cli_usage (verb, _("say author or search"));
  if (g_str_equal (argv[1], "author"))
    kind = PAPERS_FOLLOW_AUTHOR;
  else if (g_str_equal (argv[1], "search"))
    kind = PAPERS_FOLLOW_SEARCH;
  else
    return papers_cli_usage (verb, _("what is followed is an author or a search"));

  value = papers_cli_join_args (argc, argv, 2);
  stripped = g_strstrip (g_strdup (value));
  if (*stripped == '\0')
    return papers_cli_usage (verb, kind == PAPERS_FOLLOW_AUTHOR ? _("give the author’s name")
                                                                : _("give the words of the search"));
  if (!g_utf8_validate (stripped, -1, NULL) || g_utf8_strlen (stripped, -1) > PAPERS_FOLLOW_MAX_LENGTH)
    {
      g_autofree char *message = g_strdup_printf (_("give text of at most %d characters"),
                                                  PAPERS_FOLLOW_MAX_LENGTH);

      return papers_cli_usage (verb, message);
    }

  store = papers_cli_get_store (cli, &error);
  if (store == NULL || !papers_store_wait (papers_store_follow_async, papers_store_write_finish, &error, store,
                                           kind, stripped, follow))
    return papers_cli_fail (verb, error);
  return 0;
}

/**
 * papers_cli_follow:
 *
 * `papers-reader follow author NAME`, `papers-reader follow search QUERY`,
 * `papers-reader follow --list [--json]`
 */
int
papers_cli_follow (PapersCli  *cli,
                   int         argc,
                   char      **argv)
{
  gboolean list = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list, N_("List the authors and searches followed"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("With --list, print them as JSON"), NULL },
    { NULL }
  };
  int status;

  /* A search may have words such as "-survey": options come first */
  if (!papers_cli_parse_options ("follow", entries, TRUE, &argc, &argv, &status))
    return status;
  if (list)
    {
      if (argc > 1)
        return papers_cli_usage ("follow", _("--list takes nothing more"));
      return list_follows (cli, json);
    }
  if (json)
    return papers_cli_usage ("follow", _("--json is for --list"));
  return change_follow (cli, "follow", TRUE, argc, argv);
}

/**
 * papers_cli_unfollow:
 *
 * `papers-reader unfollow author NAME`, `papers-reader unfollow search QUERY`
 */
int
papers_cli_unfollow (PapersCli  *cli,
                     int         argc,
                     char      **argv)
{
  int status;

  if (!papers_cli_parse_options ("unfollow", (GOptionEntry[]) { { NULL } }, TRUE, &argc, &argv, &status))
    return status;
  return change_follow (cli, "unfollow", FALSE, argc, argv);
}
