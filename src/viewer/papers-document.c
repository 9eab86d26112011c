/* papers-document.c: a PDF opened through Poppler, safe to share between threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <glib/gi18n.h>
#include <poppler.h>

#include "papers-document.h"
#include "papers-pdf-text.h"

/* poppler-glib declares no cleanup functions for its GObjects. */
typedef PopplerPage PapersPopplerPage;
typedef PopplerDocument PapersPopplerDocument;
typedef PopplerAnnot PapersPopplerAnnot;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersPopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersPopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersPopplerAnnot, g_object_unref)

/* Every call into Poppler, from any thread and for any document, holds
 * the one process-wide lock of papers-pdf-text.c (the scheme GNOME Papers
 * uses for its PDF backend), shared with the command line's text
 * extraction.  Work that does not touch Poppler (surface allocation,
 * filling, texture upload) stays outside. */

/* Bounds that keep a hostile outline from eating the process. */
#define OUTLINE_MAX_DEPTH 32
#define OUTLINE_MAX_ITEMS 20000

G_DEFINE_QUARK (papers-document-error-quark, papers_document_error)

void
papers_document_lock (void)
{
  papers_pdf_lock ();
}

void
papers_document_unlock (void)
{
  papers_pdf_unlock ();
}

/* Outline items */

struct _PapersOutlineItem
{
  GObject     parent_instance;
  char       *title;
  int         page;
  double      top;
  GListStore *children;
};

G_DEFINE_FINAL_TYPE (PapersOutlineItem, papers_outline_item, G_TYPE_OBJECT)

static void
papers_outline_item_finalize (GObject *object)
{
  PapersOutlineItem *self = PAPERS_OUTLINE_ITEM (object);

  g_free (self->title);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (papers_outline_item_parent_class)->finalize (object);
}

static void
papers_outline_item_class_init (PapersOutlineItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = papers_outline_item_finalize;
}

static void
papers_outline_item_init (PapersOutlineItem *self)
{
  self->page = -1;
  self->top = -1;
}

const char *
papers_outline_item_get_title (PapersOutlineItem *self)
{
  g_return_val_if_fail (PAPERS_IS_OUTLINE_ITEM (self), NULL);
  return self->title;
}

/* Returns the 0-based target page, or -1 when the destination is invalid. */
int
papers_outline_item_get_page (PapersOutlineItem *self)
{
  g_return_val_if_fail (PAPERS_IS_OUTLINE_ITEM (self), -1);
  return self->page;
}

double
papers_outline_item_get_top (PapersOutlineItem *self)
{
  g_return_val_if_fail (PAPERS_IS_OUTLINE_ITEM (self), -1);
  return self->top;
}

/**
 * papers_outline_item_get_children:
 *
 * Returns: (transfer none) (nullable): the nested items, or %NULL for a leaf
 */
GListModel *
papers_outline_item_get_children (PapersOutlineItem *self)
{
  g_return_val_if_fail (PAPERS_IS_OUTLINE_ITEM (self), NULL);
  return self->children ? G_LIST_MODEL (self->children) : NULL;
}

/* Annotation records */

PapersDocumentAnnot *
papers_document_annot_new (int              page,
                           PapersAnnotKind  kind,
                           guint32          rgb,
                           const char      *contents)
{
  PapersDocumentAnnot *annot = g_new0 (PapersDocumentAnnot, 1);

  annot->page = page;
  annot->kind = kind;
  annot->rgb = rgb;
  annot->rects = g_array_new (FALSE, FALSE, sizeof (PapersRect));
  annot->contents = g_strdup (contents);
  return annot;
}

void
papers_document_annot_free (PapersDocumentAnnot *annot)
{
  if (annot == NULL)
    return;
  g_clear_pointer (&annot->rects, g_array_unref);
  g_free (annot->contents);
  g_free (annot->subtype);
  g_free (annot);
}

static void
papers_link_free (PapersLink *link)
{
  g_free (link->uri);
  g_free (link);
}

static void
papers_page_data_free (PapersPageData *data)
{
  if (data == NULL)
    return;
  g_free (data->text);
  g_free (data->char_rects);
  g_clear_pointer (&data->links, g_ptr_array_unref);
  g_clear_pointer (&data->annotations, g_ptr_array_unref);
  g_free (data);
}

/* The document */

typedef struct {
  double width;
  double height;
  char  *label;
} PageInfo;

struct _PapersDocument
{
  GObject          parent_instance;

  GFile           *file;
  GBytes          *bytes;
  char            *password;
  char            *title;
  PopplerDocument *poppler;    /* only touched under the Poppler lock */
  int              n_pages;
  PageInfo        *pages;
  double           max_width;
  double           max_height;
  GListStore      *outline;
  PapersPageData **page_data;  /* written once per slot, atomically */
};

G_DEFINE_FINAL_TYPE (PapersDocument, papers_document, G_TYPE_OBJECT)

static void
papers_document_finalize (GObject *object)
{
  PapersDocument *self = PAPERS_DOCUMENT (object);

  papers_document_lock ();
  g_clear_object (&self->poppler);
  papers_document_unlock ();

  for (int i = 0; i < self->n_pages; i++)
    {
      g_free (self->pages[i].label);
      papers_page_data_free (self->page_data[i]);
    }
  g_free (self->pages);
  g_free (self->page_data);
  g_clear_object (&self->outline);
  g_clear_object (&self->file);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->password);
  g_free (self->title);
  G_OBJECT_CLASS (papers_document_parent_class)->finalize (object);
}

static void
papers_document_class_init (PapersDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = papers_document_finalize;
}

static void
papers_document_init (PapersDocument *self)
{
}

/* Resolves an action to a target page (0-based, -1 if invalid) and the
 * target's top in points from the top of the page (-1 if unspecified).
 * Called with the lock held. */
static void
resolve_dest (PopplerDocument *doc,
              PopplerDest     *dest,
              int              n_pages,
              int             *page_out,
              double          *top_out)
{
  g_autoptr(PopplerDest) named = NULL;
  g_autoptr(PapersPopplerPage) page = NULL;
  double width, height;

  *page_out = -1;
  *top_out = -1;
  if (dest == NULL)
    return;
  if (dest->type == POPPLER_DEST_NAMED)
    {
      if (dest->named_dest == NULL)
        return;
      named = poppler_document_find_dest (doc, dest->named_dest);
      if (named == NULL || named->type == POPPLER_DEST_NAMED)
        return;
      dest = named;
    }
  if (dest->type == POPPLER_DEST_UNKNOWN || dest->page_num < 1 || dest->page_num > n_pages)
    return;

  *page_out = dest->page_num - 1;
  if (dest->change_top)
    {
      page = poppler_document_get_page (doc, *page_out);
      if (page != NULL)
        {
          poppler_page_get_size (page, &width, &height);
          *top_out = CLAMP (height - dest->top, 0, height);
        }
    }
}

static void
build_outline (PapersDocument   *self,
               PopplerIndexIter *iter,
               GListStore       *store,
               int               depth,
               int              *budget)
{
  if (depth > OUTLINE_MAX_DEPTH)
    return;

  do
    {
      g_autoptr(PapersOutlineItem) item = NULL;
      g_autoptr(PopplerIndexIter) child = NULL;
      PopplerAction *action;

      if (--(*budget) < 0)
        return;

      item = g_object_new (PAPERS_TYPE_OUTLINE_ITEM, NULL);
      action = poppler_index_iter_get_action (iter);
      if (action != NULL)
        {
          item->title = g_strdup (action->any.title);
          if (action->type == POPPLER_ACTION_GOTO_DEST)
            resolve_dest (self->poppler, action->goto_dest.dest, self->n_pages,
                          &item->page, &item->top);
          poppler_action_free (action);
        }
      if (item->title == NULL || !g_utf8_validate (item->title, -1, NULL))
        g_set_str (&item->title, _("Untitled"));

      child = poppler_index_iter_get_child (iter);
      if (child != NULL)
        {
          item->children = g_list_store_new (PAPERS_TYPE_OUTLINE_ITEM);
          build_outline (self, child, item->children, depth + 1, budget);
          if (g_list_model_get_n_items (G_LIST_MODEL (item->children)) == 0)
            g_clear_object (&item->children);
        }
      g_list_store_append (store, item);
    }
  while (poppler_index_iter_next (iter));
}

static gboolean
looks_like_pdf (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  /* The header may follow some junk; readers accept it in the first KiB. */
  size = MIN (size, 1024);
  for (gsize i = 0; i + 5 <= size; i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return TRUE;
  return FALSE;
}

static PopplerDocument *
open_poppler (GFile       *file,
              GBytes      *bytes,
              const char  *password,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_file_get_path (file);
  PopplerDocument *doc;

  /* Poppler 25.03 crashes retrying a wrong password on a bytes stream, so
   * local files are opened by name and @bytes only serves other URIs. */
  papers_document_lock ();
  if (path != NULL)
    {
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

      doc = poppler_document_new_from_file (uri, password, &local_error);
    }
  else
    doc = poppler_document_new_from_bytes (bytes, password, &local_error);
  papers_document_unlock ();
  if (doc != NULL)
    return doc;

  if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    {
      if (password != NULL && *password != '\0')
        g_set_error_literal (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_BAD_PASSWORD,
                             _("The password is incorrect"));
      else
        g_set_error_literal (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_NEEDS_PASSWORD,
                             _("This document is protected by a password"));
    }
  else
    g_set_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_DAMAGED,
                 _("The document is damaged: %s"),
                 local_error ? local_error->message : _("unknown error"));
  return NULL;
}

/**
 * papers_document_load:
 * @file: a PDF file
 * @password: (nullable): the user or owner password
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #PapersDocumentError
 *
 * Opens @file synchronously; call it from a worker thread, or use
 * papers_document_load_async().
 *
 * Returns: (transfer full) (nullable): the document
 */
PapersDocument *
papers_document_load (GFile         *file,
                      const char    *password,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(PapersDocument) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) header = NULL;
  g_autoptr(PopplerIndexIter) iter = NULL;
  int budget = OUTLINE_MAX_ITEMS;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* A local file is only sniffed here (Poppler reads it itself); other
   * URIs are loaded into memory. */
  if (g_file_is_native (file))
    {
      g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, &local_error);
      char head[1024];
      gssize n = -1;

      if (stream != NULL)
        n = g_input_stream_read (G_INPUT_STREAM (stream), head, sizeof head, cancellable, &local_error);
      if (n >= 0)
        header = g_bytes_new (head, n);
    }
  else
    {
      bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
      if (bytes != NULL)
        header = g_bytes_ref (bytes);
    }
  if (header == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_NOT_FOUND,
                     _("The file cannot be read: %s"), local_error->message);
      return NULL;
    }
  if (!looks_like_pdf (header))
    {
      g_set_error_literal (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_NOT_PDF,
                           g_bytes_get_size (header) == 0 ? _("The file is empty")
                                                          : _("The file is not a PDF document"));
      return NULL;
    }

  self = g_object_new (PAPERS_TYPE_DOCUMENT, NULL);
  self->file = g_object_ref (file);
  self->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  self->password = g_strdup (password);
  self->poppler = open_poppler (file, bytes, password, error);
  if (self->poppler == NULL)
    return NULL;

  papers_document_lock ();
  self->n_pages = poppler_document_get_n_pages (self->poppler);
  if (self->n_pages <= 0)
    {
      papers_document_unlock ();
      g_set_error_literal (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_DAMAGED,
                           _("The document is damaged: it has no pages"));
      return NULL;
    }

  self->title = poppler_document_get_title (self->poppler);
  self->pages = g_new0 (PageInfo, self->n_pages);
  self->page_data = g_new0 (PapersPageData *, self->n_pages);
  for (int i = 0; i < self->n_pages; i++)
    {
      g_autoptr(PapersPopplerPage) page = poppler_document_get_page (self->poppler, i);
      PageInfo *info = &self->pages[i];

      if (page != NULL)
        {
          poppler_page_get_size (page, &info->width, &info->height);
          info->label = poppler_page_get_label (page);
        }
      /* Degenerate media boxes would make zero-sized or enormous pages. */
      if (!(info->width >= 1 && info->width <= 14400))
        info->width = 612;
      if (!(info->height >= 1 && info->height <= 14400))
        info->height = 792;
      if (info->label == NULL || *info->label == '\0' || !g_utf8_validate (info->label, -1, NULL))
        {
          g_free (info->label);
          info->label = g_strdup_printf ("%d", i + 1);
        }
      self->max_width = MAX (self->max_width, info->width);
      self->max_height = MAX (self->max_height, info->height);
    }

  self->outline = g_list_store_new (PAPERS_TYPE_OUTLINE_ITEM);
  iter = poppler_index_iter_new (self->poppler);
  if (iter != NULL)
    build_outline (self, iter, self->outline, 0, &budget);
  papers_document_unlock ();

  return g_steal_pointer (&self);
}

typedef struct {
  GFile *file;
  char  *password;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_free (data->password);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  PapersDocument *doc = papers_document_load (data->file, data->password, cancellable, &error);

  if (doc != NULL)
    g_task_return_pointer (task, doc, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * papers_document_load_async:
 * @file: a PDF file
 * @password: (nullable): the password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: data for @callback
 *
 * Opens @file on a worker thread.
 */
void
papers_document_load_async (GFile               *file,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_document_load_async);
  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * papers_document_load_finish:
 *
 * Returns: (transfer full) (nullable): the document
 */
PapersDocument *
papers_document_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * papers_document_get_file:
 *
 * Returns: (transfer none): the file
 */
GFile *
papers_document_get_file (PapersDocument *self)
{
  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), NULL);
  return self->file;
}

const char *
papers_document_get_title (PapersDocument *self)
{
  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), NULL);
  return self->title;
}

int
papers_document_get_n_pages (PapersDocument *self)
{
  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), 0);
  return self->n_pages;
}

void
papers_document_get_page_size (PapersDocument *self,
                               int             page,
                               double         *width,
                               double         *height)
{
  g_return_if_fail (PAPERS_IS_DOCUMENT (self));
  g_return_if_fail (page >= 0 && page < self->n_pages);
  if (width)
    *width = self->pages[page].width;
  if (height)
    *height = self->pages[page].height;
}

void
papers_document_get_max_page_size (PapersDocument *self,
                                   double         *width,
                                   double         *height)
{
  g_return_if_fail (PAPERS_IS_DOCUMENT (self));
  if (width)
    *width = self->max_width;
  if (height)
    *height = self->max_height;
}

const char *
papers_document_get_page_label (PapersDocument *self,
                                int             page)
{
  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (page >= 0 && page < self->n_pages, NULL);
  return self->pages[page].label;
}

/* Finds a page by its label ("iv", "3"), falling back to a plain page
 * number.  Returns the 0-based page or -1. */
int
papers_document_find_page_label (PapersDocument *self,
                                 const char     *label)
{
  g_autofree char *stripped = NULL;
  guint64 number;

  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), -1);
  if (label == NULL)
    return -1;
  stripped = g_strstrip (g_strdup (label));
  for (int i = 0; i < self->n_pages; i++)
    if (g_utf8_collate (self->pages[i].label, stripped) == 0)
      return i;
  if (g_ascii_string_to_unsigned (stripped, 10, 1, self->n_pages, &number, NULL))
    return (int) number - 1;
  return -1;
}

/**
 * papers_document_get_outline:
 *
 * Returns: (transfer none): a #GListModel of #PapersOutlineItem, possibly empty
 */
GListModel *
papers_document_get_outline (PapersDocument *self)
{
  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), NULL);
  return G_LIST_MODEL (self->outline);
}

typedef struct {
  void  *data;
  gsize  size;
} Mapping;

static cairo_user_data_key_t mapping_key;

static void
mapping_free (void *data)
{
  Mapping *mapping = data;

  munmap (mapping->data, mapping->size);
  g_free (mapping);
}

/* Page images are megabytes each and come and go with scrolling; from
 * malloc they would stay in the heap of the worker's arena after being
 * freed, so they are mapped and unmapped directly. */
static cairo_surface_t *
create_surface (int width,
                int height)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
  Mapping *mapping = g_new0 (Mapping, 1);
  cairo_surface_t *surface;

  mapping->size = (gsize) stride * height;
  mapping->data = mmap (NULL, mapping->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping->data == MAP_FAILED)
    {
      g_free (mapping);
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    }
  surface = cairo_image_surface_create_for_data (mapping->data, CAIRO_FORMAT_ARGB32, width, height, stride);
  cairo_surface_set_user_data (surface, &mapping_key, mapping, mapping_free);
  return surface;
}

/**
 * papers_document_render:
 * @page: the page
 * @scale: device pixels per PDF point
 * @x: left of the region, in device pixels
 * @y: top of the region, in device pixels
 * @width: width of the region
 * @height: height of the region
 *
 * Renders a region of a page on a white background.  Call it on a worker
 * thread: it waits for the Poppler lock.
 *
 * Returns: (transfer full): an image surface of @width × @height
 */
cairo_surface_t *
papers_document_render (PapersDocument *self,
                        int             page,
                        double          scale,
                        int             x,
                        int             y,
                        int             width,
                        int             height)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (page >= 0 && page < self->n_pages, NULL);

  surface = create_surface (MAX (width, 1), MAX (height, 1));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, -x, -y);
  cairo_scale (cr, scale, scale);

  papers_document_lock ();
  {
    g_autoptr(PapersPopplerPage) ppage = poppler_document_get_page (self->poppler, page);

    if (ppage != NULL)
      poppler_page_render (ppage, cr);
  }
  papers_document_unlock ();

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
flip_rect (PapersRect             *out,
           const PopplerRectangle *in,
           double                  height)
{
  out->x1 = MIN (in->x1, in->x2);
  out->x2 = MAX (in->x1, in->x2);
  out->y1 = height - MAX (in->y1, in->y2);
  out->y2 = height - MIN (in->y1, in->y2);
}

static PapersAnnotKind
annot_kind_from_poppler (PopplerAnnotType type)
{
  switch (type)
    {
    case POPPLER_ANNOT_HIGHLIGHT: return PAPERS_ANNOT_HIGHLIGHT;
    case POPPLER_ANNOT_UNDERLINE: return PAPERS_ANNOT_UNDERLINE;
    case POPPLER_ANNOT_STRIKE_OUT: return PAPERS_ANNOT_STRIKEOUT;
    case POPPLER_ANNOT_SQUIGGLY: return PAPERS_ANNOT_SQUIGGLY;
    case POPPLER_ANNOT_TEXT: return PAPERS_ANNOT_NOTE;
    default: return PAPERS_ANNOT_OTHER;
    }
}

static const char *
annot_subtype_name (PopplerAnnotType type)
{
  GEnumClass *klass = g_type_class_ref (POPPLER_TYPE_ANNOT_TYPE);
  GEnumValue *value = g_enum_get_value (klass, type);
  const char *name = value ? value->value_nick : "unknown";

  g_type_class_unref (klass);
  return name;
}

/* Lock held. */
static GPtrArray *
read_page_annotations (PopplerPage *ppage,
                       int          page,
                       double       height)
{
  GPtrArray *annots = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_document_annot_free);
  GList *mapping = poppler_page_get_annot_mapping (ppage);

  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerAnnotMapping *map = l->data;
      PopplerAnnotType type = poppler_annot_get_annot_type (map->annot);
      g_autofree PopplerColor *color = NULL;
      g_autofree char *contents = NULL;
      PapersDocumentAnnot *annot;
      PapersRect rect;

      if (type == POPPLER_ANNOT_POPUP || type == POPPLER_ANNOT_LINK || type == POPPLER_ANNOT_WIDGET)
        continue;

      color = poppler_annot_get_color (map->annot);
      contents = poppler_annot_get_contents (map->annot);
      if (contents != NULL && !g_utf8_validate (contents, -1, NULL))
        g_clear_pointer (&contents, g_free);
      annot = papers_document_annot_new (page, annot_kind_from_poppler (type),
                                         color ? ((color->red >> 8) << 16) | ((color->green >> 8) << 8) | (color->blue >> 8)
                                               : 0xffff00,
                                         contents);
      annot->subtype = g_strdup (annot_subtype_name (type));

      if (POPPLER_IS_ANNOT_TEXT_MARKUP (map->annot))
        {
          g_autoptr(GArray) quads = poppler_annot_text_markup_get_quadrilaterals (POPPLER_ANNOT_TEXT_MARKUP (map->annot));

          for (guint i = 0; quads != NULL && i < quads->len; i++)
            {
              PopplerQuadrilateral *q = &g_array_index (quads, PopplerQuadrilateral, i);
              PopplerRectangle r = {
                MIN (MIN (q->p1.x, q->p2.x), MIN (q->p3.x, q->p4.x)),
                MIN (MIN (q->p1.y, q->p2.y), MIN (q->p3.y, q->p4.y)),
                MAX (MAX (q->p1.x, q->p2.x), MAX (q->p3.x, q->p4.x)),
                MAX (MAX (q->p1.y, q->p2.y), MAX (q->p3.y, q->p4.y)),
              };

              flip_rect (&rect, &r, height);
              g_array_append_val (annot->rects, rect);
            }
        }
      if (annot->rects->len == 0)
        {
          flip_rect (&rect, &map->area, height);
          g_array_append_val (annot->rects, rect);
        }
      g_ptr_array_add (annots, annot);
    }
  poppler_page_free_annot_mapping (mapping);
  return annots;
}

/* Lock held. */
static PapersPageData *
read_page_data (PapersDocument *self,
                int             page)
{
  g_autoptr(PapersPopplerPage) ppage = poppler_document_get_page (self->poppler, page);
  PapersPageData *data = g_new0 (PapersPageData, 1);
  double height = self->pages[page].height;
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  GList *mapping;

  data->links = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_link_free);
  if (ppage == NULL)
    {
      data->text = g_strdup ("");
      data->annotations = g_ptr_array_new ();
      return data;
    }

  data->text = poppler_page_get_text (ppage);
  if (data->text == NULL || !g_utf8_validate (data->text, -1, NULL))
    g_set_str (&data->text, "");
  if (poppler_page_get_text_layout (ppage, &rects, &n_rects))
    {
      /* Each character of the text has its rectangle; trust the shorter. */
      data->n_chars = MIN (n_rects, (guint) g_utf8_strlen (data->text, -1));
      data->char_rects = g_new (PapersRect, MAX (data->n_chars, 1));
      for (guint i = 0; i < data->n_chars; i++)
        {
          data->char_rects[i].x1 = rects[i].x1;
          data->char_rects[i].y1 = rects[i].y1;
          data->char_rects[i].x2 = rects[i].x2;
          data->char_rects[i].y2 = rects[i].y2;
        }
      g_free (rects);
    }

  mapping = poppler_page_get_link_mapping (ppage);
  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerLinkMapping *map = l->data;
      PopplerAction *action = map->action;
      PapersLink *link;

      if (action == NULL)
        continue;
      link = g_new0 (PapersLink, 1);
      flip_rect (&link->area, &map->area, height);
      link->dest_page = -1;
      link->dest_top = -1;
      if (action->type == POPPLER_ACTION_GOTO_DEST)
        {
          link->kind = PAPERS_LINK_INTERNAL;
          resolve_dest (self->poppler, action->goto_dest.dest, self->n_pages,
                        &link->dest_page, &link->dest_top);
        }
      else if (action->type == POPPLER_ACTION_URI && action->uri.uri != NULL &&
               g_utf8_validate (action->uri.uri, -1, NULL))
        {
          link->kind = PAPERS_LINK_EXTERNAL;
          link->uri = g_strdup (action->uri.uri);
        }
      else
        {
          papers_link_free (link);
          continue;
        }
      g_ptr_array_add (data->links, link);
    }
  poppler_page_free_link_mapping (mapping);

  data->annotations = read_page_annotations (ppage, page, height);
  return data;
}

/**
 * papers_document_load_page_data:
 * @page: the page
 *
 * Reads the text, character boxes, links and annotations of @page once;
 * later calls return the same data.  Takes the Poppler lock: call it on
 * a worker thread.
 *
 * Returns: (transfer none): the page's data, owned by the document
 */
const PapersPageData *
papers_document_load_page_data (PapersDocument *self,
                                int             page)
{
  PapersPageData *data;

  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (page >= 0 && page < self->n_pages, NULL);

  data = g_atomic_pointer_get (&self->page_data[page]);
  if (data != NULL)
    return data;

  papers_document_lock ();
  data = g_atomic_pointer_get (&self->page_data[page]);
  if (data == NULL)
    {
      data = read_page_data (self, page);
      g_atomic_pointer_set (&self->page_data[page], data);
    }
  papers_document_unlock ();
  return data;
}

/**
 * papers_document_peek_page_data:
 *
 * Never blocks; use it on the main thread.
 *
 * Returns: (transfer none) (nullable): the page's data if already loaded
 */
const PapersPageData *
papers_document_peek_page_data (PapersDocument *self,
                                int             page)
{
  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), NULL);
  if (page < 0 || page >= self->n_pages)
    return NULL;
  return g_atomic_pointer_get (&self->page_data[page]);
}

/**
 * papers_page_data_range_rects:
 * @data: a page's text and character boxes
 * @first: the first character
 * @last: the last character, included
 *
 * Merges the boxes of the characters into one rectangle per line, so a
 * selection and the annotation made of it cover the same area.
 *
 * Returns: (transfer full): a #GArray of #PapersRect, in text order
 */
GArray *
papers_page_data_range_rects (const PapersPageData *data,
                              guint                 first,
                              guint                 last)
{
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (PapersRect));
  PapersRect cur = { 0 };
  gboolean open = FALSE;

  for (guint i = first; i <= last && i < data->n_chars; i++)
    {
      const PapersRect *r = &data->char_rects[i];
      double mid = (r->y1 + r->y2) / 2;

      if (r->x2 - r->x1 <= 0 || r->y2 - r->y1 <= 0)
        continue;
      if (open && mid > cur.y1 && mid < cur.y2 && r->x1 >= cur.x1 - 2)
        {
          cur.x2 = MAX (cur.x2, r->x2);
          cur.y1 = MIN (cur.y1, r->y1);
          cur.y2 = MAX (cur.y2, r->y2);
          continue;
        }
      if (open)
        g_array_append_val (rects, cur);
      cur = *r;
      open = TRUE;
    }
  if (open)
    g_array_append_val (rects, cur);
  return rects;
}

/**
 * papers_page_data_range_text:
 * @data: a page's text and character boxes
 * @first: the first character
 * @last: the last character, included
 *
 * Returns: (transfer full): the characters' text ("" past the page's end)
 */
char *
papers_page_data_range_text (const PapersPageData *data,
                             guint                 first,
                             guint                 last)
{
  /* A range from a caller (select_range) may run past the text. */
  guint end = last < data->n_chars ? last + 1 : data->n_chars;
  const char *a = g_utf8_offset_to_pointer (data->text, MIN (first, end));
  const char *b = g_utf8_offset_to_pointer (data->text, end);

  return g_strndup (a, b - a);
}

/* Lock held. */
static PapersTextPage *
read_page_text (PapersDocument *self,
                int             page)
{
  g_autoptr(PapersPopplerPage) ppage = poppler_document_get_page (self->poppler, page);
  PapersTextPage *text = papers_pdf_read_page_text (ppage, self->pages[page].width, self->pages[page].height);

  papers_pdf_read_page_links (self->poppler, ppage, self->pages[page].height, text);
  return text;
}

/**
 * papers_document_extract_text:
 * @max_pages: read at most this many pages from the first, or -1 for all
 * @cancellable: (nullable): stops between two pages
 *
 * Reads the text and character boxes of every page, for the reference
 * parser and the library's full-text index.  Takes the Poppler lock one
 * page at a time, so the renderer's jobs run between pages, and keeps
 * nothing in the document: call it on a worker thread.
 *
 * Returns: (transfer full) (element-type PapersTextPage): the pages read,
 *   fewer than asked when cancelled
 */
GPtrArray *
papers_document_extract_text (PapersDocument *self,
                              int             max_pages,
                              GCancellable   *cancellable)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_text_page_free);
  int n;

  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), pages);

  n = max_pages < 0 ? self->n_pages : MIN (max_pages, self->n_pages);
  for (int i = 0; i < n; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      papers_document_lock ();
      g_ptr_array_add (pages, read_page_text (self, i));
      papers_document_unlock ();
    }
  return pages;
}

/**
 * papers_document_find_text:
 * @page: the page
 * @text: what to look for, case-insensitively
 *
 * Takes the Poppler lock: call it on a worker thread.
 *
 * Returns: (transfer full): an array of #PapersRect, one per match
 */
GArray *
papers_document_find_text (PapersDocument *self,
                           int             page,
                           const char     *text)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (PapersRect));
  double height;

  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), result);
  g_return_val_if_fail (page >= 0 && page < self->n_pages, result);
  if (text == NULL || *text == '\0')
    return result;

  height = self->pages[page].height;
  papers_document_lock ();
  {
    g_autoptr(PapersPopplerPage) ppage = poppler_document_get_page (self->poppler, page);
    GList *matches = ppage ? poppler_page_find_text_with_options (ppage, text, POPPLER_FIND_DEFAULT) : NULL;

    for (GList *l = matches; l != NULL; l = l->next)
      {
        PapersRect rect;

        flip_rect (&rect, l->data, height);
        g_array_append_val (result, rect);
      }
    g_list_free_full (matches, (GDestroyNotify) poppler_rectangle_free);
  }
  papers_document_unlock ();
  return result;
}

/**
 * papers_document_read_annotations:
 *
 * Reads every annotation already in the file (not links, popups or form
 * fields).  Takes the Poppler lock.
 *
 * Returns: (transfer full) (element-type PapersDocumentAnnot): the annotations
 */
GPtrArray *
papers_document_read_annotations (PapersDocument  *self,
                                  GError         **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_document_annot_free);

  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), NULL);

  papers_document_lock ();
  for (int i = 0; i < self->n_pages; i++)
    {
      g_autoptr(PapersPopplerPage) ppage = poppler_document_get_page (self->poppler, i);
      g_autoptr(GPtrArray) annots = NULL;

      if (ppage == NULL)
        continue;
      annots = read_page_annotations (ppage, i, self->pages[i].height);
      g_ptr_array_extend_and_steal (all, g_steal_pointer (&annots));
    }
  papers_document_unlock ();
  return g_steal_pointer (&all);
}

/* Lock held. */
static PopplerAnnot *
make_poppler_annot (PopplerDocument           *doc,
                    const PapersDocumentAnnot *annot,
                    double                     height)
{
  g_autoptr(GArray) quads = g_array_new (FALSE, FALSE, sizeof (PopplerQuadrilateral));
  PopplerRectangle bounds = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  PopplerColor color = {
    ((annot->rgb >> 16) & 0xff) * 257,
    ((annot->rgb >> 8) & 0xff) * 257,
    (annot->rgb & 0xff) * 257,
  };
  PopplerAnnot *pannot = NULL;

  for (guint i = 0; i < annot->rects->len; i++)
    {
      const PapersRect *r = &g_array_index (annot->rects, PapersRect, i);
      /* Quadrilaterals go top-left, top-right, bottom-left, bottom-right
       * in PDF space, where y grows upwards. */
      PopplerQuadrilateral q = {
        { r->x1, height - r->y1 }, { r->x2, height - r->y1 },
        { r->x1, height - r->y2 }, { r->x2, height - r->y2 },
      };

      g_array_append_val (quads, q);
      bounds.x1 = MIN (bounds.x1, r->x1);
      bounds.x2 = MAX (bounds.x2, r->x2);
      bounds.y1 = MIN (bounds.y1, height - r->y2);
      bounds.y2 = MAX (bounds.y2, height - r->y1);
    }
  if (quads->len == 0)
    return NULL;

  switch (annot->kind)
    {
    case PAPERS_ANNOT_HIGHLIGHT:
      pannot = poppler_annot_text_markup_new_highlight (doc, &bounds, quads);
      break;
    case PAPERS_ANNOT_UNDERLINE:
      pannot = poppler_annot_text_markup_new_underline (doc, &bounds, quads);
      break;
    case PAPERS_ANNOT_STRIKEOUT:
      pannot = poppler_annot_text_markup_new_strikeout (doc, &bounds, quads);
      break;
    case PAPERS_ANNOT_SQUIGGLY:
      pannot = poppler_annot_text_markup_new_squiggly (doc, &bounds, quads);
      break;
    case PAPERS_ANNOT_NOTE:
      {
        /* A sticky note is anchored at the top-left of its first rect. */
        PopplerRectangle icon = { bounds.x1, bounds.y2 - 20, bounds.x1 + 20, bounds.y2 };

        pannot = poppler_annot_text_new (doc, &icon);
      }
      break;
    case PAPERS_ANNOT_OTHER:
    default:
      return NULL;
    }

  poppler_annot_set_color (pannot, &color);
  if (annot->contents != NULL && *annot->contents != '\0')
    poppler_annot_set_contents (pannot, annot->contents);
  return pannot;
}

/**
 * papers_document_export_annotated:
 * @annots: (element-type PapersDocumentAnnot): annotations to add
 * @destination: where to write the copy
 *
 * Writes a copy of the document with @annots added as standard PDF
 * annotations.  The open document is left untouched: the copy is made
 * from a second Poppler document.  Takes the Poppler lock.
 *
 * Returns: %TRUE on success
 */
gboolean
papers_document_export_annotated (PapersDocument  *self,
                                  GPtrArray       *annots,
                                  GFile           *destination,
                                  GError         **error)
{
  g_autoptr(PapersPopplerDocument) copy = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  gboolean ok;

  g_return_val_if_fail (PAPERS_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (destination), FALSE);

  copy = open_poppler (self->file, self->bytes, self->password, error);
  if (copy == NULL)
    return FALSE;

  papers_document_lock ();
  for (guint i = 0; annots != NULL && i < annots->len; i++)
    {
      const PapersDocumentAnnot *annot = g_ptr_array_index (annots, i);
      g_autoptr(PapersPopplerPage) ppage = NULL;
      g_autoptr(PapersPopplerAnnot) pannot = NULL;

      if (annot->page < 0 || annot->page >= self->n_pages)
        continue;
      ppage = poppler_document_get_page (copy, annot->page);
      pannot = ppage ? make_poppler_annot (copy, annot, self->pages[annot->page].height) : NULL;
      if (pannot != NULL)
        poppler_page_add_annot (ppage, pannot);
    }
  uri = g_file_get_uri (destination);
  ok = poppler_document_save (copy, uri, &local_error);
  g_clear_object (&copy);
  papers_document_unlock ();

  if (!ok)
    g_set_error (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_FAILED,
                 _("Could not write the annotated copy: %s"),
                 local_error ? local_error->message : _("unknown error"));
  return ok;
}

typedef struct {
  GPtrArray *annots;
  GFile     *destination;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_pointer (&data->annots, g_ptr_array_unref);
  g_clear_object (&data->destination);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (papers_document_export_annotated (source_object, data->annots, data->destination, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * papers_document_export_annotated_async:
 * @annots: (element-type PapersDocumentAnnot): annotations to add; the
 *   array is referenced and must not change until the export is done
 *
 * Runs papers_document_export_annotated() on a worker thread.
 */
void
papers_document_export_annotated_async (PapersDocument      *self,
                                        GPtrArray           *annots,
                                        GFile               *destination,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (PAPERS_IS_DOCUMENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_document_export_annotated_async);
  data = g_new0 (ExportData, 1);
  data->annots = g_ptr_array_ref (annots);
  data->destination = g_object_ref (destination);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
papers_document_export_annotated_finish (PapersDocument  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
