/* bench-util.c: percentiles and memory readings shared by the suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "papers-bench.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile; sorts @values in place. */
double
bench_percentile (double *values,
                  guint   n,
                  double  p)
{
  guint rank;

  if (n == 0)
    return 0.0;

  qsort (values, n, sizeof (double), compare_doubles);
  rank = (guint) (p / 100.0 * n + 0.999999);
  rank = CLAMP (rank, 1, n);
  return values[rank - 1];
}

/* Peak resident set size of this process, in MiB. */
double
bench_peak_rss_mb (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0.0;
  return usage.ru_maxrss / 1024.0;
}

/* Resident set size of this process now, in MiB. */
double
bench_rss_now_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtod (line + 6, NULL) / 1024.0 : 0;
}

/* CPU time of this thread, in ms: on a shared machine wall-clock times
 * follow the load of others, CPU times much less. */
double
bench_thread_cpu_ms (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return 0;
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* The shared corpus: $PAPERS_CORPUS_DIR, else ../shared/corpus beside the
 * source tree the bench was built from. */
const char *
bench_corpus_dir (void)
{
  const char *dir = g_getenv ("PAPERS_CORPUS_DIR");

  return dir != NULL ? dir : PAPERS_DEFAULT_CORPUS_DIR;
}

/* Makes the synthetic library of @n_papers at @db_path with `papers-bench
 * library` unless it is there; @suite names the caller in messages */
gboolean
bench_ensure_library (const char *suite,
                      int         n_papers,
                      const char *db_path)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *papers = g_strdup_printf ("%d", n_papers);
  const char *build[] = { self, "library", "--papers", papers, "--db", db_path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    return TRUE;
  fprintf (stderr, "papers-bench %s: building a %d-paper library at %s\n", suite, n_papers, db_path);
  if (!g_spawn_sync (NULL, (char **) build, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error) || !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "papers-bench %s: %s\n", suite, error->message);
      return FALSE;
    }
  return TRUE;
}
