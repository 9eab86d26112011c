/* test-window.c: the main window's structure and adaptive layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "papers-window.h"

static void
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
is_collapsed (gpointer split)
{
  return adw_navigation_split_view_get_collapsed (split);
}

static gboolean
is_expanded (gpointer split)
{
  return !adw_navigation_split_view_get_collapsed (split);
}

static GObject *
child (GtkWidget  *window,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (window, PAPERS_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static void
test_adaptive (void)
{
  GtkWidget *window = g_object_new (PAPERS_TYPE_WINDOW, NULL);
  AdwNavigationSplitView *outer = ADW_NAVIGATION_SPLIT_VIEW (child (window, "outer_split"));
  AdwNavigationSplitView *inner = ADW_NAVIGATION_SPLIT_VIEW (child (window, "inner_split"));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (is_expanded, outer);
  iterate_until (is_expanded, inner);
  g_assert_false (adw_navigation_split_view_get_collapsed (outer));
  g_assert_false (adw_navigation_split_view_get_collapsed (inner));

  /* Phone size: every split view folds into one navigation stack. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  iterate_until (is_collapsed, outer);
  g_assert_true (adw_navigation_split_view_get_collapsed (outer));
  g_assert_true (adw_navigation_split_view_get_collapsed (inner));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_actions (void)
{
  GtkWidget *window = g_object_new (PAPERS_TYPE_WINDOW, NULL);

  g_assert_true (gtk_widget_activate_action (window, "win.toggle-sidebar", NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/window/adaptive", test_adaptive);
  g_test_add_func ("/ui/window/actions", test_actions);

  return g_test_run ();
}
