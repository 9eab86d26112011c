/* papers-sync-engine-private.h: the round's requests, with its retry
 * policy, for the parts of a round kept in files of their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-dav-client.h"

G_BEGIN_DECLS

GBytes    *papers_sync_dav_get  (PapersDavClient  *client,
                                 const char       *path,
                                 gsize             max,
                                 GError          **error);
gboolean   papers_sync_dav_put  (PapersDavClient  *client,
                                 const char       *path,
                                 GBytes           *body,
                                 GError          **error);
GPtrArray *papers_sync_dav_list (PapersDavClient  *client,
                                 GError          **error);
GPtrArray *papers_sync_dav_list_folder (PapersDavClient  *client,
                                        const char       *folder,
                                        GError          **error);
gboolean   papers_sync_dav_mkcol       (PapersDavClient  *client,
                                        const char       *folder,
                                        GError          **error);

G_END_DECLS
