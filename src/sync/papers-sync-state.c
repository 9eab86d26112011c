/* papers-sync-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-sync-state.h"
#include "papers-tag.h"

/* The merge.  Every kind of change is a small replicated data type whose
 * merge is commutative, associative and idempotent, so devices that have
 * applied the same records, in any order and any number of times, hold the
 * same state:
 *
 * - Registers (membership, status, star, tag name and color, follows,
 *   dismissals, reading position, annotation bodies): the record with the
 *   largest stamp wins (ties between different records, which only a
 *   damaged or hostile log makes, go to the larger record in
 *   papers_sync_record_compare() order).
 * - Annotation deletions are tombstones: a deleted id stays deleted.
 * - Tag assignments are an observed-remove set: each assignment is known
 *   by its stamp; a removal names the assignments its device saw, so an
 *   assignment it did not see survives (add wins).
 * - Notes are multi-value registers.  A version carries its context: per
 *   device, the newest note stamp its author had seen.  A version is
 *   replaced only by one whose context covers it; all versions nothing
 *   replaced are kept, so two concurrent edits are a conflict the reader
 *   resolves (with a version whose context covers both), never a silent
 *   loss.
 *
 * Membership never removes anything else: a paper removed on one device
 * while annotated on another keeps its annotations, note and tags, and
 * they come back with it.
 *
 * The state is also its own serialization: papers_sync_state_to_records()
 * lists records that rebuild it exactly (winning registers, live
 * assignments and removal tombstones, note versions and what replaced
 * versions covered), which is what a snapshot holds. */

typedef struct
{
  GHashTable *adds;     /* PapersHlcStamp* set */
  GHashTable *removed;  /* PapersHlcStamp* set */
} TagEntry;

typedef struct
{
  GHashTable *seen;     /* device → PapersHlcStamp*, newest replaced */
  GPtrArray  *heads;    /* PapersSyncRecord*, the versions kept */
} NoteEntry;

struct _PapersSyncState
{
  GHashTable *registers;    /* "op\037paper\037key" → PapersSyncRecord* */
  GHashTable *deleted;      /* annotation id → PapersSyncRecord* (delete) */
  GHashTable *tags;         /* "paper\037tag" → TagEntry* */
  GHashTable *notes;        /* paper → NoteEntry* */
  GHashTable *covers;       /* device → last log segment applied */
  GHashTable *dirty;        /* entry keys changed since the last steal */
  /* Indexes, so a paper's tags and annotations are found without going
   * through every paper's (the first sync of a large library asks this
   * of every paper) */
  GHashTable *paper_tags;   /* paper → set of tag ids it has entries of */
  GHashTable *paper_notes;  /* paper → set of its live annotation ids */
};

static void
index_add (GHashTable *index,
           const char *paper,
           const char *id)
{
  GHashTable *set = g_hash_table_lookup (index, paper);

  if (set == NULL)
    {
      set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (index, g_strdup (paper), set);
    }
  g_hash_table_add (set, g_strdup (id));
}

static void
index_remove (GHashTable *index,
              const char *paper,
              const char *id)
{
  GHashTable *set = g_hash_table_lookup (index, paper);

  if (set != NULL)
    g_hash_table_remove (set, id);
}

/* An entry is the unit the state is kept in, in the library: one register,
 * one deletion, one tag's assignments on a paper, one paper's note, or
 * the covers.  Its key names its table by its first byte. */
#define ENTRY_COVERS "c"

static void
mark_dirty (PapersSyncState *state,
            char             table,
            const char      *key)
{
  g_hash_table_add (state->dirty, g_strdup_printf ("%c%s", table, key));
}

static guint
stamp_hash (gconstpointer p)
{
  const PapersHlcStamp *s = p;

  return g_int64_hash (&s->wall_ms) ^ (s->logical * 2654435761u) ^ g_str_hash (s->device);
}

static gboolean
stamp_equal (gconstpointer a,
             gconstpointer b)
{
  return papers_hlc_stamp_compare (a, b) == 0;
}

static GHashTable *
stamp_set_new (void)
{
  return g_hash_table_new_full (stamp_hash, stamp_equal, g_free, NULL);
}

static void
stamp_set_add (GHashTable           *set,
               const PapersHlcStamp *stamp)
{
  if (!g_hash_table_contains (set, stamp))
    g_hash_table_add (set, g_memdup2 (stamp, sizeof *stamp));
}

static void
tag_entry_free (TagEntry *entry)
{
  g_hash_table_unref (entry->adds);
  g_hash_table_unref (entry->removed);
  g_free (entry);
}

static void
note_entry_free (NoteEntry *entry)
{
  g_hash_table_unref (entry->seen);
  g_ptr_array_unref (entry->heads);
  g_free (entry);
}

PapersSyncState *
papers_sync_state_new (void)
{
  PapersSyncState *state = g_new0 (PapersSyncState, 1);

  state->registers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) papers_sync_record_free);
  state->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) papers_sync_record_free);
  state->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) tag_entry_free);
  state->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) note_entry_free);
  state->covers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->paper_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_hash_table_unref);
  state->paper_notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_hash_table_unref);
  return state;
}

void
papers_sync_state_free (PapersSyncState *state)
{
  if (state == NULL)
    return;
  g_hash_table_unref (state->registers);
  g_hash_table_unref (state->deleted);
  g_hash_table_unref (state->tags);
  g_hash_table_unref (state->notes);
  g_hash_table_unref (state->covers);
  g_hash_table_unref (state->dirty);
  g_hash_table_unref (state->paper_tags);
  g_hash_table_unref (state->paper_notes);
  g_free (state);
}

static char *
register_key (PapersSyncOp  op,
              const char   *paper,
              const char   *key)
{
  /* An annotation is known by its id alone; its paper is in its value. */
  if (op == PAPERS_SYNC_OP_ANNOTATION)
    paper = NULL;
  return g_strdup_printf ("%d\037%s\037%s", op, paper ? paper : "", key ? key : "");
}

static void
apply_register (PapersSyncState        *state,
                const PapersSyncRecord *record)
{
  g_autofree char *key = register_key (record->op, record->paper, record->key);
  PapersSyncRecord *current = g_hash_table_lookup (state->registers, key);

  if (record->op == PAPERS_SYNC_OP_ANNOTATION &&
      g_hash_table_contains (state->deleted, record->key))
    return;
  if (current != NULL)
    {
      int c = papers_hlc_stamp_compare (&record->stamp, &current->stamp);
      if (c < 0 || (c == 0 && papers_sync_record_compare (record, current) <= 0))
        return;
    }
  mark_dirty (state, 'r', key);
  if (record->op == PAPERS_SYNC_OP_ANNOTATION && record->key != NULL)
    {
      if (current != NULL && current->paper != NULL)
        index_remove (state->paper_notes, current->paper, record->key);
      if (record->paper != NULL)
        index_add (state->paper_notes, record->paper, record->key);
    }
  g_hash_table_insert (state->registers, g_steal_pointer (&key), papers_sync_record_copy (record));
}

static void
apply_annotation_delete (PapersSyncState        *state,
                         const PapersSyncRecord *record)
{
  g_autofree char *key = register_key (PAPERS_SYNC_OP_ANNOTATION, NULL, record->key);
  PapersSyncRecord *current = g_hash_table_lookup (state->deleted, record->key);
  const PapersSyncRecord *live = g_hash_table_lookup (state->registers, key);

  if (live != NULL && live->paper != NULL)
    index_remove (state->paper_notes, live->paper, record->key);
  if (g_hash_table_remove (state->registers, key))
    mark_dirty (state, 'r', key);
  /* Of several deletions of one id, the earliest is kept, whichever came
   * first, so every device keeps the same one. */
  if (current == NULL || papers_sync_record_compare (record, current) < 0)
    {
      mark_dirty (state, 'd', record->key);
      g_hash_table_insert (state->deleted, g_strdup (record->key), papers_sync_record_copy (record));
    }
}

static TagEntry *
lookup_tag (PapersSyncState *state,
            const char      *paper,
            const char      *tag,
            gboolean         create)
{
  g_autofree char *key = g_strdup_printf ("%s\037%s", paper, tag);
  TagEntry *entry = g_hash_table_lookup (state->tags, key);

  if (entry == NULL && create)
    {
      entry = g_new0 (TagEntry, 1);
      entry->adds = stamp_set_new ();
      entry->removed = stamp_set_new ();
      g_hash_table_insert (state->tags, g_steal_pointer (&key), entry);
      index_add (state->paper_tags, paper, tag);
    }
  return entry;
}

static void
apply_tag (PapersSyncState        *state,
           const PapersSyncRecord *record)
{
  TagEntry *entry = lookup_tag (state, record->paper, record->key, TRUE);
  g_autofree char *key = g_strdup_printf ("%s\037%s", record->paper, record->key);

  mark_dirty (state, 't', key);
  if (record->op == PAPERS_SYNC_OP_TAG_ADD)
    {
      if (!g_hash_table_contains (entry->removed, &record->stamp))
        stamp_set_add (entry->adds, &record->stamp);
      return;
    }
  for (guint i = 0; record->context != NULL && i < record->context->len; i++)
    {
      const PapersHlcStamp *dot = &g_array_index (record->context, PapersHlcStamp, i);

      stamp_set_add (entry->removed, dot);
      g_hash_table_remove (entry->adds, dot);
    }
}

static NoteEntry *
lookup_note (PapersSyncState *state,
             const char      *paper,
             gboolean         create)
{
  NoteEntry *entry = g_hash_table_lookup (state->notes, paper);

  if (entry == NULL && create)
    {
      entry = g_new0 (NoteEntry, 1);
      entry->seen = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      entry->heads = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_sync_record_free);
      g_hash_table_insert (state->notes, g_strdup (paper), entry);
    }
  return entry;
}

/* Whether @stamp is covered by what @entry has seen replaced */
static gboolean
note_covered (NoteEntry            *entry,
              const PapersHlcStamp *stamp)
{
  const PapersHlcStamp *seen = g_hash_table_lookup (entry->seen, stamp->device);

  return seen != NULL && papers_hlc_stamp_compare (stamp, seen) <= 0;
}

static void
apply_note (PapersSyncState        *state,
            const PapersSyncRecord *record)
{
  NoteEntry *entry = lookup_note (state, record->paper, TRUE);

  mark_dirty (state, 'n', record->paper);
  for (guint i = 0; record->context != NULL && i < record->context->len; i++)
    {
      const PapersHlcStamp *covered = &g_array_index (record->context, PapersHlcStamp, i);
      PapersHlcStamp *seen = g_hash_table_lookup (entry->seen, covered->device);

      if (seen == NULL)
        {
          seen = g_memdup2 (covered, sizeof *covered);
          /* The key points into the value, so they go together. */
          g_hash_table_insert (entry->seen, seen->device, seen);
        }
      else if (papers_hlc_stamp_compare (covered, seen) > 0)
        *seen = *covered;
    }

  /* Versions now covered are replaced; the record itself is kept unless
   * something covers it already.  The result is the set of versions that
   * no context covers, whatever the order records came in. */
  for (guint i = entry->heads->len; i > 0; i--)
    {
      PapersSyncRecord *head = g_ptr_array_index (entry->heads, i - 1);
      if (note_covered (entry, &head->stamp))
        g_ptr_array_remove_index (entry->heads, i - 1);
    }
  if (record->op != PAPERS_SYNC_OP_NOTE || note_covered (entry, &record->stamp))
    return;
  for (guint i = 0; i < entry->heads->len; i++)
    {
      PapersSyncRecord *head = g_ptr_array_index (entry->heads, i);
      if (papers_hlc_stamp_compare (&head->stamp, &record->stamp) == 0)
        {
          /* The same stamp twice with different text only comes from a
           * damaged log; keep one, the same one everywhere. */
          if (papers_sync_record_compare (record, head) > 0)
            {
              g_ptr_array_index (entry->heads, i) = papers_sync_record_copy (record);
              papers_sync_record_free (head);
            }
          return;
        }
    }
  g_ptr_array_add (entry->heads, papers_sync_record_copy (record));
}

/**
 * papers_sync_state_apply:
 *
 * Merges one record into @state.  Order and repetition do not matter.
 */
void
papers_sync_state_apply (PapersSyncState        *state,
                         const PapersSyncRecord *original)
{
  g_autoptr(PapersSyncRecord) record = papers_sync_record_copy (original);

  /* What is merged is what a device reading the record back would see */
  papers_sync_record_normalize (record);
  switch (record->op)
    {
    case PAPERS_SYNC_OP_TAG_ADD:
    case PAPERS_SYNC_OP_TAG_REMOVE:
      apply_tag (state, record);
      break;
    case PAPERS_SYNC_OP_NOTE:
    case PAPERS_SYNC_OP_NOTE_SEEN:
      apply_note (state, record);
      break;
    case PAPERS_SYNC_OP_ANNOTATION_DELETE:
      apply_annotation_delete (state, record);
      break;
    case PAPERS_SYNC_OP_MEMBERSHIP:
    case PAPERS_SYNC_OP_STATUS:
    case PAPERS_SYNC_OP_STAR:
    case PAPERS_SYNC_OP_TAG_NAME:
    case PAPERS_SYNC_OP_TAG_COLOR:
    case PAPERS_SYNC_OP_FOLLOW:
    case PAPERS_SYNC_OP_DISMISS:
    case PAPERS_SYNC_OP_POSITION:
    case PAPERS_SYNC_OP_ANNOTATION:
    default:
      apply_register (state, record);
      break;
    }
}

/**
 * papers_sync_state_mark_covered:
 *
 * Notes that @state includes @device's log segments up to @seq: what a
 * device calls once it has written its own segment @seq, whose records
 * it applied as it made them.
 */
void
papers_sync_state_mark_covered (PapersSyncState *state,
                                const char      *device,
                                guint64          seq)
{
  if (seq > papers_sync_state_get_covered (state, device))
    {
      g_hash_table_add (state->dirty, g_strdup (ENTRY_COVERS));
      g_hash_table_insert (state->covers, g_strdup (device), GSIZE_TO_POINTER ((gsize) seq));
    }
}

/**
 * papers_sync_state_apply_segment:
 *
 * Merges a log segment or a snapshot, and notes which log segments the
 * state now includes (a snapshot includes those it covers).
 */
void
papers_sync_state_apply_segment (PapersSyncState         *state,
                                 const PapersSyncSegment *segment)
{
  GHashTableIter iter;
  gpointer device, seq;

  for (guint i = 0; i < segment->records->len; i++)
    papers_sync_state_apply (state, g_ptr_array_index (segment->records, i));
  if (!segment->snapshot)
    {
      papers_sync_state_mark_covered (state, segment->device, segment->seq);
      return;
    }
  g_hash_table_iter_init (&iter, segment->covers);
  while (g_hash_table_iter_next (&iter, &device, &seq))
    papers_sync_state_mark_covered (state, device, GPOINTER_TO_SIZE (seq));
}

/**
 * papers_sync_state_get_covered:
 *
 * Returns: the sequence number of @device's last log segment applied, 0
 *   for none
 */
guint64
papers_sync_state_get_covered (PapersSyncState *state,
                               const char      *device)
{
  return GPOINTER_TO_SIZE (g_hash_table_lookup (state->covers, device));
}

/**
 * papers_sync_state_get_covered_total:
 *
 * Returns: how many log segments, of every device, @state includes
 */
guint64
papers_sync_state_get_covered_total (PapersSyncState *state)
{
  GHashTableIter iter;
  gpointer seq;
  guint64 total = 0;

  g_hash_table_iter_init (&iter, state->covers);
  while (g_hash_table_iter_next (&iter, NULL, &seq))
    total += GPOINTER_TO_SIZE (seq);
  return total;
}

/* The largest stamp of a set, the stamp of the record that lists it */
static PapersHlcStamp
max_stamp (GArray *stamps)
{
  PapersHlcStamp max = g_array_index (stamps, PapersHlcStamp, 0);

  for (guint i = 1; i < stamps->len; i++)
    if (papers_hlc_stamp_compare (&g_array_index (stamps, PapersHlcStamp, i), &max) > 0)
      max = g_array_index (stamps, PapersHlcStamp, i);
  return max;
}

static GArray *
sorted_stamps (GHashTable *set,
               gboolean    values)
{
  GArray *stamps = g_array_new (FALSE, FALSE, sizeof (PapersHlcStamp));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_array_append_val (stamps, *(PapersHlcStamp *) (values ? value : key));
  g_array_sort (stamps, (GCompareFunc) papers_hlc_stamp_compare);
  return stamps;
}

static int
record_ptr_compare (gconstpointer a,
                    gconstpointer b)
{
  return papers_sync_record_compare (*(PapersSyncRecord **) a, *(PapersSyncRecord **) b);
}

static void
add_tag_records (const char *key,
                 TagEntry   *entry,
                 GPtrArray  *records)
{
  g_auto(GStrv) parts = g_strsplit (key, "\037", 2);
  g_autoptr(GArray) adds = sorted_stamps (entry->adds, FALSE);
  g_autoptr(GArray) removed = sorted_stamps (entry->removed, FALSE);

  for (guint i = 0; i < adds->len; i++)
    {
      PapersSyncRecord *add = papers_sync_record_new (&g_array_index (adds, PapersHlcStamp, i),
                                                      PAPERS_SYNC_OP_TAG_ADD);
      add->paper = g_strdup (parts[0]);
      add->key = g_strdup (parts[1]);
      g_ptr_array_add (records, add);
    }
  if (removed->len > 0)
    {
      PapersHlcStamp stamp = max_stamp (removed);
      PapersSyncRecord *remove = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_TAG_REMOVE);

      remove->paper = g_strdup (parts[0]);
      remove->key = g_strdup (parts[1]);
      remove->context = g_steal_pointer (&removed);
      g_ptr_array_add (records, remove);
    }
}

static void
add_note_records (const char *paper,
                  NoteEntry  *entry,
                  GPtrArray  *records)
{
  g_autoptr(GArray) seen = sorted_stamps (entry->seen, TRUE);

  for (guint i = 0; i < entry->heads->len; i++)
    g_ptr_array_add (records, papers_sync_record_copy (g_ptr_array_index (entry->heads, i)));
  if (seen->len > 0)
    {
      PapersHlcStamp stamp = max_stamp (seen);
      PapersSyncRecord *record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_NOTE_SEEN);

      record->paper = g_strdup (paper);
      record->context = g_steal_pointer (&seen);
      g_ptr_array_add (records, record);
    }
}

/**
 * papers_sync_state_to_records:
 *
 * Returns: (transfer full) (element-type PapersSyncRecord): records that
 *   rebuild @state exactly, in papers_sync_record_compare() order
 */
GPtrArray *
papers_sync_state_to_records (PapersSyncState *state)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_sync_record_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, state->registers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (records, papers_sync_record_copy (value));
  g_hash_table_iter_init (&iter, state->deleted);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (records, papers_sync_record_copy (value));
  g_hash_table_iter_init (&iter, state->tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_tag_records (key, value, records);
  g_hash_table_iter_init (&iter, state->notes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_note_records (key, value, records);

  g_ptr_array_sort (records, record_ptr_compare);
  return records;
}

/**
 * papers_sync_state_snapshot:
 * @device: the device writing the snapshot
 * @seq: its number among that device's snapshots
 *
 * Returns: (transfer full): a snapshot of @state, covering the log
 *   segments it includes
 */
PapersSyncSegment *
papers_sync_state_snapshot (PapersSyncState *state,
                            const char      *device,
                            guint64          seq)
{
  PapersSyncSegment *segment = papers_sync_segment_new (TRUE, device, seq);
  GHashTableIter iter;
  gpointer key, value;

  g_ptr_array_unref (segment->records);
  segment->records = papers_sync_state_to_records (state);
  g_hash_table_iter_init (&iter, state->covers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (segment->covers, g_strdup (key), value);
  return segment;
}

/**
 * papers_sync_state_canonical:
 *
 * Returns: (transfer full): one encoding of @state's content (not of what
 *   it covers): two states are the same library when these are equal
 */
GBytes *
papers_sync_state_canonical (PapersSyncState *state)
{
  g_autoptr(PapersSyncSegment) segment = papers_sync_segment_new (TRUE, "0000000000000000", 1);

  g_ptr_array_unref (segment->records);
  segment->records = papers_sync_state_to_records (state);
  return papers_sync_segment_encode (segment);
}

static int str_ptr_compare (gconstpointer a,
                            gconstpointer b);

static const PapersSyncRecord *
lookup_register (PapersSyncState *state,
                 PapersSyncOp     op,
                 const char      *paper,
                 const char      *key)
{
  g_autofree char *name = register_key (op, paper, key);

  return g_hash_table_lookup (state->registers, name);
}

/**
 * papers_sync_state_lookup:
 * @op: a register op
 *
 * Returns: (nullable) (transfer none): the winning record, %NULL when
 *   there is none (or the annotation was deleted)
 */
const PapersSyncRecord *
papers_sync_state_lookup (PapersSyncState *state,
                          PapersSyncOp     op,
                          const char      *paper,
                          const char      *key)
{
  return lookup_register (state, op, paper, key);
}

/* The registers' keys (@by_paper: papers) that @state has a value of
 * @op for, sorted */
static GStrv
dup_register_names (PapersSyncState *state,
                    PapersSyncOp     op,
                    gboolean         by_paper)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, state->registers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PapersSyncRecord *record = value;
      const char *name = by_paper ? record->paper : record->key;

      if (record->op == op && name != NULL)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, str_ptr_compare);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/**
 * papers_sync_state_dup_keys:
 * @op: a register op that has no paper (a tag's name or color, a follow)
 *
 * Returns: (transfer full): the keys @state has a value of @op for, sorted
 */
GStrv
papers_sync_state_dup_keys (PapersSyncState *state,
                            PapersSyncOp     op)
{
  return dup_register_names (state, op, FALSE);
}

/**
 * papers_sync_state_dup_papers:
 * @op: a register op of a paper (a paper's PDF, its position…)
 *
 * Returns: (transfer full): the papers @state has a value of @op for,
 *   sorted
 */
GStrv
papers_sync_state_dup_papers (PapersSyncState *state,
                              PapersSyncOp     op)
{
  return dup_register_names (state, op, TRUE);
}

/**
 * papers_sync_state_dup_tag_key:
 * @id: a tag's sync id: its key when it was made (or renamed to)
 * @name: (out) (transfer none) (nullable): the name the last rename gave
 *   it, %NULL when none did; valid while @state is unchanged
 *
 * Tag renames are registers on the key the tag had when renamed; a tag
 * renamed twice is found by following them.  A chain that comes back to
 * a key it passed (a rename undone) ends there.
 *
 * Returns: (transfer full): the key the library knows tag @id by
 */
char *
papers_sync_state_dup_tag_key (PapersSyncState  *state,
                               const char       *id,
                               const char      **name)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *key = g_strdup (id);

  *name = NULL;
  for (;;)
    {
      const PapersSyncRecord *rename = lookup_register (state, PAPERS_SYNC_OP_TAG_NAME, NULL, key);
      g_autofree char *next = NULL;

      g_hash_table_add (seen, g_strdup (key));
      if (rename == NULL || rename->text == NULL || (next = papers_tag_dup_key (rename->text)) == NULL ||
          next[0] == '\0')
        return g_steal_pointer (&key);
      *name = rename->text;
      g_free (key);
      key = g_steal_pointer (&next);
      if (g_hash_table_contains (seen, key))
        return g_steal_pointer (&key);
    }
}

gboolean
papers_sync_state_in_library (PapersSyncState *state,
                              const char      *paper)
{
  return papers_sync_state_get_flag (state, PAPERS_SYNC_OP_MEMBERSHIP, paper, NULL);
}

/**
 * papers_sync_state_get_text:
 * @op: a register op with a text value
 *
 * Returns: (nullable): the winning value, %NULL when there is none (or
 *   the annotation was deleted)
 */
const char *
papers_sync_state_get_text (PapersSyncState *state,
                            PapersSyncOp     op,
                            const char      *paper,
                            const char      *key)
{
  const PapersSyncRecord *record = lookup_register (state, op, paper, key);

  return record != NULL ? record->text : NULL;
}

gboolean
papers_sync_state_get_flag (PapersSyncState *state,
                            PapersSyncOp     op,
                            const char      *paper,
                            const char      *key)
{
  const PapersSyncRecord *record = lookup_register (state, op, paper, key);

  return record != NULL && record->flag;
}

static int
str_ptr_compare (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/**
 * papers_sync_state_dup_tags:
 *
 * Returns: (transfer full): the ids of the tags on @paper, sorted
 */
char **
papers_sync_state_dup_tags (PapersSyncState *state,
                            const char      *paper)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  GHashTable *ids = g_hash_table_lookup (state->paper_tags, paper);
  GHashTableIter iter;
  gpointer id;

  if (ids != NULL)
    {
      g_hash_table_iter_init (&iter, ids);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        {
          TagEntry *entry = lookup_tag (state, paper, id, FALSE);

          if (entry != NULL && g_hash_table_size (entry->adds) > 0)
            g_ptr_array_add (tags, g_strdup (id));
        }
    }
  g_ptr_array_sort (tags, str_ptr_compare);
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}

/**
 * papers_sync_state_dup_annotations:
 *
 * Whether or not @paper is in the library: a paper removed on one device
 * while annotated on another keeps its annotations.
 *
 * Returns: (transfer full): the ids of @paper's annotations, sorted
 */
GStrv
papers_sync_state_dup_annotations (PapersSyncState *state,
                                   const char      *paper)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTable *live = g_hash_table_lookup (state->paper_notes, paper);
  GHashTableIter iter;
  gpointer id;

  if (live != NULL)
    {
      g_hash_table_iter_init (&iter, live);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_ptr_array_add (ids, g_strdup (id));
    }
  g_ptr_array_sort (ids, str_ptr_compare);
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/**
 * papers_sync_state_dup_note_versions:
 *
 * Returns: (transfer full) (element-type PapersSyncRecord): the versions
 *   of @paper's note that nothing replaced, oldest first: none, one, or
 *   several when devices edited it concurrently (a conflict)
 */
GPtrArray *
papers_sync_state_dup_note_versions (PapersSyncState *state,
                                     const char      *paper)
{
  GPtrArray *versions = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_sync_record_free);
  NoteEntry *entry = lookup_note (state, paper, FALSE);

  for (guint i = 0; entry != NULL && i < entry->heads->len; i++)
    g_ptr_array_add (versions, papers_sync_record_copy (g_ptr_array_index (entry->heads, i)));
  g_ptr_array_sort (versions, record_ptr_compare);
  return versions;
}

/**
 * papers_sync_state_make_tag_remove:
 *
 * Returns: (transfer full): the record removing @tag from @paper as this
 *   state sees it: the assignments known here, and only those
 */
PapersSyncRecord *
papers_sync_state_make_tag_remove (PapersSyncState      *state,
                                   const PapersHlcStamp *stamp,
                                   const char           *paper,
                                   const char           *tag)
{
  PapersSyncRecord *record = papers_sync_record_new (stamp, PAPERS_SYNC_OP_TAG_REMOVE);
  TagEntry *entry = lookup_tag (state, paper, tag, FALSE);

  record->paper = g_strdup (paper);
  record->key = g_strdup (tag);
  record->context = entry != NULL ? sorted_stamps (entry->adds, FALSE)
                                  : g_array_new (FALSE, FALSE, sizeof (PapersHlcStamp));
  return record;
}

/**
 * papers_sync_state_make_note:
 * @text: the note as the reader wrote it, "" to delete it
 *
 * Also how a conflict is resolved: the new version replaces every version
 * this state shows.
 *
 * Returns: (transfer full): the record of a new version of @paper's note
 *   that replaces every version known here
 */
PapersSyncRecord *
papers_sync_state_make_note (PapersSyncState      *state,
                             const PapersHlcStamp *stamp,
                             const char           *paper,
                             const char           *text)
{
  PapersSyncRecord *record = papers_sync_record_new (stamp, PAPERS_SYNC_OP_NOTE);
  NoteEntry *entry = lookup_note (state, paper, FALSE);
  g_autoptr(GHashTable) context = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;

  record->paper = g_strdup (paper);
  record->text = g_strdup (text);
  record->context = g_array_new (FALSE, FALSE, sizeof (PapersHlcStamp));
  if (entry == NULL)
    return record;

  /* Per device, the newest of what was replaced and what is shown */
  g_hash_table_iter_init (&iter, entry->seen);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_insert (context, ((PapersHlcStamp *) value)->device, value);
  for (guint i = 0; i < entry->heads->len; i++)
    {
      PapersHlcStamp *head = &((PapersSyncRecord *) g_ptr_array_index (entry->heads, i))->stamp;
      PapersHlcStamp *known = g_hash_table_lookup (context, head->device);

      if (known == NULL || papers_hlc_stamp_compare (head, known) > 0)
        g_hash_table_insert (context, head->device, head);
    }
  g_hash_table_iter_init (&iter, context);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_append_val (record->context, *(PapersHlcStamp *) value);
  g_array_sort (record->context, (GCompareFunc) papers_hlc_stamp_compare);
  return record;
}

/* The records of one entry, as a snapshot segment of its own (the covers
 * entry: no records, the covers); %NULL when the entry is gone */
static GBytes *
encode_entry (PapersSyncState *state,
              const char      *entry)
{
  g_autoptr(PapersSyncSegment) segment = papers_sync_segment_new (TRUE, "0000000000000000", 1);
  const char *key = entry + 1;
  gpointer value;

  switch (entry[0])
    {
    case 'r':
    case 'd':
      value = g_hash_table_lookup (entry[0] == 'r' ? state->registers : state->deleted, key);
      if (value == NULL)
        return NULL;
      g_ptr_array_add (segment->records, papers_sync_record_copy (value));
      break;
    case 't':
      if ((value = g_hash_table_lookup (state->tags, key)) == NULL)
        return NULL;
      add_tag_records (key, value, segment->records);
      break;
    case 'n':
      if ((value = g_hash_table_lookup (state->notes, key)) == NULL)
        return NULL;
      add_note_records (key, value, segment->records);
      break;
    default:
      {
        GHashTableIter iter;
        gpointer device, seq;

        g_hash_table_iter_init (&iter, state->covers);
        while (g_hash_table_iter_next (&iter, &device, &seq))
          g_hash_table_insert (segment->covers, g_strdup (device), seq);
      }
      break;
    }
  return papers_sync_segment_encode (segment);
}

/**
 * papers_sync_state_steal_changes:
 *
 * What changed in @state since it was loaded or last asked, in the form
 * the library keeps it in: one small snapshot per entry (a register, a
 * deletion, a tag on a paper, a note, the covers).  Applying every entry
 * kept rebuilds the state exactly, so a round that changed one paper
 * writes a few entries, not the whole state.
 *
 * Returns: (transfer full) (element-type utf8 GBytes): entry key → its
 *   encoded records, or %NULL for an entry now gone
 */
GHashTable *
papers_sync_state_steal_changes (PapersSyncState *state)
{
  GHashTable *changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_bytes_unref);
  GHashTableIter iter;
  gpointer entry;

  g_hash_table_iter_init (&iter, state->dirty);
  while (g_hash_table_iter_next (&iter, &entry, NULL))
    g_hash_table_insert (changes, g_strdup (entry), encode_entry (state, entry));
  g_hash_table_remove_all (state->dirty);
  return changes;
}

/**
 * papers_sync_state_forget_changes:
 *
 * Marks @state as kept as it is: what a state loaded from the entries
 * the library keeps calls, so only later changes are written.
 */
void
papers_sync_state_forget_changes (PapersSyncState *state)
{
  g_hash_table_remove_all (state->dirty);
}

/**
 * papers_sync_state_dup_conflicts:
 *
 * Returns: (transfer full): the papers whose note has several versions
 *   nothing replaced (edited on two devices), sorted
 */
GStrv
papers_sync_state_dup_conflicts (PapersSyncState *state)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer paper, value;

  g_hash_table_iter_init (&iter, state->notes);
  while (g_hash_table_iter_next (&iter, &paper, &value))
    if (((NoteEntry *) value)->heads->len > 1)
      g_ptr_array_add (papers, g_strdup (paper));
  g_ptr_array_sort (papers, str_ptr_compare);
  g_ptr_array_add (papers, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&papers), FALSE);
}
