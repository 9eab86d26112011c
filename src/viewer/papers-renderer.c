/* papers-renderer.c: render jobs on a worker thread and a texture cache
 *
 * Every renderer of the process (one a reader's tab) shares one worker
 * thread: a tab in the background has nothing to render, and one thread
 * keeps Poppler's work memory in one malloc arena rather than one per
 * open paper, each holding its own freed pages.  The worker takes the
 * most urgent job of any renderer, the latest round's first, so the tab
 * on show goes before what a hidden one had left queued.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "papers-renderer.h"

/* A page is one texture up to this many device pixels; above, it is cut
 * into square tiles, so a page at 800 % never becomes one giant surface. */
#define WHOLE_PAGE_MAX_PIXELS (2400 * 3200)
#define TILE_SIZE 1024
#define DEFAULT_CACHE_LIMIT (16 * 1024 * 1024)

typedef enum {
  JOB_RENDER,
  JOB_DATA,
} JobKind;

typedef struct {
  int page;
  int scale_key;   /* scale × 10 000, so that keys compare exactly */
  int col;
  int row;
  int kind;
} TileKey;

typedef struct {
  TileKey     key;
  int         priority;
  double      distance;
  guint       generation;
  guint64     round;        /* the process-wide round it was last asked in */
  gboolean    queued;       /* in the worker's queue (worker.lock) */
  PapersDocument *document;
  GMainContext *context;    /* where it is delivered */
  double      scale;
  int         x, y, width, height;
  GdkTexture *texture;      /* the result */
  PapersRenderer *renderer; /* weak, main thread only */
} Job;

typedef struct {
  TileKey     key;
  GdkTexture *texture;
  gsize       size;
  guint64     last_use;
  guint64     last_shown;   /* the round a view last looked it up to draw */
} CacheEntry;

struct _PapersRenderer
{
  GObject         parent_instance;

  PapersDocument *document;
  GMainContext   *context;

  /* Main thread only. */
  GHashTable     *pending;     /* TileKey → Job, jobs not yet delivered */
  GHashTable     *cache;       /* TileKey → CacheEntry */
  GHashTable     *incomplete_pages; /* pages with tiles missing in this round */
  gsize           cache_size;
  gsize           cache_limit;
  guint           generation;
  guint64         use_clock;
};

G_DEFINE_FINAL_TYPE (PapersRenderer, papers_renderer, G_TYPE_OBJECT)

/* The worker all renderers share: it runs while one renderer exists. */
static struct {
  GMutex     lock;
  GCond      cond;
  GPtrArray *queue;       /* of Job, not owned */
  gboolean   quit;
  GThread   *thread;
  guint      n_renderers; /* main thread only */
  guint64    round;       /* main thread only */
} worker;

enum {
  TILE_READY,
  PAGE_DATA_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
tile_key_hash (gconstpointer data)
{
  const TileKey *key = data;

  return (guint) key->page * 2654435761u ^ (guint) key->scale_key * 40503u ^
         (guint) key->col * 97u ^ (guint) key->row * 131u ^ (guint) key->kind;
}

static gboolean
tile_key_equal (gconstpointer a,
                gconstpointer b)
{
  const TileKey *x = a, *y = b;

  return x->page == y->page && x->scale_key == y->scale_key &&
         x->col == y->col && x->row == y->row && x->kind == y->kind;
}

static int
scale_to_key (double scale)
{
  return (int) lround (scale * 10000);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->document);
  g_clear_object (&job->texture);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

static void
cache_entry_free (CacheEntry *entry)
{
  g_clear_object (&entry->texture);
  g_free (entry);
}

static void
surface_unref (gpointer data)
{
  cairo_surface_destroy (data);
}

/* Worker thread: turns the job into a texture, wrapping the surface's
 * memory rather than copying it. */
static void
run_job (Job *job)
{
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;

  if (job->key.kind == JOB_DATA)
    {
      papers_document_load_page_data (job->document, job->key.page);
      return;
    }

  surface = papers_document_render (job->document, job->key.page, job->scale,
                                    job->x, job->y, job->width, job->height);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) *
                                      cairo_image_surface_get_height (surface),
                                      surface_unref, surface);
  job->texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                         cairo_image_surface_get_height (surface),
                                         GDK_MEMORY_DEFAULT, bytes,
                                         cairo_image_surface_get_stride (surface));
}

/* Drops the least recently used textures until the cache fits its cap.
 * What the current frame shows stays, and so do all textures, at any
 * scale, of a page asked for in this round that still misses tiles:
 * they are what it shows, scaled, while its new zoom renders. */
static void
evict (PapersRenderer *self)
{
  while (self->cache_size > self->cache_limit)
    {
      GHashTableIter iter;
      CacheEntry *entry, *oldest = NULL;

      g_hash_table_iter_init (&iter, self->cache);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        if ((oldest == NULL || entry->last_use < oldest->last_use) &&
            !g_hash_table_contains (self->incomplete_pages, GINT_TO_POINTER (entry->key.page)))
          oldest = entry;
      if (oldest == NULL || oldest->last_use >= self->use_clock)
        break;
      self->cache_size -= oldest->size;
      g_hash_table_remove (self->cache, &oldest->key);
    }
}

/* Main thread: deliver a finished job. */
static gboolean
job_done (gpointer data)
{
  Job *job = data;
  PapersRenderer *self = job->renderer;

  if (self == NULL)
    {
      job_free (job);
      return G_SOURCE_REMOVE;
    }

  if (g_hash_table_lookup (self->pending, &job->key) == job)
    g_hash_table_steal (self->pending, &job->key);

  if (job->key.kind == JOB_DATA)
    g_signal_emit (self, signals[PAGE_DATA_READY], 0, job->key.page);
  else if (job->texture != NULL)
    {
      CacheEntry *entry = g_new0 (CacheEntry, 1);

      entry->key = job->key;
      entry->texture = g_steal_pointer (&job->texture);
      entry->size = (gsize) gdk_texture_get_width (entry->texture) * gdk_texture_get_height (entry->texture) * 4;
      entry->last_use = self->use_clock;
      if (g_hash_table_lookup (self->cache, &entry->key) == NULL)
        {
          g_hash_table_insert (self->cache, &entry->key, entry);
          self->cache_size += entry->size;
          evict (self);
          g_signal_emit (self, signals[TILE_READY], 0, job->key.page);
        }
      else
        cache_entry_free (entry);
    }
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* The most urgent; of equal urgency, the one asked for in the latest
 * round (the view on show asks each frame, a hidden one not at all);
 * then the nearest the middle of its view */
static gboolean
job_before (const Job *a,
            const Job *b)
{
  if (a->priority != b->priority)
    return a->priority < b->priority;
  if (a->round != b->round)
    return a->round > b->round;
  return a->distance < b->distance;
}

static Job *
pop_best_job (void)
{
  Job *best = NULL;
  guint best_index = 0;

  for (guint i = 0; i < worker.queue->len; i++)
    {
      Job *job = g_ptr_array_index (worker.queue, i);

      if (best == NULL || job_before (job, best))
        {
          best = job;
          best_index = i;
        }
    }
  if (best != NULL)
    {
      g_ptr_array_remove_index_fast (worker.queue, best_index);
      best->queued = FALSE;
    }
  return best;
}

/* Always through a source: g_main_context_invoke() would run job_done()
 * right here on the worker whenever the main thread is not iterating the
 * (shared default) context at that moment. */
static void
deliver (Job *job)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, job_done, job, NULL);
  g_source_set_static_name (source, "[papers] render job done");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static void
release_free_memory (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

#define RELEASE_DELAY_MS 500

static guint release_source;

static void
release_later_cb (gpointer data)
{
  release_source = 0;
  release_free_memory ();
}

/* Once the frame that follows has been drawn: trimming walks the whole
 * heap, a few milliseconds that a tab switch's next frame must not wait */
static void
release_free_memory_later (void)
{
  if (release_source == 0)
    release_source = g_timeout_add_once (RELEASE_DELAY_MS, release_later_cb, NULL);
}

/* Works only on the job: its renderer may be gone meanwhile */
static gpointer
worker_main (gpointer data)
{
  for (;;)
    {
      Job *job;

      g_mutex_lock (&worker.lock);
      while (!worker.quit && worker.queue->len == 0)
        g_cond_wait (&worker.cond, &worker.lock);
      if (worker.quit)
        {
          g_mutex_unlock (&worker.lock);
          return NULL;
        }
      job = pop_best_job ();
      g_mutex_unlock (&worker.lock);

      run_job (job);
      deliver (job);
    }
}

static void
worker_ref (void)
{
  if (worker.n_renderers++ > 0)
    return;
  if (worker.queue == NULL)
    worker.queue = g_ptr_array_new ();
  worker.quit = FALSE;
  worker.thread = g_thread_new ("papers-render", worker_main, NULL);
}

/* The last renderer gone, the worker finishes the job it runs and ends */
static void
worker_unref (void)
{
  g_assert (worker.n_renderers > 0);
  if (--worker.n_renderers > 0)
    return;
  g_mutex_lock (&worker.lock);
  worker.quit = TRUE;
  g_cond_signal (&worker.cond);
  g_mutex_unlock (&worker.lock);
  g_thread_join (g_steal_pointer (&worker.thread));
}

static void
papers_renderer_dispose (GObject *object)
{
  PapersRenderer *self = PAPERS_RENDERER (object);
  GHashTableIter iter;
  Job *job;

  /* Jobs still on their way to job_done() free themselves there; the
   * others (never run) leave the queue and are freed here. */
  if (self->pending != NULL)
    {
      g_mutex_lock (&worker.lock);
      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
        if (job->queued)
          {
            g_ptr_array_remove_fast (worker.queue, job);
            job_free (job);
          }
        else
          job->renderer = NULL;
      g_mutex_unlock (&worker.lock);
      worker_unref ();
    }
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->incomplete_pages, g_hash_table_unref);
  g_clear_object (&self->document);
  /* A closed document's pages and Poppler's work memory go back to the
   * system now, not when some later allocation happens to reuse them. */
  release_free_memory ();
  G_OBJECT_CLASS (papers_renderer_parent_class)->dispose (object);
}

static void
papers_renderer_finalize (GObject *object)
{
  PapersRenderer *self = PAPERS_RENDERER (object);

  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (papers_renderer_parent_class)->finalize (object);
}

static void
papers_renderer_class_init (PapersRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

#ifdef __GLIBC__
  /* Page-sized buffers come and go all the time: ours, Poppler's images,
   * and the toolkit's and the GL driver's copies of each texture.  By
   * default glibc raises its mmap threshold to the largest block freed so
   * far, so after the first page every page-sized block lands in the heap
   * and the holes they leave stay with the process.  A fixed threshold
   * keeps them mapped on their own, so freeing one gives it back. */
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
#endif

  object_class->dispose = papers_renderer_dispose;
  object_class->finalize = papers_renderer_finalize;

  /**
   * PapersRenderer::tile-ready:
   * @page: the page that has a new texture
   */
  signals[TILE_READY] = g_signal_new ("tile-ready", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * PapersRenderer::page-data-ready:
   * @page: the page whose text and links are now loaded
   */
  signals[PAGE_DATA_READY] = g_signal_new ("page-data-ready", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
papers_renderer_init (PapersRenderer *self)
{
  self->pending = g_hash_table_new (tile_key_hash, tile_key_equal);
  self->cache = g_hash_table_new_full (tile_key_hash, tile_key_equal, NULL,
                                       (GDestroyNotify) cache_entry_free);
  self->incomplete_pages = g_hash_table_new (NULL, NULL);
  self->cache_limit = DEFAULT_CACHE_LIMIT;
  self->use_clock = 1;
  worker_ref ();
}

/**
 * papers_renderer_new:
 * @document: the document to render
 *
 * Creates a renderer, its jobs run by the worker thread all renderers
 * share.  Results are delivered on the thread-default main context of
 * the caller.
 *
 * Returns: (transfer full): a new renderer
 */
PapersRenderer *
papers_renderer_new (PapersDocument *document)
{
  PapersRenderer *self;

  g_return_val_if_fail (PAPERS_IS_DOCUMENT (document), NULL);

  self = g_object_new (PAPERS_TYPE_RENDERER, NULL);
  self->document = g_object_ref (document);
  self->context = g_main_context_ref_thread_default ();
  return self;
}

/**
 * papers_renderer_get_document:
 *
 * Returns: (transfer none): the document
 */
PapersDocument *
papers_renderer_get_document (PapersRenderer *self)
{
  g_return_val_if_fail (PAPERS_IS_RENDERER (self), NULL);
  return self->document;
}

void
papers_renderer_set_cache_limit (PapersRenderer *self,
                                 gsize           bytes)
{
  g_return_if_fail (PAPERS_IS_RENDERER (self));
  self->cache_limit = bytes;
  evict (self);
}

/**
 * papers_renderer_drop_textures:
 *
 * Gives back every texture kept, those of the last frame too: for a view
 * that is not shown (a reader's hidden tab), which asks for its tiles
 * again when it is.
 */
void
papers_renderer_drop_textures (PapersRenderer *self)
{
  g_return_if_fail (PAPERS_IS_RENDERER (self));
  g_hash_table_remove_all (self->cache);
  self->cache_size = 0;
}

/**
 * papers_renderer_trim:
 *
 * Drops every texture but those the last frame drew (looked up in the
 * last round of requests), and the jobs still queued: for a view hidden
 * for now, which then draws again at once when shown, without the pages
 * it had rendered ahead.  What that freed, and what the document's
 * pages had in Poppler's work memory, goes back to the system shortly.
 */
void
papers_renderer_trim (PapersRenderer *self)
{
  GHashTableIter iter;
  CacheEntry *entry;
  Job *job;

  g_return_if_fail (PAPERS_IS_RENDERER (self));
  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->last_shown < self->use_clock)
      {
        self->cache_size -= entry->size;
        g_hash_table_iter_remove (&iter);
      }
  /* A hidden view asks for nothing more: pages it had queued would
   * come in behind its back, to be kept */
  g_mutex_lock (&worker.lock);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    if (job->queued)
      {
        g_ptr_array_remove_fast (worker.queue, job);
        g_hash_table_iter_remove (&iter);
        job_free (job);
      }
  g_mutex_unlock (&worker.lock);
  release_free_memory_later ();
}

gsize
papers_renderer_get_cache_size (PapersRenderer *self)
{
  g_return_val_if_fail (PAPERS_IS_RENDERER (self), 0);
  return self->cache_size;
}

void
papers_renderer_get_grid (PapersRenderer *self,
                          int             page,
                          double          scale,
                          PapersTileGrid *grid)
{
  double width, height;

  papers_document_get_page_size (self->document, page, &width, &height);
  grid->width = MAX (1, (int) ceil (width * scale - 0.01));
  grid->height = MAX (1, (int) ceil (height * scale - 0.01));
  if ((gint64) grid->width * grid->height <= WHOLE_PAGE_MAX_PIXELS)
    {
      grid->tile_size = 0;
      grid->n_cols = grid->n_rows = 1;
    }
  else
    {
      grid->tile_size = TILE_SIZE;
      grid->n_cols = (grid->width + TILE_SIZE - 1) / TILE_SIZE;
      grid->n_rows = (grid->height + TILE_SIZE - 1) / TILE_SIZE;
    }
}

/**
 * papers_renderer_begin_requests:
 *
 * Starts a round of requests.  Every job still wanted must be requested
 * again before papers_renderer_end_requests(), which cancels the others:
 * that is how jobs for pages scrolled away are dropped.
 */
void
papers_renderer_begin_requests (PapersRenderer *self)
{
  g_return_if_fail (PAPERS_IS_RENDERER (self));
  self->generation++;
  self->use_clock++;
  g_hash_table_remove_all (self->incomplete_pages);
  worker.round++;
}

static void
request (PapersRenderer *self,
         const TileKey  *key,
         double          scale,
         int             priority,
         double          distance)
{
  Job *job = g_hash_table_lookup (self->pending, key);
  PapersTileGrid grid;

  g_mutex_lock (&worker.lock);
  if (job != NULL)
    {
      job->priority = priority;
      job->distance = distance;
      job->generation = self->generation;
      job->round = worker.round;
      g_mutex_unlock (&worker.lock);
      return;
    }

  job = g_new0 (Job, 1);
  job->key = *key;
  job->priority = priority;
  job->distance = distance;
  job->generation = self->generation;
  job->round = worker.round;
  job->document = g_object_ref (self->document);
  job->context = g_main_context_ref (self->context);
  job->renderer = self;
  job->scale = scale;
  if (key->kind == JOB_RENDER)
    {
      papers_renderer_get_grid (self, key->page, scale, &grid);
      if (grid.tile_size == 0)
        {
          job->width = grid.width;
          job->height = grid.height;
        }
      else
        {
          job->x = key->col * grid.tile_size;
          job->y = key->row * grid.tile_size;
          job->width = MIN (grid.tile_size, grid.width - job->x);
          job->height = MIN (grid.tile_size, grid.height - job->y);
        }
    }
  job->queued = TRUE;
  g_ptr_array_add (worker.queue, job);
  g_cond_signal (&worker.cond);
  g_mutex_unlock (&worker.lock);
  g_hash_table_insert (self->pending, &job->key, job);
}

/**
 * papers_renderer_request_tile:
 * @scale: device pixels per PDF point
 * @distance: how far the tile is from the middle of the view, to order
 *   jobs of equal priority
 *
 * Returns: %TRUE if the tile is already in the cache
 */
gboolean
papers_renderer_request_tile (PapersRenderer       *self,
                              int                   page,
                              double                scale,
                              int                   col,
                              int                   row,
                              PapersRenderPriority  priority,
                              double                distance)
{
  TileKey key = { page, scale_to_key (scale), col, row, JOB_RENDER };
  CacheEntry *entry;

  g_return_val_if_fail (PAPERS_IS_RENDERER (self), FALSE);

  entry = g_hash_table_lookup (self->cache, &key);
  if (entry != NULL)
    {
      entry->last_use = self->use_clock;
      return TRUE;
    }
  g_hash_table_add (self->incomplete_pages, GINT_TO_POINTER (page));
  request (self, &key, scale, priority, distance);
  return FALSE;
}

void
papers_renderer_request_page_data (PapersRenderer       *self,
                                   int                   page,
                                   PapersRenderPriority  priority)
{
  TileKey key = { page, 0, 0, 0, JOB_DATA };

  g_return_if_fail (PAPERS_IS_RENDERER (self));
  if (papers_document_peek_page_data (self->document, page) != NULL)
    return;
  request (self, &key, 0, priority, 0);
}

void
papers_renderer_end_requests (PapersRenderer *self)
{
  GHashTableIter iter;
  Job *job;

  g_return_if_fail (PAPERS_IS_RENDERER (self));

  /* A job still queued and not wanted any more is dropped; one already
   * running finishes and its result is cached anyway. */
  g_mutex_lock (&worker.lock);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    if (job->generation != self->generation && job->queued)
      {
        g_ptr_array_remove_fast (worker.queue, job);
        g_hash_table_iter_remove (&iter);
        job_free (job);
      }
  g_mutex_unlock (&worker.lock);

  /* Pages that just left the view give their room back now rather than
   * when the next page arrives: the toolkit's copy of a texture goes
   * only once the texture itself has gone. */
  evict (self);
}

guint
papers_renderer_get_n_pending (PapersRenderer *self)
{
  g_return_val_if_fail (PAPERS_IS_RENDERER (self), 0);
  return g_hash_table_size (self->pending);
}

/**
 * papers_renderer_lookup_tile:
 *
 * Returns: (transfer none) (nullable): the cached texture of that tile
 */
GdkTexture *
papers_renderer_lookup_tile (PapersRenderer *self,
                             int             page,
                             double          scale,
                             int             col,
                             int             row)
{
  TileKey key = { page, scale_to_key (scale), col, row, JOB_RENDER };
  CacheEntry *entry;

  g_return_val_if_fail (PAPERS_IS_RENDERER (self), NULL);
  entry = g_hash_table_lookup (self->cache, &key);
  if (entry == NULL)
    return NULL;
  entry->last_use = self->use_clock;
  entry->last_shown = self->use_clock;
  return entry->texture;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const CacheEntry *x = *(CacheEntry * const *) a;
  const CacheEntry *y = *(CacheEntry * const *) b;

  return (x->key.scale_key > y->key.scale_key) - (x->key.scale_key < y->key.scale_key);
}

/**
 * papers_renderer_foreach_tile:
 * @func: (scope call): called for each cached tile of @page, lowest
 *   scale first, with its position in device pixels at its own scale
 *
 * Lets the view draw an older rendering scaled while the current one is
 * on its way.
 */
void
papers_renderer_foreach_tile (PapersRenderer *self,
                              int             page,
                              PapersTileFunc  func,
                              gpointer        user_data)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GHashTableIter iter;
  CacheEntry *entry;

  g_return_if_fail (PAPERS_IS_RENDERER (self));

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->key.page == page)
      g_ptr_array_add (found, entry);
  g_ptr_array_sort (found, compare_entries);

  for (guint i = 0; i < found->len; i++)
    {
      PapersTileGrid grid;
      double scale;

      entry = g_ptr_array_index (found, i);
      scale = entry->key.scale_key / 10000.0;
      papers_renderer_get_grid (self, page, scale, &grid);
      func (entry->texture, scale,
            entry->key.col * grid.tile_size, entry->key.row * grid.tile_size, user_data);
    }
}
