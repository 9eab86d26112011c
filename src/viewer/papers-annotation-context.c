/* papers-annotation-context.c: the annotations over an open document
 *
 * The model of the annotations shown over the document (the library's
 * and those already in the file), which one is selected, which one is
 * under a point, and the requests that create, update and remove them:
 * each changes the model and is announced, so the view only draws and
 * whoever keeps annotations listens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-annotation-context.h"

/* A sticky note is drawn as an icon of this size, in points. */
#define NOTE_SIZE 16

struct _PapersAnnotationContext
{
  GObject           parent_instance;

  GListStore       *model;      /* of PapersAnnotation, in page order */
  char             *paper_id;
  PapersAnnotation *selected;
};

G_DEFINE_FINAL_TYPE (PapersAnnotationContext, papers_annotation_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_PAPER_ID,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  ANNOTATION_ADDED,
  ANNOTATION_UPDATED,
  ANNOTATION_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_selected (PapersAnnotationContext *self,
              PapersAnnotation        *annotation)
{
  if (!g_set_object (&self->selected, annotation))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
model_items_changed (GListModel              *model,
                     guint                    position,
                     guint                    removed,
                     guint                    added,
                     PapersAnnotationContext *self)
{
  /* An annotation removed by anyone is no longer selected. */
  if (removed > 0 && self->selected != NULL && !g_list_store_find (self->model, self->selected, NULL))
    {
      g_clear_object (&self->selected);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * papers_annotation_context_get_model:
 *
 * Returns: (transfer none): the annotations shown, a store of
 *   #PapersAnnotation kept in page order
 */
GListStore *
papers_annotation_context_get_model (PapersAnnotationContext *self)
{
  g_return_val_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self), NULL);
  return self->model;
}

/**
 * papers_annotation_context_set_model:
 * @model: (nullable): a store of #PapersAnnotation in page order, or
 *   %NULL for a new empty one
 */
void
papers_annotation_context_set_model (PapersAnnotationContext *self,
                                     GListStore              *model)
{
  g_return_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self));
  g_return_if_fail (model == NULL || G_IS_LIST_STORE (model));

  if (model != NULL && model == self->model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed, self);
  g_clear_object (&self->model);
  self->model = model ? g_object_ref (model) : g_list_store_new (PAPERS_TYPE_ANNOTATION);
  g_signal_connect (self->model, "items-changed", G_CALLBACK (model_items_changed), self);
  set_selected (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * papers_annotation_context_set_paper_id:
 * @paper_id: (nullable): the library's id of the paper shown
 *
 * New annotations carry this id, ready to be stored in the library.
 */
void
papers_annotation_context_set_paper_id (PapersAnnotationContext *self,
                                        const char              *paper_id)
{
  g_return_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self));
  if (g_set_str (&self->paper_id, paper_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAPER_ID]);
}

const char *
papers_annotation_context_get_paper_id (PapersAnnotationContext *self)
{
  g_return_val_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self), NULL);
  return self->paper_id;
}

static gboolean
rect_contains (const PapersRect *r,
               double            x,
               double            y)
{
  return x >= r->x1 && x <= r->x2 && y >= r->y1 && y <= r->y2;
}

/**
 * papers_annotation_context_annotation_at:
 * @page: a page
 * @x: a point on it, in points
 * @y: a point on it, in points
 *
 * Returns: (transfer none) (nullable): the annotation drawn at that point,
 *   the one on top where several overlap
 */
PapersAnnotation *
papers_annotation_context_annotation_at (PapersAnnotationContext *self,
                                         int                      page,
                                         double                   x,
                                         double                   y)
{
  GListModel *model;
  PapersAnnotation *hit = NULL;

  g_return_val_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self), NULL);
  model = G_LIST_MODEL (self->model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PapersAnnotation) annot = g_list_model_get_item (model, i);
      const PapersRect *rects;
      guint n_rects;

      if (papers_annotation_get_page (annot) != page)
        continue;
      rects = papers_annot_get_rects (annot, &n_rects);
      for (guint j = 0; j < n_rects; j++)
        {
          PapersRect r = rects[j];

          /* A note is its icon at the corner of its rectangle. */
          if (papers_annot_get_kind (annot) == PAPERS_ANNOT_NOTE)
            r = (PapersRect) { r.x1, r.y1, r.x1 + NOTE_SIZE, r.y1 + NOTE_SIZE };
          if (rect_contains (&r, x, y))
            {
              /* Later annotations are drawn over earlier ones. */
              hit = annot;
              break;
            }
        }
    }
  return hit;
}

/**
 * papers_annotation_context_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected annotation
 */
PapersAnnotation *
papers_annotation_context_get_selected (PapersAnnotationContext *self)
{
  g_return_val_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self), NULL);
  return self->selected;
}

/**
 * papers_annotation_context_select:
 * @annotation: (nullable): one of the model's annotations, or %NULL
 */
void
papers_annotation_context_select (PapersAnnotationContext *self,
                                  PapersAnnotation        *annotation)
{
  g_return_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self));
  g_return_if_fail (annotation == NULL || PAPERS_IS_ANNOTATION (annotation));

  if (annotation != NULL && !g_list_store_find (self->model, annotation, NULL))
    return;
  set_selected (self, annotation);
}

/**
 * papers_annotation_context_add:
 * @annotation: a new annotation
 *
 * Adds it in page order and emits #PapersAnnotationContext::annotation-added.
 */
void
papers_annotation_context_add (PapersAnnotationContext *self,
                               PapersAnnotation        *annotation)
{
  g_return_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self));
  g_return_if_fail (PAPERS_IS_ANNOTATION (annotation));

  g_list_store_insert_sorted (self->model, annotation, papers_annot_compare, NULL);
  g_signal_emit (self, signals[ANNOTATION_ADDED], 0, annotation);
}

/**
 * papers_annotation_context_add_markup:
 * @page: the page of @data
 * @data: the page's text and character boxes
 * @first: the first character marked
 * @last: the last character marked, included
 * @kind: highlight, underline, strike-through or squiggly
 * @rgb: a color, 0xRRGGBB
 *
 * Marks the characters, one rectangle per line, keeping their text.
 *
 * Returns: (transfer none) (nullable): the new annotation, or %NULL when
 *   the range covers nothing drawn
 */
PapersAnnotation *
papers_annotation_context_add_markup (PapersAnnotationContext *self,
                                      int                      page,
                                      const PapersPageData    *data,
                                      guint                    first,
                                      guint                    last,
                                      PapersAnnotKind          kind,
                                      guint32                  rgb)
{
  g_autoptr(PapersAnnotation) annot = NULL;
  g_autoptr(GArray) rects = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (kind != PAPERS_ANNOT_NOTE, NULL);

  rects = papers_page_data_range_rects (data, first, last);
  if (rects->len == 0)
    return NULL;
  annot = papers_annot_new (self->paper_id, page, kind, rgb);
  for (guint i = 0; i < rects->len; i++)
    papers_annot_add_rect (annot, &g_array_index (rects, PapersRect, i));
  text = papers_page_data_range_text (data, first, last);
  papers_annotation_set_text (annot, g_strstrip (text));
  papers_annotation_context_add (self, annot);
  /* The model holds it now. */
  return annot;
}

/**
 * papers_annotation_context_add_note:
 * @page: the page
 * @x: where, in points from the left
 * @y: where, in points from the top
 * @comment: (nullable): the note's text
 *
 * Returns: (transfer none): the new sticky note
 */
PapersAnnotation *
papers_annotation_context_add_note (PapersAnnotationContext *self,
                                    int                      page,
                                    double                   x,
                                    double                   y,
                                    const char              *comment)
{
  g_autoptr(PapersAnnotation) annot = NULL;
  PapersRect rect = { x, y, x + NOTE_SIZE, y + NOTE_SIZE };

  g_return_val_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self), NULL);

  annot = papers_annot_new (self->paper_id, page, PAPERS_ANNOT_NOTE, 0xfff176);
  papers_annot_add_rect (annot, &rect);
  papers_annotation_set_comment (annot, comment);
  papers_annotation_context_add (self, annot);
  return annot;
}

/**
 * papers_annotation_context_update:
 * @annotation: one of the model's annotations, changed (a comment, a
 *   color)
 *
 * Emits #PapersAnnotationContext::annotation-updated and redraws.
 */
void
papers_annotation_context_update (PapersAnnotationContext *self,
                                  PapersAnnotation        *annotation)
{
  g_return_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self));
  g_return_if_fail (PAPERS_IS_ANNOTATION (annotation));

  if (!g_list_store_find (self->model, annotation, NULL))
    return;
  g_signal_emit (self, signals[ANNOTATION_UPDATED], 0, annotation);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * papers_annotation_context_remove:
 * @annotation: one of the model's annotations
 *
 * Removes it and emits #PapersAnnotationContext::annotation-removed.
 * Annotations already in the file stay: the viewer never changes the
 * file itself.
 *
 * Returns: %TRUE if it was removed
 */
gboolean
papers_annotation_context_remove (PapersAnnotationContext *self,
                                  PapersAnnotation        *annotation)
{
  g_autoptr(PapersAnnotation) held = NULL;
  guint position;

  g_return_val_if_fail (PAPERS_IS_ANNOTATION_CONTEXT (self), FALSE);
  g_return_val_if_fail (PAPERS_IS_ANNOTATION (annotation), FALSE);

  if (papers_annot_is_from_document (annotation) ||
      !g_list_store_find (self->model, annotation, &position))
    return FALSE;
  held = g_object_ref (annotation);
  g_list_store_remove (self->model, position);
  g_signal_emit (self, signals[ANNOTATION_REMOVED], 0, held);
  return TRUE;
}

static void
papers_annotation_context_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  PapersAnnotationContext *self = PAPERS_ANNOTATION_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_MODEL: g_value_set_object (value, self->model); break;
    case PROP_PAPER_ID: g_value_set_string (value, self->paper_id); break;
    case PROP_SELECTED: g_value_set_object (value, self->selected); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_annotation_context_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  PapersAnnotationContext *self = PAPERS_ANNOTATION_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_MODEL: papers_annotation_context_set_model (self, g_value_get_object (value)); break;
    case PROP_PAPER_ID: papers_annotation_context_set_paper_id (self, g_value_get_string (value)); break;
    case PROP_SELECTED: papers_annotation_context_select (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_annotation_context_dispose (GObject *object)
{
  PapersAnnotationContext *self = PAPERS_ANNOTATION_CONTEXT (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed, self);
  g_clear_object (&self->model);
  g_clear_object (&self->selected);
  G_OBJECT_CLASS (papers_annotation_context_parent_class)->dispose (object);
}

static void
papers_annotation_context_finalize (GObject *object)
{
  PapersAnnotationContext *self = PAPERS_ANNOTATION_CONTEXT (object);

  g_free (self->paper_id);
  G_OBJECT_CLASS (papers_annotation_context_parent_class)->finalize (object);
}

static void
papers_annotation_context_class_init (PapersAnnotationContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = papers_annotation_context_get_property;
  object_class->set_property = papers_annotation_context_set_property;
  object_class->dispose = papers_annotation_context_dispose;
  object_class->finalize = papers_annotation_context_finalize;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAPER_ID] =
    g_param_spec_string ("paper-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, PAPERS_TYPE_ANNOTATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PapersAnnotationContext::changed:
   *
   * What is drawn changed: an annotation added, removed or updated, the
   * model replaced, another one selected.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * PapersAnnotationContext::annotation-added:
   * @annotation: the new #PapersAnnotation
   */
  signals[ANNOTATION_ADDED] = g_signal_new ("annotation-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, PAPERS_TYPE_ANNOTATION);
  /**
   * PapersAnnotationContext::annotation-updated:
   * @annotation: the #PapersAnnotation changed
   */
  signals[ANNOTATION_UPDATED] = g_signal_new ("annotation-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, PAPERS_TYPE_ANNOTATION);
  /**
   * PapersAnnotationContext::annotation-removed:
   * @annotation: the #PapersAnnotation no longer shown
   */
  signals[ANNOTATION_REMOVED] = g_signal_new ("annotation-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, PAPERS_TYPE_ANNOTATION);
}

static void
papers_annotation_context_init (PapersAnnotationContext *self)
{
  papers_annotation_context_set_model (self, NULL);
}

PapersAnnotationContext *
papers_annotation_context_new (void)
{
  return g_object_new (PAPERS_TYPE_ANNOTATION_CONTEXT, NULL);
}
