/* test-hlc.c: the hybrid logical clock orders changes causally, whatever
 * the devices' wall clocks say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-hlc.h"
#include "papers-sync-state.h"

#define DEV_A "aaaaaaaaaaaaaaaa"
#define DEV_B "bbbbbbbbbbbbbbbb"
#define DAY_MS ((gint64) 24 * 3600 * 1000)
#define T0 ((gint64) 1700000000000)

static gint64
fake_now (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static void
test_monotonic (void)
{
  gint64 now = T0;
  g_autoptr(PapersHlc) hlc = papers_hlc_new (DEV_A, fake_now, &now);
  PapersHlcStamp prev, next;

  papers_hlc_send (hlc, &prev);
  g_assert_cmpint (prev.wall_ms, ==, T0);
  g_assert_cmpuint (prev.logical, ==, 0);
  g_assert_cmpstr (prev.device, ==, DEV_A);

  /* The same millisecond, then the wall clock set back an hour: stamps
   * still grow, the logical part counting */
  for (int i = 0; i < 5; i++)
    {
      if (i == 2)
        now -= 3600 * 1000;
      papers_hlc_send (hlc, &next);
      g_assert_cmpint (papers_hlc_stamp_compare (&next, &prev), >, 0);
      g_assert_cmpint (next.wall_ms, ==, T0);
      prev = next;
    }
  g_assert_cmpuint (prev.logical, ==, 5);

  /* The wall clock moving on resets the count */
  now = T0 + 10;
  papers_hlc_send (hlc, &next);
  g_assert_cmpint (next.wall_ms, ==, T0 + 10);
  g_assert_cmpuint (next.logical, ==, 0);
}

/* A restart keeps the clock monotonic even with the wall clock set back */
static void
test_restore (void)
{
  gint64 now = T0 - DAY_MS;
  g_autoptr(PapersHlc) hlc = papers_hlc_new (DEV_A, fake_now, &now);
  PapersHlcStamp last = { T0, G_MAXUINT32, DEV_A }, next;

  papers_hlc_restore (hlc, &last);
  papers_hlc_send (hlc, &next);
  /* A counter that would wrap moves the physical part instead */
  g_assert_cmpint (next.wall_ms, ==, T0 + 1);
  g_assert_cmpuint (next.logical, ==, 0);
  g_assert_cmpint (papers_hlc_stamp_compare (&next, &last), >, 0);
}

/* Device B's clock is three days behind A's.  A change B makes after
 * seeing A's orders after it, so latest-wins keeps B's. */
static void
test_clock_behind (void)
{
  gint64 now_a = T0, now_b = T0 - 3 * DAY_MS;
  g_autoptr(PapersHlc) a = papers_hlc_new (DEV_A, fake_now, &now_a);
  g_autoptr(PapersHlc) b = papers_hlc_new (DEV_B, fake_now, &now_b);
  g_autoptr(PapersSyncState) state = papers_sync_state_new ();
  g_autoptr(PapersSyncRecord) ra = NULL, rb = NULL;
  PapersHlcStamp sa, sb;

  papers_hlc_send (a, &sa);
  ra = papers_sync_record_new (&sa, PAPERS_SYNC_OP_POSITION);
  ra->paper = g_strdup ("2401.00001");
  ra->text = g_strdup ("page 3");

  g_assert_true (papers_hlc_receive (b, &sa));
  now_b += 1000;
  papers_hlc_send (b, &sb);
  g_assert_cmpint (papers_hlc_stamp_compare (&sb, &sa), >, 0);
  rb = papers_sync_record_copy (ra);
  rb->stamp = sb;
  g_free (rb->text);
  rb->text = g_strdup ("page 9");

  /* In either order */
  papers_sync_state_apply (state, rb);
  papers_sync_state_apply (state, ra);
  g_assert_cmpstr (papers_sync_state_get_text (state, PAPERS_SYNC_OP_POSITION, "2401.00001", NULL),
                   ==, "page 9");

  /* B's own clock keeps counting from A's time while it is behind */
  now_b += 1000;
  papers_hlc_send (b, &sb);
  g_assert_cmpint (sb.wall_ms, ==, sa.wall_ms);
  g_assert_cmpuint (sb.logical, ==, 3);
}

/* Device A's clock is three days ahead.  Its change, once B has seen it,
 * cannot win over what B does next. */
static void
test_clock_ahead (void)
{
  gint64 now_a = T0 + 3 * DAY_MS, now_b = T0;
  g_autoptr(PapersHlc) a = papers_hlc_new (DEV_A, fake_now, &now_a);
  g_autoptr(PapersHlc) b = papers_hlc_new (DEV_B, fake_now, &now_b);
  PapersHlcStamp sa, sb, sa2;

  papers_hlc_send (a, &sa);
  g_assert_true (papers_hlc_receive (b, &sa));
  papers_hlc_send (b, &sb);
  g_assert_cmpint (papers_hlc_stamp_compare (&sb, &sa), >, 0);

  /* And A, seeing B's answer, goes on after it */
  g_assert_true (papers_hlc_receive (a, &sb));
  papers_hlc_send (a, &sa2);
  g_assert_cmpint (papers_hlc_stamp_compare (&sa2, &sb), >, 0);
}

/* A stamp a year ahead (a badly wrong clock, a hostile file) is not
 * followed: the clock says so and stays near the wall clock */
static void
test_far_future (void)
{
  gint64 now = T0;
  g_autoptr(PapersHlc) hlc = papers_hlc_new (DEV_A, fake_now, &now);
  PapersHlcStamp remote = { T0 + 365 * DAY_MS, 0, DEV_B }, next;

  g_assert_false (papers_hlc_receive (hlc, &remote));
  papers_hlc_send (hlc, &next);
  g_assert_cmpint (next.wall_ms, ==, T0);

  /* Up to the limit it follows */
  remote.wall_ms = T0 + PAPERS_HLC_MAX_AHEAD_MS;
  g_assert_true (papers_hlc_receive (hlc, &remote));
  papers_hlc_send (hlc, &next);
  g_assert_cmpint (papers_hlc_stamp_compare (&next, &remote), >, 0);
}

static void
test_stamp_text (void)
{
  PapersHlcStamp stamp = { T0, 42, "0123456789abcdef" }, parsed;
  g_autofree char *text = papers_hlc_stamp_to_string (&stamp);
  g_autofree char *huge = g_strnfill (100000, '1');
  const char *bad[] = {
    "", "-", "1700000000000", "1700000000000-1", "1700000000000-1-0123456789abcdef-1",
    "01700000000000-1-0123456789abcdef", "+1700000000000-1-0123456789abcdef",
    "1700000000000-01-0123456789abcdef", "1700000000000-+1-0123456789abcdef",
    "1700000000000-4294967296-0123456789abcdef", "1700000000000--1-0123456789abcdef",
    "17000000000x0-1-0123456789abcdef", "1000-1-0123456789abcdef",
    "999999999999999999999-1-0123456789abcdef", "1700000000000-1-0123456789ABCDEF",
    "1700000000000-1-0123456789abcde", "1700000000000-1-0123456789abcdefa",
    "1700000000000-1-0123456789abcdeg", "1700000000000 -1-0123456789abcdef",
  };

  g_assert_cmpstr (text, ==, "1700000000000-42-0123456789abcdef");
  g_assert_true (papers_hlc_stamp_parse (text, &parsed));
  g_assert_cmpint (papers_hlc_stamp_compare (&parsed, &stamp), ==, 0);
  g_assert_true (papers_hlc_stamp_parse ("1700000000000-0-0123456789abcdef", &parsed));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (papers_hlc_stamp_parse (bad[i], &parsed));
    }
  g_assert_false (papers_hlc_stamp_parse (huge, &parsed));
  g_assert_false (papers_hlc_stamp_parse (NULL, &parsed));
}

static void
test_device_id (void)
{
  g_autofree char *a = papers_sync_device_id_new ();
  g_autofree char *b = papers_sync_device_id_new ();

  g_assert_true (papers_sync_device_id_is_valid (a));
  g_assert_cmpstr (a, !=, b);
  g_assert_false (papers_sync_device_id_is_valid ("0123456789ABCDEF"));
  g_assert_false (papers_sync_device_id_is_valid ("../../etc/passwd"));
  g_assert_false (papers_sync_device_id_is_valid (NULL));
}

static void
count_debug (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  (*(int *) user_data)++;
}

/* The sync layer logs in a domain of its own */
static void
test_log_domain (void)
{
  gint64 now = T0;
  g_autoptr(PapersHlc) hlc = papers_hlc_new (DEV_A, fake_now, &now);
  PapersHlcStamp remote = { T0 + 365 * DAY_MS, 0, DEV_B };
  int logged = 0;
  guint handler = g_log_set_handler ("Papers-Sync", G_LOG_LEVEL_DEBUG, count_debug, &logged);

  papers_hlc_receive (hlc, &remote);
  g_log_remove_handler ("Papers-Sync", handler);
  g_assert_cmpint (logged, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/hlc/monotonic", test_monotonic);
  g_test_add_func ("/sync/hlc/restore", test_restore);
  g_test_add_func ("/sync/hlc/clock-3-days-behind", test_clock_behind);
  g_test_add_func ("/sync/hlc/clock-3-days-ahead", test_clock_ahead);
  g_test_add_func ("/sync/hlc/far-future", test_far_future);
  g_test_add_func ("/sync/hlc/stamp-text", test_stamp_text);
  g_test_add_func ("/sync/hlc/device-id", test_device_id);
  g_test_add_func ("/sync/hlc/log-domain", test_log_domain);

  return g_test_run ();
}
