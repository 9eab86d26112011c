/* test-document.c: PapersDocument, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "papers-document.h"
#include "viewer-test-util.h"

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Opens through the async API, iterating the main context meanwhile. */
static PapersDocument *
load_async (GFile       *file,
            const char  *password,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  papers_document_load_async (file, password, NULL, on_loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return papers_document_load_finish (result, error);
}

static int
count_outline (GListModel *model,
               int         depth,
               int        *max_depth)
{
  int n = 0;

  *max_depth = MAX (*max_depth, depth);
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PapersOutlineItem) item = g_list_model_get_item (model, i);

      g_assert_nonnull (papers_outline_item_get_title (item));
      n += 1 + count_outline (papers_outline_item_get_children (item), depth + 1, max_depth);
    }
  return n;
}

static void
test_generated (void)
{
  g_autoptr(GFile) file = viewer_test_make_pdf (5);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDocument) doc = load_async (file, NULL, &error);
  g_autoptr(PapersOutlineItem) chapter1 = NULL;
  g_autoptr(PapersOutlineItem) section = NULL;
  g_autoptr(GArray) matches = NULL;
  const PapersPageData *data;
  cairo_surface_t *surface;
  double w, h;
  gboolean internal = FALSE, external = FALSE;
  guint32 pixel;

  g_assert_no_error (error);
  g_assert_cmpint (papers_document_get_n_pages (doc), ==, 5);
  papers_document_get_page_size (doc, 0, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 612, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 792, 0.01);
  g_assert_cmpstr (papers_document_get_page_label (doc, 2), ==, "3");
  g_assert_cmpint (papers_document_find_page_label (doc, " 4 "), ==, 3);
  g_assert_cmpint (papers_document_find_page_label (doc, "99"), ==, -1);
  g_assert_cmpint (papers_document_find_page_label (doc, "zz"), ==, -1);

  /* The outline is nested and each entry points at its page. */
  g_assert_cmpuint (g_list_model_get_n_items (papers_document_get_outline (doc)), ==, 2);
  chapter1 = g_list_model_get_item (papers_document_get_outline (doc), 0);
  g_assert_cmpstr (papers_outline_item_get_title (chapter1), ==, "Chapter 1");
  g_assert_cmpint (papers_outline_item_get_page (chapter1), ==, 0);
  g_assert_nonnull (papers_outline_item_get_children (chapter1));
  section = g_list_model_get_item (papers_outline_item_get_children (chapter1), 0);
  g_assert_cmpstr (papers_outline_item_get_title (section), ==, "Section 1.1");
  g_assert_cmpint (papers_outline_item_get_page (section), ==, 1);

  /* Text, one box per character, and both kinds of links. */
  g_assert_null (papers_document_peek_page_data (doc, 0));
  data = papers_document_load_page_data (doc, 0);
  g_assert_true (data == papers_document_peek_page_data (doc, 0));
  g_assert_nonnull (strstr (data->text, "quick brown fox"));
  g_assert_cmpuint (data->n_chars, >, 40);
  g_assert_cmpfloat (data->char_rects[0].x1, >=, 70);
  g_assert_cmpfloat (data->char_rects[0].y1, <, 100);
  g_assert_cmpfloat (data->char_rects[0].y2, >, 88);
  for (guint i = 0; i < data->links->len; i++)
    {
      PapersLink *link = g_ptr_array_index (data->links, i);

      if (link->kind == PAPERS_LINK_INTERNAL)
        {
          internal = TRUE;
          g_assert_cmpint (link->dest_page, ==, 2);
          g_assert_cmpfloat (link->area.y1, >, 150);
          g_assert_cmpfloat (link->area.y2, <, 220);
        }
      else
        {
          external = TRUE;
          g_assert_cmpstr (link->uri, ==, "https://example.org/paper");
        }
    }
  g_assert_true (internal && external);

  matches = papers_document_find_text (doc, 1, "BROWN fox");
  g_assert_cmpuint (matches->len, ==, 1);
  g_assert_cmpfloat (g_array_index (matches, PapersRect, 0).y1, <, 100);
  g_assert_cmpfloat (g_array_index (matches, PapersRect, 0).y2, >, 85);
  g_clear_pointer (&matches, g_array_unref);
  matches = papers_document_find_text (doc, 1, "");
  g_assert_cmpuint (matches->len, ==, 0);

  /* A region of page 1 at 2×: the red square is at (300..400, 500..600) pt. */
  surface = papers_document_render (doc, 0, 2.0, 600, 1000, 100, 100);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 100);
  pixel = *(guint32 *) (cairo_image_surface_get_data (surface) + 50 * cairo_image_surface_get_stride (surface) + 50 * 4);
  g_assert_cmphex (pixel & 0xffffff, ==, 0xff0000);
  cairo_surface_destroy (surface);
  surface = papers_document_render (doc, 0, 1.0, 0, 0, 50, 50);
  pixel = *(guint32 *) cairo_image_surface_get_data (surface);
  g_assert_cmphex (pixel & 0xffffff, ==, 0xffffff);
  cairo_surface_destroy (surface);
}

static void
write_file (GFile      *file,
            const char *data,
            gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_file_replace_contents (file, data, len, NULL, FALSE, 0, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_errors (void)
{
  g_autoptr(GFile) pdf = viewer_test_make_pdf (2);
  g_autoptr(GFile) dir = g_file_get_parent (pdf);
  g_autoptr(GFile) missing = g_file_get_child (dir, "missing.pdf");
  g_autoptr(GFile) text = g_file_get_child (dir, "text.pdf");
  g_autoptr(GFile) empty = g_file_get_child (dir, "empty.pdf");
  g_autoptr(GFile) garbage = g_file_get_child (dir, "garbage.pdf");
  g_autoptr(GFile) truncated = g_file_get_child (dir, "truncated.pdf");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *noise = g_malloc (65536);
  gsize len;

  g_assert_null (papers_document_load (missing, NULL, NULL, &error));
  g_assert_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  write_file (text, "Hello, I am not a PDF\n", 22);
  g_assert_null (load_async (text, NULL, &error));
  g_assert_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_NOT_PDF);
  g_clear_error (&error);

  write_file (empty, "", 0);
  g_assert_null (papers_document_load (empty, NULL, NULL, &error));
  g_assert_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_NOT_PDF);
  g_clear_error (&error);

  /* A header followed by random bytes. */
  memcpy (noise, "%PDF-1.7\n", 9);
  for (gsize i = 9; i < 65536; i++)
    noise[i] = (char) g_test_rand_int_range (0, 256);
  write_file (garbage, noise, 65536);
  g_assert_null (papers_document_load (garbage, NULL, NULL, &error));
  g_assert_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  /* Cut a real file at every few hundred bytes: opens or fails, never crashes. */
  g_file_load_contents (pdf, NULL, &contents, &len, NULL, &error);
  g_assert_no_error (error);
  for (gsize cut = 0; cut < len; cut += MAX (len / 12, 1))
    {
      g_autoptr(PapersDocument) doc = NULL;

      write_file (truncated, contents, cut);
      doc = papers_document_load (truncated, NULL, NULL, &error);
      if (doc != NULL)
        {
          g_assert_cmpint (papers_document_get_n_pages (doc), >, 0);
          papers_document_load_page_data (doc, 0);
        }
      else
        g_assert_true (error->domain == PAPERS_DOCUMENT_ERROR);
      g_clear_error (&error);
    }
}

static void
test_passwords (void)
{
  g_autoptr(GFile) file = viewer_test_corpus_file ("pdfjs__issue3371.pdf");
  g_autoptr(GFile) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDocument) doc = NULL;

  if (file == NULL)
    return;

  g_assert_null (load_async (file, NULL, &error));
  g_assert_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  g_assert_null (load_async (file, "wrong", &error));
  g_assert_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_BAD_PASSWORD);
  g_clear_error (&error);
  doc = load_async (file, "ELXRTQWS", &error);
  g_assert_no_error (error);
  g_assert_cmpint (papers_document_get_n_pages (doc), ==, 1);
  g_clear_object (&doc);

  other = viewer_test_corpus_file ("popplertest__PasswordEncrypted.pdf");
  g_assert_null (papers_document_load (other, "", NULL, &error));
  g_assert_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  doc = papers_document_load (other, "password", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (papers_document_load_page_data (doc, 0));
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

/* Every corpus PDF opens, or fails with a typed error and a reason. */
static void
test_corpus (void)
{
  const char *corpus = g_getenv ("PAPERS_CORPUS_DIR");
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int opened = 0, failed = 0;

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

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(PapersDocument) doc = NULL;
      int max_depth = 0;

      if (!g_str_has_suffix (name, ".pdf"))
        continue;
      g_test_message ("corpus: %s", name);
      doc = papers_document_load (file, corpus_password (name), NULL, &error);
      if (doc == NULL)
        {
          g_assert_true (error->domain == PAPERS_DOCUMENT_ERROR);
          g_assert_cmpint (error->code, ==, PAPERS_DOCUMENT_ERROR_DAMAGED);
          g_assert_cmpstr (error->message, !=, "");
          failed++;
          continue;
        }
      opened++;
      count_outline (papers_document_get_outline (doc), 0, &max_depth);
      for (int i = 0; i < papers_document_get_n_pages (doc); i++)
        {
          const PapersPageData *data = papers_document_load_page_data (doc, i);

          g_assert_true (g_utf8_validate (data->text, -1, NULL));
          g_assert_nonnull (papers_document_get_page_label (doc, i));
        }
      cairo_surface_destroy (papers_document_render (doc, 0, 0.25, 0, 0, 160, 200));
    }
  /* The two broken files without a trailer fail, the rest open. */
  g_assert_cmpint (opened, >=, 15);
  g_assert_cmpint (failed, <=, 3);
}

static void
test_outline_loop (void)
{
  g_autoptr(GFile) file = viewer_test_corpus_file ("qpdf__outlines-with-loop.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDocument) doc = NULL;
  int max_depth = 0, n;

  if (file == NULL)
    return;
  doc = papers_document_load (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (papers_document_get_n_pages (doc), ==, 30);
  n = count_outline (papers_document_get_outline (doc), 0, &max_depth);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (n, <=, 20000);
  g_assert_cmpint (max_depth, <=, 33);
}

static void
test_labels (void)
{
  g_autoptr(GFile) file = viewer_test_corpus_file ("pdfjs__labelled_pages.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDocument) doc = NULL;

  if (file == NULL)
    return;
  doc = papers_document_load (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (papers_document_get_n_pages (doc), ==, 11);
  g_assert_cmpstr (papers_document_get_page_label (doc, 0), ==, "i");
  g_assert_cmpstr (papers_document_get_page_label (doc, 3), ==, "iv");
  g_assert_cmpstr (papers_document_get_page_label (doc, 4), ==, "1");
  g_assert_cmpstr (papers_document_get_page_label (doc, 7), ==, "a");
  g_assert_cmpstr (papers_document_get_page_label (doc, 10), ==, "5");
  g_assert_cmpint (papers_document_find_page_label (doc, "b"), ==, 8);
  g_assert_cmpint (papers_document_find_page_label (doc, "iii"), ==, 2);
}

static void
test_existing_annotations (void)
{
  g_autoptr(GFile) file = viewer_test_corpus_file ("popplertest__utf16le-annot.pdf");
  g_autoptr(GFile) file2 = NULL;
  g_autoptr(GFile) file3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDocument) doc = NULL;
  g_autoptr(GPtrArray) annots = NULL;
  int highlights = 0, with_text = 0, notes = 0;

  if (file == NULL)
    return;
  doc = papers_document_load (file, NULL, NULL, &error);
  g_assert_no_error (error);
  annots = papers_document_read_annotations (doc, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < annots->len; i++)
    {
      PapersDocumentAnnot *annot = g_ptr_array_index (annots, i);

      if (annot->kind == PAPERS_ANNOT_HIGHLIGHT)
        highlights++;
      if (annot->contents != NULL && strstr (annot->contents, "Únîcödé") != NULL)
        with_text++;
      g_assert_cmpuint (annot->rects->len, >, 0);
    }
  /* Poppler sees two highlights on the page; their UTF-16LE text decodes. */
  g_assert_cmpint (highlights, ==, 2);
  g_assert_cmpint (with_text, ==, 1);
  g_clear_object (&doc);
  g_clear_pointer (&annots, g_ptr_array_unref);

  file2 = viewer_test_corpus_file ("pdfjs__annotation-link-text-popup.pdf");
  doc = papers_document_load (file2, NULL, NULL, &error);
  g_assert_no_error (error);
  annots = papers_document_read_annotations (doc, &error);
  for (guint i = 0; i < annots->len; i++)
    if (((PapersDocumentAnnot *) g_ptr_array_index (annots, i))->kind == PAPERS_ANNOT_NOTE)
      notes++;
  g_assert_cmpint (notes, >=, 1);
  g_clear_object (&doc);
  g_clear_pointer (&annots, g_ptr_array_unref);

  file3 = viewer_test_corpus_file ("pdfjs__highlights.pdf");
  doc = papers_document_load (file3, NULL, NULL, &error);
  g_assert_no_error (error);
  annots = papers_document_read_annotations (doc, &error);
  highlights = 0;
  for (guint i = 0; i < annots->len; i++)
    if (((PapersDocumentAnnot *) g_ptr_array_index (annots, i))->kind == PAPERS_ANNOT_HIGHLIGHT)
      highlights++;
  g_assert_cmpint (highlights, ==, 6);
  g_assert_cmpuint (annots->len, ==, 8);
}

static void
test_export (void)
{
  g_autoptr(GFile) file = viewer_test_make_pdf (3);
  g_autoptr(GFile) dir = g_file_get_parent (file);
  g_autoptr(GFile) out = g_file_get_child (dir, "annotated.pdf");
  g_autoptr(GFile) bad = g_file_new_for_path ("/nonexistent-dir/x.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDocument) doc = papers_document_load (file, NULL, NULL, &error);
  g_autoptr(PapersDocument) back = NULL;
  g_autoptr(GPtrArray) annots = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_document_annot_free);
  g_autoptr(GPtrArray) read = NULL;
  PapersAnnotKind kinds[] = { PAPERS_ANNOT_HIGHLIGHT, PAPERS_ANNOT_UNDERLINE, PAPERS_ANNOT_STRIKEOUT,
                              PAPERS_ANNOT_SQUIGGLY, PAPERS_ANNOT_NOTE };
  guint32 colors[] = { 0xffeb3b, 0x4caf50, 0xf44336, 0x2196f3, 0x9c27b0 };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      PapersDocumentAnnot *annot = papers_document_annot_new (i % 3, kinds[i], colors[i], NULL);
      PapersRect r = { 72, 86 + i * 10, 200 + i, 100 + i * 10 };

      annot->contents = g_strdup_printf ("comment %u – ünïcode", i);
      g_array_append_val (annot->rects, r);
      if (i == 0)
        {
          PapersRect r2 = { 72, 116, 180, 132 };
          g_array_append_val (annot->rects, r2);
        }
      g_ptr_array_add (annots, annot);
    }

  g_assert_false (papers_document_export_annotated (doc, annots, bad, &error));
  g_assert_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (papers_document_export_annotated (doc, annots, out, &error));
  g_assert_no_error (error);
  /* The open document is unchanged. */
  read = papers_document_read_annotations (doc, NULL);
  g_assert_cmpuint (read->len, ==, 0);
  g_clear_pointer (&read, g_ptr_array_unref);

  back = papers_document_load (out, NULL, NULL, &error);
  g_assert_no_error (error);
  read = papers_document_read_annotations (back, &error);
  g_assert_cmpuint (read->len, ==, annots->len);
  for (guint i = 0; i < annots->len; i++)
    {
      PapersDocumentAnnot *want = g_ptr_array_index (annots, i);
      PapersDocumentAnnot *got = NULL;

      for (guint j = 0; j < read->len; j++)
        if (((PapersDocumentAnnot *) g_ptr_array_index (read, j))->kind == want->kind)
          got = g_ptr_array_index (read, j);
      g_assert_nonnull (got);
      g_assert_cmpint (got->page, ==, want->page);
      g_assert_cmpstr (got->contents, ==, want->contents);
      g_assert_cmphex (got->rgb, ==, want->rgb);
      if (want->kind != PAPERS_ANNOT_NOTE)
        {
          PapersRect *a = &g_array_index (want->rects, PapersRect, 0);
          PapersRect *b = &g_array_index (got->rects, PapersRect, 0);

          g_assert_cmpuint (got->rects->len, ==, want->rects->len);
          g_assert_cmpfloat (fabs (a->x1 - b->x1) + fabs (a->y1 - b->y1) + fabs (a->x2 - b->x2) + fabs (a->y2 - b->y2), <, 0.5);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/document/generated", test_generated);
  g_test_add_func ("/viewer/document/errors", test_errors);
  g_test_add_func ("/corpus/viewer/document/passwords", test_passwords);
  g_test_add_func ("/corpus/viewer/document/all", test_corpus);
  g_test_add_func ("/corpus/viewer/document/outline-loop", test_outline_loop);
  g_test_add_func ("/corpus/viewer/document/labels", test_labels);
  g_test_add_func ("/corpus/viewer/document/existing-annotations", test_existing_annotations);
  g_test_add_func ("/corpus/viewer/document/export", test_export);
  return g_test_run ();
}
