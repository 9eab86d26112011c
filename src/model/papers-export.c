/* papers-export.c: the window's Export…
 *
 * The papers come from the window (a listing's, in memory) or from a find
 * in the store (a library view, whose list is loaded a screenful at a
 * time); Markdown also needs each paper's annotations, asked of the store
 * one paper after another.  The text is made on the main thread (BibTeX
 * for 10 000 papers takes milliseconds, and the paper objects belong to
 * it) and written by GIO's worker threads, to a temporary file renamed
 * over the target, so a failed write leaves the old file whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-bibtex.h"
#include "papers-export.h"
#include "papers-markdown.h"

typedef struct
{
  PapersStore        *store;
  GPtrArray          *papers;
  GPtrArray          *annotations;  /* Markdown: one GListModel per paper */
  PapersExportFormat  format;
  GFile              *file;
  guint               n_written;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->store);
  g_clear_pointer (&export->papers, g_ptr_array_unref);
  g_clear_pointer (&export->annotations, g_ptr_array_unref);
  g_clear_object (&export->file);
  g_free (export);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, export->n_written);
}

static gboolean
has_note (PapersPaper *paper)
{
  const char *note = papers_paper_get_note (paper);

  for (const char *p = note; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

static void
write_text (GTask *task)
{
  Export *export = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  switch (export->format)
    {
    case PAPERS_EXPORT_CSL_JSON:
      text = papers_csl_json_export (export->papers);
      export->n_written = export->papers->len;
      break;
    case PAPERS_EXPORT_MARKDOWN:
      /* Only papers with a note or annotations are written */
      for (guint i = 0; i < export->papers->len; i++)
        export->n_written += has_note (export->papers->pdata[i]) ||
                             g_list_model_get_n_items (export->annotations->pdata[i]) > 0;
      if (export->n_written == 0)
        {
          g_task_return_int (task, 0);
          g_object_unref (task);
          return;
        }
      text = papers_markdown_export (export->papers, export->annotations);
      break;
    case PAPERS_EXPORT_BIBTEX:
    default:
      text = papers_bibtex_export (export->papers);
      export->n_written = export->papers->len;
      break;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (export->file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), written_cb, task);
}

static void next_annotations (GTask *task);

static void
annotations_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;
  GListModel *annotations = papers_store_list_annotations_finish (PAPERS_STORE (object), result, &error);

  if (annotations == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_ptr_array_add (export->annotations, annotations);
  next_annotations (task);
}

/* One paper's annotations at a time, in the store's queue with the
 * window's own requests rather than ahead of them */
static void
next_annotations (GTask *task)
{
  Export *export = g_task_get_task_data (task);
  guint i = export->annotations->len;

  if (i == export->papers->len)
    {
      write_text (task);
      return;
    }
  papers_store_list_annotations_async (export->store, papers_paper_get_id (export->papers->pdata[i]),
                                       g_task_get_cancellable (task), annotations_cb, task);
}

static void
got_papers (GTask *task)
{
  Export *export = g_task_get_task_data (task);

  if (export->format != PAPERS_EXPORT_MARKDOWN)
    {
      write_text (task);
      return;
    }
  export->annotations = g_ptr_array_new_with_free_func (g_object_unref);
  next_annotations (task);
}

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(PapersFound) found = papers_store_find_finish (PAPERS_STORE (object), result, &error);
  GPtrArray *loaded;

  if (found == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  loaded = papers_found_get_loaded (found);
  export->papers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; loaded != NULL && i < loaded->len; i++)
    if (loaded->pdata[i] != NULL)
      g_ptr_array_add (export->papers, g_object_ref (loaded->pdata[i]));
  got_papers (task);
}

/**
 * papers_export_async:
 * @store: the library
 * @papers: (element-type PapersPaper) (nullable): the papers, or %NULL
 *   for those @find gives
 * @find: (nullable): the library papers to export when @papers is %NULL
 * @format: BibTeX, CSL-JSON or Markdown
 * @file: where to write
 */
void
papers_export_async (PapersStore             *store,
                     GPtrArray               *papers,
                     const PapersExportFind  *find,
                     PapersExportFormat       format,
                     GFile                   *file,
                     GCancellable            *cancellable,
                     GAsyncReadyCallback      callback,
                     gpointer                 user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Export *export = g_new0 (Export, 1);

  g_return_if_fail (PAPERS_IS_STORE (store));
  g_return_if_fail (papers != NULL || find != NULL);

  g_task_set_source_tag (task, papers_export_async);
  export->store = g_object_ref (store);
  export->format = format;
  export->file = g_object_ref (file);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  if (papers != NULL)
    {
      export->papers = g_ptr_array_ref (papers);
      got_papers (task);
      return;
    }
  papers_store_find_async (store, find->query, find->filter_key, find->filter_value, find->sort,
                           PAPERS_FIND_DEFAULT, 0, G_MAXUINT, cancellable, found_cb, task);
}

guint
papers_export_finish (GAsyncResult  *result,
                      GError       **error)
{
  GError *local_error = NULL;
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  n = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return 0;
    }
  return (guint) n;
}
