/* papers-download.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-download.h"
#include "papers-source-client-private.h"
#include "papers-source-common.h"

/* A PDF is written to NAME.pdf.part beside its final place and renamed to
 * NAME.pdf only once it is complete and starts with "%PDF", so a half
 * download is never taken for a paper.  NAME comes from the paper's id
 * alone (papers_arxiv_id_to_filename), never from anything the server
 * sends.  A .part left by a cancelled or failed download is resumed with a
 * Range request; a server that answers 200 instead of 206 starts it over.
 * PDFs are arXiv traffic and so wait in the client's arXiv queue.
 */

void
papers_download_result_free (PapersDownloadResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_free (result->sha256);
  g_free (result);
}

/**
 * papers_download_default_directory:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/org.example.Papers/pdfs`
 */
char *
papers_download_default_directory (void)
{
  return g_build_filename (g_get_user_data_dir (), "org.example.Papers", "pdfs", NULL);
}

/**
 * papers_download_path_for_id:
 * @directory: (nullable): where PDFs live, %NULL for the default
 * @id: an unversioned arXiv id
 *
 * Returns: (transfer full) (nullable): the PDF's path, or %NULL for an
 *   invalid id
 */
char *
papers_download_path_for_id (const char *directory,
                             const char *id)
{
  g_autofree char *dir = directory ? g_strdup (directory) : papers_download_default_directory ();
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;

  if (!papers_arxiv_id_is_valid (id))
    return NULL;
  stem = papers_arxiv_id_to_filename (id);
  name = g_strconcat (stem, ".pdf", NULL);
  return g_build_filename (dir, name, NULL);
}

typedef struct
{
  char                   *id;
  int                     version;
  char                   *path;
  char                   *part;
  char                   *validator_path;
  char                   *validator;
  goffset                 resume_from;
  gboolean                retried_range;
  PapersDownloadProgress  progress;
  gpointer                progress_data;
} DownloadData;

static void
download_data_free (DownloadData *data)
{
  g_free (data->id);
  g_free (data->path);
  g_free (data->part);
  g_free (data->validator_path);
  g_free (data->validator);
  g_free (data);
}

static GOutputStream *
open_sink (guint                      status,
           goffset                    range_start,
           goffset                    total,
           const PapersHttpResponse  *response,
           gpointer                   user_data,
           GError                   **error)
{
  DownloadData *data = user_data;
  g_autoptr(GFile) part = g_file_new_for_path (data->part);
  const char *validator = response->etag ? response->etag : response->last_modified;

  if (status == 206)
    {
      if (range_start != data->resume_from)
        {
          papers_source_set_bad_response (error, "arXiv", "asked for bytes from %" G_GOFFSET_FORMAT
                                          ", got from %" G_GOFFSET_FORMAT, data->resume_from, range_start);
          g_unlink (data->part);
          return NULL;
        }
      g_debug ("arXiv: resuming %s at %" G_GOFFSET_FORMAT, data->id, range_start);
      return G_OUTPUT_STREAM (g_file_append_to (part, G_FILE_CREATE_PRIVATE, NULL, error));
    }

  /* A whole body: start the file over, remembering which version of it
   * this is so that a resumed download asks for the same one (If-Range). */
  data->resume_from = 0;
  g_unlink (data->validator_path);
  if (validator != NULL && strlen (validator) < 1024)
    g_file_set_contents (data->validator_path, validator, -1, NULL);
  return G_OUTPUT_STREAM (g_file_replace (part, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error));
}

static void
progress_cb (goffset  received,
             goffset  total,
             gpointer user_data)
{
  DownloadData *data = user_data;

  if (data->progress != NULL)
    data->progress (received, total, data->progress_data);
}

/* In a thread: check, hash and move the finished file into place. */
static void
finish_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DownloadData *data = task_data;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GFile) part = g_file_new_for_path (data->part);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  PapersDownloadResult *result;
  goffset size = 0;
  gssize n;

  in = g_file_read (part, cancellable, &error);
  if (in == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, 64 * 1024, cancellable, &error)) > 0)
    {
      if (size == 0 && (n < 4 || memcmp (buffer, "%PDF", 4) != 0))
        {
          g_debug ("arXiv: %s is not a PDF", data->id);
          g_unlink (data->part);
          g_unlink (data->validator_path);
          g_task_return_new_error (task, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE,
                                   _("arXiv did not send a PDF for %s. Try again later."), data->id);
          return;
        }
      g_checksum_update (checksum, buffer, n);
      size += n;
    }
  if (n < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (size == 0)
    {
      g_unlink (data->part);
      g_task_return_new_error (task, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE,
                               _("arXiv did not send a PDF for %s. Try again later."), data->id);
      return;
    }

  g_unlink (data->validator_path);
  if (g_rename (data->part, data->path) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not save the PDF: %s"), g_strerror (saved));
      return;
    }

  result = g_new0 (PapersDownloadResult, 1);
  result->path = g_strdup (data->path);
  result->size = size;
  result->sha256 = g_strdup (g_checksum_get_string (checksum));
  g_task_return_pointer (task, result, (GDestroyNotify) papers_download_result_free);
}

static void start_request (GTask *task);

static void
request_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersHttpResponse) response = papers_http_get_finish (PAPERS_HTTP (source), result, &error);

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* 416: the .part is not a prefix the server can continue; start over. */
  if (response->status == 416 && data->resume_from > 0 && !data->retried_range)
    {
      g_unlink (data->part);
      data->resume_from = 0;
      data->retried_range = TRUE;
      start_request (g_steal_pointer (&task));
      return;
    }

  if (!papers_http_check_status (PAPERS_SERVICE_ARXIV, response->status, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_run_in_thread (task, finish_thread);
}

static void
start_request (GTask *task)
{
  PapersSourceClient *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  g_autofree char *uri = NULL;
  GStatBuf st;
  PapersHttpRequest request = { 0 };

  if (data->resume_from == 0 && !data->retried_range && g_stat (data->part, &st) == 0 && st.st_size > 0)
    {
      data->resume_from = st.st_size;
      g_clear_pointer (&data->validator, g_free);
      if (!g_file_get_contents (data->validator_path, &data->validator, NULL, NULL))
        data->validator = NULL;
    }

  if (data->version > 0)
    uri = g_strdup_printf ("%s/pdf/%sv%d", papers_source_client_get_arxiv_url (self), data->id, data->version);
  else
    uri = g_strdup_printf ("%s/pdf/%s", papers_source_client_get_arxiv_url (self), data->id);

  request.uri = uri;
  request.service = PAPERS_SERVICE_ARXIV;
  request.max_bytes = PAPERS_SOURCE_MAX_PDF_BYTES;
  request.range_from = data->resume_from;
  request.if_range = data->resume_from > 0 ? data->validator : NULL;
  request.open_sink = open_sink;
  request.progress = progress_cb;
  request.user_data = data;

  papers_http_get_async (papers_source_client_get_http (self), &request, g_task_get_cancellable (task), request_cb, task);
}

/**
 * papers_source_client_download_pdf_async:
 * @self: a client
 * @id: an unversioned arXiv id
 * @version: the version to fetch, or 0 for the latest
 * @directory: (nullable): where to put it, %NULL for the default
 * @progress: (nullable) (scope notified): called as bytes arrive, with the
 *   total or -1 when unknown
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable; a cancelled download resumes
 *   where it stopped next time
 * @callback: called when the PDF is in place
 * @user_data: data for @callback
 */
void
papers_source_client_download_pdf_async (PapersSourceClient     *self,
                                         const char             *id,
                                         int                     version,
                                         const char             *directory,
                                         PapersDownloadProgress  progress,
                                         gpointer                progress_data,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *dir = NULL;
  DownloadData *data;

  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_source_client_download_pdf_async);

  if (!papers_arxiv_id_is_valid (id))
    {
      g_task_return_new_error (task, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY,
                               _("“%s” is not an arXiv identifier."), id ? id : "");
      return;
    }

  dir = directory ? g_strdup (directory) : papers_download_default_directory ();
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create the folder for PDFs: %s"), g_strerror (saved));
      return;
    }

  data = g_new0 (DownloadData, 1);
  data->id = g_strdup (id);
  data->version = MAX (version, 0);
  data->path = papers_download_path_for_id (dir, id);
  /* A version of its own gets a .part of its own: never resume one
   * version's bytes with another's. */
  if (data->version > 0)
    data->part = g_strdup_printf ("%s.v%d.part", data->path, data->version);
  else
    data->part = g_strconcat (data->path, ".part", NULL);
  data->validator_path = g_strconcat (data->part, ".validator", NULL);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) download_data_free);

  start_request (g_steal_pointer (&task));
}

/**
 * papers_source_client_download_pdf_finish:
 * @self: a client
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): where the PDF is, its size and its sha256
 */
PapersDownloadResult *
papers_source_client_download_pdf_finish (PapersSourceClient  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Into the library ---------------------------------------------------- */

typedef struct
{
  PapersStore            *store;
  PapersPaper            *paper;
  PapersDownloadResult   *result;
  PapersDownloadProgress  progress;
  gpointer                progress_data;
} LibraryData;

static void
library_data_free (LibraryData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->paper);
  g_clear_pointer (&data->result, papers_download_result_free);
  g_free (data);
}

static void
pdf_recorded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LibraryData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!papers_store_write_finish (PAPERS_STORE (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->result),
                           (GDestroyNotify) papers_download_result_free);
}

static void
library_downloaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LibraryData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->result = papers_source_client_download_pdf_finish (PAPERS_SOURCE_CLIENT (source), result, &error);
  if (data->result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  papers_paper_set_pdf_path (data->paper, data->result->path);
  papers_store_set_pdf_async (data->store, papers_paper_get_id (data->paper), data->result->path,
                              data->result->size, data->result->sha256,
                              g_task_get_cancellable (task), pdf_recorded_cb, g_object_ref (task));
}

static void
library_added_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LibraryData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!papers_store_write_finish (PAPERS_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  papers_source_client_download_pdf_async (g_task_get_source_object (task),
                                           papers_paper_get_id (data->paper),
                                           papers_paper_get_version (data->paper), NULL,
                                           data->progress, data->progress_data,
                                           g_task_get_cancellable (task), library_downloaded_cb,
                                           g_object_ref (task));
}

/**
 * papers_source_download_to_library_async:
 * @client: a client
 * @store: the library
 * @paper: the paper; added to the library first if it is not in it
 * @progress: (nullable) (scope notified): as for papers_source_client_download_pdf_async()
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the PDF is in place and recorded
 * @user_data: data for @callback
 *
 * What "Read" does the first time: keep the paper, download its PDF (the
 * version the paper names, else the latest) and record path, size and
 * sha256 in the library, so that opening it later never needs the network.
 */
void
papers_source_download_to_library_async (PapersSourceClient     *client,
                                         PapersStore            *store,
                                         PapersPaper            *paper,
                                         PapersDownloadProgress  progress,
                                         gpointer                progress_data,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new ();
  LibraryData *data;

  g_return_if_fail (PAPERS_IS_SOURCE_CLIENT (client));
  g_return_if_fail (PAPERS_IS_STORE (store));
  g_return_if_fail (PAPERS_IS_PAPER (paper));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_source_download_to_library_async);

  data = g_new0 (LibraryData, 1);
  data->store = g_object_ref (store);
  data->paper = g_object_ref (paper);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) library_data_free);

  /* The PDF is recorded on a paper of the library. */
  g_ptr_array_add (papers, paper);
  papers_store_upsert_papers_async (store, papers, TRUE, cancellable, library_added_cb,
                                    g_steal_pointer (&task));
}

/**
 * papers_source_download_to_library_finish:
 * @client: a client
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): where the PDF is, its size and its sha256
 */
PapersDownloadResult *
papers_source_download_to_library_finish (PapersSourceClient  *client,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
