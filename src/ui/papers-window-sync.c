/* papers-window-sync.c: sync's state in the window's header
 *
 * A button shows while sync fails, and its popover says why, with Sync
 * Now to try again; when all is well (or sync is not set up) nothing
 * shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-application.h"
#include "papers-window-private.h"

#ifdef PAPERS_HAVE_SYNC
static PapersSyncService *
window_sync (void)
{
  GApplication *app = g_application_get_default ();

  return PAPERS_IS_APPLICATION (app) ? papers_application_get_sync_service (PAPERS_APPLICATION (app)) : NULL;
}

static void
sync_error_changed_cb (PapersWindow      *self,
                       GParamSpec        *pspec,
                       PapersSyncService *sync)
{
  const char *error = papers_sync_service_get_error (sync);

  /* An unconfigured library is not an error worth a button: Preferences
   * says so when the reader asks for a sync there */
  gtk_widget_set_visible (self->sync_status_button,
                          error != NULL && papers_sync_service_get_configured (sync));
  gtk_label_set_text (GTK_LABEL (self->sync_status_label), error != NULL ? error : "");
  gtk_widget_set_tooltip_text (self->sync_status_button, error != NULL ? error : _("Sync Failed"));
}

static void
sync_again_cb (GtkButton *button,
               gpointer   user_data)
{
  PapersSyncService *sync = window_sync ();

  gtk_menu_button_popdown (GTK_MENU_BUTTON (user_data));
  if (sync != NULL)
    papers_sync_service_sync_now (sync);
}
#endif

void
papers_window_sync_init (PapersWindow *self)
{
#ifdef PAPERS_HAVE_SYNC
  PapersSyncService *sync = window_sync ();
  GtkWidget *popover, *box, *title, *again;

  if (sync == NULL)
    return;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  title = gtk_label_new (_("Sync Failed"));
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);
  self->sync_status_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->sync_status_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->sync_status_label), 40);
  gtk_label_set_xalign (GTK_LABEL (self->sync_status_label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->sync_status_label), TRUE);
  gtk_box_append (GTK_BOX (box), self->sync_status_label);
  again = gtk_button_new_with_mnemonic (_("_Sync Now"));
  gtk_widget_set_halign (again, GTK_ALIGN_END);
  g_signal_connect (again, "clicked", G_CALLBACK (sync_again_cb), self->sync_status_button);
  gtk_box_append (GTK_BOX (box), again);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->sync_status_button), popover);

  g_signal_connect_object (sync, "notify::error", G_CALLBACK (sync_error_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::configured", G_CALLBACK (sync_error_changed_cb), self,
                           G_CONNECT_SWAPPED);
  sync_error_changed_cb (self, NULL, sync);
#endif
}
