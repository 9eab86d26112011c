/* papers-document.h: a PDF opened through Poppler, safe to share between threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <cairo.h>

#include "papers-refs.h"
#include "papers-annotation.h"
#include "papers-viewer-enums.h"

G_BEGIN_DECLS

#define PAPERS_DOCUMENT_ERROR (papers_document_error_quark ())

/**
 * PapersDocumentError:
 * @PAPERS_DOCUMENT_ERROR_NOT_FOUND: the file does not exist or cannot be read
 * @PAPERS_DOCUMENT_ERROR_NOT_PDF: the file is not a PDF at all
 * @PAPERS_DOCUMENT_ERROR_DAMAGED: a PDF that Poppler cannot repair
 * @PAPERS_DOCUMENT_ERROR_NEEDS_PASSWORD: encrypted; ask the user for a password
 * @PAPERS_DOCUMENT_ERROR_BAD_PASSWORD: the password given is wrong; ask again
 * @PAPERS_DOCUMENT_ERROR_FAILED: anything else (writing an export, …)
 */
typedef enum {
  PAPERS_DOCUMENT_ERROR_NOT_FOUND,
  PAPERS_DOCUMENT_ERROR_NOT_PDF,
  PAPERS_DOCUMENT_ERROR_DAMAGED,
  PAPERS_DOCUMENT_ERROR_NEEDS_PASSWORD,
  PAPERS_DOCUMENT_ERROR_BAD_PASSWORD,
  PAPERS_DOCUMENT_ERROR_FAILED,
} PapersDocumentError;

GQuark papers_document_error_quark (void);

/* A rectangle in PDF points, origin at the top-left corner of the page
 * (the page as displayed, i.e. after its /Rotate). */
typedef struct {
  double x1, y1, x2, y2;
} PapersRect;

typedef enum {
  PAPERS_LINK_INTERNAL,
  PAPERS_LINK_EXTERNAL,
} PapersLinkKind;

/* A link area on a page.  Internal links give the target page (-1 when
 * the destination is invalid) and the target's top in points (-1: none). */
typedef struct {
  PapersRect     area;
  PapersLinkKind kind;
  int            dest_page;
  double         dest_top;
  char          *uri;
} PapersLink;

/* What the view needs of a page besides its pixels, loaded on a worker
 * thread once and then read freely on the main thread. */
typedef struct {
  char       *text;          /* UTF-8 text of the page */
  guint       n_chars;       /* characters of @text */
  PapersRect *char_rects;    /* one per character of @text */
  GPtrArray  *links;         /* of PapersLink */
  GPtrArray  *annotations;   /* of PapersDocumentAnnot, already in the file */
} PapersPageData;

/* An annotation as stored in a PDF file (PapersAnnotKind is the library's,
 * papers-annotation.h). */
typedef struct {
  int              page;
  PapersAnnotKind  kind;
  guint32          rgb;          /* 0xRRGGBB */
  GArray          *rects;        /* of PapersRect */
  char            *contents;
  char            *subtype;      /* "Highlight", "Text", "Ink", … */
} PapersDocumentAnnot;

void                 papers_document_annot_free (PapersDocumentAnnot *annot);
PapersDocumentAnnot *papers_document_annot_new  (int              page,
                                                 PapersAnnotKind  kind,
                                                 guint32          rgb,
                                                 const char      *contents);

#define PAPERS_TYPE_OUTLINE_ITEM (papers_outline_item_get_type ())
G_DECLARE_FINAL_TYPE (PapersOutlineItem, papers_outline_item, PAPERS, OUTLINE_ITEM, GObject)

const char *papers_outline_item_get_title    (PapersOutlineItem *self);
int         papers_outline_item_get_page     (PapersOutlineItem *self);
double      papers_outline_item_get_top      (PapersOutlineItem *self);
GListModel *papers_outline_item_get_children (PapersOutlineItem *self);

#define PAPERS_TYPE_DOCUMENT (papers_document_get_type ())
G_DECLARE_FINAL_TYPE (PapersDocument, papers_document, PAPERS, DOCUMENT, GObject)

void            papers_document_lock                (void);
void            papers_document_unlock              (void);

PapersDocument *papers_document_load                (GFile                *file,
                                                     const char           *password,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
void            papers_document_load_async          (GFile                *file,
                                                     const char           *password,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
PapersDocument *papers_document_load_finish         (GAsyncResult         *result,
                                                     GError              **error);

GFile          *papers_document_get_file            (PapersDocument       *self);
const char     *papers_document_get_title           (PapersDocument       *self);
int             papers_document_get_n_pages         (PapersDocument       *self);
void            papers_document_get_page_size       (PapersDocument       *self,
                                                     int                   page,
                                                     double               *width,
                                                     double               *height);
void            papers_document_get_max_page_size   (PapersDocument       *self,
                                                     double               *width,
                                                     double               *height);
const char     *papers_document_get_page_label      (PapersDocument       *self,
                                                     int                   page);
int             papers_document_find_page_label     (PapersDocument       *self,
                                                     const char           *label);
GListModel     *papers_document_get_outline         (PapersDocument       *self);

cairo_surface_t *papers_document_render             (PapersDocument       *self,
                                                     int                   page,
                                                     double                scale,
                                                     int                   x,
                                                     int                   y,
                                                     int                   width,
                                                     int                   height);

const PapersPageData *papers_document_load_page_data (PapersDocument      *self,
                                                      int                  page);
const PapersPageData *papers_document_peek_page_data (PapersDocument      *self,
                                                      int                  page);

/* The characters [@first, @last] of a page, for selection, copy and
 * annotations. */
GArray         *papers_page_data_range_rects        (const PapersPageData *data,
                                                     guint                 first,
                                                     guint                 last);
char           *papers_page_data_range_text         (const PapersPageData *data,
                                                     guint                 first,
                                                     guint                 last);
GPtrArray      *papers_document_extract_text        (PapersDocument       *self,
                                                     int                   max_pages,
                                                     GCancellable         *cancellable);

GArray         *papers_document_find_text           (PapersDocument       *self,
                                                     int                   page,
                                                     const char           *text);

GPtrArray      *papers_document_read_annotations    (PapersDocument       *self,
                                                     GError              **error);
gboolean        papers_document_export_annotated    (PapersDocument       *self,
                                                     GPtrArray            *annots,
                                                     GFile                *destination,
                                                     GError              **error);
void            papers_document_export_annotated_async  (PapersDocument       *self,
                                                         GPtrArray            *annots,
                                                         GFile                *destination,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean        papers_document_export_annotated_finish (PapersDocument       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersDocumentAnnot, papers_document_annot_free)

G_END_DECLS
