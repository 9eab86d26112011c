/* papers-store.h: the library database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-annotation.h"
#include "papers-paper.h"
#include "papers-tag.h"

G_BEGIN_DECLS

#define PAPERS_STORE_ERROR (papers_store_error_quark ())

typedef enum
{
  PAPERS_STORE_ERROR_FAILED,
  PAPERS_STORE_ERROR_NOT_FOUND,
  PAPERS_STORE_ERROR_CORRUPT,
  PAPERS_STORE_ERROR_READ_ONLY,
  PAPERS_STORE_ERROR_FULL,
  PAPERS_STORE_ERROR_BUSY,
  PAPERS_STORE_ERROR_QUERY,
  PAPERS_STORE_ERROR_INVALID,
  PAPERS_STORE_ERROR_TOO_NEW,
} PapersStoreError;

GQuark papers_store_error_quark (void);

#define PAPERS_TYPE_STORE (papers_store_get_type ())

G_DECLARE_FINAL_TYPE (PapersStore, papers_store, PAPERS, STORE, GObject)

typedef enum
{
  PAPERS_STORE_OPEN_DEFAULT         = 0,
  /* Run PRAGMA integrity_check before anything else: slow on big libraries */
  PAPERS_STORE_OPEN_CHECK_INTEGRITY = 1 << 0,
  /* A library Papers may not write (its file or folder is write-protected)
   * opens read-only rather than failing: papers_store_is_read_only() */
  PAPERS_STORE_OPEN_READ_ONLY_OK    = 1 << 1,
} PapersStoreOpenFlags;

char        *papers_store_dup_default_path   (void);

PapersStore *papers_store_new                (const char           *path,
                                              GError              **error);
PapersStore *papers_store_new_full           (const char           *path,
                                              PapersStoreOpenFlags  flags,
                                              GError              **error);
void         papers_store_open_async         (const char           *path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
void         papers_store_open_full_async    (const char           *path,
                                              PapersStoreOpenFlags  flags,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
PapersStore *papers_store_open_finish        (GAsyncResult         *result,
                                              GError              **error);
const char  *papers_store_get_path           (PapersStore          *self);
gboolean     papers_store_is_read_only       (PapersStore          *self);
gboolean     papers_store_wait_queued        (PapersStore          *self,
                                              gint64                timeout_us);

/* Every operation is an _async call; its result comes from its own
 * _finish, or, for an operation that gives back nothing but success,
 * from papers_store_write_finish().  A write announces what it changed
 * (the signals below) just before its callback runs. */
gboolean     papers_store_write_finish         (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Maintenance: PRAGMA integrity_check, then (at most once a day, or
 * always with FORCE_BACKUP) a copy made with the SQLite backup API beside
 * the database; the last 3 are kept.  The application calls this once it
 * is idle after start-up. */
typedef enum
{
  PAPERS_STORE_MAINTAIN_DEFAULT      = 0,
  PAPERS_STORE_MAINTAIN_FORCE_BACKUP = 1 << 0,
} PapersStoreMaintainFlags;

void         papers_store_maintain_async       (PapersStore              *self,
                                                PapersStoreMaintainFlags  flags,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data);
gboolean     papers_store_maintain_finish      (PapersStore              *self,
                                                GAsyncResult             *result,
                                                GError                  **error);
char        *papers_store_dup_latest_backup    (const char               *db_path);

G_END_DECLS

/* The operations, by concern */
#include "papers-store-papers.h"
#include "papers-store-state.h"
#include "papers-store-search.h"
#include "papers-store-tags.h"
#include "papers-store-reading.h"
#include "papers-store-listings.h"
#include "papers-store-rank.h"
