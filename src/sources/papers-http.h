/* papers-http.h: the HTTP core every source request goes through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * PapersClock:
 * @now: the monotonic time in microseconds
 * @timeout_source: a source that fires after @delay_us microseconds
 * @user_data: passed to both
 *
 * The HTTP core's sense of time: the arXiv spacing and the retry backoff
 * are measured with @now and waited for with @timeout_source, so a test
 * can prove the spacing without sleeping.
 */
typedef struct
{
  gint64   (*now)            (gpointer user_data);
  GSource *(*timeout_source) (gint64   delay_us,
                              gpointer user_data);
  gpointer user_data;
} PapersClock;

/* At most one arXiv request starts in any interval this long. */
#define PAPERS_ARXIV_INTERVAL_US (3 * G_USEC_PER_SEC)

/* Who is asked: names the service in errors, and arXiv requests wait in
 * the polite queue. */
typedef enum
{
  PAPERS_SERVICE_HF,
  PAPERS_SERVICE_ARXIV,
} PapersService;

typedef struct _PapersHttpResponse PapersHttpResponse;

/* Called once the headers of a 2xx answer are in: returns where the body
 * goes, or %NULL with @error set to refuse it. */
typedef GOutputStream *(*PapersHttpOpenSink) (guint                      status,
                                              goffset                    range_start,
                                              goffset                    total,
                                              const PapersHttpResponse  *response,
                                              gpointer                   user_data,
                                              GError                   **error);
typedef void (*PapersHttpProgress) (goffset  received,
                                    goffset  total,
                                    gpointer user_data);

typedef struct
{
  const char          *uri;
  PapersService        service;
  goffset              max_bytes;
  const char          *etag;
  const char          *last_modified;
  goffset              range_from;
  const char          *if_range;
  PapersHttpOpenSink   open_sink;
  PapersHttpProgress   progress;
  gpointer             user_data;
} PapersHttpRequest;

struct _PapersHttpResponse
{
  guint    status;
  GBytes  *body;
  char    *etag;
  char    *last_modified;
  char    *next_link;
  goffset  range_start;
  goffset  received;
};

void                papers_http_response_free      (PapersHttpResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersHttpResponse, papers_http_response_free)

#define PAPERS_TYPE_HTTP (papers_http_get_type ())

G_DECLARE_FINAL_TYPE (PapersHttp, papers_http, PAPERS, HTTP, GObject)

PapersHttp         *papers_http_new                (void);

void                papers_http_set_timeout        (PapersHttp               *self,
                                                    guint                     seconds);
void                papers_http_set_clock          (PapersHttp               *self,
                                                    const PapersClock        *clock);
void                papers_http_set_retry_policy   (PapersHttp               *self,
                                                    guint                     max_retries,
                                                    guint                     max_wait_seconds);
void                papers_http_set_listing_deadline (PapersHttp             *self,
                                                      guint                   seconds);

void                papers_http_get_async          (PapersHttp               *self,
                                                    const PapersHttpRequest  *request,
                                                    GCancellable             *cancellable,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data);
PapersHttpResponse *papers_http_get_finish         (PapersHttp               *self,
                                                    GAsyncResult             *result,
                                                    GError                  **error);

const char         *papers_service_name            (PapersService             service);
gboolean            papers_http_uri_is_allowed     (GUri                     *uri);
gboolean            papers_http_check_status       (PapersService             service,
                                                    guint                     status,
                                                    GError                  **error);

G_END_DECLS
