/* papers-window-files.c: files in and out of the window: Import… (and a
 * .bib or .json dropped on the window), its summary with Undo, Export…
 *
 * Reading, parsing and writing the library is the application's import
 * (papers_application_import(), shared with Open With) and the model's
 * papers_export_async(); this file is the dialogs and toasts around them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-application.h"
#include "papers-bibtex.h"
#include "papers-export.h"
#include "papers-window-private.h"

/* How long the summary of an import stays: long enough to read it and
 * reach its Undo */
#define IMPORT_TOAST_SECONDS 10

/* Test-only.  The end-to-end tests run without a file chooser portal, and
 * GTK's own chooser cannot be driven reliably through the accessibility
 * tree; they name the file the dialog would have given in
 * PAPERS_TEST_IMPORT_FILE or PAPERS_TEST_EXPORT_FILE.  Nothing else reads
 * these variables, and without them the dialog is always shown. */
static GFile *
test_file (const char *variable)
{
  const char *path = g_getenv (variable);

  return path != NULL && *path != '\0' ? g_file_new_for_path (path) : NULL;
}

/* Dismissing a file dialog is no error */
static gboolean
dialog_dismissed (const GError *error)
{
  return g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
         g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED);
}

/**
 * papers_window_is_bibliography:
 * @file: a file dropped on the window or chosen to import
 *
 * Returns: whether @file is named as a BibTeX or CSL-JSON file
 */
gboolean
papers_window_is_bibliography (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".bib") || g_str_has_suffix (lower, ".bibtex") ||
                           g_str_has_suffix (lower, ".json"));
}

/**
 * papers_window_import_file:
 * @file: a BibTeX or CSL-JSON file
 *
 * Imports @file as Open With does: read on a worker, then the summary.
 */
void
papers_window_import_file (PapersWindow *self,
                           GFile        *file)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!papers_window_library_check_editable (self))
    return;
  if (PAPERS_IS_APPLICATION (app))
    papers_application_import (PAPERS_APPLICATION (app), file);
}

static void
import_chosen_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, &error);

  if (file != NULL && !self->closed)
    papers_window_import_file (self, file);
  else if (file == NULL && !dialog_dismissed (error) && !self->closed)
    papers_window_error (self, _("The file could not be chosen"), error->message);
}

static GtkFileFilter *
filter_new (const char         *name,
            const char * const *suffixes,
            const char * const *mime_types)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  return filter;
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  PapersWindow *self = user_data;
  g_autoptr(GtkFileDialog) dialog = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GFile) chosen = test_file ("PAPERS_TEST_IMPORT_FILE");

  if (chosen != NULL)
    {
      papers_window_import_file (self, chosen);
      return;
    }
  if (!papers_window_library_check_editable (self))
    return;
  filter = filter_new (_("BibTeX and CSL-JSON"), (const char *[]) { "bib", "bibtex", "json", NULL },
                       (const char *[]) { "text/x-bibtex", "application/vnd.citationstyles.csl+json", NULL });
  g_list_store_append (filters, filter);
  dialog = gtk_file_dialog_new ();
  gtk_file_dialog_set_title (dialog, _("Import Papers"));
  gtk_file_dialog_set_accept_label (dialog, _("_Import"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_open (dialog, GTK_WINDOW (self), self->cancellable, import_chosen_cb, g_object_ref (self));
}

/* The summary of an import and what its Undo removes */

typedef struct
{
  GWeakRef  window;
  GWeakRef  toast;   /* the summary, while it shows */
  GStrv     added;
} ImportDone;

static void
import_done_clear (gpointer data)
{
  ImportDone *done = data;

  g_weak_ref_clear (&done->window);
  g_weak_ref_clear (&done->toast);
  g_strfreev (done->added);
}

/* The toast's button and the Details dialog each hold the summary */
static ImportDone *
import_done_acquire (ImportDone *done)
{
  return g_rc_box_acquire (done);
}

static void
import_done_release (gpointer  data,
                     GClosure *closure)
{
  g_rc_box_release_full (data, import_done_clear);
}

static void
undo_import (ImportDone *done)
{
  g_autoptr(PapersWindow) self = g_weak_ref_get (&done->window);
  g_autoptr(AdwToast) toast = g_weak_ref_get (&done->toast);
  g_autofree char *message = NULL;
  guint n = done->added != NULL ? g_strv_length (done->added) : 0;

  if (self == NULL || self->closed || n == 0)
    return;
  papers_collection_undo_import (self->collection, (const char * const *) done->added);
  /* Undone once: the summary (still there when Undo Import came from
   * its Details) goes, and its buttons do nothing more */
  g_clear_pointer (&done->added, g_strfreev);
  if (toast != NULL)
    adw_toast_dismiss (toast);
  papers_window_refresh_library (self);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u imported paper",
                                          "Removed %u imported papers", n), n);
  papers_window_toast (self, message);
}

static void
undo_clicked_cb (AdwToast   *toast,
                 ImportDone *done)
{
  undo_import (done);
}

static void
details_response_cb (AdwAlertDialog *dialog,
                     const char     *response,
                     ImportDone     *done)
{
  if (g_str_equal (response, "undo"))
    undo_import (done);
}

static void
import_details_cb (AdwToast   *toast,
                   ImportDone *done)
{
  g_autoptr(PapersWindow) self = g_weak_ref_get (&done->window);
  const char *details = g_object_get_data (G_OBJECT (toast), "details");
  AdwDialog *dialog;

  if (self == NULL)
    return;
  dialog = adw_alert_dialog_new (adw_toast_get_title (toast), details);
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  if (done->added != NULL && done->added[0] != NULL)
    {
      adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "undo", _("_Undo Import"));
      adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "undo", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "close");
  /* The dialog may outlive the toast: it holds the summary too */
  g_signal_connect_data (dialog, "response", G_CALLBACK (details_response_cb),
                         import_done_acquire (done), import_done_release, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

/**
 * papers_window_import_done:
 * @summary: "Imported 88 papers, 2 skipped"
 * @details: (nullable): each skipped entry and why, one a line
 * @added: the ids of the papers the import added to the library
 *
 * Shows the summary of an import: a toast with Undo, or with Details when
 * entries were skipped (whose dialog then offers Undo Import).
 */
void
papers_window_import_done (PapersWindow       *self,
                           const char         *summary,
                           const char         *details,
                           const char * const *added)
{
  AdwToast *toast = adw_toast_new (summary);
  ImportDone *done = g_rc_box_new0 (ImportDone);

  g_weak_ref_init (&done->window, self);
  g_weak_ref_init (&done->toast, toast);
  done->added = g_strdupv ((char **) added);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, IMPORT_TOAST_SECONDS);
  if (details != NULL)
    {
      g_object_set_data_full (G_OBJECT (toast), "details", g_strdup (details), g_free);
      adw_toast_set_button_label (toast, _("_Details"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (import_details_cb),
                             import_done_acquire (done), import_done_release, 0);
    }
  else if (added != NULL && added[0] != NULL)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb),
                             import_done_acquire (done), import_done_release, 0);
    }
  import_done_release (done, NULL);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Export… */

static const struct
{
  const char *nick;       /* the action's parameter */
  const char *label;
  const char *suffix;
  const char *mime_type;
} formats[] = {
  [PAPERS_EXPORT_BIBTEX]   = { "bibtex", N_("BibTeX"), "bib", "text/x-bibtex" },
  [PAPERS_EXPORT_CSL_JSON] = { "csl-json", N_("CSL-JSON"), "json", "application/vnd.citationstyles.csl+json" },
  [PAPERS_EXPORT_MARKDOWN] = { "markdown", N_("Markdown (notes and annotations)"), "md", "text/markdown" },
};

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n = papers_export_finish (result, &error);
  g_autofree char *message = NULL;

  if (self->closed)
    return;
  if (error != NULL)
    papers_window_error (self, _("The papers could not be exported"), error->message);
  else if (n == 0)
    papers_window_toast (self, _("None of these papers has notes or annotations"));
  else
    {
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u paper", "Exported %u papers", n), n);
      papers_window_toast (self, message);
    }
}

/* Writes @only, or else the papers of the view on show, to @file: a
 * library view's as the store finds them all (its list is loaded a
 * screenful at a time), a listing's as the list holds them */
static void
export_view (PapersWindow       *self,
             PapersExportFormat  format,
             PapersPaper        *only,
             GFile              *file)
{
  PapersStore *store = papers_collection_get_store (self->collection);
  g_autoptr(GPtrArray) papers = NULL;
  PapersExportFind find = { 0 };

  if (store == NULL)
    {
      papers_window_library_check_editable (self);
      return;
    }
  if (only != NULL)
    {
      papers = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (papers, g_object_ref (only));
    }
  else if (papers_window_is_library_view (self->view))
    papers_window_view_find (self, &find.query, &find.filter_key, &find.filter_value, &find.sort);
  else
    {
      GListModel *list = G_LIST_MODEL (self->selection);

      papers = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        g_ptr_array_add (papers, g_list_model_get_item (list, i));
    }
  papers_export_async (store, papers, papers == NULL ? &find : NULL, format, file, self->cancellable, exported_cb,
                       g_object_ref (self));
}

static void
export_chosen_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, &error);
  PapersExportFormat format = GPOINTER_TO_INT (g_object_get_data (source, "format"));

  if (file != NULL && !self->closed)
    export_view (self, format, g_object_get_data (source, "paper"), file);
  else if (file == NULL && !dialog_dismissed (error) && !self->closed)
    papers_window_error (self, _("The file could not be chosen"), error->message);
}

static void
choose_export_file (PapersWindow       *self,
                    PapersExportFormat  format,
                    PapersPaper        *only)
{
  g_autoptr(GtkFileDialog) dialog = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GFile) chosen = test_file ("PAPERS_TEST_EXPORT_FILE");
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  if (chosen != NULL)
    {
      export_view (self, format, only, chosen);
      return;
    }
  filter = filter_new (_(formats[format].label), (const char *[]) { formats[format].suffix, NULL },
                       (const char *[]) { formats[format].mime_type, NULL });
  g_list_store_append (filters, filter);
  /* Named after the view: "All Papers.bib", "thesis.md"; or the paper */
  title = only != NULL ? papers_bibtex_citation_key (only) : papers_window_view_title (self->view);
  g_strdelimit (title, "/", '-');
  name = g_strconcat (title, ".", formats[format].suffix, NULL);
  dialog = gtk_file_dialog_new ();
  gtk_file_dialog_set_title (dialog, _("Export Papers"));
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_set_initial_name (dialog, name);
  g_object_set_data (G_OBJECT (dialog), "format", GINT_TO_POINTER (format));
  if (only != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "paper", g_object_ref (only), g_object_unref);
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), self->cancellable, export_chosen_cb, g_object_ref (self));
}

/* One of a few, as linked toggle buttons: each is a button that screen
 * readers (and the tests, through AT-SPI) can press; the first is on */
static GtkWidget *
choice_new (const char * const *labels)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *first = NULL;

  gtk_widget_add_css_class (box, "linked");
  for (guint i = 0; labels[i] != NULL; i++)
    {
      GtkWidget *toggle = gtk_toggle_button_new_with_label (labels[i]);

      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (toggle), GTK_TOGGLE_BUTTON (first));
      else
        first = toggle;
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), i == 0);
      gtk_box_append (GTK_BOX (box), toggle);
    }
  return box;
}

static guint
choice_get (GtkWidget *box)
{
  guint i = 0;

  for (GtkWidget *toggle = gtk_widget_get_first_child (box); toggle != NULL;
       toggle = gtk_widget_get_next_sibling (toggle), i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)))
      return i;
  return 0;
}

static void
export_response_cb (AdwAlertDialog *dialog,
                    const char     *response,
                    PapersWindow   *self)
{
  GtkWidget *formats_box = g_object_get_data (G_OBJECT (dialog), "formats");
  GtkWidget *scope_box = g_object_get_data (G_OBJECT (dialog), "scope");
  PapersPaper *shown = g_object_get_data (G_OBJECT (dialog), "paper");

  if (!g_str_equal (response, "export") || self->closed)
    return;
  choose_export_file (self, choice_get (formats_box),
                      scope_box != NULL && choice_get (scope_box) == 1 ? shown : NULL);
}

/* Export…: what (the view, or the paper shown) and the format first (a
 * file dialog has no reliable way to say which of its filters was
 * chosen), then the file */
static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  PapersWindow *self = user_data;
  PapersPaper *shown = papers_detail_get_paper (self->detail);
  g_autofree char *title = papers_window_view_title (self->view);
  g_autofree char *view = NULL;
  const char *labels[G_N_ELEMENTS (formats) + 1] = { NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *formats_box;
  AdwDialog *dialog;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    labels[i] = _(formats[i].label);
  formats_box = choice_new (labels);
  /* Translators: %s is a view of the sidebar, like “All Papers” */
  view = g_strdup_printf (_("The papers in “%s”"), title);
  dialog = adw_alert_dialog_new (_("Export"), shown != NULL ? NULL : view);
  if (shown != NULL)
    {
      GtkWidget *scope_box = choice_new ((const char *[]) { view, _("Only the paper shown"), NULL });

      gtk_box_append (GTK_BOX (box), scope_box);
      g_object_set_data (G_OBJECT (dialog), "scope", scope_box);
      g_object_set_data_full (G_OBJECT (dialog), "paper", g_object_ref (shown), g_object_unref);
    }
  gtk_box_append (GTK_BOX (box), formats_box);
  g_object_set_data (G_OBJECT (dialog), "formats", formats_box);
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), box);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "export", _("_Export…"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "export", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "export");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

static const GActionEntry file_actions[] = {
  { .name = "import", .activate = import_action },
  { .name = "export", .activate = export_action },
};

/**
 * papers_window_files_update_actions:
 *
 * Import… is for a library that can be changed, one import at a time.
 */
void
papers_window_files_update_actions (PapersWindow *self)
{
  GAction *import = g_action_map_lookup_action (G_ACTION_MAP (self), "import");

  /* (the library's state is first set before the file actions exist) */
  if (import == NULL)
    return;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (import),
                               !papers_collection_get_busy (self->collection) &&
                               papers_window_library_unavailable_reason (self) == NULL);
}

static gboolean
import_pulse_cb (gpointer user_data)
{
  PapersWindow *self = user_data;

  gtk_progress_bar_pulse (self->import_progress);
  return G_SOURCE_CONTINUE;
}

/* An import reads and writes on workers, a large file for seconds: the
 * list shows a moving bar (the store tells no fraction done), and Import…
 * waits until it is over */
static void
collection_busy_cb (PapersWindow *self)
{
  gboolean busy = papers_collection_get_busy (self->collection);

  papers_window_files_update_actions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), busy);
  if (busy && self->import_pulse == 0)
    self->import_pulse = g_timeout_add (100, import_pulse_cb, self);
  else if (!busy)
    g_clear_handle_id (&self->import_pulse, g_source_remove);
}

static void
files_destroyed_cb (PapersWindow *self)
{
  g_clear_handle_id (&self->import_pulse, g_source_remove);
}

void
papers_window_files_init (PapersWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), file_actions, G_N_ELEMENTS (file_actions), self);
  g_signal_connect_object (self->collection, "notify::busy", G_CALLBACK (collection_busy_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "destroy", G_CALLBACK (files_destroyed_cb), NULL);
  collection_busy_cb (self);
}
