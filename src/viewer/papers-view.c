/* papers-view.c: the continuous page view (a GtkScrollable)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "papers-view.h"
#include "papers-uri.h"

#define MARGIN 12.0
#define SPACING 12.0
#define ZOOM_STEP 1.2

typedef struct {
  int   page;
  guint index;     /* character index in the page's text */
} TextPos;

struct _PapersView
{
  GtkWidget         parent_instance;

  PapersDocument   *document;
  PapersRenderer   *renderer;

  GtkAdjustment    *hadjustment;
  GtkAdjustment    *vadjustment;
  GtkScrollablePolicy hscroll_policy;
  GtkScrollablePolicy vscroll_policy;

  /* Layout, in CSS pixels at the current zoom. */
  double            zoom;
  PapersSizingMode  sizing_mode;
  double           *page_y;
  double            doc_width;
  double            doc_height;
  int               layout_width;
  int               layout_height;

  int               current_page;
  gboolean          night_mode;
  gboolean          note_mode;

  /* A position to restore once the view has a size. */
  gboolean          has_pending_position;
  int               pending_page;
  double            pending_offset;

  /* Selection. */
  gboolean          has_selection;
  TextPos           sel_anchor;
  TextPos           sel_end;
  gboolean          selecting;
  const PapersLink *pressed_link;
  int               pressed_link_page;
  double            press_x, press_y;

  PapersFindContext *find;

  PapersHistory    *history;

  PapersAnnotationContext *annots;

  /* The paper's citations, from the model, and the one the keyboard is
   * on (-1: none). */
  PapersReferences *references;
  int               focused_citation;
  int               focused_mention;    /* of a figure, table…, or -1 */

  double            pointer_x, pointer_y;
  double            last_vvalue;
  int               scroll_direction;   /* 1 down, -1 up */
  gint64            last_scroll_time;
  guint             settle_id;
  double            gesture_start_zoom;

  guint             frames;
  guint             blank_frames;
};

static void papers_view_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PapersView, papers_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, papers_view_scrollable_init))

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_CURRENT_PAGE,
  PROP_ZOOM,
  PROP_SIZING_MODE,
  PROP_NIGHT_MODE,
  PROP_HAS_SELECTION,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  PROP_FIND_N_MATCHES,
  PROP_FIND_INDEX,
  PROP_FIND_BUSY,
  PROP_NOTE_MODE,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

enum {
  ACTIVATE_URI,
  ANNOTATION_ADDED,
  SELECTION_FINISHED,
  CITATION_ACTIVATED,
  MENTION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void papers_view_relayout (PapersView *self, gboolean keep_anchor);

/* Geometry */

static int
n_pages (PapersView *self)
{
  return self->document ? papers_document_get_n_pages (self->document) : 0;
}

/* Device pixels per CSS pixel, fractional scales included, so pages are
 * rendered for the pixels they land on. */
static double
device_scale (PapersView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native ? gtk_native_get_surface (native) : NULL;

  return surface ? gdk_surface_get_scale (surface) : gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

/* The page's rectangle in document coordinates (CSS pixels), its corner
 * on the device pixel grid so textures map one to one. */
static graphene_rect_t
page_rect (PapersView *self,
           int         page)
{
  double w, h, x, sf = device_scale (self);

  papers_document_get_page_size (self->document, page, &w, &h);
  w *= self->zoom;
  h *= self->zoom;
  x = (MAX (self->doc_width, self->layout_width) - w) / 2;
  return GRAPHENE_RECT_INIT (round (x * sf) / sf, round (self->page_y[page] * sf) / sf, w, h);
}

static double
hvalue (PapersView *self)
{
  return self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

static double
vvalue (PapersView *self)
{
  return self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

/* The first page whose bottom is below @y (document coordinates). */
static int
page_at_y (PapersView *self,
           double      y)
{
  int lo = 0, hi = n_pages (self) - 1;

  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      double h;

      papers_document_get_page_size (self->document, mid, NULL, &h);
      if (self->page_y[mid] + h * self->zoom + SPACING / 2 < y)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Widget coordinates to a page and a point on it in PDF points. */
static gboolean
widget_to_page (PapersView *self,
                double      wx,
                double      wy,
                int        *page,
                double     *px,
                double     *py)
{
  graphene_rect_t rect;
  double dx = wx + hvalue (self), dy = wy + vvalue (self);

  if (self->document == NULL || self->page_y == NULL)
    return FALSE;
  *page = page_at_y (self, dy);
  rect = page_rect (self, *page);
  *px = (dx - rect.origin.x) / self->zoom;
  *py = (dy - rect.origin.y) / self->zoom;
  return TRUE;
}

static void
update_current_page (PapersView *self)
{
  double top = vvalue (self), bottom = top + self->layout_height;
  int best = self->current_page, first;
  double best_visible = -1;

  if (self->document == NULL || self->page_y == NULL)
    return;
  first = page_at_y (self, top);
  for (int i = first; i < n_pages (self) && self->page_y[i] < bottom; i++)
    {
      graphene_rect_t rect = page_rect (self, i);
      double visible = MIN (bottom, rect.origin.y + rect.size.height) - MAX (top, rect.origin.y);

      if (visible > best_visible + 0.5)
        {
          best_visible = visible;
          best = i;
        }
    }
  if (best != self->current_page)
    {
      self->current_page = best;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
    }
}

/* Scrolling */

static void
set_adjustment_values (GtkAdjustment *adj,
                       double         value,
                       double         upper,
                       double         page_size)
{
  upper = MAX (upper, page_size);
  value = CLAMP (value, 0, upper - page_size);
  gtk_adjustment_configure (adj, value, 0, upper, 40, page_size * 0.9, page_size);
}

static void
scroll_to (PapersView *self,
           double      x,
           double      y)
{
  if (self->hadjustment && x >= 0)
    gtk_adjustment_set_value (self->hadjustment, x);
  if (self->vadjustment)
    gtk_adjustment_set_value (self->vadjustment, y);
}

static void
adjustment_value_changed (GtkAdjustment *adj,
                          PapersView    *self)
{
  if (adj == self->vadjustment && gtk_adjustment_get_value (adj) != self->last_vvalue)
    {
      self->scroll_direction = gtk_adjustment_get_value (adj) > self->last_vvalue ? 1 : -1;
      self->last_vvalue = gtk_adjustment_get_value (adj);
      self->last_scroll_time = g_get_monotonic_time ();
    }
  update_current_page (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (PapersView     *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adj)
{
  if (*slot == adj && adj != NULL)
    return;
  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed, self);
      g_clear_object (slot);
    }
  if (adj == NULL)
    adj = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adj);
  g_signal_connect (adj, "value-changed", G_CALLBACK (adjustment_value_changed), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* Layout */

static double
fit_zoom (PapersView *self)
{
  double max_w, max_h, zw, zh;

  papers_document_get_max_page_size (self->document, &max_w, &max_h);
  zw = (self->layout_width - 2 * MARGIN) / max_w;
  zh = (self->layout_height - 2 * MARGIN) / max_h;
  if (self->sizing_mode == PAPERS_SIZING_FIT_PAGE)
    zw = MIN (zw, zh);
  return CLAMP (zw, PAPERS_ZOOM_MIN, PAPERS_ZOOM_MAX);
}

/* Recomputes page positions; with @keep_anchor the point at the top of
 * the view stays there across a zoom change. */
static void
papers_view_relayout (PapersView *self,
                      gboolean    keep_anchor)
{
  int anchor_page = 0;
  double anchor_offset = 0, anchor_x = 0, y = MARGIN, max_w, old_zoom = self->zoom;

  if (self->document == NULL || self->layout_width <= 0)
    return;

  if (keep_anchor && self->page_y != NULL)
    {
      double h;

      anchor_page = page_at_y (self, vvalue (self));
      papers_document_get_page_size (self->document, anchor_page, NULL, &h);
      anchor_offset = (vvalue (self) - self->page_y[anchor_page]) / (h * old_zoom);
      anchor_x = self->doc_width > self->layout_width
                 ? (hvalue (self) + self->layout_width / 2.0) / self->doc_width : 0.5;
    }

  if (self->sizing_mode != PAPERS_SIZING_FREE)
    self->zoom = fit_zoom (self);
  if (self->zoom != old_zoom)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);

  for (int i = 0; i < n_pages (self); i++)
    {
      double h;

      papers_document_get_page_size (self->document, i, NULL, &h);
      self->page_y[i] = y;
      y += h * self->zoom + SPACING;
    }
  papers_document_get_max_page_size (self->document, &max_w, NULL);
  self->doc_height = y - SPACING + MARGIN;
  self->doc_width = max_w * self->zoom + 2 * MARGIN;

  if (self->hadjustment)
    set_adjustment_values (self->hadjustment,
                           keep_anchor ? anchor_x * self->doc_width - self->layout_width / 2.0 : hvalue (self),
                           self->doc_width, self->layout_width);
  if (self->vadjustment)
    {
      double value = vvalue (self);

      if (self->has_pending_position)
        {
          anchor_page = CLAMP (self->pending_page, 0, n_pages (self) - 1);
          anchor_offset = CLAMP (self->pending_offset, 0, 1);
          keep_anchor = TRUE;
          self->has_pending_position = FALSE;
        }
      if (keep_anchor)
        {
          double h;

          papers_document_get_page_size (self->document, anchor_page, NULL, &h);
          value = self->page_y[anchor_page] + anchor_offset * h * self->zoom;
        }
      set_adjustment_values (self->vadjustment, value, self->doc_height, self->layout_height);
    }
  update_current_page (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
papers_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  PapersView *self = PAPERS_VIEW (widget);

  self->layout_width = width;
  self->layout_height = height;
  papers_view_relayout (self, TRUE);
  if (self->document == NULL)
    {
      if (self->hadjustment)
        set_adjustment_values (self->hadjustment, 0, width, width);
      if (self->vadjustment)
        set_adjustment_values (self->vadjustment, 0, height, height);
    }
}

static void
papers_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = 0;
  *natural = 400;
}

/* Drawing */

/* Inverts luminance and keeps hue: out = 1 − H·c, where H turns hue by
 * 180°, so inverting the turned color turns it back. */
void
papers_view_get_night_matrix (graphene_matrix_t *matrix,
                              graphene_vec4_t   *offset)
{
  /* graphene multiplies row vectors, so each row is one input channel. */
  const float h[16] = {
    0.574f, -0.426f, -0.426f, 0,
    -1.430f, -0.430f, -1.430f, 0,
    -0.144f, -0.144f, 0.856f, 0,
    0, 0, 0, 1,
  };

  graphene_matrix_init_from_float (matrix, h);
  graphene_vec4_init (offset, 1, 1, 1, 0);
}

typedef struct {
  GtkSnapshot     *snapshot;
  graphene_rect_t  rect;
  double           zoom;
  double           current_scale;
  gboolean         drew;
} FallbackData;

static void
draw_fallback_tile (GdkTexture *texture,
                    double      scale,
                    int         x,
                    int         y,
                    gpointer    user_data)
{
  FallbackData *data = user_data;
  double f = data->zoom / scale;
  graphene_rect_t bounds;

  if (fabs (scale - data->current_scale) < 1e-4)
    return;
  bounds = GRAPHENE_RECT_INIT (data->rect.origin.x + x * f, data->rect.origin.y + y * f,
                               gdk_texture_get_width (texture) * f,
                               gdk_texture_get_height (texture) * f);
  gtk_snapshot_append_scaled_texture (data->snapshot, texture, GSK_SCALING_FILTER_LINEAR, &bounds);
  data->drew = TRUE;
}

static void
append_rect (GtkSnapshot           *snapshot,
             const graphene_rect_t *page,
             double                 zoom,
             const PapersRect      *r,
             const GdkRGBA         *color)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (page->origin.x + r->x1 * zoom, page->origin.y + r->y1 * zoom,
                                               (r->x2 - r->x1) * zoom, (r->y2 - r->y1) * zoom);

  gtk_snapshot_append_color (snapshot, color, &bounds);
}

static void
rgb_to_rgba (guint32  rgb,
             double   alpha,
             GdkRGBA *out)
{
  out->red = ((rgb >> 16) & 0xff) / 255.0;
  out->green = ((rgb >> 8) & 0xff) / 255.0;
  out->blue = (rgb & 0xff) / 255.0;
  out->alpha = alpha;
}

static void
draw_annotation (PapersView            *self,
                 GtkSnapshot           *snapshot,
                 const graphene_rect_t *rect,
                 PapersAnnotation  *annot)
{
  guint n_rects;
  const PapersRect *rects = papers_annot_get_rects (annot, &n_rects);
  PapersAnnotKind kind = papers_annot_get_kind (annot);
  GdkRGBA color;
  double z = self->zoom;

  /* Annotations already in the file are drawn by Poppler itself. */
  if (papers_annot_is_from_document (annot))
    return;
  rgb_to_rgba (papers_annot_get_rgb (annot), kind == PAPERS_ANNOT_HIGHLIGHT ? 0.45 : 0.9, &color);

  for (guint i = 0; i < n_rects; i++)
    {
      const PapersRect *r = &rects[i];
      double thickness = MAX (1, (r->y2 - r->y1) * z / 12);
      PapersRect line = *r;

      switch (kind)
        {
        case PAPERS_ANNOT_HIGHLIGHT:
          append_rect (snapshot, rect, z, r, &color);
          break;
        case PAPERS_ANNOT_UNDERLINE:
          line.y1 = r->y2 - thickness / z;
          append_rect (snapshot, rect, z, &line, &color);
          break;
        case PAPERS_ANNOT_STRIKEOUT:
          line.y1 = (r->y1 + r->y2) / 2 - thickness / z / 2;
          line.y2 = line.y1 + thickness / z;
          append_rect (snapshot, rect, z, &line, &color);
          break;
        case PAPERS_ANNOT_SQUIGGLY:
          {
            /* Alternating short dashes read as a wave at any zoom. */
            double step = MAX (2 * thickness, 3) / z;

            for (double x = r->x1; x < r->x2; x += step)
              {
                gboolean up = ((int) ((x - r->x1) / step)) % 2 == 0;

                line.x1 = x;
                line.x2 = MIN (x + step, r->x2);
                line.y1 = r->y2 - (up ? 2 : 1) * thickness / z;
                line.y2 = line.y1 + thickness / z;
                append_rect (snapshot, rect, z, &line, &color);
              }
          }
          break;
        case PAPERS_ANNOT_NOTE:
          {
            PapersRect icon = { r->x1, r->y1, r->x1 + 16, r->y1 + 16 };
            GdkRGBA border = { 0, 0, 0, 0.5 };
            graphene_rect_t b = GRAPHENE_RECT_INIT (rect->origin.x + icon.x1 * z, rect->origin.y + icon.y1 * z,
                                                    16 * z, 16 * z);
            GskRoundedRect rounded;
            float widths[4] = { 1, 1, 1, 1 };
            GdkRGBA borders[4] = { border, border, border, border };

            color.alpha = 1;
            append_rect (snapshot, rect, z, &icon, &color);
            gsk_rounded_rect_init_from_rect (&rounded, &b, 2);
            gtk_snapshot_append_border (snapshot, &rounded, widths, borders);
          }
          break;
        case PAPERS_ANNOT_OTHER:
        default:
          break;
        }
    }
}

static void
get_selection_order (PapersView *self,
                     TextPos    *start,
                     TextPos    *end)
{
  if (self->sel_anchor.page < self->sel_end.page ||
      (self->sel_anchor.page == self->sel_end.page && self->sel_anchor.index <= self->sel_end.index))
    {
      *start = self->sel_anchor;
      *end = self->sel_end;
    }
  else
    {
      *start = self->sel_end;
      *end = self->sel_anchor;
    }
}

/* The selected character range on @page, or FALSE if none. */
static gboolean
selection_on_page (PapersView           *self,
                   int                   page,
                   const PapersPageData *data,
                   guint                *first,
                   guint                *last)
{
  TextPos start, end;

  if (!self->has_selection || data == NULL || data->n_chars == 0)
    return FALSE;
  get_selection_order (self, &start, &end);
  if (page < start.page || page > end.page)
    return FALSE;
  *first = page == start.page ? start.index : 0;
  *last = page == end.page ? end.index : data->n_chars - 1;
  return *first <= *last;
}

static const PapersCitation *
focused_citation (PapersView *self)
{
  const PapersRefs *refs = self->references ? papers_references_get_refs (self->references) : NULL;

  if (refs == NULL || self->focused_citation < 0 || (guint) self->focused_citation >= refs->citations->len)
    return NULL;
  return g_ptr_array_index (refs->citations, self->focused_citation);
}

static const PapersRefMention *
focused_mention (PapersView *self)
{
  const PapersRefs *refs = self->references ? papers_references_get_refs (self->references) : NULL;

  if (refs == NULL || self->focused_mention < 0 || (guint) self->focused_mention >= refs->mentions->len)
    return NULL;
  return g_ptr_array_index (refs->mentions, self->focused_mention);
}

/* The keyboard's citation or mention, ringed as a focused control would be. */
static void
draw_focused_citation (PapersView            *self,
                       GtkSnapshot           *snapshot,
                       int                    page,
                       const graphene_rect_t *rect)
{
  const PapersCitation *citation = focused_citation (self);
  const PapersRefMention *mention = focused_mention (self);
  const PapersTextRect *box = citation ? &citation->rect : mention ? &mention->rect : NULL;
  int on_page = citation ? citation->page : mention ? mention->page : -1;
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1 };
  GskRoundedRect outline;
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colors[4] = { accent, accent, accent, accent };

  if (box == NULL || on_page != page)
    return;
  gsk_rounded_rect_init_from_rect (&outline,
                                   &GRAPHENE_RECT_INIT (rect->origin.x + box->x1 * self->zoom - 3,
                                                        rect->origin.y + box->y1 * self->zoom - 3,
                                                        (box->x2 - box->x1) * self->zoom + 6,
                                                        (box->y2 - box->y1) * self->zoom + 6),
                                   3);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
draw_overlays (PapersView            *self,
               GtkSnapshot           *snapshot,
               int                    page,
               const graphene_rect_t *rect)
{
  const PapersPageData *data = papers_document_peek_page_data (self->document, page);
  GdkRGBA match = { 1, 0.85, 0, 0.35 }, current = { 1, 0.45, 0, 0.55 }, sel = { 0.2, 0.45, 0.95, 0.35 };
  GListModel *annots = G_LIST_MODEL (papers_annotation_context_get_model (self->annots));
  const PapersRect *matches, *current_match;
  guint first, last, n_matches;

  for (guint i = 0; i < g_list_model_get_n_items (annots); i++)
    {
      g_autoptr(PapersAnnotation) annot = g_list_model_get_item (annots, i);

      if (papers_annotation_get_page (annot) == page)
        draw_annotation (self, snapshot, rect, annot);
    }

  matches = papers_find_context_get_matches (self->find, page, &n_matches);
  current_match = papers_find_context_get_current (self->find, NULL);
  for (guint i = 0; i < n_matches; i++)
    append_rect (snapshot, rect, self->zoom, &matches[i], &matches[i] == current_match ? &current : &match);

  draw_focused_citation (self, snapshot, page, rect);

  if (selection_on_page (self, page, data, &first, &last))
    {
      g_autoptr(GArray) rects = papers_page_data_range_rects (data, first, last);

      for (guint i = 0; i < rects->len; i++)
        append_rect (snapshot, rect, self->zoom, &g_array_index (rects, PapersRect, i), &sel);
    }
}

/* Draws the tiles of a page that exist at the current scale over any
 * older rendering; returns FALSE if part of the page shows nothing. */
static gboolean
draw_page (PapersView            *self,
           GtkSnapshot           *snapshot,
           int                    page,
           const graphene_rect_t *rect,
           const graphene_rect_t *visible)
{
  double scale = self->zoom * device_scale (self), sf = device_scale (self);
  GdkRGBA white = { 1, 1, 1, 1 }, frame = { 0, 0, 0, 0.15 };
  graphene_rect_t outline;
  PapersTileGrid grid;
  gboolean complete = TRUE, covered;
  FallbackData fallback = { snapshot, *rect, self->zoom, scale, FALSE };

  graphene_rect_inset_r (rect, -1, -1, &outline);
  gtk_snapshot_append_color (snapshot, &frame, &outline);
  gtk_snapshot_append_color (snapshot, &white, rect);

  papers_renderer_get_grid (self->renderer, page, scale, &grid);
  for (int row = 0; row < grid.n_rows && complete; row++)
    for (int col = 0; col < grid.n_cols && complete; col++)
      {
        graphene_rect_t tile = GRAPHENE_RECT_INIT (rect->origin.x + col * grid.tile_size / sf,
                                                   rect->origin.y + row * grid.tile_size / sf,
                                                   grid.tile_size ? grid.tile_size / sf : rect->size.width,
                                                   grid.tile_size ? grid.tile_size / sf : rect->size.height);

        if (graphene_rect_intersection (&tile, visible, NULL) &&
            papers_renderer_lookup_tile (self->renderer, page, scale, col, row) == NULL)
          complete = FALSE;
      }

  covered = complete;
  if (!complete)
    {
      papers_renderer_foreach_tile (self->renderer, page, draw_fallback_tile, &fallback);
      covered = fallback.drew;
    }

  for (int row = 0; row < grid.n_rows; row++)
    for (int col = 0; col < grid.n_cols; col++)
      {
        GdkTexture *texture = papers_renderer_lookup_tile (self->renderer, page, scale, col, row);
        graphene_rect_t bounds;

        if (texture == NULL)
          continue;
        bounds = GRAPHENE_RECT_INIT (rect->origin.x + col * grid.tile_size / sf,
                                     rect->origin.y + row * grid.tile_size / sf,
                                     gdk_texture_get_width (texture) / sf,
                                     gdk_texture_get_height (texture) / sf);
        if (graphene_rect_intersection (&bounds, visible, NULL))
          gtk_snapshot_append_texture (snapshot, texture, &bounds);
      }
  return covered;
}

#define SETTLE_MS 200

static gboolean
scroll_settled (gpointer data)
{
  PapersView *self = data;

  self->settle_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* Asks for the tiles of the visible pages first, then of the pages two
 * screens ahead in the direction of scrolling; everything else queued is
 * cancelled.  Pages behind are not asked for, so that one that left the
 * view can give its memory (and the toolkit's copy of its texture) back
 * when the cache is over its cap. */
static void
request_tiles (PapersView            *self,
               const graphene_rect_t *visible)
{
  double scale = self->zoom * device_scale (self), sf = device_scale (self);
  double centre = visible->origin.y + visible->size.height / 2;
  double ahead = 2 * visible->size.height;
  /* Text and links wait until scrolling pauses: while pages fly by, the
   * worker's time goes to pixels. */
  gboolean settled = g_get_monotonic_time () - self->last_scroll_time > SETTLE_MS * 1000;
  graphene_rect_t wide;
  int first;

  wide = GRAPHENE_RECT_INIT (visible->origin.x,
                             visible->origin.y - (self->scroll_direction < 0 ? ahead : 0),
                             visible->size.width, visible->size.height + ahead);
  papers_renderer_begin_requests (self->renderer);
  first = page_at_y (self, wide.origin.y);
  for (int page = first; page < n_pages (self) && self->page_y[page] < wide.origin.y + wide.size.height; page++)
    {
      graphene_rect_t rect = page_rect (self, page);
      gboolean page_visible = graphene_rect_intersection (&rect, visible, NULL);
      PapersTileGrid grid;

      papers_renderer_get_grid (self->renderer, page, scale, &grid);
      for (int row = 0; row < grid.n_rows; row++)
        for (int col = 0; col < grid.n_cols; col++)
          {
            graphene_rect_t tile = GRAPHENE_RECT_INIT (rect.origin.x + col * grid.tile_size / sf,
                                                       rect.origin.y + row * grid.tile_size / sf,
                                                       grid.tile_size ? grid.tile_size / sf : rect.size.width,
                                                       grid.tile_size ? grid.tile_size / sf : rect.size.height);
            double distance = fabs (tile.origin.y + tile.size.height / 2 - centre);

            if (graphene_rect_intersection (&tile, visible, NULL))
              papers_renderer_request_tile (self->renderer, page, scale, col, row,
                                            PAPERS_RENDER_VISIBLE, distance);
            else if (graphene_rect_intersection (&tile, &wide, NULL))
              papers_renderer_request_tile (self->renderer, page, scale, col, row,
                                            PAPERS_RENDER_NEIGHBOUR, distance);
          }
      if (settled)
        papers_renderer_request_page_data (self->renderer, page,
                                           page_visible ? PAPERS_RENDER_VISIBLE_DATA : PAPERS_RENDER_NEIGHBOUR_DATA);
    }
  papers_renderer_end_requests (self->renderer);
  if (!settled && self->settle_id == 0)
    self->settle_id = g_timeout_add (SETTLE_MS + 20, scroll_settled, self);
}

static void
papers_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  PapersView *self = PAPERS_VIEW (widget);
  graphene_rect_t visible;
  gboolean blank = FALSE;
  int first;

  if (self->document == NULL || self->page_y == NULL)
    return;

  visible = GRAPHENE_RECT_INIT (hvalue (self), vvalue (self), self->layout_width, self->layout_height);
  request_tiles (self, &visible);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-visible.origin.x, -visible.origin.y));
  first = page_at_y (self, visible.origin.y);
  for (int page = first; page < n_pages (self) && self->page_y[page] < visible.origin.y + visible.size.height; page++)
    {
      graphene_rect_t rect = page_rect (self, page);

      if (!graphene_rect_intersection (&rect, &visible, NULL))
        continue;
      if (self->night_mode)
        {
          graphene_matrix_t matrix;
          graphene_vec4_t offset;

          papers_view_get_night_matrix (&matrix, &offset);
          gtk_snapshot_push_color_matrix (snapshot, &matrix, &offset);
        }
      if (!draw_page (self, snapshot, page, &rect, &visible))
        blank = TRUE;
      if (self->night_mode)
        gtk_snapshot_pop (snapshot);
      draw_overlays (self, snapshot, page, &rect);
    }
  gtk_snapshot_restore (snapshot);

  self->frames++;
  if (blank)
    self->blank_frames++;
}

/* Links and text under the pointer */

static const PapersLink *
link_at (PapersView *self,
         double      wx,
         double      wy,
         int        *page_out)
{
  const PapersPageData *data;
  double x, y;
  int page;

  if (!widget_to_page (self, wx, wy, &page, &x, &y))
    return NULL;
  data = papers_document_peek_page_data (self->document, page);
  for (guint i = 0; data != NULL && i < data->links->len; i++)
    {
      const PapersLink *link = g_ptr_array_index (data->links, i);

      if (x >= link->area.x1 && x <= link->area.x2 && y >= link->area.y1 && y <= link->area.y2)
        {
          if (page_out)
            *page_out = page;
          return link;
        }
    }
  return NULL;
}

/* The character nearest to (@x, @y) in points; lines weigh more than
 * columns so a point between lines picks the line it is closest to. */
static gboolean
char_at (const PapersPageData *data,
         double                x,
         double                y,
         guint                *index)
{
  double best = G_MAXDOUBLE;

  if (data == NULL || data->n_chars == 0)
    return FALSE;
  for (guint i = 0; i < data->n_chars; i++)
    {
      const PapersRect *r = &data->char_rects[i];
      double dx = x < r->x1 ? r->x1 - x : x > r->x2 ? x - r->x2 : 0;
      double dy = y < r->y1 ? r->y1 - y : y > r->y2 ? y - r->y2 : 0;
      double d = dx + 4 * dy;

      if (d < best)
        {
          best = d;
          *index = i;
          if (d == 0)
            break;
        }
    }
  return TRUE;
}

static gunichar
char_of (const PapersPageData *data,
         guint                 index)
{
  const char *p = g_utf8_offset_to_pointer (data->text, index);

  return g_utf8_get_char (p);
}

static void
notify_selection (PapersView *self,
                  gboolean    had)
{
  if (had != self->has_selection)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SELECTION]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * papers_view_select_at:
 * @page: a page
 * @x: a point on it, in points
 * @y: a point on it, in points
 * @n_press: 1 starts a selection there, 2 selects the word, 3 the line
 *
 * Returns: %TRUE if there was text to select
 */
gboolean
papers_view_select_at (PapersView *self,
                       int         page,
                       double      x,
                       double      y,
                       int         n_press)
{
  const PapersPageData *data;
  gboolean had = self->has_selection;
  guint index, first, last;

  g_return_val_if_fail (PAPERS_IS_VIEW (self), FALSE);
  if (self->document == NULL)
    return FALSE;
  data = papers_document_peek_page_data (self->document, page);
  if (!char_at (data, x, y, &index))
    return FALSE;

  first = last = index;
  if (n_press == 2)
    {
      while (first > 0 && g_unichar_isalnum (char_of (data, first - 1)))
        first--;
      while (last + 1 < data->n_chars && g_unichar_isalnum (char_of (data, last + 1)))
        last++;
    }
  else if (n_press >= 3)
    {
      while (first > 0 && char_of (data, first - 1) != '\n')
        first--;
      while (last + 1 < data->n_chars && char_of (data, last + 1) != '\n')
        last++;
    }
  self->sel_anchor = (TextPos) { page, first };
  self->sel_end = (TextPos) { page, last };
  self->has_selection = n_press >= 2;
  notify_selection (self, had);
  return TRUE;
}

void
papers_view_select_range (PapersView *self,
                          int         start_page,
                          guint       start_char,
                          int         end_page,
                          guint       end_char)
{
  gboolean had = self->has_selection;

  g_return_if_fail (PAPERS_IS_VIEW (self));
  self->sel_anchor = (TextPos) { start_page, start_char };
  self->sel_end = (TextPos) { end_page, end_char };
  self->has_selection = TRUE;
  notify_selection (self, had);
}

void
papers_view_clear_selection (PapersView *self)
{
  gboolean had = self->has_selection;

  g_return_if_fail (PAPERS_IS_VIEW (self));
  self->has_selection = FALSE;
  notify_selection (self, had);
}

gboolean
papers_view_has_selection (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), FALSE);
  return self->has_selection;
}

/**
 * papers_view_get_selected_text:
 *
 * Returns: (transfer full) (nullable): the selected text
 */
char *
papers_view_get_selected_text (PapersView *self)
{
  GString *text;
  TextPos start, end;

  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  if (!self->has_selection || self->document == NULL)
    return NULL;

  text = g_string_new (NULL);
  get_selection_order (self, &start, &end);
  for (int page = start.page; page <= end.page; page++)
    {
      const PapersPageData *data = papers_document_peek_page_data (self->document, page);
      guint first, last;

      if (selection_on_page (self, page, data, &first, &last))
        {
          g_autofree char *range = papers_page_data_range_text (data, first, last);

          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, range);
        }
    }
  return g_string_free (text, FALSE);
}

void
papers_view_copy_selection (PapersView *self)
{
  g_autofree char *text = papers_view_get_selected_text (self);

  if (text != NULL && *text != '\0')
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

/* Input */

/* A single press starts afresh; a double press selects the word under
 * the pointer and a triple press its line. */
static void
click_pressed (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               PapersView      *self)
{
  double px, py;
  int page;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 1)
    {
      if (link_at (self, x, y, NULL) == NULL)
        papers_view_clear_selection (self);
      papers_annotation_context_select (self->annots,
                                        widget_to_page (self, x, y, &page, &px, &py)
                                        ? papers_annotation_context_annotation_at (self->annots, page, px, py)
                                        : NULL);
    }
  else if (widget_to_page (self, x, y, &page, &px, &py) &&
           papers_view_select_at (self, page, px, py, n_press))
    g_signal_emit (self, signals[SELECTION_FINISHED], 0);
}

static void
drag_begin (GtkGestureDrag *gesture,
            double          x,
            double          y,
            PapersView     *self)
{
  self->press_x = x;
  self->press_y = y;
  self->pressed_link = link_at (self, x, y, &self->pressed_link_page);
  self->selecting = FALSE;
}

/* The selection starts only once the pointer really moves, so clicks on
 * links and double clicks leave it alone. */
static void
drag_update (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             PapersView     *self)
{
  const PapersPageData *data;
  double px, py;
  int page;
  guint index;
  gboolean had = self->has_selection;

  if (fabs (dx) + fabs (dy) < 3 || self->note_mode)
    return;
  if (!self->selecting)
    {
      if (!widget_to_page (self, self->press_x, self->press_y, &page, &px, &py) ||
          !papers_view_select_at (self, page, px, py, 1))
        return;
      self->selecting = TRUE;
      self->pressed_link = NULL;
    }
  if (!widget_to_page (self, self->press_x + dx, self->press_y + dy, &page, &px, &py))
    return;
  data = papers_document_peek_page_data (self->document, page);
  if (!char_at (data, px, py, &index))
    return;
  self->sel_end = (TextPos) { page, index };
  self->has_selection = TRUE;
  notify_selection (self, had);
}

static void
drag_end (GtkGestureDrag *gesture,
          double          dx,
          double          dy,
          PapersView     *self)
{
  double px, py;
  int page;

  if (self->selecting)
    g_signal_emit (self, signals[SELECTION_FINISHED], 0);
  else if (fabs (dx) + fabs (dy) < 3)
    {
      if (self->pressed_link != NULL)
        papers_view_activate_link (self, self->pressed_link);
      else if (self->note_mode &&
               widget_to_page (self, self->press_x, self->press_y, &page, &px, &py))
        papers_view_add_note (self, page, px, py, NULL);
    }
  self->pressed_link = NULL;
  self->selecting = FALSE;
}

static void
motion (GtkEventControllerMotion *controller,
        double                    x,
        double                    y,
        PapersView               *self)
{
  const PapersLink *link;

  self->pointer_x = x;
  self->pointer_y = y;
  link = self->document ? link_at (self, x, y, NULL) : NULL;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   link ? "pointer" : self->note_mode ? "crosshair" : "text");
}

typedef struct {
  PapersView *view;
  int         page;
  GdkTexture *texture;
} Preview;

static void
pick_preview (GdkTexture *texture,
              double      scale,
              int         x,
              int         y,
              gpointer    user_data)
{
  Preview *preview = user_data;
  PapersTileGrid grid;

  /* Only a texture of the whole page, not a tile, makes a preview. */
  papers_renderer_get_grid (preview->view->renderer, preview->page, scale, &grid);
  if (grid.tile_size == 0)
    preview->texture = texture;
}

static gboolean
query_tooltip (GtkWidget  *widget,
               int         x,
               int         y,
               gboolean    keyboard,
               GtkTooltip *tooltip,
               PapersView *self)
{
  const PapersLink *link = self->document ? link_at (self, x, y, NULL) : NULL;
  int citation, mention;

  /* Where the reader previews a citation or a figure, its popover says
   * more than the link's tooltip. */
  if (link == NULL || papers_view_reference_at (self, x, y, &citation, &mention))
    return FALSE;
  if (link->kind == PAPERS_LINK_EXTERNAL)
    gtk_tooltip_set_text (tooltip, link->uri);
  else if (link->dest_page >= 0)
    {
      Preview preview = { self, link->dest_page, NULL };
      g_autofree char *label = g_strdup_printf (_("Go to page %s"),
                                                papers_document_get_page_label (self->document, link->dest_page));

      /* A preview of the target page, from whatever rendering of it is
       * cached (whole pages only; a tile would show a fragment). */
      papers_renderer_foreach_tile (self->renderer, link->dest_page, pick_preview, &preview);
      if (preview.texture != NULL)
        {
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
          GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (preview.texture));

          gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
          gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
          gtk_widget_set_size_request (picture, 200, 260);
          gtk_box_append (GTK_BOX (box), picture);
          gtk_box_append (GTK_BOX (box), gtk_label_new (label));
          gtk_tooltip_set_custom (tooltip, box);
        }
      else
        gtk_tooltip_set_text (tooltip, label);
    }
  else
    gtk_tooltip_set_text (tooltip, _("Invalid link destination"));
  return TRUE;
}

static void
zoom_around (PapersView *self,
             double      zoom,
             double      wx,
             double      wy)
{
  double px = 0, py = 0;
  int page = 0;
  gboolean anchored;

  zoom = CLAMP (zoom, PAPERS_ZOOM_MIN, PAPERS_ZOOM_MAX);
  if (self->document == NULL || fabs (zoom - self->zoom) < 1e-6)
    return;
  anchored = widget_to_page (self, wx, wy, &page, &px, &py);
  self->sizing_mode = PAPERS_SIZING_FREE;
  self->zoom = zoom;
  papers_view_relayout (self, !anchored);
  if (anchored)
    {
      graphene_rect_t rect = page_rect (self, page);

      scroll_to (self, rect.origin.x + px * zoom - wx, rect.origin.y + py * zoom - wy);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZING_MODE]);
}

static gboolean
scroll (GtkEventControllerScroll *controller,
        double                    dx,
        double                    dy,
        PapersView               *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;
  zoom_around (self, self->zoom * pow (ZOOM_STEP, -CLAMP (dy, -3, 3)), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
zoom_begin (GtkGesture       *gesture,
            GdkEventSequence *sequence,
            PapersView       *self)
{
  self->gesture_start_zoom = self->zoom;
}

static void
zoom_scale_changed (GtkGestureZoom *gesture,
                    double          scale,
                    PapersView     *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    x = self->layout_width / 2.0, y = self->layout_height / 2.0;
  zoom_around (self, self->gesture_start_zoom * scale, x, y);
}

static void
scroll_by_pages (PapersView *self,
                 double      pages)
{
  if (self->vadjustment)
    gtk_adjustment_set_value (self->vadjustment,
                              vvalue (self) + pages * gtk_adjustment_get_page_increment (self->vadjustment));
}

static void
view_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  PapersView *self = PAPERS_VIEW (widget);

  if (g_str_equal (name, "view.zoom-in"))
    papers_view_zoom_in (self);
  else if (g_str_equal (name, "view.zoom-out"))
    papers_view_zoom_out (self);
  else if (g_str_equal (name, "view.fit-width"))
    papers_view_set_sizing_mode (self, PAPERS_SIZING_FIT_WIDTH);
  else if (g_str_equal (name, "view.fit-page"))
    papers_view_set_sizing_mode (self, PAPERS_SIZING_FIT_PAGE);
  else if (g_str_equal (name, "view.go-back"))
    papers_view_go_back (self);
  else if (g_str_equal (name, "view.go-forward"))
    papers_view_go_forward (self);
  else if (g_str_equal (name, "view.copy"))
    papers_view_copy_selection (self);
  else if (g_str_equal (name, "view.page-down"))
    scroll_by_pages (self, 1);
  else if (g_str_equal (name, "view.page-up"))
    scroll_by_pages (self, -1);
  else if (g_str_equal (name, "view.line-down"))
    scroll_by_pages (self, 0.1);
  else if (g_str_equal (name, "view.line-up"))
    scroll_by_pages (self, -0.1);
  else if (g_str_equal (name, "view.home"))
    papers_view_go_to_page (self, 0);
  else if (g_str_equal (name, "view.end"))
    papers_view_go_to_page (self, n_pages (self) - 1);
  else if (g_str_equal (name, "view.select-none"))
    {
      papers_view_clear_selection (self);
      papers_view_focus_citation (self, 0);
    }
  else if (g_str_equal (name, "view.next-citation"))
    papers_view_focus_citation (self, 1);
  else if (g_str_equal (name, "view.previous-citation"))
    papers_view_focus_citation (self, -1);
  else if (g_str_equal (name, "view.activate-citation") && focused_citation (self) != NULL)
    g_signal_emit (self, signals[CITATION_ACTIVATED], 0, self->focused_citation);
  else if (g_str_equal (name, "view.activate-citation") && focused_mention (self) != NULL)
    g_signal_emit (self, signals[MENTION_ACTIVATED], 0, self->focused_mention);
}

/* Document and zoom */

static void
on_renderer_update (PapersRenderer *renderer,
                    int             page,
                    PapersView     *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
papers_view_set_document (PapersView     *self,
                          PapersDocument *document)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  g_return_if_fail (document == NULL || PAPERS_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  papers_find_context_set_document (self->find, document);
  if (self->renderer != NULL)
    g_signal_handlers_disconnect_by_data (self->renderer, self);
  g_clear_object (&self->renderer);
  g_clear_object (&self->document);
  g_clear_pointer (&self->page_y, g_free);
  papers_history_clear (self->history);
  papers_view_focus_citation (self, 0);
  self->has_selection = FALSE;
  self->current_page = 0;

  if (document != NULL)
    {
      self->document = g_object_ref (document);
      self->renderer = papers_renderer_new (document);
      g_signal_connect (self->renderer, "tile-ready", G_CALLBACK (on_renderer_update), self);
      g_signal_connect (self->renderer, "page-data-ready", G_CALLBACK (on_renderer_update), self);
      self->page_y = g_new0 (double, papers_document_get_n_pages (document));
      if (self->vadjustment)
        gtk_adjustment_set_value (self->vadjustment, 0);
    }
  papers_view_relayout (self, FALSE);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIND_N_MATCHES]);
}

/**
 * papers_view_get_document:
 *
 * Returns: (transfer none) (nullable): the document
 */
PapersDocument *
papers_view_get_document (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  return self->document;
}

/**
 * papers_view_get_renderer:
 *
 * Returns: (transfer none) (nullable): the renderer of the document
 */
PapersRenderer *
papers_view_get_renderer (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  return self->renderer;
}

int
papers_view_get_current_page (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), 0);
  return self->current_page;
}

/**
 * papers_view_go_to_dest:
 * @page: the page
 * @top: points from the top of the page to show at the top of the view,
 *   or -1 for the top of the page
 */
void
papers_view_go_to_dest (PapersView *self,
                        int         page,
                        double      top)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  if (self->document == NULL)
    return;
  page = CLAMP (page, 0, n_pages (self) - 1);
  if (self->layout_width <= 0)
    {
      double h;

      papers_document_get_page_size (self->document, page, NULL, &h);
      self->has_pending_position = TRUE;
      self->pending_page = page;
      self->pending_offset = top > 0 ? top / h : 0;
      self->current_page = page;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
      return;
    }
  scroll_to (self, -1, self->page_y[page] + MAX (top, 0) * self->zoom - (top > 0 ? MARGIN : MARGIN / 2));
  update_current_page (self);
  if (self->current_page != page && top <= 0)
    {
      /* Short last pages cannot reach the top; they are still current. */
      self->current_page = page;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
    }
}

void
papers_view_go_to_page (PapersView *self,
                        int         page)
{
  papers_view_go_to_dest (self, page, -1);
}

gboolean
papers_view_next_page (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), FALSE);
  if (self->current_page + 1 >= n_pages (self))
    return FALSE;
  papers_view_go_to_page (self, self->current_page + 1);
  return TRUE;
}

gboolean
papers_view_previous_page (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), FALSE);
  if (self->current_page <= 0)
    return FALSE;
  papers_view_go_to_page (self, self->current_page - 1);
  return TRUE;
}

double
papers_view_get_zoom (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), 1.0);
  return self->zoom;
}

void
papers_view_set_zoom (PapersView *self,
                      double      zoom)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  zoom_around (self, zoom, self->layout_width / 2.0, self->layout_height / 2.0);
  if (self->document == NULL || self->layout_width <= 0)
    {
      self->zoom = CLAMP (zoom, PAPERS_ZOOM_MIN, PAPERS_ZOOM_MAX);
      self->sizing_mode = PAPERS_SIZING_FREE;
    }
}

void
papers_view_zoom_in (PapersView *self)
{
  papers_view_set_zoom (self, self->zoom * ZOOM_STEP);
}

void
papers_view_zoom_out (PapersView *self)
{
  papers_view_set_zoom (self, self->zoom / ZOOM_STEP);
}

PapersSizingMode
papers_view_get_sizing_mode (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), PAPERS_SIZING_FIT_WIDTH);
  return self->sizing_mode;
}

void
papers_view_set_sizing_mode (PapersView       *self,
                             PapersSizingMode  mode)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  if (self->sizing_mode == mode)
    return;
  self->sizing_mode = mode;
  papers_view_relayout (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZING_MODE]);
}

gboolean
papers_view_get_night_mode (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), FALSE);
  return self->night_mode;
}

void
papers_view_set_night_mode (PapersView *self,
                            gboolean    night_mode)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  night_mode = !!night_mode;
  if (self->night_mode == night_mode)
    return;
  self->night_mode = night_mode;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NIGHT_MODE]);
}

void
papers_view_set_note_mode (PapersView *self,
                           gboolean    note_mode)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  note_mode = !!note_mode;
  if (self->note_mode == note_mode)
    return;
  self->note_mode = note_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE_MODE]);
}

void
papers_view_get_reading_position (PapersView *self,
                                  int        *page,
                                  double     *offset,
                                  double     *zoom)
{
  int p = 0;
  double o = 0, h;

  g_return_if_fail (PAPERS_IS_VIEW (self));
  if (self->has_pending_position)
    {
      p = self->pending_page;
      o = self->pending_offset;
    }
  else if (self->document != NULL && self->page_y != NULL && self->layout_width > 0)
    {
      /* The gap above a page counts as that page. */
      p = page_at_y (self, vvalue (self) + SPACING);
      papers_document_get_page_size (self->document, p, NULL, &h);
      o = CLAMP ((vvalue (self) - self->page_y[p]) / (h * self->zoom), 0, 1);
    }
  if (page)
    *page = p;
  if (offset)
    *offset = o;
  if (zoom)
    *zoom = self->sizing_mode == PAPERS_SIZING_FIT_WIDTH ? PAPERS_ZOOM_FIT_WIDTH
          : self->sizing_mode == PAPERS_SIZING_FIT_PAGE ? PAPERS_ZOOM_FIT_PAGE
          : self->zoom;
}

/**
 * papers_view_set_reading_position:
 * @page: the page at the top of the view
 * @offset: how far into that page the view starts, 0…1
 * @zoom: a zoom factor, or %PAPERS_ZOOM_FIT_WIDTH / %PAPERS_ZOOM_FIT_PAGE
 *
 * Restores what papers_view_get_reading_position() returned; may be
 * called before the view has a size or a document.
 */
void
papers_view_set_reading_position (PapersView *self,
                                  int         page,
                                  double      offset,
                                  double      zoom)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));

  if (zoom == PAPERS_ZOOM_FIT_PAGE)
    self->sizing_mode = PAPERS_SIZING_FIT_PAGE;
  else if (zoom > 0)
    {
      self->sizing_mode = PAPERS_SIZING_FREE;
      self->zoom = CLAMP (zoom, PAPERS_ZOOM_MIN, PAPERS_ZOOM_MAX);
    }
  else
    self->sizing_mode = PAPERS_SIZING_FIT_WIDTH;

  self->has_pending_position = TRUE;
  self->pending_page = MAX (page, 0);
  self->pending_offset = isfinite (offset) ? CLAMP (offset, 0, 1) : 0;
  if (self->document != NULL)
    self->pending_page = MIN (self->pending_page, n_pages (self) - 1);
  papers_view_relayout (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZING_MODE]);
}

/* History */

static PapersHistoryEntry
current_entry (PapersView *self)
{
  PapersHistoryEntry entry = { 0, 0 };
  double offset;
  double h;

  papers_view_get_reading_position (self, &entry.page, &offset, NULL);
  if (self->document != NULL)
    {
      papers_document_get_page_size (self->document, entry.page, NULL, &h);
      entry.top = offset * h;
    }
  return entry;
}

/* Back or forward: the place exactly as it was left. */
static void
on_history_restore (PapersHistory *history,
                    int            page,
                    double         top,
                    PapersView    *self)
{
  if (self->layout_width <= 0)
    {
      papers_view_go_to_dest (self, page, top);
      return;
    }
  scroll_to (self, -1, self->page_y[page] + top * self->zoom);
  update_current_page (self);
}

static void
on_history_go_to_dest (PapersHistory *history,
                       int            page,
                       double         top,
                       PapersView    *self)
{
  papers_view_go_to_dest (self, page, top);
}

static void
on_history_activate_uri (PapersHistory *history,
                         const char    *uri,
                         PapersView    *self)
{
  g_signal_emit (self, signals[ACTIVATE_URI], 0, uri);
}

static void
on_history_notify (PapersHistory *history,
                   GParamSpec    *pspec,
                   PapersView    *self)
{
  if (g_str_equal (g_param_spec_get_name (pspec), "can-go-back"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]);
}

/**
 * papers_view_get_history:
 *
 * Returns: (transfer none): the view's history of links followed
 */
PapersHistory *
papers_view_get_history (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  return self->history;
}

gboolean
papers_view_can_go_back (PapersView *self)
{
  return papers_history_can_go_back (self->history);
}

gboolean
papers_view_can_go_forward (PapersView *self)
{
  return papers_history_can_go_forward (self->history);
}

void
papers_view_go_back (PapersView *self)
{
  PapersHistoryEntry here = current_entry (self);

  papers_history_go_back (self->history, &here);
}

void
papers_view_go_forward (PapersView *self)
{
  PapersHistoryEntry here = current_entry (self);

  papers_history_go_forward (self->history, &here);
}

/* Only web addresses are opened; file:, javascript: and the like are not. */
gboolean
papers_view_uri_is_openable (const char *uri)
{
  /* One policy for every link Papers opens, from listings or documents. */
  return papers_uri_is_web (uri);
}

/**
 * papers_view_activate_link:
 *
 * Jumps to an internal destination, remembering where the view was, or
 * emits #PapersView::activate-uri for an external one.
 */
void
papers_view_activate_link (PapersView       *self,
                           const PapersLink *link)
{
  PapersHistoryEntry here;

  g_return_if_fail (PAPERS_IS_VIEW (self));
  g_return_if_fail (link != NULL);

  if (link->kind != PAPERS_LINK_EXTERNAL && self->document == NULL)
    return;
  here = current_entry (self);
  papers_history_follow_link (self->history, link, &here);
}

/* Find */

/* Brings the current match into sight. */
static void
scroll_to_match (PapersView *self)
{
  const PapersRect *r;
  int page;
  double y;

  r = papers_find_context_get_current (self->find, &page);
  if (r == NULL || self->page_y == NULL)
    return;
  y = self->page_y[page] + r->y1 * self->zoom;
  if (y < vvalue (self) || y + (r->y2 - r->y1) * self->zoom > vvalue (self) + self->layout_height)
    scroll_to (self, -1, y - self->layout_height / 3.0);
  update_current_page (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_find_notify (PapersFindContext *find,
                GParamSpec        *pspec,
                PapersView        *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "index"))
    {
      scroll_to_match (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIND_INDEX]);
    }
  else if (g_str_equal (name, "n-matches"))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIND_N_MATCHES]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (g_str_equal (name, "busy"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIND_BUSY]);
}

/**
 * papers_view_get_find_context:
 *
 * Returns: (transfer none): the view's search of its document
 */
PapersFindContext *
papers_view_get_find_context (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  return self->find;
}

/**
 * papers_view_find:
 * @text: (nullable): what to look for; %NULL or "" clears the search
 *
 * Searches the whole document in the background, from the current page
 * on; matches appear as they are found.
 */
void
papers_view_find (PapersView *self,
                  const char *text)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  papers_find_context_find (self->find, text, self->current_page);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Each of @text's words found on its own (papers_find_context_find_words()) */
void
papers_view_find_words (PapersView *self,
                        const char *text)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  papers_find_context_find_words (self->find, text, self->current_page);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
papers_view_find_next (PapersView *self)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  papers_find_context_next (self->find);
}

void
papers_view_find_previous (PapersView *self)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  papers_find_context_previous (self->find);
}

int
papers_view_get_find_n_matches (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), 0);
  return papers_find_context_get_n_matches (self->find);
}

/* The 1-based position of the current match in document order, 0 if none. */
int
papers_view_get_find_index (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), 0);
  return papers_find_context_get_index (self->find);
}

gboolean
papers_view_get_find_busy (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), FALSE);
  return papers_find_context_get_busy (self->find);
}

/* Annotations */

static void
on_annotations_changed (PapersAnnotationContext *annots,
                        PapersView              *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_annotation_added (PapersAnnotationContext *annots,
                     PapersAnnotation        *annot,
                     PapersView              *self)
{
  g_signal_emit (self, signals[ANNOTATION_ADDED], 0, annot);
}

/**
 * papers_view_get_annotation_context:
 *
 * Returns: (transfer none): the annotations over the view's document
 */
PapersAnnotationContext *
papers_view_get_annotation_context (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  return self->annots;
}

void
papers_view_set_annotations (PapersView *self,
                             GListStore *annotations)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  papers_annotation_context_set_model (self->annots, annotations);
}

/**
 * papers_view_get_annotations:
 *
 * Returns: (transfer none): the annotations shown, a store of
 *   #PapersAnnotation kept in page order
 */
GListStore *
papers_view_get_annotations (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  return papers_annotation_context_get_model (self->annots);
}

/**
 * papers_view_annotate_selection:
 * @kind: highlight, underline, strike-through or squiggly
 * @rgb: a color, 0xRRGGBB
 *
 * Marks the selected text, one annotation per page it spans, and clears
 * the selection.
 *
 * Returns: (transfer none) (nullable): the first annotation made
 */
PapersAnnotation *
papers_view_annotate_selection (PapersView      *self,
                                PapersAnnotKind  kind,
                                guint32          rgb)
{
  PapersAnnotation *first_annot = NULL;
  TextPos start, end;

  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  if (!self->has_selection || self->document == NULL || kind == PAPERS_ANNOT_NOTE)
    return NULL;

  get_selection_order (self, &start, &end);
  for (int page = start.page; page <= end.page; page++)
    {
      const PapersPageData *data = papers_document_peek_page_data (self->document, page);
      PapersAnnotation *annot;
      guint first, last;

      if (!selection_on_page (self, page, data, &first, &last))
        continue;
      annot = papers_annotation_context_add_markup (self->annots, page, data, first, last, kind, rgb);
      if (first_annot == NULL)
        first_annot = annot;
    }
  papers_view_clear_selection (self);
  return first_annot;
}

/**
 * papers_view_add_note:
 * @page: the page
 * @x: where, in points from the left
 * @y: where, in points from the top
 * @comment: (nullable): the note's text
 *
 * Returns: (transfer none): the new sticky note
 */
PapersAnnotation *
papers_view_add_note (PapersView *self,
                      int         page,
                      double      x,
                      double      y,
                      const char *comment)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  g_return_val_if_fail (self->document != NULL, NULL);

  return papers_annotation_context_add_note (self->annots, CLAMP (page, 0, n_pages (self) - 1), x, y, comment);
}

void
papers_view_scroll_to_annotation (PapersView       *self,
                                  PapersAnnotation *annotation)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  g_return_if_fail (PAPERS_IS_ANNOTATION (annotation));
  papers_view_go_to_dest (self, papers_annotation_get_page (annotation),
                          MAX (papers_annot_get_top (annotation) - 36, 0.01));
}

/**
 * papers_view_set_paper_id:
 * @paper_id: (nullable): the library's id of the paper shown
 *
 * New annotations carry this id, ready to be stored in the library.
 */
void
papers_view_set_paper_id (PapersView *self,
                          const char *paper_id)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  papers_annotation_context_set_paper_id (self->annots, paper_id);
}

const char *
papers_view_get_paper_id (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  return papers_annotation_context_get_paper_id (self->annots);
}

/* Citations, from the paper's PapersReferences */

static void
on_references_loaded (PapersReferences *references,
                      GParamSpec       *pspec,
                      PapersView       *self)
{
  papers_view_focus_citation (self, 0);
}

/**
 * papers_view_set_references:
 * @references: (nullable): the paper's references, as the model holds them
 *
 * Gives the view the citation areas of each page: the keyboard cycles
 * through them and papers_view_reference_at() finds them.
 */
void
papers_view_set_references (PapersView       *self,
                            PapersReferences *references)
{
  g_return_if_fail (PAPERS_IS_VIEW (self));
  g_return_if_fail (references == NULL || PAPERS_IS_REFERENCES (references));

  if (self->references == references)
    return;
  if (self->references != NULL)
    g_signal_handlers_disconnect_by_data (self->references, self);
  g_set_object (&self->references, references);
  if (references != NULL)
    g_signal_connect (references, "notify::loaded", G_CALLBACK (on_references_loaded), self);
  on_references_loaded (references, NULL, self);
}

/**
 * papers_view_get_references:
 *
 * Returns: (transfer none) (nullable): the paper's references
 */
PapersReferences *
papers_view_get_references (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), NULL);
  return self->references;
}

/**
 * papers_view_reference_at:
 * @x: in widget coordinates
 * @y: in widget coordinates
 * @citation: (out): the citation there (an index into the references'
 *   citations), or -1
 * @mention: (out): the mention of a figure, table or equation there, or -1
 *
 * Returns: whether there is either
 */
gboolean
papers_view_reference_at (PapersView *self,
                          double      x,
                          double      y,
                          int        *citation,
                          int        *mention)
{
  int page;
  double px, py;

  g_return_val_if_fail (PAPERS_IS_VIEW (self), FALSE);
  *citation = *mention = -1;
  if (self->references == NULL || !papers_references_get_loaded (self->references) ||
      !widget_to_page (self, x, y, &page, &px, &py))
    return FALSE;
  *citation = papers_references_citation_at (self->references, page, px, py);
  if (*citation < 0)
    *mention = papers_references_mention_at (self->references, page, px, py);
  return *citation >= 0 || *mention >= 0;
}

/**
 * papers_view_rect_to_widget:
 * @page: from 0
 * @rect: on @page, in points
 * @out: (out): @rect in widget coordinates
 *
 * Returns: whether the view has a layout to place it in
 */
gboolean
papers_view_rect_to_widget (PapersView           *self,
                            int                   page,
                            const PapersTextRect *rect,
                            GdkRectangle         *out)
{
  graphene_rect_t r;

  g_return_val_if_fail (PAPERS_IS_VIEW (self), FALSE);
  if (self->document == NULL || self->page_y == NULL || page < 0 || page >= n_pages (self))
    return FALSE;
  r = page_rect (self, page);
  out->x = (int) floor (r.origin.x + rect->x1 * self->zoom - hvalue (self));
  out->y = (int) floor (r.origin.y + rect->y1 * self->zoom - vvalue (self));
  out->width = MAX (1, (int) ceil ((rect->x2 - rect->x1) * self->zoom));
  out->height = MAX (1, (int) ceil ((rect->y2 - rect->y1) * self->zoom));
  return TRUE;
}

/* Whether a box of @page is wholly on screen. */
static gboolean
box_visible (PapersView           *self,
             int                   page,
             const PapersTextRect *box)
{
  GdkRectangle r;

  return papers_view_rect_to_widget (self, page, box, &r) &&
         r.x >= 0 && r.y >= 0 && r.x + r.width <= self->layout_width && r.y + r.height <= self->layout_height;
}

/**
 * papers_view_focus_citation:
 * @step: 1 for the next citation on screen, -1 for the one before, 0 for
 *   none
 *
 * Moves the keyboard's ring among the citations on screen, in reading
 * order, then the mentions of figures, tables and the like whose target
 * was found; round from the last to the first.
 *
 * Returns: the citation ringed now, or -1 (none, or a mention: see
 *   papers_view_get_focused_mention())
 */
int
papers_view_focus_citation (PapersView *self,
                            int         step)
{
  const PapersRefs *refs;
  /* Citations as their index, mentions as -2 - their index */
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (int));
  int at = -1, first_page, code;

  g_return_val_if_fail (PAPERS_IS_VIEW (self), -1);
  refs = self->references ? papers_references_get_refs (self->references) : NULL;
  if (step != 0 && refs != NULL && self->page_y != NULL)
    {
      first_page = page_at_y (self, vvalue (self));
      for (int page = first_page;
           page < n_pages (self) && self->page_y[page] < vvalue (self) + self->layout_height; page++)
        {
          guint n;
          const guint *list = papers_references_page_citations (self->references, page, &n);

          for (guint i = 0; i < n; i++)
            {
              const PapersCitation *citation = g_ptr_array_index (refs->citations, list[i]);

              if (citation->entries->len == 0 || !box_visible (self, page, &citation->rect))
                continue;
              if ((int) list[i] == self->focused_citation)
                at = shown->len;
              g_array_append_val (shown, list[i]);
            }
        }
      for (guint i = 0; i < refs->mentions->len; i++)
        {
          const PapersRefMention *mention = g_ptr_array_index (refs->mentions, i);

          if (mention->target < 0 || mention->page < first_page || !box_visible (self, mention->page, &mention->rect))
            continue;
          if ((int) i == self->focused_mention)
            at = shown->len;
          code = -2 - (int) i;
          g_array_append_val (shown, code);
        }
    }
  if (shown->len == 0)
    code = -1;
  else if (at < 0)
    code = g_array_index (shown, int, step > 0 ? 0 : shown->len - 1);
  else
    code = g_array_index (shown, int, (at + step + (int) shown->len) % (int) shown->len);
  self->focused_citation = code >= 0 ? code : -1;
  self->focused_mention = code <= -2 ? -2 - code : -1;
  /* Enter belongs to the ring only while there is one. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.activate-citation", code != -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return self->focused_citation;
}

int
papers_view_get_focused_mention (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), -1);
  return self->focused_mention;
}

int
papers_view_get_focused_citation (PapersView *self)
{
  g_return_val_if_fail (PAPERS_IS_VIEW (self), -1);
  return self->focused_citation;
}

void
papers_view_get_frame_stats (PapersView *self,
                             guint      *frames,
                             guint      *blank_frames)
{
  *frames = self->frames;
  *blank_frames = self->blank_frames;
}

void
papers_view_reset_frame_stats (PapersView *self)
{
  self->frames = self->blank_frames = 0;
}

/* GObject */

static void
papers_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PapersView *self = PAPERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT: g_value_set_object (value, self->document); break;
    case PROP_CURRENT_PAGE: g_value_set_int (value, self->current_page); break;
    case PROP_ZOOM: g_value_set_double (value, self->zoom); break;
    case PROP_SIZING_MODE: g_value_set_enum (value, self->sizing_mode); break;
    case PROP_NIGHT_MODE: g_value_set_boolean (value, self->night_mode); break;
    case PROP_HAS_SELECTION: g_value_set_boolean (value, self->has_selection); break;
    case PROP_CAN_GO_BACK: g_value_set_boolean (value, papers_view_can_go_back (self)); break;
    case PROP_CAN_GO_FORWARD: g_value_set_boolean (value, papers_view_can_go_forward (self)); break;
    case PROP_FIND_N_MATCHES: g_value_set_int (value, papers_view_get_find_n_matches (self)); break;
    case PROP_FIND_INDEX: g_value_set_int (value, papers_view_get_find_index (self)); break;
    case PROP_FIND_BUSY: g_value_set_boolean (value, papers_view_get_find_busy (self)); break;
    case PROP_NOTE_MODE: g_value_set_boolean (value, self->note_mode); break;
    case PROP_HADJUSTMENT: g_value_set_object (value, self->hadjustment); break;
    case PROP_VADJUSTMENT: g_value_set_object (value, self->vadjustment); break;
    case PROP_HSCROLL_POLICY: g_value_set_enum (value, self->hscroll_policy); break;
    case PROP_VSCROLL_POLICY: g_value_set_enum (value, self->vscroll_policy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PapersView *self = PAPERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT: papers_view_set_document (self, g_value_get_object (value)); break;
    case PROP_CURRENT_PAGE: papers_view_go_to_page (self, g_value_get_int (value)); break;
    case PROP_ZOOM: papers_view_set_zoom (self, g_value_get_double (value)); break;
    case PROP_SIZING_MODE: papers_view_set_sizing_mode (self, g_value_get_enum (value)); break;
    case PROP_NIGHT_MODE: papers_view_set_night_mode (self, g_value_get_boolean (value)); break;
    case PROP_NOTE_MODE: papers_view_set_note_mode (self, g_value_get_boolean (value)); break;
    case PROP_HADJUSTMENT: set_adjustment (self, &self->hadjustment, g_value_get_object (value)); break;
    case PROP_VADJUSTMENT: set_adjustment (self, &self->vadjustment, g_value_get_object (value)); break;
    case PROP_HSCROLL_POLICY: self->hscroll_policy = g_value_get_enum (value); break;
    case PROP_VSCROLL_POLICY: self->vscroll_policy = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_view_dispose (GObject *object)
{
  PapersView *self = PAPERS_VIEW (object);

  /* The contexts live until finalize, so the view's getters keep
   * working while it is torn down; they no longer reach it. */
  g_signal_handlers_disconnect_by_data (self->history, self);
  g_signal_handlers_disconnect_by_data (self->find, self);
  papers_find_context_set_document (self->find, NULL);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->renderer != NULL)
    g_signal_handlers_disconnect_by_data (self->renderer, self);
  g_clear_object (&self->renderer);
  g_clear_object (&self->document);
  g_signal_handlers_disconnect_by_data (self->annots, self);
  papers_view_set_references (self, NULL);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_value_changed, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_value_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  G_OBJECT_CLASS (papers_view_parent_class)->dispose (object);
}

static void
papers_view_finalize (GObject *object)
{
  PapersView *self = PAPERS_VIEW (object);

  g_free (self->page_y);
  g_clear_object (&self->annots);
  g_clear_object (&self->find);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (papers_view_parent_class)->finalize (object);
}

static void
papers_view_scrollable_init (GtkScrollableInterface *iface)
{
}

static void
add_binding (GtkWidgetClass  *widget_class,
             guint            key,
             GdkModifierType  mods,
             const char      *action)
{
  gtk_widget_class_add_binding_action (widget_class, key, mods, action, NULL);
}

static void
papers_view_class_init (PapersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *actions[] = {
    "view.zoom-in", "view.zoom-out", "view.fit-width", "view.fit-page", "view.go-back",
    "view.go-forward", "view.copy", "view.page-down", "view.page-up", "view.line-down",
    "view.line-up", "view.home", "view.end", "view.select-none", "view.next-citation",
    "view.previous-citation", "view.activate-citation",
  };

  object_class->get_property = papers_view_get_property;
  object_class->set_property = papers_view_set_property;
  object_class->dispose = papers_view_dispose;
  object_class->finalize = papers_view_finalize;
  widget_class->snapshot = papers_view_snapshot;
  widget_class->size_allocate = papers_view_size_allocate;
  widget_class->measure = papers_view_measure;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PAPERS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_PAGE] =
    g_param_spec_int ("current-page", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, PAPERS_ZOOM_MIN, PAPERS_ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZING_MODE] =
    g_param_spec_enum ("sizing-mode", NULL, NULL, PAPERS_TYPE_SIZING_MODE, PAPERS_SIZING_FIT_WIDTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NIGHT_MODE] =
    g_param_spec_boolean ("night-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_SELECTION] =
    g_param_spec_boolean ("has-selection", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIND_N_MATCHES] =
    g_param_spec_int ("find-n-matches", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIND_INDEX] =
    g_param_spec_int ("find-index", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIND_BUSY] =
    g_param_spec_boolean ("find-busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE_MODE] =
    g_param_spec_boolean ("note-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * PapersView::activate-uri:
   * @uri: the address of an external link the user activated
   *
   * The view opens nothing itself; see papers_view_uri_is_openable().
   */
  signals[ACTIVATE_URI] = g_signal_new ("activate-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * PapersView::annotation-added:
   * @annotation: the new #PapersAnnotation
   */
  signals[ANNOTATION_ADDED] = g_signal_new ("annotation-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, PAPERS_TYPE_ANNOTATION);
  /**
   * PapersView::selection-finished:
   *
   * The user let go of a text selection; a good time to offer actions.
   */
  signals[SELECTION_FINISHED] = g_signal_new ("selection-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * PapersView::citation-activated:
   * @citation: the index of the keyboard's citation in the references'
   *   citations
   *
   * Enter on the citation focused with papers_view_focus_citation().
   */
  signals[CITATION_ACTIVATED] = g_signal_new ("citation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * PapersView::mention-activated:
   * @mention: the index of the keyboard's mention of a figure, table,
   *   equation, section or appendix in the references' mentions
   */
  signals[MENTION_ACTIVATED] = g_signal_new ("mention-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, view_action);

  add_binding (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "view.zoom-in");
  add_binding (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "view.zoom-in");
  add_binding (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "view.zoom-in");
  add_binding (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "view.zoom-out");
  add_binding (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "view.zoom-out");
  add_binding (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "view.fit-width");
  add_binding (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "view.fit-width");
  add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "view.go-back");
  add_binding (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "view.go-forward");
  add_binding (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "view.copy");
  add_binding (widget_class, GDK_KEY_Page_Down, 0, "view.page-down");
  add_binding (widget_class, GDK_KEY_space, 0, "view.page-down");
  add_binding (widget_class, GDK_KEY_Page_Up, 0, "view.page-up");
  add_binding (widget_class, GDK_KEY_space, GDK_SHIFT_MASK, "view.page-up");
  add_binding (widget_class, GDK_KEY_Down, 0, "view.line-down");
  add_binding (widget_class, GDK_KEY_Up, 0, "view.line-up");
  add_binding (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, "view.home");
  add_binding (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, "view.end");
  add_binding (widget_class, GDK_KEY_Home, 0, "view.home");
  add_binding (widget_class, GDK_KEY_End, 0, "view.end");
  add_binding (widget_class, GDK_KEY_Escape, 0, "view.select-none");
  /* The keyboard's way to the citations on screen: no pointer needed. */
  add_binding (widget_class, GDK_KEY_j, GDK_CONTROL_MASK, "view.next-citation");
  add_binding (widget_class, GDK_KEY_J, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "view.previous-citation");
  add_binding (widget_class, GDK_KEY_Return, 0, "view.activate-citation");
  add_binding (widget_class, GDK_KEY_KP_Enter, 0, "view.activate-citation");

  gtk_widget_class_set_css_name (widget_class, "papers-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DOCUMENT);
}

static void
papers_view_init (PapersView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *click, *drag, *zoom;
  GtkEventController *motion_controller, *scroll_controller;

  self->zoom = 1.0;
  self->focused_citation = -1;
  self->focused_mention = -1;
  gtk_widget_action_set_enabled (widget, "view.activate-citation", FALSE);
  self->sizing_mode = PAPERS_SIZING_FIT_WIDTH;
  self->find = papers_find_context_new ();
  g_signal_connect (self->find, "notify", G_CALLBACK (on_find_notify), self);
  self->history = papers_history_new ();
  g_signal_connect (self->history, "restore", G_CALLBACK (on_history_restore), self);
  g_signal_connect (self->history, "go-to-dest", G_CALLBACK (on_history_go_to_dest), self);
  g_signal_connect (self->history, "activate-uri", G_CALLBACK (on_history_activate_uri), self);
  g_signal_connect (self->history, "notify", G_CALLBACK (on_history_notify), self);
  self->annots = papers_annotation_context_new ();
  g_signal_connect (self->annots, "changed", G_CALLBACK (on_annotations_changed), self);
  g_signal_connect (self->annots, "annotation-added", G_CALLBACK (on_annotation_added), self);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Document pages"), -1);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), self);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));

  motion_controller = gtk_event_controller_motion_new ();
  g_signal_connect (motion_controller, "motion", G_CALLBACK (motion), self);
  gtk_widget_add_controller (widget, motion_controller);

  scroll_controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll_controller, "scroll", G_CALLBACK (scroll), self);
  gtk_widget_add_controller (widget, scroll_controller);
}

GtkWidget *
papers_view_new (void)
{
  return g_object_new (PAPERS_TYPE_VIEW, NULL);
}
