/* papers-db.h: a SQLite connection with cached statements and GError
 * reporting; private to the library layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The schema version this build writes; see papers-db.c for the history. */
#define PAPERS_DB_VERSION 2

typedef struct _PapersDb PapersDb;

PapersDb     *papers_db_open          (const char    *path,
                                       gboolean       check_integrity,
                                       GError       **error);
/* Tests make databases of old versions with this */
PapersDb     *papers_db_open_at_version (const char *path,
                                         gboolean    check_integrity,
                                         int         target_version,
                                         GError    **error);
void          papers_db_close         (PapersDb      *db);
sqlite3      *papers_db_get_handle    (PapersDb      *db);
const char   *papers_db_get_path      (PapersDb      *db);

/* Migrates up to @version: tests use it to make databases of old versions. */
gboolean      papers_db_migrate       (PapersDb      *db,
                                       int            version,
                                       GError       **error);
int           papers_db_get_version   (PapersDb      *db);

/* The cancellable checked while a statement runs: set for each job */
void          papers_db_set_cancellable (PapersDb    *db,
                                         GCancellable *cancellable);

gboolean      papers_db_exec          (PapersDb      *db,
                                       const char    *sql,
                                       GError       **error);
/* A prepared statement, reset and with its bindings cleared, owned by @db */
sqlite3_stmt *papers_db_prepare       (PapersDb      *db,
                                       const char    *sql,
                                       GError       **error);
/* Steps @stmt; TRUE with *row set for SQLITE_ROW/SQLITE_DONE */
gboolean      papers_db_step          (PapersDb      *db,
                                       sqlite3_stmt  *stmt,
                                       gboolean      *row,
                                       GError       **error);
/* Steps @stmt to its end */
gboolean      papers_db_run           (PapersDb      *db,
                                       sqlite3_stmt  *stmt,
                                       GError       **error);

gboolean      papers_db_begin         (PapersDb      *db,
                                       GError       **error);
gboolean      papers_db_commit        (PapersDb      *db,
                                       GError       **error);
void          papers_db_rollback      (PapersDb      *db);

void          papers_db_set_error     (PapersDb      *db,
                                       int            rc,
                                       GError       **error);

void          papers_db_bind_text     (sqlite3_stmt  *stmt,
                                       int            index,
                                       const char    *text);
void          papers_db_bind_date     (sqlite3_stmt  *stmt,
                                       int            index,
                                       GDateTime     *date);
GDateTime    *papers_db_column_date   (sqlite3_stmt  *stmt,
                                       int            column);
const char   *papers_db_column_text   (sqlite3_stmt  *stmt,
                                       int            column);

/* Backups beside the database: "<path>.backup-YYYY-MM-DD" */
gboolean      papers_db_backup        (PapersDb      *db,
                                       gboolean       force,
                                       GError       **error);
gboolean      papers_db_check_integrity (PapersDb    *db,
                                         GError     **error);

G_END_DECLS
