/* test-find-context.c: PapersFindContext without a view or a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-find-context.h"
#include "papers-test-wait.h"
#include "viewer-test-util.h"

static PapersDocument *
make_document (int n_pages)
{
  g_autoptr(GFile) file = viewer_test_make_pdf (n_pages);
  g_autoptr(GError) error = NULL;
  PapersDocument *document = papers_document_load (file, NULL, NULL, &error);

  g_assert_no_error (error);
  return document;
}

static gboolean
find_done (gpointer data)
{
  return !papers_find_context_get_busy (data);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Drops the last reference the test holds and waits until the results
 * its workers still send have come back and let the object go. */
static void
drop_and_wait (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  papers_test_wait_until (pointer_cleared, &weak, "the context finalized");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              int        *count)
{
  (*count)++;
}

static void
test_find_and_step (void)
{
  g_autoptr(PapersDocument) document = make_document (5);
  g_autoptr(PapersFindContext) find = papers_find_context_new ();
  const PapersRect *current, *matches;
  int index_notes = 0, page = -1;
  guint n;

  g_signal_connect (find, "notify::index", G_CALLBACK (count_notify), &index_notes);

  /* Nothing to search without a document. */
  papers_find_context_find (find, "dog", 0);
  g_assert_false (papers_find_context_get_busy (find));
  g_assert_null (papers_find_context_get_text (find));

  papers_find_context_set_document (find, document);
  /* The search starts on the page asked for, so its match comes first. */
  papers_find_context_find (find, "lazy DOG", 3);
  g_assert_true (papers_find_context_get_busy (find));
  g_assert_cmpstr (papers_find_context_get_text (find), ==, "lazy DOG");
  papers_test_wait_until (find_done, find, "the find");
  g_assert_cmpint (papers_find_context_get_n_matches (find), ==, 5);
  current = papers_find_context_get_current (find, &page);
  g_assert_nonnull (current);
  g_assert_cmpint (page, ==, 3);
  g_assert_cmpint (papers_find_context_get_index (find), ==, 4);
  matches = papers_find_context_get_matches (find, 3, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (matches == current);
  g_assert_cmpfloat (current->x2, >, current->x1);
  g_assert_null (papers_find_context_get_matches (find, 99, &n));
  g_assert_cmpuint (n, ==, 0);

  /* Next and previous wrap around the document. */
  papers_find_context_next (find);
  g_assert_cmpint (papers_find_context_get_index (find), ==, 5);
  papers_find_context_next (find);
  g_assert_cmpint (papers_find_context_get_index (find), ==, 1);
  papers_find_context_previous (find);
  g_assert_cmpint (papers_find_context_get_index (find), ==, 5);
  papers_find_context_get_current (find, &page);
  g_assert_cmpint (page, ==, 4);
  /* Each step tells the view, so it can show the match again. */
  g_assert_cmpint (index_notes, >=, 5);

  /* A match on one page only; stepping stays on it and still notifies. */
  papers_find_context_find (find, "Page 2:", 0);
  papers_test_wait_until (find_done, find, "the find");
  g_assert_cmpint (papers_find_context_get_n_matches (find), ==, 1);
  index_notes = 0;
  papers_find_context_next (find);
  g_assert_cmpint (papers_find_context_get_index (find), ==, 1);
  g_assert_cmpint (index_notes, ==, 1);

  /* No match: stepping does nothing. */
  papers_find_context_find (find, "no such words anywhere", 0);
  papers_test_wait_until (find_done, find, "the find");
  g_assert_cmpint (papers_find_context_get_n_matches (find), ==, 0);
  g_assert_cmpint (papers_find_context_get_index (find), ==, 0);
  g_assert_null (papers_find_context_get_current (find, NULL));
  papers_find_context_next (find);
  papers_find_context_previous (find);
  g_assert_cmpint (papers_find_context_get_index (find), ==, 0);

  /* An empty search clears; a start page out of range is clamped. */
  papers_find_context_find (find, "", 0);
  g_assert_false (papers_find_context_get_busy (find));
  papers_find_context_find (find, "fox", 99);
  papers_test_wait_until (find_done, find, "the find");
  g_assert_cmpint (papers_find_context_get_n_matches (find), ==, 5);
  papers_find_context_get_current (find, &page);
  g_assert_cmpint (page, ==, 4);
}

/* A library search's words, found each on its own: on every page, in
 * reading order, where the phrase is found nowhere */
static void
test_find_words (void)
{
  g_autoptr(PapersDocument) document = make_document (5);
  g_autoptr(PapersFindContext) find = papers_find_context_new ();
  const PapersRect *matches;
  guint n;
  int page = -1;

  papers_find_context_set_document (find, document);
  papers_find_context_find (find, "line fox", 2);
  papers_test_wait_until (find_done, find, "the find");
  g_assert_cmpint (papers_find_context_get_n_matches (find), ==, 0);

  papers_find_context_find_words (find, " line  fox ", 2);
  g_assert_cmpstr (papers_find_context_get_text (find), ==, " line  fox ");
  papers_test_wait_until (find_done, find, "the find");
  g_assert_cmpint (papers_find_context_get_n_matches (find), ==, 10);
  papers_find_context_get_current (find, &page);
  g_assert_cmpint (page, ==, 2);
  matches = papers_find_context_get_matches (find, 2, &n);
  g_assert_cmpuint (n, ==, 2);
  /* "fox" is on the first line, "line" on the second */
  g_assert_cmpfloat (matches[0].y1, <, matches[1].y1);

  /* Spaces alone, and a word that is nowhere */
  papers_find_context_find_words (find, "   ", 0);
  papers_test_wait_until (find_done, find, "the find");
  g_assert_cmpint (papers_find_context_get_n_matches (find), ==, 0);
  papers_find_context_find_words (find, "fox zebra", 0);
  papers_test_wait_until (find_done, find, "the find");
  g_assert_cmpint (papers_find_context_get_n_matches (find), ==, 5);
}

/* Results of a search replaced or cancelled while it runs never show, and
 * a context dropped while its worker runs is kept alive until it ends. */
static void
test_cancel_and_replace (void)
{
  g_autoptr(PapersDocument) document = make_document (40);
  g_autoptr(PapersDocument) other = make_document (2);
  PapersFindContext *find = papers_find_context_new ();
  PapersFindContext *dropped = papers_find_context_new ();
  int n_notes = 0;

  g_object_set (find, "document", document, NULL);
  papers_find_context_find (find, "fox", 0);
  papers_find_context_find (find, "Page 40:", 0);
  papers_test_wait_until (find_done, find, "the find");
  g_assert_cmpint (papers_find_context_get_n_matches (find), ==, 1);

  papers_find_context_find (find, "fox", 0);
  papers_find_context_cancel (find);
  g_assert_false (papers_find_context_get_busy (find));
  g_assert_null (papers_find_context_get_text (find));
  /* Let whatever the old worker posted come back: it is dropped. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (papers_find_context_get_n_matches (find), ==, 0);

  /* A new document ends the search in the old one and says so. */
  papers_find_context_find (find, "fox", 0);
  g_signal_connect (find, "notify::busy", G_CALLBACK (count_notify), &n_notes);
  papers_find_context_set_document (find, other);
  g_assert_cmpint (n_notes, ==, 1);
  g_assert_false (papers_find_context_get_busy (find));
  g_assert_true (papers_find_context_get_document (find) == other);

  papers_find_context_set_document (dropped, document);
  papers_find_context_find (dropped, "dog", 0);
  drop_and_wait (dropped);
  drop_and_wait (find);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/find-context/find-and-step", test_find_and_step);
  g_test_add_func ("/viewer/find-context/cancel-and-replace", test_cancel_and_replace);
  g_test_add_func ("/viewer/find-context/find-words", test_find_words);
  return g_test_run ();
}
