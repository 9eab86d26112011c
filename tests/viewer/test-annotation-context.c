/* test-annotation-context.c: PapersAnnotationContext without a view or a
 * display, over page data made by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-annotation-context.h"

/* Two lines: "ab cd" at y 100–110 and "ef" at y 120–130, 10 points a
 * character; the space has no box, like Poppler's line breaks. */
static const PapersRect char_rects[] = {
  { 10, 100, 20, 110 }, { 20, 100, 30, 110 }, { 30, 100, 30, 110 }, { 40, 100, 50, 110 },
  { 50, 100, 60, 110 }, { 60, 100, 60, 110 }, { 10, 120, 20, 130 }, { 20, 120, 30, 130 },
};

static const PapersPageData page_data = {
  (char *) "ab cd\nef", G_N_ELEMENTS (char_rects), (PapersRect *) char_rects, NULL, NULL,
};

/* What the context announced, in order. */
typedef struct {
  GString *log;
} Record;

static void
on_signal (PapersAnnotationContext *context,
           PapersAnnotation        *annot,
           const char              *name)
{
  GString *log = g_object_get_data (G_OBJECT (context), "log");

  g_string_append_printf (log, "%s;", name);
}

static void
on_changed (PapersAnnotationContext *context,
            int                     *count)
{
  (*count)++;
}

static PapersAnnotationContext *
context_with_log (GString *log)
{
  PapersAnnotationContext *context = papers_annotation_context_new ();

  g_object_set_data (G_OBJECT (context), "log", log);
  g_signal_connect (context, "annotation-added", G_CALLBACK (on_signal), (gpointer) "added");
  g_signal_connect (context, "annotation-updated", G_CALLBACK (on_signal), (gpointer) "updated");
  g_signal_connect (context, "annotation-removed", G_CALLBACK (on_signal), (gpointer) "removed");
  return context;
}

static void
test_create (void)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(PapersAnnotationContext) context = context_with_log (log);
  GListModel *model = G_LIST_MODEL (papers_annotation_context_get_model (context));
  PapersAnnotation *markup, *note, *earlier;
  const PapersRect *rects;
  guint n_rects;
  int changes = 0;

  g_signal_connect (context, "changed", G_CALLBACK (on_changed), &changes);
  papers_annotation_context_set_paper_id (context, "2304.02623");

  /* One rectangle per line, the text without its line break. */
  markup = papers_annotation_context_add_markup (context, 2, &page_data, 3, 7, PAPERS_ANNOT_UNDERLINE, 0xef5350);
  g_assert_nonnull (markup);
  g_assert_cmpstr (log->str, ==, "added;");
  g_assert_cmpint (changes, ==, 1);
  g_assert_cmpstr (papers_annotation_get_text (markup), ==, "cd\nef");
  g_assert_cmpstr (papers_annotation_get_paper_id (markup), ==, "2304.02623");
  g_assert_cmpint (papers_annotation_get_page (markup), ==, 2);
  g_assert_cmpint (papers_annot_get_kind (markup), ==, PAPERS_ANNOT_UNDERLINE);
  rects = papers_annot_get_rects (markup, &n_rects);
  g_assert_cmpuint (n_rects, ==, 2);
  g_assert_cmpfloat (rects[0].x1, ==, 40);
  g_assert_cmpfloat (rects[0].x2, ==, 60);
  g_assert_cmpfloat (rects[1].y1, ==, 120);

  /* Only characters without a box: nothing to mark, nothing announced. */
  g_assert_null (papers_annotation_context_add_markup (context, 2, &page_data, 2, 2, PAPERS_ANNOT_HIGHLIGHT, 0));
  /* A range past the page's end marks nothing and reads nothing. */
  g_assert_null (papers_annotation_context_add_markup (context, 2, &page_data, 50, 90, PAPERS_ANNOT_HIGHLIGHT, 0));
  g_assert_cmpstr (log->str, ==, "added;");

  note = papers_annotation_context_add_note (context, 5, 100, 200, "A sticky note");
  g_assert_cmpint (papers_annot_get_kind (note), ==, PAPERS_ANNOT_NOTE);
  g_assert_cmpstr (papers_annotation_get_comment (note), ==, "A sticky note");
  rects = papers_annot_get_rects (note, &n_rects);
  g_assert_cmpuint (n_rects, ==, 1);
  g_assert_cmpfloat (rects[0].x2 - rects[0].x1, ==, 16);

  /* The model stays in page order whatever order they come in. */
  earlier = papers_annotation_context_add_markup (context, 0, &page_data, 0, 1, PAPERS_ANNOT_HIGHLIGHT, 0x90caf9);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  {
    g_autoptr(PapersAnnotation) first = g_list_model_get_item (model, 0);
    g_autoptr(PapersAnnotation) last = g_list_model_get_item (model, 2);

    g_assert_true (first == earlier);
    g_assert_true (last == note);
  }
  g_assert_cmpstr (log->str, ==, "added;added;added;");
  g_assert_cmpint (changes, ==, 3);
}

static void
test_hit_and_select (void)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(PapersAnnotationContext) context = context_with_log (log);
  GListStore *store = papers_annotation_context_get_model (context);
  g_autoptr(PapersAnnotation) stranger = papers_annot_new (NULL, 0, PAPERS_ANNOT_HIGHLIGHT, 0);
  PapersAnnotation *line, *word, *note, *selected = NULL;
  guint position;

  line = papers_annotation_context_add_markup (context, 0, &page_data, 0, 4, PAPERS_ANNOT_HIGHLIGHT, 0xfff176);
  word = papers_annotation_context_add_markup (context, 0, &page_data, 3, 4, PAPERS_ANNOT_UNDERLINE, 0xef5350);
  note = papers_annotation_context_add_note (context, 1, 300, 400, NULL);

  g_assert_true (papers_annotation_context_annotation_at (context, 0, 15, 105) == line);
  /* Where two overlap, the one drawn on top. */
  g_assert_true (papers_annotation_context_annotation_at (context, 0, 45, 105) == word);
  g_assert_null (papers_annotation_context_annotation_at (context, 0, 15, 125));
  g_assert_null (papers_annotation_context_annotation_at (context, 1, 15, 105));
  /* A note is its icon. */
  g_assert_true (papers_annotation_context_annotation_at (context, 1, 315, 415) == note);
  g_assert_null (papers_annotation_context_annotation_at (context, 1, 317, 405));

  papers_annotation_context_select (context, word);
  g_object_get (context, "selected", &selected, NULL);
  g_assert_true (selected == word);
  g_clear_object (&selected);
  /* What is not shown cannot be selected. */
  papers_annotation_context_select (context, stranger);
  g_assert_true (papers_annotation_context_get_selected (context) == word);
  papers_annotation_context_select (context, NULL);
  g_assert_null (papers_annotation_context_get_selected (context));

  /* Removed by whoever holds the model: no longer selected. */
  papers_annotation_context_select (context, note);
  g_assert_true (g_list_store_find (store, note, &position));
  g_list_store_remove (store, position);
  g_assert_null (papers_annotation_context_get_selected (context));

  /* A new model selects nothing. */
  papers_annotation_context_select (context, line);
  papers_annotation_context_set_model (context, NULL);
  g_assert_null (papers_annotation_context_get_selected (context));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (papers_annotation_context_get_model (context))), ==, 0);
  g_assert_null (papers_annotation_context_annotation_at (context, 0, 15, 105));
}

static void
test_update_and_remove (void)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(PapersAnnotationContext) context = context_with_log (log);
  g_autoptr(GListStore) store = g_list_store_new (PAPERS_TYPE_ANNOTATION);
  g_autoptr(PapersDocumentAnnot) in_file = papers_document_annot_new (0, PAPERS_ANNOT_HIGHLIGHT, 0xffff00, "in the file");
  g_autoptr(PapersAnnotation) from_document = papers_annot_new_from_document (in_file, NULL);
  g_autoptr(PapersAnnotation) stranger = papers_annot_new (NULL, 0, PAPERS_ANNOT_HIGHLIGHT, 0);
  g_autoptr(PapersAnnotation) held = NULL;
  PapersAnnotation *note;
  int changes = 0;

  papers_annotation_context_set_model (context, store);
  g_assert_true (papers_annotation_context_get_model (context) == store);
  g_list_store_append (store, from_document);
  g_signal_connect (context, "changed", G_CALLBACK (on_changed), &changes);
  note = papers_annotation_context_add_note (context, 0, 10, 10, NULL);
  g_assert_cmpint (changes, ==, 1);

  papers_annotation_set_comment (note, "changed");
  papers_annotation_context_update (context, note);
  g_assert_cmpint (changes, ==, 2);
  papers_annotation_context_update (context, stranger);

  /* The file's own annotations stay; a stranger is not there to remove. */
  g_assert_false (papers_annotation_context_remove (context, from_document));
  g_assert_false (papers_annotation_context_remove (context, stranger));
  held = g_object_ref (note);
  g_assert_true (papers_annotation_context_remove (context, held));
  g_assert_false (papers_annotation_context_remove (context, held));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_cmpstr (log->str, ==, "added;updated;removed;");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/annotation-context/create", test_create);
  g_test_add_func ("/viewer/annotation-context/hit-and-select", test_hit_and_select);
  g_test_add_func ("/viewer/annotation-context/update-and-remove", test_update_and_remove);
  return g_test_run ();
}
