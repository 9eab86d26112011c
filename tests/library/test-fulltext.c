/* test-fulltext.c: a PDF's text in the library's search, page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "papers-db.h"
#include "papers-snippet.h"
#include "papers-store-private.h"
#include "papers-store-wait.h"

static char *
test_db_path (void)
{
  const char *dir = g_getenv ("PAPERS_TEST_TMPDIR");
  static int counter;
  g_autofree char *base = g_strdup_printf ("fulltext-%d-%d.db", (int) getpid (), ++counter);

  return g_build_filename (dir ? dir : g_get_tmp_dir (), base, NULL);
}

static PapersPaper *
make_paper (const char *id,
            const char *title,
            const char *abstract)
{
  PapersPaper *paper = papers_paper_new (id);
  const char *authors[] = { "Ada Lovelace", NULL };

  papers_paper_set_arxiv_id (paper, id);
  papers_paper_set_title (paper, title);
  papers_paper_set_abstract (paper, abstract);
  papers_paper_set_authors (paper, authors);
  return paper;
}

static PapersStore *
new_store_with_papers (char **path_out)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_db_path ();
  PapersStore *store = papers_store_new (path, &error);

  g_assert_no_error (error);
  g_ptr_array_add (papers, make_paper ("2401.00001", "Sparse attention for long documents",
                                       "We study attention over long inputs."));
  g_ptr_array_add (papers, make_paper ("2401.00002", "Zebrafish retina imaging",
                                       "Imaging of the retina in zebrafish larvae."));
  g_ptr_array_add (papers, make_paper ("2401.00003", "Protein folding with diffusion",
                                       "A diffusion model for protein structures."));
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return store;
}

static void
set_pages (PapersStore        *store,
           const char         *id,
           const char * const *pages)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (papers_store_wait (papers_store_set_pdf_pages_async, papers_store_write_finish, &error, store,
                                    id, pages, 1000, 1700000000, "cafe"));
  g_assert_no_error (error);
}

static GListModel *
search (PapersStore *store,
        const char  *query)
{
  g_autoptr(GError) error = NULL;
  GListModel *found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                                         query, 0, 50);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static PapersPaper *
nth (GListModel *model,
     guint       i)
{
  g_autoptr(PapersPaper) paper = g_list_model_get_item (model, i);

  g_assert_nonnull (paper);
  return paper;  /* the model keeps it */
}

/* A word only in a PDF's body finds its paper, with the page it is on
 * and a snippet that marks it */
static void
test_body_hit (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  const char *pages[] = {
    "Introduction\nWe look at retinas.",
    "Methods\nThe larvae were kept at 28 degrees.\nA photoreceptor & its <cone> outer segment.",
    "Results\nNothing about that word here.",
    NULL,
  };
  g_autoptr(GListModel) found = NULL;
  PapersPaper *paper;

  set_pages (store, "2401.00002", pages);
  found = search (store, "photoreceptor");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  paper = nth (found, 0);
  g_assert_cmpstr (papers_paper_get_id (paper), ==, "2401.00002");
  g_assert_cmpint (papers_paper_get_search_page (paper), ==, 2);
  g_assert_nonnull (strstr (papers_paper_get_search_snippet (paper), "<b>photoreceptor</b>"));
  /* Markup: the text around the word is escaped, lines joined */
  g_assert_nonnull (strstr (papers_paper_get_search_snippet (paper), "&amp; its &lt;cone&gt;"));
  g_assert_null (strchr (papers_paper_get_search_snippet (paper), '\n'));
  g_clear_object (&found);

  /* Prefixes, case and accents as the index sees them */
  found = search (store, "PHOTORÉCEPT*");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 2);
  g_clear_object (&found);

  /* Two words on different pages: the page with both wins, else the first */
  found = search (store, "larvae degrees");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 2);
  g_clear_object (&found);

  /* A hit in the metadata carries no snippet, even with the body too */
  found = search (store, "retina");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_assert_null (papers_paper_get_search_snippet (nth (found, 0)));
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 0);
}

/* A title hit still ranks above a body hit */
static void
test_title_outranks_body (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  const char *pages[] = { "diffusion diffusion diffusion, and attention in diffusion models", NULL };
  g_autoptr(GListModel) found = NULL;

  set_pages (store, "2401.00001", pages);
  found = search (store, "diffusion");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 2);
  g_assert_cmpstr (papers_paper_get_id (nth (found, 0)), ==, "2401.00003");
  g_assert_cmpstr (papers_paper_get_id (nth (found, 1)), ==, "2401.00001");
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 1)), ==, 1);
  g_assert_null (papers_paper_get_search_snippet (nth (found, 0)));
}

/* has:fulltext: papers whose text is indexed, not a scan's empty text */
static void
test_has_fulltext (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  const char *pages[] = { "some words", NULL };
  const char *scan[] = { "", "", NULL };
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersQuery) query = NULL;

  set_pages (store, "2401.00001", pages);
  set_pages (store, "2401.00003", scan);
  found = search (store, "has:fulltext");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_assert_cmpstr (papers_paper_get_id (nth (found, 0)), ==, "2401.00001");
  g_clear_object (&found);
  found = search (store, "-has:fulltext");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 2);
  g_clear_object (&found);

  /* Forgetting the PDF forgets its text */
  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store,
                                    "2401.00001", "/tmp/x.pdf", 10, NULL));
  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store,
                                    "2401.00001", NULL, 0, NULL));
  g_assert_no_error (error);
  found = search (store, "has:fulltext");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  g_clear_object (&found);

  query = papers_query_parse ("has:fulltexts", &error);
  g_assert_null (query);
  g_assert_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_BAD_VALUE);
  g_assert_nonnull (strstr (error->message, "has:fulltext"));
}

/* The stamps the indexer decides by, and a new text replacing the old */
static void
test_stamps (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  const char *first[] = { "alpha", NULL };
  const char *second[] = { "beta", NULL };
  g_autoptr(GPtrArray) stamps = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GError) error = NULL;
  PapersPdfTextStamp *stamp;

  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store,
                                    "2401.00002", "/tmp/b.pdf", 99, "beef"));
  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store,
                                    "2401.00003", "/tmp/c.pdf", 98, NULL));
  stamps = papers_store_wait (papers_store_list_pdf_texts_async, papers_store_list_pdf_texts_finish, &error,
                              store, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (stamps->len, ==, 2);
  for (guint i = 0; i < stamps->len; i++)
    g_assert_false (((PapersPdfTextStamp *) stamps->pdata[i])->indexed);
  g_clear_pointer (&stamps, g_ptr_array_unref);

  set_pages (store, "2401.00002", first);
  set_pages (store, "2401.00002", second);
  stamps = papers_store_wait (papers_store_list_pdf_texts_async, papers_store_list_pdf_texts_finish, &error,
                              store, "2401.00002");
  g_assert_cmpuint (stamps->len, ==, 1);
  stamp = stamps->pdata[0];
  g_assert_cmpstr (stamp->id, ==, "2401.00002");
  g_assert_cmpstr (stamp->path, ==, "/tmp/b.pdf");
  g_assert_cmpstr (stamp->sha256, ==, "beef");
  g_assert_true (stamp->indexed);
  g_assert_cmpint (stamp->indexed_size, ==, 1000);
  g_assert_cmpint (stamp->indexed_mtime, ==, 1700000000);
  g_assert_cmpstr (stamp->indexed_sha256, ==, "cafe");

  found = search (store, "alpha");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  g_clear_object (&found);
  found = search (store, "beta");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_clear_object (&found);

  /* An edit of the paper keeps its body in the search */
  g_assert_true (papers_store_wait (papers_store_set_status_async, papers_store_write_finish, &error, store,
                                    "2401.00002", PAPERS_READ_STATUS_READ));
  found = search (store, "beta is:read has:fulltext");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
}

/* A library of version 7 with a text: migrated, its paper has:fulltext */
static void
test_migrate_v7 (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(GListModel) found = NULL;
  PapersDb *db = papers_db_open_at_version (path, FALSE, 7, &error);

  g_assert_no_error (error);
  g_assert_true (papers_db_exec (db,
                                 "INSERT INTO papers (rowid, id, title) VALUES (1, 'p1', 'Old paper');"
                                 "INSERT INTO library (paper, added) VALUES (1, 0);"
                                 "INSERT INTO pdf_texts (paper, text) VALUES (1, 'ancient marginalia');"
                                 "INSERT INTO search (rowid, title, body, meta) VALUES"
                                 "  (1, 'Old paper', 'ancient marginalia', 'lib st0');",
                                 &error));
  g_assert_no_error (error);
  papers_db_close (db);

  store = papers_store_new (path, &error);
  g_assert_no_error (error);
  found = search (store, "marginalia has:fulltext");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 1);
}

/* Many PDFs with text: a result page's snippets come with it */
static void
test_many (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = NULL;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *id = g_strdup_printf ("2402.%05u", i);

      g_ptr_array_add (papers, make_paper (id, "Untitled", "Nothing."));
    }
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *id = g_strdup_printf ("2402.%05u", i);
      g_autofree char *page = g_strdup_printf ("page %u mentions quokka", i);
      const char *pages[] = { "cover", page, NULL };

      set_pages (store, id, pages);
    }
  found = search (store, "quokka");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      g_assert_cmpint (papers_paper_get_search_page (nth (found, i)), ==, 2);
      g_assert_nonnull (strstr (papers_paper_get_search_snippet (nth (found, i)), "<b>quokka</b>"));
    }
}

/* A find marks the body hits among the papers it loads, except a quick
 * find (a keystroke's), which the ranked one follows */
static void
test_find (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  const char *pages[] = { "cover", "the word wallaby", NULL };
  g_autoptr(GError) error = NULL;

  set_pages (store, "2401.00002", pages);
  for (guint quick = 0; quick < 2; quick++)
    {
      g_autoptr(PapersFound) found = papers_store_wait (papers_store_find_async, papers_store_find_finish, &error,
                                                        store, "wallaby", NULL, NULL, PAPERS_SORT_RELEVANCE,
                                                        quick ? PAPERS_FIND_QUICK : PAPERS_FIND_DEFAULT, 0, 10);
      PapersPaper *paper;

      g_assert_no_error (error);
      g_assert_cmpuint (papers_found_get_loaded (found)->len, ==, 1);
      paper = g_ptr_array_index (papers_found_get_loaded (found), 0);
      g_assert_cmpint (papers_paper_get_search_page (paper), ==, quick ? 0 : 2);
    }
}

/* The snippet finder on its own: bad and huge input */
static void
test_snippet (void)
{
  const char *words[] = { "needle", NULL };
  const char *nothing[] = { "--", NULL };
  const char *many[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
                         "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "aa", "bb", "cc", "dd", "ee", "ff",
                         "gg", "hh", "needle", NULL };
  g_autofree char *snippet = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *plain = NULL;
  int page = -1;

  g_assert_false (papers_snippet_find (NULL, words, NULL, &snippet, &page));
  g_assert_false (papers_snippet_find ("", words, NULL, &snippet, &page));
  g_assert_false (papers_snippet_find ("needles", words, NULL, &snippet, &page));
  g_assert_false (papers_snippet_find ("needle", nothing, NULL, &snippet, &page));
  g_assert_null (snippet);
  g_assert_cmpint (page, ==, 0);

  /* Not UTF-8, control characters, form feeds in a row */
  g_assert_true (papers_snippet_find ("\xff\xfe\x01\f\f\x80 x needle \xc3", words, NULL, &snippet, &page));
  g_assert_cmpint (page, ==, 3);
  g_assert_true (g_utf8_validate (snippet, -1, NULL));
  g_assert_nonnull (strstr (snippet, "<b>needle</b>"));
  g_clear_pointer (&snippet, g_free);

  /* Megabytes of one long word, then pages and pages: bounded snippet */
  for (guint i = 0; i < 300000; i++)
    g_string_append (huge, "abcdefghij");
  for (guint i = 0; i < 500; i++)
    g_string_append (huge, "\fhay hay hay");
  g_string_append (huge, " the needle é");
  g_assert_true (papers_snippet_find (huge->str, words, NULL, &snippet, &page));
  g_assert_cmpint (page, ==, 501);
  g_assert_cmpuint (strlen (snippet), <, 400);
  g_clear_pointer (&snippet, g_free);

  /* Cases the quick search does not look for, and accents: the tokens
   * are read */
  g_assert_true (papers_snippet_find ("one\ftwo NeEdLe", words, NULL, &snippet, &page));
  g_assert_cmpint (page, ==, 2);
  g_assert_nonnull (strstr (snippet, "<b>NeEdLe</b>"));
  g_clear_pointer (&snippet, g_free);
  {
    const char *accented[] = { "elan", NULL };

    g_assert_true (papers_snippet_find ("x\f\fÉlan vital", accented, NULL, &snippet, &page));
    g_assert_cmpint (page, ==, 3);
    g_assert_nonnull (strstr (snippet, "<b>Élan</b>"));
    g_clear_pointer (&snippet, g_free);
  }
  /* Upper case and capitals, a word inside another is not the word, the
   * first page with every word wins over an earlier page with one */
  {
    const char *two[] = { "needle", "hay", NULL };

    g_assert_true (papers_snippet_find ("needles NEEDLE\fHay only\fNeedle and hay", two, NULL, &snippet, &page));
    g_assert_cmpint (page, ==, 3);
    g_assert_true (g_str_has_prefix (snippet, "<b>Needle</b> and <b>hay</b>"));
    g_clear_pointer (&snippet, g_free);
  }

  /* More words than a mask holds */
  g_assert_true (papers_snippet_find ("x needle", many, NULL, &snippet, &page));
  g_clear_pointer (&snippet, g_free);

  plain = papers_snippet_to_plain ("a &lt;b&gt; <b>needle</b> &amp;amp;");
  g_assert_cmpstr (plain, ==, "a <b> [needle] &amp;");
}

static gint64
query_count (const char *path,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  PapersDb *db = papers_db_open (path, FALSE, &error);
  sqlite3_stmt *stmt;
  gboolean row;
  gint64 count;

  g_assert_no_error (error);
  stmt = papers_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (papers_db_step (db, stmt, &row, &error));
  g_assert_true (row);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  papers_db_close (db);
  return count;
}

static char *
dup_text (const char *path,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  PapersDb *db = papers_db_open (path, FALSE, &error);
  sqlite3_stmt *stmt;
  gboolean row;
  char *text;

  g_assert_no_error (error);
  stmt = papers_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (papers_db_step (db, stmt, &row, &error));
  g_assert_true (row);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  papers_db_close (db);
  return text;
}

static void
assert_ids (GListModel         *found,
            const char * const *ids)
{
  guint n = g_strv_length ((char **) ids);

  for (guint i = 0; i < MIN (n, g_list_model_get_n_items (found)); i++)
    g_assert_cmpstr (papers_paper_get_id (nth (found, i)), ==, ids[i]);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, n);
}

static GListModel *
search_page (PapersStore *store,
             const char  *query,
             guint        offset,
             guint        limit)
{
  g_autoptr(GError) error = NULL;
  GListModel *found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                                         query, offset, limit);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

/* Two tiers: the metadata's matches first, ranked as before, then the
 * papers found in their bodies alone, each with its snippet and page;
 * pages of results follow on across the tiers */
static void
test_tiers (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  g_autoptr(GError) error = NULL;
  const char *pages1[] = { "cover", "a retina in passing", NULL };
  const char *pages3[] = { "retina retina retina", NULL };
  const char *all[] = { "2401.00002", "2401.00003", "2401.00001", NULL };
  const char *read_tag[] = { "vision", NULL };
  g_autoptr(GListModel) found = NULL;

  set_pages (store, "2401.00001", pages1);
  set_pages (store, "2401.00003", pages3);
  found = search (store, "retina");
  /* The body hits, newest first among equals, after the metadata's */
  g_assert_cmpstr (papers_paper_get_id (nth (found, 0)), ==, "2401.00002");
  g_assert_null (papers_paper_get_search_snippet (nth (found, 0)));
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 3);
  for (guint i = 1; i < 3; i++)
    g_assert_nonnull (strstr (papers_paper_get_search_snippet (nth (found, i)), "<b>retina</b>"));
  g_clear_object (&found);

  /* Every page of one result, and pages across the tiers' border */
  for (guint offset = 0; offset < 4; offset++)
    {
      found = search_page (store, "retina", offset, 1);
      g_assert_cmpuint (g_list_model_get_n_items (found), ==, offset < 3 ? 1 : 0);
      if (offset < 3)
        g_assert_cmpstr (papers_paper_get_id (nth (found, 0)), ==,
                         offset == 0 ? "2401.00002" : offset == 1 ? "2401.00003" : "2401.00001");
      g_clear_object (&found);
    }
  found = search_page (store, "retina", 1, 2);
  assert_ids (found, all + 1);
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 1)), ==, 2);
  g_clear_object (&found);

  /* The query's other terms hold in the body tier too */
  found = search (store, "retina -passing");
  assert_ids (found, (const char *[]) { "2401.00002", "2401.00003", NULL });
  g_clear_object (&found);
  found = search (store, "retina -zebrafish");
  assert_ids (found, (const char *[]) { "2401.00003", "2401.00001", NULL });
  g_clear_object (&found);
  found = search (store, "\"retina in passing\"");
  assert_ids (found, (const char *[]) { "2401.00001", NULL });
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 2);
  g_clear_object (&found);
  found = search (store, "\"retina passing\"");
  assert_ids (found, (const char *[]) { NULL });
  g_clear_object (&found);
  g_assert_true (papers_store_wait (papers_store_set_status_async, papers_store_write_finish, &error, store,
                                    "2401.00003", PAPERS_READ_STATUS_READ));
  g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store,
                                    "2401.00001", read_tag, NULL));
  g_assert_no_error (error);
  found = search (store, "retina is:read");
  assert_ids (found, (const char *[]) { "2401.00003", NULL });
  g_clear_object (&found);
  found = search (store, "retina -is:read");
  assert_ids (found, (const char *[]) { "2401.00002", "2401.00001", NULL });
  g_clear_object (&found);
  found = search (store, "retina tag:vision");
  assert_ids (found, (const char *[]) { "2401.00001", NULL });
  g_clear_object (&found);
  found = search (store, "retina year:1990..2000");
  assert_ids (found, (const char *[]) { NULL });
  g_clear_object (&found);
  found = search (store, "retina has:fulltext");
  assert_ids (found, (const char *[]) { "2401.00003", "2401.00001", NULL });
  g_clear_object (&found);
  found = search (store, "retina author:lovelace");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 3);
  g_clear_object (&found);
  found = search (store, "retina author:babbage");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  g_clear_object (&found);
  /* A word in the title and another in the body alone: a body hit */
  found = search (store, "attention passing");
  assert_ids (found, (const char *[]) { "2401.00001", NULL });
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 2);
  g_clear_object (&found);
  found = search (store, "attention passing zebrafish");
  assert_ids (found, (const char *[]) { NULL });
  g_clear_object (&found);
  /* A negated word in the body takes a metadata match out too */
  found = search (store, "diffusion -retina");
  assert_ids (found, (const char *[]) { NULL });
  g_clear_object (&found);

  /* A paper that left the library is not found by its body */
  g_assert_true (papers_store_wait (papers_store_remove_papers_async, papers_store_write_finish, &error, store,
                                    (const char *[]) { "2401.00001", NULL }));
  g_assert_no_error (error);
  found = search (store, "passing");
  assert_ids (found, (const char *[]) { NULL });
}

/* Body hits are ranked by how often their words occur for the body's
 * length (papers_body_rank()), newest first among equals; a negated word
 * found once for the search takes its papers out of both tiers; and the
 * snippet's page is the first with every word, or the first with most */
static void
test_body_rank (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  const char *dense[] = { "quokka quokka quokka quokka wombat", NULL };
  const char *sparse[] = { "one quokka among a great many other words of a long text", NULL };
  const char *same[] = { "one quokka among a great many other words of a long text", NULL };
  const char *words[] = { "alpha", "beta", NULL };
  const char *three[] = { "alpha", "beta", "gamma", NULL };
  const char *four[] = { "alpha", "beta", "gamma", "delta", NULL };
  g_autoptr(GListModel) found = NULL;
  g_autofree char *snippet = NULL;
  int page = 0;

  /* The oldest paper has the word most often: it comes first */
  set_pages (store, "2401.00001", dense);
  set_pages (store, "2401.00003", sparse);
  found = search (store, "quokka");
  assert_ids (found, (const char *[]) { "2401.00001", "2401.00003", NULL });
  g_clear_object (&found);
  found = search_page (store, "quokka", 1, 1);
  assert_ids (found, (const char *[]) { "2401.00003", NULL });
  g_clear_object (&found);

  /* Equal bodies: the newest first */
  set_pages (store, "2401.00002", same);
  found = search (store, "quokka -wombat");
  assert_ids (found, (const char *[]) { "2401.00003", "2401.00002", NULL });
  g_clear_object (&found);
  found = search (store, "quokka -wombat -imaging");
  assert_ids (found, (const char *[]) { "2401.00003", NULL });
  g_clear_object (&found);
  /* A negated word in a body takes a metadata match out, with another */
  found = search (store, "attention -wombat -nothingatall");
  assert_ids (found, (const char *[]) { NULL });
  g_clear_object (&found);

  g_assert_true (papers_snippet_find ("alpha\fbeta Alpha\fbeta alpha", words, NULL, &snippet, &page));
  g_assert_cmpint (page, ==, 2);
  g_assert_cmpstr (snippet, ==, "<b>beta</b> <b>Alpha</b>");
  g_clear_pointer (&snippet, g_free);
  g_assert_true (papers_snippet_find ("gamma x\falpha BETA\fbeta alpha", three, NULL, &snippet, &page));
  g_assert_cmpint (page, ==, 2);
  g_clear_pointer (&snippet, g_free);
  g_assert_true (papers_snippet_find ("\f\falpha\fbeta\fgamma\f", three, NULL, &snippet, &page));
  g_assert_cmpint (page, ==, 3);
  g_clear_pointer (&snippet, g_free);
  /* Four words and more are read token by token, with the same result */
  g_assert_true (papers_snippet_find ("alpha beta gamma\fALPHA Beta gamma Delta", four, NULL, &snippet, &page));
  g_assert_cmpint (page, ==, 2);
  g_assert_cmpstr (snippet, ==, "<b>ALPHA</b> <b>Beta</b> <b>gamma</b> <b>Delta</b>");
  g_clear_pointer (&snippet, g_free);
  g_assert_true (papers_snippet_find ("delta\falpha beta\fgamma", four, NULL, &snippet, &page));
  g_assert_cmpint (page, ==, 2);
}

/* A snippet is looked for in a text's first pages, and in the rest when
 * no page there has every word: words past the first 16 KB, a page of
 * 40 KB with no break, a word on the first page and both on the last */
static void
test_long_body_snippet (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  g_autofree char *filler = g_strnfill (3000, 'x');
  g_autofree char *wide = g_strnfill (40000, 'y');
  g_autofree char *long_page = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) pages = NULL;
  g_autoptr(GListModel) found = NULL;

  g_strv_builder_add (builder, "a platypus on the first page");
  for (guint i = 0; i < 10; i++)
    g_strv_builder_take (builder, g_strdup_printf ("%s page %u", filler, i + 2));
  g_strv_builder_add (builder, "the platypus and the echidna");
  pages = g_strv_builder_end (builder);
  set_pages (store, "2401.00001", (const char * const *) pages);
  long_page = g_strdup_printf ("%s %s %s echidna", filler, filler, wide);
  set_pages (store, "2401.00003", (const char *[]) { long_page, NULL });

  found = search (store, "platypus echidna");
  assert_ids (found, (const char *[]) { "2401.00001", NULL });
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 12);
  g_assert_cmpstr (papers_paper_get_search_snippet (nth (found, 0)), ==,
                   "the <b>platypus</b> and the <b>echidna</b>");
  g_clear_object (&found);
  found = search (store, "echidna");
  assert_ids (found, (const char *[]) { "2401.00003", "2401.00001", NULL });
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 1);
  g_assert_nonnull (strstr (papers_paper_get_search_snippet (nth (found, 0)), "<b>echidna</b>"));
}

/* The body has an index of its own: an edit of the paper leaves it be,
 * and the metadata index holds no body */
static void
test_edit_keeps_body (void)
{
  g_autofree char *path = NULL;
  g_autoptr(PapersStore) store = new_store_with_papers (&path);
  g_autoptr(GError) error = NULL;
  const char *pages[] = { "cover", "the okapi page", NULL };
  const char *tags[] = { "mammals", NULL };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GListModel) found = NULL;

  set_pages (store, "2401.00002", pages);
  before = dup_text (path, "SELECT group_concat (hex (block)) FROM (SELECT block FROM body_search_data ORDER BY id)");
  g_assert_true (papers_store_wait (papers_store_set_status_async, papers_store_write_finish, &error, store,
                                    "2401.00002", PAPERS_READ_STATUS_READ));
  g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store,
                                    "2401.00002", tags, NULL));
  g_assert_true (papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, store,
                                    "2401.00002", "a note"));
  g_assert_no_error (error);
  after = dup_text (path, "SELECT group_concat (hex (block)) FROM (SELECT block FROM body_search_data ORDER BY id)");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_count (path, "SELECT count (*) FROM search WHERE search MATCH 'okapi'"), ==, 0);
  g_assert_cmpint (query_count (path, "SELECT count (*) FROM body_search WHERE body_search MATCH 'okapi'"), ==, 1);

  found = search (store, "okapi tag:mammals is:read");
  assert_ids (found, (const char *[]) { "2401.00002", NULL });
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 2);
  g_clear_object (&found);

  /* A new text replaces the old one in the body index; forgetting the
   * PDF, and deleting the paper, take it out */
  set_pages (store, "2401.00002", (const char *[]) { "the ibex page", NULL });
  g_assert_cmpint (query_count (path, "SELECT count (*) FROM body_search WHERE body_search MATCH 'okapi'"), ==, 0);
  g_assert_cmpint (query_count (path, "SELECT count (*) FROM body_search WHERE body_search MATCH 'ibex'"), ==, 1);
  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store,
                                    "2401.00002", NULL, 0, NULL));
  g_assert_cmpint (query_count (path, "SELECT count (*) FROM body_search WHERE body_search MATCH 'ibex'"), ==, 0);
  set_pages (store, "2401.00003", (const char *[]) { "the yak page", NULL });
  g_assert_cmpint (query_count (path, "SELECT count (*) FROM body_search"), ==, 1);
  g_assert_true (papers_store_wait (papers_store_remove_papers_async, papers_store_write_finish, &error, store,
                                    (const char *[]) { "2401.00003", NULL }));
  g_assert_no_error (error);
  g_assert_cmpint (query_count (path, "SELECT count (*) FROM body_search"), ==, 0);
}

/* A library of version 10 with bodies in its metadata index: migrated,
 * the bodies move to the body index and are found there */
static void
test_migrate_v10 (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(GListModel) found = NULL;
  PapersDb *db = papers_db_open_at_version (path, FALSE, 10, &error);

  g_assert_no_error (error);
  g_assert_true (papers_db_exec (db,
                                 "INSERT INTO papers (rowid, id, title) VALUES (1, 'p1', 'Old paper');"
                                 "INSERT INTO papers (rowid, id, title) VALUES (2, 'p2', 'Scanned paper');"
                                 "INSERT INTO papers (rowid, id, title) VALUES (3, 'p3', 'Not kept');"
                                 "INSERT INTO library (paper, added) VALUES (1, 0), (2, 0);"
                                 "INSERT INTO pdf_texts (paper, text) VALUES"
                                 "  (1, 'cover' || char (12) || 'ancient marginalia'), (2, ''), (3, 'stray marginalia');"
                                 "INSERT INTO search (rowid, title, body, meta) VALUES"
                                 "  (1, 'Old paper', 'cover' || char (12) || 'ancient marginalia', 'lib st0 hasfulltext'),"
                                 "  (2, 'Scanned paper', '', 'lib st0');",
                                 &error));
  g_assert_no_error (error);
  papers_db_close (db);

  store = papers_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_count (path, "PRAGMA user_version"), ==, PAPERS_DB_VERSION);
  g_assert_cmpint (query_count (path, "SELECT count (*) FROM search WHERE search MATCH 'marginalia'"), ==, 0);
  g_assert_cmpint (query_count (path, "SELECT count (*) FROM search WHERE search MATCH 'paper'"), ==, 2);
  found = search (store, "marginalia has:fulltext");
  assert_ids (found, (const char *[]) { "p1", NULL });
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 2);
  g_assert_nonnull (strstr (papers_paper_get_search_snippet (nth (found, 0)), "<b>marginalia</b>"));
  g_clear_object (&found);
  found = search (store, "old");
  assert_ids (found, (const char *[]) { "p1", NULL });
}

/* Hostile queries reach the body index as quoted strings: FTS5's syntax,
 * column filters and the meta tokens are words there; none fails */
static void
test_hostile_body_queries (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  const char *pages[] = { "cover", "lib st0 haspdf NEAR body meta tag1 y2024 \"quoted\" * ^ ( ) : {", NULL };
  const char * const queries[] = {
    "\"", "\"\"", "(", ")", "*", "^", "NEAR(", "body:lib", "{body} : x", "meta : lib", "-", "--x", "\"unterminated",
    "lib", "st0", "y2024", "haspdf", "tag1", "NOT", "AND OR NOT", "x OR", "\xff\xfe", "é*", "a\"b", "'; DROP TABLE",
  };
  g_autoptr(GString) long_query = g_string_new (NULL);

  set_pages (store, "2401.00002", pages);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) found = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                       &error, store, queries[i], 0, 50);

      /* A parse error is a fine answer; a library error is not */
      if (error != NULL)
        g_assert_true (error->domain == PAPERS_QUERY_ERROR);
      g_test_message ("query %u: %u results", i, found ? g_list_model_get_n_items (found) : 0);
    }
  for (guint i = 0; i < 2000; i++)
    g_string_append (long_query, "word ");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) found = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                     &error, store, long_query->str, 0, 50);

    if (error != NULL)
      g_assert_true (error->domain == PAPERS_QUERY_ERROR);
  }
  /* The meta tokens in a body are words, and a key is not one */
  {
    g_autoptr(GListModel) found = search (store, "haspdf");

    assert_ids (found, (const char *[]) { "2401.00002", NULL });
    g_clear_object (&found);
    found = search (store, "has:pdf");
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  }
}

/* A huge body (several megabytes, hundreds of pages) is indexed and found
 * on its last page */
static void
test_huge_body (void)
{
  g_autoptr(PapersStore) store = new_store_with_papers (NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListModel) found = NULL;

  for (guint i = 0; i < 800; i++)
    {
      g_autoptr(GString) page = g_string_new (NULL);

      for (guint w = 0; w < 700; w++)
        g_string_append_printf (page, "hay%u ", (i * 7 + w) % 5000);
      if (i == 799)
        g_string_append (page, "the lonely narwhal");
      g_ptr_array_add (pages, g_string_free (g_steal_pointer (&page), FALSE));
    }
  g_ptr_array_add (pages, NULL);
  set_pages (store, "2401.00001", (const char * const *) pages->pdata);
  found = search (store, "narwhal");
  assert_ids (found, (const char *[]) { "2401.00001", NULL });
  g_assert_cmpint (papers_paper_get_search_page (nth (found, 0)), ==, 800);
  g_clear_object (&found);
  found = search (store, "hay1*");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/fulltext/body-hit", test_body_hit);
  g_test_add_func ("/library/fulltext/title-outranks-body", test_title_outranks_body);
  g_test_add_func ("/library/fulltext/has-fulltext", test_has_fulltext);
  g_test_add_func ("/library/fulltext/stamps", test_stamps);
  g_test_add_func ("/library/fulltext/migrate-v7", test_migrate_v7);
  g_test_add_func ("/library/fulltext/many", test_many);
  g_test_add_func ("/library/fulltext/find", test_find);
  g_test_add_func ("/library/fulltext/snippet", test_snippet);
  g_test_add_func ("/library/fulltext/tiers", test_tiers);
  g_test_add_func ("/library/fulltext/body-rank", test_body_rank);
  g_test_add_func ("/library/fulltext/long-body-snippet", test_long_body_snippet);
  g_test_add_func ("/library/fulltext/edit-keeps-body", test_edit_keeps_body);
  g_test_add_func ("/library/fulltext/migrate-v10", test_migrate_v10);
  g_test_add_func ("/library/fulltext/hostile-body-queries", test_hostile_body_queries);
  g_test_add_func ("/library/fulltext/huge-body", test_huge_body);

  return g_test_run ();
}
