/* papers-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Preferences: the arXiv categories followed in the sidebar, the view
 * shown at start and the color scheme.  Every row writes GSettings
 * directly; the window and the application follow the keys. */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-preferences.h"

/**
 * papers_settings_edit_strv:
 * @add: (nullable): a value to append unless present
 * @remove: (nullable): a value to remove
 *
 * Edits a string-list key.
 *
 * Returns: whether the key changed
 */
gboolean
papers_settings_edit_strv (GSettings  *settings,
                           const char *key,
                           const char *add,
                           const char *remove)
{
  g_auto(GStrv) current = g_settings_get_strv (settings, key);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;
  gboolean changed = FALSE;

  for (guint i = 0; current[i] != NULL; i++)
    {
      if (g_strcmp0 (current[i], remove) == 0)
        changed = TRUE;
      else
        g_strv_builder_add (builder, current[i]);
    }
  if (add != NULL && !g_strv_contains ((const char * const *) current, add))
    {
      g_strv_builder_add (builder, add);
      changed = TRUE;
    }
  if (!changed)
    return FALSE;
  result = g_strv_builder_end (builder);
  g_settings_set_strv (settings, key, (const char * const *) result);
  return TRUE;
}

typedef struct
{
  GSettings           *settings;
  AdwPreferencesGroup *group;
  GPtrArray           *rows;
} Categories;

static void
categories_free (Categories *categories)
{
  g_object_unref (categories->settings);
  g_ptr_array_unref (categories->rows);
  g_free (categories);
}

static void categories_rebuild (Categories *categories);

static void
remove_clicked_cb (GtkButton  *button,
                   Categories *categories)
{
  papers_settings_edit_strv (categories->settings, "followed-categories", NULL,
                             g_object_get_data (G_OBJECT (button), "category"));
  categories_rebuild (categories);
}

/* arXiv categories look like "cs.LG", "math.AP", "hep-th" or "astro-ph.CO". */
static gboolean
category_is_valid (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 32 || !g_ascii_isalpha (*name))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      return FALSE;
  return TRUE;
}

static void
entry_apply_cb (AdwEntryRow *row,
                Categories  *categories)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (!category_is_valid (name))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  if (papers_settings_edit_strv (categories->settings, "followed-categories", name, NULL))
    categories_rebuild (categories);
}

static void
categories_rebuild (Categories *categories)
{
  g_auto(GStrv) current = g_settings_get_strv (categories->settings, "followed-categories");

  for (guint i = 0; i < categories->rows->len; i++)
    adw_preferences_group_remove (categories->group, categories->rows->pdata[i]);
  g_ptr_array_set_size (categories->rows, 0);

  for (guint i = 0; current[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *label = g_strdup_printf (_("Stop Following %s"), current[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), current[i]);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (remove), "category", g_strdup (current[i]), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), categories);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (categories->group, row);
      g_ptr_array_add (categories->rows, row);
    }
}

static const char * const start_views[] = { "daily", "library", "last" };
static const char * const schemes[] = { "follow", "light", "dark" };

static void
combo_selected_cb (AdwComboRow *row,
                   GParamSpec  *pspec,
                   GSettings   *settings)
{
  const char *key = g_object_get_data (G_OBJECT (row), "key");
  const char * const *values = g_object_get_data (G_OBJECT (row), "values");
  guint selected = adw_combo_row_get_selected (row);

  if (selected < 3)
    g_settings_set_string (settings, key, values[selected]);
}

static GtkWidget *
combo_row_new (GSettings          *settings,
               const char         *key,
               const char         *title,
               const char * const *values,
               const char * const *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);
  g_autofree char *current = g_settings_get_string (settings, key);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  for (guint i = 0; i < 3; i++)
    if (g_str_equal (values[i], current))
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  g_object_set_data (G_OBJECT (row), "key", (gpointer) key);
  g_object_set_data (G_OBJECT (row), "values", (gpointer) values);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (combo_selected_cb), settings, 0);
  return row;
}

/**
 * papers_preferences_dialog_new:
 *
 * Returns: (transfer floating): the preferences dialog
 */
AdwDialog *
papers_preferences_dialog_new (GSettings *settings)
{
  AdwDialog *dialog = adw_preferences_dialog_new ();
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *general = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *feeds = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *entry = adw_entry_row_new ();
  Categories *categories = g_new0 (Categories, 1);
  const char *view_labels[] = { _("Daily Papers"), _("Library"), _("Last Used View"), NULL };
  const char *scheme_labels[] = { _("Follow System"), _("Light"), _("Dark"), NULL };

  adw_preferences_page_set_title (page, _("General"));
  adw_preferences_page_set_icon_name (page, "preferences-system-symbolic");

  adw_preferences_group_set_title (general, _("Appearance"));
  adw_preferences_group_add (general, combo_row_new (settings, "start-view", _("View at Start"),
                                                     start_views, view_labels));
  adw_preferences_group_add (general, combo_row_new (settings, "color-scheme", _("Style"),
                                                     schemes, scheme_labels));

  adw_preferences_group_set_title (feeds, _("Followed arXiv Categories"));
  adw_preferences_group_set_description (feeds, _("Each category’s new papers are a feed in the sidebar"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Add Category, like cs.LG"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  adw_preferences_group_add (feeds, entry);

  categories->settings = g_object_ref (settings);
  categories->group = feeds;
  categories->rows = g_ptr_array_new ();
  g_signal_connect_data (entry, "apply", G_CALLBACK (entry_apply_cb), categories,
                         (GClosureNotify) (void (*) (void)) categories_free, 0);
  g_signal_connect (entry, "entry-activated", G_CALLBACK (entry_apply_cb), categories);
  categories_rebuild (categories);

  adw_preferences_page_add (page, general);
  adw_preferences_page_add (page, feeds);
  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (dialog), page);
  return dialog;
}
