/* papers-sync-record.h: the change log's records, segments and snapshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-hlc.h"
#include "papers-sync-enums.h"

G_BEGIN_DECLS

#define PAPERS_SYNC_FORMAT_ERROR (papers_sync_format_error_quark ())

/**
 * PapersSyncFormatError:
 * @PAPERS_SYNC_FORMAT_ERROR_MALFORMED: not JSON, or not the structure a
 *   log segment or snapshot has (a wrong type, a missing field, an
 *   invalid stamp or device id)
 * @PAPERS_SYNC_FORMAT_ERROR_TOO_NEW: written by a newer Papers in a
 *   format this one does not read
 * @PAPERS_SYNC_FORMAT_ERROR_TOO_LARGE: over one of the decoder's limits
 *
 * Errors of papers_sync_segment_decode(); a file that fails is never
 * merged, not even in part.
 */
typedef enum
{
  PAPERS_SYNC_FORMAT_ERROR_MALFORMED,
  PAPERS_SYNC_FORMAT_ERROR_TOO_NEW,
  PAPERS_SYNC_FORMAT_ERROR_TOO_LARGE,
} PapersSyncFormatError;

GQuark papers_sync_format_error_quark (void);

/* The format of segments and snapshots this Papers writes and reads. */
#define PAPERS_SYNC_FORMAT_VERSION 1

/* Decoder limits: far above what a library makes, low enough that a
 * hostile file cannot exhaust memory. */
#define PAPERS_SYNC_MAX_SEGMENT_BYTES  ((gsize) 256 * 1024 * 1024)
#define PAPERS_SYNC_MAX_RECORDS        4000000
#define PAPERS_SYNC_MAX_TEXT_BYTES     (1024 * 1024)
#define PAPERS_SYNC_MAX_KEY_BYTES      1024
#define PAPERS_SYNC_MAX_CONTEXT        4096

/**
 * PapersSyncOp:
 * @PAPERS_SYNC_OP_MEMBERSHIP: @paper is in the library (@flag) or not;
 *   @text is optional metadata for the store (opaque here). Latest wins.
 * @PAPERS_SYNC_OP_STATUS: @paper's read status is @text. Latest wins.
 * @PAPERS_SYNC_OP_STAR: @paper is starred (@flag). Latest wins.
 * @PAPERS_SYNC_OP_TAG_ADD: tag @key is on @paper; the record's stamp is
 *   this assignment's identity.
 * @PAPERS_SYNC_OP_TAG_REMOVE: removes the assignments of tag @key to
 *   @paper whose stamps are in @context (those the device saw): an
 *   assignment made concurrently survives (add wins).
 * @PAPERS_SYNC_OP_TAG_NAME: tag @key is shown as @text. Latest wins.
 * @PAPERS_SYNC_OP_TAG_COLOR: tag @key has color @text. Latest wins.
 * @PAPERS_SYNC_OP_FOLLOW: the reader follows @key (@flag). Latest wins.
 *   @text, optional, is the value as the reader wrote it (segments
 *   written before it was carried have none; readers ignore it).
 * @PAPERS_SYNC_OP_DISMISS: @paper is dismissed (@flag). Latest wins.
 * @PAPERS_SYNC_OP_POSITION: the reading position in @paper is @text
 *   (opaque here). Latest wins.
 * @PAPERS_SYNC_OP_ANNOTATION: annotation @key of @paper is @text (opaque
 *   here). Latest wins, unless deleted.
 * @PAPERS_SYNC_OP_ANNOTATION_DELETE: annotation @key is deleted, for good.
 * @PAPERS_SYNC_OP_NOTE: the note of @paper is @text ("" for no note); it
 *   replaces the versions @context covers (per device, the newest stamp
 *   the editing device had seen). Versions nothing replaced are all kept.
 * @PAPERS_SYNC_OP_NOTE_SEEN: the note versions of @paper that @context
 *   covers were replaced (what a snapshot keeps of the versions it drops).
 * @PAPERS_SYNC_OP_PDF: @paper's PDF is the file whose sha256 (hex) and
 *   size are @text, "SHA256 SIZE", stored encrypted on the server under
 *   a name derived from the sha256 (papers-sync-pdfs.c). Latest wins.
 */
typedef enum
{
  PAPERS_SYNC_OP_MEMBERSHIP,
  PAPERS_SYNC_OP_STATUS,
  PAPERS_SYNC_OP_STAR,
  PAPERS_SYNC_OP_TAG_ADD,
  PAPERS_SYNC_OP_TAG_REMOVE,
  PAPERS_SYNC_OP_TAG_NAME,
  PAPERS_SYNC_OP_TAG_COLOR,
  PAPERS_SYNC_OP_FOLLOW,
  PAPERS_SYNC_OP_DISMISS,
  PAPERS_SYNC_OP_POSITION,
  PAPERS_SYNC_OP_ANNOTATION,
  PAPERS_SYNC_OP_ANNOTATION_DELETE,
  PAPERS_SYNC_OP_NOTE,
  PAPERS_SYNC_OP_NOTE_SEEN,
  PAPERS_SYNC_OP_PDF,
} PapersSyncOp;

/**
 * PapersSyncRecord:
 * @stamp: when and where the change was made; unique
 * @op: what changed
 * @paper: (nullable): the paper's id
 * @key: (nullable): a tag id, followed key or annotation id
 * @text: (nullable): the new value, for the ops that have one
 * @flag: the new value, for the ops that are on or off
 * @context: (element-type PapersHlcStamp) (nullable): the stamps a tag
 *   removal or a note version covers
 *
 * One change.  Records are values: the merge keeps no pointer into them.
 */
typedef struct
{
  PapersHlcStamp stamp;
  PapersSyncOp   op;
  char          *paper;
  char          *key;
  char          *text;
  gboolean       flag;
  GArray        *context;
} PapersSyncRecord;

PapersSyncRecord *papers_sync_record_new        (const PapersHlcStamp   *stamp,
                                                 PapersSyncOp            op);
PapersSyncRecord *papers_sync_record_copy       (const PapersSyncRecord *record);
void              papers_sync_record_free       (PapersSyncRecord       *record);
void              papers_sync_record_normalize  (PapersSyncRecord       *record);
void              papers_sync_record_add_context (PapersSyncRecord      *record,
                                                  const PapersHlcStamp  *stamp);
int               papers_sync_record_compare    (const PapersSyncRecord *a,
                                                 const PapersSyncRecord *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersSyncRecord, papers_sync_record_free)

/**
 * PapersSyncSegment:
 * @snapshot: whether this is a snapshot rather than a log segment
 * @device: the device that wrote it
 * @seq: its sequence number among that device's segments (log) or
 *   snapshots, from 1
 * @covers: (element-type utf8 guint64): for a snapshot, per device the
 *   last log segment it includes; a device that loads it replays only
 *   the segments after those
 * @records: (element-type PapersSyncRecord): the changes
 *
 * What one file on the server holds, before encryption.  Each device
 * writes only segments of its own, so no two devices write one file.
 */
typedef struct
{
  gboolean    snapshot;
  char        device[PAPERS_SYNC_DEVICE_ID_LEN + 1];
  guint64     seq;
  GHashTable *covers;
  GPtrArray  *records;
} PapersSyncSegment;

PapersSyncSegment *papers_sync_segment_new     (gboolean                  snapshot,
                                                const char               *device,
                                                guint64                   seq);
void               papers_sync_segment_free    (PapersSyncSegment        *segment);
GBytes            *papers_sync_segment_encode  (const PapersSyncSegment  *segment);
PapersSyncSegment *papers_sync_segment_decode  (GBytes                   *bytes,
                                                GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersSyncSegment, papers_sync_segment_free)

G_END_DECLS
