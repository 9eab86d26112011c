/* papers-sync-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "papers-csl-json.h"
#include "papers-sync-record.h"

/* The change log as JSON, written and read with json-glib.  A segment is
 *
 *   {"format": 1, "kind": "log" | "snapshot", "device": DEVICE, "seq": N,
 *    "covers": {DEVICE: N, …},            (snapshots only)
 *    "records": [{"t": STAMP, "op": NICK, "paper": …, "key": …,
 *                 "text": …, "flag": …, "context": [STAMP, …]}, …]}
 *
 * with STAMP as papers_hlc_stamp_to_string() writes it and NICK the op's
 * GEnum nick.  A record has the fields its op needs (see field_table) and
 * no others; a reader ignores fields it does not know, so a later format
 * may add some without a new version.  Any record that fails to decode
 * fails the whole segment: a file is merged whole or not at all. */

G_DEFINE_QUARK (papers-sync-format-error-quark, papers_sync_format_error)

/* JSON nested deeper than this is refused before json-glib parses it
 * (its parser recurses); a segment nests four levels. */
#define MAX_JSON_DEPTH 16

enum
{
  F_PAPER   = 1 << 0,
  F_KEY     = 1 << 1,
  F_TEXT    = 1 << 2,   /* required */
  F_FLAG    = 1 << 3,
  F_CONTEXT = 1 << 4,   /* required (may be empty) */
  F_OPT_TEXT = 1 << 5,
  F_OPT_CONTEXT = 1 << 6,
};

static guint
field_table (PapersSyncOp op)
{
  switch (op)
    {
    case PAPERS_SYNC_OP_MEMBERSHIP:        return F_PAPER | F_FLAG | F_OPT_TEXT;
    case PAPERS_SYNC_OP_STATUS:            return F_PAPER | F_TEXT;
    case PAPERS_SYNC_OP_STAR:              return F_PAPER | F_FLAG;
    case PAPERS_SYNC_OP_TAG_ADD:           return F_PAPER | F_KEY;
    case PAPERS_SYNC_OP_TAG_REMOVE:        return F_PAPER | F_KEY | F_CONTEXT;
    case PAPERS_SYNC_OP_TAG_NAME:          return F_KEY | F_TEXT;
    case PAPERS_SYNC_OP_TAG_COLOR:         return F_KEY | F_TEXT;
    case PAPERS_SYNC_OP_FOLLOW:            return F_KEY | F_FLAG | F_OPT_TEXT;
    case PAPERS_SYNC_OP_DISMISS:           return F_PAPER | F_FLAG;
    case PAPERS_SYNC_OP_POSITION:          return F_PAPER | F_TEXT;
    case PAPERS_SYNC_OP_ANNOTATION:        return F_PAPER | F_KEY | F_TEXT;
    case PAPERS_SYNC_OP_ANNOTATION_DELETE: return F_PAPER | F_KEY;
    case PAPERS_SYNC_OP_NOTE:              return F_PAPER | F_TEXT | F_OPT_CONTEXT;
    case PAPERS_SYNC_OP_NOTE_SEEN:         return F_PAPER | F_CONTEXT;
    case PAPERS_SYNC_OP_PDF:               return F_PAPER | F_TEXT;
    default:                               g_assert_not_reached ();
    }
}

/* ---- Records -------------------------------------------------------------- */

PapersSyncRecord *
papers_sync_record_new (const PapersHlcStamp *stamp,
                        PapersSyncOp          op)
{
  PapersSyncRecord *record = g_new0 (PapersSyncRecord, 1);

  record->stamp = *stamp;
  record->op = op;
  return record;
}

PapersSyncRecord *
papers_sync_record_copy (const PapersSyncRecord *record)
{
  PapersSyncRecord *copy = papers_sync_record_new (&record->stamp, record->op);

  copy->paper = g_strdup (record->paper);
  copy->key = g_strdup (record->key);
  copy->text = g_strdup (record->text);
  copy->flag = record->flag;
  if (record->context != NULL)
    copy->context = g_array_copy (record->context);
  return copy;
}

void
papers_sync_record_free (PapersSyncRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->paper);
  g_free (record->key);
  g_free (record->text);
  g_clear_pointer (&record->context, g_array_unref);
  g_free (record);
}

/**
 * papers_sync_record_normalize:
 *
 * Drops the fields @record's op does not have, so that a record merges
 * the same before it is written and after it is read back.
 */
void
papers_sync_record_normalize (PapersSyncRecord *record)
{
  guint fields = field_table (record->op);

  if (!(fields & F_PAPER))
    g_clear_pointer (&record->paper, g_free);
  if (!(fields & F_KEY))
    g_clear_pointer (&record->key, g_free);
  if (!(fields & (F_TEXT | F_OPT_TEXT)))
    g_clear_pointer (&record->text, g_free);
  else if ((fields & F_TEXT) && record->text == NULL)
    record->text = g_strdup ("");
  if (!(fields & F_FLAG))
    record->flag = FALSE;
  if (!(fields & (F_CONTEXT | F_OPT_CONTEXT)))
    g_clear_pointer (&record->context, g_array_unref);
  else if (record->context == NULL)
    record->context = g_array_new (FALSE, FALSE, sizeof (PapersHlcStamp));
}

void
papers_sync_record_add_context (PapersSyncRecord     *record,
                                const PapersHlcStamp *stamp)
{
  if (record->context == NULL)
    record->context = g_array_new (FALSE, FALSE, sizeof (PapersHlcStamp));
  g_array_append_val (record->context, *stamp);
}

static int
strcmp0 (const char *a,
         const char *b)
{
  return g_strcmp0 (a, b);
}

/**
 * papers_sync_record_compare:
 *
 * A total order on records (op, paper, key, stamp, then the values), so a
 * state's records can be listed the same way on every device.
 */
int
papers_sync_record_compare (const PapersSyncRecord *a,
                            const PapersSyncRecord *b)
{
  int c;
  guint na, nb;

  if (a->op != b->op)
    return a->op < b->op ? -1 : 1;
  if ((c = strcmp0 (a->paper, b->paper)) != 0 || (c = strcmp0 (a->key, b->key)) != 0)
    return c;
  if ((c = papers_hlc_stamp_compare (&a->stamp, &b->stamp)) != 0)
    return c;
  if ((c = strcmp0 (a->text, b->text)) != 0)
    return c;
  if (a->flag != b->flag)
    return a->flag ? 1 : -1;
  na = a->context ? a->context->len : 0;
  nb = b->context ? b->context->len : 0;
  for (guint i = 0; i < MIN (na, nb); i++)
    if ((c = papers_hlc_stamp_compare (&g_array_index (a->context, PapersHlcStamp, i),
                                       &g_array_index (b->context, PapersHlcStamp, i))) != 0)
      return c;
  return na == nb ? 0 : (na < nb ? -1 : 1);
}

/* ---- Encoding ------------------------------------------------------------- */

static const char *
op_nick (PapersSyncOp op)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PAPERS_TYPE_SYNC_OP);

  return g_enum_get_value (klass, op)->value_nick;
}

static void
add_stamp (JsonBuilder          *builder,
           const PapersHlcStamp *stamp)
{
  g_autofree char *text = papers_hlc_stamp_to_string (stamp);

  json_builder_add_string_value (builder, text);
}

static void
encode_record (JsonBuilder            *builder,
               const PapersSyncRecord *record)
{
  guint fields = field_table (record->op);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "t");
  add_stamp (builder, &record->stamp);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, op_nick (record->op));
  if (fields & F_PAPER)
    {
      json_builder_set_member_name (builder, "paper");
      json_builder_add_string_value (builder, record->paper);
    }
  if (fields & F_KEY)
    {
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, record->key);
    }
  if ((fields & F_TEXT) || ((fields & F_OPT_TEXT) && record->text != NULL))
    {
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, record->text ? record->text : "");
    }
  if (fields & F_FLAG)
    {
      json_builder_set_member_name (builder, "flag");
      json_builder_add_boolean_value (builder, record->flag);
    }
  if (fields & (F_CONTEXT | F_OPT_CONTEXT))
    {
      json_builder_set_member_name (builder, "context");
      json_builder_begin_array (builder);
      for (guint i = 0; record->context != NULL && i < record->context->len; i++)
        add_stamp (builder, &g_array_index (record->context, PapersHlcStamp, i));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

PapersSyncSegment *
papers_sync_segment_new (gboolean    snapshot,
                         const char *device,
                         guint64     seq)
{
  PapersSyncSegment *segment = g_new0 (PapersSyncSegment, 1);

  g_return_val_if_fail (papers_sync_device_id_is_valid (device), NULL);

  segment->snapshot = snapshot;
  memcpy (segment->device, device, PAPERS_SYNC_DEVICE_ID_LEN + 1);
  segment->seq = seq;
  segment->covers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  segment->records = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_sync_record_free);
  return segment;
}

void
papers_sync_segment_free (PapersSyncSegment *segment)
{
  if (segment == NULL)
    return;
  g_hash_table_unref (segment->covers);
  g_ptr_array_unref (segment->records);
  g_free (segment);
}

/**
 * papers_sync_segment_encode:
 *
 * Returns: (transfer full): the segment as UTF-8 JSON
 */
GBytes *
papers_sync_segment_encode (const PapersSyncSegment *segment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) devices = NULL;
  gsize length;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, PAPERS_SYNC_FORMAT_VERSION);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, segment->snapshot ? "snapshot" : "log");
  json_builder_set_member_name (builder, "device");
  json_builder_add_string_value (builder, segment->device);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, (gint64) segment->seq);
  if (segment->snapshot)
    {
      /* Sorted, so one snapshot has one encoding. */
      devices = g_list_sort (g_hash_table_get_keys (segment->covers), (GCompareFunc) strcmp);
      json_builder_set_member_name (builder, "covers");
      json_builder_begin_object (builder);
      for (GList *l = devices; l != NULL; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_add_int_value (builder,
                                      (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (segment->covers, l->data)));
        }
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < segment->records->len; i++)
    encode_record (builder, g_ptr_array_index (segment->records, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

/* ---- Decoding ------------------------------------------------------------- */

static gboolean
malformed (GError    **error,
           const char *what)
{
  g_set_error (error, PAPERS_SYNC_FORMAT_ERROR, PAPERS_SYNC_FORMAT_ERROR_MALFORMED,
               "Damaged sync data: %s", what);
  return FALSE;
}

/* The string member @name of @object, or NULL (with @error) when it is
 * missing, not a string, empty when @nonempty, or longer than @max. */
static const char *
get_string (JsonObject  *object,
            const char  *name,
            gsize        max,
            gboolean     nonempty,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *what = g_strdup_printf ("“%s” is missing or not a string", name);
      malformed (error, what);
      return NULL;
    }
  value = json_node_get_string (node);
  if (strlen (value) > max)
    {
      g_set_error (error, PAPERS_SYNC_FORMAT_ERROR, PAPERS_SYNC_FORMAT_ERROR_TOO_LARGE,
                   "Damaged sync data: “%s” is too long", name);
      return NULL;
    }
  if (nonempty && *value == '\0')
    {
      g_autofree char *what = g_strdup_printf ("“%s” is empty", name);
      malformed (error, what);
      return NULL;
    }
  return value;
}

static gboolean
get_int (JsonObject  *object,
         const char  *name,
         gint64       min,
         gint64      *value,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min)
    {
      g_autofree char *what = g_strdup_printf ("“%s” is missing or not a valid number", name);
      return malformed (error, what);
    }
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
parse_stamp_node (JsonNode       *node,
                  PapersHlcStamp *stamp)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING &&
         papers_hlc_stamp_parse (json_node_get_string (node), stamp);
}

static PapersSyncRecord *
decode_record (JsonNode    *node,
               GError     **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PAPERS_TYPE_SYNC_OP);
  g_autoptr(PapersSyncRecord) record = NULL;
  JsonObject *object;
  PapersHlcStamp stamp;
  GEnumValue *op;
  const char *nick;
  guint fields;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return malformed (error, "a record is not an object"), NULL;
  object = json_node_get_object (node);
  if (!parse_stamp_node (json_object_get_member (object, "t"), &stamp))
    return malformed (error, "a record has no valid stamp"), NULL;
  if ((nick = get_string (object, "op", 64, TRUE, error)) == NULL)
    return NULL;
  if ((op = g_enum_get_value_by_nick (klass, nick)) == NULL)
    return malformed (error, "a record has an unknown op"), NULL;

  record = papers_sync_record_new (&stamp, op->value);
  fields = field_table (record->op);

  if (fields & F_PAPER)
    {
      const char *paper = get_string (object, "paper", PAPERS_SYNC_MAX_KEY_BYTES, TRUE, error);
      if (paper == NULL)
        return NULL;
      record->paper = g_strdup (paper);
    }
  if (fields & F_KEY)
    {
      const char *key = get_string (object, "key", PAPERS_SYNC_MAX_KEY_BYTES, TRUE, error);
      if (key == NULL)
        return NULL;
      record->key = g_strdup (key);
    }
  if ((fields & F_TEXT) || ((fields & F_OPT_TEXT) && json_object_has_member (object, "text")))
    {
      const char *text = get_string (object, "text", PAPERS_SYNC_MAX_TEXT_BYTES, FALSE, error);
      if (text == NULL)
        return NULL;
      record->text = g_strdup (text);
    }
  if (fields & F_FLAG)
    {
      JsonNode *flag = json_object_get_member (object, "flag");
      if (flag == NULL || !JSON_NODE_HOLDS_VALUE (flag) ||
          json_node_get_value_type (flag) != G_TYPE_BOOLEAN)
        return malformed (error, "a record has no valid flag"), NULL;
      record->flag = json_node_get_boolean (flag);
    }
  if ((fields & F_CONTEXT) || ((fields & F_OPT_CONTEXT) && json_object_has_member (object, "context")))
    {
      JsonNode *context = json_object_get_member (object, "context");
      JsonArray *array;

      if (context == NULL || !JSON_NODE_HOLDS_ARRAY (context))
        return malformed (error, "a record has no valid context"), NULL;
      array = json_node_get_array (context);
      if (json_array_get_length (array) > PAPERS_SYNC_MAX_CONTEXT)
        {
          g_set_error (error, PAPERS_SYNC_FORMAT_ERROR, PAPERS_SYNC_FORMAT_ERROR_TOO_LARGE,
                       "Damaged sync data: a record's context is too long");
          return NULL;
        }
      record->context = g_array_sized_new (FALSE, FALSE, sizeof (PapersHlcStamp),
                                           json_array_get_length (array));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          PapersHlcStamp covered;
          if (!parse_stamp_node (json_array_get_element (array, i), &covered))
            return malformed (error, "a record's context holds an invalid stamp"), NULL;
          g_array_append_val (record->context, covered);
        }
    }
  return g_steal_pointer (&record);
}

/**
 * papers_sync_segment_decode:
 * @bytes: what papers_sync_segment_encode() wrote (decrypted)
 *
 * Checks everything: types, stamps, device ids, sizes.  In a log segment
 * every record must be stamped by the segment's own device.
 *
 * Returns: (transfer full): the segment, or %NULL with a
 *   %PAPERS_SYNC_FORMAT_ERROR
 */
PapersSyncSegment *
papers_sync_segment_decode (GBytes  *bytes,
                            GError **error)
{
  /* Not json_parser_new_immutable(): json_parser_get_root() asserts on
   * some inputs it parsed into a mutable root (found by fuzz-sync) */
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PapersSyncSegment) segment = NULL;
  g_autoptr(GError) json_error = NULL;
  const char *data, *kind, *device;
  JsonObject *root;
  JsonNode *node;
  JsonArray *records;
  gint64 format, seq;
  gsize length;

  data = g_bytes_get_data (bytes, &length);
  if (length > PAPERS_SYNC_MAX_SEGMENT_BYTES)
    {
      g_set_error (error, PAPERS_SYNC_FORMAT_ERROR, PAPERS_SYNC_FORMAT_ERROR_TOO_LARGE,
                   "Damaged sync data: the file is too large");
      return NULL;
    }
  if (length == 0 || papers_json_nested_deeper (data, length, MAX_JSON_DEPTH))
    return malformed (error, "not a sync segment"), NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) length, &json_error))
    {
      /* json-glib quotes the input, which may be cut inside a character */
      g_autofree char *message = g_utf8_make_valid (json_error->message, -1);

      g_debug ("sync segment: %s", message);
      return malformed (error, "not valid JSON"), NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return malformed (error, "not a sync segment"), NULL;
  root = json_node_get_object (node);

  if (!get_int (root, "format", 1, &format, error))
    return NULL;
  if (format > PAPERS_SYNC_FORMAT_VERSION)
    {
      g_set_error (error, PAPERS_SYNC_FORMAT_ERROR, PAPERS_SYNC_FORMAT_ERROR_TOO_NEW,
                   "This sync data was written by a newer version of Papers (format %" G_GINT64_FORMAT ")",
                   format);
      return NULL;
    }
  if ((kind = get_string (root, "kind", 16, TRUE, error)) == NULL ||
      (device = get_string (root, "device", PAPERS_SYNC_DEVICE_ID_LEN, TRUE, error)) == NULL ||
      !get_int (root, "seq", 1, &seq, error))
    return NULL;
  if (!papers_sync_device_id_is_valid (device))
    return malformed (error, "invalid device id"), NULL;
  if (strcmp (kind, "log") != 0 && strcmp (kind, "snapshot") != 0)
    return malformed (error, "unknown kind"), NULL;

  segment = papers_sync_segment_new (strcmp (kind, "snapshot") == 0, device, (guint64) seq);

  if (segment->snapshot)
    {
      JsonNode *covers = json_object_get_member (root, "covers");
      g_autoptr(GList) members = NULL;

      if (covers == NULL || !JSON_NODE_HOLDS_OBJECT (covers))
        return malformed (error, "a snapshot has no valid “covers”"), NULL;
      members = json_object_get_members (json_node_get_object (covers));
      for (GList *l = members; l != NULL; l = l->next)
        {
          gint64 covered;

          if (!papers_sync_device_id_is_valid (l->data))
            return malformed (error, "invalid device id in “covers”"), NULL;
          if (!get_int (json_node_get_object (covers), l->data, 0, &covered, error))
            return NULL;
          /* Kept in a pointer-sized value */
          if ((guint64) covered > G_MAXUINT32)
            return malformed (error, "a sequence number is out of range"), NULL;
          g_hash_table_insert (segment->covers, g_strdup (l->data),
                               GSIZE_TO_POINTER ((gsize) covered));
        }
    }

  node = json_object_get_member (root, "records");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return malformed (error, "no “records”"), NULL;
  records = json_node_get_array (node);
  if (json_array_get_length (records) > PAPERS_SYNC_MAX_RECORDS)
    {
      g_set_error (error, PAPERS_SYNC_FORMAT_ERROR, PAPERS_SYNC_FORMAT_ERROR_TOO_LARGE,
                   "Damaged sync data: too many records");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      PapersSyncRecord *record = decode_record (json_array_get_element (records, i), error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (segment->records, record);
      if (!segment->snapshot && strcmp (record->stamp.device, segment->device) != 0)
        return malformed (error, "a log segment holds another device's change"), NULL;
    }
  return g_steal_pointer (&segment);
}
