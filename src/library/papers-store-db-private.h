/* papers-store-db-private.h: what the store's jobs do on the connection,
 * a file per concern (papers-store-db-papers.c, -state.c, -tags.c,
 * -pdfs.c, -reading.c, -listings.c), and the helpers they share
 *
 * Everything here runs on the store's worker thread (or on the one
 * connection of a benchmark).  Each function that changes several rows
 * runs in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store-private.h"
#include "papers-store-sync.h"

G_BEGIN_DECLS

/* Search rows to write at the end of a transaction: rowid → IndexItem */
typedef GHashTable PapersStoreToIndex;

/* papers-store-db.c: the first column of @sql's row for @value, 0 if
 * there is none, -1 with @error; and a statement run with one or two
 * integers bound */
gint64    papers_store_db_lookup_by     (PapersDb            *db,
                                         const char          *sql,
                                         const char          *value,
                                         GError             **error);
gboolean  papers_store_db_exec_bound    (PapersDb            *db,
                                         const char          *sql,
                                         gint64               a,
                                         gint64               b,
                                         GError             **error);

/* papers-store-db.c: writes a paper's tables, inside
 * papers_store_db_edit_paper()'s transaction */
typedef gboolean (*PapersStoreDbWrite) (PapersDb       *db,
                                        gint64          rowid,
                                        gconstpointer   data,
                                        GError        **error);

gboolean  papers_store_db_edit_paper    (PapersDb            *db,
                                         const char          *id,
                                         PapersStoreDbWrite   write,
                                         gconstpointer        data,
                                         PapersStoreChanges  *changes,
                                         GError             **error);

/* papers-store-db-papers.c */
gint64    papers_store_db_library_rowid (PapersDb            *db,
                                         const char          *id,
                                         PapersStoreChanges  *changes,
                                         GError             **error);
gboolean  papers_store_db_index_paper   (PapersDb            *db,
                                         gint64               rowid,
                                         gboolean             is_new,
                                         GError             **error);
PapersStoreToIndex *
          papers_store_db_to_index_new  (void);
gboolean  papers_store_db_to_index_run  (PapersDb            *db,
                                         PapersStoreToIndex  *to_index,
                                         GError             **error);
gboolean  papers_store_db_upsert_one    (PapersDb            *db,
                                         PapersPaper         *paper,
                                         gboolean             add_to_library,
                                         gboolean            *tags_created,
                                         PapersStoreChanges  *changes,
                                         PapersStoreToIndex  *to_index,
                                         gint64              *rowid_out,
                                         GError             **error);

/* papers-store-db-state.c */
gboolean  papers_store_db_write_note    (PapersDb            *db,
                                         gint64               rowid,
                                         const char          *text,
                                         GError             **error);

/* papers-store-db-tags.c */
gboolean  papers_store_db_tag_rowid     (PapersDb            *db,
                                         gint64               rowid,
                                         const char * const  *add,
                                         const char * const  *remove,
                                         gboolean            *created_tags,
                                         GArray              *tag_ids,
                                         GError             **error);

/* papers-store-db-sync.c: appends a change to the sync log, in the
 * caller's transaction, stamped by the device's clock; @paper or, when
 * NULL, the id of the paper @rowid.  Nothing while the connection writes
 * received changes (papers_db_set_sync_quiet()). */
gboolean  papers_store_db_log           (PapersDb            *db,
                                         const char          *op,
                                         const char          *paper,
                                         gint64               rowid,
                                         const char          *key,
                                         const char          *text,
                                         gboolean             flag,
                                         GError             **error);
gboolean  papers_store_db_sync_load     (PapersDb            *db,
                                         PapersStoreSyncLog  *log,
                                         GError             **error);
gboolean  papers_store_db_sync_load_state (PapersDb          *db,
                                           GPtrArray         *entries,
                                           GError           **error);
gboolean  papers_store_db_sync_save     (PapersDb            *db,
                                         PapersStoreSyncSave *save,
                                         PapersStoreChanges  *changes,
                                         GError             **error);
gboolean  papers_store_db_sync_count_pending (PapersDb        *db,
                                              gint64          *count,
                                              GError         **error);

G_END_DECLS
