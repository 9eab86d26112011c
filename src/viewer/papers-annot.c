/* papers-annot.c: what the viewer needs of the library's PapersAnnotation
 *
 * The library stores an annotation's color as "#rrggbb"; the viewer works
 * with 0xRRGGBB, and with rectangles in PDF points from the top-left of
 * the page, which is how the library's four doubles per rectangle are read
 * here.  Kinds are the library's (papers_annotation_get_kind()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "papers-annot.h"

G_STATIC_ASSERT (sizeof (PapersRect) == 4 * sizeof (double));

static GQuark
from_document_quark (void)
{
  return g_quark_from_static_string ("papers-annot-from-document");
}

static const PapersPaletteColor palette[] = {
  { 0xfff176, N_("Yellow") },
  { 0xa5d6a7, N_("Green") },
  { 0x90caf9, N_("Blue") },
  { 0xf48fb1, N_("Pink") },
  { 0xffb74d, N_("Orange") },
  { 0xce93d8, N_("Purple") },
  { 0xef5350, N_("Red") },
  { 0x80cbc4, N_("Teal") },
  { 0xbcaaa4, N_("Brown") },
};

/**
 * papers_annotation_palette:
 * @n_colors: (out): the number of colors
 *
 * Returns: (transfer none) (array length=n_colors): the palette
 */
const PapersPaletteColor *
papers_annotation_palette (guint *n_colors)
{
  *n_colors = G_N_ELEMENTS (palette);
  return palette;
}

const char *
papers_annot_kind_label (PapersAnnotKind kind)
{
  switch (kind)
    {
    case PAPERS_ANNOT_HIGHLIGHT: return _("Highlight");
    case PAPERS_ANNOT_UNDERLINE: return _("Underline");
    case PAPERS_ANNOT_STRIKEOUT: return _("Strike-through");
    case PAPERS_ANNOT_SQUIGGLY: return _("Squiggly");
    case PAPERS_ANNOT_NOTE: return _("Note");
    case PAPERS_ANNOT_OTHER:
    default: return _("Annotation");
    }
}

/**
 * papers_annot_new:
 * @paper_id: (nullable): the paper in the library
 *
 * Returns: (transfer full): a new annotation, created now
 */
PapersAnnotation *
papers_annot_new (const char      *paper_id,
                  int              page,
                  PapersAnnotKind  kind,
                  guint32          rgb)
{
  PapersAnnotation *annot = papers_annotation_new (paper_id, page, papers_annot_kind_to_string (kind));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  papers_annot_set_rgb (annot, rgb);
  papers_annotation_set_created (annot, now);
  papers_annotation_set_updated (annot, now);
  return annot;
}

/**
 * papers_annot_new_from_document:
 *
 * Wraps an annotation read from the PDF itself; it is shown and listed
 * but neither stored in the library nor exported again.
 *
 * Returns: (transfer full): the annotation
 */
PapersAnnotation *
papers_annot_new_from_document (const PapersDocumentAnnot *annot,
                                const char                *paper_id)
{
  PapersAnnotation *self = papers_annot_new (paper_id, annot->page, annot->kind, annot->rgb);

  papers_annotation_set_rects (self, (const double *) annot->rects->data, annot->rects->len);
  papers_annotation_set_comment (self, annot->contents);
  g_object_set_qdata (G_OBJECT (self), from_document_quark (), GINT_TO_POINTER (TRUE));
  return self;
}

PapersAnnotKind
papers_annot_get_kind (PapersAnnotation *annot)
{
  return papers_annotation_get_kind (annot);
}

guint32
papers_annot_get_rgb (PapersAnnotation *annot)
{
  const char *color = papers_annotation_get_color (annot);
  guint64 value;

  if (color != NULL && color[0] == '#' && strlen (color) == 7 &&
      g_ascii_string_to_unsigned (color + 1, 16, 0, 0xffffff, &value, NULL))
    return (guint32) value;
  return palette[0].rgb;
}

void
papers_annot_set_rgb (PapersAnnotation *annot,
                      guint32           rgb)
{
  g_autofree char *color = g_strdup_printf ("#%06x", rgb & 0xffffff);

  papers_annotation_set_color (annot, color);
}

/**
 * papers_annot_get_rects:
 * @n_rects: (out): how many
 *
 * Returns: (transfer none) (array length=n_rects): the rectangles
 */
const PapersRect *
papers_annot_get_rects (PapersAnnotation *annot,
                        guint            *n_rects)
{
  return (const PapersRect *) papers_annotation_get_rects (annot, n_rects);
}

void
papers_annot_add_rect (PapersAnnotation *annot,
                       const PapersRect *rect)
{
  guint n;
  const PapersRect *rects = papers_annot_get_rects (annot, &n);
  g_autofree PapersRect *all = g_new (PapersRect, n + 1);

  if (n > 0)
    memcpy (all, rects, n * sizeof (PapersRect));
  all[n] = *rect;
  papers_annotation_set_rects (annot, (const double *) all, n + 1);
}

/* The top of the first rectangle, in points; 0 without rectangles. */
double
papers_annot_get_top (PapersAnnotation *annot)
{
  guint n;
  const PapersRect *rects = papers_annot_get_rects (annot, &n);

  return n > 0 ? rects[0].y1 : 0;
}

gboolean
papers_annot_is_from_document (PapersAnnotation *annot)
{
  return g_object_get_qdata (G_OBJECT (annot), from_document_quark ()) != NULL;
}

/**
 * papers_annot_to_document:
 *
 * Returns: (transfer full): a record for papers_document_export_annotated()
 */
PapersDocumentAnnot *
papers_annot_to_document (PapersAnnotation *annot)
{
  PapersDocumentAnnot *record = papers_document_annot_new (papers_annotation_get_page (annot),
                                                           papers_annot_get_kind (annot),
                                                           papers_annot_get_rgb (annot),
                                                           papers_annotation_get_comment (annot));
  guint n;
  const PapersRect *rects = papers_annot_get_rects (annot, &n);

  g_array_append_vals (record->rects, rects, n);
  return record;
}

/* Page order, then top to bottom: the order of the sidebar. */
int
papers_annot_compare (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  PapersAnnotation *x = (PapersAnnotation *) a;
  PapersAnnotation *y = (PapersAnnotation *) b;
  int px = papers_annotation_get_page (x), py = papers_annotation_get_page (y);
  double tx, ty;

  if (px != py)
    return px < py ? -1 : 1;
  tx = papers_annot_get_top (x);
  ty = papers_annot_get_top (y);
  return (tx > ty) - (tx < ty);
}
