/* papers-window-pdfs.c: opening a paper whose PDF came through sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A paper another device sent the PDF of has no file here until it is
 * opened: Read fetches it through sync first, and falls back to the
 * paper's own download (arXiv) only when no device sent one.  The fetch
 * runs as `papers-reader sync --fetch-pdf ID --json`, a child process as
 * the window's sync rounds are: the sync engine blocks, and the child
 * reads the same settings, keyring and PAPERS_SYNC_* variables. */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "papers-window-private.h"

/* `papers-reader sync --fetch-pdf` exits so when no device sent one */
#define NOTHING_SENT_STATUS 3

typedef struct
{
  PapersWindow *window;
  PapersPaper  *paper;
  gboolean      new_tab;
} SyncedPdf;

static void
synced_pdf_free (SyncedPdf *op)
{
  g_object_unref (op->window);
  g_object_unref (op->paper);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncedPdf, synced_pdf_free)

/**
 * papers_window_pdfs_sync_set_up:
 *
 * Returns: whether sync has a server to ask (its address set, or
 *   PAPERS_SYNC_URL)
 */
gboolean
papers_window_pdfs_sync_set_up (PapersWindow *self)
{
  g_autofree char *url = NULL;

  if (g_getenv ("PAPERS_SYNC_URL") != NULL)
    return *g_getenv ("PAPERS_SYNC_URL") != '\0';
  url = g_settings_get_string (self->settings, "sync-url");
  return url[0] != '\0';
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SyncedPdf) op = user_data;
  PapersWindow *self = op->window;
  GSubprocess *child = G_SUBPROCESS (source);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_object_set_data (G_OBJECT (op->paper), "papers-window", NULL);
  if (!g_subprocess_communicate_utf8_finish (child, result, &out, &err, &error))
    g_debug ("The PDF fetch could not be read: %s", error->message);
  if (self->closed)
    return;
  papers_detail_set_progress (self->detail, -1);
  if (g_subprocess_get_if_exited (child) && g_subprocess_get_exit_status (child) == NOTHING_SENT_STATUS)
    {
      /* No device sent one: the paper's own download */
      g_object_set_data (G_OBJECT (op->paper), "papers-sync-no-pdf", GINT_TO_POINTER (TRUE));
      papers_window_read_in_tab (self, op->paper, op->new_tab);
      return;
    }
  if (!g_subprocess_get_successful (child) || out == NULL || !json_parser_load_from_data (parser, out, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_autofree char *message = g_strstrip (g_strdup (err != NULL ? err : ""));
      const char *colon = strstr (message, ": ");

      papers_window_error (self, _("Could not fetch the PDF through sync"),
                           colon != NULL ? colon + 2 : message);
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  papers_collection_set_pdf (self->collection, op->paper, json_object_get_string_member (object, "path"),
                             json_object_get_int_member (object, "size"),
                             json_object_get_string_member (object, "sha256"));
  if (papers_detail_get_paper (self->detail) == op->paper)
    papers_window_read_in_tab (self, op->paper, op->new_tab);
}

/**
 * papers_window_read_synced_pdf:
 *
 * Fetches @paper's PDF through sync when sync is set up and it may have
 * one; the paper then opens in the reader.
 *
 * Returns: whether it is being fetched (else the caller downloads it)
 */
gboolean
papers_window_read_synced_pdf (PapersWindow *self,
                               PapersPaper  *paper,
                               gboolean      new_tab)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GError) error = NULL;
  SyncedPdf *op;

  if (!papers_window_pdfs_sync_set_up (self) || g_object_get_data (G_OBJECT (paper), "papers-sync-no-pdf") != NULL ||
      papers_paper_get_id (paper) == NULL)
    return FALSE;
  if (g_object_get_data (G_OBJECT (paper), "papers-window") != NULL)
    return TRUE; /* already fetching */
  if (program == NULL)
    program = g_find_program_in_path ("papers-reader");
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (program == NULL || (child = g_subprocess_launcher_spawn (launcher, &error, program, "sync", "--fetch-pdf",
                                                                 papers_paper_get_id (paper), "--json",
                                                                 NULL)) == NULL)
    {
      g_debug ("No PDF fetch through sync: %s", error != NULL ? error->message : "no papers-reader");
      return FALSE;
    }
  g_object_set_data (G_OBJECT (paper), "papers-window", self);
  papers_detail_set_progress (self->detail, 0);
  op = g_new0 (SyncedPdf, 1);
  op->window = g_object_ref (self);
  op->paper = g_object_ref (paper);
  op->new_tab = new_tab;
  g_subprocess_communicate_utf8_async (child, NULL, self->cancellable, fetched_cb, op);
  return TRUE;
}
