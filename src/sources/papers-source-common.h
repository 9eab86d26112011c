/* papers-source-common.h: errors, limits and defaults shared by the sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-sources-enums.h"

G_BEGIN_DECLS

#define PAPERS_SOURCE_ERROR (papers_source_error_quark ())

/**
 * PapersSourceError:
 * @PAPERS_SOURCE_ERROR_OFFLINE: the service could not be reached
 * @PAPERS_SOURCE_ERROR_TIMEOUT: the service did not answer in time
 * @PAPERS_SOURCE_ERROR_RATE_LIMITED: the service asked us to slow down,
 *   and kept asking after the retries
 * @PAPERS_SOURCE_ERROR_SERVER_ERROR: the service failed (HTTP 5xx)
 * @PAPERS_SOURCE_ERROR_NOT_FOUND: the paper or listing does not exist
 * @PAPERS_SOURCE_ERROR_BAD_RESPONSE: the answer was not what the service
 *   documents: wrong format, wrong types, truncated or too large
 * @PAPERS_SOURCE_ERROR_INVALID_QUERY: the service rejected the query
 *   (an arXiv error entry, an unknown feed category, an invalid date)
 * @PAPERS_SOURCE_ERROR_INSECURE: the address is not HTTPS (plain HTTP is
 *   only allowed to the loopback interface) or the TLS handshake failed
 *
 * Cancellation is reported as %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  PAPERS_SOURCE_ERROR_OFFLINE,
  PAPERS_SOURCE_ERROR_TIMEOUT,
  PAPERS_SOURCE_ERROR_RATE_LIMITED,
  PAPERS_SOURCE_ERROR_SERVER_ERROR,
  PAPERS_SOURCE_ERROR_NOT_FOUND,
  PAPERS_SOURCE_ERROR_BAD_RESPONSE,
  PAPERS_SOURCE_ERROR_INVALID_QUERY,
  PAPERS_SOURCE_ERROR_INSECURE,
} PapersSourceError;

GQuark papers_source_error_quark (void);

/* A listing body larger than this is refused while it streams in. */
#define PAPERS_SOURCE_MAX_LISTING_BYTES (20 * 1024 * 1024)
/* A PDF larger than this is refused while it downloads. */
#define PAPERS_SOURCE_MAX_PDF_BYTES     ((goffset) 200 * 1024 * 1024)

#define PAPERS_SOURCE_DEFAULT_HF_URL        "https://huggingface.co"
#define PAPERS_SOURCE_DEFAULT_ARXIV_API_URL "https://export.arxiv.org/api/query"
#define PAPERS_SOURCE_DEFAULT_ARXIV_RSS_URL "https://rss.arxiv.org"
#define PAPERS_SOURCE_DEFAULT_ARXIV_URL     "https://arxiv.org"

void  papers_source_set_bad_response (GError     **error,
                                      const char  *service,
                                      const char  *format,
                                      ...) G_GNUC_PRINTF (3, 4);

char *papers_source_clean_text (const char *text,
                                gssize      len);

G_END_DECLS
