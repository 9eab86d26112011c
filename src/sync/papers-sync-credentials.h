/* papers-sync-credentials.h: where sync's server, user, password and
 * passphrase come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PAPERS_SYNC_SECRET_PASSWORD,
  PAPERS_SYNC_SECRET_PASSPHRASE,
} PapersSyncSecret;

/**
 * PapersSyncCredentials:
 * @url: (nullable): the WebDAV folder
 * @user: (nullable): the user name on it
 * @password: (nullable): its password
 * @passphrase: (nullable): what the library's key is derived from
 */
typedef struct
{
  char *url;
  char *user;
  char *password;
  char *passphrase;
} PapersSyncCredentials;

void                   papers_sync_credentials_free      (PapersSyncCredentials *credentials);
gboolean               papers_sync_credentials_complete  (const PapersSyncCredentials *credentials);

PapersSyncCredentials *papers_sync_credentials_load      (GSettings             *settings);
void                   papers_sync_credentials_load_async (GSettings            *settings,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
PapersSyncCredentials *papers_sync_credentials_load_finish (GAsyncResult        *result,
                                                           GError              **error);

void                   papers_sync_secret_store_async    (PapersSyncSecret       kind,
                                                          const char            *secret,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
gboolean               papers_sync_secret_store_finish   (GAsyncResult          *result,
                                                          GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersSyncCredentials, papers_sync_credentials_free)

G_END_DECLS
