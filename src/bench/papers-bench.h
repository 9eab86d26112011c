/* papers-bench.h: shared helpers of the benchmark suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each suite is a function taking argv from the suite name on. */
int bench_library (int argc, char **argv);
int bench_ingest  (int argc, char **argv);
int bench_render  (int argc, char **argv);
int bench_gui     (int argc, char **argv);
int bench_rank    (int argc, char **argv);
int bench_refs    (int argc, char **argv);
int bench_pdf_text (int argc, char **argv);
int bench_search_provider (int argc, char **argv);
int bench_sync    (int argc, char **argv);
int bench_background (int argc, char **argv);
int bench_tabs    (int argc, char **argv);

double bench_percentile (double *values, guint n, double p);
double bench_peak_rss_mb (void);
double bench_rss_now_mb (void);
double bench_thread_cpu_ms (void);
const char *bench_corpus_dir (void);
gboolean bench_ensure_library (const char *suite,
                               int         n_papers,
                               const char *db_path);

/* bench-gui.c: a display and a session bus of a measured child's own */
GPid bench_start_xvfb (char **display);
GPid bench_start_dbus (char **address);
void bench_stop       (GPid pid);
char *bench_run_on_display (const char  *self,
                            const char **run,
                            char       **env);
char *bench_make_pdf_from (const char  *dir,
                           const char  *source,
                           int          n_pages,
                           GError     **error);

G_END_DECLS
