/* papers-collection.h: the library as the window sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-import.h"
#include "papers-paper.h"
#include "papers-store.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_COLLECTION (papers_collection_get_type ())

G_DECLARE_FINAL_TYPE (PapersCollection, papers_collection, PAPERS, COLLECTION, GObject)

/* What PapersCollection::changed says changed */
typedef enum
{
  PAPERS_CHANGE_LIBRARY  = 1 << 0,  /* added or removed */
  PAPERS_CHANGE_STATUS   = 1 << 1,
  PAPERS_CHANGE_STARRED  = 1 << 2,
  PAPERS_CHANGE_TAGS     = 1 << 3,
  PAPERS_CHANGE_NOTE     = 1 << 4,
  PAPERS_CHANGE_PDF      = 1 << 5,
  PAPERS_CHANGE_METADATA = 1 << 6,  /* title, authors, dates… */
} PapersChange;

PapersCollection *papers_collection_new            (void);
PapersStore      *papers_collection_get_store      (PapersCollection  *self);
gboolean          papers_collection_get_loaded     (PapersCollection  *self);
const GError     *papers_collection_get_open_error (PapersCollection  *self);
gboolean          papers_collection_is_read_only   (PapersCollection  *self);
gboolean          papers_collection_can_edit       (PapersCollection  *self);
char             *papers_collection_dup_path       (PapersCollection  *self);
void              papers_collection_reopen         (PapersCollection  *self);
gboolean          papers_collection_wait_finds     (PapersCollection  *self,
                                                    gint64             timeout_us);
void              papers_collection_close          (PapersCollection  *self);

PapersPaper      *papers_collection_lookup         (PapersCollection  *self,
                                                    const char        *id);
PapersPaper      *papers_collection_canonical      (PapersCollection  *self,
                                                    PapersPaper       *paper);
const PapersCounts *papers_collection_get_counts   (PapersCollection  *self);
void              papers_collection_add            (PapersCollection  *self,
                                                    PapersPaper       *paper);
PapersPaper      *papers_collection_remove         (PapersCollection  *self,
                                                    const char        *id);
void              papers_collection_import_async   (PapersCollection  *self,
                                                    GPtrArray         *papers,
                                                    GCancellable      *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer           user_data);
char            **papers_collection_import_finish  (PapersCollection  *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);
void              papers_collection_import_file_async (PapersCollection  *self,
                                                       GFile             *file,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
PapersImportSummary *papers_collection_import_file_finish (PapersCollection  *self,
                                                        GAsyncResult      *result,
                                                        GError           **error);
gboolean          papers_collection_get_busy       (PapersCollection  *self);
void              papers_collection_undo_import    (PapersCollection  *self,
                                                    const char * const *added);
void              papers_collection_changed        (PapersCollection  *self,
                                                    PapersPaper       *paper,
                                                    PapersChange       change);

void              papers_collection_update_metadata (PapersCollection *self,
                                                    PapersPaper       *paper);
void              papers_collection_set_pdf        (PapersCollection  *self,
                                                    PapersPaper       *paper,
                                                    const char        *path,
                                                    gint64             size,
                                                    const char        *sha256);
void              papers_collection_set_status     (PapersCollection  *self,
                                                    PapersPaper       *paper,
                                                    PapersReadStatus   status);
void              papers_collection_set_starred    (PapersCollection  *self,
                                                    PapersPaper       *paper,
                                                    gboolean           starred);
void              papers_collection_choose_note    (PapersCollection  *self,
                                                    PapersPaper       *paper,
                                                    const char        *note);
void              papers_collection_refresh        (PapersCollection  *self);
gboolean          papers_collection_is_refreshing  (PapersCollection  *self);
void              papers_collection_set_note       (PapersCollection  *self,
                                                    PapersPaper       *paper,
                                                    const char        *note);
void              papers_collection_tag_paper      (PapersCollection  *self,
                                                    PapersPaper       *paper,
                                                    const char        *add,
                                                    const char        *remove);

/* Tags: names sorted case-insensitively, with a color each */
char            **papers_collection_dup_tag_names  (PapersCollection  *self);
const char       *papers_collection_get_tag_color  (PapersCollection  *self,
                                                    const char        *name);
guint             papers_collection_count_tag      (PapersCollection  *self,
                                                    const char        *name);
gboolean          papers_collection_rename_tag     (PapersCollection  *self,
                                                    const char        *name,
                                                    const char        *new_name);
void              papers_collection_recolor_tag    (PapersCollection  *self,
                                                    const char        *name,
                                                    const char        *color);
void              papers_collection_merge_tag      (PapersCollection  *self,
                                                    const char        *name,
                                                    const char        *into);
void              papers_collection_delete_tag_async (PapersCollection *self,
                                                    const char        *name,
                                                    GAsyncReadyCallback callback,
                                                    gpointer           user_data);
GPtrArray        *papers_collection_delete_tag_finish (PapersCollection *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);
void              papers_collection_restore_tag    (PapersCollection  *self,
                                                    const char        *name,
                                                    const char        *color,
                                                    GPtrArray         *papers);

/* Lists of the library, loaded a screenful at a time */
void              papers_collection_find_async     (PapersCollection  *self,
                                                    const char        *query,
                                                    const char        *filter_key,
                                                    const char        *filter_value,
                                                    PapersSort         sort,
                                                    PapersFindFlags    flags,
                                                    guint              limit,
                                                    GListModel        *update,
                                                    GCancellable      *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer           user_data);
GListModel       *papers_collection_find_finish    (PapersCollection  *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);

/* A listing's papers, as the library's objects where they are in it */
void              papers_collection_resolve_async  (PapersCollection  *self,
                                                    GPtrArray         *papers,
                                                    GCancellable      *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer           user_data);
GPtrArray        *papers_collection_resolve_finish (PapersCollection  *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);

char             *papers_collection_dup_bibtex     (PapersPaper       *paper);

G_END_DECLS
