/* test-annot.c: the viewer's reading of the library's PapersAnnotation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-annot.h"

static void
test_kinds_and_colors (void)
{
  g_autoptr(PapersAnnotation) annot = papers_annot_new ("2304.02623", 3, PAPERS_ANNOT_SQUIGGLY, 0x80cbc4);
  guint n_colors;

  for (int kind = PAPERS_ANNOT_HIGHLIGHT; kind <= PAPERS_ANNOT_NOTE; kind++)
    {
      g_assert_true (papers_annotation_type_is_valid (papers_annot_kind_to_string (kind)));
      g_assert_cmpint (papers_annot_kind_from_string (papers_annot_kind_to_string (kind)), ==, kind);
    }
  g_assert_cmpint (papers_annot_kind_from_string ("bogus"), ==, PAPERS_ANNOT_OTHER);
  g_assert_cmpint (papers_annot_kind_from_string (NULL), ==, PAPERS_ANNOT_OTHER);

  g_assert_cmpint (papers_annot_get_kind (annot), ==, PAPERS_ANNOT_SQUIGGLY);
  g_assert_cmpstr (papers_annotation_get_color (annot), ==, "#80cbc4");
  g_assert_cmphex (papers_annot_get_rgb (annot), ==, 0x80cbc4);
  /* Colors the viewer did not write fall back to the first of the palette. */
  papers_annotation_set_color (annot, "red");
  g_assert_cmphex (papers_annot_get_rgb (annot), ==, papers_annotation_palette (&n_colors)[0].rgb);
  papers_annotation_set_color (annot, "#zzzzzz");
  g_assert_cmphex (papers_annot_get_rgb (annot), ==, papers_annotation_palette (&n_colors)[0].rgb);
  g_assert_cmpuint (n_colors, >=, 8);
}

static void
test_rects_and_export_record (void)
{
  g_autoptr(PapersAnnotation) a = papers_annot_new (NULL, 1, PAPERS_ANNOT_HIGHLIGHT, 0xfff176);
  g_autoptr(PapersAnnotation) b = papers_annot_new (NULL, 1, PAPERS_ANNOT_NOTE, 0xfff176);
  g_autoptr(PapersAnnotation) c = papers_annot_new (NULL, 0, PAPERS_ANNOT_UNDERLINE, 0xfff176);
  g_autoptr(PapersDocumentAnnot) record = NULL;
  g_autoptr(PapersAnnotation) back = NULL;
  PapersRect r1 = { 10, 200, 100, 212 }, r2 = { 10, 214, 80, 226 }, r3 = { 50, 50, 66, 66 };
  const PapersRect *rects;
  guint n;

  papers_annot_add_rect (a, &r1);
  papers_annot_add_rect (a, &r2);
  papers_annot_add_rect (b, &r3);
  rects = papers_annot_get_rects (a, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (rects[1].y2, ==, 226);
  g_assert_cmpfloat (papers_annot_get_top (a), ==, 200);

  /* Page order, then top to bottom. */
  g_assert_cmpint (papers_annot_compare (c, a, NULL), <, 0);
  g_assert_cmpint (papers_annot_compare (b, a, NULL), <, 0);
  g_assert_cmpint (papers_annot_compare (a, a, NULL), ==, 0);

  papers_annotation_set_comment (a, "why this matters");
  record = papers_annot_to_document (a);
  g_assert_cmpint (record->page, ==, 1);
  g_assert_cmpint (record->kind, ==, PAPERS_ANNOT_HIGHLIGHT);
  g_assert_cmphex (record->rgb, ==, 0xfff176);
  g_assert_cmpstr (record->contents, ==, "why this matters");
  g_assert_cmpuint (record->rects->len, ==, 2);

  g_assert_false (papers_annot_is_from_document (a));
  back = papers_annot_new_from_document (record, "x");
  g_assert_true (papers_annot_is_from_document (back));
  g_assert_cmpstr (papers_annotation_get_comment (back), ==, "why this matters");
  papers_annot_get_rects (back, &n);
  g_assert_cmpuint (n, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/annot/kinds-and-colors", test_kinds_and_colors);
  g_test_add_func ("/viewer/annot/rects-and-export-record", test_rects_and_export_record);
  return g_test_run ();
}
