/* papers-test-cli.h: running the built `papers-reader` binary from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

void run_clear (Run *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* The library file the runs use, as $PAPERS_LIBRARY; the test sets it. */
extern char *library_path;

/* Runs `papers-reader FIRST…` with @env, pairs of a variable and its
 * value (NULL: unset) ending with NULL, and waits for it */
void papers_env_va (Run                *run,
                    const char * const *env,
                    const char         *first,
                    va_list             ap);

/* Runs `papers-reader FIRST…` (NULL-terminated) and waits for it */
void papers (Run        *run,
             const char *first,
             ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
