/* test-references.c: a paper's references and citations in the model,
 * read from made-up pages and from a corpus PDF, with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "papers-model-enums.h"
#include "papers-pdf-text.h"
#include "papers-reading-session.h"
#include "papers-store-wait.h"
#include "papers-test-wait.h"

/* A page of text whose every character is a 5 × 10 pt box, lines 12 pt
 * apart, as Poppler would give it. */
static PapersTextPage *
make_page (const char *text)
{
  guint n = strlen (text);
  g_autofree PapersTextRect *rects = g_new0 (PapersTextRect, n);
  double x = 50, y = 50;

  for (guint i = 0; i < n; i++)
    {
      rects[i] = (PapersTextRect) { x, y, x + 5, y + 10 };
      x += 5;
      if (text[i] == '\n')
        {
          x = 50;
          y += 12;
        }
    }
  return papers_text_page_new (text, rects, n, 612, 792);
}

static const char *body =
  "Attention helps [1] and so do long contexts [2, 3].\n"
  "Nothing else is cited here.\n";
static const char *list =
  "References\n"
  "[1] A. Vaswani, N. Shazeer. Attention is all you need. arXiv:1706.03762, 2017.\n"
  "[2] I. Beltagy, M. Peters. Longformer: the long-document transformer. arXiv:2004.05150, 2020.\n"
  "[3] J. Smith. A paper with no identifier. In Proceedings of Nothing, 2019.\n";

typedef struct {
  GPtrArray *pages;
  gboolean   fail;
} Source;

static GPtrArray *
read_made_up (gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Source *source = data;

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  if (source->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "garbage");
      return NULL;
    }
  return g_ptr_array_ref (source->pages);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
is_in_library (gpointer data)
{
  return papers_reference_get_state (data) == PAPERS_REFERENCE_IN_LIBRARY;
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
read_refs (PapersReferences         *refs,
           PapersReferencesReadFunc  func,
           gpointer                  data,
           GDestroyNotify            destroy,
           GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  papers_references_read_async (refs, func, data, destroy, NULL, read_done, &result);
  papers_test_wait_until (has_result, &result, "the text read");
  return papers_references_read_finish (refs, result, error);
}

/* The entries land in the model with their states; the citations are
 * found by the point under the pointer. */
static void
test_made_up (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), "refs.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = papers_store_new (path, &error);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersReadingSession) session = NULL;
  g_autoptr(GPtrArray) to_add = NULL;
  Source source = { g_ptr_array_new_with_free_func ((GDestroyNotify) papers_text_page_free), FALSE };
  PapersReferences *refs;
  GListModel *entries;
  g_autoptr(PapersReference) first = NULL;
  g_autoptr(PapersReference) second = NULL;
  g_autoptr(PapersReference) third = NULL;
  const PapersCitation *citation;
  int at;

  g_assert_no_error (error);
  g_ptr_array_add (papers, papers_paper_new ("1706.03762"));
  papers_paper_set_arxiv_id (papers->pdata[0], "1706.03762");
  papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store, papers, TRUE);
  g_assert_no_error (error);

  session = papers_reading_session_new (store, "2304.02623");
  refs = papers_reading_session_get_references (session);
  g_assert_true (refs == papers_reading_session_get_references (session));
  g_assert_false (papers_references_get_loaded (refs));
  g_assert_null (papers_references_get_refs (refs));
  g_assert_cmpint (papers_references_citation_at (refs, 0, 100, 55), ==, -1);

  g_ptr_array_add (source.pages, make_page (body));
  g_ptr_array_add (source.pages, make_page (list));
  g_assert_true (read_refs (refs, read_made_up, &source, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (papers_references_get_loaded (refs));
  entries = papers_references_get_entries (refs);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 3);
  first = g_list_model_get_item (entries, 0);
  second = g_list_model_get_item (entries, 1);
  third = g_list_model_get_item (entries, 2);
  g_assert_cmpstr (papers_reference_get_entry (first)->arxiv_id, ==, "1706.03762");
  g_assert_cmpstr (papers_reference_get_entry (second)->arxiv_id, ==, "2004.05150");
  g_assert_null (papers_reference_get_entry (third)->arxiv_id);

  /* The library answers on its own thread. */
  papers_test_wait_until (is_in_library, first, "the library's answer");
  g_assert_cmpstr (papers_reference_get_paper_id (first), ==, "1706.03762");
  g_assert_cmpint (papers_reference_get_state (second), ==, PAPERS_REFERENCE_ON_ARXIV);
  g_assert_cmpint (papers_reference_get_state (third), ==, PAPERS_REFERENCE_UNRESOLVED);
  to_add = papers_references_dup_arxiv_ids_to_add (refs);
  g_assert_cmpuint (to_add->len, ==, 1);
  g_assert_cmpstr (to_add->pdata[0], ==, "2004.05150");

  /* "[1]" starts at character 16 of the first line: x = 50 + 16 × 5. */
  at = papers_references_citation_at (refs, 0, 50 + 17 * 5, 55);
  g_assert_cmpint (at, >=, 0);
  citation = g_ptr_array_index (papers_references_get_refs (refs)->citations, at);
  g_assert_cmpstr (citation->text, ==, "[1]");
  g_assert_cmpint (g_array_index (citation->entries, int, 0), ==, 0);
  g_assert_cmpint (papers_references_citation_at (refs, 0, 52, 55), ==, -1);
  g_assert_cmpint (papers_references_citation_at (refs, 1, 50 + 17 * 5, 55), ==, -1);
  g_assert_cmpint (papers_references_citation_at (refs, 7, 0, 0), ==, -1);

  /* Adding the second paper to the library changes its state. */
  g_ptr_array_set_size (papers, 0);
  g_ptr_array_add (papers, papers_paper_new ("2004.05150"));
  papers_paper_set_arxiv_id (papers->pdata[0], "2004.05150");
  papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store, papers, TRUE);
  g_assert_no_error (error);
  papers_test_wait_until (is_in_library, second, "the state of the added paper");
  g_assert_cmpuint (papers_references_count_arxiv (refs), ==, 0);

  /* The third names no id: a paper the library keeps under its title,
   * in other case and punctuation, is the one. */
  g_assert_cmpint (papers_reference_get_state (third), ==, PAPERS_REFERENCE_UNRESOLVED);
  g_ptr_array_set_size (papers, 0);
  g_ptr_array_add (papers, papers_paper_new ("2001.00001"));
  papers_paper_set_arxiv_id (papers->pdata[0], "2001.00001");
  papers_paper_set_title (papers->pdata[0], "A Paper With No Identifier");
  /* Its words, but another title: not the one */
  g_ptr_array_add (papers, papers_paper_new ("2001.00002"));
  papers_paper_set_arxiv_id (papers->pdata[1], "2001.00002");
  papers_paper_set_title (papers->pdata[1], "A paper with no identifier, and its many uses in practice");
  papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store, papers, TRUE);
  g_assert_no_error (error);
  papers_test_wait_until (is_in_library, third, "the entry found by its title");
  g_assert_cmpstr (papers_reference_get_paper_id (third), ==, "2001.00001");
  g_ptr_array_unref (source.pages);
}

/* Text that cannot be read, or that has no list: an empty model, no crash. */
static void
test_bad_text (void)
{
  g_autoptr(PapersReferences) refs = papers_references_new (NULL);
  g_autoptr(GError) error = NULL;
  Source source = { g_ptr_array_new_with_free_func ((GDestroyNotify) papers_text_page_free), TRUE };

  g_assert_false (read_refs (refs, read_made_up, &source, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_false (papers_references_get_loaded (refs));
  g_clear_error (&error);

  source.fail = FALSE;
  g_ptr_array_add (source.pages, make_page ("\xff\xfe garbage \x01\x02 [[[ ]]] (((\n"));
  g_ptr_array_add (source.pages, make_page (""));
  g_assert_true (read_refs (refs, read_made_up, &source, NULL, &error));
  g_assert_true (papers_references_get_loaded (refs));
  g_assert_cmpuint (g_list_model_get_n_items (papers_references_get_entries (refs)), ==, 0);
  g_assert_cmpint (papers_references_citation_at (refs, 0, 60, 55), ==, -1);
  g_ptr_array_unref (source.pages);
}

static GPtrArray *
read_file (gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return papers_pdf_extract_text (data, cancellable, error);
}

/* A real paper: its 35 entries (counted by hand, bench-refs-truth.h) and
 * 15 arXiv ids reach the model, and "[23]" on page 1 names entry 23. */
static void
test_corpus (void)
{
  const char *dir = g_getenv ("PAPERS_CORPUS_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "", "pdf", "papermage__2304.02623v1.pdf", NULL);
  g_autoptr(PapersReferences) refs = papers_references_new (NULL);
  g_autoptr(GError) error = NULL;
  const PapersRefs *parsed;
  guint ids = 0, n;
  gboolean found = FALSE;
  const guint *on_page;

  if (dir == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no corpus");
      return;
    }
  g_assert_true (read_refs (refs, read_file, g_file_new_for_path (path), g_object_unref, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (papers_references_get_entries (refs)), ==, 35);
  parsed = papers_references_get_refs (refs);
  for (guint i = 0; i < parsed->entries->len; i++)
    ids += ((PapersRefEntry *) parsed->entries->pdata[i])->arxiv_id != NULL;
  g_assert_cmpuint (ids, ==, 15);
  g_assert_cmpuint (papers_references_count_arxiv (refs), ==, 15);

  on_page = papers_references_page_citations (refs, 0, &n);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      const PapersCitation *c = parsed->citations->pdata[on_page[i]];
      double x = (c->rect.x1 + c->rect.x2) / 2, y = (c->rect.y1 + c->rect.y2) / 2;

      g_assert_cmpint (c->page, ==, 0);
      if (!g_str_equal (c->text, "[23]"))
        continue;
      found = TRUE;
      g_assert_cmpint (papers_references_citation_at (refs, 0, x, y), ==, (int) on_page[i]);
      g_assert_cmpstr (((PapersRefEntry *) parsed->entries->pdata[g_array_index (c->entries, int, 0)])->label,
                       ==, "23");
    }
  g_assert_true (found);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/references/made-up", test_made_up);
  g_test_add_func ("/model/references/bad-text", test_bad_text);
  g_test_add_func ("/corpus/model/references", test_corpus);
  return g_test_run ();
}
