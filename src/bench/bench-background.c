/* bench-background.c: `papers-bench background [--seconds N] [--runs N] [--json]`
 *
 * The background service ("Check for new papers in the background") as
 * login starts it: `papers-reader --background` on a library of 6 papers,
 * the corpus' Daily Papers (2024-10-25) and its 1 504-item arXiv RSS feed
 * served by a loopback server in this process, on a display and session
 * bus of its own.  Printed:
 *   login_cpu_s         the service's CPU (user + system) from its start to
 *                       the end of its login round,
 *   round_cpu_s         the median CPU of one round run alone by
 *                       `papers-reader refresh --json` (the same code), over
 *                       --runs (3), beside each run,
 *   rss_mb, pss_mb      the service's resident memory while it waits, and
 *                       its proportional share (shared libraries' pages
 *                       divided among the processes mapping them),
 *   wakeups             the context switches of all its threads over
 *                       --seconds (20) of waiting (voluntary and not,
 *                       /proc/PID/task/TID/status): each wake-up is one;
 *                       counted from 20 s after the round, once GLib's
 *                       idle worker threads have left (threads_ended
 *                       counts those that left while counting),
 *   threads             its threads,
 * and the floors measured in the same way: a bare GApplication held with
 * no window (floor_rss_mb, floor_wakeups) and a bare AdwApplication held
 * with no window, which has GTK and a display connection as the service
 * does (adw_floor_rss_mb, adw_floor_wakeups).  Goals: rss_mb ≤ 40, no
 * wake-ups but the timer's (none in 20 s: it fires every four hours),
 * round_cpu_s ≤ 2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "papers-bench.h"
#include "papers-application.h"

#define DAILY_DAY "2024-10-25"
#define DAILY_FILE "hf/deep-diver_paper-reviewer_daily_papers_2024-10-25_first8items.json"
#define FEED_FILE "arxiv/aioarxiv-2024_rss_mock_feed.rss.xml"
#define EMPTY_FILE "arxiv/arxivpy-2026_id_0000.0000_s0_m100_8b51d9633a68.atom.xml"
#define ROUND_TIMEOUT_S 120
/* What the round started ends first: GLib's idle worker threads leave
 * 15 s after their last task */
#define SETTLE_S 20

/* The library the ranking learns from: For You needs 5 papers */
static const char *library_titles[] = {
  "Aligning large language models to long context with preference optimization",
  "Reasoning capability of large language models from synthetic questions",
  "Hallucinations and knowledge editing in large language models",
  "Contrastive loss at very large batch size with limited memory",
  "The effective context length of large language models",
  "Visual chart reasoning in multimodal large language models",
  NULL
};

/* Nothing to show: the service's start at login shows nothing either */
static void
floor_activate_cb (GApplication *app)
{
}

/* --floor: a bare application held with no window, measured as the
 * service is */
static int
run_floor (const char *kind)
{
  g_autoptr(GApplication) app = NULL;

  if (g_str_equal (kind, "adw"))
    app = G_APPLICATION (adw_application_new ("org.example.PapersBenchFloor", G_APPLICATION_NON_UNIQUE));
  else
    app = g_application_new ("org.example.PapersBenchFloor", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (floor_activate_cb), NULL);
  g_application_hold (app);
  return g_application_run (app, 0, NULL);
}

/* The loopback server, on a thread and main context of its own */
typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  char         *base_url;
  GMutex        lock;
  GCond         ready;
  GBytes       *daily;
  GBytes       *feed;
  GBytes       *empty;
} Server;

static void
reply (SoupServerMessage *msg,
       const char        *type,
       GBytes            *body)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, data, size);
}

static void
serve_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Server *server = user_data;
  const char *page = query != NULL ? g_hash_table_lookup (query, "p") : NULL;
  const char *date = query != NULL ? g_hash_table_lookup (query, "date") : NULL;

  if (g_str_equal (path, "/hf/api/daily_papers"))
    {
      g_autoptr(GBytes) nothing = g_bytes_new_static ("[]", 2);

      if (g_strcmp0 (date, DAILY_DAY) == 0 && (page == NULL || g_str_equal (page, "0")))
        reply (msg, "application/json", server->daily);
      else
        reply (msg, "application/json", nothing);
    }
  else if (g_str_has_prefix (path, "/rss/"))
    reply (msg, "application/rss+xml", server->feed);
  else if (g_str_equal (path, "/api"))
    reply (msg, "application/atom+xml", server->empty);
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);
  soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (soup, NULL, serve_cb, server, NULL);
  if (soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      uris = soup_server_get_uris (soup);
      g_mutex_lock (&server->lock);
      server->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
      g_cond_signal (&server->ready);
      g_mutex_unlock (&server->lock);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
      g_main_loop_run (server->loop);
    }
  else
    {
      g_mutex_lock (&server->lock);
      server->base_url = g_strdup ("");
      g_cond_signal (&server->ready);
      g_mutex_unlock (&server->lock);
    }
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static GBytes *
corpus_file (const char *name)
{
  g_autofree char *path = g_build_filename (bench_corpus_dir (), name, NULL);
  char *data = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &data, &size, NULL))
    return NULL;
  return g_bytes_new_take (data, size);
}

/* Each thread of @pid → its context switches (voluntary and not) */
static GHashTable *
context_switches (GPid pid)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GHashTable *threads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, tid, "status", NULL);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      guint64 *total;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      total = g_new0 (guint64, 1);
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "voluntary_ctxt_switches:") ||
            g_str_has_prefix (lines[i], "nonvoluntary_ctxt_switches:"))
          *total += g_ascii_strtoull (strchr (lines[i], ':') + 1, NULL, 10);
      g_hash_table_insert (threads, g_strdup (tid), total);
    }
  return threads;
}

/* A "Key:  N kB" line of a /proc file of @pid, in MB */
static double
proc_mb (GPid        pid,
         const char *file,
         const char *key)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", pid, file);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, key)) == NULL)
    return -1;
  return g_ascii_strtoull (line + strlen (key), NULL, 10) / 1024.0;
}

/* User + system seconds of @pid so far */
static double
cpu_s (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return -1;
  /* After "(comm)": state is field 3; utime and stime are 14 and 15 */
  fields = g_strsplit (end + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10)) /
         (double) sysconf (_SC_CLK_TCK);
}

typedef struct
{
  double  rss_mb;
  double  pss_mb;   /* shared libraries' pages counted in part */
  guint64 wakeups;
  guint   threads;
  guint   threads_ended;
} Waiting;

/* Lets @pid settle, then counts its wake-ups over @seconds: the switches
 * of the threads there before and after, all those of a thread that
 * started meanwhile, and the threads that ended (their last switches are
 * not known) */
static Waiting
measure_waiting (GPid pid,
                 guint seconds)
{
  Waiting waiting = { 0 };
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  GHashTableIter iter;
  gpointer tid, count;

  g_usleep (SETTLE_S * G_USEC_PER_SEC);
  before = context_switches (pid);
  g_usleep (seconds * G_USEC_PER_SEC);
  after = context_switches (pid);
  waiting.rss_mb = proc_mb (pid, "status", "VmRSS:");
  waiting.pss_mb = proc_mb (pid, "smaps_rollup", "\nPss:");
  waiting.threads = g_hash_table_size (after);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &tid, &count))
    {
      guint64 *earlier = g_hash_table_lookup (before, tid);

      waiting.wakeups += *(guint64 *) count - (earlier != NULL ? *earlier : 0);
    }
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &tid, NULL))
    if (!g_hash_table_contains (after, tid))
      waiting.threads_ended++;
  return waiting;
}

static GPid
spawn (char       **argv,
       char       **env,
       const char  *log)
{
  int fd = log != NULL ? open (log, O_WRONLY | O_CREAT | O_TRUNC, 0600) : open ("/dev/null", O_WRONLY);
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  if (!g_spawn_async_with_fds (NULL, argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, -1, fd, fd, &error))
    {
      fprintf (stderr, "papers-bench background: %s\n", error->message);
      pid = 0;
    }
  close (fd);
  return pid;
}

/* CPU seconds of one `papers-reader refresh --json`, or < 0 */
static double
refresh_cpu_s (const char *papers,
               char      **env)
{
  const char *argv[] = { papers, "refresh", "--json", NULL };
  GPid pid = spawn ((char **) argv, env, NULL);
  struct rusage usage;
  int status;

  if (pid == 0 || wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return -1;
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* FALSE when the service left first (a Papers without the service) or
 * the round took too long */
static gboolean
wait_for_round (GPid        pid,
                const char *log)
{
  for (guint i = 0; i < ROUND_TIMEOUT_S * 10; i++)
    {
      g_autofree char *text = NULL;

      if (waitpid (pid, NULL, WNOHANG) == pid)
        return FALSE;

      if (g_file_get_contents (log, &text, NULL, NULL) && strstr (text, "Background round:") != NULL)
        return TRUE;
      g_usleep (G_USEC_PER_SEC / 10);
    }
  return FALSE;
}

static Waiting
measure_floor (const char *self,
               const char *kind,
               char      **env,
               guint       seconds)
{
  const char *argv[] = { self, "background", "--floor", kind, NULL };
  GPid pid = spawn ((char **) argv, env, NULL);
  Waiting waiting = { -1, -1, 0, 0, 0 };

  if (pid == 0)
    return waiting;
  waiting = measure_waiting (pid, seconds);
  bench_stop (pid);
  return waiting;
}

int
bench_background (int    argc,
                  char **argv)
{
  int seconds = 20;
  int runs = 3;
  gboolean json = FALSE;
  g_autofree char *floor = NULL;
  g_autofree char *papers_bin = NULL;
  gboolean child = FALSE;
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Seconds of waiting to count wake-ups over (20)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Rounds run by refresh for round_cpu_s (3)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "papers-bin", 0, 0, G_OPTION_ARG_FILENAME, &papers_bin, "papers-reader (the build tree's)", "PATH" },
    { "floor", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &floor, "Be a bare held application", "gio|adw" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &child, "Measure, on the display given", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the background service");
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *tmp = NULL;
  g_autofree char *settings_dir = NULL;
  g_autofree char *keyfile = NULL;
  g_autofree char *bib = NULL;
  g_autofree char *log = NULL;
  g_autofree char *schemas = NULL;
  g_autoptr(GString) bib_text = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GArray) round_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  Server server = { 0 };
  Waiting service = { 0 };
  Waiting floor_gio, floor_adw;
  double login_cpu = -1;
  double load[3] = { 0 };
  GPid pid;
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "papers-bench background: %s\n", error->message);
      return 2;
    }
  if (floor != NULL)
    return run_floor (floor);
  seconds = CLAMP (seconds, 1, 3600);
  runs = CLAMP (runs, 1, 50);
  /* The measuring runs as a child on a display and session bus of its
   * own (bench_run_on_display()), as the other window benchmarks do */
  if (!child)
    {
      g_autofree char *seconds_arg = g_strdup_printf ("--seconds=%d", seconds);
      g_autofree char *runs_arg = g_strdup_printf ("--runs=%d", runs);
      g_autofree char *bin_arg = papers_bin != NULL ? g_strconcat ("--papers-bin=", papers_bin, NULL) : NULL;
      const char *run[] = { self, "background", "--child", seconds_arg, runs_arg, "--json", bin_arg, NULL };
      g_autofree char *output = NULL;

      for (const char **name = (const char *[]) { DAILY_FILE, FEED_FILE, EMPTY_FILE, NULL }; *name != NULL; name++)
        {
          g_autofree char *path = g_build_filename (bench_corpus_dir (), *name, NULL);

          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            {
              fprintf (stderr, "papers-bench background: the corpus is missing (%s)\n", bench_corpus_dir ());
              return 77;
            }
        }
      output = bench_run_on_display (self, run, g_get_environ ());
      if (output == NULL)
        return 1;
      g_strchomp (output);
      if (json)
        printf ("%s\n", output);
      else
        printf ("background service: %s\n", output);
      return 0;
    }
  /* The build tree's program and compiled schema, next to this program */
  {
    g_autofree char *bench_dir = g_path_get_dirname (self);
    g_autofree char *src_dir = g_path_get_dirname (bench_dir);
    g_autofree char *build_dir = g_path_get_dirname (src_dir);

    if (papers_bin == NULL)
      papers_bin = g_build_filename (src_dir, "papers-reader", NULL);
    schemas = g_build_filename (build_dir, "data", NULL);
  }

  server.daily = corpus_file (DAILY_FILE);
  server.feed = corpus_file (FEED_FILE);
  server.empty = corpus_file (EMPTY_FILE);
  if (server.daily == NULL || server.feed == NULL || server.empty == NULL)
    {
      fprintf (stderr, "papers-bench background: the corpus is missing (%s)\n", bench_corpus_dir ());
      return 77;
    }

  /* Folders of its own, the preference on (the keyfile backend reads it
   * as a user's settings) */
  tmp = g_dir_make_tmp ("papers-bench-background-XXXXXX", &error);
  if (tmp == NULL)
    {
      fprintf (stderr, "papers-bench background: %s\n", error->message);
      return 1;
    }
  settings_dir = g_build_filename (tmp, "config", "glib-2.0", "settings", NULL);
  g_mkdir_with_parents (settings_dir, 0700);
  keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_file_set_contents (keyfile, "[org/example/Papers]\ncheck-in-background=true\n", -1, NULL);
  for (const char **folder = (const char *[]) { "config", "data", "cache", NULL }; *folder != NULL; folder++)
    {
      g_autofree char *path = g_build_filename (tmp, *folder, NULL);
      g_autofree char *upper = g_ascii_strup (*folder, -1);
      g_autofree char *name = g_strdup_printf ("XDG_%s_HOME", upper);

      g_mkdir_with_parents (path, 0700);
      env = g_environ_setenv (env, name, path, TRUE);
    }
  g_mutex_init (&server.lock);
  g_cond_init (&server.ready);
  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  server.thread = g_thread_new ("bench-server", server_thread, &server);
  g_mutex_lock (&server.lock);
  while (server.base_url == NULL)
    g_cond_wait (&server.ready, &server.lock);
  g_mutex_unlock (&server.lock);

  if (schemas != NULL)
    env = g_environ_setenv (env, "GSETTINGS_SCHEMA_DIR", schemas, FALSE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_unsetenv (env, "PAPERS_LIBRARY");
  env = g_environ_setenv (env, "PAPERS_DAILY_DATE", DAILY_DAY, TRUE);
  {
    g_autofree char *hf = g_strconcat (server.base_url, "/hf", NULL);
    g_autofree char *api = g_strconcat (server.base_url, "/api", NULL);
    g_autofree char *rss = g_strconcat (server.base_url, "/rss", NULL);
    g_autofree char *arxiv = g_strconcat (server.base_url, "/arxiv", NULL);

    env = g_environ_setenv (env, "PAPERS_HF_URL", hf, TRUE);
    env = g_environ_setenv (env, "PAPERS_ARXIV_API_URL", api, TRUE);
    env = g_environ_setenv (env, "PAPERS_ARXIV_RSS_URL", rss, TRUE);
    env = g_environ_setenv (env, "PAPERS_ARXIV_URL", arxiv, TRUE);
  }
  env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);
  env = g_environ_setenv (env, "GDK_BACKEND", "x11", TRUE);
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  env = g_environ_setenv (env, "G_MESSAGES_DEBUG", "Papers-UI", TRUE);

  /* The library, through the command line */
  bib = g_build_filename (tmp, "library.bib", NULL);
  for (guint i = 0; library_titles[i] != NULL; i++)
    g_string_append_printf (bib_text, "@article{paper%u,\n  title = {%s},\n  author = {Lovelace, Ada},\n"
                            "  year = {2024},\n}\n\n", i, library_titles[i]);
  g_file_set_contents (bib, bib_text->str, bib_text->len, NULL);
  {
    const char *import[] = { papers_bin, "import", bib, NULL };

    if (!g_spawn_sync (NULL, (char **) import, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                       &error) || !g_spawn_check_wait_status (status, &error))
      {
        fprintf (stderr, "papers-bench background: the library could not be made: %s\n", error->message);
        return 1;
      }
  }

  /* The service at login: its round, then waiting */
  log = g_build_filename (tmp, "service.log", NULL);
  {
    const char *service_argv[] = { papers_bin, "--background", NULL };

    pid = spawn ((char **) service_argv, env, log);
  }
  if (pid != 0 && wait_for_round (pid, log))
    {
      login_cpu = cpu_s (pid);
      service = measure_waiting (pid, seconds);
    }
  else
    fprintf (stderr, "papers-bench background: the service's login round did not end (%s)\n", log);
  bench_stop (pid);

  /* One round alone, as refresh runs it (the same code) */
  for (int i = 0; i < runs; i++)
    {
      double cpu = refresh_cpu_s (papers_bin, env);

      if (cpu >= 0)
        g_array_append_val (round_cpu, cpu);
    }
  floor_gio = measure_floor (self, "gio", env, seconds);
  floor_adw = measure_floor (self, "adw", env, seconds);

  g_main_loop_quit (server.loop);
  g_thread_join (server.thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  getloadavg (load, 3);

  g_string_append_printf (out, "{\"seconds\": %d, \"login_cpu_s\": %.2f, \"round_cpu_s\": ", seconds, login_cpu);
  if (round_cpu->len > 0)
    {
      g_autoptr(GArray) sorted = g_array_copy (round_cpu);

      g_array_sort (sorted, compare_doubles);
      g_string_append_printf (out, "%.2f", g_array_index (sorted, double, sorted->len / 2));
    }
  else
    g_string_append (out, "null");
  g_string_append (out, ", \"round_cpu_runs\": [");
  for (guint i = 0; i < round_cpu->len; i++)
    g_string_append_printf (out, "%s%.2f", i > 0 ? ", " : "", g_array_index (round_cpu, double, i));
  g_string_append_printf (out, "], \"rss_mb\": %.1f, \"pss_mb\": %.1f, \"wakeups\": %" G_GUINT64_FORMAT ", "
                          "\"threads\": %u, \"threads_ended\": %u, "
                          "\"floor_rss_mb\": %.1f, \"floor_pss_mb\": %.1f, \"floor_wakeups\": %" G_GUINT64_FORMAT ", "
                          "\"adw_floor_rss_mb\": %.1f, \"adw_floor_pss_mb\": %.1f, "
                          "\"adw_floor_wakeups\": %" G_GUINT64_FORMAT ", \"load\": %.2f}",
                          service.rss_mb, service.pss_mb, service.wakeups, service.threads, service.threads_ended,
                          floor_gio.rss_mb, floor_gio.pss_mb, floor_gio.wakeups, floor_adw.rss_mb, floor_adw.pss_mb,
                          floor_adw.wakeups, load[0]);
  printf ("%s\n", out->str);

  g_bytes_unref (server.daily);
  g_bytes_unref (server.feed);
  g_bytes_unref (server.empty);
  g_free (server.base_url);
  {
    const char *rm[] = { "rm", "-rf", tmp, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return 0;
}
