/* test-cli.c: the command line, through the built `papers-reader` binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "papers-cli.h"
#include "papers-store.h"
#include "papers-store-wait.h"
#include "papers-test-cli.h"

static gboolean
handles (const char *arg)
{
  char *argv[] = { (char *) "papers-reader", (char *) arg, NULL };

  return papers_cli_handles (arg != NULL ? 2 : 1, argv);
}

/* `papers-reader` alone and GApplication's own options start the GUI */
static void
test_cli_handles (void)
{
  g_assert_false (handles (NULL));
  g_assert_true (handles ("search"));
  g_assert_true (handles ("export"));
  g_assert_true (handles ("--help"));
  g_assert_true (handles ("--version"));
  g_assert_false (handles ("frobnicate"));
  g_assert_false (handles ("--gapplication-service"));
}

static void
test_cli_help (void)
{
  g_auto(Run) run = { 0 };
  static const char * const verbs[] = { "add", "search", "tag", "note", "status", "import", "export" };

  papers (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autofree char *line = g_strdup_printf ("papers-reader %s ", verbs[i]);
      g_assert_nonnull (strstr (run.out, line));
    }
}

static JsonArray *
search_json (JsonParser *parser,
             const char *query)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;

  papers (&run, "search", query, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_array (json_parser_get_root (parser));
}

static void
test_cli_library (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *results;
  JsonObject *paper;

  {
    g_auto(Run) run = { 0 };
    papers (&run, "add", "https://arxiv.org/abs/1706.03762v5", "--tag", "NLP", "--tag", "to read", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "1706.03762\n");
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "add", "not an id", NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "not an arXiv id"));
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "tag", "1706.03762", "+classic", "-nlp", "plain", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "note", "1706.03762", "--set", "Read §3 again", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "note", "1706.03762", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Read §3 again\n");
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "status", "1706.03762", "reading", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "status", "1706.03762", "finished", NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_nonnull (strstr (run.err, "finished"));
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "note", "0000.00000", NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_nonnull (strstr (run.err, "0000.00000"));
  }

  results = search_json (parser, "tag:classic");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  paper = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (paper, "id"), ==, "1706.03762");
  g_assert_cmpstr (json_object_get_string_member (paper, "status"), ==, "reading");
  g_assert_cmpstr (json_object_get_string_member (paper, "note"), ==, "Read §3 again");
  g_assert_false (json_object_get_boolean_member (paper, "starred"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (paper, "authors")));
  g_assert_true (json_object_has_member (paper, "published"));
  g_assert_true (json_object_has_member (paper, "abstract"));
  g_assert_true (json_object_has_member (paper, "title"));
  {
    JsonArray *tags = json_object_get_array_member (paper, "tags");
    g_assert_cmpuint (json_array_get_length (tags), ==, 3);
  }

  {
    g_auto(Run) run = { 0 };
    papers (&run, "search", "foo:bar", NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "foo:"));
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "search", "\"unbalanced", NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_nonnull (strstr (run.err, "quote"));
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "search", "--limit", "0", "x", NULL);
    g_assert_cmpint (run.status, !=, 0);
  }
}

static void
test_cli_import_export (void)
{
  g_autofree char *bib = g_build_filename (g_getenv ("PAPERS_CORPUS_DIR"), "bibtex", "biblatex-examples.bib", NULL);
  g_autofree char *exported = g_strdup_printf ("%s/export.bib", g_getenv ("PAPERS_TEST_TMPDIR"));
  g_autofree char *first_library = g_strdup (library_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) csl = json_parser_new ();
  guint n_first, n_second;

  if (!g_file_test (bib, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no corpus");
      return;
    }

  {
    g_auto(Run) run = { 0 };
    papers (&run, "import", bib, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Imported 90 papers"));
    /* The entries without a title are reported */
    g_assert_nonnull (strstr (run.err, "set"));
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "import", "/nonexistent.bib", NULL);
    g_assert_cmpint (run.status, !=, 0);
  }

  n_first = json_array_get_length (search_json (parser, "author:knuth"));
  g_assert_cmpuint (n_first, >=, 3);

  /* Export, import into an empty library: the same papers */
  {
    g_auto(Run) run = { 0 };
    papers (&run, "export", "author:knuth", "--format", "bibtex", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "knuth1984texbook"));
    g_assert_true (g_file_set_contents (exported, run.out, -1, NULL));
  }
  g_free (library_path);
  library_path = g_strdup_printf ("%s/second.db", g_getenv ("PAPERS_TEST_TMPDIR"));
  {
    g_auto(Run) run = { 0 };
    papers (&run, "import", exported, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  n_second = json_array_get_length (search_json (parser, ""));
  g_assert_cmpuint (n_second, ==, n_first);

  {
    g_auto(Run) run = { 0 };
    g_autoptr(GError) error = NULL;

    papers (&run, "export", "--format", "csl-json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (csl, run.out, -1, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (csl))), ==, n_first);
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "export", "--format", "ris", NULL);
    g_assert_cmpint (run.status, !=, 0);
  }

  g_free (library_path);
  library_path = g_steal_pointer (&first_library);
}

/* `import FILE.json` reads CSL-JSON: what `export --format csl-json`
 * wrote comes back as the same papers; skipped entries are named, a file
 * that is not CSL-JSON fails with why, a .bib is still BibTeX */
static void
test_cli_import_csl_json (void)
{
  const char *dir = g_getenv ("PAPERS_TEST_TMPDIR");
  g_autofree char *bib = g_build_filename (dir, "csl-source.bib", NULL);
  g_autofree char *json = g_build_filename (dir, "csl-export.JSON", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *skips = g_build_filename (dir, "skips.json", NULL);
  g_autofree char *first_library = g_strdup (library_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) again = json_parser_new ();
  JsonArray *before, *after;

  g_free (library_path);
  library_path = g_build_filename (dir, "csl-first.db", NULL);
  g_assert_true (g_file_set_contents (bib,
    "@article{vaswani2017, title={Attention Is All You Need}, author={Vaswani, Ashish and Shazeer, Noam},\n"
    "  year={2017}, month={6}, eprint={1706.03762}, archiveprefix={arXiv}, journal={NeurIPS}}\n"
    "@book{knuth1984, title={The {\\TeX}book}, author={Knuth, Donald E.}, year={1984}, doi={10.5555/1102013}}\n"
    "@misc{plato, title={Republic}, author={Plato}}\n", -1, NULL));
  {
    g_auto(Run) run = { 0 };
    papers (&run, "import", bib, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Imported 3 papers\n");
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "export", "--format", "csl-json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_set_contents (json, run.out, -1, NULL));
  }
  before = search_json (parser, "");

  /* Into an empty library: the same papers, found the same way */
  g_free (library_path);
  library_path = g_build_filename (dir, "csl-second.db", NULL);
  {
    g_auto(Run) run = { 0 };
    papers (&run, "import", json, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Imported 3 papers\n");
    g_assert_cmpstr (run.err, ==, "");
  }
  after = search_json (again, "");
  g_assert_cmpuint (json_array_get_length (after), ==, json_array_get_length (before));
  /* (Papers added at once come in any order) */
  for (guint i = 0; i < json_array_get_length (before); i++)
    {
      JsonObject *a = json_array_get_object_element (before, i);
      gboolean found = FALSE;

      for (guint j = 0; j < json_array_get_length (after) && !found; j++)
        {
          JsonObject *b = json_array_get_object_element (after, j);

          found = g_str_equal (json_object_get_string_member (b, "id"), json_object_get_string_member (a, "id")) &&
                  g_str_equal (json_object_get_string_member (b, "title"), json_object_get_string_member (a, "title"));
        }
      g_assert_true (found);
    }

  g_assert_true (g_file_set_contents (skips, "[{\"id\": \"k1\", \"title\": \"Kept\"}, {\"id\": \"k2\"}]", -1, NULL));
  {
    g_auto(Run) run = { 0 };
    g_autofree char *line = g_strdup_printf ("%s: skipped entry 2 “k2”: it has no title\n", skips);

    papers (&run, "import", skips, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Imported 1 paper\n");
    g_assert_cmpstr (run.err, ==, line);
  }
  for (guint i = 0; i < 3; i++)
    {
      static const char * const contents[] = { "@article{x, title={BibTeX in a .json}}", "{\"title\": \"x\"}",
                                                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[" };
      static const char * const words[] = { "not JSON", "not a list of entries", "nested too deeply" };
      g_auto(Run) run = { 0 };

      g_assert_true (g_file_set_contents (bad, contents[i], -1, NULL));
      papers (&run, "import", bad, NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, words[i]));
    }

  g_free (library_path);
  library_path = g_steal_pointer (&first_library);
}

/* `search --json`: a paper found in its PDF's body alone carries
 * "snippet" and "page", one found in its metadata null for both, the
 * metadata's hits first; --limit cuts across the two */
static void
test_cli_body_hits (void)
{
  g_autofree char *first_library = g_steal_pointer (&library_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *pages[] = { "cover", "the okapi lives in forests", NULL };
  JsonArray *results;
  JsonObject *paper;

  library_path = g_strdup_printf ("%s/cli-body.db", g_getenv ("PAPERS_TEST_TMPDIR"));
  {
    g_autoptr(PapersStore) store = papers_store_new (library_path, &error);
    const char * const ids[] = { "2401.00001", "2401.00002" };
    const char * const titles[] = { "Okapi habitats", "Forest mammals" };

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        PapersPaper *p = papers_paper_new (ids[i]);

        papers_paper_set_arxiv_id (p, ids[i]);
        papers_paper_set_title (p, titles[i]);
        g_ptr_array_add (added, p);
      }
    g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                      store, added, TRUE));
    g_assert_true (papers_store_wait (papers_store_set_pdf_pages_async, papers_store_write_finish, &error, store,
                                      "2401.00002", pages, 1000, 1700000000, NULL));
    g_assert_no_error (error);
  }

  results = search_json (parser, "okapi");
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  paper = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (paper, "id"), ==, "2401.00001");
  g_assert_true (json_object_get_null_member (paper, "snippet"));
  g_assert_true (json_object_get_null_member (paper, "page"));
  paper = json_array_get_object_element (results, 1);
  g_assert_cmpstr (json_object_get_string_member (paper, "id"), ==, "2401.00002");
  g_assert_nonnull (strstr (json_object_get_string_member (paper, "snippet"), "<b>okapi</b>"));
  g_assert_cmpint (json_object_get_int_member (paper, "page"), ==, 2);

  {
    g_auto(Run) run = { 0 };

    papers (&run, "search", "okapi -forests", "--json", "--limit", "1", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
    g_assert_no_error (error);
    results = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (results), ==, 1);
    paper = json_array_get_object_element (results, 0);
    g_assert_cmpstr (json_object_get_string_member (paper, "id"), ==, "2401.00001");
  }

  g_free (library_path);
  library_path = g_steal_pointer (&first_library);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  library_path = g_strdup_printf ("%s/cli.db", g_getenv ("PAPERS_TEST_TMPDIR"));

  g_test_add_func ("/cli/handles", test_cli_handles);
  g_test_add_func ("/cli/help", test_cli_help);
  g_test_add_func ("/cli/library", test_cli_library);
  g_test_add_func ("/cli/body-hits", test_cli_body_hits);
  g_test_add_func ("/cli/import-csl-json", test_cli_import_csl_json);
  g_test_add_func ("/corpus/cli/import-export", test_cli_import_export);

  return g_test_run ();
}
