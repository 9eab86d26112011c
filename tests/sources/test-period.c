/* test-period.c: the Daily Papers periods, their queries and their steps,
 * ISO weeks across a year's end included
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "papers-hf-period.h"

static GDateTime *
day_new (const char *iso)
{
  g_autofree char *text = g_strconcat (iso, "T00:00:00Z", NULL);
  GDateTime *day = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (day);
  return day;
}

static void
assert_query (PapersHfPeriod  period,
              const char     *day_iso,
              const char     *expected)
{
  g_autoptr(GDateTime) day = day_new (day_iso);
  g_autofree char *query = papers_hf_period_query (period, day);

  g_assert_cmpstr (query, ==, expected);
}

/* The query of the period @steps away from @day_iso */
static char *
step_query (PapersHfPeriod  period,
            const char     *day_iso,
            int             steps)
{
  g_autoptr(GDateTime) day = day_new (day_iso);
  g_autoptr(GDateTime) stepped = papers_hf_period_step (period, day, steps);

  return papers_hf_period_query (period, stepped);
}

static void
test_queries (void)
{
  assert_query (PAPERS_HF_PERIOD_DAY, "2024-10-25", "2024-10-25");
  assert_query (PAPERS_HF_PERIOD_WEEK, "2024-10-25", "2024-W43");
  assert_query (PAPERS_HF_PERIOD_WEEK, "2024-01-01", "2024-W01");
  assert_query (PAPERS_HF_PERIOD_MONTH, "2024-10-25", "2024-10");
  assert_query (PAPERS_HF_PERIOD_TRENDING, "2024-10-25", NULL);

  g_assert_cmpint (papers_hf_period_listing_kind (PAPERS_HF_PERIOD_DAY), ==, PAPERS_LISTING_HF_DAILY);
  g_assert_cmpint (papers_hf_period_listing_kind (PAPERS_HF_PERIOD_WEEK), ==, PAPERS_LISTING_HF_WEEK);
  g_assert_cmpint (papers_hf_period_listing_kind (PAPERS_HF_PERIOD_MONTH), ==, PAPERS_LISTING_HF_MONTH);
  g_assert_cmpint (papers_hf_period_listing_kind (PAPERS_HF_PERIOD_TRENDING), ==, PAPERS_LISTING_HF_TRENDING);
}

/* The week-numbering year is not the calendar year around New Year:
 * 2020 has a 53rd week that ends on 3 January 2021, and 2025's first week
 * starts on 30 December 2024. */
static void
test_week_year_end (void)
{
  assert_query (PAPERS_HF_PERIOD_WEEK, "2020-12-28", "2020-W53");
  assert_query (PAPERS_HF_PERIOD_WEEK, "2021-01-01", "2020-W53");
  assert_query (PAPERS_HF_PERIOD_WEEK, "2021-01-03", "2020-W53");
  assert_query (PAPERS_HF_PERIOD_WEEK, "2021-01-04", "2021-W01");
  assert_query (PAPERS_HF_PERIOD_WEEK, "2024-12-29", "2024-W52");
  assert_query (PAPERS_HF_PERIOD_WEEK, "2024-12-30", "2025-W01");
  assert_query (PAPERS_HF_PERIOD_WEEK, "2025-01-05", "2025-W01");
  assert_query (PAPERS_HF_PERIOD_WEEK, "2025-01-06", "2025-W02");
}

static void
test_week_steps (void)
{
  const struct { const char *day; int steps; const char *week; } cases[] = {
    { "2020-12-24", 1, "2020-W53" },
    { "2021-01-03", 1, "2021-W01" },
    { "2021-01-01", -1, "2020-W52" },
    { "2021-01-07", -1, "2020-W53" },
    { "2024-12-30", -1, "2024-W52" },
    { "2024-12-23", 1, "2025-W01" },
    { "2025-01-01", 1, "2025-W02" },
    { "2024-10-25", 0, "2024-W43" },
    { "2024-10-25", -43, "2023-W52" },
  };
  g_autoptr(GDateTime) day = day_new ("2019-06-03");
  g_autofree char *last = NULL;
  int n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *week = step_query (PAPERS_HF_PERIOD_WEEK, cases[i].day, cases[i].steps);

      g_assert_cmpstr (week, ==, cases[i].week);
    }

  /* Week by week for three years and more, none skipped nor repeated:
   * every week number follows the one before, or starts a year at 1
   * after 52 or 53. */
  for (int i = 0; i < 200; i++)
    {
      g_autoptr(GDateTime) next = papers_hf_period_step (PAPERS_HF_PERIOD_WEEK, day, 1);
      g_autofree char *week = papers_hf_period_query (PAPERS_HF_PERIOD_WEEK, next);

      if (last != NULL)
        {
          int before = atoi (last + 6);
          int now = atoi (week + 6);

          if (now == 1)
            {
              g_assert_cmpint (before, >=, 52);
              g_assert_cmpint (atoi (week), ==, atoi (last) + 1);
              n++;
            }
          else
            {
              g_assert_cmpint (now, ==, before + 1);
              g_assert_cmpint (atoi (week), ==, atoi (last));
            }
        }
      g_free (last);
      last = g_steal_pointer (&week);
      g_date_time_unref (day);
      day = g_steal_pointer (&next);
    }
  g_assert_cmpint (n, ==, 4);
}

static void
test_month_steps (void)
{
  g_autoptr(GDateTime) day = day_new ("2024-01-31");
  g_autofree char *february = step_query (PAPERS_HF_PERIOD_MONTH, "2024-01-31", 1);
  g_autofree char *january = step_query (PAPERS_HF_PERIOD_MONTH, "2024-12-15", 1);
  g_autofree char *december = step_query (PAPERS_HF_PERIOD_MONTH, "2025-01-10", -1);
  g_autofree char *day_after = step_query (PAPERS_HF_PERIOD_DAY, "2024-12-31", 1);

  g_assert_cmpstr (february, ==, "2024-02");
  g_assert_cmpstr (january, ==, "2025-01");
  g_assert_cmpstr (december, ==, "2024-12");
  g_assert_cmpstr (day_after, ==, "2025-01-01");

  /* From the 31st, month by month: each month once, none skipped, though
   * most months have no 31st. */
  for (int i = 1; i <= 30; i++)
    {
      g_autoptr(GDateTime) next = papers_hf_period_step (PAPERS_HF_PERIOD_MONTH, day, 1);
      g_autofree char *month = papers_hf_period_query (PAPERS_HF_PERIOD_MONTH, next);
      g_autofree char *expected = g_strdup_printf ("%04d-%02d", 2024 + i / 12, 1 + i % 12);

      g_assert_cmpstr (month, ==, expected);
      g_date_time_unref (day);
      day = g_steal_pointer (&next);
    }
}

/* Trending has no date to step; nor has a day past GDateTime's range. */
static void
test_no_step (void)
{
  g_autoptr(GDateTime) day = day_new ("2024-10-25");
  g_autoptr(GDateTime) trending = papers_hf_period_step (PAPERS_HF_PERIOD_TRENDING, day, 1);
  g_autoptr(GDateTime) end = day_new ("9999-12-31");
  g_autoptr(GDateTime) past_end = papers_hf_period_step (PAPERS_HF_PERIOD_MONTH, end, 1);
  g_autoptr(GDateTime) start = day_new ("0001-01-01");
  g_autoptr(GDateTime) before_start = papers_hf_period_step (PAPERS_HF_PERIOD_WEEK, start, -1);

  g_assert_true (g_date_time_equal (trending, day));
  g_assert_true (g_date_time_equal (past_end, end));
  g_assert_true (g_date_time_equal (before_start, start));
}

static void
test_describe (void)
{
  g_autoptr(GDateTime) day = day_new ("2024-10-25");
  g_autoptr(GDateTime) new_year = day_new ("2021-01-01");
  g_autoptr(GDateTime) first_monday = day_new ("2021-01-04");
  g_autofree char *d = papers_hf_period_describe (PAPERS_HF_PERIOD_DAY, day);
  g_autofree char *w = papers_hf_period_describe (PAPERS_HF_PERIOD_WEEK, day);
  g_autofree char *w53 = papers_hf_period_describe (PAPERS_HF_PERIOD_WEEK, new_year);
  g_autofree char *w1 = papers_hf_period_describe (PAPERS_HF_PERIOD_WEEK, first_monday);
  g_autofree char *m = papers_hf_period_describe (PAPERS_HF_PERIOD_MONTH, day);
  g_autofree char *t = papers_hf_period_describe (PAPERS_HF_PERIOD_TRENDING, day);

  g_assert_cmpstr (d, ==, "Fri, 25 Oct 2024");
  g_assert_cmpstr (w, ==, "Week 43, 2024");
  g_assert_cmpstr (w53, ==, "Week 53, 2020");
  g_assert_cmpstr (w1, ==, "Week 1, 2021");
  g_assert_cmpstr (m, ==, "October 2024");
  g_assert_cmpstr (t, ==, "Trending");
}

static void
test_nicks (void)
{
  const char *nicks[] = { "day", "week", "month", "trending" };
  PapersHfPeriod period = PAPERS_HF_PERIOD_MONTH;

  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    {
      g_assert_true (papers_hf_period_from_nick (nicks[i], &period));
      g_assert_cmpint (period, ==, i);
      g_assert_cmpstr (papers_hf_period_to_nick (period), ==, nicks[i]);
    }
  /* A word GSettings never held leaves the period as it was. */
  g_assert_false (papers_hf_period_from_nick ("year", &period));
  g_assert_false (papers_hf_period_from_nick ("", &period));
  g_assert_false (papers_hf_period_from_nick (NULL, &period));
  g_assert_cmpint (period, ==, PAPERS_HF_PERIOD_TRENDING);
}

int
main (int    argc,
      char **argv)
{
  /* The names of days and months are the untranslated ones. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sources/period/queries", test_queries);
  g_test_add_func ("/sources/period/week-year-end", test_week_year_end);
  g_test_add_func ("/sources/period/week-steps", test_week_steps);
  g_test_add_func ("/sources/period/month-steps", test_month_steps);
  g_test_add_func ("/sources/period/no-step", test_no_step);
  g_test_add_func ("/sources/period/describe", test_describe);
  g_test_add_func ("/sources/period/nicks", test_nicks);
  return g_test_run ();
}
