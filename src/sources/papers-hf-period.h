/* papers-hf-period.h: the periods of Hugging Face Daily Papers (day, ISO week, month, trending)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "papers-listing.h"

G_BEGIN_DECLS

/**
 * PapersHfPeriod:
 * @PAPERS_HF_PERIOD_DAY: the papers of one day
 * @PAPERS_HF_PERIOD_WEEK: the papers of the ISO 8601 week holding the day
 * @PAPERS_HF_PERIOD_MONTH: the papers of the month holding the day
 * @PAPERS_HF_PERIOD_TRENDING: the papers trending now, whatever the day
 *
 * The nicks ("day", "week", "month", "trending") are the words GSettings
 * keeps.
 */
typedef enum
{
  PAPERS_HF_PERIOD_DAY,
  PAPERS_HF_PERIOD_WEEK,
  PAPERS_HF_PERIOD_MONTH,
  PAPERS_HF_PERIOD_TRENDING,
} PapersHfPeriod;

PapersListingKind  papers_hf_period_listing_kind (PapersHfPeriod  period);
char              *papers_hf_period_query        (PapersHfPeriod  period,
                                                  GDateTime      *day);
GDateTime         *papers_hf_period_step         (PapersHfPeriod  period,
                                                  GDateTime      *day,
                                                  int             steps);
char              *papers_hf_period_describe     (PapersHfPeriod  period,
                                                  GDateTime      *day);
gboolean           papers_hf_period_from_nick    (const char     *nick,
                                                  PapersHfPeriod *period);
const char        *papers_hf_period_to_nick      (PapersHfPeriod  period);

G_END_DECLS
