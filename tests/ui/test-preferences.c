/* test-preferences.c: the preferences dialog and the keys it edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "papers-preferences.h"

static GObject *
child (AdwDialog  *dialog,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), PAPERS_TYPE_PREFERENCES_DIALOG, name);
}

/* The combo rows show their keys and write them, and follow a key
 * changed elsewhere while the dialog is open. */
static void
test_combo_rows (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.example.Papers");
  AdwDialog *dialog;
  AdwComboRow *start_view, *style;
  g_autofree char *value = NULL;

  g_settings_set_string (settings, "start-view", "library");
  g_settings_set_string (settings, "color-scheme", "dark");
  dialog = g_object_ref_sink (papers_preferences_dialog_new (settings));
  start_view = ADW_COMBO_ROW (child (dialog, "start_view_row"));
  style = ADW_COMBO_ROW (child (dialog, "style_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (start_view), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (style), ==, 2);

  adw_combo_row_set_selected (start_view, 2);
  value = g_settings_get_string (settings, "start-view");
  g_assert_cmpstr (value, ==, "last");

  g_settings_set_string (settings, "color-scheme", "light");
  g_assert_cmpuint (adw_combo_row_get_selected (style), ==, 1);

  g_object_unref (dialog);
  g_settings_reset (settings, "start-view");
  g_settings_reset (settings, "color-scheme");
}

static guint
count_action_rows (GtkWidget *widget)
{
  guint n = ADW_IS_ACTION_ROW (widget) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_action_rows (c);
  return n;
}

/* The rows of followed categories (the entry row is not an action row) */
static guint
n_category_rows (AdwDialog *dialog)
{
  return count_action_rows (GTK_WIDGET (child (dialog, "categories_group")));
}

/* A category's trash button stops following it; a category followed
 * from elsewhere gets its row. */
static void
test_categories (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.example.Papers");
  const char *followed[] = { "cs.LG", "hep-th", NULL };
  AdwDialog *dialog;
  g_auto(GStrv) left = NULL;

  g_settings_set_strv (settings, "followed-categories", followed);
  dialog = g_object_ref_sink (papers_preferences_dialog_new (settings));
  g_assert_cmpuint (n_category_rows (dialog), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "prefs.stop-following", "s", "cs.LG"));
  left = g_settings_get_strv (settings, "followed-categories");
  g_assert_cmpstrv (left, ((const char *[]) { "hep-th", NULL }));
  g_assert_cmpuint (n_category_rows (dialog), ==, 1);

  papers_settings_edit_strv (settings, "followed-categories", "math.AP", NULL);
  g_assert_cmpuint (n_category_rows (dialog), ==, 2);

  g_object_unref (dialog);
  g_settings_reset (settings, "followed-categories");
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

  g_test_add_func ("/ui/preferences/combo-rows", test_combo_rows);
  g_test_add_func ("/ui/preferences/categories", test_categories);

  return g_test_run ();
}
