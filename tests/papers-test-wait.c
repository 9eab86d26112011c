/* papers-test-wait.c: tests wait for the event they need, not for a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-test-wait.h"

/**
 * papers_test_timeout_multiplier:
 *
 * How much slower than a plain build this one runs:
 * $PAPERS_TEST_TIMEOUT_MULTIPLIER, which tests/meson.build sets for the
 * sanitizers and the valgrind setup sets for memcheck, the same factor
 * their meson timeouts have.  (Meson does not tell a test its own
 * --timeout-multiplier: set the variable too when you pass one.)
 *
 * Returns: the factor, at least 1
 */
double
papers_test_timeout_multiplier (void)
{
  const char *value = g_getenv ("PAPERS_TEST_TIMEOUT_MULTIPLIER");
  double multiplier = value != NULL ? g_ascii_strtod (value, NULL) : 1;

  /* (NaN and nonsense fail the comparison too) */
  return multiplier >= 1 ? multiplier : 1;
}

gboolean
papers_test_flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

static void
limit_reached (gpointer data)
{
  *(gboolean *) data = TRUE;
}

void
papers_test_wait_until_real (PapersTestDoneFunc  done,
                             gpointer            data,
                             const char         *what,
                             const char         *file,
                             int                 line,
                             const char         *func)
{
  double limit = PAPERS_TEST_WAIT_LIMIT * papers_test_timeout_multiplier ();
  gint64 start = g_get_monotonic_time ();
  gboolean expired = FALSE;
  gboolean ok;
  double waited;
  guint source;

  if (done (data))
    return;
  /* The limit is a source of its own, so the loop below sleeps in poll()
   * until an event comes instead of checking the clock.  (@done is asked
   * once after each event: it may read what changed since it last did.) */
  source = g_timeout_add_once ((guint) (limit * 1000), limit_reached, &expired);
  while (!(ok = done (data)) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);

  /* Long waits are worth knowing about when a test is slow. */
  waited = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (waited >= 1)
    g_test_message ("waited %.1f s for %s", waited, what);
  if (!ok)
    {
      g_autofree char *message = g_strdup_printf ("gave up waiting for %s after %.0f s", what, waited);

      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
    }
}
