/* bench-pdf-text.c: `papers-bench pdf-text [FILE.pdf…] [--pages N]
 * [--rounds N] --json`
 *
 * Full-text extraction and indexing of a PDF as the library does it:
 * papers_pdf_index_async() on a library holding the paper, from the
 * store's listing to the text written in the search index, each round
 * forced to read again by a new sha256.  Without FILEs it makes a PDF of
 * --pages pages (40) with cairo, each about 3 500 characters in 45 lines,
 * the length of a two-column paper's page.  Also the reading alone
 * (papers_pdf_read_pages_text()), and the main loop's longest stall while
 * it ran: the work is on a worker thread.  --repeat-to N measures each
 * FILE's pages repeated to N pages (a real paper of 40 pages when the
 * corpus has none).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <poppler.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "papers-bench.h"
#include "papers-pdf-index.h"
#include "papers-store.h"
#include "papers-store-wait.h"

static const char * const words[] = {
  "attention", "model", "layer", "training", "we", "the", "of", "and", "a", "results", "show",
  "that", "our", "method", "improves", "on", "baseline", "with", "data", "tokens", "loss", "in",
  "table", "figure", "section", "parameters", "learning", "rate", "batch", "evaluation",
};

static char *
make_pdf (const char *dir,
          int         n_pages)
{
  char *path = g_build_filename (dir, "paper.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 612, 792);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GRand) rand = g_rand_new_with_seed (40);

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 7);
  for (int page = 0; page < n_pages; page++)
    {
      for (int line = 0; line < 45; line++)
        {
          g_autoptr(GString) text = g_string_new (NULL);

          while (text->len < 78)
            {
              g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
              g_string_append_c (text, ' ');
            }
          cairo_move_to (cr, 30, 40 + line * 16);
          cairo_show_text (cr, text->str);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return path;
}

/* A PDF of @n_pages made of @source's pages over and over, drawn by
 * Poppler into a cairo PDF (text stays text): a real paper of that
 * length when none is at hand */
char *
bench_make_pdf_from (const char  *dir,
                     const char  *source,
                     int          n_pages,
                     GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (source);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *name = g_path_get_basename (source);
  g_autofree char *base = g_strdup_printf ("%d-pages-of-%s", n_pages, name);
  char *path = g_build_filename (dir, base, NULL);
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, error);
  cairo_surface_t *surface;
  cairo_t *cr;
  int n;

  if (doc == NULL)
    {
      g_free (path);
      return NULL;
    }
  n = poppler_document_get_n_pages (doc);
  surface = cairo_pdf_surface_create (path, 612, 792);
  cr = cairo_create (surface);
  for (int i = 0; i < n_pages && n > 0; i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i % n);
      double width, height;

      poppler_page_get_size (page, &width, &height);
      cairo_pdf_surface_set_size (surface, width, height);
      poppler_page_render_for_printing (page, cr);
      cairo_show_page (cr);
      g_object_unref (page);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  g_object_unref (doc);
  return path;
}

/* CPU time of the whole process (the worker, the store's thread and the
 * main loop), which a loaded machine does not inflate as it does wall
 * time */
static double
process_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

typedef struct
{
  gint64 last;
  gint64 longest;
} Ticks;

static gboolean
tick_cb (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  ticks->longest = MAX (ticks->longest, now - ticks->last);
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

static void
index_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* One file: prints its JSON object; FALSE on failure */
static gboolean
measure (const char *dir,
         const char *path,
         int         rounds,
         gboolean    first)
{
  g_autofree char *db_path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(PapersPaper) paper = papers_paper_new ("2401.99999");
  g_autoptr(GPtrArray) papers = g_ptr_array_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree double *total = g_new0 (double, rounds);
  g_autofree double *read = g_new0 (double, rounds);
  g_autofree double *stall = g_new0 (double, rounds);
  g_autofree double *cpu = g_new0 (double, rounds);
  g_autofree char *name = g_path_get_basename (path);
  gsize chars = 0;
  guint n_pages = 0;
  GStatBuf buf;

  g_unlink (db_path);
  store = papers_store_new (db_path, &error);
  papers_paper_set_title (paper, "A paper");
  g_ptr_array_add (papers, paper);
  if (store == NULL || g_stat (path, &buf) != 0 ||
      !papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store, papers,
                          TRUE))
    {
      fprintf (stderr, "papers-bench pdf-text: %s: %s\n", path, error ? error->message : "cannot read");
      return FALSE;
    }

  for (int r = 0; r < rounds; r++)
    {
      g_autofree char *sha = g_strdup_printf ("round%d", r);
      g_auto(GStrv) pages = NULL;
      GAsyncResult *result = NULL;
      Ticks ticks;
      guint source;
      gint64 start;
      double cpu_start;
      int n;

      /* Another sha256 known: the indexer reads it again */
      if (!papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store,
                              "2401.99999", path, (gint64) buf.st_size, sha))
        return FALSE;
      cpu_start = process_cpu_ms ();
      ticks.last = start = g_get_monotonic_time ();
      ticks.longest = 0;
      source = g_timeout_add (1, tick_cb, &ticks);
      papers_pdf_index_async (store, NULL, NULL, index_done_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      total[r] = (g_get_monotonic_time () - start) / 1000.0;
      cpu[r] = process_cpu_ms () - cpu_start;
      g_source_remove (source);
      stall[r] = ticks.longest / 1000.0;
      n = papers_pdf_index_finish (store, result, &error);
      g_object_unref (result);
      if (n != 1)
        {
          fprintf (stderr, "papers-bench pdf-text: %s: %s\n", path, error ? error->message : "not read");
          return FALSE;
        }

      start = g_get_monotonic_time ();
      pages = papers_pdf_read_pages_text (file, NULL, &error);
      read[r] = (g_get_monotonic_time () - start) / 1000.0;
      if (pages == NULL)
        {
          fprintf (stderr, "papers-bench pdf-text: %s: %s\n", path, error->message);
          return FALSE;
        }
      n_pages = g_strv_length (pages);
      chars = 0;
      for (guint i = 0; pages[i] != NULL; i++)
        chars += g_utf8_strlen (pages[i], -1);
    }

  printf ("%s{\"file\": \"%s\", \"pages\": %u, \"chars\": %zu, \"rounds\": %d, "
          "\"extract_index_ms\": %.1f, \"extract_index_cpu_ms\": %.1f, \"extract_ms\": %.1f, "
          "\"main_loop_stall_ms\": %.1f}",
          first ? "" : ",\n ", name, n_pages, chars, rounds,
          bench_percentile (total, rounds, 50), bench_percentile (cpu, rounds, 50),
          bench_percentile (read, rounds, 50),
          bench_percentile (stall, rounds, 100));
  return TRUE;
}

int
bench_pdf_text (int    argc,
                char **argv)
{
  int n_pages = 40;
  int rounds = 5;
  int repeat_to = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "pages", 0, 0, G_OPTION_ARG_INT, &n_pages, "Pages of the PDF made without FILEs (40)", "N" },
    { "repeat-to", 0, 0, G_OPTION_ARG_INT, &repeat_to,
      "Measure each FILE's pages repeated to N pages instead of FILE itself", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds per file, the median printed (5)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON (the only output)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[FILE.pdf…] — PDF text extraction and indexing");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gboolean ok = TRUE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_pages < 1 || rounds < 1)
    {
      fprintf (stderr, "papers-bench pdf-text: %s\n", error ? error->message : "--pages and --rounds must be positive");
      return 2;
    }
  dir = g_dir_make_tmp ("papers-bench-pdf-text-XXXXXX", &error);
  if (dir == NULL)
    {
      fprintf (stderr, "papers-bench pdf-text: %s\n", error->message);
      return 1;
    }

  printf ("[");
  if (argc < 2)
    {
      g_autofree char *path = make_pdf (dir, n_pages);

      ok = measure (dir, path, rounds, TRUE);
      g_unlink (path);
    }
  for (int i = 1; i < argc && ok; i++)
    {
      g_autofree char *made = repeat_to > 0 ? bench_make_pdf_from (dir, argv[i], repeat_to, &error) : NULL;

      if (repeat_to > 0 && made == NULL)
        {
          fprintf (stderr, "papers-bench pdf-text: %s: %s\n", argv[i], error->message);
          ok = FALSE;
          break;
        }
      ok = measure (dir, made != NULL ? made : argv[i], rounds, i == 1);
      if (made != NULL)
        g_unlink (made);
    }
  printf ("]\n");

  {
    const char * const suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *path = g_strconcat (dir, "/library.db", suffixes[i], NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
  return ok ? 0 : 1;
}
