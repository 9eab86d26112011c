/* test-view.c: PapersView in a window (needs a display; skips without)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "papers-test-wait.h"
#include "papers-view.h"
#include "viewer-test-util.h"

typedef struct {
  GtkWidget      *window;
  GtkWidget      *scrolled;
  PapersView     *view;
  PapersDocument *document;
} Fixture;

/* The current page rendered at the current zoom, and its text read. */
static gboolean
current_page_ready (gpointer data)
{
  Fixture *fx = data;
  PapersRenderer *renderer = papers_view_get_renderer (fx->view);
  double scale = papers_view_get_zoom (fx->view) * gtk_widget_get_scale_factor (GTK_WIDGET (fx->view));

  return papers_renderer_lookup_tile (renderer, papers_view_get_current_page (fx->view), scale, 0, 0) != NULL &&
         papers_document_peek_page_data (fx->document, papers_view_get_current_page (fx->view)) != NULL;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    return;
  file = viewer_test_make_pdf (30);
  fx->document = papers_document_load (file, NULL, NULL, &error);
  g_assert_no_error (error);

  fx->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 800, 600);
  fx->scrolled = gtk_scrolled_window_new ();
  fx->view = PAPERS_VIEW (papers_view_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (fx->scrolled), GTK_WIDGET (fx->view));
  gtk_window_set_child (GTK_WINDOW (fx->window), fx->scrolled);
  papers_view_set_document (fx->view, fx->document);
  gtk_window_present (GTK_WINDOW (fx->window));
  papers_test_wait_until (current_page_ready, fx, "the first page drawn");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (fx->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fx->window));
  g_clear_object (&fx->document);
}

#define NEED_DISPLAY(fx) G_STMT_START { \
  if ((fx)->window == NULL) { g_test_skip ("no display"); return; } \
} G_STMT_END

static void
test_layout (Fixture       *fx,
             gconstpointer  data)
{
  int page;
  double offset, zoom, fit;
  PapersSizingMode mode;

  NEED_DISPLAY (fx);
  /* Fit-width by default. */
  fit = papers_view_get_zoom (fx->view);
  g_assert_cmpint (papers_view_get_sizing_mode (fx->view), ==, PAPERS_SIZING_FIT_WIDTH);
  g_assert_cmpfloat (fabs (fit - (gtk_widget_get_width (GTK_WIDGET (fx->view)) - 24) / 612.0), <, 0.01);

  papers_view_go_to_page (fx->view, 10);
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  g_assert_cmpint (papers_view_get_current_page (fx->view), ==, 10);
  g_assert_true (papers_view_next_page (fx->view));
  g_assert_cmpint (papers_view_get_current_page (fx->view), ==, 11);
  g_assert_true (papers_view_previous_page (fx->view));
  g_assert_cmpint (papers_view_get_current_page (fx->view), ==, 10);

  /* Free zoom is clamped to 10 %–800 %. */
  papers_view_set_zoom (fx->view, 50);
  g_assert_cmpfloat (papers_view_get_zoom (fx->view), ==, PAPERS_ZOOM_MAX);
  papers_view_set_zoom (fx->view, 0.001);
  g_assert_cmpfloat (papers_view_get_zoom (fx->view), ==, PAPERS_ZOOM_MIN);
  papers_view_set_zoom (fx->view, 1.5);
  g_assert_cmpint (papers_view_get_sizing_mode (fx->view), ==, PAPERS_SIZING_FREE);
  /* An enum property (PAPERS_TYPE_SIZING_MODE), not an int */
  g_object_get (fx->view, "sizing-mode", &mode, NULL);
  g_assert_cmpint (mode, ==, PAPERS_SIZING_FREE);
  g_assert_true (g_object_class_find_property (G_OBJECT_GET_CLASS (fx->view), "sizing-mode")->value_type ==
                 PAPERS_TYPE_SIZING_MODE);
  papers_view_zoom_in (fx->view);
  g_assert_cmpfloat (fabs (papers_view_get_zoom (fx->view) - 1.8), <, 0.001);
  papers_view_set_sizing_mode (fx->view, PAPERS_SIZING_FIT_PAGE);
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  g_assert_cmpfloat (papers_view_get_zoom (fx->view), <, fit);

  /* The keyboard zooms too. */
  papers_view_set_zoom (fx->view, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (fx->view), "view.zoom-in", NULL);
  g_assert_cmpfloat (fabs (papers_view_get_zoom (fx->view) - 1.2), <, 0.001);
  gtk_widget_activate_action (GTK_WIDGET (fx->view), "view.fit-width", NULL);
  g_assert_cmpfloat (fabs (papers_view_get_zoom (fx->view) - fit), <, 0.001);

  /* The reading position survives a new view of the same document. */
  papers_view_set_zoom (fx->view, 1.3);
  papers_view_go_to_dest (fx->view, 7, 300);
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  papers_view_get_reading_position (fx->view, &page, &offset, &zoom);
  g_assert_cmpint (page, ==, 7);
  g_assert_cmpfloat (zoom, ==, 1.3);
  g_assert_cmpfloat (offset, >, 0.3);
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    PapersView *view = PAPERS_VIEW (papers_view_new ());
    int page2;
    double offset2, zoom2;

    papers_view_set_reading_position (view, page, offset, zoom);
    papers_view_set_document (view, fx->document);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
    gtk_window_set_child (GTK_WINDOW (window), scrolled);
    gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
    gtk_window_present (GTK_WINDOW (window));
    viewer_test_wait_for_frame (GTK_WIDGET (view));
    papers_view_get_reading_position (view, &page2, &offset2, &zoom2);
    g_assert_cmpint (page2, ==, page);
    g_assert_cmpfloat (fabs (offset2 - offset), <, 0.01);
    g_assert_cmpfloat (zoom2, ==, zoom);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  /* Nonsense positions are clamped. */
  papers_view_set_reading_position (fx->view, 999, NAN, PAPERS_ZOOM_FIT_WIDTH);
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  papers_view_get_reading_position (fx->view, &page, &offset, &zoom);
  g_assert_cmpint (page, ==, 29);
  g_assert_cmpfloat (zoom, ==, PAPERS_ZOOM_FIT_WIDTH);
}

static void
on_uri (PapersView *view,
        const char *uri,
        char      **out)
{
  g_free (*out);
  *out = g_strdup (uri);
}

static void
test_links (Fixture       *fx,
            gconstpointer  data)
{
  const PapersPageData *page_data;
  g_autofree char *uri = NULL;

  NEED_DISPLAY (fx);
  page_data = papers_document_peek_page_data (fx->document, 0);
  g_assert_nonnull (page_data);
  g_signal_connect (fx->view, "activate-uri", G_CALLBACK (on_uri), &uri);

  g_assert_false (papers_view_can_go_back (fx->view));
  for (guint i = 0; i < page_data->links->len; i++)
    papers_view_activate_link (fx->view, g_ptr_array_index (page_data->links, i));
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  g_assert_cmpstr (uri, ==, "https://example.org/paper");
  g_assert_cmpint (papers_view_get_current_page (fx->view), ==, 2);
  g_assert_true (papers_view_can_go_back (fx->view));
  g_assert_false (papers_view_can_go_forward (fx->view));

  gtk_widget_activate_action (GTK_WIDGET (fx->view), "view.go-back", NULL);
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  g_assert_cmpint (papers_view_get_current_page (fx->view), ==, 0);
  g_assert_true (papers_view_can_go_forward (fx->view));
  papers_view_go_forward (fx->view);
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  g_assert_cmpint (papers_view_get_current_page (fx->view), ==, 2);

  g_assert_true (papers_view_uri_is_openable ("https://arxiv.org/abs/2304.02623"));
  g_assert_true (papers_view_uri_is_openable ("HTTP://example.org"));
  g_assert_false (papers_view_uri_is_openable ("file:///etc/passwd"));
  g_assert_false (papers_view_uri_is_openable ("javascript:alert(1)"));
  g_assert_false (papers_view_uri_is_openable ("mailto:a@b.c"));
  g_assert_false (papers_view_uri_is_openable ("not a uri"));
  g_assert_false (papers_view_uri_is_openable (""));
}

static gboolean
find_done (gpointer data)
{
  Fixture *fx = data;

  return !papers_view_get_find_busy (fx->view);
}

static void
test_find (Fixture       *fx,
           gconstpointer  data)
{
  NEED_DISPLAY (fx);
  papers_view_find (fx->view, "lazy DOG");
  g_assert_true (papers_view_get_find_busy (fx->view));
  papers_test_wait_until (find_done, fx, "the find");
  g_assert_cmpint (papers_view_get_find_n_matches (fx->view), ==, 30);
  g_assert_cmpint (papers_view_get_find_index (fx->view), ==, 1);
  papers_view_find_next (fx->view);
  g_assert_cmpint (papers_view_get_find_index (fx->view), ==, 2);
  g_assert_cmpint (papers_view_get_current_page (fx->view), ==, 1);
  papers_view_find_previous (fx->view);
  papers_view_find_previous (fx->view);
  g_assert_cmpint (papers_view_get_find_index (fx->view), ==, 30);

  papers_view_find (fx->view, "Page 17:");
  papers_test_wait_until (find_done, fx, "the find");
  g_assert_cmpint (papers_view_get_find_n_matches (fx->view), ==, 1);
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  g_assert_cmpint (papers_view_get_current_page (fx->view), ==, 16);

  papers_view_find (fx->view, "no such words anywhere");
  papers_test_wait_until (find_done, fx, "the find");
  g_assert_cmpint (papers_view_get_find_n_matches (fx->view), ==, 0);
  papers_view_find_next (fx->view);
  papers_view_find (fx->view, NULL);
  g_assert_false (papers_view_get_find_busy (fx->view));
}

static void
test_selection_and_annotations (Fixture       *fx,
                                gconstpointer  data)
{
  const PapersPageData *page_data;
  g_autofree char *text = NULL;
  PapersAnnotation *annot;
  const PapersRect *r;
  const char *quick;
  guint start, n_rects;

  NEED_DISPLAY (fx);
  papers_view_set_paper_id (fx->view, "2304.02623");
  page_data = papers_document_peek_page_data (fx->document, 0);
  /* Double click on "quick": its box is found through the text layout. */
  quick = strstr (page_data->text, "quick");
  start = g_utf8_pointer_to_offset (page_data->text, quick);
  r = &page_data->char_rects[start + 2];
  g_assert_true (papers_view_select_at (fx->view, 0, (r->x1 + r->x2) / 2, (r->y1 + r->y2) / 2, 2));
  text = papers_view_get_selected_text (fx->view);
  g_assert_cmpstr (text, ==, "quick");
  g_clear_pointer (&text, g_free);

  /* Triple click: the whole line. */
  papers_view_select_at (fx->view, 0, (r->x1 + r->x2) / 2, (r->y1 + r->y2) / 2, 3);
  text = papers_view_get_selected_text (fx->view);
  g_assert_cmpstr (text, ==, "Page 1: the quick brown fox jumps over the lazy dog.");
  g_clear_pointer (&text, g_free);

  papers_view_copy_selection (fx->view);
  annot = papers_view_annotate_selection (fx->view, PAPERS_ANNOT_HIGHLIGHT, 0x90caf9);
  g_assert_nonnull (annot);
  g_assert_false (papers_view_has_selection (fx->view));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (papers_view_get_annotations (fx->view))), ==, 1);
  g_assert_cmpstr (papers_annotation_get_text (annot), ==, "Page 1: the quick brown fox jumps over the lazy dog.");
  r = papers_annot_get_rects (annot, &n_rects);
  g_assert_cmpuint (n_rects, ==, 1);
  g_assert_cmpstr (papers_annotation_get_annotation_type (annot), ==, "highlight");
  g_assert_cmpstr (papers_annotation_get_color (annot), ==, "#90caf9");
  g_assert_cmpstr (papers_annotation_get_paper_id (annot), ==, "2304.02623");
  g_assert_nonnull (papers_annotation_get_created (annot));
  g_assert_cmpfloat (r->x1, >=, 71);
  g_assert_cmpfloat (r->y2, <=, 105);
  papers_annotation_set_comment (annot, "An important sentence");

  /* Nothing selected: nothing to annotate. */
  g_assert_null (papers_view_annotate_selection (fx->view, PAPERS_ANNOT_UNDERLINE, 0));

  /* A selection over two pages makes one annotation per page. */
  papers_view_select_range (fx->view, 0, 10, 1, 20);
  text = papers_view_get_selected_text (fx->view);
  g_assert_nonnull (strstr (text, "Page 2"));
  papers_view_annotate_selection (fx->view, PAPERS_ANNOT_SQUIGGLY, 0xef5350);
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (papers_view_get_annotations (fx->view))), >=, 2);

  annot = papers_view_add_note (fx->view, 3, 100, 100, "A sticky note");
  g_assert_cmpint (papers_annot_get_kind (annot), ==, PAPERS_ANNOT_NOTE);
  papers_view_scroll_to_annotation (fx->view, annot);
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  g_assert_cmpint (papers_view_get_current_page (fx->view), ==, 3);

  /* Night mode draws without trouble. */
  papers_view_set_night_mode (fx->view, TRUE);
  viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
  g_assert_true (papers_view_get_night_mode (fx->view));
}

static const char *
corpus_password (const char *name)
{
  if (g_str_equal (name, "pdfjs__issue3371.pdf"))
    return "ELXRTQWS";
  if (g_str_equal (name, "popplertest__PasswordEncrypted.pdf"))
    return "password";
  return NULL;
}

/* Every corpus PDF that opens is shown, first and last page, in a view
 * without hanging; night mode and a deep zoom (tiles) included. */
static void
test_corpus (Fixture       *fx,
             gconstpointer  data)
{
  const char *corpus = g_getenv ("PAPERS_CORPUS_DIR");
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  NEED_DISPLAY (fx);
  if (corpus == NULL)
    {
      g_test_skip ("no corpus");
      return;
    }
  dir_path = g_build_filename (corpus, "pdf", NULL);
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    {
      g_test_skip ("no corpus");
      return;
    }
  papers_view_set_night_mode (fx->view, TRUE);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(PapersDocument) doc = papers_document_load (file, corpus_password (name), NULL, NULL);

      if (doc == NULL)
        continue;
      g_test_message ("view: %s", name);
      g_set_object (&fx->document, doc);
      papers_view_set_document (fx->view, doc);
      papers_test_wait_until (current_page_ready, fx, "the first page drawn");
      papers_view_go_to_page (fx->view, papers_document_get_n_pages (doc) - 1);
      papers_test_wait_until (current_page_ready, fx, "the last page drawn");
      papers_view_set_zoom (fx->view, 6.0);
      viewer_test_wait_for_frame (GTK_WIDGET (fx->view));
      papers_view_set_sizing_mode (fx->view, PAPERS_SIZING_FIT_WIDTH);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    gtk_init ();
  g_test_add ("/viewer/view/layout", Fixture, NULL, fixture_setup, test_layout, fixture_teardown);
  g_test_add ("/viewer/view/links", Fixture, NULL, fixture_setup, test_links, fixture_teardown);
  g_test_add ("/viewer/view/find", Fixture, NULL, fixture_setup, test_find, fixture_teardown);
  g_test_add ("/viewer/view/selection-and-annotations", Fixture, NULL, fixture_setup,
              test_selection_and_annotations, fixture_teardown);
  g_test_add ("/corpus/viewer/view/all", Fixture, NULL, fixture_setup, test_corpus, fixture_teardown);
  return g_test_run ();
}
