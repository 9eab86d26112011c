/* test-markup.c: text from the network is shown as text, never as markup
 *
 * A listing can carry anything in a title, an author name or an abstract;
 * Pango markup in it must appear literally, not format or hide anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "papers-collection.h"
#include "papers-detail.h"
#include "papers-paper-row.h"

#define HOSTILE_TITLE "<b>Bold</b> &amp; <span size='99999'>huge</span> <a href='file:///etc'>x</a>"
#define HOSTILE_AUTHOR "<i>Ada</i> & Lovelace"
#define HOSTILE_ABSTRACT "An abstract with </span> a stray tag & an <u>underline</u>."

static PapersPaper *
hostile_paper (void)
{
  PapersPaper *paper = papers_paper_new ("2410.17243");
  const char *authors[] = { HOSTILE_AUTHOR, "<script>alert(1)</script>", NULL };

  papers_paper_set_arxiv_id (paper, "2410.17243");
  papers_paper_set_title (paper, HOSTILE_TITLE);
  papers_paper_set_authors (paper, authors);
  papers_paper_set_abstract (paper, HOSTILE_ABSTRACT);
  return paper;
}

/* Every label below @widget: none showing remote text uses markup; returns
 * whether one shows exactly @text (or contains it, when @contains). */
static gboolean
labels_show (GtkWidget  *widget,
             const char *text,
             gboolean    contains)
{
  gboolean found = FALSE;

  if (GTK_IS_LABEL (widget))
    {
      const char *shown = gtk_label_get_text (GTK_LABEL (widget));

      /* Static strings may use markup (AdwStatusPage's description does);
       * a label carrying any remote text must not. */
      if (gtk_label_get_use_markup (GTK_LABEL (widget)) &&
          (strstr (gtk_label_get_label (GTK_LABEL (widget)), "Bold") != NULL ||
           strstr (gtk_label_get_label (GTK_LABEL (widget)), "Ada") != NULL ||
           strstr (gtk_label_get_label (GTK_LABEL (widget)), "stray tag") != NULL))
        g_error ("remote text shown as markup: “%s”", gtk_label_get_label (GTK_LABEL (widget)));
      if (contains ? strstr (shown, text) != NULL : g_str_equal (shown, text))
        found = TRUE;
    }
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *shown = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (strstr (shown, text) != NULL)
        found = TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    found |= labels_show (child, text, contains);

  return found;
}

static void
test_row (void)
{
  g_autoptr(PapersPaper) paper = hostile_paper ();
  GtkWidget *row = papers_paper_row_new ();

  g_autofree char *shown = NULL;
  g_autofree char *description = NULL;

  g_object_ref_sink (row);
  papers_paper_row_set_paper (PAPERS_PAPER_ROW (row), paper);
  /* Drawn as text, never as markup */
  shown = papers_paper_row_dup_shown_text (PAPERS_PAPER_ROW (row));
  g_assert_true (g_str_has_prefix (shown, HOSTILE_TITLE "\n"));
  g_assert_nonnull (strstr (shown, HOSTILE_AUTHOR));
  description = papers_paper_row_dup_description (paper);
  g_assert_nonnull (strstr (description, HOSTILE_AUTHOR));
  g_object_unref (row);
}

/* The For You line: drawn as text under the rest, and gone when unset */
static void
test_row_note (void)
{
  g_autoptr(PapersPaper) paper = hostile_paper ();
  GtkWidget *row = papers_paper_row_new ();
  const char *note = "Like ‘" HOSTILE_TITLE "’";
  g_autofree char *before = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *after = NULL;
  int height_before, height_with;

  g_object_ref_sink (row);
  papers_paper_row_set_paper (PAPERS_PAPER_ROW (row), paper);
  before = papers_paper_row_dup_shown_text (PAPERS_PAPER_ROW (row));
  gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, 400, NULL, &height_before, NULL, NULL);
  papers_paper_row_set_note (PAPERS_PAPER_ROW (row), note);
  shown = papers_paper_row_dup_shown_text (PAPERS_PAPER_ROW (row));
  g_assert_true (g_str_has_suffix (shown, note));
  gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, 400, NULL, &height_with, NULL, NULL);
  g_assert_cmpint (height_with, >, height_before);
  papers_paper_row_set_note (PAPERS_PAPER_ROW (row), NULL);
  after = papers_paper_row_dup_shown_text (PAPERS_PAPER_ROW (row));
  g_assert_cmpstr (after, ==, before);
  g_object_unref (row);
}

/* A search's body hit: "Page N · " and the snippet, its <b> marks drawn
 * as bold, not as text; the For You line wins; markup Pango refuses is
 * shown as it is, without a warning. */
static void
test_row_search_hit (void)
{
  g_autoptr(PapersPaper) paper = hostile_paper ();
  GtkWidget *row = papers_paper_row_new ();
  g_autofree char *shown = NULL;
  g_autofree char *description = NULL;
  g_autofree char *noted = NULL;
  g_autofree char *broken = NULL;

  g_object_ref_sink (row);
  papers_paper_row_set_paper (PAPERS_PAPER_ROW (row), paper);
  papers_paper_set_search_hit (paper, "petals of <b>zygomorphic</b> flowers &lt;i&gt;", 2);
  shown = papers_paper_row_dup_shown_text (PAPERS_PAPER_ROW (row));
  g_assert_true (g_str_has_suffix (shown, "\nPage 2 · petals of zygomorphic flowers <i>"));
  description = papers_paper_row_dup_description (paper);
  g_assert_nonnull (strstr (description, "Page 2: petals of [zygomorphic] flowers <i>"));

  papers_paper_row_set_note (PAPERS_PAPER_ROW (row), "Tag: botany");
  noted = papers_paper_row_dup_shown_text (PAPERS_PAPER_ROW (row));
  g_assert_true (g_str_has_suffix (noted, "\nTag: botany"));
  papers_paper_row_set_note (PAPERS_PAPER_ROW (row), NULL);

  papers_paper_set_search_hit (paper, "an <b>unclosed & hit", 3);
  broken = papers_paper_row_dup_shown_text (PAPERS_PAPER_ROW (row));
  g_assert_true (g_str_has_suffix (broken, "\nPage 3 · an <b>unclosed & hit"));
  g_object_unref (row);
}

static void
test_detail (void)
{
  g_autoptr(PapersPaper) paper = hostile_paper ();
  g_autoptr(PapersCollection) collection = papers_collection_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *detail = papers_detail_new (collection);

  gtk_window_set_child (GTK_WINDOW (window), detail);
  papers_detail_set_paper (PAPERS_DETAIL (detail), paper);
  g_assert_true (labels_show (detail, HOSTILE_TITLE, FALSE));
  g_assert_true (labels_show (detail, HOSTILE_AUTHOR, TRUE));
  g_assert_true (labels_show (detail, HOSTILE_ABSTRACT, TRUE));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/markup/row", test_row);
  g_test_add_func ("/ui/markup/row-note", test_row_note);
  g_test_add_func ("/ui/markup/row-search-hit", test_row_search_hit);
  g_test_add_func ("/ui/markup/detail", test_detail);

  return g_test_run ();
}
