/* bench-render.c: `papers-bench render FILE.pdf… --json`
 *
 * For each file: open to the first page's texture at fit-width in a
 * 1 280-pixel-wide view, against plain Poppler in the same process; every
 * page through the viewer's pipeline and plainly; then a scroll through
 * the whole document at two pages a second in a 1 280 × 900 window,
 * counting frames where part of a visible page had no rendering at all.
 * Timings are medians over --rounds (3) fresh opens; each file runs in a
 * process of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <poppler.h>

#include "papers-bench.h"
#include "papers-view.h"

#define VIEW_WIDTH 1280
#define VIEW_HEIGHT 900
#define VIEW_MARGIN 12.0
#define PAGES_PER_SECOND 2.0

typedef struct {
  PapersDocument *document;
  GError         *error;
  gboolean        done;
} LoadWait;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
current_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return bench_peak_rss_mb ();
  line = strstr (status, "VmRSS:");
  return line ? g_ascii_strtod (line + 6, NULL) / 1024.0 : bench_peak_rss_mb ();
}

static void
debug_rss (const char *stage)
{
  if (g_getenv ("PAPERS_BENCH_DEBUG") != NULL)
    fprintf (stderr, "rss %-24s %.1f MB\n", stage, current_rss_mb ());
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadWait *wait = user_data;

  wait->document = papers_document_load_finish (result, &wait->error);
  wait->done = TRUE;
}

static PapersDocument *
load (const char  *path,
      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LoadWait wait = { NULL, NULL, FALSE };

  papers_document_load_async (file, NULL, NULL, on_loaded, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.document;
}

/* The scale of the view's fit-width at VIEW_WIDTH, device scale 1. */
static double
fit_width_scale (double max_width)
{
  return (VIEW_WIDTH - 2 * VIEW_MARGIN) / max_width;
}

static double
plain_render_ms (PopplerDocument *doc,
                 int              index,
                 double           scale)
{
  double start = now_ms (), w, h;
  PopplerPage *page = poppler_document_get_page (doc, index);
  cairo_surface_t *surface;
  cairo_t *cr;

  poppler_page_get_size (page, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (w * scale - 0.01),
                                        (int) ceil (h * scale - 0.01));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_destroy (surface);
  g_object_unref (page);
  return now_ms () - start;
}

static void
on_tile_ready (PapersRenderer *renderer,
               int             page,
               int            *ready)
{
  *ready = page;
}

/* Through the viewer's pipeline: a request, a worker job, a texture
 * delivered on the main loop. */
static double
pipeline_render_ms (PapersRenderer *renderer,
                    int             page,
                    double          scale)
{
  double start = now_ms ();
  int ready = -1;
  gulong id = g_signal_connect (renderer, "tile-ready", G_CALLBACK (on_tile_ready), &ready);

  papers_renderer_begin_requests (renderer);
  if (!papers_renderer_request_tile (renderer, page, scale, 0, 0, PAPERS_RENDER_VISIBLE, 0))
    while (ready != page)
      g_main_context_iteration (NULL, TRUE);
  papers_renderer_end_requests (renderer);
  g_signal_handler_disconnect (renderer, id);
  return now_ms () - start;
}

typedef struct {
  PapersView *view;
  gint64      start_us;
  double      start_value;
  double      speed;        /* pixels per second */
  gboolean    done;
} ScrollState;

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  ScrollState *state = user_data;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (state->view));
  double elapsed = (gdk_frame_clock_get_frame_time (clock) - state->start_us) / 1e6;
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  double value = state->start_value + elapsed * state->speed;

  gtk_adjustment_set_value (adj, MIN (value, end));
  if (value >= end)
    {
      state->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
first_visible_ready (PapersView *view)
{
  PapersRenderer *renderer = papers_view_get_renderer (view);
  guint frames, blank;

  papers_view_get_frame_stats (view, &frames, &blank);
  /* The reader has the first page and what the view prefetched around
   * it, as after a moment of reading, before scrolling starts. */
  return renderer != NULL && frames > 0 &&
         papers_renderer_lookup_tile (renderer, 0, papers_view_get_zoom (view) *
                                      gtk_widget_get_scale_factor (GTK_WIDGET (view)), 0, 0) != NULL &&
         papers_renderer_get_n_pending (renderer) == 0;
}

/* Returns the share of blank frames in percent, or -1 without a display. */
static double
scroll_blank_pct (PapersDocument *document)
{
  GtkWidget *window, *scrolled;
  PapersView *view;
  ScrollState state = { 0 };
  guint frames, blank;
  double page_h, max_w;
  gint64 deadline;

  if (gdk_display_get_default () == NULL)
    return -1;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), VIEW_WIDTH, VIEW_HEIGHT);
  scrolled = gtk_scrolled_window_new ();
  view = PAPERS_VIEW (papers_view_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  papers_view_set_document (view, document);
  gtk_window_present (GTK_WINDOW (window));
  debug_rss ("window presented");

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!first_visible_ready (view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* Two pages a second: the average page height, plus the gap. */
  papers_document_get_max_page_size (document, &max_w, &page_h);
  page_h = 0;
  for (int i = 0; i < papers_document_get_n_pages (document); i++)
    {
      double h;

      papers_document_get_page_size (document, i, NULL, &h);
      page_h += h;
    }
  page_h /= papers_document_get_n_pages (document);
  state.view = view;
  state.speed = PAGES_PER_SECOND * (page_h * papers_view_get_zoom (view) + 12);
  state.start_value = 0;
  papers_view_reset_frame_stats (view);
  state.start_us = gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (GTK_WIDGET (view)));
  gtk_widget_add_tick_callback (GTK_WIDGET (view), scroll_tick, &state, NULL);

  deadline = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;
  while (!state.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  papers_view_get_frame_stats (view, &frames, &blank);
  debug_rss ("after scroll");
  if (g_getenv ("PAPERS_BENCH_DEBUG") != NULL)
    fprintf (stderr, "cache %.1f MB\n", papers_renderer_get_cache_size (papers_view_get_renderer (view)) / 1048576.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return frames > 0 ? 100.0 * blank / frames : 0;
}

static double
median (double *values,
        guint   n)
{
  return bench_percentile (values, n, 50);
}

/* Plain Poppler: open, read the page sizes, render page 1 into an image
 * surface; the document stays open for the other pages. */
static PopplerDocument *
plain_first_page (const char  *uri,
                  double       scale,
                  double      *ms,
                  GError     **error)
{
  double start = now_ms ();
  PopplerDocument *plain = poppler_document_new_from_file (uri, NULL, error);

  if (plain == NULL)
    return NULL;
  for (int i = 0; i < poppler_document_get_n_pages (plain); i++)
    {
      PopplerPage *page = poppler_document_get_page (plain, i);
      double w, h;

      poppler_page_get_size (page, &w, &h);
      g_object_unref (page);
    }
  plain_render_ms (plain, 0, scale);
  *ms = now_ms () - start;
  return plain;
}

/* The viewer: open on a worker, then page 1 through the pipeline. */
static PapersRenderer *
viewer_first_page (const char  *path,
                   double       scale,
                   double      *ms,
                   GError     **error)
{
  double start = now_ms ();
  g_autoptr(PapersDocument) document = load (path, error);
  PapersRenderer *renderer;

  if (document == NULL)
    return NULL;
  renderer = papers_renderer_new (document);
  pipeline_render_ms (renderer, 0, scale);
  *ms = now_ms () - start;
  return renderer;
}

static void
add_error (JsonBuilder  *builder,
           const GError *error)
{
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
}

static void
bench_file (JsonBuilder *builder,
            const char  *path,
            guint        rounds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDocument) document = NULL;
  /* A URI needs an absolute path: "../paper.pdf" has none of its own */
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
  g_autofree char *contents = NULL;
  g_autofree double *first = g_new0 (double, rounds);
  g_autofree double *plain_first = g_new0 (double, rounds);
  g_autofree double *viewer_ms = NULL;
  g_autofree double *plain_ms = NULL;
  g_autofree double *viewer_page = NULL;
  g_autofree double *plain_page = NULL;
  double scale, max_w, blank, rss;
  int n;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, path);

  debug_rss ("start");
  /* Warm the disk cache and fontconfig once for both contenders. */
  g_file_get_contents (path, &contents, NULL, NULL);
  g_clear_pointer (&contents, g_free);
  document = load (path, &error);
  if (document == NULL)
    {
      add_error (builder, error);
      return;
    }
  cairo_surface_destroy (papers_document_render (document, 0, 0.5, 0, 0, 64, 64));
  papers_document_get_max_page_size (document, &max_w, NULL);
  scale = fit_width_scale (max_w);
  n = papers_document_get_n_pages (document);
  g_clear_object (&document);

  /* The scroll comes first, in a fresh view, so that the memory reading
   * after it is the viewer's and not the leftovers of the timings below. */
  document = load (path, &error);
  blank = document ? scroll_blank_pct (document) : -1;
  g_clear_object (&document);
  rss = current_rss_mb ();

  /* Each round opens both afresh and renders every page once each way,
   * alternating who goes first; each figure is the median over rounds,
   * which keeps a busy machine's hiccups out of a single number. */
  viewer_ms = g_new0 (double, (gsize) n * rounds);
  plain_ms = g_new0 (double, (gsize) n * rounds);
  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(PapersRenderer) renderer = NULL;
      PopplerDocument *plain = NULL;

      if (r % 2 == 0)
        {
          plain = plain_first_page (uri, scale, &plain_first[r], &error);
          renderer = plain ? viewer_first_page (path, scale, &first[r], &error) : NULL;
        }
      else
        {
          renderer = viewer_first_page (path, scale, &first[r], &error);
          plain = renderer ? plain_first_page (uri, scale, &plain_first[r], &error) : NULL;
        }
      if (plain == NULL || renderer == NULL)
        {
          g_clear_object (&plain);
          add_error (builder, error);
          return;
        }
      for (int i = 1; i < n; i++)
        {
          double *v = &viewer_ms[(gsize) i * rounds + r], *p = &plain_ms[(gsize) i * rounds + r];

          if ((i + r) % 2)
            {
              *v = pipeline_render_ms (renderer, i, scale);
              *p = plain_render_ms (plain, i, scale);
            }
          else
            {
              *p = plain_render_ms (plain, i, scale);
              *v = pipeline_render_ms (renderer, i, scale);
            }
        }
      g_object_unref (plain);
    }
  debug_rss ("after page renders");

  /* Page 1's time includes opening; p95 is over the other pages. */
  viewer_page = g_new0 (double, MAX (n - 1, 1));
  plain_page = g_new0 (double, MAX (n - 1, 1));
  for (int i = 1; i < n; i++)
    {
      viewer_page[i - 1] = median (&viewer_ms[(gsize) i * rounds], rounds);
      plain_page[i - 1] = median (&plain_ms[(gsize) i * rounds], rounds);
    }
  if (n == 1)
    {
      viewer_page[0] = median (first, rounds);
      plain_page[0] = median (plain_first, rounds);
    }

  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, n);
  json_builder_set_member_name (builder, "rounds");
  json_builder_add_int_value (builder, rounds);
  json_builder_set_member_name (builder, "first_page_ms");
  json_builder_add_double_value (builder, round (median (first, rounds) * 100) / 100);
  json_builder_set_member_name (builder, "poppler_first_page_ms");
  json_builder_add_double_value (builder, round (median (plain_first, rounds) * 100) / 100);
  json_builder_set_member_name (builder, "page_p95_ms");
  json_builder_add_double_value (builder, round (bench_percentile (viewer_page, MAX (n - 1, 1), 95) * 100) / 100);
  json_builder_set_member_name (builder, "poppler_page_p95_ms");
  json_builder_add_double_value (builder, round (bench_percentile (plain_page, MAX (n - 1, 1), 95) * 100) / 100);
  json_builder_set_member_name (builder, "scroll_blank_frames_pct");
  if (blank >= 0)
    json_builder_add_double_value (builder, round (blank * 100) / 100);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "rss_mb");
  json_builder_add_double_value (builder, round (rss * 10) / 10);
  json_builder_end_object (builder);
}

/* Each file is measured in a process of its own, so that its memory and
 * timings do not carry what the files before it left behind. */
static void
bench_file_in_child (JsonBuilder *builder,
                     const char  *path,
                     guint        rounds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PAPERS_BENCH_CHILD", "1", TRUE);
  g_autofree char *rounds_arg = g_strdup_printf ("--rounds=%u", rounds);
  const char *argv[] = { exe, "render", path, rounds_arg, "--json", NULL };
  JsonNode *root;
  int status = 0;

  if (exe != NULL &&
      g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) &&
      g_spawn_check_wait_status (status, &error) &&
      json_parser_load_from_data (parser, out, -1, &error) &&
      (root = json_parser_get_root (parser)) != NULL &&
      JSON_NODE_HOLDS_ARRAY (root) && json_array_get_length (json_node_get_array (root)) == 1)
    {
      json_builder_add_value (builder, json_node_copy (json_array_get_element (json_node_get_array (root), 0)));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error ? error->message : "the measurement failed");
  json_builder_end_object (builder);
}

int
bench_render (int    argc,
              char **argv)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gboolean json = FALSE;
  guint64 rounds = 3;
  int n_files = 0;
  const char *usage = "Usage: papers-bench render FILE.pdf… [--rounds=N] [--json]\n";

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--json"))
      json = TRUE;
    else if (g_str_has_prefix (argv[i], "--rounds="))
      {
        if (!g_ascii_string_to_unsigned (argv[i] + 9, 10, 1, 100, &rounds, NULL))
          {
            fprintf (stderr, "%s", usage);
            return 2;
          }
      }
    else if (g_str_equal (argv[i], "--help"))
      {
        fprintf (stderr, "%s", usage);
        return 0;
      }
    else
      n_files++;
  if (n_files == 0)
    {
      fprintf (stderr, "%s", usage);
      return 2;
    }

  /* Without a display the scroll measurement is skipped (null). */
  debug_rss ("before gtk_init");
  gtk_init_check ();
  debug_rss ("after gtk_init");

  json_builder_begin_array (builder);
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--"))
      continue;
    else if (g_getenv ("PAPERS_BENCH_CHILD") != NULL)
      bench_file (builder, argv[i], rounds);
    else
      bench_file_in_child (builder, argv[i], rounds);
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, !json);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
  return 0;
}
