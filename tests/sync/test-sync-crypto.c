/* test-sync-crypto.c: what goes to the server is encrypted, and nothing
 * damaged, cut, foreign or replayed comes back from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "papers-sync-crypto.h"

/* The smallest Argon2id cost: these tests are about the format */
#define OPS 1
#define MEM 8192
#define NAME "log/0123456789abcdef/42"
#define CHUNK (64 * 1024)

static PapersSyncKey *
new_key (const char *passphrase,
         GBytes    **header)
{
  g_autoptr(GError) error = NULL;
  PapersSyncKey *key = NULL;
  GBytes *made = papers_sync_header_new (passphrase, OPS, MEM, &key, &error);

  g_assert_no_error (error);
  if (header != NULL)
    *header = made;
  else
    g_bytes_unref (made);
  return key;
}

static GBytes *
pattern_bytes (gsize size)
{
  guint8 *data = g_malloc (MAX (size, 1));

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 31 + (i >> 8));
  return g_bytes_new_take (data, size);
}

static void
assert_refused (PapersSyncKey *key,
                const char    *name,
                GBytes        *sealed,
                int            code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = papers_sync_decrypt (key, name, sealed, &error);

  g_assert_null (plain);
  g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, code);
}

static void
test_defaults (void)
{
  /* libsodium's "moderate" cost, within what a header may ask */
  g_assert_cmpuint (PAPERS_SYNC_KDF_OPSLIMIT, ==, crypto_pwhash_OPSLIMIT_MODERATE);
  g_assert_cmpuint (PAPERS_SYNC_KDF_MEMLIMIT, ==, crypto_pwhash_MEMLIMIT_MODERATE);
  g_assert_cmpuint (PAPERS_SYNC_KDF_MEMLIMIT, <=, PAPERS_SYNC_KDF_MAX_MEMLIMIT);
}

static void
test_roundtrip (void)
{
  g_autoptr(GBytes) header = NULL;
  g_autoptr(PapersSyncKey) key = new_key ("correct horse battery staple", &header);
  g_autoptr(PapersSyncKey) unlocked = NULL;
  g_autoptr(GError) error = NULL;
  const gsize sizes[] = { 0, 1, 100, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5 };

  unlocked = papers_sync_header_unlock (header, "correct horse battery staple", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) plain = pattern_bytes (sizes[i]);
      g_autoptr(GBytes) sealed = papers_sync_encrypt (key, NAME, plain);
      g_autoptr(GBytes) sealed_again = papers_sync_encrypt (key, NAME, plain);
      g_autoptr(GBytes) opened = papers_sync_decrypt (unlocked, NAME, sealed, &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (opened, plain));
      /* A fresh nonce every time */
      g_assert_false (g_bytes_equal (sealed, sealed_again));
    }
}

static void
test_wrong_passphrase (void)
{
  g_autoptr(GBytes) header = NULL;
  g_autoptr(PapersSyncKey) key = new_key ("right", &header);
  g_autoptr(PapersSyncKey) wrong = NULL;
  g_autoptr(GError) error = NULL;

  wrong = papers_sync_header_unlock (header, "wrong", &error);
  g_assert_null (wrong);
  g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_WRONG_PASSPHRASE);
  g_assert_nonnull (strstr (error->message, "passphrase"));
}

static void
test_bad_header (void)
{
  const char *bad[] = {
    "", "garbage", "[]", "{}", "{\"format\":\"1\"}",
    "{\"format\":1,\"kdf\":\"scrypt\",\"opslimit\":1,\"memlimit\":8192,"
    "\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"check\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}",
    /* Limits that would exhaust the machine */
    "{\"format\":1,\"kdf\":\"argon2id13\",\"opslimit\":1,\"memlimit\":1099511627776,"
    "\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"check\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}",
    "{\"format\":1,\"kdf\":\"argon2id13\",\"opslimit\":100000,\"memlimit\":8192,"
    "\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"check\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}",
    "{\"format\":1,\"kdf\":\"argon2id13\",\"opslimit\":0,\"memlimit\":8192,"
    "\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"check\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}",
    /* Salt and check of the wrong size, or not base64 */
    "{\"format\":1,\"kdf\":\"argon2id13\",\"opslimit\":1,\"memlimit\":8192,"
    "\"salt\":\"AAAA\",\"check\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}",
    "{\"format\":1,\"kdf\":\"argon2id13\",\"opslimit\":1,\"memlimit\":8192,"
    "\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"check\":\"!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\"}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersSyncKey) key = NULL;
  g_autofree char *huge = g_strnfill (10000, '[');

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) header = g_bytes_new_static (bad[i], strlen (bad[i]));

      g_test_message ("%s", bad[i]);
      g_clear_error (&error);
      key = papers_sync_header_unlock (header, "x", &error);
      g_assert_null (key);
      g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_BAD_HEADER);
    }
  {
    g_autoptr(GBytes) header = g_bytes_new_static (huge, strlen (huge));
    g_clear_error (&error);
    key = papers_sync_header_unlock (header, "x", &error);
    g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_BAD_HEADER);
  }
  {
    const char *newer = "{\"format\":2,\"kdf\":\"argon2id99\"}";
    g_autoptr(GBytes) header = g_bytes_new_static (newer, strlen (newer));
    g_clear_error (&error);
    key = papers_sync_header_unlock (header, "x", &error);
    g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_TOO_NEW);
  }
}

/* Every byte changed, anywhere, is caught */
static void
test_tampered (void)
{
  g_autoptr(PapersSyncKey) key = new_key ("p", NULL);
  g_autoptr(GBytes) plain = pattern_bytes (CHUNK + 300);
  g_autoptr(GBytes) sealed = papers_sync_encrypt (key, NAME, plain);
  gsize size;
  const guint8 *data = g_bytes_get_data (sealed, &size);
  gsize step = g_test_thorough () ? 1 : 97;

  for (gsize i = 0; i < size; i += (i < 200 ? 1 : step))
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) changed = NULL;
      g_autoptr(GBytes) opened = NULL;
      g_autoptr(GError) error = NULL;

      copy[i] ^= 0x40;
      changed = g_bytes_new (copy, size);
      opened = papers_sync_decrypt (key, NAME, changed, &error);
      g_assert_null (opened);
      g_assert_error (error, PAPERS_SYNC_CRYPTO_ERROR, error->code);
      if (i >= 40)
        /* Past the magic, version and name length: the content */
        g_assert_true (error->code == PAPERS_SYNC_CRYPTO_ERROR_TAMPERED ||
                       error->code == PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED ||
                       error->code == PAPERS_SYNC_CRYPTO_ERROR_TOO_LARGE);
    }

  /* A bit flipped in the last chunk's cipher text */
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);
    g_autoptr(GBytes) changed = NULL;

    copy[size - 20] ^= 1;
    changed = g_bytes_new (copy, size);
    assert_refused (key, NAME, changed, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED);
  }
  /* Bytes added at the end */
  {
    g_autoptr(GByteArray) longer = g_byte_array_new ();
    g_autoptr(GBytes) changed = NULL;

    g_byte_array_append (longer, data, size);
    g_byte_array_append (longer, (const guint8 *) "more", 4);
    changed = g_bytes_new (longer->data, longer->len);
    assert_refused (key, NAME, changed, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED);
  }
}

static void
test_truncated (void)
{
  g_autoptr(PapersSyncKey) key = new_key ("p", NULL);
  g_autoptr(GBytes) plain = pattern_bytes (2 * CHUNK + 10);
  g_autoptr(GBytes) sealed = papers_sync_encrypt (key, NAME, plain);
  gsize size;
  const guint8 *data = g_bytes_get_data (sealed, &size);

  for (gsize n = 0; n < size; n += (n < 100 || n > size - 100) ? 1 : 1013)
    {
      g_autoptr(GBytes) cut = g_bytes_new (data, n);

      assert_refused (key, NAME, cut, n < 4 ? PAPERS_SYNC_CRYPTO_ERROR_NOT_ENCRYPTED
                                            : PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED);
    }
  /* Cut at a chunk boundary: still truncated, not taken as a shorter file */
  {
    g_autoptr(GBytes) cut = g_bytes_new (data, size - 17 - 10);
    assert_refused (key, NAME, cut, PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED);
  }
}

static void
test_garbage (void)
{
  g_autoptr(PapersSyncKey) key = new_key ("p", NULL);
  guint8 random_bytes[4096];
  g_autoptr(GBytes) html = NULL, random = NULL, newer = NULL, zero = NULL, huge = NULL;
  const char *page = "<html><body>Not Found</body></html>";
  guint8 future[64] = { 'P', 'S', 'Y', 'N', 9 };
  guint8 version0[64] = { 'P', 'S', 'Y', 'N', 0 };
  guint8 big[64] = { 'P', 'S', 'Y', 'N', 1, 0, 0, 1, 'x', 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

  randombytes_buf (random_bytes, sizeof random_bytes);
  html = g_bytes_new_static (page, strlen (page));
  random = g_bytes_new (random_bytes, sizeof random_bytes);
  newer = g_bytes_new (future, sizeof future);
  zero = g_bytes_new (version0, sizeof version0);
  huge = g_bytes_new (big, sizeof big);

  assert_refused (key, NAME, html, PAPERS_SYNC_CRYPTO_ERROR_NOT_ENCRYPTED);
  assert_refused (key, NAME, random, PAPERS_SYNC_CRYPTO_ERROR_NOT_ENCRYPTED);
  assert_refused (key, NAME, newer, PAPERS_SYNC_CRYPTO_ERROR_TOO_NEW);
  assert_refused (key, NAME, zero, PAPERS_SYNC_CRYPTO_ERROR_NOT_ENCRYPTED);
  /* A length field claiming petabytes is refused before anything is
   * allocated for it */
  assert_refused (key, NAME, huge, PAPERS_SYNC_CRYPTO_ERROR_TOO_LARGE);
}

/* Another device's valid file put in place of this one */
static void
test_replay (void)
{
  g_autoptr(PapersSyncKey) key = new_key ("p", NULL);
  g_autoptr(GBytes) plain = pattern_bytes (500);
  g_autoptr(GBytes) sealed = papers_sync_encrypt (key, "log/aaaaaaaaaaaaaaaa/7", plain);
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) error = NULL;

  assert_refused (key, "log/bbbbbbbbbbbbbbbb/7", sealed, PAPERS_SYNC_CRYPTO_ERROR_REPLAYED);
  assert_refused (key, "log/aaaaaaaaaaaaaaaa/8", sealed, PAPERS_SYNC_CRYPTO_ERROR_REPLAYED);
  opened = papers_sync_decrypt (key, "log/aaaaaaaaaaaaaaaa/7", sealed, &error);
  g_assert_no_error (error);

  /* Renaming inside the file is tampering: the name is authenticated */
  {
    gsize size;
    const guint8 *data = g_bytes_get_data (sealed, &size);
    g_autofree guint8 *copy = g_memdup2 (data, size);
    g_autoptr(GBytes) renamed = NULL;

    copy[8 + strlen ("log/")] = 'b';
    renamed = g_bytes_new (copy, size);
    assert_refused (key, "log/baaaaaaaaaaaaaaa/7", renamed, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED);
  }
}

/* A file of another library (another passphrase) */
static void
test_other_key (void)
{
  g_autoptr(PapersSyncKey) mine = new_key ("mine", NULL);
  g_autoptr(PapersSyncKey) theirs = new_key ("theirs", NULL);
  g_autoptr(GBytes) plain = pattern_bytes (10);
  g_autoptr(GBytes) sealed = papers_sync_encrypt (theirs, NAME, plain);

  assert_refused (mine, NAME, sealed, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/crypto/defaults", test_defaults);
  g_test_add_func ("/sync/crypto/roundtrip", test_roundtrip);
  g_test_add_func ("/sync/crypto/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/sync/crypto/bad-header", test_bad_header);
  g_test_add_func ("/sync/crypto/tampered", test_tampered);
  g_test_add_func ("/sync/crypto/truncated", test_truncated);
  g_test_add_func ("/sync/crypto/garbage", test_garbage);
  g_test_add_func ("/sync/crypto/replay", test_replay);
  g_test_add_func ("/sync/crypto/other-key", test_other_key);

  return g_test_run ();
}
