/* test-bibtex.c: BibTeX import and export, CSL-JSON export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "papers-bibtex.h"
#include "papers-db.h"
#include "papers-store.h"
#include "papers-store-private.h"
#include "papers-store-wait.h"

static GPtrArray *
parse (const char  *text,
       GPtrArray  **skipped)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *papers = papers_bibtex_parse (text, skipped, &error);

  g_assert_no_error (error);
  g_assert_nonnull (papers);
  return papers;
}

static void
test_bibtex_latex (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Aks{\\i}n, {\\\"O}zge", "Aksın, Özge" },
    { "{\\c{C}}etinkaya", "Çetinkaya" },
    { "Eccl{\\'e}siastique", "Ecclésiastique" },
    { "\\'e\\`a\\^o\\~n\\\"u\\=a\\.z\\u{g}\\v{s}\\H{o}\\k{a}\\r{u}", "éàôñüāżğšőąů" },
    { "Erd\\H{o}s and G\\\"{o}del", "Erdős and Gödel" },
    { "Stra\\ss e \\o\\ \\AE \\l\\'od\\'z", "Straße ø Æłódź" },
    { "{Pd-N}-heterocyclic {Mizoroki-Heck}", "Pd-N-heterocyclic Mizoroki-Heck" },
    { "pages 10--20 --- ``quoted''", "pages 10–20 — “quoted”" },
    { "\\emph{Deep} \\textbf{Learning} \\texttt{x}", "Deep Learning x" },
    { "50\\% \\& \\$5 \\#1 a\\_b", "50% & $5 #1 a_b" },
    { "Angew.~Chem.", "Angew. Chem." },
    { "$O(n^2)$ and $\\alpha$", "O(n^2) and α" },
    { "  many\n   spaces\t here ", "many spaces here" },
    { "\\unknowncommand{kept}", "kept" },
    { "{{double}} braces", "double braces" },
    { "trailing \\", "trailing" },
    /* Exports encoded twice are repaired, before the LaTeX is read */
    { "Ram\xC3\x83\xC2\xAD" "rez, Aurora and Jos\xC3\x83\xC2\xA9 {Ra\xC3\x83\xC2\xBA" "l} Romero",
      "Ramírez, Aurora and José Raúl Romero" },
    { "Dirk W\xC3\x83\xC2\xBC" "bben and G{\\\"o}del", "Dirk Wübben and Gödel" },
    /* …and "Ã" in its own right is not */
    { "S\xC3\xA3o Paulo, {\\~A}", "São Paulo, Ã" },
    { "Jos{\\'e} Ram\xC3\x83\xC2\xAD" "rez", "José Ramírez" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = papers_bibtex_latex_to_utf8 (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_bibtex_parse (void)
{
  const char *bib =
    "% a comment\n"
    "@string{ieee = \"IEEE Trans.\"}\n"
    "@String(short = {Short})\n"
    "@comment{ ignored @article{x, title={no}} }\n"
    "@preamble{\"\\newcommand{\\x}{y}\"}\n"
    "@Article{vaswani2017,\n"
    "  Title = {Attention Is {All} You Need},\n"
    "  author = {Vaswani, Ashish and Shazeer, Noam and others},\n"
    "  journal = ieee # { } # short,\n"
    "  year = 2017, month = jun,\n"
    "  eprint = {1706.03762v5}, archivePrefix = {arXiv}, primaryClass = {cs.CL},\n"
    "  doi = {https://doi.org/10.5555/3295222.3295349},\n"
    "}\n"
    "@misc{noprefix, title = \"Quoted {\\\"u}mlaut title\", arxivId = {2101.00001}}\n"
    "@online{books, title = {Not arXiv}, eprint = {4HIWAAAAYAAJ}, eprinttype = {googlebooks}}\n"
    "@weirdtype{odd, title = {Unknown types are fine}, author = {Jane Doe}}\n"
    "@article{notitle, author = {Nobody}}\n"
    "@article{broken, title = {Unclosed, year = 2000\n"
    "@article{after, title = {Read after a broken entry}, date = {2021-03-04}}\n";
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GPtrArray) papers = parse (bib, &skipped);
  PapersPaper *paper;
  PapersBibtexSkip *skip;

  g_assert_cmpuint (papers->len, ==, 5);
  paper = papers->pdata[0];
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "Attention Is All You Need");
  g_assert_cmpstr (papers_paper_get_id (paper), ==, "1706.03762");
  g_assert_cmpstr (papers_paper_get_arxiv_id (paper), ==, "1706.03762");
  g_assert_cmpint (papers_paper_get_version (paper), ==, 5);
  g_assert_cmpstr (papers_paper_get_doi (paper), ==, "10.5555/3295222.3295349");
  g_assert_cmpstr (papers_paper_get_journal_ref (paper), ==, "IEEE Trans. Short");
  g_assert_cmpuint (g_strv_length ((char **) papers_paper_get_authors (paper)), ==, 2);
  g_assert_cmpstr (papers_paper_get_authors (paper)[0], ==, "Ashish Vaswani");
  g_assert_cmpstr (papers_paper_get_categories (paper)[0], ==, "cs.CL");
  g_assert_cmpint (g_date_time_get_year (papers_paper_get_published (paper)), ==, 2017);
  g_assert_cmpint (g_date_time_get_month (papers_paper_get_published (paper)), ==, 6);

  paper = papers->pdata[1];
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "Quoted ümlaut title");
  g_assert_cmpstr (papers_paper_get_arxiv_id (paper), ==, "2101.00001");
  paper = papers->pdata[2];
  g_assert_null (papers_paper_get_arxiv_id (paper));
  paper = papers->pdata[3];
  g_assert_cmpstr (papers_paper_get_authors (paper)[0], ==, "Jane Doe");
  paper = papers->pdata[4];
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "Read after a broken entry");
  g_assert_cmpint (g_date_time_get_day_of_month (papers_paper_get_published (paper)), ==, 4);

  g_assert_cmpuint (skipped->len, ==, 2);
  skip = skipped->pdata[0];
  g_assert_cmpstr (skip->key, ==, "broken");
  g_assert_cmpuint (skip->line, ==, 18);
  g_assert_nonnull (skip->reason);
  skip = skipped->pdata[1];
  g_assert_cmpstr (skip->key, ==, "notitle");
  g_assert_nonnull (strstr (skip->reason, "title"));
}

static void
test_bibtex_hostile (void)
{
  static const char * const inputs[] = {
    "", "@", "@@@@", "@article", "@article{", "@article{key", "@article{key,", "@article{key, title",
    "@article{key, title =", "@article{key, title = {", "@article{key, title = \"", "@article{key, title = {}}",
    "@article{key, title = {a}}}}}}", "@string{x = x # x # x}", "@article{k, title = undefinedmacro}",
    "@article(k, title = {paren form})", "}}}}{{{{", "@article{k, title = {\\}}", "@article{k, title={\\'",
    "@comment{", "@preamble{", "\\\\\\\\", "@article{k,title={a}@article{j,title={b}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) skipped = NULL;
      g_autoptr(GPtrArray) papers = parse (inputs[i], &skipped);
      (void) papers;
    }

  /* Deep nesting and a big file */
  {
    g_autoptr(GString) deep = g_string_new ("@article{k, title = {");
    g_autoptr(GString) big = g_string_new (NULL);
    g_autoptr(GPtrArray) papers = NULL;

    for (int i = 0; i < 10000; i++)
      g_string_append_c (deep, '{');
    g_string_append (deep, "x");
    for (int i = 0; i < 10000; i++)
      g_string_append_c (deep, '}');
    g_string_append (deep, "}}");
    papers = parse (deep->str, NULL);
    g_assert_cmpuint (papers->len, ==, 1);
    g_clear_pointer (&papers, g_ptr_array_unref);

    for (int i = 0; i < 5000; i++)
      g_string_append_printf (big, "@article{k%d, title = {Paper number %d}, author = {A, B}}\n", i, i);
    papers = parse (big->str, NULL);
    g_assert_cmpuint (papers->len, ==, 5000);
  }

  /* Not UTF-8 */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) papers = papers_bibtex_parse ("@article{k, title = {\xff}}", NULL, &error);
    g_assert_null (papers);
    g_assert_nonnull (error);
  }
}

static void
test_bibtex_corpus (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAPERS_CORPUS_DIR") ? g_getenv ("PAPERS_CORPUS_DIR") : "",
                                            "bibtex", "biblatex-examples.bib", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GRegex) titled = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *db = NULL;
  guint n_titled = 0;
  gboolean found_aksin = FALSE;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    {
      g_test_skip ("no corpus");
      return;
    }

  papers = parse (text, &skipped);

  /* Every entry with a title field is imported; the others are reported */
  titled = g_regex_new ("^\\s*title\\s*=", G_REGEX_MULTILINE | G_REGEX_CASELESS, 0, NULL);
  g_regex_match (titled, text, 0, &match);
  while (g_match_info_matches (match))
    {
      n_titled++;
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (papers->len, >=, n_titled);
  for (guint i = 0; i < skipped->len; i++)
    g_assert_nonnull (strstr (((PapersBibtexSkip *) skipped->pdata[i])->reason, "title"));

  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = papers->pdata[i];
      g_assert_nonnull (papers_paper_get_title (paper));
      g_assert_true (g_utf8_validate (papers_paper_get_title (paper), -1, NULL));
      g_assert_null (strchr (papers_paper_get_title (paper), '{'));
      g_assert_null (strchr (papers_paper_get_title (paper), '\\'));
      if (papers_paper_get_authors (paper) != NULL &&
          g_str_equal (papers_paper_get_authors (paper)[0], "Özge Aksın"))
        found_aksin = TRUE;
      if (g_strcmp0 (papers_paper_get_arxiv_id (paper), "math/0307200") == 0)
        g_assert_cmpint (papers_paper_get_version (paper), ==, 3);
    }
  g_assert_true (found_aksin);

  /* Into a library: importing twice merges instead of duplicating */
  db = g_strdup_printf ("%s/bib-%d.db", g_getenv ("PAPERS_TEST_TMPDIR"), (int) getpid ());
  store = papers_store_new (db, &error);
  g_assert_no_error (error);
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
  all = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store, "", 0, 10000);
  {
    guint first = g_list_model_get_n_items (all);
    g_autoptr(GPtrArray) again = parse (text, NULL);

    g_assert_cmpuint (first, >, 80);
    g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                      store, again, TRUE));
    g_clear_object (&all);
    all = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store, "", 0,
                             10000);
    g_assert_cmpuint (g_list_model_get_n_items (all), ==, first);
  }
  g_clear_object (&all);
  all = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                           "author:ozge", 0, 10);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
}

/* The real .bib file (100 entries) is imported as a bulk write, the path
 * of a large import, and leaves the library whole. */
static void
test_bibtex_corpus_bulk (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAPERS_CORPUS_DIR") ? g_getenv ("PAPERS_CORPUS_DIR") : "",
                                            "bibtex", "biblatex-examples.bib", NULL);
  g_autofree char *db_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GError) error = NULL;
  PapersStoreChanges changes;
  sqlite3_stmt *stmt;
  PapersDb *db;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    {
      g_test_skip ("no corpus");
      return;
    }
  papers = parse (text, NULL);
  db_path = g_strdup_printf ("%s/bib-bulk-%d.db", g_getenv ("PAPERS_TEST_TMPDIR"), (int) getpid ());
  db = papers_db_open (db_path, FALSE, &error);
  g_assert_no_error (error);

  /* What `papers import` and the window's import run on the store's thread */
  papers_store_changes_init (&changes);
  g_assert_true (papers_store_db_upsert (db, papers, TRUE, &changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.added->len, >, 80);
  papers_store_changes_clear (&changes);
  g_assert_cmpuint (papers_db_get_bulk_writes (db), ==, 1);

  stmt = papers_db_prepare (db, "SELECT count (*) FROM sqlite_schema WHERE type = 'index' AND name IN"
                                " ('library_added', 'papers_published', 'papers_upvotes', 'papers_title')", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 4);
  sqlite3_reset (stmt);
  g_assert_true (papers_db_check_integrity (db, NULL));
  papers_db_close (db);
}

static PapersPaper *
full_paper (void)
{
  PapersPaper *paper = papers_paper_new ("1706.03762");
  const char *authors[] = { "Ashish Vaswani", "Łukasz Kaiser", "Illia Polosukhin", NULL };
  const char *categories[] = { "cs.CL", NULL };
  g_autoptr(GDateTime) published = g_date_time_new_utc (2017, 6, 12, 0, 0, 0);

  papers_paper_set_arxiv_id (paper, "1706.03762");
  papers_paper_set_version (paper, 7);
  papers_paper_set_title (paper, "Attention Is All You Need: 100% of {braces} & $money_ #1 ~ ^ \\ -- ``q''");
  papers_paper_set_abstract (paper, "The dominant models — naïve “quotes”, café, 50% & more.");
  papers_paper_set_authors (paper, authors);
  papers_paper_set_categories (paper, categories);
  papers_paper_set_published (paper, published);
  papers_paper_set_doi (paper, "10.48550/arXiv.1706.03762");
  papers_paper_set_journal_ref (paper, "NeurIPS 2017");
  papers_paper_set_abs_url (paper, "https://arxiv.org/abs/1706.03762");
  return paper;
}

static void
test_bibtex_roundtrip (void)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autofree char *bib = NULL;
  g_autofree char *bib2 = NULL;
  PapersPaper *a, *b;

  g_ptr_array_add (papers, full_paper ());
  {
    PapersPaper *plain = papers_paper_new (NULL);
    const char *authors[] = { "Plato", NULL };
    papers_paper_set_title (plain, "Republic");
    papers_paper_set_authors (plain, authors);
    g_ptr_array_add (papers, plain);
  }
  bib = papers_bibtex_export (papers);
  g_assert_nonnull (strstr (bib, "@article{vaswani2017attention,"));
  g_assert_nonnull (strstr (bib, "@misc{plato0republic,"));

  back = parse (bib, &skipped);
  g_assert_cmpuint (skipped->len, ==, 0);
  g_assert_cmpuint (back->len, ==, 2);
  a = papers->pdata[0];
  b = back->pdata[0];
  g_assert_cmpstr (papers_paper_get_id (b), ==, papers_paper_get_id (a));
  g_assert_cmpstr (papers_paper_get_title (b), ==, papers_paper_get_title (a));
  g_assert_cmpstr (papers_paper_get_abstract (b), ==, papers_paper_get_abstract (a));
  g_assert_true (g_strv_equal (papers_paper_get_authors (b), papers_paper_get_authors (a)));
  g_assert_true (g_strv_equal (papers_paper_get_categories (b), papers_paper_get_categories (a)));
  g_assert_true (g_date_time_equal (papers_paper_get_published (b), papers_paper_get_published (a)));
  g_assert_cmpstr (papers_paper_get_doi (b), ==, papers_paper_get_doi (a));
  g_assert_cmpint (papers_paper_get_version (b), ==, 7);
  g_assert_cmpstr (papers_paper_get_journal_ref (b), ==, papers_paper_get_journal_ref (a));
  g_assert_cmpstr (papers_paper_get_abs_url (b), ==, papers_paper_get_abs_url (a));
  g_assert_cmpstr (papers_paper_get_title (back->pdata[1]), ==, "Republic");
  g_assert_cmpstr (papers_paper_get_authors (back->pdata[1])[0], ==, "Plato");

  /* Stable: exporting what was imported gives the same text */
  bib2 = papers_bibtex_export (back);
  g_assert_cmpstr (bib2, ==, bib);

  /* Same keys get suffixes */
  g_ptr_array_add (papers, full_paper ());
  g_free (bib);
  bib = papers_bibtex_export (papers);
  g_assert_nonnull (strstr (bib, "@article{vaswani2017attentionb,"));
}

static void
test_csl_json (void)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *item;
  JsonArray *authors;
  JsonArray *parts;

  g_ptr_array_add (papers, full_paper ());
  json = papers_csl_json_export (papers);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, "vaswani2017attention");
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "article-journal");
  g_assert_cmpstr (json_object_get_string_member (item, "title"), ==,
                   papers_paper_get_title (papers->pdata[0]));
  g_assert_cmpstr (json_object_get_string_member (item, "DOI"), ==, "10.48550/arXiv.1706.03762");
  authors = json_object_get_array_member (item, "author");
  g_assert_cmpuint (json_array_get_length (authors), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (authors, 1), "family"), ==, "Kaiser");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (authors, 1), "given"), ==, "Łukasz");
  parts = json_array_get_array_element (json_object_get_array_member (json_object_get_object_member (item, "issued"), "date-parts"), 0);
  g_assert_cmpint (json_array_get_int_element (parts, 0), ==, 2017);
  g_assert_cmpint (json_array_get_int_element (parts, 2), ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/bibtex/latex", test_bibtex_latex);
  g_test_add_func ("/library/bibtex/parse", test_bibtex_parse);
  g_test_add_func ("/library/bibtex/hostile", test_bibtex_hostile);
  g_test_add_func ("/corpus/library/bibtex", test_bibtex_corpus);
  g_test_add_func ("/corpus/library/bibtex-bulk", test_bibtex_corpus_bulk);
  g_test_add_func ("/library/bibtex/roundtrip", test_bibtex_roundtrip);
  g_test_add_func ("/library/bibtex/csl-json", test_csl_json);

  return g_test_run ();
}
