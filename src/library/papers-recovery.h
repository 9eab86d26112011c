/* papers-recovery.h: a damaged library set aside, and its backup restored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A backup of the library that opens and passes SQLite's check */
typedef struct
{
  char      *path;
  GDateTime *made;      /* when it was written: its modification time */
  guint      n_papers;  /* the papers in its library */
} PapersBackup;

void          papers_backup_free            (PapersBackup  *backup);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersBackup, papers_backup_free)

GPtrArray    *papers_recovery_list_backups  (const char    *db_path);
PapersBackup *papers_recovery_find_backup   (const char    *db_path,
                                             GError       **error);
char         *papers_recovery_set_aside     (const char    *db_path,
                                             GDateTime     *when,
                                             GError       **error);
PapersBackup *papers_recovery_restore       (const char    *db_path,
                                             GDateTime     *when,
                                             char         **aside_path,
                                             GError       **error);

/* The same on a thread, for the window */
typedef enum
{
  PAPERS_RECOVERY_FIND_BACKUP,
  PAPERS_RECOVERY_RESTORE,
  PAPERS_RECOVERY_START_NEW,
} PapersRecoveryAction;

void          papers_recovery_run_async     (const char           *db_path,
                                             PapersRecoveryAction  action,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      papers_recovery_run_finish    (GAsyncResult         *result,
                                             PapersBackup        **backup,
                                             char                **aside_path,
                                             GError              **error);

G_END_DECLS
