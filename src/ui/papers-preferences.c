/* papers-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Preferences: the arXiv categories followed in the sidebar, the view
 * shown at start and the color scheme.  Every row writes GSettings
 * directly; the window and the application follow the keys. */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-application.h"
#include "papers-preferences.h"
#ifdef PAPERS_HAVE_SYNC
#include "papers-application.h"
#include "papers-sync-credentials.h"
#endif

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

struct _PapersPreferencesDialog
{
  AdwPreferencesDialog  parent_instance;

  GSettings            *settings;
  GPtrArray            *category_rows;

  /* template children */
  AdwComboRow          *start_view_row;
  AdwComboRow          *style_row;
  AdwPreferencesGroup  *categories_group;
  AdwSwitchRow         *background_row;
  char                 *background_subtitle;

  /* Sync (issue 20) */
  GObject              *sync;          /* PapersSyncService, or NULL */
  AdwPreferencesPage   *sync_page;
  AdwEntryRow          *sync_url_row;
  AdwEntryRow          *sync_user_row;
  AdwEntryRow          *sync_password_row;
  AdwEntryRow          *sync_passphrase_row;
  AdwActionRow         *sync_error_row;
  AdwActionRow         *sync_last_row;
  AdwActionRow         *sync_pending_row;
  GtkWidget            *sync_now_row;
  GtkWidget            *sync_pdfs_row;
  GCancellable         *sync_cancellable;
  guint                 sync_storing;  /* secrets being written */
  gboolean              sync_after_store;
};

G_DEFINE_FINAL_TYPE (PapersPreferencesDialog, papers_preferences_dialog, ADW_TYPE_PREFERENCES_DIALOG)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
category_apply_cb (PapersPreferencesDialog *self,
                   AdwEntryRow             *row)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (!category_is_valid (name))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  papers_settings_edit_strv (self->settings, "followed-categories", name, NULL);
}

static void
stop_following_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PapersPreferencesDialog *self = PAPERS_PREFERENCES_DIALOG (widget);

  papers_settings_edit_strv (self->settings, "followed-categories", NULL,
                             g_variant_get_string (parameter, NULL));
}

/* A row per followed category, each with its button to stop following
 * it; rebuilt whenever the key changes. */
static void
categories_rebuild (PapersPreferencesDialog *self)
{
  g_auto(GStrv) current = g_settings_get_strv (self->settings, "followed-categories");

  for (guint i = 0; i < self->category_rows->len; i++)
    adw_preferences_group_remove (self->categories_group, self->category_rows->pdata[i]);
  g_ptr_array_set_size (self->category_rows, 0);

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
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "prefs.stop-following");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", current[i]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->categories_group, row);
      g_ptr_array_add (self->category_rows, row);
    }
}

static const char * const start_views[] = { "daily", "library", "last", NULL };
static const char * const schemes[] = { "follow", "light", "dark", NULL };

/* A combo row's position is the index of the key's value in @user_data */
static gboolean
value_to_selected (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char * const *values = user_data;
  const char *current = g_variant_get_string (variant, NULL);

  for (guint i = 0; values[i] != NULL; i++)
    if (g_str_equal (values[i], current))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_value (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  const char * const *values = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) values))
    return NULL;
  return g_variant_new_string (values[selected]);
}

static void
bind_combo_row (PapersPreferencesDialog *self,
                const char              *key,
                AdwComboRow             *row,
                const char * const      *values)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                value_to_selected, selected_to_value, (gpointer) values, NULL);
}

/* The background checks turned back off (the Background portal refused,
 * the autostart file could not be written) say why, on the row and in a
 * toast */
static void
background_error_cb (PapersPreferencesDialog *self,
                     GParamSpec              *pspec,
                     PapersApplication       *app)
{
  const char *message = papers_application_get_background_error (app);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->background_row),
                               message != NULL ? message : self->background_subtitle);
  /* The toast is short: the row, below it, holds the whole reason */
  if (message != NULL)
    adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self),
                                      adw_toast_new (_("Background checks were turned off")));
}

#ifdef PAPERS_HAVE_SYNC
/* The status rows follow the service */
static void
sync_status_update (PapersPreferencesDialog *self)
{
  PapersSyncService *sync = PAPERS_SYNC_SERVICE (self->sync);
  const char *error = papers_sync_service_get_error (sync);
  gint64 last = papers_sync_service_get_last_synced (sync);
  guint pending = papers_sync_service_get_pending (sync);
  gboolean syncing = papers_sync_service_get_syncing (sync);
  g_autofree char *last_text = NULL;
  g_autofree char *pending_text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->sync_error_row), error != NULL);
  adw_action_row_set_subtitle (self->sync_error_row, error != NULL ? error : "");
  if (last > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (last);

      /* TRANSLATORS: the date and time of the last sync */
      last_text = g_date_time_format (when, _("%-e %B %Y, %H:%M"));
      g_strstrip (last_text);
    }
  adw_action_row_set_subtitle (self->sync_last_row, last_text != NULL ? last_text : _("Never"));
  if (pending == 0)
    pending_text = g_strdup (_("None"));
  else
    pending_text = g_strdup_printf (g_dngettext (NULL, "%u change", "%u changes", pending), pending);
  adw_action_row_set_subtitle (self->sync_pending_row, pending_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sync_now_row),
                                 syncing ? _("Syncing…") : _("Sync Now"));
  gtk_widget_set_sensitive (self->sync_now_row, !syncing);
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PapersPreferencesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->sync_storing--;
  if (!papers_sync_secret_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_visible (GTK_WIDGET (self->sync_error_row), TRUE);
      adw_action_row_set_subtitle (self->sync_error_row, error->message);
      self->sync_after_store = FALSE;
      return;
    }
  if (self->sync_storing > 0 || self->sync == NULL)
    return;
  papers_sync_service_reload (PAPERS_SYNC_SERVICE (self->sync));
  if (self->sync_after_store)
    {
      self->sync_after_store = FALSE;
      papers_sync_service_sync_now (PAPERS_SYNC_SERVICE (self->sync));
    }
}

/* The secret typed in @row goes to the keyring, once per new text; an
 * empty row leaves the kept one alone */
static gboolean
sync_store_secret (PapersPreferencesDialog *self,
                   AdwEntryRow             *row,
                   PapersSyncSecret         kind)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  const char *stored = g_object_get_data (G_OBJECT (row), "papers-stored");

  if (*text == '\0' || g_strcmp0 (text, stored) == 0)
    return FALSE;
  g_object_set_data_full (G_OBJECT (row), "papers-stored", g_strdup (text), g_free);
  self->sync_storing++;
  papers_sync_secret_store_async (kind, text, self->sync_cancellable, secret_stored_cb, g_object_ref (self));
  return TRUE;
}

static void
sync_set_setting (PapersPreferencesDialog *self,
                  const char              *key,
                  AdwEntryRow             *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *current = g_settings_get_string (self->settings, key);

  if (g_strcmp0 (text, current) != 0)
    g_settings_set_string (self->settings, key, text);
}

/* Every row was saved, the one applied or not: none keeps its apply
 * button (an entry row hides it only when its own button is used, and
 * turning the button off and on again is how it is told otherwise) */
static void
sync_rows_applied (PapersPreferencesDialog *self)
{
  AdwEntryRow *rows[] = { self->sync_url_row, self->sync_user_row, self->sync_password_row,
                          self->sync_passphrase_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      adw_entry_row_set_show_apply_button (rows[i], FALSE);
      adw_entry_row_set_show_apply_button (rows[i], TRUE);
    }
}
/* Every row is kept as typed; returns whether secrets are being stored
 * (the service reloads once they are) */
static gboolean
sync_save (PapersPreferencesDialog *self)
{
  gboolean storing = FALSE;

  sync_set_setting (self, "sync-url", self->sync_url_row);
  sync_set_setting (self, "sync-user", self->sync_user_row);
  storing |= sync_store_secret (self, self->sync_password_row, PAPERS_SYNC_SECRET_PASSWORD);
  storing |= sync_store_secret (self, self->sync_passphrase_row, PAPERS_SYNC_SECRET_PASSPHRASE);
  sync_rows_applied (self);
  if (!storing && self->sync != NULL)
    papers_sync_service_reload (PAPERS_SYNC_SERVICE (self->sync));
  return storing || self->sync_storing > 0;
}

static void
sync_row_apply_cb (PapersPreferencesDialog *self,
                   AdwEntryRow             *row)
{
  sync_save (self);
}

static void
sync_now_cb (PapersPreferencesDialog *self)
{
  if (self->sync == NULL)
    return;
  /* What was typed and not applied counts too */
  if (sync_save (self))
    self->sync_after_store = TRUE;
  else
    papers_sync_service_sync_now (PAPERS_SYNC_SERVICE (self->sync));
}

static void
sync_page_setup (PapersPreferencesDialog *self)
{
  GApplication *app = g_application_get_default ();
  PapersSyncService *sync = PAPERS_IS_APPLICATION (app)
                              ? papers_application_get_sync_service (PAPERS_APPLICATION (app)) : NULL;
  g_autofree char *url = g_settings_get_string (self->settings, "sync-url");
  g_autofree char *user = g_settings_get_string (self->settings, "sync-user");
  static const char * const follow[] = { "notify::error", "notify::last-synced", "notify::pending", "notify::syncing" };

  if (sync == NULL)
    {
      adw_preferences_dialog_remove (ADW_PREFERENCES_DIALOG (self), self->sync_page);
      return;
    }
  /* `papers-reader sync`, which runs the rounds, reads it */
  g_settings_bind (self->settings, "sync-pdfs-in-advance", self->sync_pdfs_row, "active", G_SETTINGS_BIND_DEFAULT);
  self->sync = g_object_ref (G_OBJECT (sync));
  gtk_editable_set_text (GTK_EDITABLE (self->sync_url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->sync_user_row), user);
  for (guint i = 0; i < G_N_ELEMENTS (follow); i++)
    g_signal_connect_object (sync, follow[i], G_CALLBACK (sync_status_update), self, G_CONNECT_SWAPPED);
  sync_status_update (self);
}
#else
static void
sync_row_apply_cb (PapersPreferencesDialog *self,
                   AdwEntryRow             *row)
{
}

static void
sync_now_cb (PapersPreferencesDialog *self)
{
}

static void
sync_page_setup (PapersPreferencesDialog *self)
{
  adw_preferences_dialog_remove (ADW_PREFERENCES_DIALOG (self), self->sync_page);
}
#endif

static void
papers_preferences_dialog_constructed (GObject *object)
{
  PapersPreferencesDialog *self = PAPERS_PREFERENCES_DIALOG (object);

  G_OBJECT_CLASS (papers_preferences_dialog_parent_class)->constructed (object);

  bind_combo_row (self, "start-view", self->start_view_row, start_views);
  bind_combo_row (self, "color-scheme", self->style_row, schemes);
  g_signal_connect_object (self->settings, "changed::followed-categories",
                           G_CALLBACK (categories_rebuild), self, G_CONNECT_SWAPPED);
  categories_rebuild (self);

  g_settings_bind (self->settings, "check-in-background", self->background_row, "active", G_SETTINGS_BIND_DEFAULT);
  self->background_subtitle = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (self->background_row)));
  if (PAPERS_IS_APPLICATION (g_application_get_default ()))
    {
      PapersApplication *app = PAPERS_APPLICATION (g_application_get_default ());

      g_signal_connect_object (app, "notify::background-error", G_CALLBACK (background_error_cb), self,
                               G_CONNECT_SWAPPED);
      /* A refusal from before the dialog opened is still the reason */
      if (papers_application_get_background_error (app) != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (self->background_row),
                                     papers_application_get_background_error (app));
    }
  sync_page_setup (self);
}

static void
papers_preferences_dialog_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  PapersPreferencesDialog *self = PAPERS_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_preferences_dialog_dispose (GObject *object)
{
  PapersPreferencesDialog *self = PAPERS_PREFERENCES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PAPERS_TYPE_PREFERENCES_DIALOG);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->category_rows, g_ptr_array_unref);
  g_clear_pointer (&self->background_subtitle, g_free);
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (papers_preferences_dialog_parent_class)->dispose (object);
}

static void
papers_preferences_dialog_class_init (PapersPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = papers_preferences_dialog_constructed;
  object_class->set_property = papers_preferences_dialog_set_property;
  object_class->dispose = papers_preferences_dialog_dispose;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "prefs.stop-following", "s", stop_following_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Papers/papers-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, start_view_row);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, style_row);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, categories_group);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, background_row);
  gtk_widget_class_bind_template_callback (widget_class, category_apply_cb);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, sync_page);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, sync_url_row);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, sync_user_row);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, sync_password_row);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, sync_passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, sync_error_row);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, sync_last_row);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, sync_pending_row);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, sync_now_row);
  gtk_widget_class_bind_template_child (widget_class, PapersPreferencesDialog, sync_pdfs_row);
  gtk_widget_class_bind_template_callback (widget_class, sync_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, sync_now_cb);
}

static void
papers_preferences_dialog_init (PapersPreferencesDialog *self)
{
  self->category_rows = g_ptr_array_new ();
  self->sync_cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * papers_preferences_dialog_new:
 *
 * Returns: (transfer floating): the preferences dialog
 */
AdwDialog *
papers_preferences_dialog_new (GSettings *settings)
{
  return g_object_new (PAPERS_TYPE_PREFERENCES_DIALOG, "settings", settings, NULL);
}
