/* test-cli-refs.c: `papers-reader references`, through the built binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "bench-refs-truth.h"
#include "papers-test-cli.h"
#include "papers-store.h"
#include "papers-store-wait.h"

/* Adds the paper @id to the library by the command line, and records
 * @pdf as its downloaded PDF, as `papers-reader download` would. */
static void
add_with_pdf (const char *id,
              const char *pdf)
{
  g_auto(Run) run = { 0 };
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(GError) error = NULL;

  papers (&run, "add", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  if (pdf == NULL)
    return;
  store = papers_store_new (library_path, &error);
  g_assert_no_error (error);
  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store, id,
                                    pdf, 0, NULL));
  g_assert_no_error (error);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), name, NULL);
}

static char *
corpus_pdf (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAPERS_CORPUS_DIR"), "pdf", name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return g_steal_pointer (&path);
}

/* `references ID --json`, which must succeed; its array */
static JsonArray *
references_json (JsonParser *parser,
                 const char *id)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;

  papers (&run, "references", id, "--json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_node_get_array (json_parser_get_root (parser));
}

static void
assert_string_or_null (JsonObject *entry,
                       const char *key)
{
  JsonNode *node = json_object_get_member (entry, key);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_NULL (node) ||
                 json_node_get_value_type (node) == G_TYPE_STRING);
}

static void
test_cli_refs_help (void)
{
  g_auto(Run) run = { 0 };

  papers (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "papers-reader references "));
}

/* The errors, each a clear message and a non-zero exit */
static void
test_cli_refs_errors (void)
{
  g_autofree char *deleted = tmp_path ("deleted.pdf");
  g_autofree char *garbage = tmp_path ("garbage.pdf");

  {
    g_auto(Run) run = { 0 };
    papers (&run, "references", "2501.99999", NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "2501.99999"));
  }

  add_with_pdf ("1706.03762", NULL);
  {
    g_auto(Run) run = { 0 };
    papers (&run, "references", "https://arxiv.org/abs/1706.03762v5", "--json", NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "1706.03762 has no downloaded PDF; run papers-reader download 1706.03762 first"));
  }

  g_assert_true (g_file_set_contents (deleted, "%PDF-1.4\n", -1, NULL));
  add_with_pdf ("2301.00001", deleted);
  g_assert_cmpint (g_unlink (deleted), ==, 0);
  {
    g_auto(Run) run = { 0 };
    papers (&run, "references", "2301.00001", "--json", NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "is missing"));
    g_assert_nonnull (strstr (run.err, "papers-reader download 2301.00001"));
  }

  g_assert_true (g_file_set_contents (garbage, "<html>not a PDF</html>\n", -1, NULL));
  add_with_pdf ("2301.00002", garbage);
  {
    g_auto(Run) run = { 0 };
    papers (&run, "references", "2301.00002", "--json", NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "cannot be read: The file is not a PDF document"));
  }

  /* A PDF header over junk: Poppler cannot make a document of it. */
  g_assert_true (g_file_set_contents (garbage, "%PDF-1.7\n\x01\x02 garbage garbage\n%%EOF\n", -1, NULL));
  {
    g_auto(Run) run = { 0 };
    papers (&run, "references", "2301.00002", NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_nonnull (strstr (run.err, "cannot be read: The document is damaged"));
  }
}

/* A PDF of one blank page: no text, so no references, and that is not an
 * error. */
static void
test_cli_refs_no_text (void)
{
  static const char blank[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
    "trailer << /Root 1 0 R >>\n"
    "%%EOF\n";
  g_autofree char *path = tmp_path ("blank.pdf");
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (g_file_set_contents (path, blank, -1, NULL));
  add_with_pdf ("2301.00003", path);
  {
    g_auto(Run) run = { 0 };
    papers (&run, "references", "2301.00003", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "No references found"));
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 0);
  }
  {
    g_auto(Run) run = { 0 };
    papers (&run, "references", "2301.00003", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "No references found"));
  }
}

static void
test_cli_refs_encrypted (void)
{
  g_autofree char *pdf = corpus_pdf ("popplertest__PasswordEncrypted.pdf");
  g_auto(Run) run = { 0 };

  if (pdf == NULL)
    {
      g_test_skip ("no corpus");
      return;
    }
  add_with_pdf ("2301.00004", pdf);
  papers (&run, "references", "2301.00004", "--json", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "protected by a password"));
}

/* A real paper: papermage's, a numbered list with arXiv ids */
static void
test_cli_refs_paper (void)
{
  const BenchRefsTruth *truth = NULL;
  g_autofree char *pdf = corpus_pdf ("papermage__2304.02623v1.pdf");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) again = json_parser_new ();
  g_autofree char *cited_id = NULL;
  JsonArray *entries;
  guint n_ids = 0, n_cited = 0;
  guint cited_index = 0;

  if (pdf == NULL)
    {
      g_test_skip ("no corpus");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (bench_refs_truth); i++)
    if (g_str_equal (bench_refs_truth[i].file, "papermage__2304.02623v1.pdf"))
      truth = &bench_refs_truth[i];
  g_assert_nonnull (truth);

  add_with_pdf ("2304.02623", pdf);
  entries = references_json (parser, "2304.02623");
  g_assert_cmpuint (json_array_get_length (entries), ==, truth->entries);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonNode *cited_on = json_object_get_member (entry, "cited_on");
      JsonNode *in_library = json_object_get_member (entry, "in_library");

      g_assert_cmpuint (json_object_get_size (entry), ==, 8);
      assert_string_or_null (entry, "label");
      g_assert_nonnull (json_object_get_string_member (entry, "text"));
      g_assert_cmpint (json_object_get_int_member (entry, "page"), >=, 1);
      assert_string_or_null (entry, "arxiv_id");
      assert_string_or_null (entry, "doi");
      assert_string_or_null (entry, "title");
      g_assert_nonnull (in_library);
      g_assert_true (JSON_NODE_HOLDS_NULL (in_library) ||
                     json_node_get_value_type (in_library) == G_TYPE_BOOLEAN);
      if (!JSON_NODE_HOLDS_NULL (in_library))
        g_assert_false (json_node_get_boolean (in_library));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (cited_on));
      for (guint k = 0; k < json_array_get_length (json_node_get_array (cited_on)); k++)
        {
          gint64 page = json_array_get_int_element (json_node_get_array (cited_on), k);

          g_assert_cmpint (page, >=, 1);
          if (k > 0)
            g_assert_cmpint (page, >, json_array_get_int_element (json_node_get_array (cited_on), k - 1));
        }
      if (json_object_get_string_member (entry, "arxiv_id") != NULL)
        {
          n_ids++;
          if (cited_id == NULL && json_array_get_length (json_node_get_array (cited_on)) > 0)
            {
              cited_id = g_strdup (json_object_get_string_member (entry, "arxiv_id"));
              cited_index = i;
            }
        }
      if (json_array_get_length (json_node_get_array (cited_on)) > 0)
        n_cited++;
    }
  g_assert_cmpuint (n_ids, ==, truth->arxiv_ids);
  /* The hand-checked citations: "[23]" on page 1 names entry 23. */
  g_assert_cmpuint (n_cited, >, truth->entries / 2);
  {
    JsonObject *entry23 = json_array_get_object_element (entries, 22);
    JsonArray *on = json_object_get_array_member (entry23, "cited_on");
    gboolean page1 = FALSE;

    g_assert_cmpstr (json_object_get_string_member (entry23, "label"), ==, "23");
    for (guint k = 0; k < json_array_get_length (on); k++)
      page1 |= json_array_get_int_element (on, k) == 1;
    g_assert_true (page1);
  }

  /* Add a cited paper by its id: its entry is now in the library. */
  g_assert_nonnull (cited_id);
  add_with_pdf (cited_id, NULL);
  entries = references_json (again, "2304.02623");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonNode *in_library = json_object_get_member (entry, "in_library");

      if (i == cited_index)
        g_assert_true (json_node_get_boolean (in_library));
      else if (!JSON_NODE_HOLDS_NULL (in_library) &&
               g_strcmp0 (json_object_get_string_member (entry, "arxiv_id"), cited_id) != 0)
        g_assert_false (json_node_get_boolean (in_library));
    }

  /* A paper kept by its DOI alone (imported from BibTeX): entry 1's. */
  {
    g_autofree char *bib = tmp_path ("adams.bib");
    g_auto(Run) run = { 0 };
    g_autoptr(JsonParser) third = json_parser_new ();
    JsonObject *entry1;

    g_assert_true (g_file_set_contents (bib,
                                        "@inproceedings{adams2021,\n"
                                        "  title = {What's in a Summary?},\n"
                                        "  author = {Adams, Griffin},\n"
                                        "  year = {2021},\n"
                                        "  doi = {10.18653/V1/2021.naacl-main.382},\n"
                                        "}\n", -1, NULL));
    papers (&run, "import", bib, NULL);
    g_assert_cmpint (run.status, ==, 0);
    entries = references_json (third, "2304.02623");
    entry1 = json_array_get_object_element (entries, 0);
    g_assert_cmpstr (json_object_get_string_member (entry1, "doi"), ==, "10.18653/v1/2021.naacl-main.382");
    g_assert_true (json_object_get_boolean_member (entry1, "in_library"));
  }

  /* The text form: one line per entry. */
  {
    g_auto(Run) run = { 0 };
    g_auto(GStrv) lines = NULL;

    papers (&run, "references", "2304.02623", NULL);
    g_assert_cmpint (run.status, ==, 0);
    lines = g_strsplit (run.out, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, truth->entries + 1);
    g_assert_true (g_str_has_prefix (lines[0], "[1] "));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  library_path = g_strdup_printf ("%s/cli-refs.db", g_getenv ("PAPERS_TEST_TMPDIR"));

  g_test_add_func ("/cli/references/help", test_cli_refs_help);
  g_test_add_func ("/cli/references/errors", test_cli_refs_errors);
  g_test_add_func ("/cli/references/no-text", test_cli_refs_no_text);
  g_test_add_func ("/corpus/cli/references/encrypted", test_cli_refs_encrypted);
  g_test_add_func ("/corpus/cli/references/paper", test_cli_refs_paper);

  return g_test_run ();
}
