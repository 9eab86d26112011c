/* papers-sync-state.h: the merged library state, in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-sync-record.h"

G_BEGIN_DECLS

typedef struct _PapersSyncState PapersSyncState;

PapersSyncState   *papers_sync_state_new              (void);
void               papers_sync_state_free             (PapersSyncState         *state);

void               papers_sync_state_apply            (PapersSyncState         *state,
                                                       const PapersSyncRecord  *record);
void               papers_sync_state_apply_segment    (PapersSyncState         *state,
                                                       const PapersSyncSegment *segment);
void               papers_sync_state_mark_covered     (PapersSyncState         *state,
                                                       const char              *device,
                                                       guint64                  seq);
guint64            papers_sync_state_get_covered      (PapersSyncState         *state,
                                                       const char              *device);
guint64            papers_sync_state_get_covered_total (PapersSyncState        *state);

GPtrArray         *papers_sync_state_to_records       (PapersSyncState         *state);
PapersSyncSegment *papers_sync_state_snapshot         (PapersSyncState         *state,
                                                       const char              *device,
                                                       guint64                  seq);
GBytes            *papers_sync_state_canonical        (PapersSyncState         *state);

/* The state as the library keeps it: entry by entry, only those changed */
GHashTable        *papers_sync_state_steal_changes    (PapersSyncState         *state);
void               papers_sync_state_forget_changes   (PapersSyncState         *state);
GStrv              papers_sync_state_dup_conflicts    (PapersSyncState         *state);

/* What the merge says; the store asks these after applying. */
gboolean           papers_sync_state_in_library       (PapersSyncState         *state,
                                                       const char              *paper);
const char        *papers_sync_state_get_text         (PapersSyncState         *state,
                                                       PapersSyncOp             op,
                                                       const char              *paper,
                                                       const char              *key);
gboolean           papers_sync_state_get_flag         (PapersSyncState         *state,
                                                       PapersSyncOp             op,
                                                       const char              *paper,
                                                       const char              *key);
const PapersSyncRecord *
                   papers_sync_state_lookup           (PapersSyncState         *state,
                                                       PapersSyncOp             op,
                                                       const char              *paper,
                                                       const char              *key);
GStrv              papers_sync_state_dup_keys         (PapersSyncState         *state,
                                                       PapersSyncOp             op);
GStrv              papers_sync_state_dup_papers       (PapersSyncState         *state,
                                                       PapersSyncOp             op);
char              *papers_sync_state_dup_tag_key      (PapersSyncState         *state,
                                                       const char              *id,
                                                       const char             **name);
char             **papers_sync_state_dup_tags         (PapersSyncState         *state,
                                                       const char              *paper);
GStrv              papers_sync_state_dup_annotations  (PapersSyncState         *state,
                                                       const char              *paper);
GPtrArray         *papers_sync_state_dup_note_versions (PapersSyncState        *state,
                                                        const char             *paper);

/* Records for a change made on this device: they carry what the device
 * has seen, which is what makes add-wins and note conflicts work. */
PapersSyncRecord  *papers_sync_state_make_tag_remove  (PapersSyncState         *state,
                                                       const PapersHlcStamp    *stamp,
                                                       const char              *paper,
                                                       const char              *tag);
PapersSyncRecord  *papers_sync_state_make_note        (PapersSyncState         *state,
                                                       const PapersHlcStamp    *stamp,
                                                       const char              *paper,
                                                       const char              *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersSyncState, papers_sync_state_free)

G_END_DECLS
