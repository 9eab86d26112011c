/* bench-search-provider.c: `papers-bench search-provider [--papers N] [--json]`
 *
 * GNOME Shell's search in a library of --papers (100 000) synthetic papers
 * (made by `papers-bench library`, kept at --db), as the Shell asks: over
 * a private session bus (GTestDBus starts a dbus-daemon), the application's
 * search provider exported on one connection and called from another, each
 * query a GetInitialResultSet([WORD]) and a GetResultMetas of its first 5
 * results.  The 50 words are taken from the library's own titles, so most
 * find something.  The figure is the time from sending the first call to
 * the second's reply: p50, p95 and the worst of --queries (50) queries,
 * after one query to warm the page cache, beside the average number of
 * results.  The Shell drops a provider that takes longer than it waits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "papers-bench.h"
#include "papers-search-provider.h"
#include "papers-store-wait.h"

#define FIRST_RESULTS 5
#define MIN_WORD 5

typedef struct
{
  GVariant *reply;
  GError   *error;
  gboolean  done;
} Reply;

static void
reply_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *reply = user_data;

  reply->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &reply->error);
  reply->done = TRUE;
}

/* Calls the provider and runs the main context (where it answers) until
 * the reply comes back */
static GVariant *
call (GDBusConnection *client,
      const char      *bus_name,
      const char      *method,
      GVariant        *parameters,
      GError         **error)
{
  Reply reply = { NULL, NULL, FALSE };

  g_dbus_connection_call (client, bus_name, PAPERS_SEARCH_PROVIDER_PATH, "org.gnome.Shell.SearchProvider2",
                          method, parameters, NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, reply_cb, &reply);
  while (!reply.done)
    g_main_context_iteration (NULL, TRUE);
  if (reply.error != NULL)
    g_propagate_error (error, reply.error);
  return reply.reply;
}

/* One query as the Shell makes it; returns its milliseconds, or < 0 */
static double
shell_query (GDBusConnection *client,
             const char      *bus_name,
             const char      *word,
             guint           *n_results)
{
  const char *terms[] = { word, NULL };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) ids = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autofree const char **all = NULL;
  const char *first[FIRST_RESULTS + 1] = { NULL };
  gsize n;

  ids = call (client, bus_name, "GetInitialResultSet", g_variant_new ("(^as)", terms), &error);
  if (ids == NULL)
    goto failed;
  g_variant_get (ids, "(^a&s)", &all);
  n = g_strv_length ((char **) all);
  for (gsize i = 0; i < n && i < FIRST_RESULTS; i++)
    first[i] = all[i];
  metas = call (client, bus_name, "GetResultMetas", g_variant_new ("(^as)", first), &error);
  if (metas == NULL)
    goto failed;
  *n_results = n;
  return (g_get_monotonic_time () - start) / 1000.0;

failed:
  fprintf (stderr, "papers-bench search-provider: %s\n", error->message);
  return -1;
}

/* The longest word of each of @n titles spread over the library */
static GPtrArray *
pick_words (PapersStore *store,
            guint        n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersFound) found = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *loaded;

  found = papers_store_wait (papers_store_find_async, papers_store_find_finish, &error, store,
                             "", NULL, NULL, PAPERS_SORT_ADDED, PAPERS_FIND_DEFAULT, 0, n * 97);
  if (found == NULL)
    return words;
  loaded = papers_found_get_loaded (found);
  for (guint i = 0; i < loaded->len && words->len < n; i += 97)
    {
      const char *title = papers_paper_get_title (loaded->pdata[i]);
      g_auto(GStrv) parts = g_strsplit_set (title ? title : "", " ,.:;()-", -1);
      const char *best = NULL;

      for (guint j = 0; parts[j] != NULL; j++)
        if (g_utf8_strlen (parts[j], -1) >= MIN_WORD &&
            (best == NULL || strlen (parts[j]) > strlen (best)))
          best = parts[j];
      if (best != NULL)
        g_ptr_array_add (words, g_utf8_strdown (best, -1));
    }
  return words;
}

int
bench_search_provider (int    argc,
                       char **argv)
{
  int n_papers = 100000;
  int n_queries = 50;
  gboolean json = FALSE;
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "papers", 0, 0, G_OPTION_ARG_INT, &n_papers, "How many papers", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &n_queries, "How many queries", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Use (or build) the library at PATH", "PATH" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— GNOME Shell's search over D-Bus");
  g_autoptr(GError) error = NULL;
  g_autoptr(GTestDBus) bus = NULL;
  g_autoptr(GDBusConnection) server = NULL;
  g_autoptr(GDBusConnection) client = NULL;
  g_autoptr(PapersCollection) collection = NULL;
  g_autoptr(PapersSearchProvider) provider = NULL;
  g_autoptr(GPtrArray) words = NULL;
  g_autofree double *times = NULL;
  const char *bus_name;
  guint total_results = 0, n_done = 0;
  double warm;
  guint ignored;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_queries <= 0)
    {
      fprintf (stderr, "papers-bench search-provider: %s\n", error ? error->message : "--queries must be positive");
      return 2;
    }
  if (db_path == NULL)
    db_path = g_strdup_printf ("%s/papers-bench-gui-%d.db", g_get_tmp_dir (), n_papers);
  if (!bench_ensure_library ("search-provider", n_papers, db_path))
    return 1;
  g_setenv ("PAPERS_LIBRARY", db_path, TRUE);

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  server = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                   G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                   G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                   NULL, NULL, &error);
  if (server != NULL)
    client = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                     NULL, NULL, &error);
  if (client == NULL)
    {
      fprintf (stderr, "papers-bench search-provider: %s\n", error->message);
      g_test_dbus_down (bus);
      return 1;
    }
  bus_name = g_dbus_connection_get_unique_name (server);

  collection = papers_collection_new ();
  while (!papers_collection_get_loaded (collection))
    g_main_context_iteration (NULL, TRUE);
  if (papers_collection_get_store (collection) == NULL)
    {
      fprintf (stderr, "papers-bench search-provider: %s\n", papers_collection_get_open_error (collection)->message);
      g_test_dbus_down (bus);
      return 1;
    }
  provider = papers_search_provider_new (NULL);
  papers_search_provider_set_collection (provider, collection);
  if (!papers_search_provider_register (provider, server, &error))
    {
      fprintf (stderr, "papers-bench search-provider: %s\n", error->message);
      g_test_dbus_down (bus);
      return 1;
    }

  words = pick_words (papers_collection_get_store (collection), n_queries);
  times = g_new0 (double, words->len);
  warm = shell_query (client, bus_name, words->len > 0 ? words->pdata[0] : "model", &ignored);
  for (guint i = 0; i < words->len && warm >= 0; i++)
    {
      guint n = 0;
      double ms = shell_query (client, bus_name, words->pdata[i], &n);

      if (ms < 0)
        break;
      times[n_done++] = ms;
      total_results += n;
    }

  papers_search_provider_unregister (provider);
  g_clear_object (&provider);
  papers_collection_close (collection);
  g_clear_object (&collection);
  g_clear_object (&client);
  g_clear_object (&server);
  g_test_dbus_down (bus);
  if (n_done == 0 || n_done < words->len)
    return 1;

  {
    double mean_results = (double) total_results / n_done;
    double p50 = bench_percentile (times, n_done, 50);
    double p95 = bench_percentile (times, n_done, 95);
    double worst = bench_percentile (times, n_done, 100);

    if (json)
      printf ("{\"papers\": %d, \"queries\": %u, \"first_results\": %d, \"mean_results\": %.1f, "
              "\"warm_ms\": %.2f, \"p50_ms\": %.2f, \"p95_ms\": %.2f, \"max_ms\": %.2f}\n",
              n_papers, n_done, FIRST_RESULTS, mean_results, warm, p50, p95, worst);
    else
      printf ("search-provider (%d papers, %u queries, %.1f results each): "
              "GetInitialResultSet + GetResultMetas(%d) p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
              n_papers, n_done, mean_results, FIRST_RESULTS, p50, p95, worst);
  }
  return 0;
}
