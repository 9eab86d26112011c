/* papers-test-wait.h: tests wait for the event they need, not for a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The safety limit of a wait, in seconds, before the multiplier: far above
 * what any wait takes, it only stops a wait for an event that never comes.
 * It stays below meson's timeouts, so a test that gives up says what it
 * was waiting for. */
#define PAPERS_TEST_WAIT_LIMIT 30

typedef gboolean (*PapersTestDoneFunc) (gpointer data);

double   papers_test_timeout_multiplier (void);

/* A PapersTestDoneFunc for a gboolean a callback sets. */
gboolean papers_test_flag_set           (gpointer flag);

void     papers_test_wait_until_real    (PapersTestDoneFunc  done,
                                         gpointer            data,
                                         const char         *what,
                                         const char         *file,
                                         int                 line,
                                         const char         *func);

/* Runs the default main context, sleeping between its events, until
 * @done (@data) returns %TRUE; fails the test, naming @what, after
 * PAPERS_TEST_WAIT_LIMIT seconds times papers_test_timeout_multiplier().
 * @done is asked again after each event the main context dispatches, so
 * what it checks must come with one: a signal, an async callback, a frame. */
#define papers_test_wait_until(done, data, what) \
  papers_test_wait_until_real ((done), (data), (what), __FILE__, __LINE__, G_STRFUNC)

G_END_DECLS
