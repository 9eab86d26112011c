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

/* A listing as a source last fetched it: see papers_store_save_listing_async() */
#define PAPERS_TYPE_CACHED_LISTING (papers_cached_listing_get_type ())

typedef struct _PapersCachedListing PapersCachedListing;

GType                papers_cached_listing_get_type          (void) G_GNUC_CONST;
PapersCachedListing *papers_cached_listing_ref               (PapersCachedListing *self);
void                 papers_cached_listing_unref             (PapersCachedListing *self);
const char          *papers_cached_listing_get_source        (PapersCachedListing *self);
const char          *papers_cached_listing_get_key           (PapersCachedListing *self);
GPtrArray           *papers_cached_listing_get_papers        (PapersCachedListing *self);
GDateTime           *papers_cached_listing_get_fetched       (PapersCachedListing *self);
const char          *papers_cached_listing_get_etag          (PapersCachedListing *self);
const char          *papers_cached_listing_get_last_modified (PapersCachedListing *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersCachedListing, papers_cached_listing_unref)

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

/* Papers */

/* Inserts @papers as a source or import knows them, or merges them
 * (papers_paper_merge()) into the same papers already stored under their
 * id, arXiv id or DOI; all in one transaction.  With @add_to_library,
 * they are kept in the library, with their tags and note.  Waited for
 * with papers_store_wait(), papers given without an id get theirs set. */
void         papers_store_upsert_papers_async  (PapersStore         *self,
                                                GPtrArray           *papers,
                                                gboolean             add_to_library,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

void         papers_store_get_paper_async      (PapersStore         *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PapersPaper *papers_store_get_paper_finish     (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Removes the papers from the library: their tags, note, annotations,
 * reading position and PDF record go; the metadata stays for listings. */
void         papers_store_remove_papers_async  (PapersStore         *self,
                                                const char * const  *ids,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* Search (see "Search syntax" in README.md); "" lists the whole library.
 * The result is a GListModel of PapersPaper, best first.  A query the
 * language refuses fails with a PAPERS_QUERY_ERROR whose message is meant
 * for the user; cancel a search a newer query replaces. */
void         papers_store_search_async         (PapersStore         *self,
                                                const char          *query,
                                                guint                offset,
                                                guint                limit,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GListModel  *papers_store_search_finish        (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The order of a library list */
typedef enum
{
  PAPERS_SORT_RELEVANCE,  /* best first; with no words, latest added first */
  PAPERS_SORT_PUBLISHED,  /* newest first */
  PAPERS_SORT_ADDED,      /* latest added first */
  PAPERS_SORT_TITLE,      /* A to Z, ignoring case */
  PAPERS_SORT_UPVOTES,    /* most first */
} PapersSort;

/* What a find returned: the keys of every match, in order, and the first
 * matches loaded.  Keys are the store's own, good for
 * papers_store_load_async() until the library changes. */
typedef struct _PapersFound PapersFound;

#define PAPERS_TYPE_FOUND (papers_found_get_type ())

GType        papers_found_get_type             (void) G_GNUC_CONST;
PapersFound *papers_found_ref                  (PapersFound         *found);
void         papers_found_unref                (PapersFound         *found);
guint        papers_found_get_n_keys           (PapersFound         *found);
const gint64 *papers_found_get_keys            (PapersFound         *found);
GPtrArray   *papers_found_get_loaded           (PapersFound         *found);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersFound, papers_found_unref)

typedef enum
{
  PAPERS_FIND_DEFAULT = 0,
  /* For a query being typed: by relevance, the first @limit matches as
   * found fastest (title matches, then the others, newest first) rather
   * than ranked */
  PAPERS_FIND_QUICK   = 1 << 0,
} PapersFindFlags;

/* Finds the library's papers matching @query and, when @filter_key is
 * given, the term @filter_key:@filter_value (a view such as a tag or
 * "is:unread", taken whole), in @sort order: at most @limit (0: all of
 * them), the first @n_load of them loaded.  This is for a window that
 * shows a long list a screenful at a time.  PAPERS_FIND_QUICK suits a
 * query being typed: ranking a prefix ("mod*") costs several times as
 * much.  A query the language refuses fails with a PAPERS_QUERY_ERROR. */
void         papers_store_find_async           (PapersStore         *self,
                                                const char          *query,
                                                const char          *filter_key,
                                                const char          *filter_value,
                                                PapersSort           sort,
                                                PapersFindFlags      flags,
                                                guint                limit,
                                                guint                n_load,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PapersFound *papers_store_find_finish          (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Loads papers by key: an array as long as @keys, NULL where a paper is
 * gone. */
void         papers_store_load_async           (PapersStore         *self,
                                                const gint64        *keys,
                                                guint                n_keys,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray   *papers_store_load_finish          (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Loads the papers with these ids that the store knows, in the library
 * or not, in no particular order. */
void         papers_store_get_papers_async     (PapersStore         *self,
                                                const char * const  *ids,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray   *papers_store_get_papers_finish    (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* How many papers the library holds, in all and by state */
typedef struct
{
  guint all;
  guint unread;
  guint reading;
  guint read;
  guint starred;
} PapersCounts;

#define PAPERS_TYPE_COUNTS (papers_counts_get_type ())

GType         papers_counts_get_type           (void) G_GNUC_CONST;
PapersCounts *papers_counts_copy               (const PapersCounts  *counts);
void          papers_counts_free               (PapersCounts        *counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersCounts, papers_counts_free)

void          papers_store_count_async         (PapersStore         *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PapersCounts *papers_store_count_finish        (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Library state of one paper.  Each emits "paper-changed". */
void         papers_store_set_status_async     (PapersStore         *self,
                                                const char          *id,
                                                PapersReadStatus     status,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
void         papers_store_set_starred_async    (PapersStore         *self,
                                                const char          *id,
                                                gboolean             starred,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* A NULL or empty @text deletes the note. */
void         papers_store_set_note_async       (PapersStore         *self,
                                                const char          *id,
                                                const char          *text,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* Tags.  Names are unique case-insensitively; adding a tag a paper does
 * not have creates it with a default color. */
void         papers_store_tag_paper_async      (PapersStore         *self,
                                                const char          *id,
                                                const char * const  *add,
                                                const char * const  *remove,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* A GListModel of PapersTag, by name */
void         papers_store_list_tags_async      (PapersStore         *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GListModel  *papers_store_list_tags_finish     (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

typedef enum
{
  PAPERS_TAG_EDIT_RENAME,   /* @name → @value (fails if @value exists: merge instead) */
  PAPERS_TAG_EDIT_RECOLOR,  /* @value is "#rrggbb" */
  PAPERS_TAG_EDIT_MERGE,    /* papers tagged @name get @value; @name goes */
  PAPERS_TAG_EDIT_DELETE,   /* @value is ignored */
} PapersTagEdit;

void         papers_store_edit_tag_async       (PapersStore         *self,
                                                PapersTagEdit        edit,
                                                const char          *name,
                                                const char          *value,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* The paper's downloaded PDF (adding the paper to the library): @path
 * NULL forgets it; @sha256, in hex, may be NULL. */
void         papers_store_set_pdf_async        (PapersStore         *self,
                                                const char          *id,
                                                const char          *path,
                                                gint64               size,
                                                const char          *sha256,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* The PDF's text, extracted by the viewer, for full-text search (the
 * "body"; words found only there rank lowest).  NULL or "" forgets it. */
void         papers_store_set_pdf_text_async   (PapersStore         *self,
                                                const char          *id,
                                                const char          *text,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* Reading position: page from 0, offset within the page (0..1), zoom. */
typedef struct
{
  int    page;
  double offset;
  double zoom;
} PapersReadingPosition;

#define PAPERS_TYPE_READING_POSITION (papers_reading_position_get_type ())

GType                  papers_reading_position_get_type (void) G_GNUC_CONST;
PapersReadingPosition *papers_reading_position_copy     (const PapersReadingPosition *position);
void                   papers_reading_position_free     (PapersReadingPosition       *position);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersReadingPosition, papers_reading_position_free)

/* Getting a position never stored fails with NOT_FOUND. */
void                   papers_store_get_reading_position_async  (PapersStore         *self,
                                                                 const char          *id,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
PapersReadingPosition *papers_store_get_reading_position_finish (PapersStore         *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
void                   papers_store_set_reading_position_async  (PapersStore         *self,
                                                                 const char          *id,
                                                                 int                  page,
                                                                 double               offset,
                                                                 double               zoom,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);

/* Annotations.  Each change emits "annotations-changed" (paper id). */
void         papers_store_list_annotations_async   (PapersStore         *self,
                                                    const char          *paper_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GListModel  *papers_store_list_annotations_finish  (PapersStore         *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Stores @annotation and sets its id, created and updated times. */
void         papers_store_add_annotation_async     (PapersStore         *self,
                                                    PapersAnnotation    *annotation,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
void         papers_store_update_annotation_async  (PapersStore         *self,
                                                    PapersAnnotation    *annotation,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
void         papers_store_remove_annotation_async  (PapersStore         *self,
                                                    gint64               annotation_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);

/* Cached listings of the sources.  Saving stores the papers' metadata
 * (without adding them to the library) and their order, with the fetch
 * time, replacing the listing saved under @source ("hf-daily") and @key
 * ("2024-10-25"); @etag and @last_modified are the response's, or NULL. */
void         papers_store_save_listing_async   (PapersStore         *self,
                                                const char          *source,
                                                const char          *key,
                                                const char          *etag,
                                                const char          *last_modified,
                                                GPtrArray           *papers,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* Fails with NOT_FOUND when the listing was never saved. */
void                 papers_store_load_listing_async  (PapersStore         *self,
                                                       const char          *source,
                                                       const char          *key,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
PapersCachedListing *papers_store_load_listing_finish (PapersStore         *self,
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
