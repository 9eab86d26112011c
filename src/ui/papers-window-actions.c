/* papers-window-actions.c: the window's actions and small dialogs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "papers-arxiv-id.h"
#include "papers-preferences.h"
#include "papers-reader.h"
#include "papers-uri.h"
#include "papers-window-private.h"

static void show_detail (PapersWindow *self);
static void read_when_stored (PapersWindow *self,
                              PapersPaper  *paper);

static PapersPaper *
current_paper (PapersWindow *self)
{
  return papers_detail_get_paper (self->detail);
}

static void
set_enabled (PapersWindow *self,
             const char   *name,
             gboolean      enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
papers_window_update_actions (PapersWindow *self)
{
  PapersPaper *paper = current_paper (self);
  gboolean have = paper != NULL;
  gboolean in_library = have && papers_paper_get_in_library (paper);
  gboolean daily = g_strcmp0 (self->view, "daily") == 0;

  set_enabled (self, "toggle-library", have);
  set_enabled (self, "star", in_library);
  set_enabled (self, "set-status", in_library);
  set_enabled (self, "add-tag", in_library);
  set_enabled (self, "edit-note", in_library);
  set_enabled (self, "copy-bibtex", have);
  set_enabled (self, "copy-link", have);
  set_enabled (self, "open-link", have);
  set_enabled (self, "read", have && (papers_paper_get_pdf_path (paper) != NULL ||
                                      papers_paper_get_pdf_url (paper) != NULL));
  set_enabled (self, "read-new-tab", have && (papers_paper_get_pdf_path (paper) != NULL ||
                                              papers_paper_get_pdf_url (paper) != NULL));
#ifdef PAPERS_HAVE_SYNC
  /* A paper of the library another device added may have its PDF only
   * through sync: Read asks (and says so when no device sent one) */
  if (in_library && papers_window_pdfs_sync_set_up (self))
    {
      set_enabled (self, "read", TRUE);
      set_enabled (self, "read-new-tab", TRUE);
    }
#endif
  /* Trending has no date to step */
  set_enabled (self, "previous-day", daily && self->period != PAPERS_HF_PERIOD_TRENDING);
  set_enabled (self, "next-day", daily && self->period != PAPERS_HF_PERIOD_TRENDING);
  papers_window_for_you_update_actions (self);
  papers_window_library_state_update_actions (self);
}

static void
toggle_sidebar_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PapersWindow *self = user_data;
  GtkWidget *sidebar = GTK_WIDGET (adw_navigation_split_view_get_sidebar (self->outer_split));

  /* Collapsed, the sidebar is the root page of a navigation stack; expanded
   * it is a pane.  Either way F9 moves between it and the content. */
  if (adw_navigation_split_view_get_collapsed (self->outer_split))
    adw_navigation_split_view_set_show_content (self->outer_split,
                                                !adw_navigation_split_view_get_show_content (self->outer_split));
  else
    gtk_widget_set_visible (sidebar, !gtk_widget_get_visible (sidebar));
}

typedef enum
{
  ADDED_BY_ID,
  ADDED_UNRESOLVED,
  ADDED_ARXIV_PDF,
  ADDED_OTHER_PDF,
} AddKind;

typedef struct
{
  PapersWindow *window;
  AddKind       kind;
  char         *unresolved;   /* why an ADDED_UNRESOLVED paper is its id alone */
  char         *read_path;    /* a PDF opened with Papers: read once added */
} Adding;

static void
add_resolved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Adding *adding = user_data;
  g_autoptr(PapersWindow) self = adding->window;
  g_autofree char *unresolved = adding->unresolved;
  g_autofree char *read_path = adding->read_path;
  AddKind kind = adding->kind;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_collection_resolve_finish (PAPERS_COLLECTION (object), result, &error);
  PapersPaper *paper;

  g_free (adding);
  if (self->closed)
    return;
  if (papers == NULL || papers->len != 1)
    {
      if (error != NULL)
        papers_window_error (self, _("The paper could not be added"), error->message);
      return;
    }
  paper = papers->pdata[0];
  /* A paper already in the library is only shown. */
  if (!papers_paper_get_in_library (paper))
    {
      papers_collection_add (self->collection, paper);
      /* Refused: the library cannot be changed.  A paste or a drop has no
       * control to disable, so it is told why here. */
      if (!papers_paper_get_in_library (paper))
        {
          papers_window_library_check_editable (self);
          return;
        }
      if (kind == ADDED_BY_ID)
        {
          g_autofree char *message = g_strdup_printf (_("Added %s to the library"), papers_paper_get_id (paper));
          papers_window_toast (self, message);
        }
      if (kind == ADDED_UNRESOLVED)
        {
          /* Translators: %s is an arXiv identifier */
          g_autofree char *title = g_strdup_printf (_("Added %s by its identifier alone"),
                                                    papers_paper_get_id (paper));
          papers_window_error (self, title, unresolved);
        }
      /* A paper added by identifier came with its metadata, or the
       * services could not be asked (and were just told so); another
       * PDF was named before it was added (add_pdf()). */
      if (kind == ADDED_ARXIV_PDF)
        papers_window_lookup_paper (self, paper);
    }
  if (read_path != NULL)
    {
      /* A paper the library had without its PDF is read from this one */
      if (papers_paper_get_pdf_path (paper) == NULL ||
          !g_file_test (papers_paper_get_pdf_path (paper), G_FILE_TEST_IS_REGULAR))
        {
          GStatBuf st;

          papers_collection_set_pdf (self->collection, paper, read_path,
                                     g_stat (read_path, &st) == 0 ? (gint64) st.st_size : 0, NULL);
        }
      read_when_stored (self, paper);
    }
  else
    papers_window_show_paper (self, paper);
}

/* Adds @paper unless the library has it, then shows it; @unresolved says
 * why an %ADDED_UNRESOLVED paper is its id alone; with @read_path (a PDF
 * opened with Papers) it is read from there once added instead */
static void
add_or_show (PapersWindow *self,
             PapersPaper  *paper,
             AddKind       kind,
             const char   *unresolved,
             const char   *read_path)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  Adding *adding = g_new0 (Adding, 1);

  adding->window = g_object_ref (self);
  adding->kind = kind;
  adding->unresolved = g_strdup (unresolved);
  adding->read_path = g_strdup (read_path);
  g_ptr_array_add (papers, g_object_ref (paper));
  papers_collection_resolve_async (self->collection, papers, NULL, add_resolved_cb, adding);
}

/* An identifier being looked up before it is added: by the Add by
 * Identifier dialog, which waits for it, or by a paste. */
typedef struct
{
  PapersWindow   *window;
  AdwAlertDialog *dialog;   /* (nullable) */
} AddingId;

/* The Add by Identifier dialog stays open while its identifier is looked
 * up, so that an identifier arXiv does not know is said there, with the
 * text to correct, and nothing is added.  An AdwAlertDialog closes on
 * every response, so this one cannot close ("can-close" off): a response
 * or Escape asks it to ("close-attempt"), and it closes once the main loop
 * is idle again, unless the response was Add. */
typedef struct
{
  PapersWindow *window;
  gboolean      looking_up;
  gboolean      closed;      /* a lookup still running adds nothing then */
  guint         close_source;
} AddIdDialog;

static void
add_id_dialog_free (AddIdDialog *state)
{
  g_clear_handle_id (&state->close_source, g_source_remove);
  g_free (state);
}

static AddIdDialog *
add_id_dialog_state (AdwAlertDialog *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "papers-add-id");
}

static void add_id_dialog_failed (AdwAlertDialog *dialog,
                                  const char     *message);

static void
added_id_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AddingId *adding = user_data;
  g_autoptr(PapersWindow) self = adding->window;
  g_autoptr(AdwAlertDialog) dialog = adding->dialog;
  g_autoptr(GError) unresolved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper = papers_source_client_paper_for_id_finish (PAPERS_SOURCE_CLIENT (object), result,
                                                                         &unresolved, &error);

  g_free (adding);
  /* The window closed (which cancels its lookups), or the dialog that
   * asked was cancelled while the lookup ran */
  if (self->closed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (dialog != NULL && add_id_dialog_state (dialog)->closed))
    return;
  if (paper == NULL)
    {
      /* Nothing is added: the dialog says why and keeps the text to
       * correct; a paste has only a toast to say it. */
      if (dialog != NULL)
        add_id_dialog_failed (dialog, error->message);
      else
        papers_window_toast (self, error->message);
      return;
    }
  if (dialog != NULL)
    adw_dialog_force_close (ADW_DIALOG (dialog));
  add_or_show (self, paper, unresolved != NULL ? ADDED_UNRESOLVED : ADDED_BY_ID,
               unresolved != NULL ? unresolved->message : NULL, NULL);
}

/* Looks @text up as `papers-reader add` does and adds the paper the sources give
 * (papers_source_client_paper_for_id_async()); @dialog, when it asked,
 * shows a failure and closes on success. */
static gboolean
add_arxiv_id (PapersWindow   *self,
              const char     *text,
              AdwAlertDialog *dialog)
{
  AddingId *adding;

  if (text == NULL || !papers_arxiv_id_parse (text, NULL, NULL))
    return FALSE;
  adding = g_new0 (AddingId, 1);
  adding->window = g_object_ref (self);
  adding->dialog = dialog != NULL ? g_object_ref (dialog) : NULL;
  papers_source_client_paper_for_id_async (papers_window_client (self), text, self->cancellable, added_id_cb,
                                           adding);
  return TRUE;
}

/**
 * papers_window_add_arxiv_id:
 * @text: an arXiv identifier or address, as pasted
 *
 * Returns: whether @text named an arXiv paper
 */
gboolean
papers_window_add_arxiv_id (PapersWindow *self,
                            const char   *text)
{
  return add_arxiv_id (self, text, NULL);
}

/* A PDF without an arXiv identifier, being named by its own title */
typedef struct
{
  PapersWindow *window;
  PapersPaper  *paper;
  char         *read_path;
} Naming;

static void
pdf_named_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Naming *naming = user_data;
  g_autoptr(PapersWindow) self = naming->window;
  g_autoptr(PapersPaper) paper = naming->paper;
  g_autofree char *read_path = naming->read_path;
  g_autoptr(PapersDocument) document = papers_document_load_finish (result, NULL);
  const char *title = document != NULL ? papers_document_get_title (document) : NULL;

  g_free (naming);
  /* A closed window has cancelled the read; its library is gone */
  if (self->closed)
    return;
  /* Named before it is added, so that the library keeps this name: a
   * later description of the same paper does not replace a stored
   * title (papers_paper_merge()) */
  if (title != NULL && *title != '\0' && g_utf8_validate (title, -1, NULL))
    papers_paper_set_title (paper, title);
  add_or_show (self, paper, ADDED_OTHER_PDF, NULL, read_path);
}

/* Adds @file as a paper, named by the arXiv identifier in its file name
 * when there is one, else by the title the PDF gives itself (read on the
 * viewer's worker) or its file name; @read opens it in the reader once
 * it is stored */
static gboolean
add_pdf (PapersWindow *self,
         GFile        *file,
         gboolean      read)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *lower = basename != NULL ? g_ascii_strdown (basename, -1) : NULL;
  g_autofree char *stem = NULL;
  g_autofree char *arxiv_id = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  int version = 0;

  /* A dropped file is taken by its name; one opened with Papers has been
   * found to start as a PDF does (papers_window_open_pdf()), whatever its
   * name, as a browser's download may have none */
  if (path == NULL || basename == NULL || (!read && !g_str_has_suffix (lower, ".pdf")))
    {
      papers_window_error (self, _("Only PDF files can be added"), basename);
      return FALSE;
    }
  stem = g_str_has_suffix (lower, ".pdf") ? g_strndup (basename, strlen (basename) - 4) : g_strdup (basename);
  if (papers_arxiv_id_parse (stem, &arxiv_id, &version))
    paper = papers_source_client_new_arxiv_paper (papers_window_client (self), arxiv_id, version);
  else
    {
      g_autofree char *id = g_strconcat ("file:", path, NULL);

      Naming *naming = g_new0 (Naming, 1);

      paper = papers_paper_new (id);
      papers_paper_set_title (paper, stem);
      papers_paper_set_source (paper, "file");
      papers_paper_set_pdf_path (paper, path);
      naming->window = g_object_ref (self);
      naming->paper = g_object_ref (paper);
      naming->read_path = read ? g_strdup (path) : NULL;
      papers_document_load_async (file, NULL, self->cancellable, pdf_named_cb, naming);
      return TRUE;
    }
  papers_paper_set_pdf_path (paper, path);
  add_or_show (self, paper, ADDED_ARXIV_PDF, NULL, read ? path : NULL);
  return TRUE;
}

/**
 * papers_window_add_pdf:
 * @file: a PDF dropped on the window
 *
 * Adds @file to the library, named by the arXiv identifier in its file name
 * when there is one.
 *
 * Returns: whether @file was added
 */
gboolean
papers_window_add_pdf (PapersWindow *self,
                       GFile        *file)
{
  return add_pdf (self, file, FALSE);
}

/* The reader in front, if any, gives way to what is opened next; its
 * tabs stay open */
static void
close_reader (PapersWindow *self)
{
  papers_window_leave_reader (self);
}

/* As Read PDF: a paper of the library being read is no longer unread */
static void
read_paper (PapersWindow *self,
            PapersPaper  *paper,
            gboolean      new_tab)
{
  if (papers_paper_get_status (paper) == PAPERS_READ_STATUS_UNREAD && papers_paper_get_in_library (paper))
    papers_collection_set_status (self->collection, paper, PAPERS_READ_STATUS_READING);
  papers_window_read_in_tab (self, paper, new_tab);
}

/* A paper opened with Papers, waiting for its add to be written */
typedef struct
{
  PapersWindow *window;
  PapersPaper  *paper;
} ReadingAdded;

static void
stored_for_reading_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ReadingAdded *reading = user_data;
  g_autoptr(PapersWindow) self = reading->window;
  g_autoptr(PapersPaper) paper = reading->paper;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) stored = papers_store_get_paper_finish (PAPERS_STORE (object), result, &error);

  g_free (reading);
  if (self->closed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stored == NULL)
    {
      papers_window_error (self, _("The paper could not be added"), error != NULL ? error->message : NULL);
      return;
    }
  /* Opened while the app runs: beside the papers already open */
  papers_window_show_paper (self, paper);
  read_paper (self, paper, TRUE);
}

/* Opens @paper, just added, in the reader once its add is written: the
 * store runs its jobs in order, so a read of the paper queued now comes
 * back after the add, and the reading session the reader is given finds
 * the paper in the library.  @paper itself is kept alive meanwhile: it is
 * the library's object for the paper, which the PDF's title, read
 * meanwhile, is given. */
static void
read_when_stored (PapersWindow *self,
                  PapersPaper  *paper)
{
  PapersStore *store = papers_collection_get_store (self->collection);
  ReadingAdded *reading;

  if (store == NULL)
    return;
  reading = g_new0 (ReadingAdded, 1);
  reading->window = g_object_ref (self);
  reading->paper = g_object_ref (paper);
  papers_store_get_paper_async (store, papers_paper_get_id (paper), self->cancellable, stored_for_reading_cb,
                                reading);
}

/* What another program asks Papers to open is checked on a worker thread
 * (it may be on a slow or network disk) before anything is added: a
 * regular file that reads as a PDF.  PDF readers look for the header in
 * the first 1024 bytes. */
static void
check_pdf_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  char head[1024];
  gsize length = 0;
  GError *error = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info != NULL && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("“%s” is not a file"),
                         g_file_info_get_display_name (info));
  if (error == NULL)
    stream = g_file_read (file, cancellable, &error);
  if (stream != NULL)
    g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &length, cancellable, &error);
  if (error == NULL && g_strstr_len (head, length, "%PDF-") == NULL)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not a PDF document"),
                         g_file_info_get_display_name (info));
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
pdf_checked_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PapersWindow *self = PAPERS_WINDOW (object);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->closed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      papers_window_error (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)
                                   ? _("The file is not a PDF") : _("The file could not be opened"),
                           error->message);
      return;
    }
  if (!self->closed)
    add_pdf (self, file, TRUE);
}

/**
 * papers_window_open_pdf:
 * @file: a PDF opened with Papers
 *
 * Adds @file to the library as a dropped PDF is, once it is found to be a
 * PDF, and opens it in the reader once it is in the library.  A file that
 * is gone, unreadable or not a PDF is refused with the reason, and
 * nothing is added.  Call it once the library is open.
 */
void
papers_window_open_pdf (PapersWindow *self,
                        GFile        *file)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, pdf_checked_cb, NULL);

  g_task_set_source_tag (task, papers_window_open_pdf);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, check_pdf_thread);
}

static void
opened_resolved_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GPtrArray) papers = papers_collection_resolve_finish (PAPERS_COLLECTION (object), result, NULL);
  PapersPaper *paper;

  if (self->closed || papers == NULL || papers->len != 1)
    return;
  paper = papers->pdata[0];
  close_reader (self);
  /* The library may have added it meanwhile: then it is shown there */
  if (papers_paper_get_in_library (paper))
    {
      papers_window_show_paper (self, paper);
      return;
    }
  papers_window_show_unlisted_paper (self, paper);
  show_detail (self);
}

static void
opened_fetched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) unresolved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper = papers_source_client_paper_for_id_finish (PAPERS_SOURCE_CLIENT (object), result,
                                                                         &unresolved, &error);
  g_autoptr(GPtrArray) papers = NULL;

  if (self->closed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (paper == NULL)
    {
      papers_window_error (self, _("The paper could not be opened"), error->message);
      return;
    }
  if (unresolved != NULL)
    papers_window_error (self, _("The paper is shown by its identifier alone"), unresolved->message);
  papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (papers, g_steal_pointer (&paper));
  papers_collection_resolve_async (self->collection, papers, self->cancellable, opened_resolved_cb,
                                   g_object_ref (self));
}

/* Not in the library: asked of the sources as `papers-reader add` asks,
 * and shown with Add to Library, not added */
static void
fetch_to_open (PapersWindow *self,
               const char   *text)
{
  papers_source_client_paper_for_id_async (papers_window_client (self), text, self->cancellable,
                                           opened_fetched_cb, g_object_ref (self));
}

typedef struct
{
  PapersWindow *window;
  char         *text;   /* the id, with its version if one was asked */
} OpeningId;

static void
opened_in_library_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  OpeningId *opening = user_data;
  g_autoptr(PapersWindow) self = opening->window;
  g_autofree char *text = opening->text;
  g_autoptr(PapersPaper) paper = papers_store_get_paper_finish (PAPERS_STORE (object), result, NULL);

  g_free (opening);
  if (self->closed)
    return;
  if (paper == NULL)
    {
      fetch_to_open (self, text);
      return;
    }
  close_reader (self);
  papers_window_show_paper (self, papers_collection_canonical (self->collection, paper));
}

/**
 * papers_window_open_arxiv_id:
 * @id: an unversioned arXiv id, from an address opened with Papers
 * @version: its version, or 0
 *
 * Shows the paper: the library's when it has it, else as the sources
 * know it, with Add to Library.  Call it once the library is open.
 */
void
papers_window_open_arxiv_id (PapersWindow *self,
                             const char   *id,
                             int           version)
{
  PapersStore *store = papers_collection_get_store (self->collection);
  g_autofree char *text = version > 0 ? g_strdup_printf ("%sv%d", id, version) : g_strdup (id);
  OpeningId *opening;

  if (store == NULL)
    {
      fetch_to_open (self, text);
      return;
    }
  opening = g_new0 (OpeningId, 1);
  opening->window = g_object_ref (self);
  opening->text = g_steal_pointer (&text);
  papers_store_get_paper_async (store, id, self->cancellable, opened_in_library_cb, opening);
}

static void
add_id_dialog_set_body (AdwAlertDialog *dialog,
                        const char     *body)
{
  adw_alert_dialog_set_body (dialog, body != NULL ? body :
                             _("Enter an arXiv identifier or address, like 2410.17243 or https://arxiv.org/abs/2410.17243"));
}

static void
add_id_dialog_failed (AdwAlertDialog *dialog,
                      const char     *message)
{
  GtkWidget *entry = adw_alert_dialog_get_extra_child (dialog);

  add_id_dialog_state (dialog)->looking_up = FALSE;
  add_id_dialog_set_body (dialog, message);
  gtk_widget_add_css_class (entry, "error");
  adw_alert_dialog_set_response_enabled (dialog, "add", TRUE);
  gtk_widget_grab_focus (entry);
}

static void
add_id_entry_changed_cb (GtkEditable    *entry,
                         AdwAlertDialog *dialog)
{
  /* Editing after a failure starts over */
  if (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      add_id_dialog_set_body (dialog, NULL);
    }
  adw_alert_dialog_set_response_enabled (dialog, "add", !add_id_dialog_state (dialog)->looking_up &&
                                         papers_arxiv_id_parse (gtk_editable_get_text (entry), NULL, NULL));
}

static gboolean
add_id_close_cb (gpointer data)
{
  AdwAlertDialog *dialog = data;
  AddIdDialog *state = add_id_dialog_state (dialog);

  state->close_source = 0;
  /* (now: "closed" may come after the dialog's animation) */
  state->closed = TRUE;
  adw_dialog_force_close (ADW_DIALOG (dialog));
  return G_SOURCE_REMOVE;
}

static void
add_id_close_attempt_cb (AdwAlertDialog *dialog)
{
  AddIdDialog *state = add_id_dialog_state (dialog);

  if (state->close_source == 0)
    state->close_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, add_id_close_cb, dialog, NULL);
}

static void
add_id_closed_cb (AdwAlertDialog *dialog)
{
  add_id_dialog_state (dialog)->closed = TRUE;
}

static void
add_id_response_cb (AdwAlertDialog *dialog,
                    const char     *response)
{
  AddIdDialog *state = add_id_dialog_state (dialog);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (adw_alert_dialog_get_extra_child (dialog)));
  g_autofree char *busy = NULL;

  if (!g_str_equal (response, "add") || state->looking_up || state->closed)
    return;
  g_clear_handle_id (&state->close_source, g_source_remove);
  if (!add_arxiv_id (state->window, text, dialog))
    {
      add_id_dialog_failed (dialog, _("Not an arXiv identifier"));
      return;
    }
  state->looking_up = TRUE;
  /* Translators: %s is an arXiv identifier or address */
  busy = g_strdup_printf (_("Looking up %s…"), text);
  add_id_dialog_set_body (dialog, busy);
  adw_alert_dialog_set_response_enabled (dialog, "add", FALSE);
}

static void
add_by_id_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PapersWindow *self = user_data;
  AdwDialog *dialog = adw_alert_dialog_new (_("Add by Identifier"), NULL);
  GtkWidget *entry = gtk_entry_new ();
  AddIdDialog *state = g_new0 (AddIdDialog, 1);

  state->window = self;
  g_object_set_data_full (G_OBJECT (dialog), "papers-add-id", state, (GDestroyNotify) add_id_dialog_free);
  add_id_dialog_set_body (ADW_ALERT_DIALOG (dialog), NULL);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "2410.17243");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Identifier"), -1);
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), entry);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_response_enabled (ADW_ALERT_DIALOG (dialog), "add", FALSE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "add");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_dialog_set_can_close (dialog, FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (add_id_entry_changed_cb), dialog);
  g_signal_connect (dialog, "close-attempt", G_CALLBACK (add_id_close_attempt_cb), NULL);
  g_signal_connect (dialog, "closed", G_CALLBACK (add_id_closed_cb), NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (add_id_response_cb), NULL);
  adw_dialog_present (dialog, GTK_WIDGET (self));
  gtk_widget_grab_focus (entry);
}

static void
paste_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);

  /* Closing the window cancels the paste, so text is NULL then. */
  if (text != NULL && !papers_window_add_arxiv_id (self, g_strstrip (text)))
    papers_window_toast (self, _("The clipboard holds no arXiv identifier"));
}

/* Ctrl+V reaches here only when no text field took it first. */
static void
paste_id_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PapersWindow *self = user_data;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->cancellable,
                                 paste_ready_cb, g_object_ref (self));
}

/* The reader, when it is what the window shows.  Application shortcuts
 * reach the window before any widget inside it, so the window hands the
 * keys the reader shares with the library (find, go to, back and forward)
 * to the reader itself. */
static GtkWidget *
visible_reader (PapersWindow *self)
{
  return papers_window_visible_reader (self);
}

static gboolean
forward_to_reader (PapersWindow *self,
                   const char   *action)
{
  GtkWidget *reader = visible_reader (self);

  return reader != NULL && PAPERS_IS_READER (reader) &&
         gtk_widget_activate_action (reader, action, NULL);
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  PapersWindow *self = user_data;

  if (forward_to_reader (self, "reader.find"))
    return;

  if (adw_navigation_split_view_get_collapsed (self->outer_split))
    adw_navigation_split_view_set_show_content (self->outer_split, TRUE);
  if (adw_navigation_split_view_get_collapsed (self->inner_split))
    adw_navigation_split_view_set_show_content (self->inner_split, FALSE);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_search_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PapersWindow *self = user_data;

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (g_str_has_prefix (self->view, "saved:"))
    papers_window_set_view (self, "library:all");
}

/* The arrows and Alt+Left/Right step by the period shown: a day, a week
 * or a month. */
static void
shift_period (PapersWindow *self,
              int           steps)
{
  g_autoptr(GDateTime) day = papers_hf_period_step (self->period, self->day, steps);
  g_autofree char *iso = g_date_time_format (day, "%Y-%m-%d");

  papers_window_set_day (self, iso);
}

/* Ctrl+L: the search in the library, the page number in the reader. */
static void
locate_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  if (!forward_to_reader (user_data, "reader.go-to-page"))
    search_action (action, parameter, user_data);
}

static void
previous_day_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  if (!forward_to_reader (user_data, "reader.go-back"))
    shift_period (user_data, -1);
}

static void
next_day_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  if (!forward_to_reader (user_data, "reader.go-forward"))
    shift_period (user_data, 1);
}

static void
sort_change_state (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  PapersWindow *self = user_data;

  g_simple_action_set_state (action, state);
  g_free (self->sort);
  self->sort = g_variant_dup_string (state, NULL);
  /* (an order of the sort menu; a tag of it comes through for-you-tag) */
  if (!self->choosing_for_you_tag)
    papers_window_for_you_sort_chosen (self);
  g_settings_set_string (self->settings, "sort-order", self->sort);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  /* For You ranks the listing on show (on a worker), other orders
   * forget its ranking */
  papers_window_for_you_rank (self);
  papers_window_refresh_library (self);
}

static void
save_search_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PapersWindow *self = user_data;
  g_autofree char *view = NULL;

  if (self->query == NULL || *self->query == '\0')
    {
      papers_window_toast (self, _("Type a search to save it"));
      return;
    }
  papers_settings_edit_strv (self->settings, "saved-searches", self->query, NULL);
  view = g_strconcat ("saved:", self->query, NULL);
  papers_window_set_view (self, view);
}

static void
remove_saved_search_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  PapersWindow *self = user_data;
  const char *query = g_variant_get_string (parameter, NULL);

  papers_settings_edit_strv (self->settings, "saved-searches", NULL, query);
  if (g_str_has_prefix (self->view, "saved:") && g_str_equal (self->view + 6, query))
    papers_window_set_view (self, "library:all");
}

static void
reload_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  PapersWindow *self = user_data;
  g_autofree char *view = g_strdup (self->view);

  papers_window_set_view (self, view);
}

static void
show_view_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  papers_window_set_view (user_data, g_variant_get_string (parameter, NULL));
}

static void
undo_remove_cb (AdwToast    *toast,
                PapersPaper *paper)
{
  PapersWindow *self = g_object_get_data (G_OBJECT (toast), "window");

  papers_collection_add (self->collection, paper);
  papers_window_update_actions (self);
}

static void
toggle_library_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PapersWindow *self = user_data;
  PapersPaper *paper = current_paper (self);
  g_autoptr(PapersPaper) removed = NULL;
  AdwToast *toast;

  if (paper == NULL)
    return;
  if (!papers_paper_get_in_library (paper))
    {
      papers_collection_add (self->collection, paper);
      if (papers_paper_get_in_library (paper))
        papers_window_toast (self, _("Added to the library"));
      papers_window_update_actions (self);
      return;
    }

  papers_detail_flush_note (self->detail);
  removed = papers_collection_remove (self->collection, papers_paper_get_id (paper));
  if (removed == NULL)
    return;
  toast = adw_toast_new (_("Removed from the library"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "window", self);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_remove_cb),
                         g_object_ref (removed), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  papers_window_update_actions (self);
}

static void
star_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PapersWindow *self = user_data;
  PapersPaper *paper = current_paper (self);

  if (paper != NULL && papers_paper_get_in_library (paper))
    papers_collection_set_starred (self->collection, paper, !papers_paper_get_starred (paper));
}

static void
set_status_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PapersWindow *self = user_data;
  PapersPaper *paper = current_paper (self);
  PapersReadStatus status;

  if (paper != NULL && papers_paper_get_in_library (paper) &&
      papers_read_status_from_string (g_variant_get_string (parameter, NULL), &status))
    papers_collection_set_status (self->collection, paper, status);
}

static void
copy_text (PapersWindow *self,
           const char   *text,
           const char   *message)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  papers_window_toast (self, message);
}

static void
copy_bibtex_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PapersWindow *self = user_data;
  g_autofree char *bibtex = NULL;

  if (current_paper (self) == NULL)
    return;
  bibtex = papers_collection_dup_bibtex (current_paper (self));
  copy_text (self, bibtex, _("BibTeX copied"));
}

static const char *
paper_link (PapersPaper *paper)
{
  if (papers_paper_get_abs_url (paper) != NULL)
    return papers_paper_get_abs_url (paper);
  if (papers_paper_get_hf_url (paper) != NULL)
    return papers_paper_get_hf_url (paper);
  return papers_paper_get_pdf_url (paper);
}

static void
copy_link_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PapersWindow *self = user_data;

  if (current_paper (self) == NULL || paper_link (current_paper (self)) == NULL)
    return;
  copy_text (self, paper_link (current_paper (self)), _("Link copied"));
}

static void
open_web (PapersWindow *self,
          const char   *uri)
{
  g_autoptr(GtkUriLauncher) launcher = NULL;

  if (!papers_uri_is_web (uri))
    return;
  launcher = gtk_uri_launcher_new (uri);
  gtk_uri_launcher_launch (launcher, GTK_WINDOW (self), NULL, NULL, NULL);
}

static void
open_link_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PapersWindow *self = user_data;
  PapersPaper *paper = current_paper (self);
  const char *which = g_variant_get_string (parameter, NULL);

  if (paper != NULL)
    open_web (self, g_str_equal (which, "hf") ? papers_paper_get_hf_url (paper)
                                              : papers_paper_get_abs_url (paper));
}

/* Reading: the viewer opens the local PDF; a paper without one is
 * downloaded first, with progress in the Read button.  "read-new-tab"
 * (Open in New Tab in a row's menu, Ctrl+click on a row) opens it beside
 * the papers open. */
static void
read_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PapersWindow *self = user_data;
  PapersPaper *paper = current_paper (self);

  if (paper != NULL)
    read_paper (self, paper, g_str_equal (g_action_get_name (G_ACTION (action)), "read-new-tab"));
}

static void
show_detail (PapersWindow *self)
{
  if (adw_navigation_split_view_get_collapsed (self->outer_split))
    adw_navigation_split_view_set_show_content (self->outer_split, TRUE);
  if (adw_navigation_split_view_get_collapsed (self->inner_split))
    adw_navigation_split_view_set_show_content (self->inner_split, TRUE);
}

static void
add_tag_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PapersWindow *self = user_data;

  show_detail (self);
  papers_detail_focus_tags (self->detail);
}

static void
edit_note_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PapersWindow *self = user_data;

  show_detail (self);
  papers_detail_focus_note (self->detail);
}

/* Ctrl+W closes the reader's tab (the last one shows the list again),
 * or the window when no reader is shown. */
static void
close_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PapersWindow *self = user_data;

  if (papers_window_reader_shown (self))
    papers_window_close_tab (self, NULL);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
next_tab_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  papers_window_switch_tab (user_data, 1);
}

static void
previous_tab_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  papers_window_switch_tab (user_data, -1);
}

static void
reopen_tab_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  papers_window_reopen_tab (user_data);
}

static void
show_tabs_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  papers_window_show_tabs (user_data);
}

/* Tags: rename, recolor, merge and delete from the sidebar's menu. */

/* The list follows a tag it shows when the tag is renamed or merged. */
static void
follow_tag (PapersWindow *self,
            const char   *name,
            const char   *new_name)
{
  g_autofree char *view = NULL;

  if (!g_str_has_prefix (self->view, "tag:") || !g_str_equal (self->view + 4, name))
    return;
  view = new_name != NULL ? g_strconcat ("tag:", new_name, NULL) : g_strdup ("library:all");
  papers_window_set_view (self, view);
}

static void
rename_response_cb (AdwAlertDialog *dialog,
                    const char     *response,
                    PapersWindow   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_alert_dialog_get_extra_child (dialog));
  const char *name = g_object_get_data (G_OBJECT (dialog), "tag");
  g_autofree char *new_name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (!g_str_equal (response, "rename") || g_str_equal (new_name, name) ||
      !papers_window_library_check_editable (self))
    return;
  if (!papers_collection_rename_tag (self->collection, name, new_name))
    papers_window_error (self, _("Could not rename the tag"),
                         _("A tag with that name exists already: merge into it instead."));
  else
    follow_tag (self, name, new_name);
}

static AdwDialog *
tag_dialog_new (PapersWindow *self,
                const char   *name,
                const char   *heading,
                const char   *response,
                const char   *response_label,
                GtkWidget    *child)
{
  AdwDialog *dialog = adw_alert_dialog_new (heading, NULL);

  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), child);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), response, response_label, NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), response, ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), response);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tag", g_strdup (name), g_free);
  return dialog;
}

static void
tag_rename_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PapersWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *entry = gtk_entry_new ();
  AdwDialog *dialog;

  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("New Name"), -1);
  dialog = tag_dialog_new (self, name, _("Rename Tag"), "rename", _("_Rename"), entry);
  g_signal_connect (dialog, "response", G_CALLBACK (rename_response_cb), self);
  adw_dialog_present (dialog, GTK_WIDGET (self));
  /* Ready to type the new name */
  adw_dialog_set_focus (dialog, entry);
}

static void
merge_response_cb (AdwAlertDialog *dialog,
                   const char     *response,
                   PapersWindow   *self)
{
  GtkDropDown *drop_down = GTK_DROP_DOWN (adw_alert_dialog_get_extra_child (dialog));
  GtkStringObject *into = gtk_drop_down_get_selected_item (drop_down);
  const char *name = g_object_get_data (G_OBJECT (dialog), "tag");

  if (!g_str_equal (response, "merge") || into == NULL)
    return;
  papers_collection_merge_tag (self->collection, name, gtk_string_object_get_string (into));
  follow_tag (self, name, gtk_string_object_get_string (into));
}

static void
tag_merge_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PapersWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  g_auto(GStrv) names = papers_collection_dup_tag_names (self->collection);
  GtkStringList *others = gtk_string_list_new (NULL);
  GtkWidget *drop_down;
  AdwDialog *dialog;

  for (guint i = 0; names[i] != NULL; i++)
    if (!g_str_equal (names[i], name))
      gtk_string_list_append (others, names[i]);
  if (g_list_model_get_n_items (G_LIST_MODEL (others)) == 0)
    {
      g_object_unref (others);
      papers_window_toast (self, _("There is no other tag to merge into"));
      return;
    }
  drop_down = gtk_drop_down_new (G_LIST_MODEL (others), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Merge Into"), -1);
  dialog = tag_dialog_new (self, name, _("Merge Tag"), "merge", _("_Merge"), drop_down);
  adw_alert_dialog_format_body (ADW_ALERT_DIALOG (dialog),
                                _("Papers tagged “%s” get the chosen tag instead, and “%s” goes away."), name, name);
  g_signal_connect (dialog, "response", G_CALLBACK (merge_response_cb), self);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

typedef struct
{
  PapersWindow *window;
  char         *name;
} TagData;

static void
tag_data_free (TagData *data)
{
  g_object_unref (data->window);
  g_free (data->name);
  g_free (data);
}

static void
color_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TagData *data = user_data;
  g_autofree GdkRGBA *rgba = gtk_color_dialog_choose_rgba_finish (GTK_COLOR_DIALOG (object), result, NULL);

  if (rgba != NULL && !data->window->closed)
    {
      g_autofree char *hex = g_strdup_printf ("#%02x%02x%02x", (int) (rgba->red * 255 + 0.5),
                                              (int) (rgba->green * 255 + 0.5), (int) (rgba->blue * 255 + 0.5));
      papers_collection_recolor_tag (data->window->collection, data->name, hex);
    }
  tag_data_free (data);
}

static void
tag_recolor_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PapersWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr(GtkColorDialog) dialog = gtk_color_dialog_new ();
  TagData *data = g_new0 (TagData, 1);
  GdkRGBA color;

  gdk_rgba_parse (&color, papers_collection_get_tag_color (self->collection, name));
  gtk_color_dialog_set_title (dialog, _("Tag Color"));
  gtk_color_dialog_set_with_alpha (dialog, FALSE);
  data->window = g_object_ref (self);
  data->name = g_strdup (name);
  gtk_color_dialog_choose_rgba (dialog, GTK_WINDOW (self), &color, self->cancellable, color_ready_cb, data);
}

typedef struct
{
  char      *name;
  char      *color;
  GPtrArray *papers;
  PapersWindow *window;
} DeletedTag;

static void
deleted_tag_free (DeletedTag *deleted)
{
  g_free (deleted->name);
  g_free (deleted->color);
  g_ptr_array_unref (deleted->papers);
  g_free (deleted);
}

static void
undo_delete_tag_cb (AdwToast   *toast,
                    DeletedTag *deleted)
{
  PapersWindow *self = g_object_get_data (G_OBJECT (toast), "window");

  papers_collection_restore_tag (self->collection, deleted->name, deleted->color, deleted->papers);
}

static void
tag_deleted_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DeletedTag *deleted = user_data;
  g_autoptr(PapersWindow) self = g_steal_pointer (&deleted->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf (_("Tag “%s” deleted"), deleted->name);
  AdwToast *toast;

  deleted->papers = papers_collection_delete_tag_finish (PAPERS_COLLECTION (object), result, &error);
  if (deleted->papers == NULL)
    deleted->papers = g_ptr_array_new_with_free_func (g_object_unref);
  /* Refused (the library cannot be changed): no toast saying it was
   * deleted.  A failure to list its papers only leaves Undo nothing. */
  if (g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY) && !self->closed)
    papers_window_error (self, _("The tag was not deleted"), error->message);
  if (self->closed || g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY))
    {
      deleted_tag_free (deleted);
      return;
    }
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data (G_OBJECT (toast), "window", self);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_delete_tag_cb),
                         deleted, (GClosureNotify) (void (*) (void)) deleted_tag_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
tag_delete_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PapersWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  DeletedTag *deleted = g_new0 (DeletedTag, 1);

  deleted->name = g_strdup (name);
  deleted->color = g_strdup (papers_collection_get_tag_color (self->collection, name));
  /* The toast waits for the list of papers that had the tag, for undo. */
  deleted->window = g_object_ref (self);
  papers_collection_delete_tag_async (self->collection, name, tag_deleted_cb, deleted);
  follow_tag (self, name, NULL);
}

/* Built when asked for rather than with the window (as GtkApplication
 * does with gtk/help-overlay.ui): it is a window of its own, and the
 * first frame does not need it. */
static void
show_help_overlay_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  PapersWindow *self = user_data;
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/example/Papers/papers-shortcuts.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (self));
  gtk_window_present (shortcuts);
}

static const GActionEntry win_actions[] = {
  { .name = "show-help-overlay", .activate = show_help_overlay_action },
  { .name = "toggle-sidebar", .activate = toggle_sidebar_action },
  { .name = "add-by-id", .activate = add_by_id_action },
  { .name = "paste-id", .activate = paste_id_action },
  { .name = "search", .activate = search_action },
  { .name = "locate", .activate = locate_action },
  { .name = "clear-search", .activate = clear_search_action },
  { .name = "previous-day", .activate = previous_day_action },
  { .name = "next-day", .activate = next_day_action },
  { .name = "sort", .parameter_type = "s", .state = "'date'", .change_state = sort_change_state },
  { .name = "save-search", .activate = save_search_action },
  { .name = "remove-saved-search", .activate = remove_saved_search_action, .parameter_type = "s" },
  { .name = "reload", .activate = reload_action },
  { .name = "show-view", .activate = show_view_action, .parameter_type = "s" },
  { .name = "toggle-library", .activate = toggle_library_action },
  { .name = "star", .activate = star_action },
  { .name = "set-status", .activate = set_status_action, .parameter_type = "s" },
  { .name = "copy-bibtex", .activate = copy_bibtex_action },
  { .name = "copy-link", .activate = copy_link_action },
  { .name = "open-link", .activate = open_link_action, .parameter_type = "s" },
  { .name = "read", .activate = read_action },
  { .name = "close", .activate = close_action },
  { .name = "read-new-tab", .activate = read_action },
  { .name = "next-tab", .activate = next_tab_action },
  { .name = "previous-tab", .activate = previous_tab_action },
  { .name = "reopen-tab", .activate = reopen_tab_action },
  { .name = "show-tabs", .activate = show_tabs_action },
  { .name = "add-tag", .activate = add_tag_action },
  { .name = "edit-note", .activate = edit_note_action },
  { .name = "tag-rename", .activate = tag_rename_action, .parameter_type = "s" },
  { .name = "tag-recolor", .activate = tag_recolor_action, .parameter_type = "s" },
  { .name = "tag-merge", .activate = tag_merge_action, .parameter_type = "s" },
  { .name = "tag-delete", .activate = tag_delete_action, .parameter_type = "s" },
};

static void
add_shortcut (GtkShortcutController *controller,
              const char            *trigger,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                                          gtk_named_action_new (action)));
}

void
papers_window_actions_init (PapersWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "sort")),
                             g_variant_new_string (self->sort));

  /* These keys mean something else inside a text field, which sees them
   * first: the window only gets them when no field took them. */
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>v", "win.paste-id");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "slash", "win.search");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  papers_window_update_actions (self);
}
