/* papers-store-private.h: the store's operations on its connection, run
 * by the worker thread (and by papers-bench directly, for the floor)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-db.h"
#include "papers-query.h"
#include "papers-store.h"

G_BEGIN_DECLS

/* What a job changed, announced on the main thread when it completes */
typedef struct
{
  GPtrArray *added;        /* ids entering the library */
  GPtrArray *removed;      /* ids leaving it */
  GPtrArray *changed;      /* ids whose data changed */
  GPtrArray *annotations;  /* ids whose annotations changed */
  gboolean   tags;
} PapersStoreChanges;

void        papers_store_changes_init  (PapersStoreChanges *changes);
void        papers_store_changes_clear (PapersStoreChanges *changes);
void        papers_store_changes_note  (GPtrArray          *ids,
                                        const char         *id);

char       *papers_store_make_id       (PapersPaper        *paper);

gint64      papers_store_db_lookup     (PapersDb           *db,
                                        const char         *id,
                                        GError            **error);
gint64      papers_store_db_lookup_doi (PapersDb           *db,
                                        const char         *doi,
                                        GError            **error);
GPtrArray  *papers_store_db_load       (PapersDb           *db,
                                        GArray             *rowids,
                                        GError            **error);
GString    *papers_store_rowids_json   (GArray             *rowids);
GPtrArray  *papers_store_db_load_keyed (PapersDb           *db,
                                        GArray             *rowids,
                                        GError            **error);
gboolean    papers_store_db_upsert     (PapersDb           *db,
                                        GPtrArray          *papers,
                                        gboolean            add_to_library,
                                        PapersStoreChanges *changes,
                                        GError            **error);
gboolean    papers_store_db_remove     (PapersDb           *db,
                                        const char * const *ids,
                                        PapersStoreChanges *changes,
                                        GError            **error);
gboolean    papers_store_db_set_state  (PapersDb           *db,
                                        const char         *id,
                                        const char         *column,
                                        int                 value,
                                        PapersStoreChanges *changes,
                                        GError            **error);
gboolean    papers_store_db_set_note   (PapersDb           *db,
                                        const char         *id,
                                        const char         *text,
                                        PapersStoreChanges *changes,
                                        GError            **error);
gboolean    papers_store_db_tag_paper  (PapersDb           *db,
                                        const char         *id,
                                        const char * const *add,
                                        const char * const *remove,
                                        PapersStoreChanges *changes,
                                        GError            **error);
GListModel *papers_store_db_list_tags  (PapersDb           *db,
                                        GError            **error);
gboolean    papers_store_db_edit_tag   (PapersDb           *db,
                                        PapersTagEdit       edit,
                                        const char         *name,
                                        const char         *value,
                                        PapersStoreChanges *changes,
                                        GError            **error);
gboolean    papers_store_db_set_pdf    (PapersDb           *db,
                                        const char         *id,
                                        const char         *path,
                                        gint64              size,
                                        const char         *sha256,
                                        PapersStoreChanges *changes,
                                        GError            **error);
gboolean    papers_store_db_set_pdf_text (PapersDb         *db,
                                          const char       *id,
                                          const char       *text,
                                          GError          **error);
gboolean    papers_store_db_set_pdf_pages (PapersDb        *db,
                                           const char      *id,
                                           const char      *text,
                                           gint64           size,
                                           gint64           mtime,
                                           const char      *sha256,
                                           GError         **error);
GPtrArray  *papers_store_db_list_pdf_texts (PapersDb       *db,
                                            const char     *id,
                                            GError        **error);
gboolean    papers_store_db_get_position (PapersDb         *db,
                                          const char       *id,
                                          int              *page,
                                          double           *offset,
                                          double           *zoom,
                                          GError          **error);
gboolean    papers_store_db_set_position (PapersDb         *db,
                                          const char       *id,
                                          int               page,
                                          double            offset,
                                          double            zoom,
                                          GError          **error);
gboolean    papers_store_db_add_reading_time (PapersDb     *db,
                                              const char   *id,
                                              double        seconds,
                                              GError      **error);
GListModel *papers_store_db_list_annotations (PapersDb     *db,
                                              const char   *id,
                                              GError      **error);
gboolean    papers_store_db_save_annotation  (PapersDb           *db,
                                              PapersAnnotation   *annotation,
                                              gboolean            add,
                                              PapersStoreChanges *changes,
                                              GError            **error);
gboolean    papers_store_db_remove_annotation (PapersDb           *db,
                                               gint64              annotation_id,
                                               PapersStoreChanges *changes,
                                               GError            **error);
gboolean    papers_store_db_save_listing (PapersDb           *db,
                                          const char         *source,
                                          const char         *key,
                                          const char         *etag,
                                          const char         *last_modified,
                                          GPtrArray          *papers,
                                          PapersStoreChanges *changes,
                                          GError            **error);
PapersCachedListing *papers_store_db_load_listing (PapersDb    *db,
                                                   const char  *source,
                                                   const char  *key,
                                                   GError     **error);

/* For You (papers-store-db-rank.c) */
gboolean    papers_store_db_dismiss    (PapersDb           *db,
                                        const char         *id,
                                        PapersPaper        *paper,
                                        gboolean            dismissed,
                                        PapersStoreChanges *changes,
                                        GError            **error);
GStrv       papers_store_db_list_dismissed (PapersDb       *db,
                                            GError        **error);
gboolean    papers_store_db_follow     (PapersDb           *db,
                                        PapersFollowKind    kind,
                                        const char         *value,
                                        gboolean            follow,
                                        GError            **error);
GStrv       papers_store_db_list_follows (PapersDb         *db,
                                          PapersFollowKind  kind,
                                          GError          **error);
PapersRankState *papers_store_db_load_rank_state (PapersDb    *db,
                                                  GHashTable  *known,
                                                  GError     **error);
gboolean    papers_store_db_save_rank_model (PapersDb      *db,
                                             GBytes        *model,
                                             guint32        version,
                                             GHashTable    *stamps,
                                             GError       **error);

/* The search plan (papers-search.c): rowids of the results, best first */
gboolean    papers_search_run          (PapersDb           *db,
                                        PapersQuery        *query,
                                        guint               offset,
                                        guint               limit,
                                        GArray             *rowids,
                                        GError            **error);
gboolean    papers_search_find         (PapersDb           *db,
                                        PapersQuery        *query,
                                        const char         *filter_key,
                                        const char         *filter_value,
                                        PapersSort          sort,
                                        gboolean            quick,
                                        guint               limit,
                                        GArray             *rowids,
                                        GError            **error);
gboolean    papers_search_mark_body_hits (PapersDb         *db,
                                          PapersQuery      *query,
                                          GArray           *rowids,
                                          GPtrArray        *papers,
                                          GError          **error);
gboolean    papers_search_count        (PapersDb           *db,
                                        PapersCounts       *counts,
                                        GError            **error);

PapersCachedListing *papers_cached_listing_new (const char *source,
                                                const char *key,
                                                GPtrArray  *papers,
                                                GDateTime  *fetched,
                                                const char *etag,
                                                const char *last_modified);

void        papers_store_hold_for_test (PapersStore         *self,
                                        gint                *started,
                                        GCancellable        *release,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);

G_END_DECLS
