/* test-paper.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-paper.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(PapersPaper) paper = papers_paper_new ("2410.17243");
  const char *authors[] = { "Zesen Cheng", "Hang Zhang", "Kehan Li", NULL };
  g_autofree char *short_authors = NULL;
  guint notified = 0;

  g_signal_connect (paper, "notify::title", G_CALLBACK (count_notify), &notified);

  papers_paper_set_title (paper, "Breaking the Memory Barrier");
  papers_paper_set_title (paper, "Breaking the Memory Barrier");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "Breaking the Memory Barrier");

  /* Empty strings are stored as missing. */
  papers_paper_set_doi (paper, "");
  g_assert_null (papers_paper_get_doi (paper));

  papers_paper_set_authors (paper, authors);
  short_authors = papers_paper_dup_authors_short (paper, 2);
  g_assert_cmpstr (short_authors, ==, "Zesen Cheng, Hang Zhang, …");

  papers_paper_set_status (paper, PAPERS_READ_STATUS_READING);
  g_assert_cmpint (papers_paper_get_status (paper), ==, PAPERS_READ_STATUS_READING);
  g_assert_cmpstr (papers_read_status_to_string (PAPERS_READ_STATUS_READ), ==, "read");
}

static void
test_status_strings (void)
{
  PapersReadStatus status = PAPERS_READ_STATUS_UNREAD;

  g_assert_true (papers_read_status_from_string ("Reading", &status));
  g_assert_cmpint (status, ==, PAPERS_READ_STATUS_READING);
  g_assert_false (papers_read_status_from_string ("done", &status));
  g_assert_false (papers_read_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, PAPERS_READ_STATUS_READING);
}

static void
test_merge (void)
{
  g_autoptr(PapersPaper) hf = papers_paper_new ("2410.17243");
  g_autoptr(PapersPaper) arxiv = papers_paper_new ("2410.17243");
  g_autoptr(PapersPaper) copy = NULL;
  const char *hf_cats[] = { "cs.CV", NULL };
  const char *arxiv_cats[] = { "cs.CV", "cs.LG", NULL };

  papers_paper_set_title (hf, "Old title");
  papers_paper_set_version (hf, 1);
  papers_paper_set_upvotes (hf, 82);
  papers_paper_set_categories (hf, hf_cats);
  papers_paper_set_note (hf, "mine");

  papers_paper_set_title (arxiv, "New title");
  papers_paper_set_version (arxiv, 2);
  papers_paper_set_categories (arxiv, arxiv_cats);
  papers_paper_set_note (arxiv, "not mine");
  papers_paper_set_doi (arxiv, "10.1000/xyz");

  papers_paper_merge (hf, arxiv);
  g_assert_cmpstr (papers_paper_get_title (hf), ==, "New title");
  g_assert_cmpint (papers_paper_get_version (hf), ==, 2);
  g_assert_cmpint (papers_paper_get_upvotes (hf), ==, 82);
  g_assert_cmpstr (papers_paper_get_doi (hf), ==, "10.1000/xyz");
  g_assert_cmpstr (papers_paper_get_note (hf), ==, "mine");
  g_assert_cmpuint (g_strv_length ((char **) papers_paper_get_categories (hf)), ==, 2);

  copy = papers_paper_copy (hf);
  g_assert_cmpstr (papers_paper_get_title (copy), ==, "New title");
  g_assert_true (g_strv_equal (papers_paper_get_categories (copy), papers_paper_get_categories (hf)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/paper/properties", test_properties);
  g_test_add_func ("/library/paper/status-strings", test_status_strings);
  g_test_add_func ("/library/paper/merge", test_merge);

  return g_test_run ();
}
