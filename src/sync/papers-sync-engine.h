/* papers-sync-engine.h: one sync round between the library and the
 * reader's WebDAV folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-dav-client.h"
#include "papers-store.h"
#include "papers-sync-record.h"

G_BEGIN_DECLS

/**
 * PapersSyncStats:
 * @sent: changes uploaded
 * @received: changes downloaded from other devices
 * @conflicts: notes edited on two devices, unresolved
 * @bytes_up: @bytes_down: bodies sent and received
 */
typedef struct
{
  guint64 sent;
  guint64 received;
  guint64 conflicts;
  guint64 bytes_up;
  guint64 bytes_down;
} PapersSyncStats;

gboolean   papers_sync_run            (PapersStore      *store,
                                       const char       *url,
                                       const char       *user,
                                       const char       *password,
                                       const char       *passphrase,
                                       PapersSyncStats  *stats,
                                       GError          **error);

/* The unresolved note conflicts the last sync left: paper id → a
 * GPtrArray of the note versions (PapersSyncRecord), oldest first */
GHashTable *papers_sync_dup_conflicts (PapersStore      *store,
                                       GError          **error);

/* Rounds keep the merged state they saved in memory for the next one in
 * the process; this frees it (the next round reads the library's). */
void       papers_sync_drop_cached_state (void);

/* PDFs sent through sync (papers-sync-pdfs.c): whether a device sent one
 * of @paper, and fetching it */
gboolean   papers_sync_dup_pdf        (PapersStore      *store,
                                       const char       *paper,
                                       char            **sha256,
                                       guint64          *size,
                                       GError          **error);
char      *papers_sync_fetch_pdf      (PapersStore      *store,
                                       const char       *url,
                                       const char       *user,
                                       const char       *password,
                                       const char       *passphrase,
                                       const char       *paper,
                                       PapersDavProgress progress,
                                       gpointer          user_data,
                                       PapersSyncStats  *stats,
                                       GError          **error);

/* The derived key kept for the next round, and its wipe (a passphrase,
 * server or user changed; sign-out) */
void       papers_sync_forget_key          (void);
guint      papers_sync_get_key_derivations (void);

/* The window's rounds, on a worker thread with the key and the merged
 * state kept between them */
typedef struct _PapersSyncSession PapersSyncSession;

PapersSyncSession *papers_sync_session_new        (const char          *db_path);
PapersSyncSession *papers_sync_session_ref        (PapersSyncSession   *self);
void               papers_sync_session_unref      (PapersSyncSession   *self);
void               papers_sync_session_run_async  (PapersSyncSession   *self,
                                                   const char          *url,
                                                   const char          *user,
                                                   const char          *password,
                                                   const char          *passphrase,
                                                   gboolean             list_conflicts,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean           papers_sync_session_run_finish (PapersSyncSession   *self,
                                                   GAsyncResult        *result,
                                                   PapersSyncStats     *stats,
                                                   GHashTable         **conflicts,
                                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersSyncSession, papers_sync_session_unref)

G_END_DECLS
