/* test-renderer.c: render jobs, priorities, cancellation and the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-renderer.h"
#include "papers-view.h"
#include "viewer-test-util.h"

static void
on_tile_ready (PapersRenderer *renderer,
               int             page,
               GArray         *order)
{
  g_array_append_val (order, page);
}

static PapersDocument *
load_generated (int n_pages)
{
  g_autoptr(GFile) file = viewer_test_make_pdf (n_pages);
  g_autoptr(GError) error = NULL;
  PapersDocument *doc = papers_document_load (file, NULL, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

static void
wait_idle (PapersRenderer *renderer)
{
  while (papers_renderer_get_n_pending (renderer) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_priorities (void)
{
  g_autoptr(PapersDocument) doc = load_generated (12);
  g_autoptr(PapersRenderer) renderer = papers_renderer_new (doc);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (int));
  GdkTexture *texture;

  g_signal_connect (renderer, "tile-ready", G_CALLBACK (on_tile_ready), order);

  /* Neighbours are asked first, the visible page last: it still comes
   * first, unless the worker had already taken a neighbour. */
  papers_renderer_begin_requests (renderer);
  for (int i = 1; i < 8; i++)
    papers_renderer_request_tile (renderer, i, 0.5, 0, 0, PAPERS_RENDER_NEIGHBOUR, i);
  papers_renderer_request_tile (renderer, 0, 0.5, 0, 0, PAPERS_RENDER_VISIBLE, 0);
  papers_renderer_end_requests (renderer);
  wait_idle (renderer);
  g_assert_cmpuint (order->len, ==, 8);
  g_assert_true (g_array_index (order, int, 0) == 0 || g_array_index (order, int, 1) == 0);

  texture = papers_renderer_lookup_tile (renderer, 0, 0.5, 0, 0);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 306);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 396);
  g_assert_null (papers_renderer_lookup_tile (renderer, 0, 0.75, 0, 0));
  /* A cached tile is not asked for again. */
  papers_renderer_begin_requests (renderer);
  g_assert_true (papers_renderer_request_tile (renderer, 0, 0.5, 0, 0, PAPERS_RENDER_VISIBLE, 0));
  papers_renderer_end_requests (renderer);
  g_assert_cmpuint (papers_renderer_get_n_pending (renderer), ==, 0);
}

static void
test_cancel (void)
{
  g_autoptr(PapersDocument) doc = load_generated (40);
  g_autoptr(PapersRenderer) renderer = papers_renderer_new (doc);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (int));

  g_signal_connect (renderer, "tile-ready", G_CALLBACK (on_tile_ready), order);
  papers_renderer_begin_requests (renderer);
  for (int i = 0; i < 40; i++)
    papers_renderer_request_tile (renderer, i, 1.5, 0, 0, PAPERS_RENDER_NEIGHBOUR, i);
  papers_renderer_end_requests (renderer);

  /* The user scrolled to the end: only the last page is still wanted. */
  papers_renderer_begin_requests (renderer);
  papers_renderer_request_tile (renderer, 39, 1.5, 0, 0, PAPERS_RENDER_VISIBLE, 0);
  papers_renderer_end_requests (renderer);
  g_assert_cmpuint (papers_renderer_get_n_pending (renderer), <=, 3);
  wait_idle (renderer);
  g_assert_cmpuint (order->len, <=, 3);
  g_assert_nonnull (papers_renderer_lookup_tile (renderer, 39, 1.5, 0, 0));
}

static void
test_tiles_and_cache (void)
{
  g_autoptr(PapersDocument) doc = load_generated (3);
  g_autoptr(PapersRenderer) renderer = papers_renderer_new (doc);
  PapersTileGrid grid;
  int n = 0;

  /* 800 % of a US-letter page is tiled, never one surface. */
  papers_renderer_get_grid (renderer, 0, 8.0, &grid);
  g_assert_cmpint (grid.width, ==, 4896);
  g_assert_cmpint (grid.tile_size, >, 0);
  g_assert_cmpint (grid.n_cols * grid.tile_size, >=, grid.width);
  papers_renderer_get_grid (renderer, 0, 1.0, &grid);
  g_assert_cmpint (grid.tile_size, ==, 0);

  papers_renderer_get_grid (renderer, 0, 8.0, &grid);
  papers_renderer_set_cache_limit (renderer, 8 * 1024 * 1024);
  papers_renderer_begin_requests (renderer);
  for (int row = 0; row < 3; row++)
    for (int col = 0; col < grid.n_cols; col++)
      papers_renderer_request_tile (renderer, 0, 8.0, col, row, PAPERS_RENDER_VISIBLE, n++);
  papers_renderer_end_requests (renderer);
  wait_idle (renderer);
  /* A new round lets the old tiles go down to the limit. */
  papers_renderer_begin_requests (renderer);
  papers_renderer_end_requests (renderer);
  papers_renderer_begin_requests (renderer);
  papers_renderer_request_tile (renderer, 1, 0.25, 0, 0, PAPERS_RENDER_VISIBLE, 0);
  papers_renderer_end_requests (renderer);
  wait_idle (renderer);
  g_assert_cmpuint (papers_renderer_get_cache_size (renderer), <=, 8 * 1024 * 1024);
  g_assert_nonnull (papers_renderer_lookup_tile (renderer, 1, 0.25, 0, 0));
}

/* A hidden tab's renderer gives back every texture, those of its last
 * frame too, which eviction keeps, and renders again when asked */
static void
test_drop_textures (void)
{
  g_autoptr(PapersDocument) doc = load_generated (2);
  g_autoptr(PapersRenderer) renderer = papers_renderer_new (doc);

  papers_renderer_begin_requests (renderer);
  papers_renderer_request_tile (renderer, 0, 1.0, 0, 0, PAPERS_RENDER_VISIBLE, 0);
  papers_renderer_end_requests (renderer);
  wait_idle (renderer);
  g_assert_nonnull (papers_renderer_lookup_tile (renderer, 0, 1.0, 0, 0));
  papers_renderer_set_cache_limit (renderer, 0);
  g_assert_nonnull (papers_renderer_lookup_tile (renderer, 0, 1.0, 0, 0));

  papers_renderer_drop_textures (renderer);
  g_assert_cmpuint (papers_renderer_get_cache_size (renderer), ==, 0);
  g_assert_null (papers_renderer_lookup_tile (renderer, 0, 1.0, 0, 0));

  papers_renderer_set_cache_limit (renderer, 16 * 1024 * 1024);
  papers_renderer_begin_requests (renderer);
  papers_renderer_request_tile (renderer, 0, 1.0, 0, 0, PAPERS_RENDER_VISIBLE, 0);
  papers_renderer_end_requests (renderer);
  wait_idle (renderer);
  g_assert_nonnull (papers_renderer_lookup_tile (renderer, 0, 1.0, 0, 0));
  g_assert_cmpuint (papers_renderer_get_cache_size (renderer), >, 0);
}

/* Hidden, a view keeps what its last frame drew, not the pages it had
 * rendered ahead */
static void
test_trim (void)
{
  g_autoptr(PapersDocument) doc = load_generated (3);
  g_autoptr(PapersRenderer) renderer = papers_renderer_new (doc);

  papers_renderer_begin_requests (renderer);
  papers_renderer_request_tile (renderer, 0, 1.0, 0, 0, PAPERS_RENDER_VISIBLE, 0);
  papers_renderer_request_tile (renderer, 1, 1.0, 0, 0, PAPERS_RENDER_NEIGHBOUR, 1);
  papers_renderer_end_requests (renderer);
  wait_idle (renderer);
  /* A frame: page 0 drawn, page 1 asked for again, ahead */
  papers_renderer_begin_requests (renderer);
  papers_renderer_request_tile (renderer, 1, 1.0, 0, 0, PAPERS_RENDER_NEIGHBOUR, 1);
  papers_renderer_end_requests (renderer);
  g_assert_nonnull (papers_renderer_lookup_tile (renderer, 0, 1.0, 0, 0));

  papers_renderer_trim (renderer);
  g_assert_nonnull (papers_renderer_lookup_tile (renderer, 0, 1.0, 0, 0));
  g_assert_null (papers_renderer_lookup_tile (renderer, 1, 1.0, 0, 0));
  g_assert_cmpuint (papers_renderer_get_cache_size (renderer), >, 0);
}

/* A hidden view's queued pages are dropped with its textures: they
 * would arrive behind its back and be kept */
static void
test_trim_drops_queued (void)
{
  g_autoptr(PapersDocument) doc = load_generated (30);
  g_autoptr(PapersRenderer) renderer = papers_renderer_new (doc);

  papers_renderer_begin_requests (renderer);
  for (int i = 0; i < 30; i++)
    papers_renderer_request_tile (renderer, i, 1.5, 0, 0, PAPERS_RENDER_NEIGHBOUR, i);
  papers_renderer_end_requests (renderer);
  papers_renderer_trim (renderer);
  /* At most the one the worker is rendering */
  g_assert_cmpuint (papers_renderer_get_n_pending (renderer), <=, 1);
  wait_idle (renderer);
  g_assert_cmpuint (papers_renderer_get_cache_size (renderer), <=, 612 * 1.5 * 792 * 1.5 * 4 + 4096);
}

static guint
n_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
on_tile_ready_tag (PapersRenderer *renderer,
                   int             page,
                   GArray         *order)
{
  int tag = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (renderer), "tag"));

  g_array_append_val (order, tag);
}

/* Five renderers (five tabs) share one worker thread; the one asking
 * last (the tab on show) goes before what the others left queued */
static void
test_shared_worker (void)
{
  g_autoptr(PapersDocument) doc = load_generated (12);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (int));
  PapersRenderer *renderers[5];
  guint before = n_threads ();
  guint first_later = G_MAXUINT;

  for (int i = 0; i < 5; i++)
    {
      renderers[i] = papers_renderer_new (doc);
      g_object_set_data (G_OBJECT (renderers[i]), "tag", GINT_TO_POINTER (i));
      g_signal_connect (renderers[i], "tile-ready", G_CALLBACK (on_tile_ready_tag), order);
    }
  g_assert_cmpuint (n_threads (), <=, before + 1);

  /* The first asks for twelve pages, then the last for one */
  papers_renderer_begin_requests (renderers[0]);
  for (int i = 0; i < 12; i++)
    papers_renderer_request_tile (renderers[0], i, 1.0, 0, 0, PAPERS_RENDER_NEIGHBOUR, i);
  papers_renderer_end_requests (renderers[0]);
  papers_renderer_begin_requests (renderers[4]);
  papers_renderer_request_tile (renderers[4], 0, 1.0, 0, 0, PAPERS_RENDER_NEIGHBOUR, 0);
  papers_renderer_end_requests (renderers[4]);
  while (papers_renderer_get_n_pending (renderers[0]) + papers_renderer_get_n_pending (renderers[4]) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (order->len, ==, 13);
  for (guint i = 0; i < order->len; i++)
    if (g_array_index (order, int, i) == 4)
      first_later = i;
  /* (the worker may have taken one or two of the first's meanwhile) */
  g_assert_cmpuint (first_later, <=, 2);

  for (int i = 0; i < 5; i++)
    g_object_unref (renderers[i]);
  /* The last renderer gone, so is the worker */
  g_assert_cmpuint (n_threads (), <=, before);
}

static void
request_one (PapersRenderer *renderer,
             int             page,
             double          scale)
{
  papers_renderer_begin_requests (renderer);
  papers_renderer_request_tile (renderer, page, scale, 0, 0, PAPERS_RENDER_VISIBLE, 0);
  papers_renderer_end_requests (renderer);
  wait_idle (renderer);
}

/* Over the cap, a page that left the view goes at the next round (not
 * only when a new page arrives), but a page still waiting for its new
 * zoom keeps its older rendering to show meanwhile. */
static void
test_eviction (void)
{
  g_autoptr(PapersDocument) doc = load_generated (3);
  g_autoptr(PapersRenderer) renderer = papers_renderer_new (doc);
  g_autoptr(GdkTexture) old_zoom = NULL;

  /* A US-letter page at scale 1 is 612 × 792 × 4 bytes, under 2 MB. */
  papers_renderer_set_cache_limit (renderer, 2 * 1024 * 1024);
  request_one (renderer, 0, 1.0);
  request_one (renderer, 1, 1.0);
  /* Page 0 was scrolled away and went as soon as page 1 came. */
  g_assert_null (papers_renderer_lookup_tile (renderer, 0, 1.0, 0, 0));
  g_assert_nonnull (papers_renderer_lookup_tile (renderer, 1, 1.0, 0, 0));

  /* Zoom: page 1 is asked for at 1.5 and keeps its rendering at 1.0,
   * over the cap, until the new one is there. */
  papers_renderer_begin_requests (renderer);
  papers_renderer_request_tile (renderer, 1, 1.5, 0, 0, PAPERS_RENDER_VISIBLE, 0);
  papers_renderer_end_requests (renderer);
  old_zoom = g_object_ref (papers_renderer_lookup_tile (renderer, 1, 1.0, 0, 0));
  g_assert_nonnull (old_zoom);
  wait_idle (renderer);
  g_assert_nonnull (papers_renderer_lookup_tile (renderer, 1, 1.5, 0, 0));
  g_assert_true (papers_renderer_lookup_tile (renderer, 1, 1.0, 0, 0) == old_zoom);
  /* Once page 1 is complete at 1.5, the next round lets 1.0 go. */
  request_one (renderer, 1, 1.5);
  g_assert_null (papers_renderer_lookup_tile (renderer, 1, 1.0, 0, 0));
  g_assert_nonnull (papers_renderer_lookup_tile (renderer, 1, 1.5, 0, 0));
}

static void
test_page_data (void)
{
  g_autoptr(PapersDocument) doc = load_generated (3);
  g_autoptr(PapersRenderer) renderer = papers_renderer_new (doc);

  papers_renderer_begin_requests (renderer);
  papers_renderer_request_page_data (renderer, 2, PAPERS_RENDER_VISIBLE_DATA);
  papers_renderer_end_requests (renderer);
  wait_idle (renderer);
  g_assert_nonnull (papers_document_peek_page_data (doc, 2));
}

static void
test_dispose_busy (void)
{
  g_autoptr(PapersDocument) doc = load_generated (20);
  PapersRenderer *renderer = papers_renderer_new (doc);

  /* Dropping the renderer with queued and running jobs must not leak or crash. */
  papers_renderer_begin_requests (renderer);
  for (int i = 0; i < 20; i++)
    papers_renderer_request_tile (renderer, i, 1.0, 0, 0, PAPERS_RENDER_VISIBLE, i);
  papers_renderer_end_requests (renderer);
  g_object_unref (renderer);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Night mode: white turns black, black white, and a color keeps its hue. */
static void
on_tile_ready_thread (PapersRenderer *renderer,
                      int             page,
                      GThread       **thread)
{
  *thread = g_thread_self ();
}

/* Results arrive on the main thread even when it is not iterating its
 * context at the moment the worker finishes. */
static void
test_delivered_on_main_thread (void)
{
  g_autoptr(PapersDocument) doc = load_generated (2);
  g_autoptr(PapersRenderer) renderer = papers_renderer_new (doc);
  GThread *thread = NULL;

  g_signal_connect (renderer, "tile-ready", G_CALLBACK (on_tile_ready_thread), &thread);
  papers_renderer_begin_requests (renderer);
  papers_renderer_request_tile (renderer, 1, 0.5, 0, 0, PAPERS_RENDER_VISIBLE, 0);
  papers_renderer_end_requests (renderer);
  g_usleep (300 * 1000);
  g_assert_null (thread);
  wait_idle (renderer);
  g_assert_true (thread == g_thread_self ());
}

static void
test_night_matrix (void)
{
  graphene_matrix_t matrix;
  graphene_vec4_t offset, in, out;
  double hue_in, hue_out;

  papers_view_get_night_matrix (&matrix, &offset);
  graphene_vec4_init (&in, 1, 1, 1, 1);
  graphene_matrix_transform_vec4 (&matrix, &in, &out);
  graphene_vec4_add (&out, &offset, &out);
  g_assert_cmpfloat (fabs (graphene_vec4_get_x (&out)), <, 0.01);
  g_assert_cmpfloat (fabs (graphene_vec4_get_w (&out) - 1), <, 0.01);

  graphene_vec4_init (&in, 0, 0, 0, 1);
  graphene_matrix_transform_vec4 (&matrix, &in, &out);
  graphene_vec4_add (&out, &offset, &out);
  g_assert_cmpfloat (graphene_vec4_get_y (&out), >, 0.99);

  /* A dark blue becomes a light blue. */
  graphene_vec4_init (&in, 0.1, 0.1, 0.5, 1);
  graphene_matrix_transform_vec4 (&matrix, &in, &out);
  graphene_vec4_add (&out, &offset, &out);
  hue_in = 0.5 - 0.1;
  hue_out = graphene_vec4_get_z (&out) - graphene_vec4_get_x (&out);
  g_assert_cmpfloat (hue_out, >, 0.2 * hue_in);
  g_assert_cmpfloat (graphene_vec4_get_x (&out), >, 0.5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/renderer/priorities", test_priorities);
  g_test_add_func ("/viewer/renderer/cancel", test_cancel);
  g_test_add_func ("/viewer/renderer/tiles-and-cache", test_tiles_and_cache);
  g_test_add_func ("/viewer/renderer/eviction", test_eviction);
  g_test_add_func ("/viewer/renderer/drop-textures", test_drop_textures);
  g_test_add_func ("/viewer/renderer/trim", test_trim);
  g_test_add_func ("/viewer/renderer/trim-drops-queued", test_trim_drops_queued);
  g_test_add_func ("/viewer/renderer/shared-worker", test_shared_worker);
  g_test_add_func ("/viewer/renderer/page-data", test_page_data);
  g_test_add_func ("/viewer/renderer/dispose-busy", test_dispose_busy);
  g_test_add_func ("/viewer/renderer/main-thread", test_delivered_on_main_thread);
  g_test_add_func ("/viewer/renderer/night-matrix", test_night_matrix);
  return g_test_run ();
}
