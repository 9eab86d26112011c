/* viewer-test-util.c: PDFs made with cairo for the viewer tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <cairo-pdf.h>

#include "papers-test-wait.h"
#include "viewer-test-util.h"

GFile *
viewer_test_make_pdf (int n_pages)
{
  static int counter;
  g_autofree char *dir = g_dir_make_tmp ("papers-viewer-XXXXXX", NULL);
  g_autofree char *name = g_strdup_printf ("generated-%d-%d.pdf", n_pages, counter++);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 612, 792);
  cairo_t *cr = cairo_create (surface);
  int chapter1, chapter2;

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 14);

  chapter1 = cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, "Chapter 1",
                                            "page=1 pos=[0 0]", CAIRO_PDF_OUTLINE_FLAG_OPEN);
  cairo_pdf_surface_add_outline (surface, chapter1, "Section 1.1",
                                 n_pages >= 2 ? "page=2 pos=[0 100]" : "page=1", 0);
  chapter2 = cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, "Chapter 2",
                                            n_pages >= 3 ? "page=3" : "page=1", 0);
  (void) chapter2;

  for (int i = 1; i <= n_pages; i++)
    {
      g_autofree char *line = g_strdup_printf ("Page %d: the quick brown fox jumps over the lazy dog.", i);

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, 72, 100);
      cairo_show_text (cr, line);
      cairo_move_to (cr, 72, 130);
      cairo_show_text (cr, "Second line of text.");
      if (i == 1)
        {
          cairo_tag_begin (cr, CAIRO_TAG_LINK, n_pages >= 3 ? "page=3 pos=[0 200]" : "page=1");
          cairo_move_to (cr, 72, 200);
          cairo_show_text (cr, "Go to page three");
          cairo_tag_end (cr, CAIRO_TAG_LINK);
          cairo_tag_begin (cr, CAIRO_TAG_LINK, "uri='https://example.org/paper'");
          cairo_move_to (cr, 72, 240);
          cairo_show_text (cr, "External site");
          cairo_tag_end (cr, CAIRO_TAG_LINK);
        }
      /* A filled box, so that rendered pixels can be checked. */
      cairo_set_source_rgb (cr, 1, 0, 0);
      cairo_rectangle (cr, 300, 500, 100, 100);
      cairo_fill (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_file_new_for_path (path);
}

GFile *
viewer_test_corpus_file (const char *name)
{
  const char *corpus = g_getenv ("PAPERS_CORPUS_DIR");
  g_autofree char *path = NULL;

  if (corpus == NULL)
    {
      g_test_skip ("no corpus: PAPERS_CORPUS_DIR is not set");
      return NULL;
    }
  path = g_build_filename (corpus, "pdf", name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no corpus: a corpus file is missing");
      return NULL;
    }
  return g_file_new_for_path (path);
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

void
viewer_test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  papers_test_wait_until (papers_test_flag_set, &painted, "a frame");
  g_signal_handler_disconnect (clock, handler);
}
