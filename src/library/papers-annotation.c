/* papers-annotation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-annotation.h"

struct _PapersAnnotation
{
  GObject    parent_instance;

  gint64     id;
  char      *paper_id;
  int        page;
  char      *type;
  /* @type read once, as the viewer draws by kind */
  PapersAnnotKind kind;
  char      *color;
  GArray    *rects;
  char      *text;
  char      *comment;
  GDateTime *created;
  GDateTime *updated;
};

G_DEFINE_FINAL_TYPE (PapersAnnotation, papers_annotation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PAPER_ID,
  PROP_PAGE,
  PROP_ANNOTATION_TYPE,
  PROP_KIND,
  PROP_COLOR,
  PROP_TEXT,
  PROP_COMMENT,
  PROP_CREATED,
  PROP_UPDATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The nicks of PAPERS_TYPE_ANNOT_KIND too (test-enums checks that they
 * agree); a table, as kinds are looked up while drawing */
static const char * const kind_names[] = {
  [PAPERS_ANNOT_HIGHLIGHT] = "highlight",
  [PAPERS_ANNOT_UNDERLINE] = "underline",
  [PAPERS_ANNOT_STRIKEOUT] = "strikeout",
  [PAPERS_ANNOT_SQUIGGLY] = "squiggly",
  [PAPERS_ANNOT_NOTE] = "note",
  [PAPERS_ANNOT_OTHER] = "other",
};

/**
 * papers_annot_kind_to_string:
 * @kind: a kind
 *
 * Returns: (transfer none): the word the library stores for @kind
 */
const char *
papers_annot_kind_to_string (PapersAnnotKind kind)
{
  return kind <= PAPERS_ANNOT_OTHER ? kind_names[kind] : "other";
}

/**
 * papers_annot_kind_from_string:
 * @type: (nullable): a word the library stores
 *
 * Returns: the kind @type names, %PAPERS_ANNOT_OTHER for any other word
 */
PapersAnnotKind
papers_annot_kind_from_string (const char *type)
{
  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (type, kind_names[i]))
      return i;
  return PAPERS_ANNOT_OTHER;
}

/**
 * papers_annotation_type_is_valid:
 * @type: (nullable): a type name
 *
 * Returns: whether @type is one of highlight, underline, strikeout,
 *   squiggly or note: the kinds the library keeps
 */
gboolean
papers_annotation_type_is_valid (const char *type)
{
  return papers_annot_kind_from_string (type) != PAPERS_ANNOT_OTHER;
}

static char **
str_field (PapersAnnotation *self,
           guint             prop_id)
{
  switch (prop_id)
    {
    case PROP_PAPER_ID: return &self->paper_id;
    case PROP_ANNOTATION_TYPE: return &self->type;
    case PROP_COLOR: return &self->color;
    case PROP_TEXT: return &self->text;
    case PROP_COMMENT: return &self->comment;
    default: return NULL;
    }
}

static GDateTime **
date_field (PapersAnnotation *self,
            guint             prop_id)
{
  return prop_id == PROP_CREATED ? &self->created : &self->updated;
}

static void
set_str (PapersAnnotation *self,
         guint             prop_id,
         const char       *value)
{
  g_return_if_fail (PAPERS_IS_ANNOTATION (self));

  if (g_set_str (str_field (self, prop_id), value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_date (PapersAnnotation *self,
          guint             prop_id,
          GDateTime        *value)
{
  GDateTime **field;

  g_return_if_fail (PAPERS_IS_ANNOTATION (self));

  field = date_field (self, prop_id);
  if (*field == value || (*field != NULL && value != NULL && g_date_time_equal (*field, value)))
    return;
  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
papers_annotation_finalize (GObject *object)
{
  PapersAnnotation *self = (PapersAnnotation *) object;

  g_free (self->paper_id);
  g_free (self->type);
  g_free (self->color);
  g_free (self->text);
  g_free (self->comment);
  g_clear_pointer (&self->rects, g_array_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);

  G_OBJECT_CLASS (papers_annotation_parent_class)->finalize (object);
}

static void
papers_annotation_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PapersAnnotation *self = PAPERS_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_PAGE:
      g_value_set_int (value, self->page);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_CREATED:
    case PROP_UPDATED:
      g_value_set_boxed (value, *date_field (self, prop_id));
      break;
    case PROP_PAPER_ID:
    case PROP_ANNOTATION_TYPE:
    case PROP_COLOR:
    case PROP_TEXT:
    case PROP_COMMENT:
      g_value_set_string (value, *str_field (self, prop_id));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_annotation_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PapersAnnotation *self = PAPERS_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      papers_annotation_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_PAGE:
      papers_annotation_set_page (self, g_value_get_int (value));
      break;
    case PROP_ANNOTATION_TYPE:
      papers_annotation_set_annotation_type (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      papers_annotation_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_CREATED:
    case PROP_UPDATED:
      set_date (self, prop_id, g_value_get_boxed (value));
      break;
    case PROP_PAPER_ID:
    case PROP_COLOR:
    case PROP_TEXT:
    case PROP_COMMENT:
      set_str (self, prop_id, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_annotation_class_init (PapersAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = papers_annotation_finalize;
  object_class->get_property = papers_annotation_get_property;
  object_class->set_property = papers_annotation_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PAPER_ID] = g_param_spec_string ("paper-id", NULL, NULL, NULL, flags);
  properties[PROP_PAGE] = g_param_spec_int ("page", NULL, NULL, 0, G_MAXINT, 0, flags);
  /* The word the library stores, and the same as a kind: setting either
   * changes and notifies both */
  properties[PROP_ANNOTATION_TYPE] = g_param_spec_string ("annotation-type", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, PAPERS_TYPE_ANNOT_KIND, PAPERS_ANNOT_OTHER,
                                             flags);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_COMMENT] = g_param_spec_string ("comment", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
papers_annotation_init (PapersAnnotation *self)
{
  self->rects = g_array_new (FALSE, FALSE, sizeof (double));
  self->kind = PAPERS_ANNOT_OTHER;
}

/**
 * papers_annotation_new:
 * @paper_id: the paper the annotation belongs to
 * @page: the page index, from 0
 * @type: highlight, underline, strikeout, squiggly or note
 *
 * Returns: (transfer full): a new annotation, not yet stored (its id is 0)
 */
PapersAnnotation *
papers_annotation_new (const char *paper_id,
                       int         page,
                       const char *type)
{
  return g_object_new (PAPERS_TYPE_ANNOTATION,
                       "paper-id", paper_id,
                       "page", page,
                       "annotation-type", type,
                       NULL);
}

/**
 * papers_annotation_copy:
 * @self: an annotation
 *
 * Returns: (transfer full): a deep copy of @self
 */
PapersAnnotation *
papers_annotation_copy (PapersAnnotation *self)
{
  PapersAnnotation *copy;

  g_return_val_if_fail (PAPERS_IS_ANNOTATION (self), NULL);

  copy = papers_annotation_new (self->paper_id, self->page, self->type);
  copy->id = self->id;
  copy->color = g_strdup (self->color);
  copy->text = g_strdup (self->text);
  copy->comment = g_strdup (self->comment);
  g_array_append_vals (copy->rects, self->rects->data, self->rects->len);
  copy->created = self->created ? g_date_time_ref (self->created) : NULL;
  copy->updated = self->updated ? g_date_time_ref (self->updated) : NULL;
  return copy;
}

gint64
papers_annotation_get_id (PapersAnnotation *self)
{
  g_return_val_if_fail (PAPERS_IS_ANNOTATION (self), 0);
  return self->id;
}

void
papers_annotation_set_id (PapersAnnotation *self,
                          gint64            id)
{
  g_return_if_fail (PAPERS_IS_ANNOTATION (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

int
papers_annotation_get_page (PapersAnnotation *self)
{
  g_return_val_if_fail (PAPERS_IS_ANNOTATION (self), 0);
  return self->page;
}

void
papers_annotation_set_page (PapersAnnotation *self,
                            int               page)
{
  g_return_if_fail (PAPERS_IS_ANNOTATION (self));
  if (self->page == page)
    return;
  self->page = page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/**
 * papers_annotation_get_rects:
 * @self: an annotation
 * @n_rects: (out): how many rectangles
 *
 * Returns: (transfer none) (array): 4 × @n_rects coordinates x1, y1, x2, y2
 *   in PDF points
 */
const double *
papers_annotation_get_rects (PapersAnnotation *self,
                             guint            *n_rects)
{
  g_return_val_if_fail (PAPERS_IS_ANNOTATION (self), NULL);
  g_return_val_if_fail (n_rects != NULL, NULL);

  *n_rects = self->rects->len / 4;
  return (const double *) (gpointer) self->rects->data;
}

void
papers_annotation_set_rects (PapersAnnotation *self,
                             const double     *coords,
                             guint             n_rects)
{
  g_return_if_fail (PAPERS_IS_ANNOTATION (self));
  g_return_if_fail (coords != NULL || n_rects == 0);

  g_array_set_size (self->rects, 0);
  if (n_rects > 0)
    g_array_append_vals (self->rects, coords, n_rects * 4);
}

const char *papers_annotation_get_paper_id (PapersAnnotation *self) { return self->paper_id; }
void papers_annotation_set_paper_id (PapersAnnotation *self, const char *v) { set_str (self, PROP_PAPER_ID, v); }
const char *papers_annotation_get_annotation_type (PapersAnnotation *self) { return self->type; }

void
papers_annotation_set_annotation_type (PapersAnnotation *self,
                                       const char       *type)
{
  PapersAnnotKind kind = papers_annot_kind_from_string (type);

  g_return_if_fail (PAPERS_IS_ANNOTATION (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_str (self, PROP_ANNOTATION_TYPE, type);
  if (self->kind != kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

PapersAnnotKind
papers_annotation_get_kind (PapersAnnotation *self)
{
  g_return_val_if_fail (PAPERS_IS_ANNOTATION (self), PAPERS_ANNOT_OTHER);
  return self->kind;
}

/* Sets the type to @kind's word ("other" for %PAPERS_ANNOT_OTHER) */
void
papers_annotation_set_kind (PapersAnnotation *self,
                            PapersAnnotKind   kind)
{
  g_return_if_fail (kind <= PAPERS_ANNOT_OTHER);
  papers_annotation_set_annotation_type (self, papers_annot_kind_to_string (kind));
}

const char *papers_annotation_get_color (PapersAnnotation *self) { return self->color; }
void papers_annotation_set_color (PapersAnnotation *self, const char *v) { set_str (self, PROP_COLOR, v); }
const char *papers_annotation_get_text (PapersAnnotation *self) { return self->text; }
void papers_annotation_set_text (PapersAnnotation *self, const char *v) { set_str (self, PROP_TEXT, v); }
const char *papers_annotation_get_comment (PapersAnnotation *self) { return self->comment; }
void papers_annotation_set_comment (PapersAnnotation *self, const char *v) { set_str (self, PROP_COMMENT, v); }
GDateTime *papers_annotation_get_created (PapersAnnotation *self) { return self->created; }
void papers_annotation_set_created (PapersAnnotation *self, GDateTime *v) { set_date (self, PROP_CREATED, v); }
GDateTime *papers_annotation_get_updated (PapersAnnotation *self) { return self->updated; }
void papers_annotation_set_updated (PapersAnnotation *self, GDateTime *v) { set_date (self, PROP_UPDATED, v); }
