/* papers-sidebar-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A row of the window's sidebar: the view it shows (see
 * papers-window-sidebar.c for the keys), the section it is listed under,
 * an icon or for a tag its colour, the title and a count.  The title is
 * the row's accessible name; the icon and the count are not read. */

#include "config.h"

#include "papers-sidebar-row.h"

struct _PapersSidebarRow
{
  GtkListBoxRow  parent_instance;

  char          *view;
  char          *section;
  GdkRGBA        color;

  /* template children */
  GtkWidget     *icon;
  GtkWidget     *dot;
  GtkWidget     *label;
  GtkWidget     *count_label;
};

G_DEFINE_FINAL_TYPE (PapersSidebarRow, papers_sidebar_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_SECTION,
  PROP_ICON_NAME,
  PROP_COLOR,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
draw_dot (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  PapersSidebarRow *self = user_data;

  gdk_cairo_set_source_rgba (cr, &self->color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* A tag's colour, as the store keeps it ("#3584e4"); one that does not
 * parse draws nothing */
static void
set_color (PapersSidebarRow *self,
           const char       *color)
{
  if (color == NULL)
    return;
  gtk_widget_set_visible (self->icon, FALSE);
  gtk_widget_set_visible (self->dot, TRUE);
  if (!gdk_rgba_parse (&self->color, color))
    self->color = (GdkRGBA) { 0, 0, 0, 0 };
}

static void
papers_sidebar_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PapersSidebarRow *self = PAPERS_SIDEBAR_ROW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      self->view = g_value_dup_string (value);
      break;
    case PROP_SECTION:
      self->section = g_value_dup_string (value);
      break;
    case PROP_ICON_NAME:
      gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), g_value_get_string (value));
      break;
    case PROP_COLOR:
      set_color (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      gtk_label_set_text (GTK_LABEL (self->label), g_value_get_string (value));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_value_get_string (value), -1);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_sidebar_row_finalize (GObject *object)
{
  PapersSidebarRow *self = PAPERS_SIDEBAR_ROW (object);

  g_free (self->view);
  g_free (self->section);

  G_OBJECT_CLASS (papers_sidebar_row_parent_class)->finalize (object);
}

static void
papers_sidebar_row_class_init (PapersSidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags construct = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->set_property = papers_sidebar_row_set_property;
  object_class->finalize = papers_sidebar_row_finalize;

  properties[PROP_VIEW] = g_param_spec_string ("view", NULL, NULL, NULL, construct);
  properties[PROP_SECTION] = g_param_spec_string ("section", NULL, NULL, NULL, construct);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, construct);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, NULL, construct);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, construct);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Papers/papers-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PapersSidebarRow, icon);
  gtk_widget_class_bind_template_child (widget_class, PapersSidebarRow, dot);
  gtk_widget_class_bind_template_child (widget_class, PapersSidebarRow, label);
  gtk_widget_class_bind_template_child (widget_class, PapersSidebarRow, count_label);
}

static void
papers_sidebar_row_init (PapersSidebarRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->dot), draw_dot, self, NULL);
}

GtkWidget *
papers_sidebar_row_new (const char *section,
                        const char *view,
                        const char *icon_name,
                        const char *color,
                        const char *title)
{
  return g_object_new (PAPERS_TYPE_SIDEBAR_ROW, "section", section, "view", view, "icon-name", icon_name,
                       "color", color, "title", title, NULL);
}

const char *
papers_sidebar_row_get_view (PapersSidebarRow *self)
{
  g_return_val_if_fail (PAPERS_IS_SIDEBAR_ROW (self), NULL);

  return self->view;
}

const char *
papers_sidebar_row_get_section (PapersSidebarRow *self)
{
  g_return_val_if_fail (PAPERS_IS_SIDEBAR_ROW (self), NULL);

  return self->section;
}

/**
 * papers_sidebar_row_set_count:
 * @count: (nullable): the text of the count, "" or %NULL for none
 */
void
papers_sidebar_row_set_count (PapersSidebarRow *self,
                              const char       *count)
{
  g_return_if_fail (PAPERS_IS_SIDEBAR_ROW (self));

  gtk_label_set_text (GTK_LABEL (self->count_label), count);
}
