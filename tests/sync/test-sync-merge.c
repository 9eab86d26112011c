/* test-sync-merge.c: the change log's format and its merge converge, and
 * lose nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-sync-state.h"

#define DEV_A "aaaaaaaaaaaaaaaa"
#define DEV_B "bbbbbbbbbbbbbbbb"
#define DEV_C "cccccccccccccccc"
#define T0 ((gint64) 1700000000000)
#define DAY_MS ((gint64) 24 * 3600 * 1000)

static PapersHlcStamp
stamp_at (gint64      wall_ms,
          const char *device)
{
  PapersHlcStamp stamp = { wall_ms, 0, "" };

  g_strlcpy (stamp.device, device, sizeof stamp.device);
  return stamp;
}

static PapersSyncRecord *
record_new (gint64        wall_ms,
            const char   *device,
            PapersSyncOp  op,
            const char   *paper,
            const char   *key,
            const char   *text,
            gboolean      flag)
{
  PapersHlcStamp stamp = stamp_at (wall_ms, device);
  PapersSyncRecord *record = papers_sync_record_new (&stamp, op);

  record->paper = g_strdup (paper);
  record->key = g_strdup (key);
  record->text = g_strdup (text);
  record->flag = flag;
  return record;
}

/* Applies @records to a new state in the order @order gives */
static PapersSyncState *
state_from (PapersSyncRecord **records,
            const guint       *order,
            guint              n)
{
  PapersSyncState *state = papers_sync_state_new ();

  for (guint i = 0; i < n; i++)
    papers_sync_state_apply (state, records[order ? order[i] : i]);
  return state;
}

static void
assert_same_state (PapersSyncState *a,
                   PapersSyncState *b)
{
  g_autoptr(GBytes) ca = papers_sync_state_canonical (a);
  g_autoptr(GBytes) cb = papers_sync_state_canonical (b);

  if (!g_bytes_equal (ca, cb))
    {
      g_test_message ("A: %.*s", (int) g_bytes_get_size (ca), (const char *) g_bytes_get_data (ca, NULL));
      g_test_message ("B: %.*s", (int) g_bytes_get_size (cb), (const char *) g_bytes_get_data (cb, NULL));
      g_assert_not_reached ();
    }
}

/* Latest wins for every register, whatever order the records come in,
 * and applying twice changes nothing */
static void
test_registers (void)
{
  PapersSyncRecord *records[] = {
    record_new (T0 + 2, DEV_A, PAPERS_SYNC_OP_STATUS, "p1", NULL, "read", FALSE),
    record_new (T0 + 1, DEV_B, PAPERS_SYNC_OP_STATUS, "p1", NULL, "reading", FALSE),
    record_new (T0 + 1, DEV_A, PAPERS_SYNC_OP_MEMBERSHIP, "p1", NULL, NULL, TRUE),
    record_new (T0 + 3, DEV_B, PAPERS_SYNC_OP_STAR, "p1", NULL, NULL, TRUE),
    record_new (T0 + 3, DEV_A, PAPERS_SYNC_OP_STAR, "p1", NULL, NULL, FALSE),
    record_new (T0 + 5, DEV_A, PAPERS_SYNC_OP_FOLLOW, NULL, "author:Ada Lovelace", NULL, TRUE),
    record_new (T0 + 4, DEV_B, PAPERS_SYNC_OP_DISMISS, "p2", NULL, NULL, TRUE),
    record_new (T0 + 7, DEV_A, PAPERS_SYNC_OP_TAG_NAME, NULL, "ml", "Machine learning", FALSE),
    record_new (T0 + 8, DEV_B, PAPERS_SYNC_OP_TAG_NAME, NULL, "ml", "ML", FALSE),
    record_new (T0 + 6, DEV_B, PAPERS_SYNC_OP_TAG_COLOR, NULL, "ml", "#ff0000", FALSE),
    record_new (T0 + 9, DEV_A, PAPERS_SYNC_OP_POSITION, "p1", NULL, "{\"page\":4}", FALSE),
  };
  const guint reversed[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
  const guint shuffled[] = { 4, 9, 0, 7, 2, 10, 5, 1, 8, 3, 6 };
  g_autoptr(PapersSyncState) forward = state_from (records, NULL, G_N_ELEMENTS (records));
  g_autoptr(PapersSyncState) backward = state_from (records, reversed, G_N_ELEMENTS (records));
  g_autoptr(PapersSyncState) mixed = state_from (records, shuffled, G_N_ELEMENTS (records));

  g_assert_true (papers_sync_state_in_library (forward, "p1"));
  g_assert_false (papers_sync_state_in_library (forward, "p2"));
  g_assert_cmpstr (papers_sync_state_get_text (forward, PAPERS_SYNC_OP_STATUS, "p1", NULL), ==, "read");
  /* Same wall time: the device id decides, the same way everywhere */
  g_assert_true (papers_sync_state_get_flag (forward, PAPERS_SYNC_OP_STAR, "p1", NULL));
  g_assert_true (papers_sync_state_get_flag (forward, PAPERS_SYNC_OP_FOLLOW, NULL, "author:Ada Lovelace"));
  g_assert_true (papers_sync_state_get_flag (forward, PAPERS_SYNC_OP_DISMISS, "p2", NULL));
  g_assert_cmpstr (papers_sync_state_get_text (forward, PAPERS_SYNC_OP_TAG_NAME, NULL, "ml"), ==, "ML");
  g_assert_cmpstr (papers_sync_state_get_text (forward, PAPERS_SYNC_OP_TAG_COLOR, NULL, "ml"), ==, "#ff0000");
  g_assert_cmpstr (papers_sync_state_get_text (forward, PAPERS_SYNC_OP_POSITION, "p1", NULL), ==, "{\"page\":4}");

  assert_same_state (forward, backward);
  assert_same_state (forward, mixed);
  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    papers_sync_state_apply (mixed, records[i]);
  assert_same_state (forward, mixed);

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    papers_sync_record_free (records[i]);
}

/* A removes a tag it sees while B adds it again: B's assignment, which A
 * did not see, survives */
static void
test_tags_add_wins (void)
{
  g_autoptr(PapersSyncState) a = papers_sync_state_new ();
  g_autoptr(PapersSyncState) b = papers_sync_state_new ();
  g_autoptr(PapersSyncRecord) add1 = record_new (T0, DEV_A, PAPERS_SYNC_OP_TAG_ADD, "p1", "ml", NULL, FALSE);
  g_autoptr(PapersSyncRecord) add2 = record_new (T0 + 2, DEV_B, PAPERS_SYNC_OP_TAG_ADD, "p1", "ml", NULL, FALSE);
  g_autoptr(PapersSyncRecord) remove = NULL;
  g_autoptr(PapersSyncRecord) remove_all = NULL;
  PapersHlcStamp s = stamp_at (T0 + 1, DEV_A);
  g_auto(GStrv) tags = NULL;

  papers_sync_state_apply (a, add1);
  papers_sync_state_apply (b, add1);
  remove = papers_sync_state_make_tag_remove (a, &s, "p1", "ml");
  g_assert_cmpuint (remove->context->len, ==, 1);
  papers_sync_state_apply (a, remove);
  tags = papers_sync_state_dup_tags (a, "p1");
  g_assert_cmpuint (g_strv_length (tags), ==, 0);
  g_clear_pointer (&tags, g_strfreev);

  /* B removes and re-adds concurrently (a tag toggled off and on) */
  papers_sync_state_apply (b, add2);
  papers_sync_state_apply (b, remove);
  papers_sync_state_apply (a, add2);
  assert_same_state (a, b);
  tags = papers_sync_state_dup_tags (a, "p1");
  g_assert_cmpstrv (tags, ((const char *[]) { "ml", NULL }));
  g_clear_pointer (&tags, g_strfreev);

  /* A removal that saw both removes it everywhere */
  s = stamp_at (T0 + 3, DEV_B);
  remove_all = papers_sync_state_make_tag_remove (b, &s, "p1", "ml");
  papers_sync_state_apply (a, remove_all);
  papers_sync_state_apply (b, remove_all);
  /* An old assignment arriving late stays removed */
  papers_sync_state_apply (a, add1);
  tags = papers_sync_state_dup_tags (a, "p1");
  g_assert_cmpuint (g_strv_length (tags), ==, 0);
  assert_same_state (a, b);
}

/* Two devices edit one note concurrently: both versions are kept, and
 * resolving the conflict replaces both */
static void
test_note_conflict (void)
{
  g_autoptr(PapersSyncState) a = papers_sync_state_new ();
  g_autoptr(PapersSyncState) b = papers_sync_state_new ();
  g_autoptr(PapersSyncRecord) base = NULL, edit_a = NULL, edit_b = NULL, resolved = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  PapersHlcStamp s;

  s = stamp_at (T0, DEV_A);
  base = papers_sync_state_make_note (a, &s, "p1", "first thoughts");
  papers_sync_state_apply (a, base);
  papers_sync_state_apply (b, base);

  s = stamp_at (T0 + 10, DEV_A);
  edit_a = papers_sync_state_make_note (a, &s, "p1", "first thoughts, from the laptop");
  papers_sync_state_apply (a, edit_a);
  s = stamp_at (T0 + 5, DEV_B);
  edit_b = papers_sync_state_make_note (b, &s, "p1", "first thoughts, from the desktop");
  papers_sync_state_apply (b, edit_b);

  papers_sync_state_apply (a, edit_b);
  papers_sync_state_apply (b, edit_a);
  papers_sync_state_apply (b, base);
  assert_same_state (a, b);

  versions = papers_sync_state_dup_note_versions (a, "p1");
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpstr (((PapersSyncRecord *) versions->pdata[0])->text, ==, "first thoughts, from the desktop");
  g_assert_cmpstr (((PapersSyncRecord *) versions->pdata[1])->text, ==, "first thoughts, from the laptop");
  g_clear_pointer (&versions, g_ptr_array_unref);

  /* The reader picks (or merges) on B */
  s = stamp_at (T0 + 20, DEV_B);
  resolved = papers_sync_state_make_note (b, &s, "p1", "merged");
  papers_sync_state_apply (b, resolved);
  papers_sync_state_apply (a, resolved);
  versions = papers_sync_state_dup_note_versions (a, "p1");
  g_assert_cmpuint (versions->len, ==, 1);
  g_assert_cmpstr (((PapersSyncRecord *) versions->pdata[0])->text, ==, "merged");
  /* Old versions arriving again change nothing */
  papers_sync_state_apply (a, edit_a);
  papers_sync_state_apply (a, edit_b);
  assert_same_state (a, b);
}

/* A removes the paper while B annotates it: the annotation is kept, and
 * comes back with the paper */
static void
test_delete_while_annotating (void)
{
  g_autoptr(PapersSyncRecord) added = record_new (T0, DEV_A, PAPERS_SYNC_OP_MEMBERSHIP, "p1", NULL, NULL, TRUE);
  g_autoptr(PapersSyncRecord) removed = record_new (T0 + 10, DEV_A, PAPERS_SYNC_OP_MEMBERSHIP, "p1", NULL, NULL, FALSE);
  g_autoptr(PapersSyncRecord) annot = record_new (T0 + 5, DEV_B, PAPERS_SYNC_OP_ANNOTATION, "p1", "b-1", "{\"kind\":\"highlight\"}", FALSE);
  g_autoptr(PapersSyncRecord) readded = record_new (T0 + 20, DEV_B, PAPERS_SYNC_OP_MEMBERSHIP, "p1", NULL, NULL, TRUE);
  PapersSyncRecord *records[] = { added, removed, annot };
  const guint order[] = { 2, 1, 0 };
  g_autoptr(PapersSyncState) a = state_from (records, NULL, 3);
  g_autoptr(PapersSyncState) b = state_from (records, order, 3);
  g_auto(GStrv) ids = NULL;

  assert_same_state (a, b);
  g_assert_false (papers_sync_state_in_library (a, "p1"));
  ids = papers_sync_state_dup_annotations (a, "p1");
  g_assert_cmpstrv (ids, ((const char *[]) { "b-1", NULL }));
  papers_sync_state_apply (a, readded);
  g_assert_true (papers_sync_state_in_library (a, "p1"));
  g_assert_cmpstr (papers_sync_state_get_text (a, PAPERS_SYNC_OP_ANNOTATION, NULL, "b-1"), ==,
                   "{\"kind\":\"highlight\"}");
}

/* An annotation is edited by id (latest wins) and a deletion is final */
static void
test_annotation_delete (void)
{
  g_autoptr(PapersSyncRecord) create = record_new (T0, DEV_A, PAPERS_SYNC_OP_ANNOTATION, "p1", "a-1", "v1", FALSE);
  g_autoptr(PapersSyncRecord) edit = record_new (T0 + 10, DEV_B, PAPERS_SYNC_OP_ANNOTATION, "p1", "a-1", "v2", FALSE);
  g_autoptr(PapersSyncRecord) del = record_new (T0 + 5, DEV_A, PAPERS_SYNC_OP_ANNOTATION_DELETE, "p1", "a-1", NULL, FALSE);
  PapersSyncRecord *records[] = { create, edit, del };
  const guint order[] = { 2, 0, 1 };
  g_autoptr(PapersSyncState) a = state_from (records, NULL, 2);
  g_autoptr(PapersSyncState) b = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_cmpstr (papers_sync_state_get_text (a, PAPERS_SYNC_OP_ANNOTATION, NULL, "a-1"), ==, "v2");
  papers_sync_state_apply (a, del);
  b = state_from (records, order, 3);
  assert_same_state (a, b);
  g_assert_null (papers_sync_state_get_text (a, PAPERS_SYNC_OP_ANNOTATION, NULL, "a-1"));
  ids = papers_sync_state_dup_annotations (a, "p1");
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
}


/* Renames are followed from a tag's first key to the one the library
 * knows; concurrent renames of one tag converge on the latest; a rename
 * undone ends where it started */
static void
test_tag_renames (void)
{
  PapersSyncRecord *records[] = {
    record_new (T0 + 1, DEV_A, PAPERS_SYNC_OP_TAG_NAME, NULL, "ml", "Machine learning", FALSE),
    record_new (T0 + 2, DEV_B, PAPERS_SYNC_OP_TAG_NAME, NULL, "machine learning", "ML Theory", FALSE),
    record_new (T0 + 3, DEV_A, PAPERS_SYNC_OP_TAG_NAME, NULL, "x", "Y", FALSE),
    record_new (T0 + 4, DEV_B, PAPERS_SYNC_OP_TAG_NAME, NULL, "y", "X", FALSE),
    record_new (T0 + 5, DEV_A, PAPERS_SYNC_OP_TAG_NAME, NULL, "cv", "Deep", FALSE),
    record_new (T0 + 6, DEV_B, PAPERS_SYNC_OP_TAG_NAME, NULL, "cv", "Shallow", FALSE),
  };
  const guint reversed[] = { 5, 4, 3, 2, 1, 0 };
  g_autoptr(PapersSyncState) forward = state_from (records, NULL, G_N_ELEMENTS (records));
  g_autoptr(PapersSyncState) backward = state_from (records, reversed, G_N_ELEMENTS (records));
  struct { const char *id, *key, *name; } cases[] = {
    { "ml", "ml theory", "ML Theory" },
    { "machine learning", "ml theory", "ML Theory" },
    { "x", "x", "X" },
    { "cv", "shallow", "Shallow" },
    { "never renamed", "never renamed", NULL },
  };

  assert_same_state (forward, backward);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint s = 0; s < 2; s++)
      {
        const char *name;
        g_autofree char *key = papers_sync_state_dup_tag_key (s ? backward : forward, cases[i].id, &name);

        g_assert_cmpstr (key, ==, cases[i].key);
        g_assert_cmpstr (name, ==, cases[i].name);
      }
  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    papers_sync_record_free (records[i]);
}

/* A follow carries the value as the reader wrote it, through a segment
 * and a snapshot; the latest of follow and unfollow wins */
static void
test_follow_value (void)
{
  g_autoptr(PapersSyncRecord) followed = record_new (T0 + 1, DEV_A, PAPERS_SYNC_OP_FOLLOW, NULL,
                                                     "author:ada lovelace", "Ada Lovelace", TRUE);
  g_autoptr(PapersSyncRecord) unfollowed = record_new (T0 + 2, DEV_B, PAPERS_SYNC_OP_FOLLOW, NULL,
                                                       "author:ada lovelace", "ada  LOVELACE", FALSE);
  g_autoptr(PapersSyncSegment) segment = papers_sync_segment_new (FALSE, DEV_A, 1);
  g_autoptr(PapersSyncSegment) decoded = NULL, snapshot = NULL, reread = NULL;
  g_autoptr(PapersSyncState) state = papers_sync_state_new ();
  g_autoptr(PapersSyncState) loaded = papers_sync_state_new ();
  g_autoptr(GBytes) bytes = NULL, snapshot_bytes = NULL;
  g_autoptr(GError) error = NULL;
  const PapersSyncRecord *follow;

  g_ptr_array_add (segment->records, papers_sync_record_copy (followed));
  bytes = papers_sync_segment_encode (segment);
  decoded = papers_sync_segment_decode (bytes, &error);
  g_assert_no_error (error);
  papers_sync_state_apply_segment (state, decoded);
  snapshot = papers_sync_state_snapshot (state, DEV_A, 1);
  snapshot_bytes = papers_sync_segment_encode (snapshot);
  reread = papers_sync_segment_decode (snapshot_bytes, &error);
  g_assert_no_error (error);
  papers_sync_state_apply_segment (loaded, reread);
  follow = papers_sync_state_lookup (loaded, PAPERS_SYNC_OP_FOLLOW, NULL, "author:ada lovelace");
  g_assert_nonnull (follow);
  g_assert_true (follow->flag);
  g_assert_cmpstr (follow->text, ==, "Ada Lovelace");

  papers_sync_state_apply (loaded, unfollowed);
  papers_sync_state_apply (loaded, followed);
  g_assert_false (papers_sync_state_get_flag (loaded, PAPERS_SYNC_OP_FOLLOW, NULL, "author:ada lovelace"));
}

/* A state as Papers kept it before follows carried their value (and
 * before the receiving side applied annotations, positions, follows,
 * dismissals and tag edits) still loads, whole */
static void
test_old_state (void)
{
#define OLD_STAMP(n) "\"17000000000" n "-0-" DEV_B "\""
  static const char old[] =
    "{\"format\":1,\"kind\":\"snapshot\",\"device\":\"" DEV_A "\",\"seq\":1,"
    "\"covers\":{\"" DEV_B "\":2},\"records\":["
    "{\"t\":" OLD_STAMP ("00") ",\"op\":\"membership\",\"paper\":\"p1\",\"flag\":true},"
    "{\"t\":" OLD_STAMP ("01") ",\"op\":\"tag-name\",\"key\":\"ml\",\"text\":\"ML\"},"
    "{\"t\":" OLD_STAMP ("02") ",\"op\":\"tag-color\",\"key\":\"ml\",\"text\":\"#ff0000\"},"
    "{\"t\":" OLD_STAMP ("03") ",\"op\":\"follow\",\"key\":\"author:ada lovelace\",\"flag\":true},"
    "{\"t\":" OLD_STAMP ("04") ",\"op\":\"dismiss\",\"paper\":\"p2\",\"flag\":true},"
    "{\"t\":" OLD_STAMP ("05") ",\"op\":\"position\",\"paper\":\"p1\",\"text\":\"4 0.5 1.25\"},"
    "{\"t\":" OLD_STAMP ("06") ",\"op\":\"annotation\",\"paper\":\"p1\",\"key\":\"k1\",\"text\":\"{}\"},"
    "{\"t\":" OLD_STAMP ("07") ",\"op\":\"annotation-delete\",\"paper\":\"p1\",\"key\":\"k2\"}"
    "]}";
#undef OLD_STAMP
  g_autoptr(GBytes) bytes = g_bytes_new_static (old, sizeof old - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersSyncSegment) snapshot = papers_sync_segment_decode (bytes, &error);
  g_autoptr(PapersSyncState) state = papers_sync_state_new ();
  g_auto(GStrv) annotations = NULL;
  g_autofree char *tag = NULL;
  const PapersSyncRecord *follow;
  const char *name;

  g_assert_no_error (error);
  papers_sync_state_apply_segment (state, snapshot);
  g_assert_cmpuint (papers_sync_state_get_covered (state, DEV_B), ==, 2);
  g_assert_true (papers_sync_state_in_library (state, "p1"));
  tag = papers_sync_state_dup_tag_key (state, "ml", &name);
  g_assert_cmpstr (tag, ==, "ml");
  g_assert_cmpstr (name, ==, "ML");
  g_assert_cmpstr (papers_sync_state_get_text (state, PAPERS_SYNC_OP_TAG_COLOR, NULL, "ml"), ==, "#ff0000");
  follow = papers_sync_state_lookup (state, PAPERS_SYNC_OP_FOLLOW, NULL, "author:ada lovelace");
  g_assert_nonnull (follow);
  g_assert_true (follow->flag);
  g_assert_null (follow->text);
  g_assert_true (papers_sync_state_get_flag (state, PAPERS_SYNC_OP_DISMISS, "p2", NULL));
  g_assert_cmpstr (papers_sync_state_get_text (state, PAPERS_SYNC_OP_POSITION, "p1", NULL), ==, "4 0.5 1.25");
  annotations = papers_sync_state_dup_annotations (state, "p1");
  g_assert_cmpstrv (annotations, ((const char *[]) { "k1", NULL }));
}

/* ---- The format ------------------------------------------------------------ */

static PapersSyncSegment *
segment_of_every_op (void)
{
  PapersSyncSegment *segment = papers_sync_segment_new (FALSE, DEV_A, 7);
  g_autoptr(GEnumClass) klass = g_type_class_ref (PAPERS_TYPE_SYNC_OP);

  for (guint op = 0; op < klass->n_values; op++)
    {
      PapersSyncRecord *record = record_new (T0 + op, DEV_A, op, "2401.00001v2", "ké\"y",
                                             "text with \"quotes\", \\ and \n ünïcödé", op % 2);
      PapersHlcStamp s = stamp_at (T0 - 1, DEV_B);
      papers_sync_record_add_context (record, &s);
      g_ptr_array_add (segment->records, record);
    }
  return segment;
}

static void
test_segment_roundtrip (void)
{
  g_autoptr(PapersSyncSegment) segment = segment_of_every_op ();
  g_autoptr(GBytes) bytes = papers_sync_segment_encode (segment);
  g_autoptr(PapersSyncSegment) decoded = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;

  decoded = papers_sync_segment_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_false (decoded->snapshot);
  g_assert_cmpstr (decoded->device, ==, DEV_A);
  g_assert_cmpuint (decoded->seq, ==, 7);
  g_assert_cmpuint (decoded->records->len, ==, segment->records->len);
  again = papers_sync_segment_encode (decoded);
  g_assert_true (g_bytes_equal (bytes, again));
}

/* A state, written as a snapshot and read back, is the same state */
static void
test_snapshot (void)
{
  g_autoptr(PapersSyncSegment) log = segment_of_every_op ();
  g_autoptr(PapersSyncState) state = papers_sync_state_new ();
  g_autoptr(PapersSyncState) loaded = papers_sync_state_new ();
  g_autoptr(PapersSyncSegment) snapshot = NULL, decoded = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  PapersHlcStamp s = stamp_at (T0 + 100, DEV_B);
  g_autoptr(PapersSyncRecord) note = papers_sync_state_make_note (state, &s, "p9", "a note");

  papers_sync_state_apply_segment (state, log);
  papers_sync_state_apply (state, note);
  g_assert_cmpuint (papers_sync_state_get_covered (state, DEV_A), ==, 7);

  snapshot = papers_sync_state_snapshot (state, DEV_B, 3);
  bytes = papers_sync_segment_encode (snapshot);
  decoded = papers_sync_segment_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (decoded->snapshot);
  papers_sync_state_apply_segment (loaded, decoded);
  assert_same_state (state, loaded);
  g_assert_cmpuint (papers_sync_state_get_covered (loaded, DEV_A), ==, 7);
  g_assert_cmpuint (papers_sync_state_get_covered (loaded, DEV_B), ==, 0);

  /* Applying the log again over the snapshot changes nothing */
  papers_sync_state_apply_segment (loaded, log);
  assert_same_state (state, loaded);
}

static void
assert_refused (const char *json,
                int         code)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersSyncSegment) segment = papers_sync_segment_decode (bytes, &error);
  g_autofree char *shown = g_utf8_make_valid (json, MIN (strlen (json), 200));

  g_test_message ("%s", shown);
  g_assert_null (segment);
  g_assert_error (error, PAPERS_SYNC_FORMAT_ERROR, code);
}

#define HEAD "{\"format\":1,\"kind\":\"log\",\"device\":\"" DEV_A "\",\"seq\":1,"
#define STAMP_A "\"1700000000000-0-" DEV_A "\""

static void
test_bad_input (void)
{
  const char *malformed[] = {
    "", "null", "[]", "\"log\"", "{", "{}", "{\"format\":1}",
    "{\"format\":\"1\",\"kind\":\"log\",\"device\":\"" DEV_A "\",\"seq\":1,\"records\":[]}",
    "{\"format\":0,\"kind\":\"log\",\"device\":\"" DEV_A "\",\"seq\":1,\"records\":[]}",
    "{\"format\":1,\"kind\":\"diary\",\"device\":\"" DEV_A "\",\"seq\":1,\"records\":[]}",
    "{\"format\":1,\"kind\":\"log\",\"device\":\"../../x\",\"seq\":1,\"records\":[]}",
    "{\"format\":1,\"kind\":\"log\",\"device\":\"" DEV_A "\",\"seq\":0,\"records\":[]}",
    "{\"format\":1,\"kind\":\"log\",\"device\":\"" DEV_A "\",\"seq\":-5,\"records\":[]}",
    "{\"format\":1,\"kind\":\"log\",\"device\":\"" DEV_A "\",\"seq\":1.5,\"records\":[]}",
    HEAD "\"records\":{}}",
    HEAD "\"records\":[1]}",
    HEAD "\"records\":[{}]}",
    HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"nonsense\"}]}",
    HEAD "\"records\":[{\"t\":\"yesterday\",\"op\":\"star\",\"paper\":\"p\",\"flag\":true}]}",
    HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"star\",\"paper\":\"p\"}]}",
    HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"star\",\"paper\":\"p\",\"flag\":1}]}",
    HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"star\",\"paper\":\"\",\"flag\":true}]}",
    HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"star\",\"paper\":7,\"flag\":true}]}",
    HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"note\",\"paper\":\"p\"}]}",
    HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"note\",\"paper\":\"p\",\"text\":\"x\",\"context\":[\"bad\"]}]}",
    HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"tag-remove\",\"paper\":\"p\",\"key\":\"t\"}]}",
    HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"tag-remove\",\"paper\":\"p\",\"key\":\"t\",\"context\":\"x\"}]}",
    /* A log segment carries only its own device's changes */
    HEAD "\"records\":[{\"t\":\"1700000000000-0-" DEV_B "\",\"op\":\"star\",\"paper\":\"p\",\"flag\":true}]}",
    "{\"format\":1,\"kind\":\"snapshot\",\"device\":\"" DEV_A "\",\"seq\":1,\"records\":[]}",
    "{\"format\":1,\"kind\":\"snapshot\",\"device\":\"" DEV_A "\",\"seq\":1,\"covers\":{\"x\":1},\"records\":[]}",
    "{\"format\":1,\"kind\":\"snapshot\",\"device\":\"" DEV_A "\",\"seq\":1,\"covers\":{\"" DEV_B "\":-1},\"records\":[]}",
    "{\"format\":1,\"kind\":\"snapshot\",\"device\":\"" DEV_A "\",\"seq\":1,\"covers\":{\"" DEV_B "\":99999999999},\"records\":[]}",
    "\xff\xfe garbage \x01\x02",
  };
  g_autoptr(PapersSyncSegment) segment = segment_of_every_op ();
  g_autoptr(GBytes) good = papers_sync_segment_encode (segment);
  gsize good_len;
  const char *good_data = g_bytes_get_data (good, &good_len);
  g_autofree char *deep = NULL, *long_text = NULL, *long_context = NULL;
  GString *builder;

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    assert_refused (malformed[i], PAPERS_SYNC_FORMAT_ERROR_MALFORMED);

  assert_refused ("{\"format\":2,\"kind\":\"log\",\"device\":\"" DEV_A "\",\"seq\":1,\"records\":[]}",
                  PAPERS_SYNC_FORMAT_ERROR_TOO_NEW);

  /* Hostile: nesting deep enough to exhaust a recursive parser's stack */
  builder = g_string_new (HEAD "\"records\":[");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (builder, '[');
  deep = g_string_free (builder, FALSE);
  assert_refused (deep, PAPERS_SYNC_FORMAT_ERROR_MALFORMED);

  /* Huge: a text over the limit, a context over the limit */
  builder = g_string_new (HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"status\",\"paper\":\"p\",\"text\":\"");
  for (int i = 0; i < PAPERS_SYNC_MAX_TEXT_BYTES + 1; i++)
    g_string_append_c (builder, 'x');
  g_string_append (builder, "\"}]}");
  long_text = g_string_free (builder, FALSE);
  assert_refused (long_text, PAPERS_SYNC_FORMAT_ERROR_TOO_LARGE);

  builder = g_string_new (HEAD "\"records\":[{\"t\":" STAMP_A ",\"op\":\"note\",\"paper\":\"p\",\"text\":\"\",\"context\":[");
  for (int i = 0; i <= PAPERS_SYNC_MAX_CONTEXT; i++)
    g_string_append_printf (builder, "%s" STAMP_A, i ? "," : "");
  g_string_append (builder, "]}]}");
  long_context = g_string_free (builder, FALSE);
  assert_refused (long_context, PAPERS_SYNC_FORMAT_ERROR_TOO_LARGE);

  /* Truncated: every prefix of a good segment is refused */
  for (gsize n = 0; n < good_len; n++)
    {
      g_autoptr(GBytes) cut = g_bytes_new (good_data, n);
      g_autoptr(GError) error = NULL;
      g_autoptr(PapersSyncSegment) decoded = papers_sync_segment_decode (cut, &error);

      g_assert_null (decoded);
      g_assert_nonnull (error);
    }

  /* Unknown fields are ignored (a later format may add some) */
  {
    const char *json = HEAD "\"future\":[1,2],\"records\":[{\"t\":" STAMP_A ",\"op\":\"star\","
                       "\"paper\":\"p\",\"flag\":true,\"colour\":\"blue\"}]}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
    g_autoptr(GError) error = NULL;
    g_autoptr(PapersSyncSegment) decoded = papers_sync_segment_decode (bytes, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (decoded->records->len, ==, 1);
  }
}

/* ---- The property test ---------------------------------------------------- */

#define N_DEVICES 3
#define N_PAPERS 5
#define N_TAGS 3

typedef struct
{
  char         id[PAPERS_SYNC_DEVICE_ID_LEN + 1];
  gint64       now;
  PapersHlc   *hlc;
  PapersSyncState *state;
  GPtrArray   *pending;     /* PapersSyncRecord*, not yet pushed */
  guint64      next_seq;
  guint        next_annotation;
} Device;

/* The server: per device, its log segments in order (encoded), and the
 * newest snapshot anyone wrote */
typedef struct
{
  GPtrArray *logs[N_DEVICES + 1];
  GBytes    *snapshot;
  GPtrArray *notes;         /* every note version made: PapersSyncRecord* */
} World;

static gint64
device_now (gpointer user_data)
{
  return ((Device *) user_data)->now;
}

static void
device_sync (World  *world,
             Device *devices,
             int     d)
{
  Device *dev = &devices[d];

  if (dev->pending->len > 0)
    {
      g_autoptr(PapersSyncSegment) segment = papers_sync_segment_new (FALSE, dev->id, dev->next_seq++);

      g_ptr_array_extend_and_steal (segment->records, g_steal_pointer (&dev->pending));
      dev->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_sync_record_free);
      g_ptr_array_add (world->logs[d], papers_sync_segment_encode (segment));
      /* The device's own state already has these records */
      papers_sync_state_mark_covered (dev->state, dev->id, segment->seq);
    }

  for (int o = 0; o < N_DEVICES; o++)
    {
      guint64 covered = papers_sync_state_get_covered (dev->state, devices[o].id);

      if (o == d)
        continue;
      for (guint64 seq = covered + 1; seq <= world->logs[o]->len; seq++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PapersSyncSegment) segment =
            papers_sync_segment_decode (g_ptr_array_index (world->logs[o], seq - 1), &error);

          g_assert_no_error (error);
          g_assert_cmpuint (segment->seq, ==, seq);
          for (guint i = 0; i < segment->records->len; i++)
            papers_hlc_receive (dev->hlc, &((PapersSyncRecord *) segment->records->pdata[i])->stamp);
          papers_sync_state_apply_segment (dev->state, segment);
        }
    }
}

static void
device_do (World  *world,
           Device *dev,
           GRand  *rand)
{
  g_autofree char *paper = g_strdup_printf ("2401.%05d", g_rand_int_range (rand, 0, N_PAPERS));
  g_autofree char *tag = g_strdup_printf ("tag%d", g_rand_int_range (rand, 0, N_TAGS));
  PapersSyncRecord *record = NULL;
  PapersHlcStamp stamp;
  int what = g_rand_int_range (rand, 0, 15);

  dev->now += g_rand_int_range (rand, 0, 2000);
  papers_hlc_send (dev->hlc, &stamp);

  switch (what)
    {
    case 0:
    case 1:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_MEMBERSHIP);
      record->flag = g_rand_boolean (rand);
      break;
    case 2:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_STATUS);
      {
        static const char *statuses[] = { "unread", "reading", "read" };
        record->text = g_strdup (statuses[g_rand_int_range (rand, 0, 3)]);
      }
      break;
    case 3:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_STAR);
      record->flag = g_rand_boolean (rand);
      break;
    case 4:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_TAG_ADD);
      record->key = g_strdup (tag);
      break;
    case 5:
      record = papers_sync_state_make_tag_remove (dev->state, &stamp, paper, tag);
      break;
    case 6:
    case 7:
      {
        g_autofree char *when = papers_hlc_stamp_to_string (&stamp);
        g_autofree char *text = g_strdup_printf ("note by %s at %s", dev->id, when);
        record = papers_sync_state_make_note (dev->state, &stamp, paper, text);
        g_ptr_array_add (world->notes, papers_sync_record_copy (record));
        break;
      }
    case 8:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_ANNOTATION);
      record->key = g_strdup_printf ("%s-%u", dev->id, dev->next_annotation++ % 4);
      record->text = g_strdup_printf ("annotation %u", g_rand_int (rand));
      break;
    case 9:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_ANNOTATION_DELETE);
      record->key = g_strdup_printf ("%s-%u", dev->id, g_rand_int_range (rand, 0, 4));
      break;
    case 10:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_POSITION);
      record->text = g_strdup_printf ("{\"page\":%d}", g_rand_int_range (rand, 1, 30));
      break;
    case 12:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_TAG_COLOR);
      record->key = g_strdup (tag);
      record->text = g_strdup_printf ("#%06x", g_rand_int_range (rand, 0, 0x1000000));
      g_clear_pointer (&paper, g_free);
      break;
    case 13:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_FOLLOW);
      record->key = g_strdup_printf ("author:author %d", g_rand_int_range (rand, 0, 3));
      record->text = g_strdup_printf ("Author %u", g_rand_int (rand));
      record->flag = g_rand_boolean (rand);
      g_clear_pointer (&paper, g_free);
      break;
    case 14:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_DISMISS);
      record->flag = g_rand_boolean (rand);
      break;
    default:
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_TAG_NAME);
      record->key = g_strdup (tag);
      /* Half of them onto another tag's key: chains and cycles of renames */
      record->text = g_rand_boolean (rand) ? g_strdup_printf ("Tag%d", g_rand_int_range (rand, 0, N_TAGS))
                                           : g_strdup_printf ("Tag %u", g_rand_int (rand));
      g_clear_pointer (&paper, g_free);
      break;
    }
  if (record->paper == NULL && paper != NULL)
    record->paper = g_strdup (paper);
  papers_sync_state_apply (dev->state, record);
  g_ptr_array_add (dev->pending, record);
}

/* Whether some note version made anywhere covers @version: its author had
 * seen @version when replacing it */
static gboolean
replaced_knowingly (World                  *world,
                    const PapersSyncRecord *version)
{
  for (guint i = 0; i < world->notes->len; i++)
    {
      PapersSyncRecord *other = world->notes->pdata[i];

      if (strcmp (other->paper, version->paper) != 0)
        continue;
      for (guint j = 0; j < other->context->len; j++)
        {
          PapersHlcStamp *c = &g_array_index (other->context, PapersHlcStamp, j);
          if (strcmp (c->device, version->stamp.device) == 0 &&
              papers_hlc_stamp_compare (&version->stamp, c) <= 0)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
note_kept (PapersSyncState        *state,
           const PapersSyncRecord *version)
{
  g_autoptr(GPtrArray) versions = papers_sync_state_dup_note_versions (state, version->paper);

  for (guint i = 0; i < versions->len; i++)
    if (g_strcmp0 (((PapersSyncRecord *) versions->pdata[i])->text, version->text) == 0)
      return TRUE;
  return FALSE;
}

static void
run_property (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Device devices[N_DEVICES];
  World world = { { NULL } };
  const char *ids[N_DEVICES] = { DEV_A, DEV_B, DEV_C };
  g_autoptr(PapersSyncState) fresh = papers_sync_state_new ();
  g_autoptr(GBytes) reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersSyncSegment) snapshot = NULL;
  guint n_ops = 150 + g_rand_int_range (rand, 0, 150);
  guint conflicts = 0;

  world.notes = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_sync_record_free);
  for (int d = 0; d < N_DEVICES; d++)
    {
      g_strlcpy (devices[d].id, ids[d], sizeof devices[d].id);
      /* The third device's clock is three days behind */
      devices[d].now = T0 - (d == 2 ? 3 * DAY_MS : 0);
      devices[d].hlc = papers_hlc_new (devices[d].id, device_now, &devices[d]);
      devices[d].state = papers_sync_state_new ();
      devices[d].pending = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_sync_record_free);
      devices[d].next_seq = 1;
      devices[d].next_annotation = 0;
      world.logs[d] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
    }

  for (guint i = 0; i < n_ops; i++)
    {
      int d = g_rand_int_range (rand, 0, N_DEVICES);

      device_do (&world, &devices[d], rand);
      if (g_rand_int_range (rand, 0, 4) == 0)
        device_sync (&world, devices, g_rand_int_range (rand, 0, N_DEVICES));
      if (i == n_ops / 2)
        {
          /* Mid-way, a device writes a snapshot of what it has */
          int s = g_rand_int_range (rand, 0, N_DEVICES);
          g_autoptr(PapersSyncSegment) snap = NULL;

          device_sync (&world, devices, s);
          snap = papers_sync_state_snapshot (devices[s].state, devices[s].id, 1);
          world.snapshot = papers_sync_segment_encode (snap);
        }
    }

  for (int round = 0; round < 2; round++)
    for (int d = 0; d < N_DEVICES; d++)
      device_sync (&world, devices, d);

  reference = papers_sync_state_canonical (devices[0].state);
  for (int d = 1; d < N_DEVICES; d++)
    {
      g_autoptr(GBytes) other = papers_sync_state_canonical (devices[d].state);
      g_assert_true (g_bytes_equal (reference, other));
    }

  /* Every tag is known by the same key and name everywhere */
  for (int t = 0; t < N_TAGS; t++)
    {
      g_autofree char *id = g_strdup_printf ("tag%d", t);
      const char *name0, *name;
      g_autofree char *key0 = papers_sync_state_dup_tag_key (devices[0].state, id, &name0);

      for (int d = 1; d < N_DEVICES; d++)
        {
          g_autofree char *key = papers_sync_state_dup_tag_key (devices[d].state, id, &name);

          g_assert_cmpstr (key, ==, key0);
          g_assert_cmpstr (name, ==, name0);
        }
    }

  /* Every note text a device wrote is still there, unless a device that
   * had seen it replaced it */
  for (guint i = 0; i < world.notes->len; i++)
    {
      PapersSyncRecord *version = world.notes->pdata[i];

      if (!replaced_knowingly (&world, version))
        for (int d = 0; d < N_DEVICES; d++)
          g_assert_true (note_kept (devices[d].state, version));
    }
  for (int p = 0; p < N_PAPERS; p++)
    {
      g_autofree char *paper = g_strdup_printf ("2401.%05d", p);
      g_autoptr(GPtrArray) versions = papers_sync_state_dup_note_versions (devices[0].state, paper);
      conflicts += versions->len > 1;
    }

  /* A new device: the snapshot, then the log segments after it */
  snapshot = papers_sync_segment_decode (world.snapshot, &error);
  g_assert_no_error (error);
  papers_sync_state_apply_segment (fresh, snapshot);
  for (int o = 0; o < N_DEVICES; o++)
    for (guint64 seq = papers_sync_state_get_covered (fresh, ids[o]) + 1; seq <= world.logs[o]->len; seq++)
      {
        g_autoptr(PapersSyncSegment) segment =
          papers_sync_segment_decode (g_ptr_array_index (world.logs[o], seq - 1), &error);
        g_assert_no_error (error);
        papers_sync_state_apply_segment (fresh, segment);
      }
  {
    g_autoptr(GBytes) other = papers_sync_state_canonical (fresh);
    g_assert_true (g_bytes_equal (reference, other));
  }

  g_test_message ("seed %u: %u operations, %u note versions, %u conflicts left",
                  seed, n_ops, world.notes->len, conflicts);

  for (int d = 0; d < N_DEVICES; d++)
    {
      papers_hlc_free (devices[d].hlc);
      papers_sync_state_free (devices[d].state);
      g_ptr_array_unref (devices[d].pending);
      g_ptr_array_unref (world.logs[d]);
    }
  g_bytes_unref (world.snapshot);
  g_ptr_array_unref (world.notes);
}

static void
test_property (void)
{
  guint rounds = g_test_slow () ? 500 : 40;

  for (guint32 seed = 1; seed <= rounds; seed++)
    run_property (seed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/merge/registers", test_registers);
  g_test_add_func ("/sync/merge/tags-add-wins", test_tags_add_wins);
  g_test_add_func ("/sync/merge/note-conflict", test_note_conflict);
  g_test_add_func ("/sync/merge/delete-while-annotating", test_delete_while_annotating);
  g_test_add_func ("/sync/merge/annotation-delete", test_annotation_delete);
  g_test_add_func ("/sync/merge/tag-renames", test_tag_renames);
  g_test_add_func ("/sync/format/follow-value", test_follow_value);
  g_test_add_func ("/sync/format/old-state", test_old_state);
  g_test_add_func ("/sync/format/roundtrip", test_segment_roundtrip);
  g_test_add_func ("/sync/format/snapshot", test_snapshot);
  g_test_add_func ("/sync/format/bad-input", test_bad_input);
  g_test_add_func ("/sync/merge/property", test_property);

  return g_test_run ();
}
