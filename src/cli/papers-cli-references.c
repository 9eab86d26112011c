/* papers-cli-references.c: `papers-reader references ID`, a paper's reference list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "papers-arxiv-id.h"
#include "papers-cli-private.h"
#include "papers-pdf-text.h"
#include "papers-refs.h"
#include "papers-store-wait.h"

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* The pages (from 1) on which the text cites each entry, sorted and
 * unique: an array per entry, each of int. */
static GPtrArray *
cited_pages (PapersRefs *refs)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint e = 0; e < refs->entries->len; e++)
    g_ptr_array_add (pages, g_array_new (FALSE, FALSE, sizeof (int)));
  for (guint c = 0; c < refs->citations->len; c++)
    {
      PapersCitation *citation = g_ptr_array_index (refs->citations, c);

      for (guint k = 0; citation->entries != NULL && k < citation->entries->len; k++)
        {
          int e = g_array_index (citation->entries, int, k);
          GArray *on;
          int page = citation->page + 1;

          if (e < 0 || (guint) e >= pages->len)
            continue;
          on = g_ptr_array_index (pages, e);
          g_array_append_val (on, page);
        }
    }
  for (guint e = 0; e < pages->len; e++)
    {
      GArray *on = g_ptr_array_index (pages, e);
      guint kept = 0;

      g_array_sort (on, compare_ints);
      for (guint i = 0; i < on->len; i++)
        if (kept == 0 || g_array_index (on, int, kept - 1) != g_array_index (on, int, i))
          g_array_index (on, int, kept++) = g_array_index (on, int, i);
      g_array_set_size (on, kept);
    }
  return pages;
}

static char *
doi_key (const char *doi)
{
  g_autofree char *folded = g_utf8_casefold (doi, -1);

  return g_strconcat ("doi:", folded, NULL);
}

/* The entries' arXiv ids and DOIs ("doi:" and the DOI casefolded) that
 * are papers kept in the library: the store finds a paper by "doi:" and
 * its DOI in any case, whatever its own id. */
static GHashTable *
kept_keys (PapersStore  *store,
           PapersRefs   *refs,
           GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) papers = NULL;
  g_auto(GStrv) ids = NULL;
  GHashTable *kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint e = 0; e < refs->entries->len; e++)
    {
      PapersRefEntry *entry = g_ptr_array_index (refs->entries, e);

      if (entry->arxiv_id != NULL)
        g_strv_builder_add (builder, entry->arxiv_id);
      if (entry->doi != NULL)
        {
          g_autofree char *key = g_strconcat ("doi:", entry->doi, NULL);

          g_strv_builder_add (builder, key);
        }
    }
  ids = g_strv_builder_end (builder);
  if (ids[0] == NULL)
    return kept;

  papers = papers_store_wait (papers_store_get_papers_async, papers_store_get_papers_finish, error, store,
                              (const char * const *) ids);
  if (papers == NULL)
    {
      g_hash_table_unref (kept);
      return NULL;
    }
  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);

      if (!papers_paper_get_in_library (paper))
        continue;
      if (papers_paper_get_arxiv_id (paper) != NULL)
        g_hash_table_add (kept, g_strdup (papers_paper_get_arxiv_id (paper)));
      if (papers_paper_get_doi (paper) != NULL)
        g_hash_table_add (kept, doi_key (papers_paper_get_doi (paper)));
    }
  return kept;
}

/* TRUE, FALSE, or -1 when the entry names neither an arXiv id nor a DOI
 * and the library cannot be asked. */
static int
entry_in_library (PapersRefEntry *entry,
                  GHashTable     *kept)
{
  g_autofree char *doi = entry->doi != NULL ? doi_key (entry->doi) : NULL;

  if (entry->arxiv_id == NULL && doi == NULL)
    return -1;
  return (entry->arxiv_id != NULL && g_hash_table_contains (kept, entry->arxiv_id)) ||
         (doi != NULL && g_hash_table_contains (kept, doi));
}

static void
print_json (PapersRefs *refs,
            GPtrArray  *cited,
            GHashTable *kept)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint e = 0; e < refs->entries->len; e++)
    {
      PapersRefEntry *entry = g_ptr_array_index (refs->entries, e);
      GArray *on = g_ptr_array_index (cited, e);
      int in_library = entry_in_library (entry, kept);

      json_builder_begin_object (builder);
      papers_cli_json_add_string (builder, "label", entry->label);
      papers_cli_json_add_string (builder, "text", entry->text);
      json_builder_set_member_name (builder, "page");
      json_builder_add_int_value (builder, entry->page + 1);
      papers_cli_json_add_string (builder, "arxiv_id", entry->arxiv_id);
      papers_cli_json_add_string (builder, "doi", entry->doi);
      papers_cli_json_add_string (builder, "title", entry->title);
      json_builder_set_member_name (builder, "in_library");
      if (in_library < 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_boolean_value (builder, in_library);
      /* No citation found anywhere in the text: where it cites is unknown. */
      json_builder_set_member_name (builder, "cited_on");
      if (refs->citations->len == 0)
        json_builder_add_null_value (builder);
      else
        {
          json_builder_begin_array (builder);
          for (guint i = 0; i < on->len; i++)
            json_builder_add_int_value (builder, g_array_index (on, int, i));
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  papers_cli_print_json (builder);
}

static void
print_text (PapersRefs *refs,
            GPtrArray  *cited,
            GHashTable *kept)
{
  for (guint e = 0; e < refs->entries->len; e++)
    {
      PapersRefEntry *entry = g_ptr_array_index (refs->entries, e);
      GArray *on = g_ptr_array_index (cited, e);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "[%s] %s", entry->label ? entry->label : "", entry->text);
      if (entry->arxiv_id != NULL)
        g_string_append_printf (line, "  arXiv:%s", entry->arxiv_id);
      if (entry->doi != NULL)
        g_string_append_printf (line, "  doi:%s", entry->doi);
      /* TRANSLATORS: the page (from 1) of a reference list's entry */
      g_string_append_printf (line, _("  (page %d"), entry->page + 1);
      if (on->len > 0)
        {
          /* TRANSLATORS: followed by the pages that cite an entry, "3, 7" */
          g_string_append (line, _("; cited on "));
          for (guint i = 0; i < on->len; i++)
            g_string_append_printf (line, i > 0 ? ", %d" : "%d", g_array_index (on, int, i));
        }
      g_string_append_c (line, ')');
      if (entry_in_library (entry, kept) > 0)
        g_string_append (line, _("  in library"));
      printf ("%s\n", line->str);
    }
}

/**
 * papers_cli_references:
 *
 * `papers-reader references ID [--json]`: the reference list of a paper whose
 * PDF is in the library, read from the PDF's text on a worker thread.
 */
int
papers_cli_references (PapersCli  *cli,
                       int         argc,
                       char      **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array of {label, text, page, arxiv_id, doi, title, in_library, cited_on}; "
         "pages count from 1, as the reader shows them"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) cited = NULL;
  g_autoptr(GHashTable) kept = NULL;
  g_autoptr(PapersRefs) refs = NULL;
  g_autofree char *id = NULL;
  PapersStore *store;
  const char *path;
  int version;
  int status;

  if (!papers_cli_parse_options ("references", entries, FALSE, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return papers_cli_usage ("references", _("give one paper id, arXiv id or URL"));
  /* An arXiv id or address, or the id of a paper the library knows. */
  if (!papers_arxiv_id_parse (argv[1], &id, &version))
    id = g_strdup (argv[1]);

  store = papers_cli_get_store (cli, &error);
  if (store == NULL)
    return papers_cli_fail ("references", error);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store, id);
  if (paper == NULL)
    return papers_cli_fail ("references", error);

  path = papers_paper_get_pdf_path (paper);
  if (path == NULL)
    {
      fprintf (stderr, _("papers-reader references: %s has no downloaded PDF; run papers-reader download %s first\n"),
               id, id);
      return 1;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, _("papers-reader references: the PDF of %s, %s, is missing; "
                         "run papers-reader download %s again\n"), id, path, id);
      return 1;
    }

  /* Poppler blocks: it reads on a worker, as the reader's would. */
  file = g_file_new_for_path (path);
  {
    g_auto(PapersStoreWait) wait = { NULL, NULL };

    papers_store_wait_begin (&wait);
    papers_pdf_extract_text_async (file, NULL, papers_store_wait_ready, &wait);
    pages = papers_pdf_extract_text_finish (papers_store_wait_end (&wait), &error);
  }
  if (pages == NULL)
    {
      fprintf (stderr, _("papers-reader references: the PDF of %s cannot be read: %s\n"), id, error->message);
      return 1;
    }

  refs = papers_refs_parse ((PapersTextPage * const *) pages->pdata, pages->len);
  kept = kept_keys (store, refs, &error);
  if (kept == NULL)
    return papers_cli_fail ("references", error);
  cited = cited_pages (refs);
  if (refs->entries->len == 0)
    fprintf (stderr, _("papers-reader references: No references found in %s\n"), id);
  if (json)
    print_json (refs, cited, kept);
  else
    print_text (refs, cited, kept);
  return 0;
}
