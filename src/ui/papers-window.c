/* papers-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-window.h"

struct _PapersWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwNavigationView    *main_view;
  AdwNavigationSplitView *outer_split;
  AdwNavigationSplitView *inner_split;
  GtkListBox           *sidebar_list;
  AdwNavigationPage    *list_page;
  AdwNavigationPage    *detail_page;
};

G_DEFINE_FINAL_TYPE (PapersWindow, papers_window, ADW_TYPE_APPLICATION_WINDOW)

PapersWindow *
papers_window_new (PapersApplication *app)
{
  return g_object_new (PAPERS_TYPE_WINDOW, "application", app, NULL);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PapersWindow *self = PAPERS_WINDOW (widget);

  /* Collapsed, the sidebar is the root page of a navigation stack; expanded
   * it is a pane.  Either way F9 moves between it and the content. */
  if (adw_navigation_split_view_get_collapsed (self->outer_split))
    adw_navigation_split_view_set_show_content (self->outer_split,
                                                !adw_navigation_split_view_get_show_content (self->outer_split));
  else
    gtk_widget_set_visible (GTK_WIDGET (adw_navigation_split_view_get_sidebar (self->outer_split)),
                            !gtk_widget_get_visible (GTK_WIDGET (adw_navigation_split_view_get_sidebar (self->outer_split))));
}

static void
sidebar_row_activated_cb (PapersWindow  *self,
                          GtkListBoxRow *row)
{
  adw_navigation_page_set_title (self->list_page,
                                 adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  adw_navigation_split_view_set_show_content (self->outer_split, TRUE);
}

static void
papers_window_dispose (GObject *object)
{
  PapersWindow *self = PAPERS_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PAPERS_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (papers_window_parent_class)->dispose (object);
}

static void
papers_window_class_init (PapersWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = papers_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Papers/papers-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, main_view);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, outer_split);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, inner_split);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, list_page);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, detail_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
}

static void
papers_window_init (PapersWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Window geometry lives in GSettings and is bound both ways, so it is
   * restored here and saved on every change without a close handler. */
  self->settings = g_settings_new (BASE_APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}
