/* test-csl-json.c: CSL-JSON import, its round trip with the export, bad
 * input, and the store's import that says which papers it added
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-csl-json.h"
#include "papers-store.h"
#include "papers-store-wait.h"
#include "papers-test-db.h"

static GPtrArray *
parse (const char  *text,
       GPtrArray  **skipped)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *papers = papers_csl_json_parse (text, strlen (text), skipped, &error);

  g_assert_no_error (error);
  g_assert_nonnull (papers);
  return papers;
}

static void
assert_refused (const char *data,
                gsize       length,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  GPtrArray *papers = papers_csl_json_parse (data, length, &skipped, &error);

  g_assert_null (papers);
  g_assert_null (skipped);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, words));
}

static PapersPaper *
full_paper (void)
{
  PapersPaper *paper = papers_paper_new ("1706.03762");
  const char *authors[] = { "Ashish Vaswani", "Łukasz Kaiser", "Illia Polosukhin", NULL };
  g_autoptr(GDateTime) published = g_date_time_new_utc (2017, 6, 12, 0, 0, 0);

  papers_paper_set_arxiv_id (paper, "1706.03762");
  papers_paper_set_title (paper, "Attention Is All You Need: 100% of {braces} & \"quotes\" \\ <i>");
  papers_paper_set_abstract (paper, "The dominant models — naïve “quotes”, café, 50% & more.");
  papers_paper_set_authors (paper, authors);
  papers_paper_set_published (paper, published);
  papers_paper_set_doi (paper, "10.48550/arXiv.1706.03762");
  papers_paper_set_journal_ref (paper, "NeurIPS 2017");
  papers_paper_set_abs_url (paper, "https://arxiv.org/abs/1706.03762");
  return paper;
}

static GPtrArray *
some_papers (void)
{
  GPtrArray *papers = g_ptr_array_new_with_free_func (g_object_unref);
  PapersPaper *plain = papers_paper_new (NULL);
  PapersPaper *doi = papers_paper_new (NULL);
  const char *plato[] = { "Plato", NULL };
  const char *knuth[] = { "Donald E. Knuth", NULL };
  g_autoptr(GDateTime) year = g_date_time_new_utc (1984, 1, 1, 0, 0, 0);

  g_ptr_array_add (papers, full_paper ());
  papers_paper_set_title (plain, "Republic");
  papers_paper_set_authors (plain, plato);
  g_ptr_array_add (papers, plain);
  papers_paper_set_title (doi, "Literate Programming");
  papers_paper_set_authors (doi, knuth);
  papers_paper_set_doi (doi, "10.1093/comjnl/27.2.97");
  papers_paper_set_published (doi, year);
  papers_paper_set_journal_ref (doi, "The Computer Journal");
  g_ptr_array_add (papers, doi);
  return papers;
}

/* What the export writes, the import reads back: every field it writes */
static void
test_csl_json_roundtrip (void)
{
  g_autoptr(GPtrArray) papers = some_papers ();
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autofree char *json = papers_csl_json_export (papers);
  g_autofree char *json2 = NULL;

  back = parse (json, &skipped);
  g_assert_cmpuint (skipped->len, ==, 0);
  g_assert_cmpuint (back->len, ==, papers->len);
  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *a = papers->pdata[i];
      PapersPaper *b = back->pdata[i];

      g_assert_cmpstr (papers_paper_get_id (b), ==, papers_paper_get_id (a));
      g_assert_cmpstr (papers_paper_get_arxiv_id (b), ==, papers_paper_get_arxiv_id (a));
      g_assert_cmpstr (papers_paper_get_title (b), ==, papers_paper_get_title (a));
      g_assert_cmpstr (papers_paper_get_abstract (b), ==, papers_paper_get_abstract (a));
      g_assert_true (g_strv_equal (papers_paper_get_authors (b), papers_paper_get_authors (a)));
      g_assert_cmpstr (papers_paper_get_doi (b), ==, papers_paper_get_doi (a));
      g_assert_cmpstr (papers_paper_get_journal_ref (b), ==, papers_paper_get_journal_ref (a));
      g_assert_cmpstr (papers_paper_get_abs_url (b), ==, papers_paper_get_abs_url (a));
      g_assert_cmpstr (papers_paper_get_source (b), ==, "csl-json");
      if (papers_paper_get_published (a) == NULL)
        g_assert_null (papers_paper_get_published (b));
      else
        g_assert_true (g_date_time_equal (papers_paper_get_published (b), papers_paper_get_published (a)));
    }
  /* Stable: exporting what was imported gives the same text */
  json2 = papers_csl_json_export (back);
  g_assert_cmpstr (json2, ==, json);
}

/* As Zotero and pandoc write it: dates as text or "raw", arXiv known by
 * its DOI or address, names with only a family, unknown members */
static void
test_csl_json_others (void)
{
  static const char *text =
    "[{\"id\": \"http://zotero.org/users/1/items/X\", \"type\": \"article\", \"title\": \"  Denoising\\n  Diffusion  \","
    "  \"author\": [{\"family\": \"Ho\", \"given\": \"Jonathan\"}, {\"family\": \"Jain\"}, {\"given\": \"\"},"
    "               {\"literal\": \"The Team\"}],"
    "  \"issued\": {\"date-parts\": [[\"2020\", \"6\"]]}, \"DOI\": \"https://doi.org/10.48550/arXiv.2006.11239\","
    "  \"note\": \"arXiv:2006.11239 [cs]\", \"language\": \"en\", \"custom\": {\"a\": [1, 2, {\"b\": null}]}},"
    " {\"title\": \"Raw date\", \"issued\": {\"raw\": \"2019-03-04\"}, \"URL\": \"https://arxiv.org/abs/1903.00001v2\"},"
    " {\"title\": 42, \"issued\": {\"date-parts\": []}, \"number\": 7, \"DOI\": null}]";
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GPtrArray) papers = parse (text, &skipped);
  const char *authors[] = { "Jonathan Ho", "Jain", "The Team", NULL };
  PapersPaper *paper;

  g_assert_cmpuint (skipped->len, ==, 0);
  g_assert_cmpuint (papers->len, ==, 3);
  paper = papers->pdata[0];
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "Denoising Diffusion");
  g_assert_true (g_strv_equal (papers_paper_get_authors (paper), authors));
  g_assert_cmpint (g_date_time_get_year (papers_paper_get_published (paper)), ==, 2020);
  g_assert_cmpint (g_date_time_get_month (papers_paper_get_published (paper)), ==, 6);
  g_assert_cmpstr (papers_paper_get_doi (paper), ==, "10.48550/arXiv.2006.11239");
  g_assert_cmpstr (papers_paper_get_id (paper), ==, "2006.11239");
  paper = papers->pdata[1];
  g_assert_cmpstr (papers_paper_get_id (paper), ==, "1903.00001");
  g_assert_cmpint (papers_paper_get_version (paper), ==, 2);
  g_assert_cmpint (g_date_time_get_day_of_month (papers_paper_get_published (paper)), ==, 4);
  paper = papers->pdata[2];
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "42");
  g_assert_null (papers_paper_get_id (paper));
  g_assert_null (papers_paper_get_published (paper));
}

/* Entries the import cannot use are skipped, each with why; the others
 * are kept */
static void
test_csl_json_skipped (void)
{
  static const struct { const char *entry, *key, *reason; } cases[] = {
    { "{\"id\": \"notitle\", \"author\": [{\"family\": \"X\"}]}", "notitle", "it has no title" },
    { "{\"id\": \"blank\", \"title\": \"  \\n \"}", "blank", "it has no title" },
    { "{\"id\": 7, \"title\": null}", "7", "it has no title" },
    { "{\"id\": \"t\", \"title\": [\"a\"]}", "t", "“title” is not text" },
    { "{\"id\": \"t2\", \"title\": {\"a\": 1}}", "t2", "“title” is not text" },
    { "{\"title\": true}", NULL, "“title” is not text" },
    { "{\"id\": \"a\", \"title\": \"x\", \"author\": \"Plato\"}", "a", "“author” is not a list of names" },
    { "{\"id\": \"a2\", \"title\": \"x\", \"author\": [\"Plato\"]}", "a2", "an author is not a name" },
    { "{\"id\": \"a3\", \"title\": \"x\", \"author\": [{\"family\": 1.5}]}", "a3", "“family” is not text" },
    { "{\"id\": \"d\", \"title\": \"x\", \"issued\": \"2020\"}", "d", "“issued” is not a date" },
    { "{\"id\": \"d2\", \"title\": \"x\", \"issued\": {\"date-parts\": [2020]}}", "d2", "“issued” is not a date" },
    { "{\"id\": \"d3\", \"title\": \"x\", \"issued\": {\"date-parts\": [[\"spring\"]]}}", "d3", "“issued” is not a date" },
    { "{\"id\": \"d4\", \"title\": \"x\", \"issued\": {\"date-parts\": \"2020\"}}", "d4", "“issued” is not a date" },
    { "{\"id\": \"u\", \"title\": \"x\", \"URL\": [\"https://a\"]}", "u", "“URL” is not text" },
    { "{\"id\": \"o\", \"title\": \"x\", \"DOI\": {}}", "o", "“DOI” is not text" },
    { "\"just text\"", NULL, "it is not an entry" },
    { "null", NULL, "it is not an entry" },
    { "[{\"title\": \"nested\"}]", NULL, "it is not an entry" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[{\"title\": \"Kept\"}, %s, {\"title\": \"Also kept\"}]",
                                               cases[i].entry);
      g_autoptr(GPtrArray) skipped = NULL;
      g_autoptr(GPtrArray) papers = parse (text, &skipped);
      PapersBibtexSkip *skip;

      g_test_message ("%s", cases[i].entry);
      g_assert_cmpuint (papers->len, ==, 2);
      g_assert_cmpstr (papers_paper_get_title (papers->pdata[1]), ==, "Also kept");
      g_assert_cmpuint (skipped->len, ==, 1);
      skip = skipped->pdata[0];
      g_assert_cmpstr (skip->key, ==, cases[i].key);
      g_assert_cmpuint (skip->line, ==, 2);
      g_assert_cmpstr (skip->reason, ==, cases[i].reason);
    }
}

/* Files that are not CSL-JSON at all are refused whole, with why */
static void
test_csl_json_refused (void)
{
  static const char *not_json[] = { "", "   ", "@article{x, title={y}}", "[{\"title\": \"x\"}", "[1,]",
                                    "{\"title\": \"x\"}}", "[\"a\" \"b\"]" };
  static const char *not_array[] = { "{\"title\": \"x\"}", "\"text\"", "42", "null", "true" };
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *garbage = NULL;
  g_autofree char *zeros = g_malloc0 (4096);
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  gsize garbage_length = 10 * 1024 * 1024;

  for (guint i = 0; i < G_N_ELEMENTS (not_json); i++)
    assert_refused (not_json[i], strlen (not_json[i]), "not JSON");
  for (guint i = 0; i < G_N_ELEMENTS (not_array); i++)
    assert_refused (not_array[i], strlen (not_array[i]), "not a list of entries");
  assert_refused ("[\"caf\xe9\"]", 7, "not UTF-8");
  assert_refused (zeros, 4096, "not text");

  /* Deep nesting never reaches json-glib's recursive parser, inside an
   * entry or not; brackets inside strings do not count */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  assert_refused (deep->str, deep->len, "nested too deeply");
  g_string_assign (deep, "[{\"title\": \"x\", \"custom\": ");
  for (guint i = 0; i < 100; i++)
    g_string_append (deep, "{\"a\": ");
  g_string_append (deep, "1");
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, '}');
  g_string_append (deep, "}]");
  assert_refused (deep->str, deep->len, "nested too deeply");
  {
    g_autoptr(GPtrArray) papers = parse ("[{\"title\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"\"}]", NULL);
    g_assert_cmpuint (papers->len, ==, 1);
  }

  /* 10 MB of random bytes, and of random printable ASCII */
  garbage = g_malloc (garbage_length);
  for (gsize i = 0; i < garbage_length; i++)
    garbage[i] = (char) g_rand_int_range (rand, 0, 256);
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (papers_csl_json_parse (garbage, garbage_length, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
  /* …and without a NUL, to reach the UTF-8 check */
  for (gsize i = 0; i < garbage_length; i++)
    garbage[i] = (char) g_rand_int_range (rand, 1, 256);
  assert_refused (garbage, garbage_length, "not UTF-8");
  for (gsize i = 0; i < garbage_length; i++)
    garbage[i] = (char) g_rand_int_range (rand, 32, 127);
  garbage[0] = '[';
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (papers_csl_json_parse (garbage, garbage_length, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

static PapersStore *
new_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = papers_test_db_path ("csl-json");
  PapersStore *store = papers_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

/* Export, import into a library: the same papers, and importing again
 * adds nothing; the store says which papers an import added, which are
 * the ones Undo removes */
static void
test_csl_json_store_roundtrip (void)
{
  g_autoptr(PapersStore) store = new_store ();
  g_autoptr(GPtrArray) papers = some_papers ();
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) added = NULL;

  /* One paper was in the library before: the import updates it only */
  g_ptr_array_add (first, g_object_ref (papers->pdata[0]));
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store,
                                    first, TRUE));
  g_assert_no_error (error);

  json = papers_csl_json_export (papers);
  back = parse (json, NULL);
  added = papers_store_wait (papers_store_import_papers_async, papers_store_import_papers_finish, &error, store,
                             back);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (added), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) added, "doi:10.1093/comjnl/27.2.97"));
  g_assert_true (g_str_has_prefix (added[0], "p-") || g_str_has_prefix (added[1], "p-"));
  g_assert_false (g_strv_contains ((const char * const *) added, "1706.03762"));

  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store, "", 0, 100);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 3);
  g_clear_object (&found);

  /* The same file again: nothing new */
  g_clear_pointer (&back, g_ptr_array_unref);
  g_clear_pointer (&added, g_strfreev);
  back = parse (json, NULL);
  added = papers_store_wait (papers_store_import_papers_async, papers_store_import_papers_finish, &error, store,
                             back);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (added), ==, 0);

  /* Undo of the first import: its two papers leave, the one kept before stays */
  {
    const char *undo[] = { "doi:10.1093/comjnl/27.2.97", papers_paper_get_id (back->pdata[1]), NULL };

    g_assert_true (papers_store_wait (papers_store_remove_papers_async, papers_store_write_finish, &error, store,
                                      undo));
    g_assert_no_error (error);
  }
  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store, "", 0, 100);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/csl-json/roundtrip", test_csl_json_roundtrip);
  g_test_add_func ("/library/csl-json/others", test_csl_json_others);
  g_test_add_func ("/library/csl-json/skipped", test_csl_json_skipped);
  g_test_add_func ("/library/csl-json/refused", test_csl_json_refused);
  g_test_add_func ("/library/csl-json/store-roundtrip", test_csl_json_store_roundtrip);
  return g_test_run ();
}
