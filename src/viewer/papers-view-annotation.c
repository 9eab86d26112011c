/* papers-view-annotation.c: an annotation as the viewer keeps it in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-view-annotation.h"

struct _PapersViewAnnotation
{
  GObject          parent_instance;
  char            *id;
  int              page;
  PapersAnnotKind  kind;
  guint32          rgb;
  GArray          *rects;
  char            *text;
  char            *comment;
  gboolean         from_document;
};

G_DEFINE_FINAL_TYPE (PapersViewAnnotation, papers_view_annotation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_COLOR,
  PROP_TEXT,
  PROP_COMMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* A stable name for storage ("highlight", "underline", …). */
const char *
papers_annot_kind_to_string (PapersAnnotKind kind)
{
  switch (kind)
    {
    case PAPERS_ANNOT_HIGHLIGHT: return "highlight";
    case PAPERS_ANNOT_UNDERLINE: return "underline";
    case PAPERS_ANNOT_STRIKEOUT: return "strikeout";
    case PAPERS_ANNOT_SQUIGGLY: return "squiggly";
    case PAPERS_ANNOT_NOTE: return "note";
    case PAPERS_ANNOT_OTHER:
    default: return "other";
    }
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

static void
papers_view_annotation_finalize (GObject *object)
{
  PapersViewAnnotation *self = PAPERS_VIEW_ANNOTATION (object);

  g_free (self->id);
  g_clear_pointer (&self->rects, g_array_unref);
  g_free (self->text);
  g_free (self->comment);
  G_OBJECT_CLASS (papers_view_annotation_parent_class)->finalize (object);
}

static void
papers_view_annotation_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PapersViewAnnotation *self = PAPERS_VIEW_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_COLOR:
      g_value_set_uint (value, self->rgb);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_COMMENT:
      g_value_set_string (value, self->comment);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_view_annotation_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PapersViewAnnotation *self = PAPERS_VIEW_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      papers_view_annotation_set_kind (self, g_value_get_int (value));
      break;
    case PROP_COLOR:
      papers_view_annotation_set_color (self, g_value_get_uint (value));
      break;
    case PROP_TEXT:
      papers_view_annotation_set_text (self, g_value_get_string (value));
      break;
    case PROP_COMMENT:
      papers_view_annotation_set_comment (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_view_annotation_class_init (PapersViewAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = papers_view_annotation_finalize;
  object_class->get_property = papers_view_annotation_get_property;
  object_class->set_property = papers_view_annotation_set_property;

  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, 0, PAPERS_ANNOT_OTHER, 0,
                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR] = g_param_spec_uint ("color", NULL, NULL, 0, 0xffffff, 0xfff176,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMMENT] = g_param_spec_string ("comment", NULL, NULL, NULL,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
papers_view_annotation_init (PapersViewAnnotation *self)
{
  self->id = g_uuid_string_random ();
  self->rects = g_array_new (FALSE, FALSE, sizeof (PapersRect));
}

PapersViewAnnotation *
papers_view_annotation_new (int             page,
                            PapersAnnotKind kind,
                            guint32         rgb)
{
  PapersViewAnnotation *self = g_object_new (PAPERS_TYPE_VIEW_ANNOTATION, NULL);

  self->page = page;
  self->kind = kind;
  self->rgb = rgb & 0xffffff;
  return self;
}

/* Wraps an annotation read from the file; it is shown but not exported
 * again, since the file already holds it. */
PapersViewAnnotation *
papers_view_annotation_new_from_document (const PapersDocumentAnnot *annot)
{
  PapersViewAnnotation *self = papers_view_annotation_new (annot->page, annot->kind, annot->rgb);

  g_array_append_vals (self->rects, annot->rects->data, annot->rects->len);
  self->comment = g_strdup (annot->contents);
  self->from_document = TRUE;
  return self;
}

const char *
papers_view_annotation_get_id (PapersViewAnnotation *self)
{
  return self->id;
}

int
papers_view_annotation_get_page (PapersViewAnnotation *self)
{
  return self->page;
}

PapersAnnotKind
papers_view_annotation_get_kind (PapersViewAnnotation *self)
{
  return self->kind;
}

void
papers_view_annotation_set_kind (PapersViewAnnotation *self,
                                 PapersAnnotKind       kind)
{
  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

guint32
papers_view_annotation_get_color (PapersViewAnnotation *self)
{
  return self->rgb;
}

void
papers_view_annotation_set_color (PapersViewAnnotation *self,
                                  guint32               rgb)
{
  rgb &= 0xffffff;
  if (self->rgb == rgb)
    return;
  self->rgb = rgb;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

/**
 * papers_view_annotation_get_rects:
 *
 * Returns: (transfer none) (element-type PapersRect): the rectangles
 */
GArray *
papers_view_annotation_get_rects (PapersViewAnnotation *self)
{
  return self->rects;
}

void
papers_view_annotation_add_rect (PapersViewAnnotation *self,
                                 const PapersRect     *rect)
{
  g_array_append_vals (self->rects, rect, 1);
}

const char *
papers_view_annotation_get_text (PapersViewAnnotation *self)
{
  return self->text;
}

void
papers_view_annotation_set_text (PapersViewAnnotation *self,
                                 const char           *text)
{
  if (g_set_str (&self->text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
papers_view_annotation_get_comment (PapersViewAnnotation *self)
{
  return self->comment;
}

void
papers_view_annotation_set_comment (PapersViewAnnotation *self,
                                    const char           *comment)
{
  if (g_set_str (&self->comment, comment))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMENT]);
}

gboolean
papers_view_annotation_get_from_document (PapersViewAnnotation *self)
{
  return self->from_document;
}

/* The top of the first rectangle, in points; 0 without rectangles. */
double
papers_view_annotation_get_top (PapersViewAnnotation *self)
{
  return self->rects->len > 0 ? g_array_index (self->rects, PapersRect, 0).y1 : 0;
}

/**
 * papers_view_annotation_to_document:
 *
 * Returns: (transfer full): a record for papers_document_export_annotated()
 */
PapersDocumentAnnot *
papers_view_annotation_to_document (PapersViewAnnotation *self)
{
  PapersDocumentAnnot *annot = papers_document_annot_new (self->page, self->kind, self->rgb, self->comment);

  g_array_append_vals (annot->rects, self->rects->data, self->rects->len);
  return annot;
}

/* Page order, then top to bottom: the order of the sidebar. */
int
papers_view_annotation_compare (gconstpointer a,
                                gconstpointer b,
                                gpointer      user_data)
{
  PapersViewAnnotation *x = (PapersViewAnnotation *) a;
  PapersViewAnnotation *y = (PapersViewAnnotation *) b;
  double tx, ty;

  if (x->page != y->page)
    return x->page < y->page ? -1 : 1;
  tx = papers_view_annotation_get_top (x);
  ty = papers_view_annotation_get_top (y);
  return (tx > ty) - (tx < ty);
}
