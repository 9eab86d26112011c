/* test-store.c: the library database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "papers-db.h"
#include "papers-query.h"
#include "papers-store-private.h"
#include "papers-store-wait.h"
#include "papers-test-db.h"

static PapersPaper *
make_paper (const char *arxiv_id,
            const char *title,
            const char *abstract,
            const char *first_author,
            int         year)
{
  PapersPaper *paper = papers_paper_new (arxiv_id);
  const char *authors[] = { first_author, "Second Author", NULL };
  g_autoptr(GDateTime) published = g_date_time_new_utc (year, 6, 1, 0, 0, 0);
  const char *categories[] = { "cs.LG", "cs.CL", NULL };

  papers_paper_set_arxiv_id (paper, arxiv_id);
  papers_paper_set_version (paper, 1);
  papers_paper_set_title (paper, title);
  papers_paper_set_abstract (paper, abstract);
  papers_paper_set_authors (paper, authors);
  papers_paper_set_published (paper, published);
  papers_paper_set_categories (paper, categories);
  papers_paper_set_pdf_url (paper, "https://arxiv.org/pdf/x");
  papers_paper_set_upvotes (paper, 12);
  papers_paper_set_source (paper, "arxiv");
  return paper;
}

static PapersStore *
new_store (char **path_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = papers_test_db_path ("store");
  PapersStore *store = papers_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  if (path_out)
    *path_out = g_steal_pointer (&path);
  return store;
}

static void
add_papers (PapersStore *store)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (papers, make_paper ("1706.03762", "Attention Is All You Need",
                                       "The dominant sequence transduction models are based on recurrent networks.",
                                       "Ashish Vaswani", 2017));
  g_ptr_array_add (papers, make_paper ("1810.04805", "BERT: Pre-training of Deep Bidirectional Transformers",
                                       "We introduce a new language representation model called BERT, attention based.",
                                       "Jacob Devlin", 2018));
  g_ptr_array_add (papers, make_paper ("2005.14165", "Language Models are Few-Shot Learners",
                                       "Recent work has demonstrated gains on many NLP tasks. Café naïve.",
                                       "Tom Brown", 2020));
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
}

static void
test_store_default_path (void)
{
  g_autofree char *path = NULL;

  g_setenv ("PAPERS_LIBRARY", "/tmp/x/lib.db", TRUE);
  path = papers_store_dup_default_path ();
  g_assert_cmpstr (path, ==, "/tmp/x/lib.db");
  g_unsetenv ("PAPERS_LIBRARY");
  g_free (path);
  path = papers_store_dup_default_path ();
  g_assert_true (g_str_has_suffix (path, "org.example.Papers/library.db"));
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
}

static void
test_store_roundtrip (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(GError) error = NULL;

  add_papers (store);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "1706.03762");
  g_assert_no_error (error);
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "Attention Is All You Need");
  g_assert_cmpstr (papers_paper_get_authors (paper)[0], ==, "Ashish Vaswani");
  g_assert_cmpstr (papers_paper_get_authors (paper)[1], ==, "Second Author");
  g_assert_cmpstr (papers_paper_get_categories (paper)[1], ==, "cs.CL");
  g_assert_cmpint (g_date_time_get_year (papers_paper_get_published (paper)), ==, 2017);
  g_assert_cmpint (papers_paper_get_upvotes (paper), ==, 12);
  g_assert_true (papers_paper_get_in_library (paper));
  g_assert_nonnull (papers_paper_get_added (paper));
  g_assert_cmpint (papers_paper_get_status (paper), ==, PAPERS_READ_STATUS_UNREAD);

  g_clear_object (&paper);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "0000.00000");
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_assert_null (paper);
}

static void
test_store_merge (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper2 = NULL;
  g_autoptr(GPtrArray) got = NULL;
  const char * const by_doi_ids[] = { "doi:10.1000/xyz", "doi:10.18653/V1/n19-1423", "doi:", "doi:10.9/none", NULL };
  PapersPaper *by_doi;

  add_papers (store);
  /* The same paper from Hugging Face, newer version, more upvotes */
  paper = make_paper ("1706.03762", "Attention Is All You Need (v5)", NULL, "Ashish Vaswani", 2017);
  papers_paper_set_version (paper, 5);
  papers_paper_set_upvotes (paper, 99);
  papers_paper_set_hf_url (paper, "https://huggingface.co/papers/1706.03762");
  g_ptr_array_add (papers, g_steal_pointer (&paper));
  /* A BibTeX entry without arXiv id but with the DOI of another */
  by_doi = papers_paper_new (NULL);
  papers_paper_set_doi (by_doi, "10.1000/XYZ");
  papers_paper_set_title (by_doi, "Only DOI");
  g_ptr_array_add (papers, by_doi);
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, FALSE));
  g_assert_no_error (error);
  g_assert_cmpstr (papers_paper_get_id (by_doi), ==, "doi:10.1000/XYZ");

  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "1706.03762");
  g_assert_no_error (error);
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "Attention Is All You Need (v5)");
  g_assert_cmpint (papers_paper_get_upvotes (paper), ==, 99);
  g_assert_cmpstr (papers_paper_get_hf_url (paper), ==, "https://huggingface.co/papers/1706.03762");
  g_assert_nonnull (papers_paper_get_abstract (paper));
  g_assert_true (papers_paper_get_in_library (paper));

  /* Same DOI, other case: merged, not duplicated */
  g_ptr_array_set_size (papers, 0);
  by_doi = papers_paper_new (NULL);
  papers_paper_set_doi (by_doi, "10.1000/xyz");
  papers_paper_set_abstract (by_doi, "Now with an abstract");
  g_ptr_array_add (papers, by_doi);
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
  g_clear_object (&paper);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "doi:10.1000/XYZ");
  g_assert_no_error (error);
  g_assert_cmpstr (papers_paper_get_abstract (paper), ==, "Now with an abstract");
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "Only DOI");

  all = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store, "", 0, 100);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 4);

  /* By DOI, in another case, and a paper kept under its arXiv id */
  g_ptr_array_set_size (papers, 0);
  paper2 = make_paper ("1810.04805", "BERT", NULL, "Jacob Devlin", 2018);
  papers_paper_set_doi (paper2, "10.18653/v1/N19-1423");
  g_ptr_array_add (papers, g_object_ref (paper2));
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  got = papers_store_wait (papers_store_get_papers_async, papers_store_get_papers_finish, &error, store,
                           by_doi_ids);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, 2);
  for (guint i = 0; i < got->len; i++)
    g_assert_true (g_str_equal (papers_paper_get_id (got->pdata[i]), "doi:10.1000/XYZ") ||
                   g_str_equal (papers_paper_get_id (got->pdata[i]), "1810.04805"));
}

static void
test_store_state (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(GListModel) tags = NULL;
  g_autoptr(GError) error = NULL;
  const char *add[] = { "ML", "to read", NULL };
  const char *add_again[] = { "ml", NULL };
  const char *remove[] = { "TO READ", NULL };
  PapersTag *tag;

  add_papers (store);
  g_assert_true (papers_store_wait (papers_store_set_status_async, papers_store_write_finish, &error, store,
                                    "1706.03762", PAPERS_READ_STATUS_READ));
  g_assert_true (papers_store_wait (papers_store_set_starred_async, papers_store_write_finish, &error, store,
                                    "1706.03762", TRUE));
  g_assert_true (papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, store,
                                    "1706.03762", "Read §3 again"));
  g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store,
                                    "1706.03762", add, NULL));
  g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store,
                                    "1810.04805", add_again, NULL));
  g_assert_no_error (error);

  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "1706.03762");
  g_assert_cmpint (papers_paper_get_status (paper), ==, PAPERS_READ_STATUS_READ);
  g_assert_true (papers_paper_get_starred (paper));
  g_assert_cmpstr (papers_paper_get_note (paper), ==, "Read §3 again");
  g_assert_cmpuint (g_strv_length ((char **) papers_paper_get_tags (paper)), ==, 2);
  g_assert_cmpstr (papers_paper_get_tags (paper)[0], ==, "ML");

  tags = papers_store_wait (papers_store_list_tags_async, papers_store_list_tags_finish, &error, store);
  g_assert_cmpuint (g_list_model_get_n_items (tags), ==, 2);
  tag = g_list_model_get_item (tags, 0);
  g_assert_cmpstr (papers_tag_get_name (tag), ==, "ML");
  g_assert_cmpuint (papers_tag_get_n_papers (tag), ==, 2);
  g_assert_true (papers_tag_color_is_valid (papers_tag_get_color (tag)));
  g_object_unref (tag);

  g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store,
                                    "1706.03762", NULL, remove));
  g_clear_object (&paper);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "1706.03762");
  g_assert_cmpuint (g_strv_length ((char **) papers_paper_get_tags (paper)), ==, 1);

  /* Rename, refuse rename onto an existing tag, recolor, merge, delete */
  g_assert_true (papers_store_wait (papers_store_edit_tag_async, papers_store_write_finish, &error, store,
                                    PAPERS_TAG_EDIT_RENAME, "ml", "Machine learning"));
  g_assert_false (papers_store_wait (papers_store_edit_tag_async, papers_store_write_finish, &error, store,
                                     PAPERS_TAG_EDIT_RENAME, "machine LEARNING", "TO READ"));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (papers_store_wait (papers_store_edit_tag_async, papers_store_write_finish, &error, store,
                                    PAPERS_TAG_EDIT_RECOLOR, "to read", "#ABCDEF"));
  g_assert_false (papers_store_wait (papers_store_edit_tag_async, papers_store_write_finish, &error, store,
                                     PAPERS_TAG_EDIT_RECOLOR, "to read", "red"));
  g_clear_error (&error);
  g_assert_true (papers_store_wait (papers_store_edit_tag_async, papers_store_write_finish, &error, store,
                                    PAPERS_TAG_EDIT_MERGE, "machine learning", "to read"));
  g_assert_no_error (error);
  g_clear_object (&tags);
  tags = papers_store_wait (papers_store_list_tags_async, papers_store_list_tags_finish, &error, store);
  g_assert_cmpuint (g_list_model_get_n_items (tags), ==, 1);
  tag = g_list_model_get_item (tags, 0);
  g_assert_cmpstr (papers_tag_get_name (tag), ==, "to read");
  g_assert_cmpstr (papers_tag_get_color (tag), ==, "#abcdef");
  g_assert_cmpuint (papers_tag_get_n_papers (tag), ==, 2);
  g_object_unref (tag);
  g_assert_true (papers_store_wait (papers_store_edit_tag_async, papers_store_write_finish, &error, store,
                                    PAPERS_TAG_EDIT_DELETE, "TO READ", NULL));
  g_assert_false (papers_store_wait (papers_store_edit_tag_async, papers_store_write_finish, &error, store,
                                     PAPERS_TAG_EDIT_DELETE, "nope", NULL));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&paper);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "1706.03762");
  g_assert_null (papers_paper_get_tags (paper));

  /* Unknown paper */
  g_assert_false (papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, store,
                                     "nope", "x"));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
}

static void
test_store_pdf_position (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(PapersReadingPosition) position = NULL;
  g_autoptr(GError) error = NULL;

  add_papers (store);
  position = papers_store_wait (papers_store_get_reading_position_async, papers_store_get_reading_position_finish,
                                &error, store, "1706.03762");
  g_assert_null (position);
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (papers_store_wait (papers_store_set_reading_position_async, papers_store_write_finish,
                                    &error, store, "1706.03762", 7, 0.25, 1.5));
  position = papers_store_wait (papers_store_get_reading_position_async, papers_store_get_reading_position_finish,
                                &error, store, "1706.03762");
  g_assert_nonnull (position);
  g_assert_cmpint (position->page, ==, 7);
  g_assert_cmpfloat (position->offset, ==, 0.25);
  g_assert_cmpfloat (position->zoom, ==, 1.5);

  /* Reading time: added up; a paper unknown, a negative or not-a-number
   * time are refused */
  g_assert_true (papers_store_wait (papers_store_add_reading_time_async, papers_store_write_finish, &error, store,
                                    "1706.03762", 30.0));
  g_assert_true (papers_store_wait (papers_store_add_reading_time_async, papers_store_write_finish, &error, store,
                                    "1706.03762", 12.5));
  g_assert_no_error (error);
  g_assert_false (papers_store_wait (papers_store_add_reading_time_async, papers_store_write_finish, &error, store,
                                     "nope", 10.0));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (papers_store_wait (papers_store_add_reading_time_async, papers_store_write_finish, &error, store,
                                     "1706.03762", -1.0));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (papers_store_wait (papers_store_add_reading_time_async, papers_store_write_finish, &error, store,
                                     "1706.03762", NAN));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store,
                                    "1706.03762", "/tmp/a.pdf", 1234, "ab12"));
  g_assert_no_error (error);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "1706.03762");
  g_assert_cmpstr (papers_paper_get_pdf_path (paper), ==, "/tmp/a.pdf");

  /* The PDF's text is searched, below everything else */
  g_assert_true (papers_store_wait (papers_store_set_pdf_text_async, papers_store_write_finish, &error, store,
                                    "1706.03762", "Multi-head attention; positional encodings"));
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) found = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                     &error, store, "positional encodings has:pdf", 0, 10);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  }
  g_assert_true (papers_store_wait (papers_store_set_pdf_text_async, papers_store_write_finish, &error, store,
                                    "1706.03762", NULL));
  {
    g_autoptr(GListModel) found = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                     &error, store, "positional", 0, 10);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  }
}

static void
test_store_annotations (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(PapersAnnotation) annotation = papers_annotation_new ("1706.03762", 2, "highlight");
  g_autoptr(PapersAnnotation) bad = papers_annotation_new ("1706.03762", 2, "scribble");
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  const double rects[] = { 72.0, 100.5, 300.25, 112.0, 72.0, 114.0, 200.0, 126.0 };
  PapersAnnotation *stored;
  const double *coords;
  guint n;

  add_papers (store);
  papers_annotation_set_rects (annotation, rects, 2);
  papers_annotation_set_color (annotation, "#f6d32d");
  papers_annotation_set_text (annotation, "scaled dot-product attention");
  papers_annotation_set_comment (annotation, "key idea");
  g_assert_true (papers_store_wait (papers_store_add_annotation_async, papers_store_write_finish, &error,
                                    store, annotation));
  g_assert_no_error (error);
  g_assert_cmpint (papers_annotation_get_id (annotation), >, 0);
  g_assert_nonnull (papers_annotation_get_created (annotation));

  g_assert_false (papers_store_wait (papers_store_add_annotation_async, papers_store_write_finish, &error,
                                     store, bad));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  list = papers_store_wait (papers_store_list_annotations_async, papers_store_list_annotations_finish, &error,
                            store, "1706.03762");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  stored = g_list_model_get_item (list, 0);
  coords = papers_annotation_get_rects (stored, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (coords[2], ==, 300.25);
  g_assert_cmpstr (papers_annotation_get_text (stored), ==, "scaled dot-product attention");
  g_assert_cmpstr (papers_annotation_get_annotation_type (stored), ==, "highlight");

  /* Annotation text is searchable */
  {
    g_autoptr(GListModel) found = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                     &error, store, "dot-product", 0, 10);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  }

  papers_annotation_set_comment (stored, "changed");
  papers_annotation_set_page (stored, 3);
  g_assert_true (papers_store_wait (papers_store_update_annotation_async, papers_store_write_finish, &error,
                                    store, stored));
  g_clear_object (&list);
  list = papers_store_wait (papers_store_list_annotations_async, papers_store_list_annotations_finish, &error,
                            store, "1706.03762");
  g_object_unref (stored);
  stored = g_list_model_get_item (list, 0);
  g_assert_cmpstr (papers_annotation_get_comment (stored), ==, "changed");
  g_assert_cmpint (papers_annotation_get_page (stored), ==, 3);

  g_assert_true (papers_store_wait (papers_store_remove_annotation_async, papers_store_write_finish, &error,
                                    store, papers_annotation_get_id (stored)));
  g_assert_false (papers_store_wait (papers_store_remove_annotation_async, papers_store_write_finish, &error,
                                     store, papers_annotation_get_id (stored)));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_object_unref (stored);
}

static void
test_store_listing (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersCachedListing) listing = NULL;
  g_autoptr(GListModel) library = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  g_ptr_array_add (papers, make_paper ("2410.17243", "Second", "b", "B", 2024));
  g_ptr_array_add (papers, make_paper ("2410.16251", "First", "a", "A", 2024));
  listing = papers_store_wait (papers_store_load_listing_async, papers_store_load_listing_finish, &error,
                               store, "hf-daily", "2024-10-25");
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (papers_store_wait (papers_store_save_listing_async, papers_store_write_finish, &error, store,
                                    "hf-daily", "2024-10-25", "\"etag1\"", "Fri, 25 Oct 2024 10:00:00 GMT",
                                    papers));
  g_assert_no_error (error);
  listing = papers_store_wait (papers_store_load_listing_async, papers_store_load_listing_finish, &error,
                               store, "hf-daily", "2024-10-25");
  g_assert_no_error (error);
  items = papers_cached_listing_get_papers (listing);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (papers_paper_get_id (items->pdata[0]), ==, "2410.17243");
  g_assert_false (papers_paper_get_in_library (items->pdata[0]));
  g_assert_cmpstr (papers_cached_listing_get_etag (listing), ==, "\"etag1\"");
  g_assert_cmpstr (papers_cached_listing_get_last_modified (listing), ==, "Fri, 25 Oct 2024 10:00:00 GMT");
  g_assert_nonnull (papers_cached_listing_get_fetched (listing));

  /* Listings are not the library */
  library = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store, "", 0,
                               100);
  g_assert_cmpuint (g_list_model_get_n_items (library), ==, 0);

  /* Saving again replaces the order */
  g_ptr_array_remove_index (papers, 0);
  g_assert_true (papers_store_wait (papers_store_save_listing_async, papers_store_write_finish, &error, store,
                                    "hf-daily", "2024-10-25", NULL, NULL, papers));
  g_clear_pointer (&listing, papers_cached_listing_unref);
  listing = papers_store_wait (papers_store_load_listing_async, papers_store_load_listing_finish, &error,
                               store, "hf-daily", "2024-10-25");
  g_assert_cmpuint (papers_cached_listing_get_papers (listing)->len, ==, 1);
  g_assert_null (papers_cached_listing_get_etag (listing));
}

static void
test_store_remove (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "1706.03762", NULL };
  const char *tags[] = { "x", NULL };

  add_papers (store);
  g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store,
                                    "1706.03762", tags, NULL));
  g_assert_true (papers_store_wait (papers_store_remove_papers_async, papers_store_write_finish, &error,
                                    store, ids));
  g_assert_no_error (error);
  all = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store, "attention",
                           0, 100);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "1706.03762");
  g_assert_false (papers_paper_get_in_library (paper));
  g_assert_null (papers_paper_get_tags (paper));
}

typedef struct
{
  GMainLoop *loop;
  GListModel *result;
  GError *error;
  guint added;
  guint changed;
  guint tags;
} AsyncData;

static void
on_search (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = papers_store_search_finish (PAPERS_STORE (source), result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
on_upserted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncData *data = user_data;

  g_assert_true (papers_store_write_finish (PAPERS_STORE (source), result, &data->error));
  g_main_loop_quit (data->loop);
}

static void
on_added (PapersStore  *store,
          const char  **ids,
          AsyncData    *data)
{
  data->added += g_strv_length ((char **) ids);
}

static void
on_changed (PapersStore *store,
            const char  *id,
            AsyncData   *data)
{
  data->changed++;
}

static void
on_tags (PapersStore *store,
         AsyncData   *data)
{
  data->tags++;
}

/* Where a job's completion runs: its signals and its callback */
typedef struct
{
  GThread  *caller;
  gboolean  signal_elsewhere;
  gboolean  callback_elsewhere;
  gboolean  done;
} ThreadData;

static void
on_added_thread (PapersStore  *store,
                 const char  **ids,
                 ThreadData   *data)
{
  data->signal_elsewhere |= g_thread_self () != data->caller;
}

static void
on_upserted_thread (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ThreadData *data = user_data;

  data->callback_elsewhere |= g_thread_self () != data->caller;
  g_assert_true (papers_store_write_finish (PAPERS_STORE (source), result, NULL));
  data->done = TRUE;
}

/* The worker hands a finished job back to the caller's context, and the
 * completion runs there, in the caller's thread, even when the caller is
 * busy elsewhere and owns the context by no one at that moment (as
 * between two iterations of GApplication's loop).  g_main_context_invoke()
 * from the worker ran it in the worker then, racing the main thread. */
static void
test_store_completes_in_caller (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  ThreadData data = { g_thread_self (), FALSE, FALSE, FALSE };

  g_signal_connect (store, "papers-added", G_CALLBACK (on_added_thread), &data);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *id = g_strdup_printf ("2101.%05u", i + 10);

      g_ptr_array_add (papers, make_paper (id, "Thread paper", "x", "A", 2021));
      data.done = FALSE;
      papers_store_upsert_papers_async (store, papers, TRUE, NULL, on_upserted_thread, &data);
      /* Busy, not iterating: the worker finishes meanwhile */
      g_usleep (G_USEC_PER_SEC / 10);
      while (!data.done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (data.signal_elsewhere);
  g_assert_false (data.callback_elsewhere);
}

static void
test_store_async (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AsyncData data = { 0 };
  const char *tags[] = { "t", NULL };

  data.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (store, "papers-added", G_CALLBACK (on_added), &data);
  g_signal_connect (store, "paper-changed", G_CALLBACK (on_changed), &data);
  g_signal_connect (store, "tags-changed", G_CALLBACK (on_tags), &data);

  g_ptr_array_add (papers, make_paper ("2101.00001", "Async paper", "x", "A", 2021));
  papers_store_upsert_papers_async (store, papers, TRUE, NULL, on_upserted, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpuint (data.added, ==, 1);

  g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store,
                                    "2101.00001", tags, NULL));
  g_assert_cmpuint (data.changed, ==, 1);
  g_assert_cmpuint (data.tags, ==, 1);

  papers_store_search_async (store, "async", 0, 10, NULL, on_search, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpuint (g_list_model_get_n_items (data.result), ==, 1);
  g_assert_true (g_list_model_get_item_type (data.result) == PAPERS_TYPE_PAPER);
  g_clear_object (&data.result);

  /* A superseded search */
  g_cancellable_cancel (cancellable);
  papers_store_search_async (store, "async", 0, 10, cancellable, on_search, &data);
  g_main_loop_run (data.loop);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&data.error);

  /* A bad query is an error for the user, not a crash */
  papers_store_search_async (store, "foo:bar", 0, 10, NULL, on_search, &data);
  g_main_loop_run (data.loop);
  g_assert_nonnull (data.error);
  g_clear_error (&data.error);

  /* A blocking call never overtakes an asynchronous one asked before it */
  g_ptr_array_set_size (papers, 0);
  g_ptr_array_add (papers, make_paper ("2101.00002", "Queued paper", "x", "A", 2021));
  papers_store_upsert_papers_async (store, papers, TRUE, NULL, on_upserted, &data);
  {
    g_autoptr(PapersPaper) queued = papers_store_wait (papers_store_get_paper_async,
                                                       papers_store_get_paper_finish, &error, store,
                                                       "2101.00002");
    g_assert_no_error (error);
    g_assert_true (papers_paper_get_in_library (queued));
  }
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);

  g_main_loop_unref (data.loop);
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PapersStore **store = user_data;
  g_autoptr(GError) error = NULL;

  *store = papers_store_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_store_open_async (void)
{
  PapersStore *store = NULL;
  g_autofree char *path = papers_test_db_path ("open-async");

  papers_store_open_async (path, NULL, on_opened, &store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (papers_store_get_path (store), ==, path);
  g_object_unref (store);
}

static void
test_store_schema (void)
{
  g_autofree char *path = papers_test_db_path ("schema");
  g_autoptr(GError) error = NULL;
  PapersDb *db = papers_db_open (path, FALSE, &error);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_cmpint (papers_db_get_version (db), ==, PAPERS_DB_VERSION);
  stmt = papers_db_prepare (db, "PRAGMA journal_mode", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_reset (stmt);
  stmt = papers_db_prepare (db, "PRAGMA foreign_keys", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_reset (stmt);
  /* Foreign keys hold */
  g_assert_false (papers_db_exec (db, "INSERT INTO library (paper, added) VALUES (424242, 0)", &error));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID);
  papers_db_close (db);
}

static int
cache_size (PapersDb *db)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "PRAGMA cache_size", NULL);
  int size;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  size = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return size;
}

static gint64
count_rows (PapersDb   *db,
            const char *sql)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, sql, NULL);
  gint64 n;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* How many of the order indexes (schema v5) the library has */
static gint64
count_order_indexes (PapersDb *db)
{
  return count_rows (db, "SELECT count (*) FROM sqlite_schema WHERE type = 'index' AND name IN"
                         " ('library_added', 'papers_published', 'papers_upvotes', 'papers_title')");
}

/* The papers "<prefix>.00000" to "<prefix>.<n - 1>" */
static GPtrArray *
make_papers (const char *prefix,
             int         n)
{
  GPtrArray *papers = g_ptr_array_new_with_free_func (g_object_unref);

  for (int i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s.%05d", prefix, i);
      g_autofree char *title = g_strdup_printf ("Bulk paper number %d about transformers", i);

      g_ptr_array_add (papers, make_paper (id, title, "an abstract", "A. Author", 2024 - i % 5));
    }
  return papers;
}

static void
cancel_now (sqlite3_context  *context,
            int               argc,
            sqlite3_value   **argv)
{
  g_cancellable_cancel (sqlite3_user_data (context));
  sqlite3_result_null (context);
}

/* A bulk upsert that fails or is cancelled half way leaves the library
 * as it was: the papers before it, the order indexes, the everyday
 * cache */
static void
test_store_bulk_rollback (void)
{
  g_autofree char *path = papers_test_db_path ("bulk-rollback");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = make_papers ("2401", 70);
  g_autoptr(GPtrArray) failing = make_papers ("2402", 100);
  g_autoptr(GPtrArray) cancelled = make_papers ("2403", 100);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PapersStoreChanges changes;
  PapersDb *db = papers_db_open (path, FALSE, &error);
  sqlite3 *handle = papers_db_get_handle (db);
  int everyday = cache_size (db);

  g_assert_no_error (error);
  papers_store_changes_init (&changes);
  g_assert_true (papers_store_db_upsert (db, first, TRUE, &changes, &error));
  g_assert_no_error (error);
  papers_store_changes_clear (&changes);
  g_assert_cmpint (count_order_indexes (db), ==, 4);

  /* Fails at its 51st paper */
  g_assert_true (papers_db_exec (db, "CREATE TEMP TRIGGER fail_late AFTER INSERT ON main.papers"
                                     " WHEN new.id = '2402.00050'"
                                     " BEGIN SELECT RAISE (ABORT, 'disk on fire'); END", NULL));
  papers_store_changes_init (&changes);
  g_assert_false (papers_store_db_upsert (db, failing, TRUE, &changes, &error));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  papers_store_changes_clear (&changes);
  g_assert_true (papers_db_exec (db, "DROP TRIGGER fail_late", NULL));
  g_assert_cmpint (count_order_indexes (db), ==, 4);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM papers"), ==, 70);
  g_assert_cmpint (cache_size (db), ==, everyday);

  /* Cancelled at its 51st paper (the window's import, closed) */
  g_assert_cmpint (sqlite3_create_function (handle, "cancel_now", 0, SQLITE_UTF8, cancellable, cancel_now,
                                            NULL, NULL), ==, SQLITE_OK);
  g_assert_true (papers_db_exec (db, "CREATE TEMP TRIGGER cancel_late AFTER INSERT ON main.papers"
                                     " WHEN new.id = '2403.00050' BEGIN SELECT cancel_now (); END", NULL));
  papers_db_set_cancellable (db, cancellable);
  papers_store_changes_init (&changes);
  g_assert_false (papers_store_db_upsert (db, cancelled, TRUE, &changes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  papers_store_changes_clear (&changes);
  papers_db_set_cancellable (db, NULL);
  g_assert_true (papers_db_exec (db, "DROP TRIGGER cancel_late", NULL));
  g_assert_cmpint (count_order_indexes (db), ==, 4);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM papers"), ==, 70);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM title_search WHERE title_search MATCH 'tra*'"), ==, 70);
  g_assert_cmpint (cache_size (db), ==, everyday);
  g_assert_true (papers_db_check_integrity (db, NULL));

  /* And the next one goes through, the lists in their orders */
  papers_store_changes_init (&changes);
  g_assert_true (papers_store_db_upsert (db, failing, TRUE, &changes, &error));
  g_assert_no_error (error);
  papers_store_changes_clear (&changes);
  g_assert_cmpint (count_order_indexes (db), ==, 4);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM papers INDEXED BY papers_published"), ==, 170);
  papers_db_close (db);
}

/* An upsert of hundreds of papers (an import) works with a larger page
 * cache and gives it back after, whether it succeeds or fails; its papers
 * are stored and indexed like any others. */
/* A new library is made of 16 KB pages; one made with SQLite's 4 KB
 * pages before keeps them, opens and takes papers as before */
static void
test_store_page_size (void)
{
  g_autofree char *path = papers_test_db_path ("pages");
  g_autofree char *old_path = papers_test_db_path ("pages-old");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = make_papers ("2405", 100);
  PapersStoreChanges changes;
  sqlite3 *handle;
  PapersDb *db = papers_db_open (path, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "PRAGMA page_size"), ==, 16384);
  papers_db_close (db);

  /* A library as an earlier version made it: 4 KB pages, in WAL */
  g_assert_cmpint (sqlite3_open (old_path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;"
                                         " CREATE TABLE early (x);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  db = papers_db_open (old_path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "PRAGMA page_size"), ==, 4096);
  papers_store_changes_init (&changes);
  g_assert_true (papers_store_db_upsert (db, papers, TRUE, &changes, &error));
  g_assert_no_error (error);
  papers_store_changes_clear (&changes);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM library"), ==, 100);
  g_assert_true (papers_db_check_integrity (db, NULL));
  papers_db_close (db);
}

static void
test_store_bulk (void)
{
  g_autofree char *path = papers_test_db_path ("bulk");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = make_papers ("2401", 300);
  g_autoptr(GPtrArray) more = make_papers ("2404", 100);
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func (g_object_unref);
  PapersStoreChanges changes;
  PapersDb *db = papers_db_open (path, FALSE, &error);
  int everyday;

  g_assert_no_error (error);
  everyday = cache_size (db);
  papers_store_changes_init (&changes);
  g_assert_true (papers_store_db_upsert (db, papers, TRUE, &changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.added->len, ==, 300);
  papers_store_changes_clear (&changes);
  g_assert_cmpuint (papers_db_get_bulk_writes (db), ==, 1);
  g_assert_cmpint (cache_size (db), ==, everyday);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM library"), ==, 300);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM search WHERE search MATCH 'transformers'"), ==, 300);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM title_search WHERE title_search MATCH 'tra*'"), ==, 300);
  /* The order indexes hold every paper */
  g_assert_cmpint (count_order_indexes (db), ==, 4);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM papers INDEXED BY papers_title"), ==, 300);

  /* And those of a second import */
  papers_store_changes_init (&changes);
  g_assert_true (papers_store_db_upsert (db, more, TRUE, &changes, &error));
  g_assert_no_error (error);
  papers_store_changes_clear (&changes);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM papers INDEXED BY papers_upvotes"), ==, 400);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM library INDEXED BY library_added"), ==, 400);
  g_assert_true (papers_db_check_integrity (db, NULL));

  /* A bulk write that fails half way (the database is made read-only
   * under it) rolls back and still gives the cache back */
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("2402.%05d", i);
      g_ptr_array_add (bad, make_paper (id, "Never stored", "x", "B", 2024));
    }
  g_assert_true (papers_db_exec (db, "PRAGMA query_only = ON", NULL));
  papers_store_changes_init (&changes);
  g_assert_false (papers_store_db_upsert (db, bad, TRUE, &changes, &error));
  g_assert_nonnull (error);
  papers_store_changes_clear (&changes);
  g_assert_cmpint (cache_size (db), ==, everyday);
  g_assert_true (papers_db_exec (db, "PRAGMA query_only = OFF", NULL));
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM library"), ==, 400);
  g_assert_cmpint (count_order_indexes (db), ==, 4);
  papers_db_close (db);
}

/* Version 1 had no search index: a library made then is searchable after
 * the migration, with every row kept. */
static void
test_store_migrate_v1 (void)
{
  /* papers_db_open migrates to the newest version: the rows of version 1
   * go in through papers_db_open_at_version. */
  g_autofree char *path = papers_test_db_at_version ("migrate", 1,
                                                     "INSERT INTO papers (rowid, id, title, abstract) VALUES (1, '2001.00001', 'Old Title', 'Old abstract about gravitons');"
                                                     "INSERT INTO authors VALUES (1, 0, 'Émile Noether');"
                                                     "INSERT INTO library (paper, added, status, starred) VALUES (1, 1000, 2, 1);"
                                                     "INSERT INTO notes VALUES (1, 'my migrated note', 1000);");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(PapersPaper) paper = NULL;

  store = papers_store_new (path, &error);
  g_assert_no_error (error);
  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                             "gravitons", 0, 10);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_clear_object (&found);
  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                             "author:emile", 0, 10);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_clear_object (&found);
  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store, "migrated",
                             0, 10);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "2001.00001");
  g_assert_cmpint (papers_paper_get_status (paper), ==, PAPERS_READ_STATUS_READ);
  g_assert_true (papers_paper_get_starred (paper));
}

/* Version 2 had no meta column: after the migration to 3 the keys work on
 * rows written at version 2. */
static void
test_store_migrate_v2 (void)
{
  g_autofree char *path = papers_test_db_at_version ("migrate-v2", 2,
                                                     "INSERT INTO papers (rowid, id, title, abstract, published) VALUES (1, '2002.00002', 'Quantum gravity', 'x', 1583020800);"
                                                     "INSERT INTO library (paper, added, status, starred) VALUES (1, 1000, 1, 1);"
                                                     "INSERT INTO tags (id, name, key, color) VALUES (7, 'Physics', 'physics', '#3584e4');"
                                                     "INSERT INTO paper_tags VALUES (1, 7);"
                                                     "INSERT INTO pdfs VALUES (1, '/tmp/q.pdf', 10, NULL);"
                                                     "INSERT INTO search (rowid, title, abstract) VALUES (1, 'Quantum gravity', 'x');");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(GListModel) found = NULL;

  store = papers_store_new (path, &error);
  g_assert_no_error (error);
  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                             "quantum tag:physics year:2020 is:reading is:starred has:pdf", 0, 10);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
}

/* A new paper's search row is made from the object; any later change
 * remakes it from the tables.  Both must match the same queries. */
static void
test_store_index_paths (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *query = "zebra author:vaswani is:read is:starred has:note year:2017 -has:pdf -tag:x";
  PapersPaper *paper = make_paper ("1706.03762", "Zebra", "stripes", "Ashish Vaswani", 2017);

  papers_paper_set_status (paper, PAPERS_READ_STATUS_READ);
  papers_paper_set_starred (paper, TRUE);
  papers_paper_set_note (paper, "a note");
  g_ptr_array_add (papers, paper);
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));

  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr(GListModel) found = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                       &error, store, query, 0, 10);

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
      g_assert_true (papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, store,
                                        "1706.03762", "another note"));
    }
}

static guint
count_found (PapersStore *store,
             const char  *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error,
                                                          store, query, 0, 1000);

  g_assert_no_error (error);
  return g_list_model_get_n_items (found);
}

/* A new paper given tags is indexed from the object too, with its tags'
 * tokens; a paper met twice in one upsert, the second time with a tag,
 * is indexed with everything it was given.  The same queries match after
 * a change remakes the rows from the tables. */
static void
test_store_index_tagged (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *twice_tags[] = { "rl", NULL };
  PapersPaper *twice;

  for (int i = 0; i < 30; i++)
    {
      g_autofree char *id = g_strdup_printf ("2405.%05d", i);
      PapersPaper *paper = make_paper (id, "Tagged zebra", "stripes", "A. Author", 2024);
      const char *tags[] = { NULL, NULL, NULL, NULL };
      guint n = 0;

      if (i % 3 == 0)
        tags[n++] = "NLP";
      if (i % 5 == 0)
        tags[n++] = "vision";
      if (i % 15 == 0)
        tags[n++] = "nlp";  /* the same tag again, under another spelling */
      if (n > 0)
        papers_paper_set_tags (paper, tags);
      g_ptr_array_add (papers, paper);
    }
  g_ptr_array_add (papers, make_paper ("2405.99999", "Twice zebra", "stripes", "B. Author", 2024));
  twice = make_paper ("2405.99999", "Twice zebra", "stripes", "B. Author", 2024);
  papers_paper_set_tags (twice, twice_tags);
  g_ptr_array_add (papers, twice);
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);

  for (int pass = 0; pass < 2; pass++)
    {
      g_assert_cmpuint (count_found (store, "zebra tag:nlp"), ==, 10);
      g_assert_cmpuint (count_found (store, "tag:vision"), ==, 6);
      g_assert_cmpuint (count_found (store, "tag:nlp tag:vision"), ==, 2);
      g_assert_cmpuint (count_found (store, "zebra -tag:nlp -tag:vision"), ==, 31 - 10 - 6 + 2);
      g_assert_cmpuint (count_found (store, "tag:rl"), ==, 1);
      g_assert_cmpuint (count_found (store, "twice tag:rl"), ==, 1);
      /* Every row remade from the tables */
      for (int i = 0; i < 30; i++)
        {
          g_autofree char *id = g_strdup_printf ("2405.%05d", i);
          g_assert_true (papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error,
                                            store, id, "a note"));
        }
      g_assert_true (papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error,
                                        store, "2405.99999", "a note"));
    }
}

/* Typing a title finds that paper first, even when a paper added later
 * has the same words in another order (an equal bm25) */
static void
test_store_title_order (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) found = NULL;
  g_autoptr(PapersPaper) first = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (papers, make_paper ("2001.00001", "The High Quality Of Data", "x", "A", 2020));
  g_ptr_array_add (papers, make_paper ("2001.00002", "Data Of The High Quality", "x", "A", 2020));
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));

  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                             "the high quality of data", 0, 10);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 2);
  first = g_list_model_get_item (found, 0);
  g_assert_cmpstr (papers_paper_get_id (first), ==, "2001.00001");
  g_clear_object (&found);
  g_clear_object (&first);
  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                             "data of the high quality", 1, 10);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  first = g_list_model_get_item (found, 0);
  g_assert_cmpstr (papers_paper_get_id (first), ==, "2001.00001");
}

/* Pages of a broad query follow on: no paper twice, none left out */
static void
test_store_paging (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 2600; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%05d", i);
      g_autofree char *title = g_strdup_printf ("Paper %d%s", i, i % 20 == 0 ? " about alpha" : "");
      g_ptr_array_add (papers, make_paper (id, title, "Everything is about alpha here.", "A", 2020));
    }
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));

  for (guint q = 0; q < 2; q++)
    {
      const char *query = q == 0 ? "alpha" : "alph*";

      g_hash_table_remove_all (seen);
      for (guint offset = 0; offset < 2600; offset += 250)
        {
          g_autoptr(GListModel) page = papers_store_wait (papers_store_search_async,
                                                          papers_store_search_finish, &error, store, query,
                                                          offset, 250);

          g_assert_no_error (error);
          for (guint i = 0; i < g_list_model_get_n_items (page); i++)
            {
              g_autoptr(PapersPaper) paper = g_list_model_get_item (page, i);
              /* The 130 title matches come first */
              if (offset + i < 130)
                g_assert_nonnull (strstr (papers_paper_get_title (paper), "alpha"));
              g_assert_true (g_hash_table_add (seen, g_strdup (papers_paper_get_id (paper))));
            }
        }
      g_assert_cmpuint (g_hash_table_size (seen), ==, 2600);
    }
}

/* A running statement stops when its job's cancellable is cancelled:
 * SQLite's progress handler looks at it every few thousand steps. */
static void
test_store_interrupt (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PapersStore *store = new_store (&path);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  PapersDb *db;
  sqlite3_stmt *stmt;

  for (int i = 0; i < 3000; i++)
    {
      g_autofree char *id = g_strdup_printf ("i%05d", i);
      g_ptr_array_add (papers, make_paper (id, "Interrupted", "words words words", "A", 2020));
    }
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_object_unref (store);

  db = papers_db_open (path, FALSE, &error);
  g_assert_no_error (error);
  stmt = papers_db_prepare (db, "SELECT count (*) FROM papers a, papers b", &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  papers_db_set_cancellable (db, cancellable);
  g_assert_false (papers_db_run (db, stmt, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  papers_db_set_cancellable (db, NULL);
  papers_db_close (db);
}

static gpointer
release_later (gpointer data)
{
  /* Releases the worker after 3 s unless the test did: only when the
   * main thread waits for the worker (the bug) is it still held then. */
  for (int i = 0; i < 3000 && !g_cancellable_is_cancelled (data); i++)
    g_usleep (1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
on_count (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(PapersCounts) counts = papers_store_count_finish (PAPERS_STORE (object), result, &data->error);

  g_assert_nonnull (counts);
  data->added = counts->all;
  data->changed++;
  if (data->loop != NULL)
    g_main_loop_quit (data->loop);
}

static void
on_held (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
}

/* Asking for a job while the worker runs a long one returns at once: the
 * main thread never waits for a query (it did, for the lock the worker
 * holds while a job runs, which froze the window behind each search). */
static void
test_store_busy_worker (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GCancellable) release = g_cancellable_new ();
  GThread *backstop;
  AsyncData data = { 0 };
  gint started = FALSE;

  data.loop = g_main_loop_new (NULL, FALSE);
  papers_store_hold_for_test (store, &started, release, on_held, NULL);
  while (!g_atomic_int_get (&started))
    g_usleep (1000);
  backstop = g_thread_new ("release", release_later, release);

  papers_store_count_async (store, NULL, on_count, &data);
  g_assert_false (g_cancellable_is_cancelled (release));

  g_cancellable_cancel (release);
  g_thread_join (backstop);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpuint (data.added, ==, 0);
  g_main_loop_unref (data.loop);
}


/* papers_store_wait_queued() waits no longer than it is told while the
 * worker is busy; once the jobs asked for are done it returns TRUE, and
 * their callbacks are the next thing the main context runs (a typed
 * search shows in the frame of the keystroke). */
static void
test_store_wait_queued (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GCancellable) release = g_cancellable_new ();
  AsyncData data = { 0 };
  gint started = FALSE;
  gint64 before;

  /* Nothing queued: at once */
  g_assert_true (papers_store_wait_queued (store, 0));

  papers_store_hold_for_test (store, &started, release, on_held, NULL);
  while (!g_atomic_int_get (&started))
    g_usleep (1000);
  papers_store_count_async (store, NULL, on_count, &data);
  before = g_get_monotonic_time ();
  g_assert_false (papers_store_wait_queued (store, 20000));
  g_assert_cmpint (g_get_monotonic_time () - before, >=, 20000);
  g_assert_cmpuint (data.changed, ==, 0);

  g_cancellable_cancel (release);
  g_assert_true (papers_store_wait_queued (store, 10 * G_USEC_PER_SEC));
  /* The results wait in the main context, at default priority */
  while (data.changed == 0 && g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_no_error (data.error);
  g_assert_cmpuint (data.changed, ==, 1);
}

typedef struct
{
  gboolean     done;
  PapersFound *found;
  GError      *error;
} Quick;

static void
on_found (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Quick *quick = user_data;

  quick->found = papers_store_find_finish (PAPERS_STORE (object), result, &quick->error);
  quick->done = TRUE;
}

/* The quick find of @query; NULL with @error set when it fails */
static PapersFound *
find_quick (PapersStore  *store,
            const char   *query,
            guint         limit,
            GError      **error)
{
  Quick quick = { 0 };

  papers_store_find_async (store, query, NULL, NULL, PAPERS_SORT_RELEVANCE, PAPERS_FIND_QUICK, limit, 0, NULL,
                           on_found, &quick);
  while (!quick.done)
    g_main_context_iteration (NULL, TRUE);
  if (quick.error != NULL)
    g_propagate_error (error, quick.error);
  return quick.found;
}

/* A quick find (while typing) takes the papers with the words in their
 * title, newest first, then the others newest first, with a prefix or
 * without; the same papers as the ranked find when it asks for them
 * all. */
static void
test_store_find_quick (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  /* Oldest first: a dense title match, an abstract match, a plain title
   * match, a title with the words in order, and one without the prefix */
  g_ptr_array_add (papers, make_paper ("2302.00001", "Zorblax zorblax zorblax", "x", "A", 2020));
  g_ptr_array_add (papers, make_paper ("2302.00002", "Unrelated", "about zorbing in the abstract", "A", 2020));
  g_ptr_array_add (papers, make_paper ("2302.00003", "Field zorbing notes", "y", "A", 2021));
  g_ptr_array_add (papers, make_paper ("2302.00004", "Nothing here", "z", "A", 2022));
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);

  {
    g_autoptr(PapersFound) quick = find_quick (store, "zorb*", 10, &error);
    g_autoptr(PapersFound) ranked = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                       &error, store, "zorb*", NULL, NULL,
                                                       PAPERS_SORT_RELEVANCE, PAPERS_FIND_DEFAULT, 10, 0);
    const gint64 *q = papers_found_get_keys (quick);
    const gint64 *r = papers_found_get_keys (ranked);

    g_assert_no_error (error);
    g_assert_cmpuint (papers_found_get_n_keys (quick), ==, 3);
    g_assert_cmpuint (papers_found_get_n_keys (ranked), ==, 3);
    /* Title matches newest first, then the abstract's */
    g_assert_cmpint (q[0], >, q[1]);
    g_assert_cmpint (q[2], ==, r[2]);
    /* Ranked, the dense title comes first */
    g_assert_cmpint (r[0], ==, q[1]);
    g_assert_cmpint (r[1], ==, q[0]);
  }
  {
    g_autoptr(PapersFound) quick = find_quick (store, "zorb*", 1, &error);

    g_assert_cmpuint (papers_found_get_n_keys (quick), ==, 1);
  }
  {
    g_autoptr(PapersFound) quick = find_quick (store, "zorblax", 10, &error);
    g_autoptr(PapersFound) ranked = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                       &error, store, "zorblax", NULL, NULL,
                                                       PAPERS_SORT_RELEVANCE, PAPERS_FIND_DEFAULT, 10, 0);

    g_assert_cmpuint (papers_found_get_n_keys (quick), ==, 1);
    g_assert_cmpint (papers_found_get_keys (quick)[0], ==, papers_found_get_keys (ranked)[0]);
  }
  {
    /* A whole word: its title match, then its abstract's */
    g_autoptr(PapersFound) quick = find_quick (store, "zorbing", 10, &error);
    g_autoptr(PapersFound) ranked = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                       &error, store, "zorbing", NULL, NULL,
                                                       PAPERS_SORT_RELEVANCE, PAPERS_FIND_DEFAULT, 10, 0);
    const gint64 *q = papers_found_get_keys (quick);

    g_assert_no_error (error);
    g_assert_cmpuint (papers_found_get_n_keys (quick), ==, 2);
    g_assert_cmpuint (papers_found_get_n_keys (ranked), ==, 2);
    g_assert_cmpint (q[0], >, q[1]);
    g_assert_true (q[0] == papers_found_get_keys (ranked)[0] || q[0] == papers_found_get_keys (ranked)[1]);
  }
  {
    /* A half-typed key is refused as it is by the ranked find */
    g_autoptr(GError) refused = NULL;

    g_assert_null (find_quick (store, "tag:", 10, &refused));
    g_assert_error (refused, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_BAD_VALUE);
  }
}

/* The number of papers a quick find of @query finds */
static guint
n_found_quick (PapersStore *store,
               const char  *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersFound) found = find_quick (store, query, 10, &error);

  g_assert_no_error (error);
  return papers_found_get_n_keys (found);
}

/* The title index (version 6) follows the library: a paper added, given
 * a new title, removed; a library of version 5 gets its titles indexed by
 * the migration. */
static void
test_store_title_index (void)
{
  g_autofree char *path = papers_test_db_at_version ("title-index", 5,
                                                     "INSERT INTO papers (rowid, id, title, abstract) VALUES (1, '2303.00001', 'Quokka migrations', 'x');"
                                                     "INSERT INTO library (paper, added) VALUES (1, 1000);");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  const char *ids[] = { "2303.00002", NULL };

  store = papers_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_found_quick (store, "quok*"), ==, 1);

  g_ptr_array_add (papers, make_paper ("2303.00002", "Wombat burrows", "x", "A", 2023));
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_cmpuint (n_found_quick (store, "wom*"), ==, 1);
  g_assert_cmpuint (n_found_quick (store, "wombat"), ==, 1);

  /* A new version's title replaces the old one in the index */
  papers_paper_set_version (papers->pdata[0], 2);
  papers_paper_set_title (papers->pdata[0], "Numbat tunnels");
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
  g_assert_cmpuint (n_found_quick (store, "wom*"), ==, 0);
  g_assert_cmpuint (n_found_quick (store, "numb*"), ==, 1);

  /* Removed from the library, it is found no more */
  g_assert_true (papers_store_wait (papers_store_remove_papers_async, papers_store_write_finish, &error,
                                    store, ids));
  g_assert_no_error (error);
  g_assert_cmpuint (n_found_quick (store, "numb*"), ==, 0);
  g_assert_cmpuint (n_found_quick (store, "quok*"), ==, 1);
}

/* Version 3 had no PDF texts: rows of version 3 stay searchable and the
 * PDF text of a paper is searchable after the migration */
static void
test_store_migrate_v3 (void)
{
  g_autofree char *path = papers_test_db_at_version ("migrate-v3", 3,
                                                     "INSERT INTO papers (rowid, id, title, abstract) VALUES (1, '2003.00003', 'Old', 'neutrinos');"
                                                     "INSERT INTO library (paper, added) VALUES (1, 1000);"
                                                     "INSERT INTO search (rowid, title, abstract, meta) VALUES (1, 'Old', 'neutrinos', 'lib st0');");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(GListModel) found = NULL;

  store = papers_store_new (path, &error);
  g_assert_no_error (error);
  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                             "neutrinos is:unread", 0, 10);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_assert_true (papers_store_wait (papers_store_set_pdf_text_async, papers_store_write_finish, &error, store,
                                    "2003.00003", "oscillation"));
  g_clear_object (&found);
  found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                             "oscillation neutrinos", 0, 10);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
}

static void
test_store_too_new (void)
{
  g_autofree char *path = papers_test_db_path ("too-new");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  sqlite3 *handle;

  sqlite3_open (path, &handle);
  sqlite3_exec (handle, "PRAGMA user_version = 999", NULL, NULL, NULL);
  sqlite3_close (handle);
  store = papers_store_new (path, &error);
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
}

static void
on_maintained (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (papers_store_maintain_finish (PAPERS_STORE (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_store_corrupt (void)
{
  g_autofree char *path = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  PapersStore *store = new_store (&path);
  gsize len;

  add_papers (store);
  {
    gboolean done = FALSE;

    papers_store_maintain_async (store, PAPERS_STORE_MAINTAIN_DEFAULT, NULL, on_maintained, &done);
    while (!done)
      g_main_context_iteration (NULL, TRUE);
  }
  /* Today's backup exists: a second run keeps it */
  g_assert_true (papers_store_wait (papers_store_maintain_async, papers_store_maintain_finish, &error, store,
                                    PAPERS_STORE_MAINTAIN_DEFAULT));
  backup = papers_store_dup_latest_backup (path);
  g_assert_nonnull (backup);
  for (int i = 0; i < 4; i++)
    g_assert_true (papers_store_wait (papers_store_maintain_async, papers_store_maintain_finish, &error,
                                      store, PAPERS_STORE_MAINTAIN_FORCE_BACKUP));
  g_object_unref (store);

  /* Only the last 3 are kept */
  {
    g_autofree char *dirname = g_path_get_dirname (path);
    g_autofree char *base = g_path_get_basename (path);
    g_autofree char *prefix = g_strconcat (base, ".backup-", NULL);
    g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (dir)) != NULL)
      n += g_str_has_prefix (name, prefix);
    g_assert_cmpuint (n, ==, 3);
  }
  g_clear_pointer (&backup, g_free);
  backup = papers_store_dup_latest_backup (path);

  /* The backup is a working library */
  {
    g_autoptr(PapersStore) restored = papers_store_new_full (backup, PAPERS_STORE_OPEN_CHECK_INTEGRITY, &error);
    g_autoptr(GListModel) all = NULL;

    g_assert_no_error (error);
    all = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, restored, "", 0,
                             10);
    g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
  }

  /* Damage the file: the error names the backup, the file stays as it was */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    char *contents;

    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    memset (contents, 'X', MIN (len, 100));
    g_assert_true (g_file_set_contents (path, contents, len, NULL));
    g_unlink (wal);
    damaged = contents;
  }
  store = papers_store_new_full (path, PAPERS_STORE_OPEN_CHECK_INTEGRITY, &error);
  g_assert_null (store);
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, backup));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_true (memcmp (after, damaged, len) == 0);
}

static void
async_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static guint
found_index (PapersFound *found,
             GPtrArray   *loaded,
             const char  *id)
{
  for (guint i = 0; i < loaded->len; i++)
    if (loaded->pdata[i] != NULL && g_strcmp0 (papers_paper_get_id (loaded->pdata[i]), id) == 0)
      return i;
  return G_MAXUINT;
}

/* Finds: every order, the views' filters, limits, the first screenful
 * loaded, and what a hostile caller may pass. */
static void
test_store_find (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "my \"odd\" tag", NULL };
  g_autoptr(PapersCounts) counts = NULL;

  for (int i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("2301.%05d", i);
      /* Titles and dates run in opposite directions to upvotes */
      g_autofree char *title = g_strdup_printf ("Title %03d %s", 299 - i, i % 3 == 0 ? "graph" : "vision");
      PapersPaper *paper = make_paper (id, title, "Some abstract.", "Author", 1990 + i % 30);

      papers_paper_set_upvotes (paper, i);
      if (i % 10 == 0)
        papers_paper_set_tags (paper, tags);
      g_ptr_array_add (papers, paper);
    }
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
  g_assert_true (papers_store_wait (papers_store_set_status_async, papers_store_write_finish, &error, store,
                                    "2301.00007", PAPERS_READ_STATUS_READ));
  g_assert_true (papers_store_wait (papers_store_set_starred_async, papers_store_write_finish, &error, store,
                                    "2301.00008", TRUE));

  /* The whole library in each order, with its first screenful loaded */
  {
    g_autoptr(PapersFound) by_title = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                         &error, store, "", NULL, NULL, PAPERS_SORT_TITLE,
                                                         PAPERS_FIND_DEFAULT, 0, 10);
    g_autoptr(PapersFound) by_upvotes = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                           &error, store, "", NULL, NULL, PAPERS_SORT_UPVOTES,
                                                           PAPERS_FIND_DEFAULT, 0, 5);
    g_autoptr(PapersFound) first = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                      &error, store, "", NULL, NULL, PAPERS_SORT_TITLE,
                                                      PAPERS_FIND_DEFAULT, 7, 100);

    g_assert_no_error (error);
    g_assert_cmpuint (papers_found_get_n_keys (by_title), ==, 300);
    g_assert_cmpuint (papers_found_get_loaded (by_title)->len, ==, 10);
    g_assert_cmpstr (papers_paper_get_title (papers_found_get_loaded (by_title)->pdata[0]), ==, "Title 000 vision");
    g_assert_cmpstr (papers_paper_get_id (papers_found_get_loaded (by_upvotes)->pdata[0]), ==, "2301.00299");
    /* A limit is a prefix of the same order; n_load stops at the keys */
    g_assert_cmpuint (papers_found_get_n_keys (first), ==, 7);
    g_assert_cmpuint (papers_found_get_loaded (first)->len, ==, 7);
    for (guint i = 0; i < 7; i++)
      g_assert_cmpint (papers_found_get_keys (first)[i], ==, papers_found_get_keys (by_title)[i]);
  }

  /* Views: a status, the star, a tag with quotes in its name */
  {
    g_autoptr(PapersFound) read = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                     &error, store, "", "is", "read", PAPERS_SORT_PUBLISHED,
                                                     PAPERS_FIND_DEFAULT, 0, 5);
    g_autoptr(PapersFound) starred = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                        &error, store, "", "is", "starred", PAPERS_SORT_ADDED,
                                                        PAPERS_FIND_DEFAULT, 0, 5);
    g_autoptr(PapersFound) tagged = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                       &error, store, "", "tag", "MY \"ODD\" TAG",
                                                       PAPERS_SORT_UPVOTES, PAPERS_FIND_DEFAULT, 0, 100);
    g_autoptr(PapersFound) tagged_words = papers_store_wait (papers_store_find_async,
                                                             papers_store_find_finish, &error, store, "graph",
                                                             "tag", "my \"odd\" tag", PAPERS_SORT_TITLE,
                                                             PAPERS_FIND_DEFAULT, 0, 100);
    g_autoptr(PapersFound) unknown = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                        &error, store, "", "tag", "no such tag",
                                                        PAPERS_SORT_TITLE, PAPERS_FIND_DEFAULT, 0, 100);
    /* By date added, the library's own index alone */
    g_autoptr(PapersFound) tagged_added = papers_store_wait (papers_store_find_async,
                                                             papers_store_find_finish, &error, store, "",
                                                             "tag", "MY \"ODD\" TAG", PAPERS_SORT_ADDED,
                                                             PAPERS_FIND_DEFAULT, 0, 100);
    g_autoptr(PapersFound) read_added = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                           &error, store, "", "is", "read",
                                                           PAPERS_SORT_RELEVANCE, PAPERS_FIND_DEFAULT, 0, 5);

    g_assert_no_error (error);
    g_assert_cmpuint (papers_found_get_n_keys (read), ==, 1);
    g_assert_cmpstr (papers_paper_get_id (papers_found_get_loaded (read)->pdata[0]), ==, "2301.00007");
    g_assert_cmpuint (papers_found_get_n_keys (starred), ==, 1);
    g_assert_cmpuint (papers_found_get_n_keys (tagged), ==, 30);
    g_assert_cmpstr (papers_paper_get_id (papers_found_get_loaded (tagged)->pdata[0]), ==, "2301.00290");
    /* Words and a view together: every 30th paper has both */
    g_assert_cmpuint (papers_found_get_n_keys (tagged_words), ==, 10);
    g_assert_cmpuint (papers_found_get_n_keys (unknown), ==, 0);
    g_assert_cmpuint (papers_found_get_n_keys (tagged_added), ==, 30);
    g_assert_cmpuint (papers_found_get_n_keys (read_added), ==, 1);
    g_assert_cmpstr (papers_paper_get_id (papers_found_get_loaded (read_added)->pdata[0]), ==, "2301.00007");
    /* Sorted matches keep the order asked for */
    g_assert_cmpuint (found_index (tagged_words, papers_found_get_loaded (tagged_words), "2301.00270"), <,
                      found_index (tagged_words, papers_found_get_loaded (tagged_words), "2301.00000"));
  }

  /* Hostile: an unknown key, an order out of range, a bad query */
  g_assert_null (papers_store_wait (papers_store_find_async, papers_store_find_finish, &error, store, "",
                                    "color", "red", PAPERS_SORT_TITLE, PAPERS_FIND_DEFAULT, 0, 0));
  g_assert_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_UNKNOWN_KEY);
  g_clear_error (&error);
  {
    g_autoptr(PapersFound) odd = papers_store_wait (papers_store_find_async, papers_store_find_finish, &error,
                                                    store, "vision", NULL, NULL, (PapersSort) 999,
                                                    PAPERS_FIND_DEFAULT, 0, 3);
    g_assert_no_error (error);
    g_assert_cmpuint (papers_found_get_n_keys (odd), ==, 200);
  }
  g_assert_null (papers_store_wait (papers_store_find_async, papers_store_find_finish, &error, store,
                                    "\"open", NULL, NULL, PAPERS_SORT_TITLE, PAPERS_FIND_DEFAULT, 0, 0));
  g_assert_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_UNBALANCED_QUOTE);
  g_clear_error (&error);

  /* Counts */
  {
    GAsyncResult *result = NULL;

    papers_store_count_async (store, NULL, async_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    counts = papers_store_count_finish (store, result, &error);
    g_assert_nonnull (counts);
    g_assert_no_error (error);
    g_object_unref (result);
  }
  g_assert_cmpuint (counts->all, ==, 300);
  g_assert_cmpuint (counts->unread, ==, 299);
  g_assert_cmpuint (counts->reading, ==, 0);
  g_assert_cmpuint (counts->read, ==, 1);
  g_assert_cmpuint (counts->starred, ==, 1);
}

/* Loading by key leaves holes for papers gone since the find; getting by
 * id leaves out ids it does not know. */
static void
test_store_load_keys (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersFound) found = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) got = NULL;
  const char *gone[] = { "1706.03762", NULL };
  const char *ids[] = { "1810.04805", "no-such-id", "../../etc/passwd", "", NULL };
  gint64 keys[4];

  add_papers (store);
  found = papers_store_wait (papers_store_find_async, papers_store_find_finish, &error, store, "", NULL, NULL,
                             PAPERS_SORT_PUBLISHED, PAPERS_FIND_DEFAULT, 0, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_found_get_n_keys (found), >=, 2);
  g_assert_cmpuint (papers_found_get_loaded (found)->len, ==, 0);
  memcpy (keys, papers_found_get_keys (found), 2 * sizeof (gint64));
  keys[2] = -1;
  keys[3] = G_MAXINT64;
  g_assert_true (papers_store_wait (papers_store_remove_papers_async, papers_store_write_finish, &error,
                                    store, gone));

  papers_store_load_async (store, keys, 4, NULL, async_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  loaded = papers_store_load_finish (store, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 4);
  g_assert_null (loaded->pdata[2]);
  g_assert_null (loaded->pdata[3]);
  /* The removed paper's metadata stays (listings use it), out of the library */
  for (guint i = 0; i < 2; i++)
    if (g_strcmp0 (papers_paper_get_id (loaded->pdata[i]), "1706.03762") == 0)
      g_assert_false (papers_paper_get_in_library (loaded->pdata[i]));

  papers_store_get_papers_async (store, ids, NULL, async_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  got = papers_store_get_papers_finish (store, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, 1);
  g_assert_cmpstr (papers_paper_get_id (got->pdata[0]), ==, "1810.04805");
  g_assert_true (papers_paper_get_in_library (got->pdata[0]));
}

static void
counted_in_handler (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PapersCounts) counts = papers_store_count_finish (PAPERS_STORE (object), result, NULL);

  g_assert_nonnull (counts);
  *(guint *) user_data = counts->all;
}

static void
count_when_added (PapersStore         *store,
                  const char * const  *ids,
                  guint               *all)
{
  papers_store_count_async (store, NULL, counted_in_handler, all);
}

/* papers_store_wait() runs a private main context, but what the job
 * announces runs in the caller's: a call a signal handler makes during
 * the wait completes in the caller's main context once it runs, as it
 * does in the window (it was lost with the wait's context). */
static void
test_store_wait_handler_calls (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint all = 0;

  g_signal_connect (store, "papers-added", G_CALLBACK (count_when_added), &all);
  g_ptr_array_add (papers, make_paper ("1706.03762", "Attention Is All You Need", "x", "A", 2017));
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
  /* Not before the caller's context runs */
  g_assert_cmpuint (all, ==, 0);
  while (all == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (all, ==, 1);
}

/* A waited-for upsert hands over the caller's papers: those without an
 * id get the one the store gave them, as the blocking call did. */
static void
test_store_wait_sets_ids (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  PapersPaper *paper = papers_paper_new (NULL);

  papers_paper_set_title (paper, "No identifier at all");
  g_ptr_array_add (papers, paper);
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
  g_assert_nonnull (papers_paper_get_id (paper));
}

/* After waiting for maintenance the caller holds the only reference to
 * the store: dropping it closes the connection at once (the thread of a
 * GTask pool held the task, and so the store, a moment longer). */
static void
test_store_maintain_releases (void)
{
  PapersStore *store = new_store (NULL);
  g_autoptr(GError) error = NULL;

  add_papers (store);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (papers_store_wait (papers_store_maintain_async, papers_store_maintain_finish, &error,
                                        store, PAPERS_STORE_MAINTAIN_DEFAULT));
      g_assert_no_error (error);
      g_assert_cmpuint (G_OBJECT (store)->ref_count, ==, 1);
    }
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (store);
  g_assert_null (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/store/default-path", test_store_default_path);
  g_test_add_func ("/library/store/schema", test_store_schema);
  g_test_add_func ("/library/store/bulk", test_store_bulk);
  g_test_add_func ("/library/store/page-size", test_store_page_size);
  g_test_add_func ("/library/store/bulk-rollback", test_store_bulk_rollback);
  g_test_add_func ("/library/store/index-tagged", test_store_index_tagged);
  g_test_add_func ("/library/store/migrate-v1", test_store_migrate_v1);
  g_test_add_func ("/library/store/migrate-v2", test_store_migrate_v2);
  g_test_add_func ("/library/store/index-paths", test_store_index_paths);
  g_test_add_func ("/library/store/title-order", test_store_title_order);
  g_test_add_func ("/library/store/paging", test_store_paging);
  g_test_add_func ("/library/store/find", test_store_find);
  g_test_add_func ("/library/store/find-quick", test_store_find_quick);
  g_test_add_func ("/library/store/title-index", test_store_title_index);
  g_test_add_func ("/library/store/load-keys", test_store_load_keys);
  g_test_add_func ("/library/store/interrupt", test_store_interrupt);
  g_test_add_func ("/library/store/busy-worker", test_store_busy_worker);
  g_test_add_func ("/library/store/wait-queued", test_store_wait_queued);
  g_test_add_func ("/library/store/migrate-v3", test_store_migrate_v3);
  g_test_add_func ("/library/store/too-new", test_store_too_new);
  g_test_add_func ("/library/store/roundtrip", test_store_roundtrip);
  g_test_add_func ("/library/store/merge", test_store_merge);
  g_test_add_func ("/library/store/state", test_store_state);
  g_test_add_func ("/library/store/pdf-position", test_store_pdf_position);
  g_test_add_func ("/library/store/annotations", test_store_annotations);
  g_test_add_func ("/library/store/listing", test_store_listing);
  g_test_add_func ("/library/store/remove", test_store_remove);
  g_test_add_func ("/library/store/async", test_store_async);
  g_test_add_func ("/library/store/completes-in-caller", test_store_completes_in_caller);
  g_test_add_func ("/library/store/wait-handler-calls", test_store_wait_handler_calls);
  g_test_add_func ("/library/store/wait-sets-ids", test_store_wait_sets_ids);
  g_test_add_func ("/library/store/maintain-releases", test_store_maintain_releases);
  g_test_add_func ("/library/store/open-async", test_store_open_async);
  g_test_add_func ("/library/store/corrupt", test_store_corrupt);

  return g_test_run ();
}
