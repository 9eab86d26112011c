/* bench-tabs.c: `papers-bench tabs [--json]`
 *
 * Five papers of 40 pages each (corpus PDFs repeated to 40 pages, as the
 * pdf-text suite makes them) opened one after another in the real
 * window's reader, each in a new tab, as `papers-reader FILE.pdf` does
 * while the app runs; each is drawn before the next opens.  Measured:
 *   rss_mb              resident memory with the five open,
 *   one_paper_rss_mb    the same with the first one alone (a floor),
 *   switch_frames_*     Ctrl+Page Down ten times round the tabs: how many
 *                       frames from the switch to the first that shows
 *                       the other paper's page fully drawn (1: the next
 *                       frame), median and max,
 *   switch_ms_*         the same in milliseconds,
 * and bare_rss_mb, a bare libadwaita window's (papers-bench gui --bare),
 * the floor of this machine, and documents_rss_mb, the five documents
 * loaded through Poppler with no window, each first page rendered once
 * at the reader's scale (Poppler's own share: fonts, parsed objects).
 *
 * The window runs in a child process on its own Xvfb and session bus
 * (see bench_run_on_display()), with a new library in a temporary folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "papers-application.h"
#include "papers-bench.h"
#include "papers-reader.h"
#include "papers-renderer.h"
#include "papers-window-private.h"

#define N_TABS 5
#define N_PAGES 40
#define N_SWITCHES 10
#define STEP_TIMEOUT_US (60 * G_USEC_PER_SEC)

static const char *sources[N_TABS] = {
  "pdf/arxivpy__1111.2011v2.pdf",
  "pdf/papermage__2304.02623v1.pdf",
  "pdf/pdfjs__tracemonkey.pdf",
  "pdf/pypdf__pdflatex-outline.pdf",
  "pdf/pdfjs__nested_outline.pdf",
};

typedef struct
{
  GApplication *app;
  PapersWindow *window;
  char        **files;
  guint         opened;      /* asked to open */
  double        one_rss_mb;
  double        five_rss_mb;
  guint         switches;
  gboolean      switching;   /* waiting for the switched-to page */
  guint         frames;      /* since the switch */
  gint64        switch_time;
  gint64        step_start;
  GArray       *switch_frames;
  GArray       *switch_ms;
  gboolean      done;
  gboolean      failed;
} Child;

/* The selected tab's page, as far as it shows, drawn */
static gboolean
visible_drawn (Child *child,
               guint  n_tabs)
{
  GtkWidget *reader = child->window != NULL ? papers_window_visible_reader (child->window) : NULL;
  PapersView *view;
  PapersRenderer *renderer;
  guint frames, blank;

  if (reader == NULL || adw_tab_view_get_n_pages (child->window->tab_view) != (int) n_tabs)
    return FALSE;
  view = papers_reader_get_view (PAPERS_READER (reader));
  renderer = papers_view_get_renderer (view);
  if (renderer == NULL)
    return FALSE;
  papers_view_get_frame_stats (view, &frames, &blank);
  return frames > 0 && papers_renderer_lookup_tile (renderer, papers_view_get_current_page (view),
                                                    papers_view_get_zoom (view) *
                                                    gtk_widget_get_scale_factor (GTK_WIDGET (view)), 0, 0) != NULL;
}

static void
open_next (Child *child)
{
  g_autoptr(GFile) file = g_file_new_for_path (child->files[child->opened++]);

  child->step_start = g_get_monotonic_time ();
  g_application_open (child->app, &file, 1, "");
}

static gboolean
switch_next (gpointer data)
{
  Child *child = data;

  child->switching = TRUE;
  child->frames = 0;
  child->switch_time = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (child->window), "win.next-tab", NULL);
  gtk_widget_queue_draw (GTK_WIDGET (child->window));
  return G_SOURCE_REMOVE;
}

static gboolean
five_settled (gpointer data)
{
  Child *child = data;

  child->five_rss_mb = bench_rss_now_mb ();
  switch_next (child);
  return G_SOURCE_REMOVE;
}

static void
finish (Child *child)
{
  double *frames = (double *) child->switch_frames->data;
  double *ms = (double *) child->switch_ms->data;
  guint n = child->switch_frames->len;

  printf ("{\"suite\": \"tabs\", \"tabs\": %d, \"pages\": %d, \"rss_mb\": %.1f, \"one_paper_rss_mb\": %.1f, "
          "\"peak_rss_mb\": %.1f, \"switches\": %u, \"switch_frames_median\": %.0f, \"switch_frames_max\": %.0f, "
          "\"switch_ms_median\": %.1f, \"switch_ms_max\": %.1f}\n",
          N_TABS, N_PAGES, child->five_rss_mb, child->one_rss_mb, bench_peak_rss_mb (), n,
          n ? bench_percentile (frames, n, 50) : -1, n ? bench_percentile (frames, n, 100) : -1,
          n ? bench_percentile (ms, n, 50) : -1, n ? bench_percentile (ms, n, 100) : -1);
  fflush (stdout);
  child->done = TRUE;
  g_application_quit (child->app);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Child         *child)
{
  if (child->done)
    return;
  if (g_get_monotonic_time () - child->step_start > STEP_TIMEOUT_US && !child->switching)
    {
      fprintf (stderr, "papers-bench tabs: tab %u was not drawn in time\n", child->opened);
      child->failed = TRUE;
      child->done = TRUE;
      g_application_quit (child->app);
      return;
    }
  if (child->switching)
    {
      child->frames++;
      if (!visible_drawn (child, N_TABS))
        return;
      child->switching = FALSE;
      g_array_append_val (child->switch_frames, (double) { child->frames });
      g_array_append_val (child->switch_ms, (double) { (g_get_monotonic_time () - child->switch_time) / 1000.0 });
      if (++child->switches == N_SWITCHES)
        finish (child);
      else
        g_timeout_add (150, switch_next, child);
      return;
    }
  if (child->opened > N_TABS || !visible_drawn (child, child->opened))
    return;
  if (child->opened == 1)
    child->one_rss_mb = bench_rss_now_mb ();
  if (child->opened < N_TABS)
    open_next (child);
  else
    {
      /* Once the last one rests, as a reader would pause */
      child->opened++;
      g_timeout_add (1000, five_settled, child);
    }
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Child          *child)
{
  if (child->window != NULL || !PAPERS_IS_WINDOW (window))
    return;
  child->window = PAPERS_WINDOW (window);
  gtk_window_set_default_size (window, 1280, 800);
  g_signal_connect_swapped (window, "realize", G_CALLBACK (gtk_widget_queue_draw), window);
}

static gboolean
tick_cb (gpointer data)
{
  Child *child = data;
  GdkFrameClock *clock;

  if (child->window == NULL || !gtk_widget_get_realized (GTK_WIDGET (child->window)))
    return G_SOURCE_CONTINUE;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (child->window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), child);
  /* The view draws when it has something new; the clock keeps going so
   * that every step is looked at */
  gdk_frame_clock_begin_updating (clock);
  return G_SOURCE_REMOVE;
}

static int
run_child (char **files)
{
  g_autoptr(PapersApplication) app = papers_application_new ();
  Child child = { 0 };
  char *args[] = { (char *) "papers", files[0], NULL };
  int status;

  child.app = G_APPLICATION (app);
  child.files = files;
  child.opened = 1;
  child.step_start = g_get_monotonic_time ();
  child.switch_frames = g_array_new (FALSE, FALSE, sizeof (double));
  child.switch_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &child);
  g_timeout_add (20, tick_cb, &child);
  status = g_application_run (G_APPLICATION (app), 2, args);
  g_array_unref (child.switch_frames);
  g_array_unref (child.switch_ms);
  return status == 0 && child.done && !child.failed ? 0 : 1;
}

/* The floor of the documents themselves: no GTK, no window */
static int
run_documents (char **files)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (files[i]);
      g_autoptr(GError) error = NULL;
      PapersDocument *document = papers_document_load (file, NULL, NULL, &error);
      cairo_surface_t *surface;
      double width, height;

      if (document == NULL)
        {
          fprintf (stderr, "papers-bench tabs: %s: %s\n", files[i], error->message);
          return 1;
        }
      /* About the scale a 1280-pixel window shows a page at */
      papers_document_get_page_size (document, 0, &width, &height);
      surface = papers_document_render (document, 0, 1.5, 0, 0, (int) (width * 1.5), (int) (height * 1.5));
      cairo_surface_destroy (surface);
      g_ptr_array_add (documents, document);
    }
  printf ("{\"suite\": \"tabs-documents\", \"rss_mb\": %.1f}\n", bench_rss_now_mb ());
  return 0;
}

static double
json_member (const char *line,
             const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (line == NULL || !json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return -1;
  return json_object_get_double_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                     member, -1);
}

int
bench_tabs (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  gboolean child = FALSE;
  gboolean documents = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &child, NULL, NULL },
    { "documents", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &documents, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the reader's tabs");
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *library = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *output = NULL;
  g_autofree char *floor = NULL;
  g_autoptr(GPtrArray) run = g_ptr_array_new_with_free_func (g_free);
  const char *bare_run[] = { self, "gui", "--child", "--bare", NULL };
  char *line;
  char **env;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "papers-bench tabs: %s\n", error->message);
      return 2;
    }
  if (child)
    return argc == N_TABS + 1 ? run_child (argv + 1) : 2;
  if (documents)
    return argc == N_TABS + 1 ? run_documents (argv + 1) : 2;

  dir = g_dir_make_tmp ("papers-bench-tabs-XXXXXX", &error);
  if (dir == NULL)
    {
      fprintf (stderr, "papers-bench tabs: %s\n", error->message);
      return 1;
    }
  g_ptr_array_add (run, g_strdup (self));
  g_ptr_array_add (run, g_strdup ("tabs"));
  g_ptr_array_add (run, g_strdup ("--child"));
  for (guint i = 0; i < N_TABS; i++)
    {
      g_autofree char *source = g_build_filename (bench_corpus_dir (), sources[i], NULL);
      g_autofree char *made = bench_make_pdf_from (dir, source, N_PAGES, &error);
      /* Named without the arXiv id of their source: the window would ask
       * arXiv for its metadata */
      g_autofree char *name = g_strdup_printf ("paper-%u.pdf", i + 1);
      char *path = g_build_filename (dir, name, NULL);

      if (made == NULL || g_rename (made, path) != 0)
        {
          fprintf (stderr, "papers-bench tabs: %s: %s\n", source, error != NULL ? error->message : "not made");
          g_free (path);
          return 1;
        }
      g_ptr_array_add (run, path);
    }
  g_ptr_array_add (run, NULL);

  bare = bench_run_on_display (self, bare_run, g_get_environ ());
  library = g_build_filename (dir, "library.db", NULL);
  env = g_environ_setenv (g_get_environ (), "PAPERS_LIBRARY", library, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", dir, TRUE);
  output = bench_run_on_display (self, (const char **) run->pdata, env);
  g_free (run->pdata[2]);
  run->pdata[2] = g_strdup ("--documents");
  floor = bench_run_on_display (self, (const char **) run->pdata, g_get_environ ());
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  line = output != NULL ? strstr (output, "{\"suite\": \"tabs\"") : NULL;
  if (line == NULL)
    return 1;
  /* One object: the child's figures, then the bare window's */
  g_strchomp (line);
  if (strchr (line, '\n') != NULL)
    *strchr (line, '\n') = '\0';
  if (line[strlen (line) - 1] == '}')
    line[strlen (line) - 1] = '\0';
  printf ("%s%s, \"bare_rss_mb\": %.1f, \"documents_rss_mb\": %.1f}\n", json ? "" : "tabs: ", line,
          json_member (bare, "rss_mb"),
          json_member (floor != NULL ? strstr (floor, "{\"suite\": \"tabs-documents\"") : NULL, "rss_mb"));
  return 0;
}
