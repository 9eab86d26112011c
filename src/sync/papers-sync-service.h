/* papers-sync-service.h: the window's syncs, one at a time, shortly after
 * changes and every few minutes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PAPERS_TYPE_SYNC_SERVICE (papers_sync_service_get_type ())
G_DECLARE_FINAL_TYPE (PapersSyncService, papers_sync_service, PAPERS, SYNC_SERVICE, GObject)

/**
 * PapersSyncNoteVersion:
 * @text: the note as one device left it
 * @device: that device's id
 * @wall_ms: when (by that device's clock), in ms since 1970
 */
typedef struct
{
  char   *text;
  char   *device;
  gint64  wall_ms;
} PapersSyncNoteVersion;

PapersSyncService *papers_sync_service_new             (GSettings         *settings,
                                                        const char        *program);
void               papers_sync_service_set_delays      (PapersSyncService *self,
                                                        guint              after_change_ms,
                                                        guint              period_ms);
void               papers_sync_service_watch_store     (PapersSyncService *self,
                                                        gpointer           store);
void               papers_sync_service_start           (PapersSyncService *self);
void               papers_sync_service_sync_now        (PapersSyncService *self);
void               papers_sync_service_note_change     (PapersSyncService *self);
void               papers_sync_service_reload          (PapersSyncService *self);
void               papers_sync_service_shutdown        (PapersSyncService *self,
                                                        gint64             wait_us);

gboolean           papers_sync_service_get_configured  (PapersSyncService *self);
gboolean           papers_sync_service_get_syncing     (PapersSyncService *self);
guint              papers_sync_service_get_pending     (PapersSyncService *self);
gint64             papers_sync_service_get_last_synced (PapersSyncService *self);
const char        *papers_sync_service_get_error       (PapersSyncService *self);
guint              papers_sync_service_get_rounds      (PapersSyncService *self);

GPtrArray         *papers_sync_service_get_note_versions (PapersSyncService *self,
                                                          const char        *paper);
void               papers_sync_service_forget_conflict (PapersSyncService *self,
                                                        const char        *paper);

G_END_DECLS
