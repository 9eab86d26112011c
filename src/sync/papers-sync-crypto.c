/* papers-sync-crypto.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "papers-sync-crypto.h"

/* Everything here is libsodium; nothing is hand-made but the framing.
 *
 * The library's header file (unencrypted, written once when the first
 * device sets sync up) holds, as JSON, the Argon2id parameters, a random
 * per-library salt and a key check: BLAKE2b of a fixed text keyed with a
 * subkey of the derived key.  A wrong passphrase gives a different check,
 * so it is reported as such before any file is read.
 *
 * A file is
 *
 *   "PSYN"  version (1 byte, 1)  0 (1 byte)
 *   name length (2 bytes, big endian)  name (UTF-8)
 *   plain length (8 bytes, big endian)
 *   secretstream header (24 bytes)
 *   chunks: each 64 KiB of plain text + 17 bytes, the last one shorter
 *   (perhaps empty) and tagged final
 *
 * in XChaCha20-Poly1305 secretstream with the files subkey.  Everything
 * before the secretstream header is the associated data of every chunk,
 * so the name the file was written under (its device, sequence number
 * and kind are in it) and its length are authenticated: the same valid
 * file under another name is told apart as a replay, a file cut short as
 * truncated (it is shorter than its authenticated length says), anything
 * else that fails to authenticate as tampered. */

G_DEFINE_QUARK (papers-sync-crypto-error-quark, papers_sync_crypto_error)

#define MAGIC "PSYN"
#define FORMAT_VERSION 1
#define PREFIX_FIXED 8            /* magic, version, reserved, name length */
#define CHUNK_BYTES (64 * 1024)
#define SEALED_CHUNK (CHUNK_BYTES + crypto_secretstream_xchacha20poly1305_ABYTES)
#define KEY_CHECK_TEXT "Papers sync key check, version 1"
#define KDF_CONTEXT "PapersSy"
#define SUBKEY_CHECK 1
#define SUBKEY_FILES 2
/* Derived from the files key (not the master, gone by then): names of
 * content-addressed files */
#define SUBKEY_NAMES 3

struct _PapersSyncKey
{
  /* In sodium_malloc'd memory: guarded, locked out of swap, wiped */
  guint8 *files;
};

static void
ensure_sodium (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&once, 1);
    }
}

void
papers_sync_key_free (PapersSyncKey *key)
{
  if (key == NULL)
    return;
  sodium_free (key->files);
  g_free (key);
}

/* Derives the master key, and from it the key check and the files key */
static PapersSyncKey *
derive (const char   *passphrase,
        const guint8 *salt,
        guint64       opslimit,
        gsize         memlimit,
        guint8        check[crypto_generichash_BYTES],
        GError      **error)
{
  guint8 *master = sodium_malloc (crypto_kdf_KEYBYTES);
  guint8 *check_key = sodium_malloc (crypto_generichash_KEYBYTES);
  PapersSyncKey *key;

  if (master == NULL || check_key == NULL ||
      crypto_pwhash (master, crypto_kdf_KEYBYTES, passphrase, strlen (passphrase), salt,
                     opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      sodium_free (master);
      sodium_free (check_key);
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_FAILED,
                   _("The encryption key could not be made: not enough memory."));
      return NULL;
    }

  key = g_new0 (PapersSyncKey, 1);
  key->files = sodium_malloc (crypto_secretstream_xchacha20poly1305_KEYBYTES);
  crypto_kdf_derive_from_key (key->files, crypto_secretstream_xchacha20poly1305_KEYBYTES,
                              SUBKEY_FILES, KDF_CONTEXT, master);
  crypto_kdf_derive_from_key (check_key, crypto_generichash_KEYBYTES,
                              SUBKEY_CHECK, KDF_CONTEXT, master);
  crypto_generichash (check, crypto_generichash_BYTES,
                      (const guint8 *) KEY_CHECK_TEXT, strlen (KEY_CHECK_TEXT),
                      check_key, crypto_generichash_KEYBYTES);
  sodium_free (master);
  sodium_free (check_key);
  return key;
}

/**
 * papers_sync_header_new:
 * @passphrase: the reader's passphrase
 * @opslimit: Argon2id passes (%PAPERS_SYNC_KDF_OPSLIMIT)
 * @memlimit: Argon2id memory (%PAPERS_SYNC_KDF_MEMLIMIT)
 * @key: (out) (optional): the key the header unlocks
 *
 * Makes a new library's header with a new random salt.
 *
 * Returns: (transfer full): the header file's content
 */
GBytes *
papers_sync_header_new (const char     *passphrase,
                        guint64         opslimit,
                        gsize           memlimit,
                        PapersSyncKey **key,
                        GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PapersSyncKey) derived = NULL;
  g_autofree char *salt64 = NULL, *check64 = NULL;
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 check[crypto_generichash_BYTES];
  gsize length;
  char *text;

  g_return_val_if_fail (opslimit <= PAPERS_SYNC_KDF_MAX_OPSLIMIT, NULL);
  g_return_val_if_fail (memlimit <= PAPERS_SYNC_KDF_MAX_MEMLIMIT, NULL);

  ensure_sodium ();
  randombytes_buf (salt, sizeof salt);
  derived = derive (passphrase, salt, opslimit, memlimit, check, error);
  if (derived == NULL)
    return NULL;

  salt64 = g_base64_encode (salt, sizeof salt);
  check64 = g_base64_encode (check, sizeof check);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "kdf");
  json_builder_add_string_value (builder, "argon2id13");
  json_builder_set_member_name (builder, "opslimit");
  json_builder_add_int_value (builder, (gint64) opslimit);
  json_builder_set_member_name (builder, "memlimit");
  json_builder_add_int_value (builder, (gint64) memlimit);
  json_builder_set_member_name (builder, "salt");
  json_builder_add_string_value (builder, salt64);
  json_builder_set_member_name (builder, "check");
  json_builder_add_string_value (builder, check64);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  if (key != NULL)
    *key = g_steal_pointer (&derived);
  return g_bytes_new_take (text, length);
}

static gboolean
bad_header (GError    **error,
            const char *why)
{
  g_debug ("sync header: %s", why);
  g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_BAD_HEADER,
               _("The sync folder’s key file is damaged."));
  return FALSE;
}

/* A base64 member of @object decoding to exactly @size bytes */
static gboolean
get_base64 (JsonObject *object,
            const char *name,
            guint8     *out,
            gsize       size)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree guint8 *decoded = NULL;
  const char *text;
  gsize length;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  /* g_base64_decode() does not fail: check the length of the text first */
  if (strlen (text) != ((size + 2) / 3) * 4)
    return FALSE;
  decoded = g_base64_decode (text, &length);
  if (length != size)
    return FALSE;
  memcpy (out, decoded, size);
  return TRUE;
}

static gboolean
get_limit (JsonObject *object,
           const char *name,
           gint64      min,
           gint64      max,
           gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return *value >= min && *value <= max;
}

/**
 * papers_sync_header_unlock:
 * @header: the library's header file
 * @passphrase: what the reader entered
 *
 * Returns: (transfer full): the key, or %NULL with
 *   %PAPERS_SYNC_CRYPTO_ERROR_WRONG_PASSPHRASE, _BAD_HEADER or _TOO_NEW
 */
PapersSyncKey *
papers_sync_header_unlock (GBytes      *header,
                           const char  *passphrase,
                           GError     **error)
{
  /* Not json_parser_new_immutable(): json_parser_get_root() asserts on
   * some inputs it parsed into a mutable root (found by fuzz-sync) */
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PapersSyncKey) key = NULL;
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 expected[crypto_generichash_BYTES], check[crypto_generichash_BYTES];
  JsonObject *root;
  JsonNode *node, *kdf;
  const char *data;
  gint64 format, opslimit, memlimit;
  gsize length;

  ensure_sodium ();
  data = g_bytes_get_data (header, &length);
  /* A header is under 300 bytes; the limit also keeps the parser shallow */
  if (length == 0 || length > 4096 ||
      !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return bad_header (error, "not JSON"), NULL;
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return bad_header (error, "not an object"), NULL;
  root = json_node_get_object (node);
  if (!get_limit (root, "format", 1, G_MAXINT64, &format))
    return bad_header (error, "no format"), NULL;
  if (format > FORMAT_VERSION)
    {
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_TOO_NEW,
                   _("The sync folder was set up by a newer version of Papers."));
      return NULL;
    }
  kdf = json_object_get_member (root, "kdf");
  if (kdf == NULL || !JSON_NODE_HOLDS_VALUE (kdf) ||
      json_node_get_value_type (kdf) != G_TYPE_STRING ||
      strcmp (json_node_get_string (kdf), "argon2id13") != 0)
    return bad_header (error, "unknown kdf"), NULL;
  if (!get_limit (root, "opslimit", crypto_pwhash_OPSLIMIT_MIN, PAPERS_SYNC_KDF_MAX_OPSLIMIT, &opslimit) ||
      !get_limit (root, "memlimit", crypto_pwhash_MEMLIMIT_MIN, PAPERS_SYNC_KDF_MAX_MEMLIMIT, &memlimit))
    return bad_header (error, "limits missing or out of range"), NULL;
  if (!get_base64 (root, "salt", salt, sizeof salt) ||
      !get_base64 (root, "check", expected, sizeof expected))
    return bad_header (error, "salt or check missing or of the wrong size"), NULL;

  key = derive (passphrase, salt, (guint64) opslimit, (gsize) memlimit, check, error);
  if (key == NULL)
    return NULL;
  if (sodium_memcmp (check, expected, sizeof check) != 0)
    {
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_WRONG_PASSPHRASE,
                   _("The passphrase is not the one this library was encrypted with."));
      return NULL;
    }
  return g_steal_pointer (&key);
}

/* The bytes before the secretstream header: the associated data */
static GByteArray *
make_prefix (const char *name,
             guint64     plain_length)
{
  GByteArray *prefix = g_byte_array_new ();
  gsize name_length = strlen (name);
  guint8 fixed[PREFIX_FIXED] = { 'P', 'S', 'Y', 'N', FORMAT_VERSION, 0,
                                 (guint8) (name_length >> 8), (guint8) name_length };
  guint8 length_be[8];

  for (int i = 0; i < 8; i++)
    length_be[i] = (guint8) (plain_length >> (56 - 8 * i));
  g_byte_array_append (prefix, fixed, sizeof fixed);
  g_byte_array_append (prefix, (const guint8 *) name, name_length);
  g_byte_array_append (prefix, length_be, sizeof length_be);
  return prefix;
}

/**
 * papers_sync_encrypt:
 * @name: the file's name on the server (for example
 *   "log/0123456789abcdef/000042"), bound to its content
 * @plain: at most %PAPERS_SYNC_MAX_FILE_BYTES
 *
 * Returns: (transfer full): the encrypted file
 */
GBytes *
papers_sync_encrypt (PapersSyncKey *key,
                     const char    *name,
                     GBytes        *plain)
{
  crypto_secretstream_xchacha20poly1305_state state;
  g_autoptr(GByteArray) prefix = NULL;
  GByteArray *out;
  const guint8 *data;
  gsize length, offset = 0, ad_length;
  guint8 stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];

  g_return_val_if_fail (name != NULL && strlen (name) <= PAPERS_SYNC_MAX_NAME_BYTES, NULL);
  g_return_val_if_fail (g_utf8_validate (name, -1, NULL), NULL);
  data = g_bytes_get_data (plain, &length);
  g_return_val_if_fail (length <= PAPERS_SYNC_MAX_FILE_BYTES, NULL);

  prefix = make_prefix (name, length);
  ad_length = prefix->len;
  out = g_byte_array_sized_new (ad_length + sizeof stream_header +
                                length + (length / CHUNK_BYTES + 1) * crypto_secretstream_xchacha20poly1305_ABYTES);
  g_byte_array_append (out, prefix->data, prefix->len);
  crypto_secretstream_xchacha20poly1305_init_push (&state, stream_header, key->files);
  g_byte_array_append (out, stream_header, sizeof stream_header);

  /* Full chunks, then a shorter final one (empty when the length is a
   * multiple of the chunk size), so the number of chunks follows from the
   * length alone */
  do
    {
      gboolean last = length - offset < CHUNK_BYTES;
      gsize n = last ? length - offset : CHUNK_BYTES;
      guint old_len = out->len;

      g_byte_array_set_size (out, old_len + n + crypto_secretstream_xchacha20poly1305_ABYTES);
      crypto_secretstream_xchacha20poly1305_push (&state, out->data + old_len, NULL,
                                                  data + offset, n, prefix->data, ad_length,
                                                  last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
      offset += n;
      if (last)
        break;
    }
  while (TRUE);

  sodium_memzero (&state, sizeof state);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
crypto_fail (GError    **error,
             int         code,
             const char *name)
{
  switch (code)
    {
    case PAPERS_SYNC_CRYPTO_ERROR_NOT_ENCRYPTED:
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, code,
                   _("“%s” on the server is not a file Papers encrypted."), name);
      break;
    case PAPERS_SYNC_CRYPTO_ERROR_TOO_NEW:
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, code,
                   _("“%s” on the server was written by a newer version of Papers."), name);
      break;
    case PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED:
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, code,
                   _("“%s” on the server is incomplete; nothing was taken from it."), name);
      break;
    case PAPERS_SYNC_CRYPTO_ERROR_REPLAYED:
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, code,
                   _("“%s” on the server was replaced by another of the library’s files; nothing was taken from it."),
                   name);
      break;
    case PAPERS_SYNC_CRYPTO_ERROR_TOO_LARGE:
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, code,
                   _("“%s” on the server is too large to be a sync file."), name);
      break;
    case PAPERS_SYNC_CRYPTO_ERROR_TAMPERED:
    default:
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED,
                   _("“%s” on the server was changed by someone other than Papers; nothing was taken from it."),
                   name);
      break;
    }
  return NULL;
}

/* Where decrypted chunks go: a buffer, or a file being written */
typedef gboolean (*ChunkSink) (const guint8  *chunk,
                               gsize          length,
                               gpointer       data,
                               GError       **error);

/* Checks and decrypts @sealed chunk by chunk into @sink; %FALSE with a
 * %PAPERS_SYNC_CRYPTO_ERROR (or the sink's) when any of it fails.  What
 * the sink got of a file that fails is to be thrown away. */
static gboolean
decrypt_into (PapersSyncKey  *key,
              const char     *name,
              GBytes         *sealed,
              guint64        *plain_length_out,
              ChunkSink       sink,
              gpointer        sink_data,
              GError        **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  g_autofree guint8 *chunk = NULL;
  g_autofree char *stored_name = NULL;
  const guint8 *data, *body;
  gsize length, name_length, ad_length, body_length, offset = 0;
  guint64 plain_length = 0, plain_offset = 0, sealed_expected;
  gboolean final = FALSE;

  data = g_bytes_get_data (sealed, &length);
  if (length < 4 || memcmp (data, MAGIC, 4) != 0)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_NOT_ENCRYPTED, name) != NULL;
  if (length < PREFIX_FIXED)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED, name) != NULL;
  if (data[4] == 0)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_NOT_ENCRYPTED, name) != NULL;
  if (data[4] > FORMAT_VERSION)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TOO_NEW, name) != NULL;

  name_length = ((gsize) data[6] << 8) | data[7];
  if (data[5] != 0 || name_length > PAPERS_SYNC_MAX_NAME_BYTES)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED, name) != NULL;
  ad_length = PREFIX_FIXED + name_length + 8;
  if (length < ad_length + crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED, name) != NULL;
  for (int i = 0; i < 8; i++)
    plain_length = (plain_length << 8) | data[PREFIX_FIXED + name_length + i];
  if (plain_length > PAPERS_SYNC_MAX_FILE_BYTES)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TOO_LARGE, name) != NULL;

  /* The length is authenticated (below): a file shorter than it says was
   * cut, one longer was changed */
  sealed_expected = ad_length + crypto_secretstream_xchacha20poly1305_HEADERBYTES + plain_length +
                    (plain_length / CHUNK_BYTES + 1) * crypto_secretstream_xchacha20poly1305_ABYTES;
  if (length < sealed_expected)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED, name) != NULL;
  if (length > sealed_expected)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED, name) != NULL;

  stored_name = g_strndup ((const char *) data + PREFIX_FIXED, name_length);
  if (strlen (stored_name) != name_length || !g_utf8_validate (stored_name, -1, NULL))
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED, name) != NULL;

  if (crypto_secretstream_xchacha20poly1305_init_pull (&state, data + ad_length, key->files) != 0)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED, name) != NULL;

  body = data + ad_length + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  body_length = length - ad_length - crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  chunk = g_malloc (CHUNK_BYTES);
  while (offset < body_length)
    {
      gsize n = MIN (body_length - offset, SEALED_CHUNK);
      unsigned long long out_length;
      guint8 tag;

      if (final ||
          crypto_secretstream_xchacha20poly1305_pull (&state, chunk, &out_length, &tag,
                                                      body + offset, n, data, ad_length) != 0)
        {
          sodium_memzero (chunk, CHUNK_BYTES);
          sodium_memzero (&state, sizeof state);
          return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED, name) != NULL;
        }
      final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
      offset += n;
      if (plain_offset + out_length > plain_length || !sink (chunk, out_length, sink_data, error))
        {
          sodium_memzero (chunk, CHUNK_BYTES);
          sodium_memzero (&state, sizeof state);
          if (error != NULL && *error != NULL)
            return FALSE;
          return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED, name) != NULL;
        }
      plain_offset += out_length;
    }
  sodium_memzero (chunk, CHUNK_BYTES);
  sodium_memzero (&state, sizeof state);
  if (!final || plain_offset != plain_length)
    return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED, name) != NULL;

  /* Authentic, but written as another file */
  if (strcmp (stored_name, name) != 0)
    {
      g_debug ("%s holds the content of %s", name, stored_name);
      return crypto_fail (error, PAPERS_SYNC_CRYPTO_ERROR_REPLAYED, name) != NULL;
    }
  *plain_length_out = plain_length;
  return TRUE;
}

typedef struct
{
  GByteArray *plain;
} BufferSink;

static gboolean
buffer_sink (const guint8  *chunk,
             gsize          length,
             gpointer       data,
             GError       **error)
{
  g_byte_array_append (((BufferSink *) data)->plain, chunk, length);
  return TRUE;
}

/**
 * papers_sync_decrypt:
 * @name: the name the file was fetched under
 * @sealed: the file's content
 *
 * Returns: (transfer full): the plain content, or %NULL with a
 *   %PAPERS_SYNC_CRYPTO_ERROR; nothing of a file that fails is returned
 */
GBytes *
papers_sync_decrypt (PapersSyncKey  *key,
                     const char     *name,
                     GBytes         *sealed,
                     GError        **error)
{
  BufferSink sink = { g_byte_array_new () };
  guint64 length;

  if (!decrypt_into (key, name, sealed, &length, buffer_sink, &sink, error))
    {
      sodium_memzero (sink.plain->data, sink.plain->len);
      g_byte_array_unref (sink.plain);
      return NULL;
    }
  return g_byte_array_free_to_bytes (sink.plain);
}

typedef struct
{
  GOutputStream *out;
  GChecksum     *sha256;
} StreamSink;

static gboolean
stream_sink (const guint8  *chunk,
             gsize          length,
             gpointer       data,
             GError       **error)
{
  StreamSink *sink = data;

  g_checksum_update (sink->sha256, chunk, length);
  return g_output_stream_write_all (sink->out, chunk, length, NULL, NULL, error);
}

/**
 * papers_sync_decrypt_to_stream:
 * @name: the name the file was fetched under
 * @sealed: the file's content
 * @out: where the plain content goes, chunk by chunk
 * @sha256: (out): the plain content's sha256, in hex
 * @length: (out): its length
 *
 * As papers_sync_decrypt(), without holding the plain content: a large
 * file (a PDF) is written as it is checked.  When it fails, what was
 * written to @out is to be thrown away.
 */
gboolean
papers_sync_decrypt_to_stream (PapersSyncKey  *key,
                               const char     *name,
                               GBytes         *sealed,
                               GOutputStream  *out,
                               char          **sha256,
                               guint64        *length,
                               GError        **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  StreamSink sink = { out, checksum };

  if (!decrypt_into (key, name, sealed, length, stream_sink, &sink, error))
    return FALSE;
  *sha256 = g_strdup (g_checksum_get_string (checksum));
  return TRUE;
}

/**
 * papers_sync_encrypt_stream:
 * @name: the file's name on the server, bound to its content
 * @in: the plain content: exactly @length bytes
 * @out: where the encrypted file goes
 * @sha256: (out): the plain content's sha256, in hex
 *
 * As papers_sync_encrypt(), a chunk at a time: a PDF is never held in
 * memory.  Fails when @in holds more or fewer than @length bytes (the
 * file changed while it was read).
 */
gboolean
papers_sync_encrypt_stream (PapersSyncKey  *key,
                            const char     *name,
                            GInputStream   *in,
                            guint64         length,
                            GOutputStream  *out,
                            char          **sha256,
                            GCancellable   *cancellable,
                            GError        **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  g_autoptr(GByteArray) prefix = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *plain = g_malloc (CHUNK_BYTES + 1);
  g_autofree guint8 *sealed = g_malloc (SEALED_CHUNK);
  guint8 stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  guint64 offset = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (name != NULL && strlen (name) <= PAPERS_SYNC_MAX_NAME_BYTES, FALSE);
  if (length > PAPERS_SYNC_MAX_FILE_BYTES)
    {
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_TOO_LARGE,
                   _("The file is too large to sync (over %u MB)."),
                   (guint) (PAPERS_SYNC_MAX_FILE_BYTES / 1000000));
      return FALSE;
    }
  ensure_sodium ();
  prefix = make_prefix (name, length);
  crypto_secretstream_xchacha20poly1305_init_push (&state, stream_header, key->files);
  if (!g_output_stream_write_all (out, prefix->data, prefix->len, NULL, cancellable, error) ||
      !g_output_stream_write_all (out, stream_header, sizeof stream_header, NULL, cancellable, error))
    goto out;
  for (;;)
    {
      gboolean last = length - offset < CHUNK_BYTES;
      gsize want = last ? (gsize) (length - offset) : CHUNK_BYTES, got = 0;
      unsigned long long sealed_length;

      /* One byte more on the last chunk: a file that grew is told */
      if (!g_input_stream_read_all (in, plain, last ? want + 1 : want, &got, cancellable, error))
        goto out;
      if (got != want)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("The file changed while it was read; it will be sent at the next sync."));
          goto out;
        }
      g_checksum_update (checksum, plain, got);
      crypto_secretstream_xchacha20poly1305_push (&state, sealed, &sealed_length, plain, got, prefix->data,
                                                  prefix->len,
                                                  last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
      if (!g_output_stream_write_all (out, sealed, sealed_length, NULL, cancellable, error))
        goto out;
      offset += got;
      if (last)
        break;
    }
  *sha256 = g_strdup (g_checksum_get_string (checksum));
  ok = TRUE;
out:
  sodium_memzero (plain, CHUNK_BYTES + 1);
  sodium_memzero (&state, sizeof state);
  return ok;
}

/**
 * papers_sync_key_name_for:
 * @prefix: what the name starts with, "pdf-" for instance
 * @content_id: what names the content (a sha256)
 *
 * A name for a file on the server that the same content gets on every
 * device of the library, without telling the server what @content_id is
 * (a keyed BLAKE2b of it, with a subkey of the files key).
 *
 * Returns: (transfer full): @prefix and 64 hex digits
 */
char *
papers_sync_key_name_for (PapersSyncKey *key,
                          const char    *prefix,
                          const char    *content_id)
{
  guint8 *name_key = sodium_malloc (crypto_generichash_KEYBYTES);
  guint8 hash[32];
  char hex[sizeof hash * 2 + 1];

  crypto_kdf_derive_from_key (name_key, crypto_generichash_KEYBYTES, SUBKEY_NAMES, KDF_CONTEXT, key->files);
  crypto_generichash (hash, sizeof hash, (const guint8 *) content_id, strlen (content_id), name_key,
                      crypto_generichash_KEYBYTES);
  sodium_free (name_key);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strconcat (prefix, hex, NULL);
}
