/* bench-gui.c: `papers-bench gui --papers N --json [--db PATH] [--query TEXT]`
 *
 * Starts the real window on an N-paper library under Xvfb and measures
 *   first_frame_ms       from the process start to the first frame that
 *                        shows the library's list filled,
 *   search_frame_p95_ms  with a query typed one character at a time, from
 *                        each change of the search text to the frame that
 *                        shows its results (p95, median too): the first
 *                        frame painted once the window says its list
 *                        shows the results of the text in the entry,
 *   rss_mb               the resident memory after both,
 * and beside them the floor of this machine, measured just before in the
 * same way: bare_first_frame_ms and bare_rss_mb, those of a bare
 * libadwaita window (see --bare), and first_frame_over_bare_ms.
 *
 * With --bare, a bare libadwaita window (a header bar, nothing else)
 * started and measured the same way: the floor for first_frame_ms and
 * rss_mb on this machine.
 *
 * The library is built once with `papers-bench library --papers N --db`
 * (kept beside the temporary folder and reused).  The measured process is
 * a fresh child of this one, on its own Xvfb unless $DISPLAY is set and
 * its own session bus unless $DBUS_SESSION_BUS_ADDRESS is, with
 * the memory GSettings backend and PAPERS_LIBRARY pointing at the library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "papers-application.h"
#include "papers-bench.h"
#include "papers-window.h"

#define SEARCH_TIMEOUT_US (5 * G_USEC_PER_SEC)

typedef struct
{
  GtkWidget   *window;
  GtkGridView *list;
  GtkEditable *entry;
  gint64       t0;
  double       first_frame_ms;
  const char  *query;
  guint        typed;
  gint64       change_time;
  gboolean     waiting;
  GArray      *search_ms;
} Child;

static guint
n_items (Child *child)
{
  GtkSelectionModel *model = gtk_grid_view_get_model (child->list);

  return model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
}

static void
finish (Child *child)
{
  double *values = (double *) child->search_ms->data;
  guint n = child->search_ms->len;
  const char *floor = g_getenv ("PAPERS_BENCH_FLOOR");
  double floor_ms = -1, floor_rss = -1;

  if (floor != NULL)
    {
      char *end = NULL;

      floor_ms = g_ascii_strtod (floor, &end);
      floor_rss = g_ascii_strtod (end, NULL);
    }
  printf ("{\"suite\": \"gui\", \"first_frame_ms\": %.1f, \"search_frame_p95_ms\": %.1f, "
          "\"search_frame_median_ms\": %.1f, \"keystrokes\": %u, \"rss_mb\": %.1f, "
          "\"peak_rss_mb\": %.1f, \"list_items\": %u",
          child->first_frame_ms, n ? bench_percentile (values, n, 95) : -1,
          n ? bench_percentile (values, n, 50) : -1, n, bench_rss_now_mb (), bench_peak_rss_mb (), n_items (child));
  /* The bare window's, measured just before (see bench_gui()) */
  if (floor_ms >= 0)
    printf (", \"bare_first_frame_ms\": %.1f, \"bare_rss_mb\": %.1f, \"first_frame_over_bare_ms\": %.1f",
            floor_ms, floor_rss, child->first_frame_ms - floor_ms);
  printf ("}\n");
  fflush (stdout);
  g_application_quit (g_application_get_default ());
}

static gboolean type_next (gpointer user_data);

/* The list shows the results of what the entry says */
static gboolean
results_shown (Child *child)
{
  return g_strcmp0 (papers_window_get_shown_search (PAPERS_WINDOW (child->window)),
                    gtk_editable_get_text (child->entry)) == 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Child         *child)
{
  gint64 now = g_get_monotonic_time ();

  if (child->first_frame_ms < 0)
    {
      if (n_items (child) == 0)
        return;
      child->first_frame_ms = (now - child->t0) / 1000.0;
      g_debug ("first frame: %" G_GINT64_FORMAT " ms (t0 %" G_GINT64_FORMAT ")", now / 1000, child->t0 / 1000);
      g_timeout_add (300, type_next, child);
      return;
    }
  if (child->waiting && (results_shown (child) || now - child->change_time > SEARCH_TIMEOUT_US))
    {
      double ms = (now - child->change_time) / 1000.0;

      child->waiting = FALSE;
      g_array_append_val (child->search_ms, ms);
      g_debug ("search frame: %.1f ms", ms);
      g_idle_add (type_next, child);
    }
}

static gboolean
type_next (gpointer user_data)
{
  Child *child = user_data;
  const char *next;
  int position;

  if (child->typed >= strlen (child->query))
    {
      finish (child);
      return G_SOURCE_REMOVE;
    }
  /* One character more at the end, as a key press inserts it */
  next = g_utf8_next_char (child->query + child->typed);
  position = -1;
  child->waiting = TRUE;
  child->change_time = g_get_monotonic_time ();
  gtk_editable_insert_text (child->entry, child->query + child->typed, next - (child->query + child->typed),
                            &position);
  child->typed = next - child->query;
  /* Make sure a frame follows even when nothing visible changes. */
  gtk_widget_queue_draw (child->window);
  return G_SOURCE_REMOVE;
}

/* The window may wait for its list before it shows: follow its frames
 * from when it has a frame clock. */
static void
realize_cb (GtkWidget *window,
            Child     *child)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), child);
}

static void
activate_cb (GApplication *app,
             Child        *child)
{
  child->window = GTK_WIDGET (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  child->list = GTK_GRID_VIEW (gtk_widget_get_template_child (child->window, PAPERS_TYPE_WINDOW, "paper_list"));
  child->entry = GTK_EDITABLE (gtk_widget_get_template_child (child->window, PAPERS_TYPE_WINDOW, "search_entry"));
  if (gtk_widget_get_realized (child->window))
    realize_cb (child->window, child);
  else
    g_signal_connect (child->window, "realize", G_CALLBACK (realize_cb), child);
}

/* The floor: a bare libadwaita window, measured the same way */
static void
bare_paint_cb (GdkFrameClock *clock,
               gint64        *t0)
{
  if (*t0 == 0)
    return;
  printf ("{\"suite\": \"gui-bare\", \"first_frame_ms\": %.1f, \"rss_mb\": %.1f}\n",
          (g_get_monotonic_time () - *t0) / 1000.0, bench_rss_now_mb ());
  fflush (stdout);
  *t0 = 0;
  g_application_quit (g_application_get_default ());
}

static void
bare_activate_cb (GtkApplication *app,
                  gint64         *t0)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *view = adw_toolbar_view_new ();

  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (view), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (bare_paint_cb), t0);
}

static int
run_bare (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("org.example.PapersBenchBare", G_APPLICATION_NON_UNIQUE);
  const char *start = g_getenv ("PAPERS_BENCH_T0");
  gint64 t0 = start != NULL ? g_ascii_strtoll (start, NULL, 10) : g_get_monotonic_time ();

  g_signal_connect (app, "activate", G_CALLBACK (bare_activate_cb), &t0);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

static int
run_child (const char *query)
{
  g_autoptr(PapersApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  Child child = { 0 };
  const char *t0 = g_getenv ("PAPERS_BENCH_T0");
  char *args[] = { (char *) "papers", NULL };

  g_debug ("child main: %" G_GINT64_FORMAT " ms", g_get_monotonic_time () / 1000);
  child.t0 = t0 != NULL ? g_ascii_strtoll (t0, NULL, 10) : g_get_monotonic_time ();
  child.first_frame_ms = -1;
  child.query = query;
  child.search_ms = g_array_new (FALSE, FALSE, sizeof (double));

  /* The library at start, whatever was last shown. */
  settings = g_settings_new ("org.example.Papers");
  g_settings_set_string (settings, "start-view", "library");
  g_settings_set_string (settings, "sort-order", "relevance");

  app = papers_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), &child);
  g_application_run (G_APPLICATION (app), 1, args);
  g_array_unref (child.search_ms);
  return child.first_frame_ms >= 0 ? 0 : 1;
}

/* Starts @argv, whose argument @fd_arg gets the number of a pipe after
 * its text ("" or "--print-address="): the program writes one line to it
 * once it is ready (its display, its address).
 * Returns its pid, 0 when it could not start, with that line in @line. */
static GPid
start_announcing (const char **argv,
                  guint        fd_arg,
                  char       **line)
{
  int fds[2];
  char buffer[512] = { 0 };
  const char *prefix = argv[fd_arg];
  g_autofree char *fd = NULL;
  GPid pid;
  ssize_t n;

  if (pipe (fds) != 0)
    return 0;
  fd = g_strdup_printf ("%s%d", prefix, fds[1]);
  argv[fd_arg] = fd;
  if (!g_spawn_async_with_fds (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_LEAVE_DESCRIPTORS_OPEN | G_SPAWN_DO_NOT_REAP_CHILD |
                               G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &pid, -1, -1, -1, NULL))
    {
      argv[fd_arg] = prefix;
      close (fds[0]);
      close (fds[1]);
      return 0;
    }
  argv[fd_arg] = prefix;
  close (fds[1]);
  n = read (fds[0], buffer, sizeof buffer - 1);
  close (fds[0]);
  if (n <= 0)
    return 0;
  *line = g_strdup (g_strstrip (buffer));
  return pid;
}

GPid
bench_start_xvfb (char **display)
{
  const char *argv[] = { "Xvfb", "-displayfd", "", "-screen", "0", "1280x800x24", "-nolisten", "tcp", NULL };
  g_autofree char *number = NULL;
  GPid pid = start_announcing (argv, 2, &number);

  if (pid != 0)
    *display = g_strconcat (":", number, NULL);
  return pid;
}

/* A session bus of its own, as a desktop session has: without one,
 * GApplication and libadwaita spend their start looking for it. */
GPid
bench_start_dbus (char **address)
{
  const char *argv[] = { "dbus-daemon", "--session", "--nofork", "--print-address=", NULL };

  return start_announcing (argv, 3, address);
}

void
bench_stop (GPid pid)
{
  if (pid == 0)
    return;
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
}

/**
 * bench_run_on_display:
 * @self: this program
 * @run: the child's command line
 * @env: (transfer full): its environment, to which the display, the bus,
 *   the build tree's schemas and the memory settings backend are added
 *
 * Runs one measured child on a display and session bus of its own unless
 * the caller's are set.
 *
 * Returns: its standard output, or %NULL
 */
char *
bench_run_on_display (const char  *self,
                      const char **run,
                      char       **env)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *schemas = NULL;
  g_autofree char *display = NULL;
  g_autofree char *bus = NULL;
  char *output = NULL;
  GPid xvfb = 0;
  GPid dbus = 0;
  int status = 0;

  if (g_getenv ("DISPLAY") == NULL)
    {
      xvfb = bench_start_xvfb (&display);
      if (xvfb == 0)
        {
          fprintf (stderr, "papers-bench %s: could not start Xvfb\n", run[1]);
          g_strfreev (env);
          return NULL;
        }
      env = g_environ_setenv (env, "DISPLAY", display, TRUE);
    }
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      dbus = bench_start_dbus (&bus);
      if (dbus != 0)
        env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
    }
  /* The compiled schema of the build tree, next to this program. */
  {
    g_autofree char *bench_dir = g_path_get_dirname (self);
    g_autofree char *src_dir = g_path_get_dirname (bench_dir);
    g_autofree char *build_dir = g_path_get_dirname (src_dir);

    schemas = g_build_filename (build_dir, "data", NULL);
  }
  env = g_environ_setenv (env, "GSETTINGS_SCHEMA_DIR", schemas, FALSE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);
  env = g_environ_setenv (env, "GDK_BACKEND", "x11", TRUE);
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  if (!g_spawn_sync (NULL, (char **) run, env, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "papers-bench %s: %s\n", run[1], error->message);
      g_clear_pointer (&output, g_free);
    }
  g_strfreev (env);
  bench_stop (xvfb);
  bench_stop (dbus);
  if (output != NULL && *output == '\0')
    g_clear_pointer (&output, g_free);
  return output;
}

/* Runs one measured child (the window, or the bare one with @bare).
 * Returns its JSON line, or NULL */
static char *
measure (const char *self,
         const char *db_path,
         const char *query,
         gboolean    bare,
         const char *floor)
{
  const char *run[] = { self, "gui", "--child", "--query", query, bare ? "--bare" : NULL, NULL };
  char **env = g_get_environ ();
  g_autofree char *t0 = NULL;

  env = g_environ_setenv (env, "PAPERS_LIBRARY", db_path, TRUE);
  if (floor != NULL)
    env = g_environ_setenv (env, "PAPERS_BENCH_FLOOR", floor, TRUE);
  t0 = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  env = g_environ_setenv (env, "PAPERS_BENCH_T0", t0, TRUE);
  return bench_run_on_display (self, run, env);
}

/* The bare window's first_frame_ms and rss_mb from its JSON line */
static gboolean
read_floor (const char *line,
            double     *first_frame_ms,
            double     *rss_mb)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (line == NULL || !json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  *first_frame_ms = json_object_get_double_member_with_default (object, "first_frame_ms", -1);
  *rss_mb = json_object_get_double_member_with_default (object, "rss_mb", -1);
  return *first_frame_ms >= 0;
}

int
bench_gui (int    argc,
           char **argv)
{
  int n_papers = 100000;
  gboolean json = FALSE;
  gboolean child = FALSE;
  gboolean bare = FALSE;
  g_autofree char *db_path = NULL;
  g_autofree char *query = NULL;
  GOptionEntry entries[] = {
    { "papers", 0, 0, G_OPTION_ARG_INT, &n_papers, "How many papers", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Use (or build) the library at PATH", "PATH" },
    { "query", 0, 0, G_OPTION_ARG_STRING, &query, "The text typed into search", "TEXT" },
    { "bare", 0, 0, G_OPTION_ARG_NONE, &bare, "Measure a bare libadwaita window instead (the floor)", NULL },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &child, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the window benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *output = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "papers-bench gui: %s\n", error->message);
      return 2;
    }
  if (query == NULL)
    query = g_strdup ("language model");
  if (child && bare)
    return run_bare ();
  if (child)
    return run_child (query);

  if (db_path == NULL)
    db_path = g_strdup_printf ("%s/papers-bench-gui-%d.db", g_get_tmp_dir (), n_papers);
  if (!bare && !bench_ensure_library ("gui", n_papers, db_path))
    return 1;

  if (bare)
    output = measure (self, db_path, query, TRUE, NULL);
  else
    {
      /* The floor, measured the same way in the same invocation (each on
       * a display and bus of its own), goes beside the window's figures:
       * they depend on the machine, and the goals were set where the bare
       * window maps in 165 ms. */
      g_autofree char *line = measure (self, db_path, query, TRUE, NULL);
      g_autofree char *floor = NULL;
      double floor_ms, floor_rss;

      if (read_floor (line, &floor_ms, &floor_rss))
        floor = g_strdup_printf ("%.1f %.1f", floor_ms, floor_rss);
      output = measure (self, db_path, query, FALSE, floor);
    }
  if (output == NULL)
    return 1;
  if (json)
    fputs (output, stdout);
  else
    printf ("gui (%d papers): %s", n_papers, output);
  return 0;
}
