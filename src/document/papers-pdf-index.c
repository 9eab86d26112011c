/* papers-pdf-index.c: the library's PDFs' text in its search
 *
 * The store says which PDFs the library has and what their indexed text
 * was read from (papers_store_list_pdf_texts_async()); a PDF whose file
 * is not what was read (never read, another sha256, another size or
 * mtime) is read again.  Each PDF is read on a worker thread, the Poppler
 * lock taken a page at a time so that a reader open meanwhile is never
 * held up for more than a page; the store's calls stay on the caller's
 * context.  A PDF that has no text, needs a password or is damaged is
 * stored with an empty text, so that it is not read at every start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <poppler.h>
#include <string.h>

#include "papers-pdf-index.h"
#include "papers-pdf-text.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* A page's text as the search keeps it: valid UTF-8, no form feed (the
 * pages' separator) */
static char *
clean_page_text (const char *text,
                 gsize       max)
{
  g_autofree char *valid = NULL;
  gsize len;

  if (text == NULL)
    return g_strdup ("");
  len = strnlen (text, max);
  valid = g_utf8_make_valid (text, len);
  g_strdelimit (valid, "\f", ' ');
  /* Cut at @max, on a character's start */
  if (strlen (valid) > max)
    {
      const char *end = g_utf8_find_prev_char (valid, valid + max + 1);

      valid[end != NULL ? end - valid : 0] = '\0';
    }
  return g_steal_pointer (&valid);
}

/**
 * papers_pdf_read_pages_text:
 * @file: a local PDF
 *
 * Reads the text of each page, for the search: at most
 * %PAPERS_PDF_INDEX_MAX_TEXT bytes in all (the pages after that are left
 * out).  For a worker thread.
 *
 * Returns: (transfer full): a string per page, "" for a page without text
 */
GStrv
papers_pdf_read_pages_text (GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  PopplerDocument *doc;
  gsize total = 0;
  int n_pages;

  papers_pdf_lock ();
  doc = poppler_document_new_from_file (uri, NULL, &local_error);
  n_pages = doc != NULL ? poppler_document_get_n_pages (doc) : 0;
  papers_pdf_unlock ();
  if (doc == NULL)
    {
      papers_pdf_set_open_error (local_error, error);
      return NULL;
    }

  /* Each page counts its separator too */
  for (int i = 0; i < n_pages && total + 1 < PAPERS_PDF_INDEX_MAX_TEXT; i++)
    {
      g_autofree char *raw = NULL;
      char *text;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      papers_pdf_lock ();
      {
        g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);

        raw = page != NULL ? poppler_page_get_text (page) : NULL;
      }
      papers_pdf_unlock ();
      text = clean_page_text (raw, PAPERS_PDF_INDEX_MAX_TEXT - total - 1);
      total += strlen (text) + 1;
      g_strv_builder_take (builder, text);
    }

  /* The document's last reference goes under the lock too */
  papers_pdf_lock ();
  g_object_unref (doc);
  papers_pdf_unlock ();
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_strv_builder_end (builder);
}

/* One PDF: read on a worker thread when its file changed */
typedef struct
{
  PapersPdfTextStamp *stamp;   /* borrowed from the pass */
  gboolean            read;
  GStrv               pages;
  gint64              size;
  gint64              mtime;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_strfreev (job->pages);
  g_free (job);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  ReadJob *job = data;
  g_autoptr(GFile) file = g_file_new_for_path (job->stamp->path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  /* Gone: nothing to read, and what was read stays */
  if (info == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  job->size = g_file_info_get_size (info);
  job->mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  if (job->stamp->indexed && job->stamp->indexed_size == job->size && job->stamp->indexed_mtime == job->mtime &&
      g_strcmp0 (job->stamp->indexed_sha256, job->stamp->sha256) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  job->read = TRUE;
  job->pages = papers_pdf_read_pages_text (file, cancellable, &error);
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_error_if_cancelled (task);
      return;
    }
  if (job->pages == NULL)
    {
      /* Encrypted, damaged, not a PDF: kept as a PDF without text until
       * the file changes */
      g_debug ("%s: no text indexed: %s", job->stamp->path, error->message);
      job->pages = g_new0 (char *, 1);
    }
  g_task_return_boolean (task, TRUE);
}

typedef struct
{
  PapersStore  *store;
  GPtrArray    *stamps;
  guint         next;
  int           n_read;
  ReadJob      *job;
} IndexPass;

static void
index_pass_free (IndexPass *pass)
{
  g_clear_object (&pass->store);
  g_clear_pointer (&pass->stamps, g_ptr_array_unref);
  g_clear_pointer (&pass->job, read_job_free);
  g_free (pass);
}

static void index_next (GTask *task);

static void
pages_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;

  /* A paper removed meanwhile is not a failure of the pass */
  if (!papers_store_write_finish (PAPERS_STORE (source), result, &error) &&
      !g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  index_next (g_steal_pointer (&task));
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  IndexPass *pass = g_task_get_task_data (task);
  ReadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!job->read)
    {
      index_next (g_steal_pointer (&task));
      return;
    }
  pass->n_read++;
  cancellable = g_task_get_cancellable (task);
  papers_store_set_pdf_pages_async (pass->store, job->stamp->id, (const char * const *) job->pages,
                                    job->size, job->mtime, job->stamp->sha256,
                                    cancellable, pages_written_cb, g_steal_pointer (&task));
}

static void
index_next (GTask *task)
{
  IndexPass *pass = g_task_get_task_data (task);
  g_autoptr(GTask) read = NULL;
  ReadJob *job;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (pass->next >= pass->stamps->len)
    {
      g_task_return_int (task, pass->n_read);
      g_object_unref (task);
      return;
    }
  job = g_new0 (ReadJob, 1);
  job->stamp = g_ptr_array_index (pass->stamps, pass->next++);
  read = g_task_new (NULL, g_task_get_cancellable (task), read_cb, task);
  g_task_set_source_tag (read, read_thread);
  g_task_set_task_data (read, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (read, read_thread);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  IndexPass *pass = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  pass->stamps = papers_store_list_pdf_texts_finish (PAPERS_STORE (source), result, &error);
  if (pass->stamps == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  index_next (task);
}

/**
 * papers_pdf_index_async:
 * @store: an open store
 * @id: (nullable): one paper, or NULL for every PDF of the library
 * @cancellable: (nullable): stops after the PDF being read
 *
 * Reads and indexes the text of the PDFs whose file changed since their
 * text was read (or that were never read).
 */
void
papers_pdf_index_async (PapersStore         *store,
                        const char          *id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  IndexPass *pass;

  g_return_if_fail (PAPERS_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_pdf_index_async);
  pass = g_new0 (IndexPass, 1);
  pass->store = g_object_ref (store);
  g_task_set_task_data (task, pass, (GDestroyNotify) index_pass_free);
  papers_store_list_pdf_texts_async (store, id, cancellable, listed_cb, task);
}

int
papers_pdf_index_finish (PapersStore   *store,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), -1);
  return (int) g_task_propagate_int (G_TASK (result), error);
}

/* The background indexer */

struct _PapersPdfIndexer
{
  GObject       parent_instance;

  PapersStore  *store;
  GCancellable *cancellable;
  gboolean      running;
  gboolean      all_pending;
  GHashTable   *pending;      /* ids */
};

G_DEFINE_FINAL_TYPE (PapersPdfIndexer, papers_pdf_indexer, G_TYPE_OBJECT)

static void run_next (PapersPdfIndexer *self);

static void
pass_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(PapersPdfIndexer) self = data;
  g_autoptr(GError) error = NULL;
  int n = papers_pdf_index_finish (PAPERS_STORE (source), result, &error);

  self->running = FALSE;
  /* Read-only, damaged, cancelled: the window says the first two already */
  if (n < 0)
    g_debug ("Indexing the PDFs' text stopped: %s", error->message);
  else if (n > 0)
    g_debug ("Indexed the text of %d PDF(s)", n);
  run_next (self);
}

static void
run_next (PapersPdfIndexer *self)
{
  g_autofree char *id = NULL;

  if (self->running || self->cancellable == NULL)
    return;
  if (!self->all_pending)
    {
      GHashTableIter iter;

      g_hash_table_iter_init (&iter, self->pending);
      if (!g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
        return;
      g_hash_table_iter_steal (&iter);
    }
  else
    {
      /* A whole pass covers every paper waiting */
      self->all_pending = FALSE;
      g_hash_table_remove_all (self->pending);
    }
  self->running = TRUE;
  papers_pdf_index_async (self->store, id, self->cancellable, pass_done_cb, g_object_ref (self));
}

static void
paper_changed_cb (PapersStore      *store,
                  const char       *id,
                  PapersPdfIndexer *self)
{
  if (self->cancellable == NULL)
    return;
  g_hash_table_add (self->pending, g_strdup (id));
  run_next (self);
}

static void
papers_added_cb (PapersStore        *store,
                 const char * const *ids,
                 PapersPdfIndexer   *self)
{
  if (self->cancellable == NULL)
    return;
  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (self->pending, g_strdup (ids[i]));
  run_next (self);
}

static void
papers_pdf_indexer_dispose (GObject *object)
{
  PapersPdfIndexer *self = PAPERS_PDF_INDEXER (object);

  papers_pdf_indexer_stop (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (papers_pdf_indexer_parent_class)->dispose (object);
}

static void
papers_pdf_indexer_finalize (GObject *object)
{
  PapersPdfIndexer *self = PAPERS_PDF_INDEXER (object);

  g_hash_table_unref (self->pending);

  G_OBJECT_CLASS (papers_pdf_indexer_parent_class)->finalize (object);
}

static void
papers_pdf_indexer_class_init (PapersPdfIndexerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = papers_pdf_indexer_dispose;
  object_class->finalize = papers_pdf_indexer_finalize;
}

static void
papers_pdf_indexer_init (PapersPdfIndexer *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

PapersPdfIndexer *
papers_pdf_indexer_new (PapersStore *store)
{
  PapersPdfIndexer *self;

  g_return_val_if_fail (PAPERS_IS_STORE (store), NULL);

  self = g_object_new (PAPERS_TYPE_PDF_INDEXER, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "paper-changed", G_CALLBACK (paper_changed_cb), self);
  g_signal_connect (store, "papers-added", G_CALLBACK (papers_added_cb), self);
  return self;
}

/**
 * papers_pdf_indexer_start:
 *
 * Indexes every PDF of the library not indexed yet (or changed since),
 * then each paper the store announces as changed.
 */
void
papers_pdf_indexer_start (PapersPdfIndexer *self)
{
  g_return_if_fail (PAPERS_IS_PDF_INDEXER (self));

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  self->all_pending = TRUE;
  run_next (self);
}

gboolean
papers_pdf_indexer_is_busy (PapersPdfIndexer *self)
{
  g_return_val_if_fail (PAPERS_IS_PDF_INDEXER (self), FALSE);
  return self->running || self->all_pending || g_hash_table_size (self->pending) > 0;
}

void
papers_pdf_indexer_stop (PapersPdfIndexer *self)
{
  g_return_if_fail (PAPERS_IS_PDF_INDEXER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->all_pending = FALSE;
  g_hash_table_remove_all (self->pending);
}
