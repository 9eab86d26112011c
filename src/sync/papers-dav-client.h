/* papers-dav-client.h: a WebDAV client for the reader's own storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PAPERS_DAV_ERROR (papers_dav_error_quark ())

/**
 * PapersDavError:
 * @PAPERS_DAV_ERROR_OFFLINE: the server could not be reached
 * @PAPERS_DAV_ERROR_CONNECTION_LOST: the connection dropped during the
 *   transfer: nothing is known to have been written
 * @PAPERS_DAV_ERROR_TIMEOUT: the server did not answer in time
 * @PAPERS_DAV_ERROR_INSECURE: not HTTPS (plain HTTP is only allowed to
 *   the loopback interface), or the certificate was refused
 * @PAPERS_DAV_ERROR_UNAUTHORIZED: 401, the user name or password is wrong
 * @PAPERS_DAV_ERROR_FORBIDDEN: 403, the account may not do this
 * @PAPERS_DAV_ERROR_NOT_FOUND: 404 or 410
 * @PAPERS_DAV_ERROR_MISSING_FOLDER: 409, the folder to write into is gone
 * @PAPERS_DAV_ERROR_PRECONDITION_FAILED: 412, the file changed (or
 *   appeared) on the server since it was read
 * @PAPERS_DAV_ERROR_LOCKED: 423, another program locked the file
 * @PAPERS_DAV_ERROR_INSUFFICIENT_STORAGE: 507, the storage is full
 * @PAPERS_DAV_ERROR_SERVER_ERROR: another 5xx
 * @PAPERS_DAV_ERROR_BAD_RESPONSE: an answer that is not WebDAV's, an
 *   unexpected status, a redirect, or a body over the limit
 *
 * Cancellation is reported as %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  PAPERS_DAV_ERROR_OFFLINE,
  PAPERS_DAV_ERROR_CONNECTION_LOST,
  PAPERS_DAV_ERROR_TIMEOUT,
  PAPERS_DAV_ERROR_INSECURE,
  PAPERS_DAV_ERROR_UNAUTHORIZED,
  PAPERS_DAV_ERROR_FORBIDDEN,
  PAPERS_DAV_ERROR_NOT_FOUND,
  PAPERS_DAV_ERROR_MISSING_FOLDER,
  PAPERS_DAV_ERROR_PRECONDITION_FAILED,
  PAPERS_DAV_ERROR_LOCKED,
  PAPERS_DAV_ERROR_INSUFFICIENT_STORAGE,
  PAPERS_DAV_ERROR_SERVER_ERROR,
  PAPERS_DAV_ERROR_BAD_RESPONSE,
} PapersDavError;

GQuark papers_dav_error_quark (void);

/* A listing (PROPFIND) body over this is refused. */
#define PAPERS_DAV_MAX_LISTING_BYTES ((gsize) 64 * 1024 * 1024)

/**
 * PapersDavEntry:
 * @name: the member's name in the folder listed (unescaped)
 * @is_folder: whether it is a collection
 * @etag: (nullable): its ETag, as the server spells it
 * @size: its length in bytes, -1 when unknown
 */
typedef struct
{
  char    *name;
  gboolean is_folder;
  char    *etag;
  gint64   size;
} PapersDavEntry;

void papers_dav_entry_free (PapersDavEntry *entry);

/* Called as a body goes up or comes down. */
typedef void (*PapersDavProgress) (gsize    transferred,
                                   gpointer user_data);

#define PAPERS_TYPE_DAV_CLIENT (papers_dav_client_get_type ())

G_DECLARE_FINAL_TYPE (PapersDavClient, papers_dav_client, PAPERS, DAV_CLIENT, GObject)

PapersDavClient *papers_dav_client_new            (const char           *base_url,
                                                   const char           *user,
                                                   const char           *password,
                                                   GError              **error);
void             papers_dav_client_set_timeout    (PapersDavClient      *self,
                                                   guint                 seconds);
void             papers_dav_client_set_progress   (PapersDavClient      *self,
                                                   PapersDavProgress     progress,
                                                   gpointer              user_data);

void             papers_dav_client_list_async     (PapersDavClient      *self,
                                                   const char           *path,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray       *papers_dav_client_list_finish    (PapersDavClient      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void             papers_dav_client_mkcol_async    (PapersDavClient      *self,
                                                   const char           *path,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         papers_dav_client_mkcol_finish   (PapersDavClient      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void             papers_dav_client_put_async      (PapersDavClient      *self,
                                                   const char           *path,
                                                   GBytes               *body,
                                                   const char           *etag,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char            *papers_dav_client_put_finish     (PapersDavClient      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void             papers_dav_client_get_async      (PapersDavClient      *self,
                                                   const char           *path,
                                                   gsize                 max_bytes,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GBytes          *papers_dav_client_get_finish     (PapersDavClient      *self,
                                                   GAsyncResult         *result,
                                                   char                **etag,
                                                   GError              **error);
void             papers_dav_client_delete_async   (PapersDavClient      *self,
                                                   const char           *path,
                                                   const char           *etag,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         papers_dav_client_delete_finish  (PapersDavClient      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

GPtrArray       *papers_dav_parse_multistatus     (GBytes               *body,
                                                   const char           *folder_path,
                                                   GError              **error);

G_END_DECLS
