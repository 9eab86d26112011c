/* bench-sync.c: `papers-bench sync`, sync through a loopback Apache
 * mod_dav (the tests' server): the first sync of a big library up and
 * down, one change end to end, the bytes of one changed note, a device
 * 1 000 changes behind catching up, and one change made in the window
 * until the server has it, with the window's rounds in its process
 * (in_process_change_ms) and as `papers-reader sync` children
 * (child_process_change_ms, the key derived in each)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "papers-bench.h"
#include "papers-store-wait.h"
#include "papers-sync-engine.h"
#include "papers-sync-service.h"
#include "papers-test-dav.h"

#define PASSPHRASE "papers-bench sync passphrase"

static PapersTestDav *server;

static double
sync_s (PapersStore      *store,
        PapersSyncStats  *stats)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!papers_sync_run (store, papers_test_dav_get_url (server), PAPERS_TEST_DAV_USER, PAPERS_TEST_DAV_PASSWORD,
                        PASSPHRASE, stats, &error))
    {
      fprintf (stderr, "papers-bench sync: %s\n", error->message);
      exit (1);
    }
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
wait_ok (gboolean  ok,
         GError   *error)
{
  if (!ok)
    {
      fprintf (stderr, "papers-bench sync: %s\n", error->message);
      exit (1);
    }
}

static PapersStore *
new_store (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  PapersStore *store = papers_store_new (path, &error);

  wait_ok (store != NULL, error);
  return store;
}

/* CPU seconds of this process (the client: Apache is another), which a
 * loaded machine changes less than wall time */
static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

typedef struct
{
  double up_s, up_cpu_s, down_s, down_cpu_s;
} PdfTimes;

/* A PDF of @mb MB (random: nothing compresses it) on A, sent by A's
 * round and fetched by B as opening it does */
static PdfTimes
bench_pdf (PapersStore *a,
           PapersStore *b,
           const char  *dir,
           int          mb)
{
  g_autofree char *path = g_build_filename (dir, "bench.pdf", NULL);
  g_autofree char *fetched = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20);
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *block = g_new (guint32, 256 * 1024);
  PapersSyncStats stats;
  PdfTimes times;
  FILE *file = g_fopen (path, "wb");
  double cpu;
  gint64 start;
  gboolean ok;

  for (int i = 0; i < mb; i++)
    {
      for (guint j = 0; j < 256 * 1024; j++)
        block[j] = g_rand_int (rand);
      fwrite (block, 1, 1024 * 1024, file);
      g_checksum_update (checksum, (const guint8 *) block, 1024 * 1024);
    }
  fclose (file);
  ok = papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, a, "2401.00001", path,
                          (gint64) mb * 1024 * 1024, g_checksum_get_string (checksum));
  wait_ok (ok, error);
  cpu = cpu_s ();
  times.up_s = sync_s (a, &stats);
  times.up_cpu_s = cpu_s () - cpu;
  sync_s (b, &stats);
  cpu = cpu_s ();
  start = g_get_monotonic_time ();
  fetched = papers_sync_fetch_pdf (b, papers_test_dav_get_url (server), PAPERS_TEST_DAV_USER,
                                   PAPERS_TEST_DAV_PASSWORD, PASSPHRASE, "2401.00001", NULL, NULL, &stats, &error);
  wait_ok (fetched != NULL, error);
  times.down_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  times.down_cpu_s = cpu_s () - cpu;
  g_unlink (fetched);
  g_unlink (path);
  return times;
}

/* One note edited through @store, then the window's service asked to
 * sync at once (the window waits 10 s after the last change first; that
 * wait is not counted): ms from the edit until the round that sends it has
 * ended.  One round first, not counted: a window derives the key once. */
/* CPU time of this process and of the children it waited for, in ms:
 * the figure that holds up on a loaded machine */
static double
cpu_ms (void)
{
  struct rusage self, children;

  getrusage (RUSAGE_SELF, &self);
  getrusage (RUSAGE_CHILDREN, &children);
  return (self.ru_utime.tv_sec + self.ru_stime.tv_sec + children.ru_utime.tv_sec + children.ru_stime.tv_sec) *
           1000.0 +
         (self.ru_utime.tv_usec + self.ru_stime.tv_usec + children.ru_utime.tv_usec + children.ru_stime.tv_usec) /
           1000.0;
}

static void
service_change_ms (PapersSyncService *sync,
                   PapersStore       *store,
                   int                runs,
                   GArray            *ms,
                   GArray            *cpu)
{
  for (int r = -1; r < runs; r++)
    {
      g_autofree char *note = g_strdup_printf ("Edited in the window, run %d.", r);
      g_autoptr(GError) error = NULL;
      guint rounds = papers_sync_service_get_rounds (sync);
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms (), s, c;

      wait_ok (papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, store,
                                  "2401.00000", note), error);
      papers_sync_service_sync_now (sync);
      while (papers_sync_service_get_rounds (sync) == rounds)
        g_main_context_iteration (NULL, TRUE);
      s = (g_get_monotonic_time () - start) / 1000.0;
      c = cpu_ms () - cpu_start;
      if (papers_sync_service_get_error (sync) != NULL)
        {
          fprintf (stderr, "papers-bench sync: %s\n", papers_sync_service_get_error (sync));
          exit (1);
        }
      if (r >= 0)
        {
          g_array_append_val (ms, s);
          g_array_append_val (cpu, c);
        }
    }
}

/* The window's service as it was, a `papers-reader sync` child per round
 * (the key derived in each), and as it is, in this process */
static void
window_change_ms (PapersStore *store,
                  const char  *db_path,
                  int          runs,
                  GArray      *in_process,
                  GArray      *in_process_cpu,
                  GArray      *child,
                  GArray      *child_cpu)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *bench_dir = exe != NULL ? g_path_get_dirname (exe) : NULL;
  g_autofree char *src_dir = bench_dir != NULL ? g_path_get_dirname (bench_dir) : NULL;
  g_autofree char *program = src_dir != NULL ? g_build_filename (src_dir, "papers-reader", NULL) : NULL;
  g_autoptr(PapersSyncService) sync = NULL;

  g_setenv ("PAPERS_SYNC_URL", papers_test_dav_get_url (server), TRUE);
  g_setenv ("PAPERS_SYNC_USER", PAPERS_TEST_DAV_USER, TRUE);
  g_setenv ("PAPERS_SYNC_PASSWORD", PAPERS_TEST_DAV_PASSWORD, TRUE);
  g_setenv ("PAPERS_SYNC_PASSPHRASE", PASSPHRASE, TRUE);
  g_setenv ("PAPERS_LIBRARY", db_path, TRUE);

  sync = papers_sync_service_new (NULL, program);
  papers_sync_service_set_delays (sync, G_MAXINT, G_MAXINT);
  papers_sync_service_watch_store (sync, store);
  service_change_ms (sync, store, runs, in_process, in_process_cpu);
  papers_sync_service_shutdown (sync, 0);
  g_clear_object (&sync);

  if (program != NULL && g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      sync = papers_sync_service_new (NULL, program);
      papers_sync_service_set_delays (sync, G_MAXINT, G_MAXINT);
      service_change_ms (sync, store, runs, child, child_cpu);
      papers_sync_service_shutdown (sync, 0);
    }
}

static char *
paper_id (int i)
{
  return g_strdup_printf ("2401.%05d", i);
}

int
bench_sync (int    argc,
            char **argv)
{
  int n_papers = 10000, n_notes = 1000, n_annotations = 5000, n_behind = 1000, runs = 5, pdf_mb = 32, n_pdfs = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "papers", 0, 0, G_OPTION_ARG_INT, &n_papers, "Papers in the library", "N" },
    { "notes", 0, 0, G_OPTION_ARG_INT, &n_notes, "Of them with a note", "N" },
    { "annotations", 0, 0, G_OPTION_ARG_INT, &n_annotations, "Annotations", "N" },
    { "behind", 0, 0, G_OPTION_ARG_INT, &n_behind, "Changes a device is behind", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of one change", "N" },
    { "pdfs", 0, 0, G_OPTION_ARG_INT, &n_pdfs, "Of the papers with a small PDF here (sent by the first sync)", "N" },
    { "pdf-mb", 0, 0, G_OPTION_ARG_INT, &pdf_mb, "The PDF sent and fetched, in MiB (0: none)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— sync through a loopback WebDAV server");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) a = NULL, b = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) one_change = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) note_bytes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) one_change_cold = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) in_process = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) child = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) in_process_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) child_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  PapersSyncStats up, down, stats;
  PdfTimes pdf = { 0 };
  double first_up_s, first_down_s, catch_up_s, behind_up_s;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "papers-bench sync: %s\n", error->message);
      return 2;
    }
  if ((server = papers_test_dav_start (&error)) == NULL)
    {
      fprintf (stderr, "papers-bench sync: %s\n", error->message);
      return 1;
    }
  dir = g_dir_make_tmp ("papers-bench-sync-XXXXXX", &error);
  wait_ok (dir != NULL, error);
  a = new_store (dir, "a.db");
  b = new_store (dir, "b.db");

  for (int i = 0; i < n_papers; i++)
    {
      g_autofree char *id = paper_id (i);
      g_autofree char *title = g_strdup_printf ("Synthetic paper number %d about sync", i);
      PapersPaper *paper = papers_paper_new (id);

      papers_paper_set_title (paper, title);
      g_ptr_array_add (papers, paper);
    }
  ok = papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, a, papers, TRUE);
  wait_ok (ok, error);
  for (int i = 0; i < n_notes; i++)
    {
      g_autofree char *id = paper_id (i * (n_papers / MAX (n_notes, 1)));
      g_autofree char *note = g_strdup_printf ("Note %d: the method in section 3 and its ablation.", i);

      ok = papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, a, id, note);
      wait_ok (ok, error);
    }
  for (int i = 0; i < n_annotations; i++)
    {
      g_autofree char *id = paper_id (i % n_papers);
      g_autoptr(PapersAnnotation) annotation = papers_annotation_new (id, i % 12, "highlight");

      papers_annotation_set_text (annotation, "a highlighted sentence of the paper");
      ok = papers_store_wait (papers_store_add_annotation_async, papers_store_write_finish, &error, a, annotation);
      wait_ok (ok, error);
    }

  /* Small PDFs: every round compares the library's PDFs with what the
   * merged state says was sent */
  for (int i = 0; i < n_pdfs; i++)
    {
      g_autofree char *id = paper_id (i);
      g_autofree char *name = g_strconcat (id, ".pdf", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = g_strdup_printf ("%%PDF-1.4 bench %d\n", i);
      g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

      ok = g_file_set_contents (path, text, -1, &error) &&
           papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, a, id, path,
                              (gint64) strlen (text), sha256);
      wait_ok (ok, error);
    }

  /* The first syncs derive the key (Argon2id, 256 MB) once each */
  first_up_s = sync_s (a, &up);
  first_down_s = sync_s (b, &down);

  for (int r = 0; r < runs; r++)
    {
      g_autofree char *note = g_strdup_printf ("Edited again, run %d.", r);
      double s;

      ok = papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, a, "2401.00000", note);
      wait_ok (ok, error);
      s = sync_s (a, &stats);
      g_array_append_val (note_bytes, (double) { stats.bytes_up });
      s += sync_s (b, &stats);
      s *= 1000;
      g_array_append_val (one_change, s);
    }

  /* The same, each round reading the merged state from the library, as
   * `papers-reader sync` run once per change does */
  for (int r = 0; r < runs; r++)
    {
      g_autofree char *note = g_strdup_printf ("Edited cold, run %d.", r);
      double s;

      ok = papers_store_wait (papers_store_set_note_async, papers_store_write_finish, &error, a, "2401.00000", note);
      wait_ok (ok, error);
      papers_sync_drop_cached_state ();
      s = sync_s (a, &stats);
      papers_sync_drop_cached_state ();
      s += sync_s (b, &stats);
      s *= 1000;
      g_array_append_val (one_change_cold, s);
    }

  for (int i = 0; i < n_behind; i++)
    {
      g_autofree char *id = paper_id (i % n_papers);

      ok = papers_store_wait (papers_store_set_status_async, papers_store_write_finish, &error, a, id,
                              (PapersReadStatus) (1 + i % 2));
      wait_ok (ok, error);
    }
  behind_up_s = sync_s (a, &stats);
  catch_up_s = sync_s (b, &stats);
  if (pdf_mb > 0)
    pdf = bench_pdf (a, b, dir, pdf_mb);

  /* Last: quitting the service wipes the key the rounds above kept */
  {
    g_autofree char *path = g_build_filename (dir, "a.db", NULL);

    window_change_ms (a, path, runs, in_process, in_process_cpu, child, child_cpu);
  }

  if (json)
    printf ("{\"pdfs\": %d, \"papers\": %d, \"notes\": %d, \"annotations\": %d, \"first_up_s\": %.3f, \"first_down_s\": %.3f, "
            "\"first_bytes_up\": %" G_GUINT64_FORMAT ", \"first_records\": %" G_GUINT64_FORMAT ", "
            "\"one_change_ms\": %.1f, \"one_note_bytes_up\": %.0f, \"behind\": %d, \"behind_up_s\": %.3f, "
            "\"catch_up_s\": %.3f, \"one_change_cold_ms\": %.1f, \"pdf_mb\": %d, \"pdf_up_s\": %.3f, "
            "\"pdf_up_cpu_s\": %.3f, \"pdf_up_mb_s\": %.1f, \"pdf_down_s\": %.3f, \"pdf_down_cpu_s\": %.3f, "
            "\"pdf_down_mb_s\": %.1f, \"in_process_change_ms\": %.1f, "
            "\"child_process_change_ms\": %.1f, \"in_process_change_cpu_ms\": %.1f, "
            "\"child_process_change_cpu_ms\": %.1f}\n",
            n_pdfs, n_papers, n_notes, n_annotations, first_up_s, first_down_s, up.bytes_up, up.sent,
            bench_percentile ((double *) (gpointer) one_change->data, one_change->len, 50),
            bench_percentile ((double *) (gpointer) note_bytes->data, note_bytes->len, 50),
            n_behind, behind_up_s, catch_up_s,
            bench_percentile ((double *) (gpointer) one_change_cold->data, one_change_cold->len, 50),
            pdf_mb, pdf.up_s, pdf.up_cpu_s, pdf.up_s > 0 ? pdf_mb / pdf.up_s : 0.0, pdf.down_s, pdf.down_cpu_s,
            pdf.down_s > 0 ? pdf_mb / pdf.down_s : 0.0,
            bench_percentile ((double *) (gpointer) in_process->data, in_process->len, 50),
            child->len > 0 ? bench_percentile ((double *) (gpointer) child->data, child->len, 50) : -1.0,
            bench_percentile ((double *) (gpointer) in_process_cpu->data, in_process_cpu->len, 50),
            child_cpu->len > 0 ? bench_percentile ((double *) (gpointer) child_cpu->data, child_cpu->len, 50) : -1.0);
  else
    printf ("first sync up %.2f s, down %.2f s; one change %.0f ms; one note %.0f bytes; %d behind %.2f s\n",
            first_up_s, first_down_s, bench_percentile ((double *) (gpointer) one_change->data, one_change->len, 50),
            bench_percentile ((double *) (gpointer) note_bytes->data, note_bytes->len, 50), n_behind, catch_up_s);

  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_pointer (&server, papers_test_dav_stop);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
  return 0;
}
