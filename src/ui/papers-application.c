/* papers-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-application.h"
#include "papers-preferences.h"
#include "papers-window.h"

struct _PapersApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (PapersApplication, papers_application, ADW_TYPE_APPLICATION)

PapersApplication *
papers_application_new (void)
{
  return g_object_new (PAPERS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/org/example/Papers",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * papers_application_get_settings:
 * @self: the application
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
papers_application_get_settings (PapersApplication *self)
{
  g_return_val_if_fail (PAPERS_IS_APPLICATION (self), NULL);
  return self->settings;
}

static void
papers_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (papers_window_new (PAPERS_APPLICATION (app)));
      papers_window_present_when_ready (PAPERS_WINDOW (window));
      return;
    }

  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Papers developers", NULL };
  AdwDialog *dialog;

  dialog = adw_about_dialog_new_from_appdata ("/org/example/Papers/metainfo.xml", PACKAGE_VERSION);
  adw_about_dialog_set_application_icon (ADW_ABOUT_DIALOG (dialog), APP_ID);
  adw_about_dialog_set_developers (ADW_ABOUT_DIALOG (dialog), developers);
  adw_about_dialog_set_copyright (ADW_ABOUT_DIALOG (dialog), "© 2026 The Papers developers");
  /* Translators: replace with your names, one per line. */
  adw_about_dialog_set_translator_credits (ADW_ABOUT_DIALOG (dialog), _("translator-credits"));
  adw_dialog_present (dialog, GTK_WIDGET (gtk_application_get_active_window (app)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  /* Close windows first so each saves its state, then quit. */
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = gtk_application_get_windows (app))
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_application_quit (G_APPLICATION (app));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PapersApplication *self = PAPERS_APPLICATION (user_data);

  adw_dialog_present (papers_preferences_dialog_new (self->settings),
                      GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (self))));
}

static void
color_scheme_changed_cb (PapersApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static const GActionEntry app_actions[] = {
  { .name = "preferences", .activate = preferences_action },
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
};

static void
papers_application_startup (GApplication *app)
{
  PapersApplication *self = PAPERS_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.toggle-sidebar", { "F9", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.locate", { "<Control>l", NULL } },
    { "win.add-by-id", { "<Control>n", NULL } },
    { "win.toggle-library", { "<Control>d", NULL } },
    { "win.previous-day", { "<Alt>Left", NULL } },
    { "win.next-day", { "<Alt>Right", NULL } },
    { "win.copy-link", { "<Control><Shift>c", NULL } },
    { "win.add-tag", { "<Control>t", NULL } },
    { "win.edit-note", { "<Control>e", NULL } },
    { "win.reload", { "<Control>r", "F5", NULL } },
  };

  G_APPLICATION_CLASS (papers_application_parent_class)->startup (app);

  self->settings = g_settings_new (BASE_APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self, G_CONNECT_SWAPPED);
  color_scheme_changed_cb (self);
}

static void
papers_application_dispose (GObject *object)
{
  PapersApplication *self = PAPERS_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (papers_application_parent_class)->dispose (object);
}

static void
papers_application_class_init (PapersApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = papers_application_dispose;
  app_class->activate = papers_application_activate;
  app_class->startup = papers_application_startup;
}

static void
papers_application_init (PapersApplication *self)
{
  g_set_application_name (_("Papers"));
}
