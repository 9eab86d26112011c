/* papers-source-client-private.h: the HTTP core shared with the downloads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-source-client.h"

G_BEGIN_DECLS

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

void                papers_http_response_free          (PapersHttpResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersHttpResponse, papers_http_response_free)

void                papers_source_client_http_async    (PapersSourceClient       *self,
                                                        const PapersHttpRequest  *request,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
PapersHttpResponse *papers_source_client_http_finish   (PapersSourceClient       *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

const char         *papers_service_name                (PapersService             service);
gboolean            papers_source_check_status         (PapersService             service,
                                                        guint                     status,
                                                        GError                  **error);

G_END_DECLS
