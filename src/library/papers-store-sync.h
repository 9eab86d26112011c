/* papers-store-sync.h: what the sync layer reads from and writes to the
 * library: this device's change log, and the merged changes of others
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store.h"

G_BEGIN_DECLS

/**
 * PapersStoreSyncRow:
 * @seq: its place in the log
 * @wall: @logical: its stamp, without the device (the sync layer's)
 * @op: the nick of a PapersSyncOp
 *
 * One change made on this device.  For a "membership" row @text is the
 * paper's metadata as JSON ({"title", "arxiv_id"}), read when loaded.
 */
typedef struct
{
  gint64   seq;
  gint64   wall;
  guint32  logical;
  char    *op;
  char    *paper;
  char    *key;
  char    *text;
  gboolean flag;
} PapersStoreSyncRow;

/**
 * PapersStoreSyncLog:
 * @device: (nullable): this device's id, once sync made one
 * @state: (nullable): what the sync layer kept of the merged state
 * @wall: @logical: the clock as received changes moved it
 * @rows: (element-type PapersStoreSyncRow): the changes not yet uploaded
 * @applied: which kinds of change the sync that kept @state wrote into
 *   the library (the sync layer's number; 0 when never said)
 * @state_gen: (nullable): names the merged state kept entry by entry
 *   (papers_store_sync_load_state_async()), new at each save of it: a
 *   process that holds the state it saved last need not read it again
 *
 * @state is what an older sync kept, whole; a save with @state_entries
 * replaces it.
 */
typedef struct
{
  char      *device;
  GBytes    *state;
  gint64     wall;
  guint32    logical;
  GPtrArray *rows;
  int        applied;
  char      *state_gen;
} PapersStoreSyncLog;

void papers_store_sync_log_free (PapersStoreSyncLog *log);

/**
 * PapersStoreSyncEdit:
 * @paper: the paper's id
 * @title: (nullable): its title, for a paper this library does not know
 * @in_library: -1 unchanged, else whether it is in the library
 * @status: -1 unchanged, else a PapersReadStatus
 * @starred: -1 unchanged, else 0 or 1
 * @tags: (nullable): unchanged when %NULL, else its tags, every one
 * @note: (nullable): unchanged when %NULL, else its note ("" for none)
 * @dismissed: -1 unchanged, else whether it is marked Not Interested
 * @position: (nullable): unchanged when %NULL, else the reading position
 *   as "PAGE OFFSET ZOOM" (numbers in the C locale)
 * @annotations: (nullable) (element-type PapersStoreSyncItem): annotations
 *   of the paper by sync key: @text the annotation's row as JSON, or %NULL
 *   when it was deleted
 *
 * What the merge says one paper now is; written without a log row.  The
 * dismissal, position and annotations are written whether or not the
 * paper is in the library: annotations of a paper removed on another
 * device stay recoverable.
 */
typedef struct
{
  char      *paper;
  char      *title;
  int        in_library;
  int        status;
  int        starred;
  char     **tags;
  char      *note;
  int        dismissed;
  char      *position;
  GPtrArray *annotations;
} PapersStoreSyncEdit;

PapersStoreSyncEdit *papers_store_sync_edit_new  (const char          *paper);
void                 papers_store_sync_edit_free (PapersStoreSyncEdit *edit);

/**
 * PapersStoreSyncItem:
 * @key: what the item is known by on every device
 * @text: (nullable): its value
 * @flag: whether it is on
 *
 * One keyed value of the merge: an annotation (@text its JSON, %NULL when
 * deleted) or a follow (@key "KIND:KEY", @text the value as written,
 * @flag whether it is followed).
 */
typedef struct
{
  char     *key;
  char     *text;
  gboolean  flag;
} PapersStoreSyncItem;

PapersStoreSyncItem *papers_store_sync_item_new  (const char          *key,
                                                  const char          *text,
                                                  gboolean             flag);
void                 papers_store_sync_item_free (PapersStoreSyncItem *item);

/**
 * PapersStoreSyncTag:
 * @key: the tag's sync id: its key when it was made
 * @from: (nullable): the key the library knows it by before this save
 * @name: (nullable): unchanged when %NULL, else its name (a rename)
 * @color: (nullable): unchanged when %NULL, else its color
 *
 * What the merge says one tag now is.
 */
typedef struct
{
  char *key;
  char *from;
  char *name;
  char *color;
} PapersStoreSyncTag;

void papers_store_sync_tag_free (PapersStoreSyncTag *tag);

/**
 * PapersStoreSyncSave:
 * @edits: (element-type PapersStoreSyncEdit): received changes to write
 * @tags: (nullable) (element-type PapersStoreSyncTag): tags renamed or
 *   recolored, written before @edits (which name tags by library key)
 * @follows: (nullable) (element-type PapersStoreSyncItem): follows and
 *   unfollows
 * @uploaded: the last log row now on the server
 * @applied: 0 unchanged
 * @state_entries: (nullable) (element-type utf8 GBytes): the merged
 *   state's entries that changed, each by its key (a %NULL value removes
 *   it); with @state_gen, replaces @state
 * @state_gen: (nullable): the new name of the state kept entry by entry
 * @state_reset: the entries kept so far are dropped first (the state was
 *   read from an older sync's @state)
 *
 * The rest as in PapersStoreSyncLog; all is written by one job.
 */
typedef struct
{
  char      *device;
  GBytes    *state;
  gint64     wall;
  guint32    logical;
  gint64     uploaded;
  GPtrArray *edits;
  GPtrArray *tags;
  GPtrArray *follows;
  int        applied;
  GHashTable *state_entries;
  char      *state_gen;
  gboolean   state_reset;
} PapersStoreSyncSave;

void papers_store_sync_save_free (PapersStoreSyncSave *save);

void                papers_store_sync_load_async  (PapersStore          *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
PapersStoreSyncLog *papers_store_sync_load_finish (PapersStore          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void                papers_store_sync_load_state_async  (PapersStore          *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray          *papers_store_sync_load_state_finish (PapersStore          *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* Takes @save; finish with papers_store_write_finish() */
void                papers_store_sync_save_async  (PapersStore          *self,
                                                   PapersStoreSyncSave  *save,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* Unsent log rows, for the window's "Changes waiting" */
void                papers_store_sync_count_pending_async  (PapersStore          *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gint64              papers_store_sync_count_pending_finish (PapersStore          *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersStoreSyncLog, papers_store_sync_log_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersStoreSyncEdit, papers_store_sync_edit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersStoreSyncItem, papers_store_sync_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersStoreSyncTag, papers_store_sync_tag_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersStoreSyncSave, papers_store_sync_save_free)

G_END_DECLS
