/* papers-listing.h: one fetched listing (a day of Hugging Face papers, a search, a feed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-paper.h"
#include "papers-sources-enums.h"

G_BEGIN_DECLS

/**
 * PapersListingKind:
 * @PAPERS_LISTING_HF_DAILY: Hugging Face Daily Papers of one day
 *   (query `YYYY-MM-DD`, or %NULL for the latest day)
 * @PAPERS_LISTING_HF_WEEK: Hugging Face Daily Papers of a week (`YYYY-Www`)
 * @PAPERS_LISTING_HF_MONTH: Hugging Face Daily Papers of a month (`YYYY-MM`)
 * @PAPERS_LISTING_HF_TRENDING: trending Hugging Face papers (no query)
 * @PAPERS_LISTING_HF_SEARCH: Hugging Face paper search (free text)
 * @PAPERS_LISTING_ARXIV_SEARCH: arXiv API search (arXiv query syntax)
 * @PAPERS_LISTING_ARXIV_IDS: arXiv API lookup (comma-separated ids)
 * @PAPERS_LISTING_ARXIV_FEED: arXiv listing feed (`cs.LG+cs.CL`)
 */
typedef enum
{
  PAPERS_LISTING_HF_DAILY,
  PAPERS_LISTING_HF_WEEK,
  PAPERS_LISTING_HF_MONTH,
  PAPERS_LISTING_HF_TRENDING,
  PAPERS_LISTING_HF_SEARCH,
  PAPERS_LISTING_ARXIV_SEARCH,
  PAPERS_LISTING_ARXIV_IDS,
  PAPERS_LISTING_ARXIV_FEED,
} PapersListingKind;

const char *papers_listing_kind_to_string (PapersListingKind kind);
char       *papers_listing_arxiv_query     (const char        *words);

#define PAPERS_TYPE_LISTING (papers_listing_get_type ())

G_DECLARE_FINAL_TYPE (PapersListing, papers_listing, PAPERS, LISTING, GObject)

PapersListing     *papers_listing_new               (PapersListingKind  kind,
                                                     const char        *query);
char              *papers_listing_make_key          (PapersListingKind  kind,
                                                     const char        *query);

PapersListingKind  papers_listing_get_kind          (PapersListing     *self);
const char        *papers_listing_get_query         (PapersListing     *self);
const char        *papers_listing_get_key           (PapersListing     *self);

GPtrArray         *papers_listing_get_papers        (PapersListing     *self);
void               papers_listing_set_papers        (PapersListing     *self,
                                                     GPtrArray         *papers);
int                papers_listing_get_total_results (PapersListing     *self);
void               papers_listing_set_total_results (PapersListing     *self,
                                                     int                total);
const char        *papers_listing_get_etag          (PapersListing     *self);
void               papers_listing_set_etag          (PapersListing     *self,
                                                     const char        *etag);
const char        *papers_listing_get_last_modified (PapersListing     *self);
void               papers_listing_set_last_modified (PapersListing     *self,
                                                     const char        *last_modified);
GDateTime         *papers_listing_get_fetched_at    (PapersListing     *self);
void               papers_listing_set_fetched_at    (PapersListing     *self,
                                                     GDateTime         *fetched_at);
gboolean           papers_listing_get_from_cache    (PapersListing     *self);
void               papers_listing_set_from_cache    (PapersListing     *self,
                                                     gboolean           from_cache);
const GError      *papers_listing_get_error         (PapersListing     *self);
void               papers_listing_set_error         (PapersListing     *self,
                                                     const GError      *error);

G_END_DECLS
