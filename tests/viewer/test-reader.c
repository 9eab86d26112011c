/* test-reader.c: PapersReader, the container the window embeds (needs a display)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-reader.h"
#include "viewer-test-util.h"

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The reader's stack is the one with a "document" page. */
static GtkStack *
find_reader_stack (GtkWidget *root)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_child_by_name (GTK_STACK (root), "document") != NULL)
    return GTK_STACK (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_reader_stack (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
stack_page (PapersReader *reader)
{
  return gtk_stack_get_visible_child_name (find_reader_stack (GTK_WIDGET (reader)));
}

static void
wait_for_page (PapersReader *reader,
               const char   *name)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_strcmp0 (stack_page (reader), name) != 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (stack_page (reader), ==, name);
}

static void
iterate_a_bit (void)
{
  gint64 end = g_get_monotonic_time () + 200 * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static PapersReader *
new_reader (GtkWidget **window)
{
  PapersReader *reader = PAPERS_READER (papers_reader_new ());

  *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (*window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (*window), GTK_WIDGET (reader));
  gtk_window_present (GTK_WINDOW (*window));
  return reader;
}

/* The label after the page entry: "of 30" or "(1 of 11)". */
static const char *
page_count (PapersReader *reader)
{
  GtkWidget *entry = find_widget (papers_reader_get_toolbar (reader), GTK_TYPE_ENTRY);

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (entry)));
}

static const char *
page_entry (PapersReader *reader)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_widget (papers_reader_get_toolbar (reader), GTK_TYPE_ENTRY)));
}

static void
test_open (void)
{
  g_autoptr(GFile) file = NULL;
  GtkWidget *window;
  PapersReader *reader;
  PapersView *view;
  GtkEntry *entry;
  GListModel *annotations;
  PapersAnnotation *annot;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("no display");
      return;
    }
  file = viewer_test_make_pdf (30);
  reader = new_reader (&window);
  papers_reader_load (reader, file);
  wait_for_page (reader, "document");
  view = papers_reader_get_view (reader);
  g_assert_nonnull (papers_reader_get_document (reader));
  g_assert_cmpstr (page_entry (reader), ==, "1");
  g_assert_cmpstr (page_count (reader), ==, "of 30");

  /* Typing a page number jumps there. */
  entry = GTK_ENTRY (find_widget (papers_reader_get_toolbar (reader), GTK_TYPE_ENTRY));
  gtk_editable_set_text (GTK_EDITABLE (entry), "12");
  g_signal_emit_by_name (entry, "activate");
  iterate_a_bit ();
  g_assert_cmpint (papers_view_get_current_page (view), ==, 11);
  g_assert_cmpstr (page_entry (reader), ==, "12");
  gtk_editable_set_text (GTK_EDITABLE (entry), "nonsense");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (page_entry (reader), ==, "12");

  /* Ctrl+F opens the find bar. */
  gtk_widget_activate_action (GTK_WIDGET (reader), "reader.find", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (find_widget (GTK_WIDGET (reader), GTK_TYPE_SEARCH_BAR))));
  gtk_widget_activate_action (GTK_WIDGET (reader), "reader.zoom", "d", 2.0);
  g_assert_cmpfloat (papers_view_get_zoom (view), ==, 2.0);
  gtk_widget_activate_action (GTK_WIDGET (reader), "reader.fit-width", NULL);
  g_assert_cmpint (papers_view_get_sizing_mode (view), ==, PAPERS_SIZING_FIT_WIDTH);

  /* The annotations sidebar lists what the view makes; delete and undo. */
  annotations = G_LIST_MODEL (papers_view_get_annotations (view));
  annot = papers_view_add_note (view, 2, 50, 50, "note");
  g_assert_nonnull (annot);
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 1);
  papers_reader_set_annotations_visible (reader, TRUE);
  papers_reader_set_outline_visible (reader, TRUE);
  iterate_a_bit ();
  {
    GtkListView *list = NULL;
    GtkSelectionModel *model;

    /* The first list view is the outline's. */
    list = GTK_LIST_VIEW (find_widget (GTK_WIDGET (reader), GTK_TYPE_LIST_VIEW));
    g_assert_nonnull (list);
    model = gtk_list_view_get_model (list);
    /* The outline has two top-level entries. */
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  }
  gtk_widget_activate_action (GTK_WIDGET (reader), "reader.undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_password (void)
{
  g_autoptr(GFile) file = NULL;
  GtkWidget *window;
  PapersReader *reader;
  GtkWidget *password;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("no display");
      return;
    }
  file = viewer_test_corpus_file ("popplertest__PasswordEncrypted.pdf");
  if (file == NULL)
    return;
  reader = new_reader (&window);
  papers_reader_load (reader, file);
  wait_for_page (reader, "password");
  password = find_widget (GTK_WIDGET (reader), GTK_TYPE_PASSWORD_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (password), "wrong");
  g_signal_emit_by_name (password, "activate");
  wait_for_page (reader, "loading");
  wait_for_page (reader, "password");
  g_assert_nonnull (find_widget (GTK_WIDGET (reader), GTK_TYPE_PASSWORD_ENTRY));

  gtk_editable_set_text (GTK_EDITABLE (password), "password");
  g_signal_emit_by_name (password, "activate");
  wait_for_page (reader, "document");
  g_assert_cmpint (papers_document_get_n_pages (papers_reader_get_document (reader)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_errors (void)
{
  g_autoptr(GFile) damaged = NULL;
  g_autoptr(GFile) labelled = NULL;
  GtkWidget *window;
  PapersReader *reader;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("no display");
      return;
    }
  damaged = viewer_test_corpus_file ("DERIVED__tracemonkey_truncated_at_50pct.pdf");
  if (damaged == NULL)
    return;
  reader = new_reader (&window);
  papers_reader_load (reader, damaged);
  wait_for_page (reader, "error");

  /* The same reader opens the next document fine, with its page labels. */
  labelled = viewer_test_corpus_file ("pdfjs__labelled_pages.pdf");
  papers_reader_load (reader, labelled);
  wait_for_page (reader, "document");
  g_assert_cmpstr (page_entry (reader), ==, "i");
  g_assert_cmpstr (page_count (reader), ==, "(1 of 11)");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") != NULL)
    gtk_init ();
  g_test_add_func ("/viewer/reader/open", test_open);
  g_test_add_func ("/viewer/reader/password", test_password);
  g_test_add_func ("/viewer/reader/errors", test_errors);
  return g_test_run ();
}
