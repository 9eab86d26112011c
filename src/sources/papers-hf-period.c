/* papers-hf-period.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-hf-period.h"
#include "papers-sources-enums.h"

/* Hugging Face lists Daily Papers by day (`date=YYYY-MM-DD`), by ISO 8601
 * week (`week=YYYY-Www`: the week-numbering year, which differs from the
 * calendar year in the days around New Year) and by month
 * (`month=YYYY-MM`); trending has no date.  The window keeps one day and
 * shows the period holding it, so switching from Week back to Day lands
 * on a day of the week that was shown.  The command line's --week and
 * --month take the same queries. */

/**
 * papers_hf_period_listing_kind:
 *
 * Returns: the kind of listing that shows @period
 */
PapersListingKind
papers_hf_period_listing_kind (PapersHfPeriod period)
{
  switch (period)
    {
    case PAPERS_HF_PERIOD_WEEK:
      return PAPERS_LISTING_HF_WEEK;
    case PAPERS_HF_PERIOD_MONTH:
      return PAPERS_LISTING_HF_MONTH;
    case PAPERS_HF_PERIOD_TRENDING:
      return PAPERS_LISTING_HF_TRENDING;
    case PAPERS_HF_PERIOD_DAY:
    default:
      return PAPERS_LISTING_HF_DAILY;
    }
}

/**
 * papers_hf_period_query:
 * @day: a day of the period
 *
 * Returns: (transfer full) (nullable): the listing's query for the
 *   period holding @day: `2024-10-25`, `2024-W43`, `2024-10`, or %NULL
 *   for trending
 */
char *
papers_hf_period_query (PapersHfPeriod  period,
                        GDateTime      *day)
{
  switch (period)
    {
    case PAPERS_HF_PERIOD_WEEK:
      return g_date_time_format (day, "%G-W%V");
    case PAPERS_HF_PERIOD_MONTH:
      return g_date_time_format (day, "%Y-%m");
    case PAPERS_HF_PERIOD_TRENDING:
      return NULL;
    case PAPERS_HF_PERIOD_DAY:
    default:
      return g_date_time_format (day, "%Y-%m-%d");
    }
}

/**
 * papers_hf_period_step:
 * @day: a day of the period shown
 * @steps: how many periods to go forward (negative: back)
 *
 * A month step keeps the day of the month where the new month has it and
 * takes its last day otherwise (31 January, a month on: 29 February).
 *
 * Returns: (transfer full): a day of the period @steps away, or @day for
 *   trending, which has no other period
 */
GDateTime *
papers_hf_period_step (PapersHfPeriod  period,
                       GDateTime      *day,
                       int             steps)
{
  GDateTime *stepped = NULL;

  switch (period)
    {
    case PAPERS_HF_PERIOD_DAY:
      stepped = g_date_time_add_days (day, steps);
      break;
    case PAPERS_HF_PERIOD_WEEK:
      stepped = g_date_time_add_weeks (day, steps);
      break;
    case PAPERS_HF_PERIOD_MONTH:
      stepped = g_date_time_add_months (day, steps);
      break;
    case PAPERS_HF_PERIOD_TRENDING:
    default:
      break;
    }
  /* Out of GDateTime's years 1–9999: stay put. */
  return stepped != NULL ? stepped : g_date_time_ref (day);
}

/**
 * papers_hf_period_describe:
 * @day: a day of the period
 *
 * Returns: (transfer full): the period as the window's subtitle names it:
 *   "Fri, 25 Oct 2024", "Week 43, 2024", "October 2024", "Trending"
 */
char *
papers_hf_period_describe (PapersHfPeriod  period,
                           GDateTime      *day)
{
  switch (period)
    {
    case PAPERS_HF_PERIOD_WEEK:
      /* Translators: an ISO 8601 week of Daily Papers, see strftime(3):
       * %-V is the week number (1 to 53, unpadded), %G its year (which
       * differs from the calendar year in the days around New Year) */
      return g_date_time_format (day, _("Week %-V, %G"));
    case PAPERS_HF_PERIOD_MONTH:
      /* Translators: a month of Daily Papers, see strftime(3); %OB is the
       * month's name on its own, not inside a date */
      return g_date_time_format (day, _("%OB %Y"));
    case PAPERS_HF_PERIOD_TRENDING:
      return g_strdup (_("Trending"));
    case PAPERS_HF_PERIOD_DAY:
    default:
      /* Translators: the day of the Daily Papers listing, see strftime(3) */
      return g_date_time_format (day, _("%a, %-d %b %Y"));
    }
}

/**
 * papers_hf_period_from_nick:
 * @nick: "day", "week", "month" or "trending"
 * @period: (out): the period
 *
 * Returns: whether @nick names a period
 */
gboolean
papers_hf_period_from_nick (const char     *nick,
                            PapersHfPeriod *period)
{
  GEnumClass *klass = g_type_class_ref (PAPERS_TYPE_HF_PERIOD);
  GEnumValue *value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (value != NULL)
    *period = value->value;
  g_type_class_unref (klass);
  return value != NULL;
}

/**
 * papers_hf_period_to_nick:
 *
 * Returns: (transfer none): @period's nick
 */
const char *
papers_hf_period_to_nick (PapersHfPeriod period)
{
  GEnumClass *klass = g_type_class_ref (PAPERS_TYPE_HF_PERIOD);
  GEnumValue *value = g_enum_get_value (klass, period);

  g_type_class_unref (klass);
  /* The class of a static enum type is never freed: its strings stay. */
  return value != NULL ? value->value_nick : NULL;
}
