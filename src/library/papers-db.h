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
#define PAPERS_DB_VERSION 11
/* The version that added the sync change log */
#define PAPERS_DB_VERSION_SYNC_LOG 9

/* The search row of each paper in the library (version 11 and later):
 * rowid, title, abstract, authors, notes (note and annotations) and meta
 * (the PDF's text is in "body_search", which triggers on pdf_texts keep),
 * the tokens the search language's keys match: "lib", "st0".."st2",
 * "y2024", "starred", "hasnote", "hasannotations", "haspdf",
 * "hasfulltext" (version 8), "tag<id>". */
#define PAPERS_DB_SEARCH_ROW \
  "SELECT p.rowid, p.title, p.abstract," \
  " (SELECT group_concat (name, ', ') FROM" \
  "    (SELECT name FROM authors WHERE paper = p.rowid ORDER BY position))," \
  " (SELECT group_concat (t, ' ') FROM" \
  "    (SELECT text AS t FROM notes WHERE paper = p.rowid" \
  "     UNION ALL SELECT coalesce (text, '') || ' ' || coalesce (comment, '')" \
  "     FROM annotations WHERE paper = p.rowid))," \
  " 'lib st' || l.status" \
  "  || coalesce (' y' || strftime ('%Y', p.published, 'unixepoch'), '')" \
  "  || CASE WHEN l.starred THEN ' starred' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM notes WHERE paper = p.rowid) THEN ' hasnote' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM annotations WHERE paper = p.rowid) THEN ' hasannotations' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM pdfs WHERE paper = p.rowid) THEN ' haspdf' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM pdf_texts WHERE paper = p.rowid AND text <> '')" \
  "     THEN ' hasfulltext' ELSE '' END" \
  "  || coalesce ((SELECT ' ' || group_concat ('tag' || tag, ' ') FROM paper_tags WHERE paper = p.rowid), '')" \
  " FROM papers p JOIN library l ON l.paper = p.rowid"

typedef struct _PapersDb PapersDb;

/* The pointer type of a set of rowids bound for papers_rowid_in() */
#define PAPERS_DB_ROWID_SET "papers-rowid-set"

PapersDb     *papers_db_open          (const char    *path,
                                       gboolean       check_integrity,
                                       GError       **error);
/* With @read_only_ok, a library Papers may not write (its file or folder
 * is write-protected) opens read-only instead of failing */
PapersDb     *papers_db_open_full       (const char *path,
                                         gboolean    check_integrity,
                                         gboolean    read_only_ok,
                                         GError    **error);
gboolean      papers_db_is_read_only    (PapersDb   *db);
/* For reading beside the worker's connection (checks, backups) */
PapersDb     *papers_db_open_readonly   (const char *path,
                                         GError    **error);
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

void          papers_db_set_bulk      (PapersDb      *db,
                                       gboolean       bulk);
guint         papers_db_get_bulk_writes (PapersDb    *db);

void          papers_db_set_sync_quiet  (PapersDb    *db,
                                         gboolean     quiet);
gboolean      papers_db_get_sync_quiet  (PapersDb    *db);
gboolean      papers_db_get_stamp       (PapersDb    *db,
                                         gint64      *wall,
                                         gint64      *logical);
void          papers_db_set_stamp       (PapersDb    *db,
                                         gint64       wall,
                                         gint64       logical);
void          papers_db_forget_stamp    (PapersDb    *db);

/* Backups beside the database: "<path>.backup-YYYY-MM-DD" */
gboolean      papers_db_backup        (PapersDb      *db,
                                       gboolean       force,
                                       GError       **error);
gboolean      papers_db_copy_to       (PapersDb      *db,
                                       const char    *target,
                                       GError       **error);
gboolean      papers_db_check_integrity (PapersDb    *db,
                                         GError     **error);

G_END_DECLS
