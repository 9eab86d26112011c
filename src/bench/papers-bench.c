/* papers-bench.c: `papers-bench SUITE [OPTIONS] --json`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "papers-bench.h"

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *help;
} suites[] = {
  { "library", bench_library, "Insert, open and search a synthetic library" },
  { "ingest", bench_ingest, "Parse and store Hugging Face items (--items N --json)" },
  { "render", bench_render, "open, render and scroll PDFs through the viewer" },
  { "gui", bench_gui, "Start the window on a big library, search as you type (--papers N --json)" },
  { "rank", bench_rank, "Rank an arXiv listing For You, against arXiv-sanity's method (--feed PATH --json)" },
  { "pdf-text", bench_pdf_text, "Extract and index the text of a 40-page PDF, or FILE.pdf… (--json)" },
  { "search-provider", bench_search_provider, "GNOME Shell's search over D-Bus at 100 000 papers (--papers N --json)" },
  { "tabs", bench_tabs, "Five 40-page papers in the reader's tabs: memory, frames to switch (--json)" },
  { "refs", bench_refs, "Read the reference lists of real papers (FILE.pdf… --json --dump)" },
  { "background", bench_background, "The windowless background service: memory, wake-ups, a round's CPU (--json)" },
#ifdef PAPERS_HAVE_SYNC
  { "sync", bench_sync, "Sync a big library through a loopback Apache mod_dav (--json)" },
#endif
  { NULL, NULL, NULL },
};

int
main (int   argc,
      char *argv[])
{
  if (argc >= 2)
    for (guint i = 0; suites[i].name != NULL; i++)
      if (g_str_equal (argv[1], suites[i].name))
        return suites[i].run (argc - 1, argv + 1);

  fprintf (stderr, "Usage: papers-bench SUITE [OPTIONS]\n\nSuites:\n");
  for (guint i = 0; suites[i].name != NULL; i++)
    fprintf (stderr, "  %-10s %s\n", suites[i].name, suites[i].help);
  return argc >= 2 && !g_str_equal (argv[1], "--help") ? 2 : 0;
}
