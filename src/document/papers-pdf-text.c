/* papers-pdf-text.c: a PDF's text through Poppler, without GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "papers-pdf-text.h"

/* poppler-glib declares no cleanup functions for its GObjects. */
typedef PopplerPage PapersPdfPage;
typedef PopplerDocument PapersPdfDocument;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersPdfPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersPdfDocument, g_object_unref)

/* Poppler objects are not thread-safe, and Poppler's font and cache
 * singletons are shared between documents, so every call into Poppler,
 * from any thread and for any document, holds this one lock (the scheme
 * GNOME Papers uses for its PDF backend).  The viewer's PapersDocument
 * takes it through papers_document_lock(), the command line here. */
static GRecMutex poppler_lock;

G_DEFINE_QUARK (papers-pdf-error-quark, papers_pdf_error)

void
papers_pdf_lock (void)
{
  g_rec_mutex_lock (&poppler_lock);
}

void
papers_pdf_unlock (void)
{
  g_rec_mutex_unlock (&poppler_lock);
}

/**
 * papers_pdf_read_page_text:
 * @page: a Poppler page; the caller holds the lock
 * @width: the page's width in points, as the caller measured it
 * @height: its height
 *
 * Returns: (transfer full): the page's text with a box per character; an
 *   empty text when the page has none or it is not UTF-8
 */
PapersTextPage *
papers_pdf_read_page_text (PopplerPage *page,
                           double       width,
                           double       height)
{
  g_autofree char *text = NULL;
  g_autofree PopplerRectangle *rects = NULL;
  g_autofree PapersTextRect *boxes = NULL;
  guint n_rects = 0;

  if (page != NULL)
    text = poppler_page_get_text (page);
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    g_set_str (&text, "");
  if (page != NULL && poppler_page_get_text_layout (page, &rects, &n_rects))
    {
      /* Each character of the text has its rectangle; trust the shorter. */
      n_rects = MIN (n_rects, (guint) g_utf8_strlen (text, -1));
      boxes = g_new (PapersTextRect, MAX (n_rects, 1));
      for (guint i = 0; i < n_rects; i++)
        boxes[i] = (PapersTextRect) { rects[i].x1, rects[i].y1, rects[i].x2, rects[i].y2 };
    }
  else
    n_rects = 0;

  return papers_text_page_new (text, boxes, n_rects, width, height);
}

/* Where @dest goes: its page (from 0, -1 when it goes nowhere valid) and
 * the place on it from the page's top-left corner (-1 where not said) */
static void
resolve_destination (PopplerDocument *doc,
                     PopplerDest     *dest,
                     PapersTextLink  *link)
{
  g_autoptr(PopplerDest) named = NULL;
  int n_pages = poppler_document_get_n_pages (doc);

  link->dest_page = -1;
  link->dest_left = link->dest_top = -1;
  if (dest != NULL && dest->type == POPPLER_DEST_NAMED)
    {
      named = dest->named_dest != NULL ? poppler_document_find_dest (doc, dest->named_dest) : NULL;
      dest = named != NULL && named->type != POPPLER_DEST_NAMED ? named : NULL;
    }
  if (dest == NULL || dest->type == POPPLER_DEST_UNKNOWN || dest->page_num < 1 || dest->page_num > n_pages)
    return;
  link->dest_page = dest->page_num - 1;
  if (dest->change_top)
    {
      g_autoptr(PapersPdfPage) page = poppler_document_get_page (doc, link->dest_page);
      double width = 0, height = 0;

      if (page != NULL)
        poppler_page_get_size (page, &width, &height);
      if (height > 0)
        link->dest_top = CLAMP (height - dest->top, 0, height);
    }
  if (dest->change_left && dest->left >= 0)
    link->dest_left = dest->left;
}

/**
 * papers_pdf_read_page_links:
 * @doc: the page's document
 * @page: a Poppler page; the caller holds the lock
 * @height: its height in points, as the text was read
 * @into: the page's text, which keeps the links
 *
 * Adds the page's links to other places in the document (not to web
 * addresses) to @into, for the reference parser.
 */
void
papers_pdf_read_page_links (PopplerDocument *doc,
                            PopplerPage     *page,
                            double           height,
                            PapersTextPage  *into)
{
  GList *mapping;

  if (doc == NULL || page == NULL)
    return;
  mapping = poppler_page_get_link_mapping (page);
  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerLinkMapping *map = l->data;
      PapersTextLink link;

      if (map->action == NULL || map->action->type != POPPLER_ACTION_GOTO_DEST)
        continue;
      resolve_destination (doc, map->action->goto_dest.dest, &link);
      if (link.dest_page < 0)
        continue;
      /* (PDF space has its origin at the bottom) */
      link.rect = (PapersTextRect) { map->area.x1, height - map->area.y2, map->area.x2, height - map->area.y1 };
      papers_text_page_add_link (into, &link);
    }
  poppler_page_free_link_mapping (mapping);
}

/* Readers accept the header anywhere in the first KiB. */
static gboolean
sniff_pdf (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, &local_error);
  char head[1024];
  gsize n = 0;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PAPERS_PDF_ERROR, PAPERS_PDF_ERROR_NOT_FOUND,
                     _("The file cannot be read: %s"), local_error->message);
      return FALSE;
    }
  for (gsize i = 0; i + 5 <= n; i++)
    if (memcmp (head + i, "%PDF-", 5) == 0)
      return TRUE;
  g_set_error_literal (error, PAPERS_PDF_ERROR, PAPERS_PDF_ERROR_NOT_PDF,
                       n == 0 ? _("The file is empty") : _("The file is not a PDF document"));
  return FALSE;
}

/**
 * papers_pdf_set_open_error:
 * @poppler_error: (nullable): why Poppler did not open a document
 *
 * Sets @error to the PAPERS_PDF_ERROR of a document Poppler did not open.
 */
void
papers_pdf_set_open_error (const GError  *poppler_error,
                           GError       **error)
{
  if (g_error_matches (poppler_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    g_set_error_literal (error, PAPERS_PDF_ERROR, PAPERS_PDF_ERROR_ENCRYPTED,
                         _("The document is protected by a password"));
  else
    g_set_error (error, PAPERS_PDF_ERROR, PAPERS_PDF_ERROR_DAMAGED,
                 _("The document is damaged: %s"),
                 poppler_error ? poppler_error->message : _("unknown error"));
}

/**
 * papers_pdf_extract_text:
 * @file: a local PDF file
 * @cancellable: (nullable): stops between two pages
 * @error: a #PapersPdfError, or %G_IO_ERROR_CANCELLED
 *
 * Opens @file and reads every page's text and character boxes, taking the
 * Poppler lock one page at a time so that other documents' work runs in
 * between.  Blocks: call it on a worker thread.
 *
 * Returns: (transfer full) (element-type PapersTextPage) (nullable): the
 *   pages, in order
 */
GPtrArray *
papers_pdf_extract_text (GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_text_page_free);
  g_autoptr(PapersPdfDocument) doc = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  int n_pages;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!sniff_pdf (file, cancellable, error))
    return NULL;

  uri = g_file_get_uri (file);
  papers_pdf_lock ();
  doc = poppler_document_new_from_file (uri, NULL, &local_error);
  n_pages = doc != NULL ? poppler_document_get_n_pages (doc) : 0;
  papers_pdf_unlock ();
  if (doc == NULL)
    {
      papers_pdf_set_open_error (local_error, error);
      return NULL;
    }
  if (n_pages <= 0)
    {
      papers_pdf_lock ();
      g_clear_object (&doc);
      papers_pdf_unlock ();
      g_set_error_literal (error, PAPERS_PDF_ERROR, PAPERS_PDF_ERROR_DAMAGED,
                           _("The document is damaged: it has no pages"));
      return NULL;
    }

  for (int i = 0; i < n_pages; i++)
    {
      double width = 0, height = 0;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      papers_pdf_lock ();
      {
        g_autoptr(PapersPdfPage) page = poppler_document_get_page (doc, i);
        PapersTextPage *text;

        if (page != NULL)
          poppler_page_get_size (page, &width, &height);
        /* Degenerate media boxes, as the viewer replaces them. */
        if (!(width >= 1 && width <= 14400))
          width = 612;
        if (!(height >= 1 && height <= 14400))
          height = 792;
        text = papers_pdf_read_page_text (page, width, height);
        papers_pdf_read_page_links (doc, page, height, text);
        g_ptr_array_add (pages, text);
      }
      papers_pdf_unlock ();
    }

  /* The document's last reference goes under the lock too. */
  papers_pdf_lock ();
  g_clear_object (&doc);
  papers_pdf_unlock ();
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&pages);
}

static void
extract_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *pages = papers_pdf_extract_text (task_data, cancellable, &error);

  if (pages != NULL)
    g_task_return_pointer (task, pages, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

/**
 * papers_pdf_extract_text_async:
 * @file: a local PDF file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: data for @callback
 *
 * Runs papers_pdf_extract_text() on a worker thread.
 */
void
papers_pdf_extract_text_async (GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_pdf_extract_text_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, extract_thread);
}

/**
 * papers_pdf_extract_text_finish:
 *
 * Returns: (transfer full) (element-type PapersTextPage) (nullable): the pages
 */
GPtrArray *
papers_pdf_extract_text_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
