/* papers-source-client-private.h: what the downloads share with the client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-http.h"
#include "papers-source-client.h"

G_BEGIN_DECLS

PapersHttp *papers_source_client_get_http (PapersSourceClient *self);

G_END_DECLS
