/* papers-window-library-state.c: a library that is damaged, could not be
 * opened, or cannot be written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window says what state the library is in from the start, rather
 * than letting each change fail in turn:
 *
 * - damaged (or otherwise not opened): the library's views show a status
 *   page saying so, that Papers has not changed the file, and the newest
 *   good backup's date (papers-recovery.c finds it on a thread); "Restore
 *   Backup" or, with none, "Start a New Library" set the damaged file
 *   aside and open the library again; "Show in Files" opens its folder
 *   (through the portal in Flatpak).  Discover keeps working from the
 *   network, under a banner;
 * - read-only: a banner, and the library shows as it is.
 *
 * Either way the actions that would change the library are disabled,
 * their controls telling why. */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-recovery.h"
#include "papers-window-private.h"

typedef enum
{
  LIBRARY_OPENING,
  LIBRARY_WRITABLE,
  LIBRARY_READ_ONLY,
  LIBRARY_DAMAGED,
  LIBRARY_UNAVAILABLE,
} LibraryState;

static LibraryState
library_state (PapersWindow *self)
{
  const GError *error = papers_collection_get_open_error (self->collection);

  if (!papers_collection_get_loaded (self->collection))
    return LIBRARY_OPENING;
  if (error != NULL)
    return g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_CORRUPT) ? LIBRARY_DAMAGED
                                                                                   : LIBRARY_UNAVAILABLE;
  return papers_collection_is_read_only (self->collection) ? LIBRARY_READ_ONLY : LIBRARY_WRITABLE;
}

/**
 * papers_window_library_unavailable_reason:
 *
 * Returns: (nullable): why the library cannot be changed now, in words
 *   for a tooltip; %NULL when it can
 */
const char *
papers_window_library_unavailable_reason (PapersWindow *self)
{
  switch (library_state (self))
    {
    case LIBRARY_OPENING:
      return _("The library is being opened");
    case LIBRARY_READ_ONLY:
      return _("This library is read-only: changes can’t be saved");
    case LIBRARY_DAMAGED:
    case LIBRARY_UNAVAILABLE:
      return _("The library could not be opened: papers can’t be added or changed");
    case LIBRARY_WRITABLE:
    default:
      return NULL;
    }
}

/**
 * papers_window_library_check_editable:
 *
 * For what asks for a change without a control of its own (a paste, a
 * drop): says why not in a toast.
 *
 * Returns: whether the library can be changed
 */
gboolean
papers_window_library_check_editable (PapersWindow *self)
{
  const char *reason = papers_window_library_unavailable_reason (self);

  if (reason == NULL)
    return TRUE;
  papers_window_toast (self, reason);
  return FALSE;
}

/* The actions that change the library: those only the library's state
 * governs, and those papers_window_update_actions() enables for the paper
 * on show */
static const char * const library_edits[] = {
  "add-by-id", "tag-rename", "tag-recolor", "tag-merge", "tag-delete",
};
static const char * const paper_edits[] = {
  "toggle-library", "star", "set-status", "add-tag", "edit-note",
};

static GSimpleAction *
action (PapersWindow *self,
        const char   *name)
{
  return G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), name));
}

/**
 * papers_window_library_state_update_actions:
 *
 * Disables the actions that would change a library that cannot be
 * changed, after papers_window_update_actions() enabled what the paper on
 * show allows; their controls say why.
 */
void
papers_window_library_state_update_actions (PapersWindow *self)
{
  const char *reason = papers_window_library_unavailable_reason (self);

  for (guint i = 0; i < G_N_ELEMENTS (library_edits); i++)
    g_simple_action_set_enabled (action (self, library_edits[i]), reason == NULL);
  for (guint i = 0; reason != NULL && i < G_N_ELEMENTS (paper_edits); i++)
    g_simple_action_set_enabled (action (self, paper_edits[i]), FALSE);
  papers_window_files_update_actions (self);
  gtk_widget_set_tooltip_text (self->add_button, reason != NULL ? reason : _("Add by Identifier"));
  papers_detail_set_locked (self->detail, reason);
}

static char *
format_day (GDateTime *date)
{
  /* Translators: the day a backup was made, see strftime(3) */
  return g_date_time_format (date, _("%-d %B %Y"));
}

static void
set_buttons (PapersWindow *self,
             const char   *label,
             const char   *action)
{
  gtk_widget_set_visible (self->library_primary_button, label != NULL);
  if (label != NULL)
    {
      gtk_button_set_label (GTK_BUTTON (self->library_primary_button), label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->library_primary_button), action);
    }
}

/* The status page of the library's views, for a library not open */
static void
update_page (PapersWindow *self)
{
  const GError *error = papers_collection_get_open_error (self->collection);
  g_autofree char *description = NULL;

  adw_status_page_set_title (self->library_page, _("Library Could Not Be Opened"));
  if (library_state (self) != LIBRARY_DAMAGED)
    {
      description = g_strdup (error->message);
      set_buttons (self, NULL, NULL);
    }
  else if (self->library_busy)
    {
      description = g_strdup (_("Restoring the backup…"));
      set_buttons (self, NULL, NULL);
    }
  else if (!self->library_backup_known)
    {
      description = g_strconcat (_("The library file is damaged. Papers has not changed it."), "\n\n",
                                 _("Looking for a backup…"), NULL);
      set_buttons (self, NULL, NULL);
    }
  else if (self->library_backup != NULL)
    {
      g_autofree char *day = format_day (self->library_backup->made);
      /* Translators: %s is the day the backup was made, %u how many papers it holds */
      g_autofree char *backup = g_strdup_printf (ngettext ("The latest good backup is from %s and holds %u paper.",
                                                           "The latest good backup is from %s and holds %u papers.",
                                                           self->library_backup->n_papers),
                                                 day, self->library_backup->n_papers);

      description = g_strconcat (_("The library file is damaged. Papers has not changed it."), "\n\n", backup, NULL);
      set_buttons (self, _("_Restore Backup"), "win.restore-backup");
    }
  else
    {
      description = g_strconcat (_("The library file is damaged. Papers has not changed it."), "\n\n",
                                 _("There is no good backup of it. A new library can be started; "
                                   "the damaged file is kept beside it."), NULL);
      set_buttons (self, _("_Start a New Library"), "win.new-library");
    }
  adw_status_page_set_description (self->library_page, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->library_page), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
}

static void
update_banner (PapersWindow *self,
               gboolean      page_shown)
{
  LibraryState state = library_state (self);
  gboolean revealed;

  if (state == LIBRARY_READ_ONLY)
    {
      adw_banner_set_title (self->library_banner, _("This library is read-only: changes can’t be saved"));
      adw_banner_set_button_label (self->library_banner, NULL);
    }
  else if (state == LIBRARY_DAMAGED || state == LIBRARY_UNAVAILABLE)
    {
      /* Short: beside its button in a narrow pane */
      adw_banner_set_title (self->library_banner, _("The library is unavailable"));
      adw_banner_set_button_label (self->library_banner, _("_Details"));
    }
  /* The page says it all where it shows.  A banner folded away still
   * reads as on show to screen readers (libadwaita 1.7): it is hidden. */
  revealed = state == LIBRARY_READ_ONLY || ((state == LIBRARY_DAMAGED || state == LIBRARY_UNAVAILABLE) && !page_shown);
  gtk_widget_set_visible (GTK_WIDGET (self->library_banner), revealed);
  adw_banner_set_revealed (self->library_banner, revealed);
}

/**
 * papers_window_library_state_show:
 * @library_view: whether the list is to show a view of the library
 *
 * Shows the library's status page in place of a view of a library that
 * could not be opened (a spinner while it opens), and the banner that
 * goes with the state.
 *
 * Returns: whether the list's stack shows one of those
 */
gboolean
papers_window_library_state_show (PapersWindow *self,
                                  gboolean      library_view)
{
  LibraryState state = library_state (self);
  gboolean shown = library_view && (state == LIBRARY_DAMAGED || state == LIBRARY_UNAVAILABLE);

  update_banner (self, shown);
  /* Nothing to show yet, rather than an empty library */
  if (library_view && state == LIBRARY_OPENING)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
      return TRUE;
    }
  if (!shown)
    return FALSE;
  update_page (self);
  gtk_stack_set_visible_child_name (self->list_stack, "library");
  return TRUE;
}

static void
refresh (PapersWindow *self)
{
  g_autofree char *view = g_strdup (self->view);

  papers_window_update_actions (self);
  papers_window_set_view (self, view);
}

static void
backup_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersBackup) backup = NULL;

  if (!papers_recovery_run_finish (result, &backup, NULL, &error) &&
      !g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND))
    g_debug ("looking for a backup: %s", error->message);
  if (self->closed)
    return;
  g_clear_pointer (&self->library_backup, papers_backup_free);
  self->library_backup = g_steal_pointer (&backup);
  self->library_backup_known = TRUE;
  papers_window_update_status_page (self);
}

/**
 * papers_window_library_state_update:
 *
 * Follows the library once it is open or could not be opened: for a
 * damaged one, looks for its newest good backup.
 */
void
papers_window_library_state_update (PapersWindow *self)
{
  g_autofree char *path = NULL;

  g_clear_pointer (&self->library_backup, papers_backup_free);
  self->library_backup_known = FALSE;
  if (library_state (self) != LIBRARY_DAMAGED)
    return;
  path = papers_collection_dup_path (self->collection);
  papers_recovery_run_async (path, PAPERS_RECOVERY_FIND_BACKUP, self->cancellable, backup_found_cb,
                             g_object_ref (self));
}

/* The damaged file is set aside (and the backup restored): the library is
 * opened again, and the window follows once it is. */
static void
recovered_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersBackup) backup = NULL;
  g_autofree char *aside = NULL;
  gboolean restoring = self->library_backup != NULL;

  self->library_busy = FALSE;
  if (!papers_recovery_run_finish (result, &backup, &aside, &error))
    {
      if (self->closed)
        return;
      papers_window_error (self, restoring ? _("The backup could not be restored")
                                           : _("A new library could not be started"), error->message);
      /* The backups may have changed meanwhile: look again */
      papers_window_library_state_update (self);
      refresh (self);
      return;
    }
  if (self->closed)
    return;
  {
    g_autofree char *day = backup != NULL ? format_day (backup->made) : NULL;
    g_autofree char *title = NULL;
    AdwToast *toast;

    if (backup != NULL)
      /* Translators: %u is how many papers came back, %s the day the backup was made */
      title = g_strdup_printf (ngettext ("Restored %u paper from the backup of %s",
                                         "Restored %u papers from the backup of %s", backup->n_papers),
                               backup->n_papers, day);
    else
      title = g_strdup (_("A new library was started"));
    /* The damaged file stays beside the library, under a dated name */
    g_debug ("the damaged library is now %s", aside);
    toast = adw_toast_new (title);
    if (aside != NULL)
      {
        adw_toast_set_button_label (toast, _("Show in _Files"));
        adw_toast_set_action_name (toast, "win.show-library-folder");
      }
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }
  papers_collection_reopen (self->collection);
  refresh (self);
}

static void
recover (PapersWindow         *self,
         PapersRecoveryAction  action)
{
  g_autofree char *path = papers_collection_dup_path (self->collection);

  if (self->library_busy || library_state (self) != LIBRARY_DAMAGED)
    return;
  self->library_busy = TRUE;
  refresh (self);
  /* Not cancelled with the window: it runs to its end or undoes itself */
  papers_recovery_run_async (path, action, NULL, recovered_cb, g_object_ref (self));
}

static void
restore_backup_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PapersWindow *self = user_data;

  if (self->library_backup != NULL)
    recover (self, PAPERS_RECOVERY_RESTORE);
}

static void
new_library_response_cb (AdwAlertDialog *dialog,
                         const char     *response,
                         PapersWindow   *self)
{
  if (g_str_equal (response, "start"))
    recover (self, PAPERS_RECOVERY_START_NEW);
}

static void
new_library_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PapersWindow *self = user_data;
  AdwDialog *dialog = adw_alert_dialog_new (_("Start a New Library?"),
                                            _("The new library is empty. The damaged file is renamed and kept "
                                              "in the same folder, where it can be recovered later."));

  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"),
                                  "start", _("_Start a New Library"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "start", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_library_response_cb), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

static void
folder_shown_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gtk_file_launcher_open_containing_folder_finish (GTK_FILE_LAUNCHER (object), result, &error) ||
      self->closed || g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
      g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    return;
  papers_window_error (self, _("The library’s folder could not be shown"), error->message);
}

/* Through the OpenURI portal's OpenDirectory in Flatpak, the file
 * manager's ShowItems otherwise: the file is selected in its folder. */
static void
show_library_folder_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  PapersWindow *self = user_data;
  g_autofree char *path = papers_collection_dup_path (self->collection);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

  gtk_file_launcher_open_containing_folder (launcher, GTK_WINDOW (self), self->cancellable, folder_shown_cb,
                                            g_object_ref (self));
}

static const GActionEntry library_actions[] = {
  { .name = "restore-backup", .activate = restore_backup_action },
  { .name = "new-library", .activate = new_library_action },
  { .name = "show-library-folder", .activate = show_library_folder_action },
};

static GtkWidget *
pill_new (const char *label,
          const char *action,
          gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  return button;
}

/**
 * papers_window_library_state_init:
 *
 * Adds the library's banner over the list, its status page to the list's
 * stack and the actions they use.
 */
void
papers_window_library_state_init (PapersWindow *self)
{
  AdwToolbarView *toolbar = ADW_TOOLBAR_VIEW (adw_navigation_page_get_child (self->list_page));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  g_action_map_add_action_entries (G_ACTION_MAP (self), library_actions, G_N_ELEMENTS (library_actions), self);

  self->library_banner = ADW_BANNER (adw_banner_new (""));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->library_banner), "s", "library:all");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->library_banner), "win.show-view");
  adw_toolbar_view_add_top_bar (toolbar, GTK_WIDGET (self->library_banner));

  self->library_primary_button = pill_new (_("_Restore Backup"), "win.restore-backup", TRUE);
  gtk_box_append (GTK_BOX (buttons), self->library_primary_button);
  gtk_box_append (GTK_BOX (buttons), pill_new (_("Show in _Files"), "win.show-library-folder", FALSE));
  self->library_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->library_page, "dialog-warning-symbolic");
  adw_status_page_set_child (self->library_page, buttons);
  gtk_stack_add_named (self->list_stack, GTK_WIDGET (self->library_page), "library");
}
