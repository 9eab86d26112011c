/* bench-ingest.c: `papers-bench ingest [--items N] [--json]`
 *
 * Parses N Hugging Face Daily Papers items, generated in the shape of the
 * real API answer (corpus/hf/…daily_papers…), and stores them in a fresh
 * library: how long a big listing takes from bytes to rows.
 *
 * By default pages are parsed on --threads threads and each 1 000 parsed
 * papers are handed to the store's thread at once, so storing overlaps
 * parsing: parse_ms is the time until the last page is parsed, store_ms
 * the time storing takes after that, and total_ms = parse_ms + store_ms is
 * the wall time.  --sequential parses everything first and then saves it
 * as one listing, as the application caches a listing.  cpu_ms is the CPU
 * time of all threads, which says more than the wall clock on a loaded
 * machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "papers-bench.h"
#include "papers-hf-parser.h"
#include "papers-store.h"
#include "papers-store-wait.h"

/* Hugging Face sends pages of at most this many items. */
#define PAGE_ITEMS 100

static const char * const words[] = {
  "contrastive", "loss", "scaling", "memory", "batch", "transformer", "attention",
  "diffusion", "model", "language", "vision", "reasoning", "agents", "benchmark",
  "training", "efficient", "sparse", "retrieval", "alignment", "tokens",
};

static void
append_words (GString *out,
              GRand   *rand,
              guint    n,
              gboolean wrap)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, wrap && i % 12 == 0 ? "\\n" : " ");
      g_string_append (out, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
}

/* One item with the fields, nesting and sizes of the real sample: a paper
 * with 3–12 authors (some with a user object), a hard-wrapped title and
 * abstract, the item's own title, thumbnail, media and submitter. */
static void
append_item (GString *out,
             GRand   *rand,
             guint    index)
{
  guint n_authors = g_rand_int_range (rand, 3, 13);

  g_string_append_printf (out, "{\"paper\":{\"id\":\"24%02u.%05u\",\"authors\":[",
                          1 + index / 90000 % 12, index % 90000 + 10000);
  for (guint a = 0; a < n_authors; a++)
    {
      g_string_append_printf (out, "%s{\"_id\":\"671b005026d87414f5a6%04x\",", a ? "," : "", index * 13 + a);
      if (a % 3 == 0)
        g_string_append_printf (out, "\"user\":{\"_id\":\"65b2529285b6c21448a1%04x\",\"avatarUrl\":"
                                "\"/avatars/1b09e2742aecce1bbdc57f0c4504cf38.svg\",\"isPro\":false,"
                                "\"fullname\":\"Author %u\",\"user\":\"user%u\",\"type\":\"user\"},"
                                "\"status\":\"claimed_verified\",\"statusLastChangedAt\":"
                                "\"2024-10-25T09:30:02.067Z\",", a, a, index + a);
      g_string_append_printf (out, "\"name\":\"Author %u Name%u\",\"hidden\":false}", a, index);
    }
  g_string_append (out, "],\"publishedAt\":\"2024-10-22T17:59:30.000Z\",\"title\":\"");
  append_words (out, rand, 14, TRUE);
  g_string_append (out, "\",\"summary\":\"");
  append_words (out, rand, 170, TRUE);
  g_string_append_printf (out, "\",\"upvotes\":%u,\"discussionId\":\"671b005126d87414f5a615f4\"},"
                          "\"publishedAt\":\"2024-10-25T00:57:09.392Z\",\"title\":\"Item title %u\","
                          "\"mediaUrls\":[\"https://cdn-uploads.huggingface.co/production/uploads/a/b.png\"],"
                          "\"thumbnail\":\"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/%u.png\","
                          "\"numComments\":%u,\"submittedBy\":{\"avatarUrl\":\"/avatars/x.svg\","
                          "\"fullname\":\"Submitter\",\"name\":\"submitter\",\"type\":\"user\",\"isPro\":false,"
                          "\"isHf\":false,\"isMod\":false,\"followerCount\":2}}",
                          g_rand_int_range (rand, 0, 500), index, index, g_rand_int_range (rand, 0, 10));
}

static GPtrArray *
generate_pages (guint items)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint first = 0; first < items; first += PAGE_ITEMS)
    {
      GString *json = g_string_new ("[");

      for (guint i = first; i < MIN (first + PAGE_ITEMS, items); i++)
        {
          if (i > first)
            g_string_append_c (json, ',');
          append_item (json, rand, i);
        }
      g_string_append_c (json, ']');
      g_ptr_array_add (pages, g_string_free_to_bytes (json));
    }

  return pages;
}

typedef struct
{
  GPtrArray  *pages;
  GPtrArray **results;
  GError    **errors;
  gboolean   *done;
  GMutex      lock;
  GCond       cond;
} ParseWork;

static void
parse_one (gpointer data,
           gpointer user_data)
{
  ParseWork *work = user_data;
  guint i = GPOINTER_TO_UINT (data) - 1;
  GError *error = NULL;
  GPtrArray *page = papers_hf_parse_listing (g_ptr_array_index (work->pages, i), NULL, NULL, &error);

  g_mutex_lock (&work->lock);
  work->results[i] = page;
  work->errors[i] = error;
  work->done[i] = TRUE;
  g_cond_broadcast (&work->cond);
  g_mutex_unlock (&work->lock);
}

typedef struct
{
  guint   pending;
  GError *error;
} StoreWork;

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  StoreWork *work = data;
  GError *error = NULL;

  if (!papers_store_write_finish (PAPERS_STORE (source), result, &error) && work->error == NULL)
    work->error = error;
  else
    g_clear_error (&error);
  work->pending--;
}

/* Pages are parsed in parallel, as the client parses each page in a worker
 * thread, and handed on in order.  With @store, every STORE_ITEMS papers go
 * to the store's own thread as soon as they are parsed, so storing overlaps
 * parsing; @parsed_at is when the last page was parsed. */
#define STORE_ITEMS 1000

static gboolean
parse_pages (GPtrArray    *pages,
             int           threads,
             PapersStore  *store,
             GPtrArray    *papers,
             gint64       *parsed_at,
             GError      **error)
{
  ParseWork work = { pages, g_new0 (GPtrArray *, pages->len), g_new0 (GError *, pages->len),
                     g_new0 (gboolean, pages->len) };
  StoreWork stored = { 0, NULL };
  g_autoptr(GPtrArray) chunk = g_ptr_array_new_with_free_func (g_object_unref);
  GThreadPool *pool;
  gboolean ok = TRUE;

  g_mutex_init (&work.lock);
  g_cond_init (&work.cond);
  pool = g_thread_pool_new (parse_one, &work, threads, TRUE, NULL);
  for (guint i = 0; i < pages->len; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);

  for (guint i = 0; i < pages->len; i++)
    {
      GPtrArray *page;

      g_mutex_lock (&work.lock);
      while (!work.done[i])
        g_cond_wait (&work.cond, &work.lock);
      page = g_steal_pointer (&work.results[i]);
      g_mutex_unlock (&work.lock);

      if (page == NULL)
        {
          if (ok)
            g_propagate_error (error, g_steal_pointer (&work.errors[i]));
          ok = FALSE;
          continue;
        }

      for (guint j = 0; j < page->len; j++)
        {
          g_ptr_array_add (papers, g_object_ref (page->pdata[j]));
          g_ptr_array_add (chunk, g_object_ref (page->pdata[j]));
        }
      g_ptr_array_unref (page);

      if (store != NULL && ok && (chunk->len >= STORE_ITEMS || i + 1 == pages->len))
        {
          stored.pending++;
          papers_store_upsert_papers_async (store, chunk, FALSE, NULL, stored_cb, &stored);
          g_ptr_array_unref (chunk);
          chunk = g_ptr_array_new_with_free_func (g_object_unref);
        }
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  *parsed_at = g_get_monotonic_time ();

  g_thread_pool_free (pool, FALSE, TRUE);
  while (stored.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  if (stored.error != NULL)
    {
      if (ok)
        g_propagate_error (error, stored.error);
      else
        g_error_free (stored.error);
      ok = FALSE;
    }

  for (guint i = 0; i < pages->len; i++)
    g_clear_error (&work.errors[i]);
  g_free (work.results);
  g_free (work.errors);
  g_free (work.done);
  g_mutex_clear (&work.lock);
  g_cond_clear (&work.cond);
  return ok;
}

/* CPU time of the whole process (all threads, including the store's), in
 * ms: on a loaded machine this says more than the wall clock. */
static double
cpu_ms (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0.0;
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

/* Removes the bench's library folder and whatever SQLite left in it. */
static void
remove_library (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

int
bench_ingest (int    argc,
              char **argv)
{
  int items = 10000;
  int threads = (int) MIN (g_get_num_processors (), 4);
  gboolean json = FALSE;
  gboolean sequential = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new ("— parse and store Hugging Face items");
  GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "How many items", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Parse with this many threads (default: the processors, at most 4)", "N" },
    { "sequential", 0, 0, G_OPTION_ARG_NONE, &sequential,
      "Parse everything, then save it as one listing (the phases do not overlap)", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gsize bytes = 0;
  gint64 t0, t1, t2;
  double parse_ms, store_ms, cpu0, cpu2;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || items <= 0 || threads <= 0)
    {
      fprintf (stderr, "papers-bench ingest: %s\n", error ? error->message : "--items and --threads must be positive");
      return 2;
    }

  pages = generate_pages ((guint) items);
  for (guint i = 0; i < pages->len; i++)
    bytes += g_bytes_get_size (g_ptr_array_index (pages, i));

  dir = g_dir_make_tmp ("papers-bench-ingest-XXXXXX", &error);
  if (dir == NULL)
    {
      fprintf (stderr, "papers-bench ingest: %s\n", error->message);
      return 1;
    }
  path = g_build_filename (dir, "library.db", NULL);
  store = papers_store_new (path, &error);
  if (store == NULL)
    {
      fprintf (stderr, "papers-bench ingest: %s\n", error->message);
      remove_library (dir);
      return 1;
    }

  cpu0 = cpu_ms ();
  t0 = g_get_monotonic_time ();
  if (!parse_pages (pages, threads, sequential ? NULL : store, papers, &t1, &error))
    {
      fprintf (stderr, "papers-bench ingest: %s\n", error->message);
      return 1;
    }

  /* Sequentially, the store step is what the application does with a
   * fetched listing: save it, which upserts every paper's metadata. */
  if (sequential &&
      !papers_store_wait (papers_store_save_listing_async, papers_store_write_finish, &error, store, "hf",
                          "hf-daily:bench", "\"etag\"", NULL, papers))
    {
      fprintf (stderr, "papers-bench ingest: %s\n", error->message);
      return 1;
    }
  t2 = g_get_monotonic_time ();
  cpu2 = cpu_ms ();

  g_clear_object (&store);
  remove_library (dir);

  parse_ms = (t1 - t0) / 1000.0;
  store_ms = (t2 - t1) / 1000.0;

  if (json)
    printf ("{\"suite\":\"ingest\",\"items\":%u,\"bytes\":%" G_GSIZE_FORMAT ",\"threads\":%d,"
            "\"overlapped\":%s,\"parse_ms\":%.1f,\"store_ms\":%.1f,\"total_ms\":%.1f,"
            "\"cpu_ms\":%.1f,\"peak_rss_mb\":%.1f}\n",
            papers->len, bytes, threads, sequential ? "false" : "true", parse_ms, store_ms,
            parse_ms + store_ms, cpu2 - cpu0, bench_peak_rss_mb ());
  else
    printf ("ingest: %u items (%.1f MB): parse %.1f ms, store %.1f ms, total %.1f ms (%.1f ms CPU)\n",
            papers->len, bytes / 1e6, parse_ms, store_ms, parse_ms + store_ms, cpu2 - cpu0);

  return 0;
}
