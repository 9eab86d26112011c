/* papers-renderer.h: render jobs on a worker thread and a texture cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "papers-document.h"

G_BEGIN_DECLS

/* Request priorities, most urgent first.  Text and links come after the
 * pixels of the neighbours: while scrolling fast, blank pages hurt more
 * than a selection that is not possible yet. */
typedef enum {
  PAPERS_RENDER_VISIBLE,
  PAPERS_RENDER_NEIGHBOUR,
  PAPERS_RENDER_VISIBLE_DATA,
  PAPERS_RENDER_NEIGHBOUR_DATA,
} PapersRenderPriority;

/* Where a page's tiles are at a given scale, in device pixels. */
typedef struct {
  int width;       /* the whole page */
  int height;
  int tile_size;   /* 0 when the page is one tile */
  int n_cols;
  int n_rows;
} PapersTileGrid;

typedef void (*PapersTileFunc) (GdkTexture *texture,
                                double      scale,
                                int         x,
                                int         y,
                                gpointer    user_data);

#define PAPERS_TYPE_RENDERER (papers_renderer_get_type ())
G_DECLARE_FINAL_TYPE (PapersRenderer, papers_renderer, PAPERS, RENDERER, GObject)

PapersRenderer *papers_renderer_new               (PapersDocument       *document);
PapersDocument *papers_renderer_get_document      (PapersRenderer       *self);
void            papers_renderer_set_cache_limit   (PapersRenderer       *self,
                                                   gsize                 bytes);
gsize           papers_renderer_get_cache_size    (PapersRenderer       *self);
void            papers_renderer_drop_textures     (PapersRenderer       *self);
void            papers_renderer_trim              (PapersRenderer       *self);

void            papers_renderer_get_grid          (PapersRenderer       *self,
                                                   int                   page,
                                                   double                scale,
                                                   PapersTileGrid       *grid);

void            papers_renderer_begin_requests    (PapersRenderer       *self);
gboolean        papers_renderer_request_tile      (PapersRenderer       *self,
                                                   int                   page,
                                                   double                scale,
                                                   int                   col,
                                                   int                   row,
                                                   PapersRenderPriority  priority,
                                                   double                distance);
void            papers_renderer_request_page_data (PapersRenderer       *self,
                                                   int                   page,
                                                   PapersRenderPriority  priority);
void            papers_renderer_end_requests      (PapersRenderer       *self);
guint           papers_renderer_get_n_pending     (PapersRenderer       *self);

GdkTexture     *papers_renderer_lookup_tile       (PapersRenderer       *self,
                                                   int                   page,
                                                   double                scale,
                                                   int                   col,
                                                   int                   row);
void            papers_renderer_foreach_tile      (PapersRenderer       *self,
                                                   int                   page,
                                                   PapersTileFunc        func,
                                                   gpointer              user_data);

G_END_DECLS
